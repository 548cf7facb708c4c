"""A progress database locked by another program: every save waits off the event loop, never freezing the app.

A second real sqlite3 connection holds the write lock (``BEGIN IMMEDIATE``) on the same file; the
store is opened with a short busy timeout (``busy_timeout_ms``). While the lock is held the screen keeps
taking keys and says it is saving; after the timeout it says NOT SAVED; once the lock is let go, trying
again saves what was on screen.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from backhip_learn.content.load import Library
from backhip_learn.store import Store
from backhip_learn.study.exam import draw_exam
from backhip_learn.tui.app import StudyApp
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.screens.exam import ExamScreen
from backhip_learn.tui.screens.exam_navigator import ConfirmQuit
from backhip_learn.tui.screens.exam_result import ExamResultScreen

from .helpers import fixed_clock, record_notifications

BUSY_MS = 4000  # the store's wait for the lock in these tests
PROMPT = BUSY_MS / 1000 / 2  # the screen answers well before the wait is over


@pytest.fixture
def slow_store(tmp_path: Path) -> Iterator[Store]:
    """A progress database whose writes wait ``BUSY_MS`` for a lock held elsewhere."""
    s = Store.open(tmp_path / "progress.sqlite3", busy_timeout_ms=BUSY_MS)
    yield s
    s.close()


@pytest.fixture
def slow_context(library: Library, slow_store: Store) -> StudyContext:
    """The fixture content over ``slow_store``."""
    return StudyContext(library, slow_store, clock=fixed_clock, enable_fuzzing=False)


class Lock:
    """A write lock held by another connection on the same file, until ``release``."""

    def __init__(self, path: Path) -> None:
        self.other = sqlite3.connect(path, isolation_level=None)
        self.other.execute("BEGIN IMMEDIATE")
        self.held = True

    def release(self) -> None:
        """Let the lock go (once)."""
        if self.held:
            self.held = False
            self.other.execute("ROLLBACK")
            self.other.close()


@contextmanager
def locked(path: Path) -> Iterator[Lock]:
    """Hold the write lock on ``path`` for the block (released at the end whatever happens)."""
    lock = Lock(path)
    try:
        yield lock
    finally:
        lock.release()


async def wait_for(pilot: Pilot[None], condition: Callable[[], bool], seconds: float) -> bool:
    """Let the app run until ``condition`` holds (True) or ``seconds`` pass (False)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


def shown(app: StudyApp, selector: str) -> str:
    """A Static's text as drawn on the current screen ("" while hidden)."""
    line = app.screen.query_one(selector, Static)
    return str(line.render()) if line.display and line.region.height > 0 else ""


def exam_app(context: StudyContext) -> StudyApp:
    """The fixture exam (mcq, true/false, short; not shuffled)."""
    exam = context.library.exam("fx-exam")
    assert exam is not None
    paper = draw_exam(context.library, exam, seed=1)
    return StudyApp(lambda: ExamScreen(paper, context.store, context.library.misconceptions, fixed_clock),
                    context=context)


# --------------------------------------------------------------------------- handing in


async def test_an_exam_handed_in_while_locked_shows_its_result_at_once_and_a_retry_saves_it(
        slow_context: StudyContext, slow_store: Store) -> None:
    """Hand-in under a lock: the result is up and takes keys at once ("saving…"), then NOT SAVED; r saves it."""
    app = exam_app(slow_context)
    async with app.run_test(size=(80, 24)) as pilot:
        with locked(slow_store.path) as lock:
            await pilot.press("a", "enter", "t", "enter", "enter")  # the last Enter lists the questions
            started = time.monotonic()
            await pilot.press("h")
            await pilot.pause()
            result = app.screen
            assert isinstance(result, ExamResultScreen)
            assert time.monotonic() - started < PROMPT, "the hand-in waited for the lock on the event loop"
            assert result.saving and "saving…" in shown(app, "#verdict")
            await pilot.press("n")  # a key is handled while the save waits
            assert result.current == 0 and result.saving
            assert await wait_for(pilot, lambda: "Saving… waiting" in shown(app, "#save-error"), PROMPT)
            assert await wait_for(pilot, lambda: "NOT SAVED" in shown(app, "#save-error"), BUSY_MS / 1000 + 5)
            note = shown(app, "#save-error")
            assert "locked by another program for more than 4 s" in note and "r: try again" in note
            # The app hears of it through a message (the command exits 1 with it unless a retry saves it).
            assert await wait_for(pilot, lambda: "exam result was NOT SAVED" in (app.store_error or ""), 5)
            assert "saved" not in shown(app, "#verdict")
            lock.release()
        assert slow_store.exam_results() == []
        await pilot.press("r")
        assert await wait_for(pilot, lambda: not result.saving, 5)
        assert "saved" in shown(app, "#verdict") and shown(app, "#save-error") == ""
        assert await wait_for(pilot, lambda: app.store_error is None, 5)
        [saved] = slow_store.exam_results()
        assert saved.exam_id == "fx-exam" and not saved.abandoned and round(saved.score * 3) == 1


async def test_leaving_an_unsaved_result_asks_once_then_exits_with_the_error(
        slow_context: StudyContext, slow_store: Store) -> None:
    """Enter with the result NOT SAVED warns first; Enter again quits, and the app keeps the error (exit 1)."""
    app = exam_app(slow_context)
    said = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        with locked(slow_store.path):
            await pilot.press("enter", "enter", "enter", "h")
            await pilot.pause()
            result = app.screen
            assert isinstance(result, ExamResultScreen)
            await pilot.press("enter")  # still saving: the screen stays
            assert app.screen is result and app.return_code is None
            assert await wait_for(pilot, lambda: "NOT SAVED" in shown(app, "#save-error"), BUSY_MS / 1000 + 5)
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is result and app.return_code is None
            assert any("Enter again leaves without it" in m for m in said)
            await pilot.press("enter")
            await pilot.pause()
    assert app.store_error is not None and "exam result was NOT SAVED" in app.store_error
    assert slow_store.exam_results() == []


# --------------------------------------------------------------------------- quitting (abandoned attempt)


async def test_quitting_an_exam_while_locked_says_saving_then_not_saved_and_y_again_saves_and_quits(
        slow_context: StudyContext, slow_store: Store) -> None:
    """ctrl+q, y under a lock: the dialog says "Saving the attempt…" at once and keeps taking keys; after the
    wait NOT SAVED; once the lock is gone y saves the abandoned attempt and the app quits with 0."""
    app = exam_app(slow_context)
    async with app.run_test(size=(80, 24)) as pilot:
        with locked(slow_store.path) as lock:
            await pilot.press("a", "enter", "ctrl+q")
            dialog = app.screen
            assert isinstance(dialog, ConfirmQuit)
            started = time.monotonic()
            await pilot.press("y")
            await pilot.pause()
            assert time.monotonic() - started < PROMPT, "the abandoned save waited for the lock on the event loop"
            assert app.screen is dialog and app.return_code is None and dialog.saving
            assert "Saving the attempt" in shown(app, "#confirm-status")
            await pilot.press("ctrl+q")  # quitting again while the save waits does not drop it
            assert app.return_code is None and dialog.saving
            assert await wait_for(pilot, lambda: "NOT SAVED" in shown(app, "#confirm-status"), BUSY_MS / 1000 + 5)
            assert "locked by another program" in shown(app, "#confirm-status")
            assert "q: quit without saving it" in shown(app, "#confirm-keys")
            assert app.return_code is None and app.store_error is None
            lock.release()
        await pilot.press("y")
        assert await wait_for(pilot, lambda: app.return_code is not None, 5)
    assert app.return_code == 0 and app.store_error is None
    [saved] = slow_store.exam_results()
    assert saved.abandoned and saved.exam_id == "fx-exam"


async def test_an_abandoned_attempt_not_saved_can_go_back_to_the_exam_or_quit_with_the_error(
        slow_context: StudyContext, slow_store: Store) -> None:
    """After NOT SAVED, n goes back to the exam with its answers; quitting unsaved (q) keeps the error: exit 1."""
    app = exam_app(slow_context)
    async with app.run_test(size=(80, 24)) as pilot:
        exam_screen = app.screen
        assert isinstance(exam_screen, ExamScreen)
        with locked(slow_store.path):
            await pilot.press("a", "enter", "ctrl+q", "y")
            assert await wait_for(pilot, lambda: "NOT SAVED" in shown(app, "#confirm-status"), BUSY_MS / 1000 + 5)
            await pilot.press("n")
            await pilot.pause()
            assert app.screen is exam_screen and not exam_screen.done and exam_screen.answered(0)
            await pilot.press("ctrl+q", "y")
            assert await wait_for(pilot, lambda: "NOT SAVED" in shown(app, "#confirm-status"), BUSY_MS / 1000 + 5)
            await pilot.press("q")
            assert await wait_for(pilot, lambda: app.return_code is not None, 5)
    assert app.return_code == 1
    assert app.store_error is not None and "abandoned exam attempt was NOT SAVED" in app.store_error
    assert slow_store.exam_results() == []


# --------------------------------------------------------------------------- the review screen


def review_app(context: StudyContext) -> StudyApp:
    """A review session of the fixture bank (its first card is the basic one)."""
    from backhip_learn.tui.engine_backend import StoreBackend
    from backhip_learn.tui.screens.review import ReviewScreen

    backend = StoreBackend(context.queue(None), title="Fixture", clock=fixed_clock)
    return StudyApp(lambda: ReviewScreen(backend, context.library.misconceptions), context=context)


async def test_a_grade_saved_while_locked_leaves_the_screen_taking_keys(
        slow_context: StudyContext, slow_store: Store) -> None:
    """The grade's save waits in its thread: keys are handled meanwhile (they say it is still saving, and
    touch nothing), then NOT SAVED; once the lock is gone the grade key saves it."""
    from backhip_learn.tui.screens.review import ReviewScreen

    app = review_app(slow_context)
    said = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.item is not None
        first = screen.item.id
        await pilot.press("enter")
        with locked(slow_store.path) as lock:
            started = time.monotonic()
            await pilot.press("3")
            await pilot.press("ctrl+f")  # flagging now would wait on the same connection: refused, at once
            await pilot.press("escape")  # so would the summary's reads
            await pilot.pause()
            assert time.monotonic() - started < PROMPT, "a key waited for the lock on the event loop"
            assert app.screen is screen and screen.busy
            assert sum("Still saving" in m for m in said) == 2
            assert await wait_for(pilot, lambda: "Saving… waiting" in shown(app, "#save-error"), PROMPT)
            assert await wait_for(pilot, lambda: "NOT SAVED" in shown(app, "#save-error"), BUSY_MS / 1000 + 5)
            lock.release()
        await pilot.press("3")
        assert await wait_for(pilot, lambda: slow_store.review_count() == 1 and not screen.busy, 5)
        assert slow_store.reviews()[0].item_id == first and slow_store.card(first).flag == 0  # type: ignore[union-attr]
        assert shown(app, "#save-error") == ""


@pytest.mark.parametrize("key, refused, done", [
    ("ctrl+b", "NOT BURIED", lambda row: row.buried_until is not None),
    ("ctrl+o", "NOT SUSPENDED", lambda row: row.suspended),
    ("ctrl+f", "Flag NOT SAVED", lambda row: row.flag == 1),
])
async def test_bury_suspend_and_flag_while_locked_wait_off_the_event_loop(
        slow_context: StudyContext, slow_store: Store, key: str, refused: str,
        done: Callable[[object], bool]) -> None:
    """ctrl+b / ctrl+o / ctrl+f under a lock: the screen says it is waiting and takes keys; after the wait it
    says the mark was not saved and keeps the card; the same key once the lock is gone saves it."""
    from backhip_learn.tui.screens.review import ReviewScreen

    app = review_app(slow_context)
    said = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.item is not None
        first = screen.item.id
        with locked(slow_store.path) as lock:
            started = time.monotonic()
            await pilot.press(key)
            await pilot.press("u")  # undo now would wait on the same connection: refused, at once
            await pilot.pause()
            assert time.monotonic() - started < PROMPT, f"{key} waited for the lock on the event loop"
            assert screen.busy and any("Still saving" in m for m in said)
            assert await wait_for(pilot, lambda: "Saving… waiting" in shown(app, "#save-error"), PROMPT)
            assert await wait_for(pilot, lambda: any(refused in m for m in said), BUSY_MS / 1000 + 5)
            assert screen.item is not None and screen.item.id == first and not screen.busy
            assert shown(app, "#save-error") == ""  # the waiting note goes with the wait
            lock.release()
        await pilot.press(key)
        assert await wait_for(pilot, lambda: not screen.busy and done(slow_store.card(first)), 5)


async def test_undo_while_locked_waits_off_the_event_loop_and_can_be_tried_again(
        slow_context: StudyContext, slow_store: Store) -> None:
    """u under a lock: the screen takes keys while the undo waits; "Not undone" after; u again undoes."""
    from backhip_learn.tui.screens.review import ReviewScreen

    app = review_app(slow_context)
    said = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.item is not None
        first = screen.item.id
        await pilot.press("enter", "3")
        assert await wait_for(pilot, lambda: slow_store.review_count() == 1 and not screen.busy, 5)
        with locked(slow_store.path) as lock:
            started = time.monotonic()
            await pilot.press("u")
            await pilot.press("ctrl+b")
            await pilot.pause()
            assert time.monotonic() - started < PROMPT, "undo waited for the lock on the event loop"
            assert screen.busy and any("Still saving" in m for m in said)
            assert await wait_for(pilot, lambda: any("Not undone" in m for m in said), BUSY_MS / 1000 + 5)
            lock.release()
        assert slow_store.review_count() == 1
        await pilot.press("u")
        assert await wait_for(pilot, lambda: slow_store.review_count() == 0 and not screen.busy, 5)
        assert screen.item is not None and screen.item.id == first


# --------------------------------------------------------------------------- the card browser


@pytest.mark.parametrize("key, refused, done", [
    ("s", "NOT SUSPENDED", lambda row: row.suspended),
    ("f", "NOT FLAGGED", lambda row: row.flag == 1),
])
async def test_a_browser_action_while_locked_waits_off_the_event_loop(
        slow_context: StudyContext, slow_store: Store, key: str, refused: str,
        done: Callable[[object], bool]) -> None:
    """s / f in the browser under a lock: the screen takes keys and says it waits; after the wait it says the
    change was not saved (the app goes on); the same key once the lock is gone saves it."""
    from backhip_learn.tui.screens.browser import BrowserScreen

    app = StudyApp(lambda: BrowserScreen(slow_context, "id:fx-mcq"), context=slow_context)
    said = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowserScreen)
        with locked(slow_store.path) as lock:
            started = time.monotonic()
            await pilot.press(key)
            await pilot.press("escape")  # leaving now would drop the write: refused, at once
            await pilot.pause()
            assert time.monotonic() - started < PROMPT, f"{key} waited for the lock on the event loop"
            assert app.screen is screen and screen.busy and any("Still saving" in m for m in said)
            assert await wait_for(pilot, lambda: "Saving… waiting" in shown(app, "#browse-title"), PROMPT)
            assert await wait_for(pilot, lambda: any(refused in m for m in said), BUSY_MS / 1000 + 5)
            assert app.return_code is None and app.store_error is None and not screen.busy
            assert "Saving" not in shown(app, "#browse-title")
            lock.release()
        row = slow_store.card("fx-mcq")
        assert row is None or not done(row)
        await pilot.press(key)
        assert await wait_for(pilot, lambda: not screen.busy and done(slow_store.card("fx-mcq")), 5)
        assert "fx-mcq" in shown(app, "#browse-card")


# --------------------------------------------------------------------------- the home screen


async def test_todays_limits_saved_while_locked_wait_off_the_event_loop(
        slow_context: StudyContext, slow_store: Store) -> None:
    """l, new limits, Enter under a lock: the home screen takes keys and says it waits; after the wait it says
    the limits were not saved (the app goes on); the same change once the lock is gone saves them."""
    from textual.widgets import Input

    from backhip_learn.study.queue import Limits, study_day, today_limits
    from backhip_learn.tui.screens.home import HomeScreen
    from backhip_learn.tui.screens.study_more import LimitsScreen

    from .helpers import NOW

    def limits_now() -> Limits:
        return today_limits(slow_store, slow_context.library, "fx-deck", study_day(NOW))

    app = StudyApp(lambda: HomeScreen(slow_context), context=slow_context)
    said = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("down", "l")
        assert isinstance(app.screen, LimitsScreen)
        await pilot.press("ctrl+a", "ctrl+k", "3", "tab", "ctrl+a", "ctrl+k", "9")
        with locked(slow_store.path):
            started = time.monotonic()
            await pilot.press("enter")
            await pilot.press("B")  # the browser would read on the same connection: refused, at once
            await pilot.pause()
            assert time.monotonic() - started < PROMPT, "the limits waited for the lock on the event loop"
            assert app.screen is home and home.busy and any("Still saving" in m for m in said)
            assert await wait_for(pilot, lambda: "Saving… waiting" in shown(app, "#home-title"), PROMPT)
            assert await wait_for(pilot, lambda: any("Today's limits NOT SAVED" in m for m in said),
                                  BUSY_MS / 1000 + 5)
            assert app.return_code is None and app.store_error is None and not home.busy
            assert "Saving" not in shown(app, "#home-title")
        assert limits_now().new_per_day == 20
        await pilot.press("l")
        assert isinstance(app.screen, LimitsScreen)
        assert app.screen.query_one("#limit-new", Input).value == "20"
        await pilot.press("ctrl+a", "ctrl+k", "3", "tab", "ctrl+a", "ctrl+k", "9", "enter")
        assert await wait_for(pilot, lambda: not home.busy and limits_now() == Limits(3, 9), 5)
