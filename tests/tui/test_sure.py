"""Pilot tests of ctrl+s, "I'm sure": right -> Easy, wrong -> Again plus a plain "sure but wrong", reset per card."""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Input

from backhip_learn.store import Store
from backhip_learn.tui.app import StudyApp
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.engine_backend import StoreBackend
from backhip_learn.tui.screens.review import ReviewScreen
from backhip_learn.tui.widgets.feedback_panel import FeedbackPanel
from backhip_learn.tui.widgets.grade_bar import GradeBar

from .helpers import fixed_clock, type_keys

SURE_BUT_WRONG = "You were sure, but this was wrong"


def study_app(context: StudyContext) -> StudyApp:
    """The app on a review session of the whole fixture bank (basic card first, then the mcq)."""
    backend = StoreBackend(context.queue(None), title="Fixture", clock=fixed_clock)
    return StudyApp(lambda: ReviewScreen(backend, context.library.misconceptions), context=context)


def review_screen(app: StudyApp, item_id: str) -> ReviewScreen:
    """The review screen, asserting which card it shows."""
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    assert screen.item is not None and screen.item.id == item_id, screen.item
    return screen


def hint(screen: ReviewScreen) -> str:
    """The question-side hint line."""
    return screen.query_one(GradeBar).hint


async def test_sure_and_right_suggests_easy_and_enter_records_it(context: StudyContext, store: Store) -> None:
    """mcq: ctrl+s shows "sure ✓", a right pick then suggests Easy, and Enter saves rating 4."""
    app = study_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")  # the basic card, untouched: Good
        screen = review_screen(app, "fx-mcq")
        assert "ctrl+s sure" in hint(screen) and "sure ✓" not in hint(screen)
        await pilot.press("ctrl+s")
        assert screen.sure and "sure ✓" in hint(screen)
        await pilot.press("a", "enter")
        assert screen.outcome is not None and screen.outcome.correct and screen.outcome.sure is True
        assert screen.query_one(GradeBar).suggested == 4
        assert "Enter: Easy (suggested)" in hint(screen)
        assert SURE_BUT_WRONG not in screen.query_one(FeedbackPanel).text.plain
        await pilot.press("enter")
        last = store.reviews(item_id="fx-mcq")[-1]
        assert last.rating == 4
        assert last.outcome is not None and last.outcome["sure"] is True
        nxt = review_screen(app, "fx-multi")
        assert not nxt.sure and "ctrl+s sure" in hint(nxt)  # reset for the next card


async def test_sure_and_wrong_suggests_again_and_says_so(context: StudyContext, store: Store) -> None:
    """mcq: sure, then a wrong pick: Again as always, and the feedback says the learner was sure but wrong."""
    app = study_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        screen = review_screen(app, "fx-mcq")
        await pilot.press("ctrl+s", "b", "enter")
        assert screen.outcome is not None and not screen.outcome.correct
        assert screen.query_one(GradeBar).suggested == 1
        panel = screen.query_one(FeedbackPanel).text.plain
        assert SURE_BUT_WRONG in panel
        assert "Your choice: No: it refers pain to the groin." in panel  # the usual feedback is still there
        await pilot.press("enter")
        assert store.reviews(item_id="fx-mcq")[-1].rating == 1


async def test_toggling_twice_is_not_sure(context: StudyContext, store: Store) -> None:
    """ctrl+s twice takes it back: a right pick suggests Good, and no "sure" is stored."""
    app = study_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        screen = review_screen(app, "fx-mcq")
        await pilot.press("ctrl+s", "ctrl+s")
        assert not screen.sure and "sure ✓" not in hint(screen)
        await pilot.press("a", "enter")
        assert screen.outcome is not None and screen.outcome.sure is None
        assert screen.query_one(GradeBar).suggested == 3
        await pilot.press("enter")
        assert store.reviews(item_id="fx-mcq")[-1].rating == 3


async def test_sure_works_while_a_typed_answer_has_focus(context: StudyContext, store: Store) -> None:
    """Short answer: ctrl+s while the Input has focus toggles sure and types nothing; right -> Easy saved."""
    app = study_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(4):  # basic, mcq, multi, true/false: Enter, Enter
            await pilot.press("enter", "enter")
        screen = review_screen(app, "fx-short")
        field = screen.query_one(Input)
        assert app.focused is field
        await pilot.press(*type_keys("L4 to"), "ctrl+s", *type_keys(" S3"))
        assert app.focused is field and field.value == "L4 to S3"
        assert screen.sure and "sure ✓" in hint(screen)
        await pilot.press("enter")
        assert screen.outcome is not None and screen.outcome.correct
        assert screen.query_one(GradeBar).suggested == 4
        await pilot.press("enter")
        assert store.reviews(item_id="fx-short")[-1].rating == 4


async def test_sure_but_wrong_on_a_typed_card(context: StudyContext, store: Store) -> None:
    """Short answer typed wrong while sure: Again, and the plain "sure but wrong" line."""
    app = study_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(4):
            await pilot.press("enter", "enter")
        screen = review_screen(app, "fx-short")
        await pilot.press("ctrl+s", *type_keys("L5"), "enter")
        assert screen.outcome is not None and not screen.outcome.correct
        assert screen.query_one(GradeBar).suggested == 1
        assert SURE_BUT_WRONG in screen.query_one(FeedbackPanel).text.plain
        await pilot.press("enter")
        assert store.reviews(item_id="fx-short")[-1].rating == 1


async def test_ctrl_s_does_nothing_on_the_answer_side(context: StudyContext, store: Store) -> None:
    """After checking, ctrl+s changes neither the suggestion nor the state; Enter still accepts Good."""
    app = study_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        screen = review_screen(app, "fx-mcq")
        await pilot.press("a", "enter", "ctrl+s")
        assert not screen.sure and screen.query_one(GradeBar).suggested == 3
        await pilot.press("enter")
        assert store.reviews(item_id="fx-mcq")[-1].rating == 3


async def test_help_lists_ctrl_s(context: StudyContext) -> None:
    """The help screen names ctrl+s among the review screen's keys."""
    app = study_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        rows = {key: what for _, section in app.screen.key_rows() for key, what in section}  # type: ignore[attr-defined]
        assert "ctrl+s" in rows and "sure" in rows["ctrl+s"]


async def test_every_hint_fits_one_line_at_80_columns(context: StudyContext) -> None:
    """Question-side hints, sure or not, for every item type fit the grade bar's 78 columns (no wrap at 80x24)."""
    app = study_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        for item in context.library.items:
            for sure in (False, True):
                screen.sure = sure
                text = screen._enter_hint(item)
                assert ("sure ✓" in text) is sure, (item.type, text)
                assert cell_len(text) <= 78, (item.type, sure, text)
