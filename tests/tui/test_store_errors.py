"""A progress database found damaged after it opened: one line naming the file, exit 1, never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fsrs import Rating
from textual.widgets import Static

from backhip_learn.cli import main
from backhip_learn.commands.common import run_app
from backhip_learn.commands.options import CommandError
from backhip_learn.store import Store, StoreError
from backhip_learn.study.exam import draw_exam
from backhip_learn.study.scheduling import Scheduling
from backhip_learn.tui.app import StudyApp
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.screens.exam import ExamScreen
from backhip_learn.tui.screens.exam_result import ExamResultScreen
from backhip_learn.tui.screens.home import HomeScreen

from .helpers import FIXTURES, NOW, fixed_clock, record_notifications


def damage_middle(path: Path) -> None:
    """Sound first pages, garbage in the middle: open succeeds, reading every card fails."""
    with Store.open(path) as s:
        for k in range(400):
            s.record_review(f"i{k}", Rating.Good, NOW + timedelta(minutes=k), Scheduling(enable_fuzzing=False),
                            outcome={"pad": "x" * 300})
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    pages = len(data) // 4096
    for page in range(pages // 2, pages // 2 + 3):
        data[page * 4096 : (page + 1) * 4096] = b"\xa5" * 4096
    path.write_bytes(bytes(data))


def test_study_on_a_database_damaged_past_page_one_names_it(tmp_path: Path) -> None:
    """The queue build meets the damage: `study` prints the StoreError in one line, exit 1."""
    damage_middle(tmp_path / "progress.sqlite3")
    before = (tmp_path / "progress.sqlite3").read_bytes()
    result = CliRunner().invoke(main, ["--bank", str(FIXTURES), "study", "--data-dir", str(tmp_path)],
                                catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert "progress.sqlite3: the progress database is damaged" in result.output
    assert "Traceback" not in result.output
    assert (tmp_path / "progress.sqlite3").read_bytes() == before


def test_home_screen_on_a_damaged_database_exits_1_with_the_message(tmp_path: Path) -> None:
    """Bare `backhip-learn`: the home screen's counts meet the damage; the app ends with code 1, no traceback."""
    from backhip_learn.content.load import load_paths

    damage_middle(tmp_path / "progress.sqlite3")
    store = Store.open(tmp_path / "progress.sqlite3")
    context = StudyContext(load_paths([FIXTURES]), store, clock=fixed_clock, enable_fuzzing=False)
    app = StudyApp(lambda: HomeScreen(context), context=context)
    try:
        app.run(headless=True, size=(80, 24))  # it ends by itself while mounting the home screen
    finally:
        store.close()
    assert app.return_code == 1
    assert app.store_error is not None and "the progress database is damaged" in app.store_error


def exam_app_whose_saves_fail(context: StudyContext, monkeypatch: pytest.MonkeyPatch) -> StudyApp:
    """The fixture exam in the study app, its result and attempt saves failing as on a damaged database."""
    import backhip_learn.tui.screens.exam as exam_screen

    def broken_save(*args: object, **kwargs: object) -> None:
        raise StoreError("/x/progress.sqlite3", "the progress database is damaged")

    monkeypatch.setattr(exam_screen, "save_exam", broken_save)
    exam = context.library.exam("fx-exam")
    assert exam is not None
    paper = draw_exam(context.library, exam, seed=1)
    return StudyApp(lambda: ExamScreen(paper, context.store, context.library.misconceptions, fixed_clock),
                    context=context)


async def test_exam_result_kept_on_screen_when_saving_fails(context: StudyContext,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """`quiz`: a save that fails keeps the score on screen with a NOT SAVED line; the app remembers the error."""
    app = exam_app_whose_saves_fail(context, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", "enter", "t", "enter", "enter", "h")  # the last Enter lists the questions; h hands in
        await pilot.pause()
        result = app.screen
        assert isinstance(result, ExamResultScreen)
        verdict = str(result.query_one("#verdict", Static).render())
        assert "1 of 3 right" in verdict and "saved" not in verdict
        line = result.query_one("#save-error", Static)
        assert line.display and line.region.height > 0  # drawn, not only composed
        note = str(line.render())
        assert "NOT SAVED" in note and "/x/progress.sqlite3" in note
        assert app.return_code in (None, 0)  # still running: the learner reads the result first
    assert app.store_error == "the exam result was NOT SAVED: /x/progress.sqlite3: the progress database is damaged"


# --------------------------------------------------------------------------- saving fails mid-session (issue 13)

def review_app(context: StudyContext) -> StudyApp:
    """The app on a review session of the fixture bank (its first card is the basic one)."""
    from backhip_learn.tui.engine_backend import StoreBackend
    from backhip_learn.tui.screens.review import ReviewScreen

    backend = StoreBackend(context.queue(None), title="Fixture", clock=fixed_clock)
    return StudyApp(lambda: ReviewScreen(backend, context.library.misconceptions), context=context)


def save_error_line(app: StudyApp) -> str:
    """The review screen's NOT SAVED line as drawn ("" while hidden)."""
    line = app.screen.query_one("#save-error", Static)
    return str(line.render()) if line.display and line.region.height > 0 else ""


@pytest.mark.parametrize("kind, words", [("full", "disk is full"), ("locked", "locked by another program"),
                                         ("ioerr", "could not be read or written")])
async def test_a_grade_that_cannot_be_saved_stays_on_screen_and_a_retry_saves_it(
        context: StudyContext, store: Store, faults: Callable[..., Any], kind: str, words: str) -> None:
    """The COMMIT fails: the card and its grade stay, NOT SAVED says why; the grade key again saves it."""
    from backhip_learn.tui.screens.review import ReviewScreen

    app = review_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.item is not None
        first = screen.item.id
        faults(store, kind, match="COMMIT")
        await pilot.press("enter", "3")
        await pilot.pause()
        assert app.screen is screen and screen.item is not None and screen.item.id == first
        assert screen.outcome is not None  # still on the answer side: the grade can be given again
        note = save_error_line(app)
        assert "NOT SAVED" in note and words in note and "try again" in note
        assert store.review_count() == 0
        assert app.store_error is not None and "NOT SAVED" in app.store_error
        await pilot.press("3")  # the fault was one-off: this save goes through
        await pilot.pause()
        assert store.review_count() == 1 and store.reviews()[0].item_id == first
        assert screen.item is not None and screen.item.id != first
        assert save_error_line(app) == ""
        assert app.store_error is None
    assert app.return_code in (None, 0)


async def test_ending_the_session_with_a_grade_not_saved_exits_1(context: StudyContext, store: Store,
                                                                faults: Callable[..., Any],
                                                                a_terminal: None) -> None:
    """Esc after a failed save: the summary, then the app ends and the command reports the lost grade."""
    app = review_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        faults(store, "full", match="COMMIT", times=5)
        await pilot.press("enter", "3")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "SummaryScreen"
    assert app.store_error is not None and "disk is full" in app.store_error
    with pytest.raises(CommandError) as exc:
        run_app_after(app)
    assert exc.value.exit_code == 1


def run_app_after(app: StudyApp) -> None:
    """The command's ending (``run_app``) for an app that has already run."""
    app.run = lambda *a, **k: None  # type: ignore[method-assign]
    run_app(app)


@pytest.fixture
def a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard input that says it is a terminal, as ``run_app`` requires."""
    import io

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Tty())


def test_a_crash_inside_the_app_exits_with_its_return_code(a_terminal: None) -> None:
    """Textual prints an unexpected error's traceback and sets return code 1: the command exits 1, not 0."""
    class Crashed:
        store_error = None
        return_code = 1

        def run(self) -> None:
            pass

    with pytest.raises(SystemExit) as exc:
        run_app(Crashed())  # type: ignore[arg-type]
    assert exc.value.code == 1


async def test_a_lock_held_elsewhere_keeps_the_grade_and_the_screen_alive(context: StudyContext, store: Store) -> None:
    """Another program holds the write lock past the busy timeout: the screen says it waits, then NOT SAVED,
    then the grade is saved once the lock is let go."""
    import sqlite3

    app = review_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        store.conn.execute("PRAGMA busy_timeout = 1500")
        other = sqlite3.connect(store.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        screen = app.screen
        seen: list[str] = []
        waiting = screen._waiting  # type: ignore[attr-defined]

        def spy() -> None:  # the note shown while the save waits in its thread
            waiting()
            line = screen.query_one("#save-error", Static)
            seen.append(str(line.render()) if line.has_class("-shown") else "")

        screen._waiting = spy  # type: ignore[attr-defined]
        try:
            await pilot.press("enter", "3")
            for _ in range(100):
                await pilot.pause(0.05)
                if "NOT SAVED" in save_error_line(app):
                    break
            assert "locked by another program" in save_error_line(app)
            assert seen and "Saving… waiting for the progress database" in seen[0]
        finally:
            other.execute("ROLLBACK")
            other.close()
        await pilot.press("3")
        await pilot.pause()
        assert store.review_count() == 1 and save_error_line(app) == ""


async def test_undo_of_a_grade_made_past_in_another_session_says_so(context: StudyContext, store: Store) -> None:
    """Two sessions on one data folder: undo in the first after the second graded the same card."""
    app = review_app(context)
    notes = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        first = app.screen.item.id  # type: ignore[attr-defined]
        await pilot.press("enter", "3")
        await pilot.pause()
        with Store.open(store.path) as other:
            other.record_review(first, Rating.Again, NOW + timedelta(minutes=5), Scheduling(enable_fuzzing=False))
        await pilot.press("u")
        await pilot.pause()
        assert any("made elsewhere" in m and "nothing was undone" in m for m in notes), notes
        assert app.return_code is None  # still running
        assert store.review_count() == 2
        await pilot.press("u")  # that answer is gone from the undo list: nothing else to undo
        await pilot.pause()
        assert any("Nothing to undo" in m for m in notes)


def test_the_statistics_screen_on_a_bad_row_ends_with_the_message(context: StudyContext, store: Store) -> None:
    """compute_stats runs in a worker: its StoreDamaged ends the app with the message, not a traceback."""
    from backhip_learn.tui.screens.stats import StatsScreen

    store.record_review("fx-mcq", Rating.Good, NOW, Scheduling(enable_fuzzing=False))
    store.conn.execute("UPDATE cards SET state = 9")
    app = StudyApp(lambda: StatsScreen(context), context=context)
    app.run(headless=True, size=(80, 24))  # it ends by itself when the worker fails
    assert app.return_code == 1
    assert app.store_error is not None and "unknown state" in app.store_error


# --------------------------------------------------------------------------- a damaged file met by any key

def home_app(context: StudyContext) -> StudyApp:
    """The app on the home screen."""
    return StudyApp(lambda: HomeScreen(context), context=context)


def browser_app(context: StudyContext) -> StudyApp:
    """The app on the card browser."""
    from backhip_learn.tui.screens.browser import BrowserScreen

    return StudyApp(lambda: BrowserScreen(context), context=context)


def stats_app(context: StudyContext) -> StudyApp:
    """The app on the statistics screen."""
    from backhip_learn.tui.screens.stats import StatsScreen

    return StudyApp(lambda: StatsScreen(context), context=context)


# (the app, keys pressed while the database is sound, keys pressed once every statement fails)
DAMAGED_AFTER: dict[str, tuple[Callable[[StudyContext], StudyApp], tuple[str, ...], tuple[str, ...]]] = {
    "review: check an answer (the intervals are read)": (review_app, (), ("enter",)),
    "review: undo": (review_app, ("enter", "3"), ("u",)),
    "review: flag": (review_app, (), ("ctrl+f",)),
    "review: bury": (review_app, (), ("ctrl+b",)),
    "review: suspend": (review_app, (), ("ctrl+o",)),
    "home: study a deck": (home_app, (), ("enter",)),
    "home: study more": (home_app, (), ("m",)),
    "home: today's limits": (home_app, (), ("l",)),
    "home: statistics": (home_app, (), ("s",)),
    "home: the card browser": (home_app, (), ("B",)),
    "browser: suspend": (browser_app, (), ("s",)),
    "browser: flag": (browser_app, (), ("f",)),
    "browser: reset": (browser_app, (), ("r", "r")),
    "browser: the next card's history": (browser_app, (), ("down",)),
    "browser: a search": (browser_app, ("slash",), ("x",)),
}


@pytest.mark.parametrize("case", list(DAMAGED_AFTER))
async def test_a_damaged_database_met_by_any_key_ends_the_app_with_its_message(
        context: StudyContext, store: Store, faults: Callable[..., Any], case: str) -> None:
    """Whatever the key reaches (a read, a write, a worker), the app ends with code 1 and the one-line message;
    ``run_test`` would raise an error that reached Textual instead (its traceback)."""
    import asyncio

    from textual import events

    make_app, before, after = DAMAGED_AFTER[case]
    app = make_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*before)
        await pilot.pause()
        assert app.return_code is None
        faults(store, "corrupt", match="", times=10_000)  # every statement from now on: a damaged page
        for key in after:  # posted, not pressed: Pilot's press waits for a screen, and the app ends instead
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        for _ in range(200):
            await asyncio.sleep(0.02)
            if app.return_code is not None:
                break
    assert app.return_code == 1, case
    assert app.store_error is not None and "the progress database is damaged" in app.store_error, app.store_error


async def test_the_first_card_on_a_damaged_database_ends_the_app(context: StudyContext, store: Store,
                                                                 faults: Callable[..., Any]) -> None:
    """The review screen reads its first card as it is composed: a damaged file ends the app there."""
    app = review_app(context)  # today's queue is built before the app starts
    faults(store, "corrupt", match="", times=10_000)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert app.return_code == 1
    assert app.store_error is not None and "the progress database is damaged" in app.store_error


async def test_waiting_on_the_summary_for_a_damaged_database_ends_the_app(context: StudyContext, store: Store,
                                                                          faults: Callable[..., Any]) -> None:
    """The summary's wait for the next learning card reads the queue on a timer: a damaged file ends the app."""
    from backhip_learn.tui.screens.summary import SummaryScreen

    app = review_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1")  # Again: a learning card, due again in a minute
        await pilot.pause()
        await pilot.press("escape", "w")
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen) and summary.waiting
        faults(store, "corrupt", match="", times=10_000)
        summary.poll()  # what the timer does every few seconds
        await pilot.pause()
    assert app.return_code == 1
    assert app.store_error is not None and "the progress database is damaged" in app.store_error


async def test_an_exam_quit_whose_attempt_cannot_be_saved_ends_with_the_message(
        context: StudyContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """ctrl+q, y mid-exam saves the attempt as abandoned: when that fails the app ends with code 1 and the message."""
    app = exam_app_whose_saves_fail(context, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", "enter", "ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 1
    assert app.store_error == "/x/progress.sqlite3: the progress database is damaged"
