"""Pilot tests of the card browser: search, history, unsuspend / unflag / unbury / reset, $EDITOR."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import DataTable, Static

from backhip_learn.store import Store
from backhip_learn.study.grading import Choices, grade, response_to_dict
from backhip_learn.study.scheduling import Scheduling
from backhip_learn.tui.app import StudyApp
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.engine_backend import StoreBackend
from backhip_learn.tui.screens.browser import BrowserScreen, editor_command
from backhip_learn.tui.screens.home import HomeScreen
from backhip_learn.tui.screens.review import ReviewScreen

from .helpers import NOW, record_notifications, type_keys


def table_ids(screen: BrowserScreen) -> list[str]:
    """The card ids listed."""
    table = screen.query_one(DataTable)
    return [str(table.get_row_at(r)[0]) for r in range(table.row_count)]


def detail(screen: BrowserScreen) -> str:
    """The detail pane as plain text."""
    console = Console(width=120, record=True)
    console.print(screen.query_one("#browse-card", Static).content)
    return console.export_text()


async def test_search_and_the_actions(context: StudyContext, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    store.suspend("fx-tf")
    store.flag("fx-multi", 1)
    store.bury("fx-short", NOW + timedelta(hours=10))
    app = StudyApp(lambda: HomeScreen(context), context=context)
    notes = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("B")
        screen = app.screen
        assert isinstance(screen, BrowserScreen)
        assert len(table_ids(screen)) == len(context.library.items)
        await pilot.press("slash", *type_keys("is:suspended"), "enter")
        assert table_ids(screen) == ["fx-tf"]
        await pilot.press("s")
        assert not store.card("fx-tf").suspended  # type: ignore[union-attr]
        assert "suspended" not in str(screen.query_one(DataTable).get_row_at(0)[1])
        await pilot.press("slash", "ctrl+a", "ctrl+k", *type_keys("is:flagged"), "enter")
        assert table_ids(screen) == ["fx-multi"]
        await pilot.press("f")
        assert store.card("fx-multi").flag == 0  # type: ignore[union-attr]
        await pilot.press("slash", "ctrl+a", "ctrl+k", *type_keys("is:buried"), "enter")
        assert table_ids(screen) == ["fx-short"]
        await pilot.press("b")
        assert store.card("fx-short").buried_until is None  # type: ignore[union-attr]
        await pilot.press("e")
        assert any(m.startswith("$EDITOR is not set: the item is at ") and m.endswith("bank.yaml:" + m.rsplit(":", 1)[1])
                   for m in notes)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_history_and_reset(context: StudyContext, store: Store) -> None:
    mcq = context.library.item_index["fx-mcq"]
    sched = Scheduling(enable_fuzzing=False)
    for k, (pick, rating) in enumerate([((1,), 1), ((0,), 3)]):
        response = Choices(pick)
        store.record_review("fx-mcq", rating, NOW - timedelta(days=2) + timedelta(minutes=10 * k), sched,
                            outcome=grade(mcq, response).to_dict(), response=response_to_dict(response))
    app = StudyApp(lambda: BrowserScreen(context, "id:fx-mcq"), context=context)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, BrowserScreen) and table_ids(screen) == ["fx-mcq"]
        text = detail(screen)
        assert "History: 2 reviews" in text
        assert "Again" in text and "Good" in text and "1m" in text
        wrong = mcq.choice_list()[1].text
        assert wrong in text  # the answer given
        await pilot.press("r")
        assert not store.card("fx-mcq").card.is_new  # type: ignore[union-attr]  # one r only asks
        await pilot.press("r")
        assert store.card("fx-mcq").card.is_new  # type: ignore[union-attr]
        assert "History: 2 reviews" in detail(screen)  # the history stays
        assert "new" in str(screen.query_one(DataTable).get_row_at(0)[1])


async def test_a_bad_search_says_why(context: StudyContext) -> None:
    app = StudyApp(lambda: BrowserScreen(context), context=context)
    notes = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *type_keys("is:sleepy"), "enter")
        assert any("unknown state 'sleepy'" in m for m in notes)


async def test_opened_from_a_card_shows_that_card(context: StudyContext) -> None:
    backend = StoreBackend(context.queue(None), title="Fixture", clock=context.clock)
    app = StudyApp(lambda: ReviewScreen(backend), context=context)
    async with app.run_test(size=(80, 24)) as pilot:
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.item is not None
        first = review.item.id
        await pilot.press("ctrl+l")
        browser = app.screen
        assert isinstance(browser, BrowserScreen) and table_ids(browser) == [first]
        await pilot.press("escape")
        assert app.screen is review


def test_editor_command_opens_the_line() -> None:
    assert editor_command("vim", Path("/q/bank.yaml"), 12) == ["vim", "+12", "/q/bank.yaml"]
    assert editor_command("code --wait", Path("b.yaml"), 3) == ["code", "--wait", "+3", "b.yaml"]
