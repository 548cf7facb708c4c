"""Pilot tests of the daily flow: limits that say which one stopped, study more, today's limits, the break screen."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.widgets import DataTable, Input, Static

from backhip_learn.content.load import Library
from backhip_learn.store import Store
from backhip_learn.study.queue import Limits, set_today_limits, study_day, today_limits
from backhip_learn.tui.app import StudyApp
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.screens.home import HomeScreen
from backhip_learn.tui.screens.review import ReviewScreen
from backhip_learn.tui.screens.study_more import LimitsScreen, StudyMoreScreen
from backhip_learn.tui.screens.summary import SummaryScreen
from backhip_learn.tui.widgets.progress_header import ProgressHeader

from .helpers import NOW, record_notifications


def plain(widget: Static) -> str:
    """A Static's text."""
    content = widget.content
    return content.plain if isinstance(content, Text) else str(content)


def rows(home: HomeScreen) -> list[list[str]]:
    """The deck table's cells."""
    table = home.query_one(DataTable)
    return [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]


async def test_a_spent_limit_is_named_and_study_more_adds_cards(context: StudyContext, store: Store) -> None:
    set_today_limits(store, context.library, "fx-deck", study_day(NOW), new_per_day=1)
    app = StudyApp(lambda: HomeScreen(context), context=context)
    notes = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert rows(home)[1][:2] == ["Fixture", "1"]  # what is left today, not the unseen total
        await pilot.press("down", "enter")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.query_one(ProgressHeader).render().plain.rstrip().endswith("1 left")
        await pilot.press("enter", "4")  # Easy: no learning step comes back today
        assert isinstance(app.screen, SummaryScreen)
        text = plain(app.screen.query_one("#summary", Static))
        assert "Session complete" in text
        assert "New-card limit for Fixture reached (1 today)" in text
        await pilot.press("enter")
        assert app.screen is home and rows(home)[1][1] == "0"
        await pilot.press("enter")
        said = notes[-1]
        assert said == "New-card limit for Fixture reached (1 today): press m to study more, or run with --cram."
        assert not any("Well done" in m for m in notes)
        await pilot.press("m")
        more = app.screen
        assert isinstance(more, StudyMoreScreen)
        assert "New-card limit for Fixture" in plain(more.query_one("#more-reason", Static))
        await pilot.press("ctrl+a", "ctrl+k", "2", "enter")  # two extra new cards
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.backend.counts().new == 2
    assert today_limits(store, context.library, "fx-deck", study_day(NOW)).new_per_day == 3


async def test_todays_limits_are_changed_in_the_app(context: StudyContext, store: Store) -> None:
    app = StudyApp(lambda: HomeScreen(context), context=context)
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("down", "l")
        form = app.screen
        assert isinstance(form, LimitsScreen)
        assert form.query_one("#limit-new", Input).value == "20"
        await pilot.press("ctrl+a", "ctrl+k", "3", "tab", "ctrl+a", "ctrl+k", "9", "enter")
        assert app.screen is home
        assert rows(home)[1][1] == "3"
        await pilot.press("l", "escape")  # Esc changes nothing
        assert app.screen is home
    assert today_limits(store, context.library, "fx-deck", study_day(NOW)) == Limits(3, 9)


async def test_review_ahead_with_nothing_ahead_says_so(context: StudyContext) -> None:
    app = StudyApp(lambda: HomeScreen(context), context=context)
    notes = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "m", "tab", "enter")
        assert isinstance(app.screen, HomeScreen)
        assert notes[-1] == "No cards in Fixture due in the next 1 day."


async def test_forgotten_cards_session_takes_cards_rated_again(library: Library, store: Store) -> None:
    now = [NOW]
    context = StudyContext(library, store, clock=lambda: now[0], enable_fuzzing=False)
    app = StudyApp(lambda: HomeScreen(context), context=context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        first = review.item
        assert first is not None
        await pilot.press("enter", "1", "escape")  # Again: a learning card, back in a minute
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        text = plain(summary.query_one("#summary", Static))
        # Eight cards left: the fixture cloze is two (c1, c2).
        assert "Session complete" not in text and "Stopped: 8 cards and 1 learning left today" in text
        assert "w: go on" in text
        await pilot.press("enter")
        now[0] = NOW + timedelta(hours=2)
        await pilot.press("m", "tab", "tab", "enter")
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.backend.title == "Forgotten: Fixture"
        assert review.item is not None and review.item.id == first.id


async def test_the_break_screen_waits_for_the_next_learning_card(library: Library, store: Store) -> None:
    now = [NOW]
    context = StudyContext(library, store, clock=lambda: now[0], enable_fuzzing=False)
    only = [library.items[0].id]
    app = StudyApp(lambda: ReviewScreen(_backend(context, only)), context=context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "escape")  # Again: back in a minute; the learner stops here
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        text = plain(summary.query_one("#summary", Static))
        assert "Session complete" not in text
        assert "Break: 1 learning card comes back later today" in text and "Next due  in 1m, at 12:01" in text
        await pilot.press("w")
        assert summary.waiting and "Waiting: the next card opens when it is due" in plain(
            summary.query_one("#summary", Static))
        summary.poll()  # due within the learn-ahead window: the session goes on
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.item is not None and review.item.id == only[0]


def _backend(context: StudyContext, only: list[str]):  # type: ignore[no-untyped-def]
    from backhip_learn.tui.engine_backend import StoreBackend

    return StoreBackend(context.queue(None, only=only), title="One card", clock=context.clock)


def test_summary_offers_waiting_only_with_learning_cards_left() -> None:
    from backhip_learn.tui.backend import SessionSummary

    done = SummaryScreen(SessionSummary(cards=3), resume=lambda: None, ready=lambda: True)  # type: ignore[arg-type,return-value]
    assert done.check_action("wait", ()) is False
    later = SummaryScreen(SessionSummary(cards=3, learning_left=2, next_learning="in 25m, at 12:25"),
                          resume=lambda: None, ready=lambda: True)  # type: ignore[arg-type,return-value]
    assert later.check_action("wait", ()) is True
    assert later.text().plain.startswith("Break: 2 learning cards come back later today")
    assert "in 25m, at 12:25" in later.text().plain
