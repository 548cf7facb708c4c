"""Pilot tests of the other screens: exam to its result, preview reload, home, statistics."""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import replace
from pathlib import Path

from rich.console import Console
from rich.text import Text
from textual.widgets import DataTable, Static

from backhip_learn.store import Store
from backhip_learn.study.exam import draw_exam
from backhip_learn.study.grading import Choices
from backhip_learn.tui.app import StudyApp
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.preview_backend import PreviewBackend
from backhip_learn.tui.screens.exam import ExamScreen
from backhip_learn.tui.screens.exam_navigator import ConfirmQuit, ExamNavigator
from backhip_learn.tui.screens.exam_result import ExamResultScreen, WrongAnswer
from backhip_learn.tui.screens.exam_start import ExamStartScreen, exam_facts
from backhip_learn.tui.screens.home import HomeScreen
from backhip_learn.tui.screens.preview import PreviewScreen
from backhip_learn.tui.screens.review import ReviewScreen
from backhip_learn.tui.screens.stats import StatsScreen
from backhip_learn.tui.widgets.progress_header import ProgressHeader

from .helpers import FIXTURES, fixed_clock, type_keys


def plain(widget: Static) -> str:
    """A Static's text."""
    content = widget.content
    return content.plain if isinstance(content, Text) else str(content)


def exam_app(context: StudyContext, *, immediate: bool = False) -> StudyApp:
    """The fixture exam (mcq, true/false, short; not shuffled)."""
    exam = context.library.exam("fx-exam")
    assert exam is not None
    if immediate:
        exam = replace(exam, feedback="immediate")
    paper = draw_exam(context.library, exam, seed=1)
    assert [i.id for i in paper.items] == ["fx-mcq", "fx-tf", "fx-short"]
    return StudyApp(lambda: ExamScreen(paper, context.store, context.library.misconceptions, fixed_clock),
                    context=context)


async def test_exam_runs_to_its_result_and_is_saved(context: StudyContext, store: Store) -> None:
    """Right, wrong, blank: no feedback on the way; 33.3%, not passed, per part, wrong ones explained, saved."""
    app = exam_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        await pilot.press("a", "enter")
        assert screen.index == 1 and not screen.outcomes  # straight on, no feedback
        await pilot.press("t", "enter", "enter")  # True is wrong; the short answer left blank
        await pilot.pause()
        navigator = app.screen  # Enter on the last question lists them all, to hand in
        assert isinstance(navigator, ExamNavigator)
        summary = plain(navigator.query_one("#navigator-summary", Static))
        assert "2 of 3 answered" in summary and "1 open" in summary
        await pilot.press("h")
        await pilot.pause()
        result = app.screen
        assert isinstance(result, ExamResultScreen)
        verdict = plain(result.query_one("#verdict", Static))
        assert "33.3%" in verdict and "NOT PASSED" in verdict and "1 of 3 right" in verdict
        wrong = list(result.query(WrongAnswer).results(WrongAnswer))
        assert [(w.item.id, w.given, w.expected) for w in wrong] == [
            ("fx-tf", "True", "False"), ("fx-short", "(no answer)", "L4-S3")]
        await pilot.press("n")
        assert result.current == 0
    saved = store.exam_results()
    assert len(saved) == 1 and saved[0].exam_id == "fx-exam" and not saved[0].passed
    assert round(saved[0].score, 3) == 0.333


async def test_exam_with_immediate_feedback_shows_it_after_each_answer(context: StudyContext) -> None:
    """`feedback: immediate`: Enter shows the verdict, Enter again goes on."""
    app = exam_app(context, immediate=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        await pilot.press("a", "enter")
        assert screen.outcomes[0].correct and screen.index == 0
        await pilot.press("enter")
        assert screen.index == 1 and 1 not in screen.outcomes
        await pilot.press(*type_keys("x"), "escape")  # Escape lists the questions; Escape again goes back
        assert isinstance(app.screen, ExamNavigator)
        await pilot.press("escape")
        assert app.screen is screen and screen.index == 1
        await pilot.press("escape", "h")  # h hands in from the list
        await pilot.pause()
        assert isinstance(app.screen, ExamResultScreen)


async def test_exam_start_screen_then_back_skip_mark_and_answers_kept(context: StudyContext, store: Store) -> None:
    """The start screen shows the facts and starts the clock on Enter; answers survive going back and forth."""
    exam = context.library.exam("fx-exam")
    assert exam is not None
    paper = draw_exam(context.library, exam, seed=1)
    app = StudyApp(lambda: ExamStartScreen(paper, context.store, context.library.misconceptions, fixed_clock),
                   context=context)
    async with app.run_test(size=(80, 24)) as pilot:
        start = app.screen
        assert isinstance(start, ExamStartScreen)
        assert start.query_one("#exam-start-facts", Static).content is not None
        console = Console(width=80, file=io.StringIO())
        console.print(exam_facts(paper))
        facts = console.file.getvalue()  # type: ignore[attr-defined]
        assert re.search(r"Questions +3", facts) and re.search(rf"Pass mark +{exam.pass_mark}%", facts)
        assert "counted from Enter" in facts or "no time limit" in facts
        assert not store.exam_results()
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        await pilot.press("a", "ctrl+n")  # answer the first, then skip on
        await pilot.press("ctrl+r")  # mark the second for review
        assert screen.marked == {1}
        await pilot.press("ctrl+p")  # back to the first: its answer is still there
        assert screen.index == 0 and screen.answered(0)
        assert screen.responses()["fx-mcq"] == Choices((0,))
        await pilot.press("ctrl+g")
        navigator = app.screen
        assert isinstance(navigator, ExamNavigator)
        summary = plain(navigator.query_one("#navigator-summary", Static))
        assert "1 of 3 answered" in summary and "1 marked for review" in summary
        await pilot.press("down", "down", "enter")  # jump to question 3
        assert app.screen is screen and screen.index == 2


async def test_quitting_an_exam_asks_and_saves_the_attempt_as_abandoned(context: StudyContext, store: Store) -> None:
    """ctrl+q mid-exam: n goes back; y quits and the attempt is kept as abandoned (not passed, not taken)."""
    app = exam_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        await pilot.press("a", "enter", "ctrl+q")
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press("n")
        assert app.screen is screen and not store.exam_results()
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
    [saved] = store.exam_results()
    assert saved.abandoned and not saved.passed and saved.exam_id == "fx-exam"


async def test_exam_help_lists_exam_keys_only(context: StudyContext) -> None:
    """? in an exam lists its own keys, never grades, undo, bury or flag."""
    from backhip_learn.tui.screens.help import HelpScreen

    app = exam_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        text = " ".join(what for _, rows in help_screen.key_rows() for _, what in rows)
        assert "mark or unmark" in text and "previous / next question" in text
        for study_only in ("undo", "bury", "Again", "flag"):
            assert study_only not in text, study_only


async def test_preview_reload_shows_problems_then_recovers(tmp_path: Path) -> None:
    """r re-reads the file: a broken edit lists file:line problems in the app; a fix clears them."""
    bank = tmp_path / "bank.yaml"
    shutil.copy(FIXTURES / "bank.yaml", bank)
    good = bank.read_text("utf-8")
    backend = PreviewBackend(bank)
    app = StudyApp(lambda: PreviewScreen(backend))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        assert not screen.query_one("#problems").has_class("shown")
        await pilot.press("enter", "enter")  # walk one item
        assert screen.item is not None and screen.item.id == "fx-mcq"
        bank.write_text(good.replace("    type: mcq\n", "    type: mcq\n    bogus_key: 1\n"), "utf-8")
        await pilot.press("r")
        panel = screen.query_one("#problems", Static)
        assert panel.has_class("shown")
        assert f"{bank}:" in plain(panel) and "bogus_key" in plain(panel)
        bank.write_text(good.replace("Which muscle can", "Which single muscle can"), "utf-8")
        await pilot.press("r")
        assert not panel.has_class("shown")
        assert screen.item is not None and screen.item.id == "fx-mcq"  # kept its place
        assert "Which single muscle can" in plain(screen.query_one("#prompt", Static))
    assert not (tmp_path / "progress.sqlite3").exists()


async def test_preview_shows_a_flag_in_the_header_and_says_what_undo_took_back(tmp_path: Path) -> None:
    """The preview's backend answers the review screen's questions as the study backend does (typed, no getattr)."""
    bank = tmp_path / "bank.yaml"
    shutil.copy(FIXTURES / "bank.yaml", bank)
    backend = PreviewBackend(bank)
    app = StudyApp(lambda: PreviewScreen(backend))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        header = screen.query_one(ProgressHeader)
        assert "flagged" not in header.render().plain
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert "⚑ flagged" in header.render().plain
        assert screen.seed(screen.item) == 0  # the instructor sees one order of the options
        assert backend.ready() is False


async def test_preview_keeps_the_session_through_a_syntax_error_and_reloads_once_fixed(tmp_path: Path) -> None:
    """A half-saved edit (a YAML syntax error) neither ends the session nor stops `r`: the problems show, the card stays."""
    bank = tmp_path / "bank.yaml"
    shutil.copy(FIXTURES / "bank.yaml", bank)
    good = bank.read_text("utf-8")
    backend = PreviewBackend(bank)
    app = StudyApp(lambda: PreviewScreen(backend))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.press("enter", "enter")
        assert screen.item is not None and screen.item.id == "fx-mcq"  # type: ignore[attr-defined]
        bank.write_text(good.replace("    type: mcq\n", "    type: mcq\n   broken: [\n"), "utf-8")
        await pilot.press("r")
        panel = screen.query_one("#problems", Static)
        assert panel.has_class("shown") and "E002" in plain(panel)
        assert app.screen is screen and screen.item.id == "fx-mcq"  # type: ignore[attr-defined]
        assert len(backend.items) > 1  # the session keeps the last good reading
        await pilot.press("r")  # still broken: still shown, still here
        assert panel.has_class("shown") and app.screen is screen
        bank.write_text(good.replace("Which muscle can", "Which single muscle can"), "utf-8")
        await pilot.press("r")
        assert not panel.has_class("shown")
        assert "Which single muscle can" in plain(screen.query_one("#prompt", Static))


async def test_home_lists_decks_and_studies_the_selected_one(context: StudyContext, store: Store) -> None:
    """Home shows All cards and the deck with counts; Enter studies; the summary returns home, recounted."""
    app = StudyApp(lambda: HomeScreen(context), context=context)
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one(DataTable)
        rows = [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]
        assert rows[0] == ["All cards", "9", "0", "0"]  # eight items, the cloze two cards (c1, c2)
        assert rows[1] == ["Fixture", "9", "0", "0"]
        assert "not medical advice" in plain(home.query_one("#disclaimer", Static))
        await pilot.press("down", "enter")
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.backend.title == "Fixture"
        await pilot.press("enter", "enter", "escape", "enter")
        assert app.screen is home
        rows = [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]
        assert rows[1] == ["Fixture", "8", "1", "0"]
    assert store.review_count() == 1


async def test_stats_screen_shows_every_section(context: StudyContext, store: Store) -> None:
    """Forecast, retention, mastery, misconceptions (with the correction) and exam history."""
    from backhip_learn.study.grading import Choices, grade
    from backhip_learn.study.scheduling import Scheduling

    mcq = context.library.item_index["fx-mcq"]
    outcome = grade(mcq, Choices((1,)))
    store.record_review("fx-mcq", 1, fixed_clock(), Scheduling(enable_fuzzing=False), outcome=outcome.to_dict())
    app = StudyApp(lambda: StatsScreen(context), context=context)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = "\n".join(plain(s) for s in app.screen.query(Static).results(Static))
        from backhip_learn.tui.widgets.bars import BarChart

        sections = list(app.screen.query(BarChart).results(BarChart))[-1]
        assert [r[0] for r in sections.rows] == ["Piriformis muscle"]
        for part in ("Reviews 1", "Due in the next 14 days", "By section",
                     "The iliopsoas traps the sciatic nerve", "It is the piriformis that lies over the sciatic nerve.",
                     "Exam history"):
            assert part in text, part


async def test_the_countdown_hands_the_exam_in_at_zero(context: StudyContext, store: Store) -> None:
    """When the clock runs out the exam is scored and saved with what was answered."""
    import time

    app = exam_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ExamScreen) and screen.deadline is not None
        await pilot.press("a", "enter")
        screen.deadline = time.monotonic() - 1  # as if ten minutes had passed
        screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, ExamResultScreen)
    [saved] = store.exam_results()
    assert round(saved.score, 3) == 0.333  # the mcq right, the other two unanswered
