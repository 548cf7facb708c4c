"""An item's clinical note reaches the learner, marked as beyond the article, as literal text."""

from __future__ import annotations

from dataclasses import replace

from rich.console import Console

from backhip_learn.content.load import Library
from backhip_learn.content.model import NOTE_LABEL
from backhip_learn.store import Store
from backhip_learn.study.exam import draw_exam
from backhip_learn.tui.app import StudyApp
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.engine_backend import StoreBackend
from backhip_learn.tui.screens.exam import ExamScreen
from backhip_learn.tui.screens.exam_result import ExamResultScreen, WrongAnswer
from backhip_learn.tui.screens.review import ReviewScreen
from backhip_learn.tui.widgets.feedback_panel import FeedbackPanel

from .helpers import fixed_clock

# Square brackets: Rich markup would swallow "[b]" and "[/b]"; the note must show them as written.
NOTE = "New [b]saddle[/b] numbness needs same-day assessment."


def with_note(library: Library, item_id: str) -> Library:
    """The library with a note on one item."""
    noted = replace(library.item_index[item_id], note=NOTE)
    library.items = [noted if i.id == item_id else i for i in library.items]
    library.item_index[item_id] = noted
    return library


async def test_the_feedback_panel_shows_the_note_after_the_answer(library: Library, store: Store) -> None:
    context = StudyContext(with_note(library, "fx-basic"), store, clock=fixed_clock, enable_fuzzing=False)
    backend = StoreBackend(context.queue(None), title="Fixture", clock=fixed_clock)
    app = StudyApp(lambda: ReviewScreen(backend, context.library.misconceptions), context=context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.item is not None and screen.item.id == "fx-basic"
        assert NOTE not in screen.query_one(FeedbackPanel).text.plain  # not before the answer
        await pilot.press("enter")  # reveal
        panel = screen.query_one(FeedbackPanel).text.plain
        assert f"{NOTE_LABEL} {NOTE}" in panel
        assert panel.index(screen.item.explanation) < panel.index(NOTE_LABEL)  # after the why
        await pilot.press("enter", "enter")  # the next card (mcq), answered: no note of its own
        await pilot.press("a", "enter")
        assert NOTE_LABEL not in screen.query_one(FeedbackPanel).text.plain


async def test_exam_results_show_the_note_of_a_wrong_answer(library: Library, store: Store) -> None:
    context = StudyContext(with_note(library, "fx-tf"), store, clock=fixed_clock, enable_fuzzing=False)
    exam = context.library.exam("fx-exam")
    assert exam is not None
    paper = draw_exam(context.library, exam, seed=1)
    app = StudyApp(lambda: ExamScreen(paper, store, context.library.misconceptions, fixed_clock), context=context)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a", "enter", "t", "enter", "enter")  # right, wrong (fx-tf), blank
        await pilot.pause()
        await pilot.press("h")  # the question list opens on the last Enter: hand in
        await pilot.pause()
        result = app.screen
        assert isinstance(result, ExamResultScreen)
        console = Console(width=200, record=True)
        texts = {}
        for w in result.query(WrongAnswer).results(WrongAnswer):
            console.print(w.content)
            texts[w.item.id] = " ".join(console.export_text().split())
        assert f"{NOTE_LABEL} {NOTE}" in texts["fx-tf"]
        assert NOTE_LABEL not in texts["fx-short"]
