"""Pilot tests of the review screen: every item type, the Enter-Enter rule, undo, bury/suspend/flag."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.widgets import Input, Static

from backhip_learn.content.load import Library
from backhip_learn.store import Store
from backhip_learn.tui.app import StudyApp
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.engine_backend import StoreBackend
from backhip_learn.tui.preview_backend import PreviewBackend
from backhip_learn.tui.screens.preview import PreviewScreen
from backhip_learn.tui.screens.review import ReviewScreen
from backhip_learn.tui.widgets.choice_list import ChoiceList
from backhip_learn.tui.widgets.feedback_panel import FeedbackPanel
from backhip_learn.tui.widgets.grade_bar import GradeBar

from .helpers import FIXTURES, fixed_clock, matching_keys, ordering_keys, record_notifications, type_keys


def study_app(context: StudyContext) -> StudyApp:
    """The app on a review session of the whole fixture bank."""
    backend = StoreBackend(context.queue(None), title="Fixture", clock=fixed_clock)
    return StudyApp(lambda: ReviewScreen(backend, context.library.misconceptions), context=context)


def right_answers(library: Library) -> dict[str, list[str]]:
    """Keys that answer each fixture item correctly."""
    items = library.item_index
    return {
        "fx-basic": [],
        "fx-mcq": ["a"],
        "fx-multi": ["a", "b"],
        "fx-tf": ["f"],
        "fx-short": type_keys("L4 to S3"),
        # A cloze is one card per gap number: each asks its own gap and shows the other.
        "fx-cloze::c1": type_keys("piriformis"),
        "fx-cloze::c2": type_keys("sciatic"),
        "fx-match": matching_keys(items["fx-match"]),  # type: ignore[arg-type]
        "fx-order": ordering_keys(items["fx-order"]),  # type: ignore[arg-type]
    }


async def test_every_type_answered_right_shows_feedback_and_grades(context: StudyContext, store: Store) -> None:
    """Each type: keys -> Enter shows a right verdict, explanation, source and four intervals -> Enter saves."""
    answers = right_answers(context.library)
    app = study_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for n, (item_id, keys) in enumerate(answers.items(), start=1):
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            assert screen.item is not None and screen.item.id == item_id
            await pilot.press(*keys, "enter")
            assert screen.outcome is not None, item_id
            expected_correct = item_id != "fx-basic"  # a basic card is revealed, not checked
            assert screen.outcome.correct is True or not expected_correct, (item_id, screen.outcome)
            panel = screen.query_one(FeedbackPanel).text.plain
            assert screen.item.explanation in panel, item_id
            assert "Section: Piriformis muscle" in panel, item_id
            bar = screen.query_one(GradeBar)
            assert set(bar.intervals) == {1, 2, 3, 4}, item_id
            assert bar.suggested == 3, item_id  # right (or revealed) -> Good
            await pilot.press("enter")
            assert store.review_count() == n, item_id
            assert store.reviews(item_id=item_id)[-1].rating == 3
        counts = app.screen.backend.counts()  # type: ignore[attr-defined]
        assert (counts.new, counts.learning, counts.done) == (0, 9, 9)  # all nine now in their learning steps


async def test_wrong_answers_suggest_again_and_name_the_misconception(context: StudyContext, store: Store) -> None:
    """A wrong mcq pick shows its feedback and the misconception's correction; Enter saves Again."""
    app = study_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")  # basic
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("b", "enter")  # Iliopsoas: wrong
        assert screen.outcome is not None and not screen.outcome.correct
        panel = screen.query_one(FeedbackPanel).text.plain
        assert "No: it refers pain to the groin." in panel
        assert "It is the piriformis that lies over the sciatic nerve." in panel
        assert screen.query_one(GradeBar).suggested == 1
        await pilot.press("enter")
        last = store.reviews(item_id="fx-mcq")[-1]
        assert last.rating == 1 and last.misconceptions == ("fx-wrong-muscle",)


async def test_number_keys_override_the_suggested_grade(context: StudyContext, store: Store) -> None:
    """After checking, 4 saves Easy whatever was suggested; before checking, digits do nothing."""
    app = study_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")  # question side: no grade yet
        assert store.review_count() == 0
        await pilot.press("enter", "4")
        assert [r.rating for r in store.reviews()] == [4]


async def test_enter_enter_advances_every_card_and_saves_each(context: StudyContext, store: Store) -> None:
    """THE RULE: Enter, Enter on untouched cards reveals ("I don't know") and accepts; six times = six reviews."""
    app = study_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        seen = []
        for n in range(1, 7):
            screen = app.screen
            assert isinstance(screen, ReviewScreen) and screen.item is not None
            seen.append(screen.item.id)
            await pilot.press("enter", "enter")
            assert store.review_count() == n
    assert seen == ["fx-basic", "fx-mcq", "fx-multi", "fx-tf", "fx-short", "fx-cloze::c1"]
    ratings = [r.rating for r in store.reviews()]
    assert ratings == [3, 1, 1, 1, 1, 1]  # basic revealed -> Good; the rest don't-know -> Again
    assert all(r.outcome and r.outcome["dont_know"] for r in store.reviews()[1:])


async def test_typed_cards_take_letters_as_text(context: StudyContext, store: Store) -> None:
    """On a typed card b, f and ! are text; ctrl+b, ctrl+o and ctrl+f bury, suspend and flag even while typing."""
    app = study_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(4):
            await pilot.press("enter", "enter")
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.item is not None and screen.item.id == "fx-short"
        await pilot.press("b", "f", "exclamation_mark")
        assert screen.query_one(Input).value == "bf!"
        row = store.card("fx-short")
        assert row is None or (not row.suspended and row.flag == 0 and row.buried_until is None)
        await pilot.press("ctrl+f")
        assert store.card("fx-short").flag == 1  # type: ignore[union-attr]
        assert screen.query_one(Input).value == "bf!"  # the chord typed nothing
        await pilot.press("enter")
        assert screen.outcome is not None and not screen.outcome.correct
        assert "You typed:" in str(screen.query_one("#typed-diff", Static).content)


async def test_undo_restores_the_card_and_the_log(context: StudyContext, store: Store) -> None:
    """u takes back the last grade (the card comes back); ctrl+z does the same."""
    app = study_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter", "a", "enter", "enter")
        assert store.review_count() == 2
        await pilot.press("u")
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.item is not None
        assert screen.item.id == "fx-mcq" and screen.outcome is None
        assert store.review_count() == 1
        await pilot.press("ctrl+z")
        assert screen.item.id == "fx-basic" and store.review_count() == 0
        assert store.card("fx-basic") is None or store.card("fx-basic").card.is_new  # type: ignore[union-attr]
        await pilot.press("u")  # nothing left to undo: stays put
        assert screen.item.id == "fx-basic"


async def test_bury_suspend_flag(context: StudyContext, store: Store) -> None:
    """ctrl+b buries the basic card, ctrl+o suspends the mcq, ctrl+f flags the multi and unflags it."""
    app = study_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("ctrl+b")
        assert store.card("fx-basic").buried_until is not None  # type: ignore[union-attr]
        assert screen.item is not None and screen.item.id == "fx-mcq"
        await pilot.press("ctrl+o")
        assert store.card("fx-mcq").suspended  # type: ignore[union-attr]
        assert screen.item.id == "fx-multi"
        await pilot.press("ctrl+f")
        assert store.card("fx-multi").flag == 1  # type: ignore[union-attr]
        assert screen.item.id == "fx-multi"  # flagging keeps the card
        await pilot.press("ctrl+f")
        assert store.card("fx-multi").flag == 0  # type: ignore[union-attr]
        assert store.review_count() == 0


async def test_undo_takes_back_flag_suspend_and_bury_in_turn(context: StudyContext, store: Store) -> None:
    """Undo after a suspend unsuspends (it never undoes the grade before it); then the bury, then the grade."""
    app = study_app(context)
    notes = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("enter", "enter")  # the basic card graded Good
        await pilot.press("ctrl+b")  # the mcq buried
        assert screen.item is not None and screen.item.id == "fx-multi"
        await pilot.press("ctrl+f", "ctrl+o")  # the multi flagged, then suspended
        assert store.card("fx-multi").suspended and store.card("fx-multi").flag == 1  # type: ignore[union-attr]
        await pilot.press("u")
        assert not store.card("fx-multi").suspended and screen.item.id == "fx-multi"  # type: ignore[union-attr]
        assert "Suspend undone." in notes
        await pilot.press("u")
        assert store.card("fx-multi").flag == 0 and screen.item.id == "fx-multi"  # type: ignore[union-attr]
        await pilot.press("u")
        assert store.card("fx-mcq").buried_until is None and screen.item.id == "fx-mcq"  # type: ignore[union-attr]
        assert store.review_count() == 1  # the grade is still there
        await pilot.press("u")
        assert screen.item.id == "fx-basic" and store.review_count() == 0


async def test_option_letters_never_bury_or_flag(context: StudyContext, store: Store) -> None:
    """On the mcq, b picks option B on the question side and does nothing on the answer side."""
    app = study_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter", "b")
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.item is not None and screen.item.id == "fx-mcq"
        await pilot.press("enter", "b", "f", "exclamation_mark")
        row = store.card("fx-mcq")
        assert row is None or (row.buried_until is None and row.flag == 0 and not row.suspended)
        assert screen.item.id == "fx-mcq" and screen.outcome is not None


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_content_is_shown_literally(context: StudyContext, size: tuple[int, int]) -> None:
    """Square brackets and HTML in the bank are text, not markup."""
    app = study_app(context)
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        prompt = screen.query_one("#prompt", Static).content
        assert isinstance(prompt, Text)
        assert "[bold]x[/bold]" in prompt.plain and "<b>tags</b>" in prompt.plain
        await pilot.press("enter")
        back = screen.query_one("#basic-back", Static).content
        assert isinstance(back, Text) and back.plain == "Back side [red]text[/red]"
        svg = app.export_screenshot()
        assert "[bold]x[/bold]" in svg.replace("&#160;", " ")


async def test_help_lists_every_key_and_the_disclaimer(context: StudyContext) -> None:
    """? opens the key list (with the disclaimer); Escape closes it; ctrl+t switches theme."""
    app = study_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert app.screen.__class__.__name__ == "HelpScreen"
        rows = {key: what for _, section in app.screen.key_rows() for key, what in section}  # type: ignore[attr-defined]
        for key in ("Enter", "u, ctrl+z", "ctrl+b", "ctrl+o", "ctrl+f", "1 2 3 4", "1", "4", "ctrl+t", "Esc", "?, F1", "A-F", "T / F"):
            assert key in rows, key
        disclaimer = app.screen.query_one("#help-disclaimer", Static).content
        assert isinstance(disclaimer, Text) and "not medical advice" in disclaimer.plain
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
        before = app.theme
        await pilot.press("ctrl+t")
        assert app.theme != before


async def test_escape_ends_with_a_summary(context: StudyContext, store: Store) -> None:
    """Escape shows the session summary: cards, accuracy, time, next due."""
    app = study_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter", "a", "enter", "enter", "escape")
        assert app.screen.__class__.__name__ == "SummaryScreen"
        text = app.screen.query_one("#summary", Static).content
        assert isinstance(text, Text)
        assert "Cards     2" in text.plain and "Accuracy  100%" in text.plain
        assert "Next due  in 10m" in text.plain or "Next due  in 1m" in text.plain
        await pilot.press("enter")
    assert app.return_code == 0


def preview_app(item_id: str) -> tuple[StudyApp, PreviewBackend]:
    """The preview of the fixture bank, starting at one item."""
    backend = PreviewBackend(FIXTURES / "bank.yaml")
    assert backend.jump(item_id)
    return StudyApp(lambda: PreviewScreen(backend)), backend


async def test_cloze_gaps_show_a_diff_and_count_a_typo() -> None:
    """A one-letter slip in a long word counts (Hard suggested); a wrong gap shows what was expected."""
    app, _ = preview_app("fx-cloze")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*type_keys("pirifromis"), "tab", *type_keys("tibial"), "enter")
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.outcome is not None
        assert [p.correct for p in screen.outcome.parts] == [True, False]
        assert screen.outcome.score == 0.5 and screen.query_one(GradeBar).suggested == 1
        notes = [str(s.content) for s in screen.query(".cloze-diff").results(Static)]
        assert len(notes) == 2 and "✓" in notes[0] and "✗" in notes[1]
        assert "Partly right (50%)" in screen.query_one(FeedbackPanel).text.plain


async def test_matching_leaves_open_rows_open_and_ordering_untouched_means_dont_know() -> None:
    """Pairing one row then Enter leaves the other rows open (scoring nothing); an untouched ordering is don't-know."""
    app, backend = preview_app("fx-match")
    item = backend.library.item_index["fx-match"]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(matching_keys(item)[0], "enter")  # type: ignore[arg-type]
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.outcome is not None
        assert screen.outcome.parts[0].correct and not screen.outcome.dont_know
        assert len(screen.outcome.parts) == 3
        assert [p.given for p in screen.outcome.parts[1:]] == ["", ""]
        assert [p.correct for p in screen.outcome.parts] == [True, False, False]
        await pilot.press("enter")
        assert screen.item is not None and screen.item.id == "fx-order"
        await pilot.press("down", "enter")  # moving the cursor is not answering
        assert screen.outcome is not None and screen.outcome.dont_know
        assert screen.query_one(GradeBar).suggested == 1


async def test_multi_partial_credit_suggests_again_and_shows_the_missed_option() -> None:
    """One of two right options: partly right, but Again (half is not a pass); the missed one is marked and explained."""
    app, _ = preview_app("fx-multi")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", "enter")
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.outcome is not None
        assert not screen.outcome.correct and screen.outcome.score == 0.5
        assert screen.query_one(GradeBar).suggested == 1
        panel = screen.query_one(FeedbackPanel).text.plain
        [missed] = [p for p in screen.outcome.parts if p.is_answer and not p.selected]
        letter = screen.query_one("#question", ChoiceList).labels()[missed.index]
        assert f"Missed {letter}: {missed.feedback}" in panel  # named by its letter on screen, and explained
        assert missed.feedback


@pytest.mark.parametrize("item_id", ["fx-mcq", "fx-multi", "fx-tf", "fx-short", "fx-cloze", "fx-match", "fx-order"])
async def test_the_first_card_has_the_keys_without_a_key_press(item_id: str) -> None:
    """The screen's first card is composed with it and focused by Textual (AUTO_FOCUS), inputs included."""
    app, _ = preview_app(item_id)
    async with app.run_test(size=(80, 24)):
        question = app.screen.query_one("#question")
        focused = app.focused
        assert focused is not None and (focused is question or focused in question.query(Input))
        if isinstance(focused, Input):
            assert focused.id in ("typed-input", "gap-0")  # a short answer's input, or the first gap


async def test_the_composed_first_card_looks_like_any_other() -> None:
    """The first card is written into the widgets as they are composed: same state as a card shown later."""
    app, _ = preview_app("fx-mcq")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        first = (str(screen.query_one("#meta", Static).content), str(screen.query_one("#prompt", Static).content),
                 screen.query_one(GradeBar).hint, screen.query_one(FeedbackPanel).display)
        assert not first[3]  # no empty feedback panel on the question side
        await pilot.press("enter", "enter", "u")  # check, grade, undo: the same card shown the usual way
        assert screen.item is not None and screen.item.id == "fx-mcq" and screen.outcome is None
        again = (str(screen.query_one("#meta", Static).content), str(screen.query_one("#prompt", Static).content),
                 screen.query_one(GradeBar).hint, screen.query_one(FeedbackPanel).display)
        assert again == first


async def test_options_are_shuffled_anew_for_each_showing(context: StudyContext, store: Store) -> None:
    """A card that comes back is drawn with a new seed (item and showing): its options, pairs or steps move."""
    from backhip_learn.study.grading import shuffled_steps
    from backhip_learn.tui.widgets.question import Question

    ordering = context.library.item_index["fx-order"]
    assert len({shuffled_steps(ordering, n) for n in range(4)}) > 1  # a new showing, a new order
    app = study_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("ctrl+b")  # the basic card out of the way
        assert screen.item is not None and screen.item.id == "fx-mcq"
        assert screen.query_one(Question).seed == 0
        await pilot.press("enter", "1")  # Again: back within the learn-ahead window
        while screen.item is not None and screen.item.id != "fx-mcq":
            await pilot.press("ctrl+b")
        assert screen.query_one(Question).seed == 1  # its second showing
        for _ in range(8):  # ctrl+z (u is a letter on typed cards): the buries, then the grade
            if not store.review_count():
                break
            await pilot.press("ctrl+z")
        assert screen.item is not None and screen.item.id == "fx-mcq" and screen.query_one(Question).seed == 0


@pytest.mark.parametrize(("typed", "diff_shown"), [("L4-S2", True), ("femoral", False), ("L4-S3", False)])
async def test_you_typed_shows_exactly_what_was_typed(typed: str, diff_shown: bool) -> None:
    """"You typed:" is the typed text verbatim; a close miss gets a separate diff line, a far miss or a hit none."""
    app, _ = preview_app("fx-short")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*type_keys(typed), "enter")
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.outcome is not None
        lines = str(screen.query_one("#typed-diff", Static).content).splitlines()
        assert lines[0] == f"You typed: {typed}"
        against = [line for line in lines if line.startswith("Against ")]
        assert bool(against) == diff_shown
        if diff_shown:
            assert against[0].startswith('Against "L4-S3": ')
