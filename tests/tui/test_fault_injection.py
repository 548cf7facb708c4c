"""Fault injection in the study app: each statement of a grade and the next card fails in turn.

Whatever fails, no traceback reaches the learner (the app either goes on with a NOT SAVED line or
ends with the one-line message and code 1), and the grade is in the database exactly when the
learner was not told otherwise.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from textual import events
from textual.widgets import Static

from backhip_learn.store import Store
from backhip_learn.tui.app import StudyApp
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.engine_backend import StoreBackend
from backhip_learn.tui.screens.review import ReviewScreen

from .helpers import fixed_clock

STATEMENTS = 8  # a grade (BEGIN, a read, three writes, COMMIT), the next card's read, and one beyond


@pytest.mark.parametrize("kind", ["full", "corrupt"])
@pytest.mark.parametrize("fail_at", range(1, STATEMENTS + 1))
async def test_a_fault_while_grading_never_shows_a_traceback_nor_loses_the_grade_silently(
        context: StudyContext, store: Store, faults: Callable[..., Any], fail_at: int, kind: str) -> None:
    backend = StoreBackend(context.queue(None), title="Fixture", clock=fixed_clock)
    app = StudyApp(lambda: ReviewScreen(backend, context.library.misconceptions), context=context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.item is not None
        first = screen.item.id
        line = screen.query_one("#save-error", Static)
        faulty = faults(store, kind, fail_at=fail_at)
        # Posted, not pressed: Pilot's press waits for the screen, and the app may end instead.
        app.post_message(events.Key("3", "3"))
        for _ in range(200):
            await asyncio.sleep(0.02)
            if app.return_code is not None or screen.unsaved or (
                    screen.item is not None and screen.item.id != first and screen.outcome is None):
                break
        ran = faulty.count
        running = app.return_code is None
        not_saved = running and screen.unsaved and "NOT SAVED" in str(line.render())
    if ran < fail_at:
        pytest.skip(f"a grade runs {ran} statements")
    if not running:  # ended: only ever with the store's one-line message and code 1
        assert app.return_code == 1 and app.store_error is not None, "ended without a message (a traceback)"
    count = store.review_count()
    if not_saved or (not running and "damaged" in (app.store_error or "") and count == 0):
        assert count == 0  # told: NOT SAVED on screen, or the app ended naming the damage
    else:
        assert count == 1, (fail_at, kind, app.store_error)
