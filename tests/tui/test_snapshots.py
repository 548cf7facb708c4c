"""Snapshots of the main screens at 80x24 and 120x40 (fixed clock and data, cursor blink off).

Regenerate after an intended change with ``pytest tests/tui/test_snapshots.py --snapshot-update`` and
look at the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from backhip_learn.store import Store
from backhip_learn.study.exam import draw_exam, save_exam, score_exam
from backhip_learn.study.grading import Choices, Typed, grade
from backhip_learn.study.scheduling import Scheduling
from backhip_learn.tui.app import StudyApp
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.engine_backend import StoreBackend
from backhip_learn.tui.screens.exam_result import ExamResultScreen
from backhip_learn.tui.screens.exam_start import ExamStartScreen
from backhip_learn.tui.screens.home import HomeScreen
from backhip_learn.tui.screens.review import ReviewScreen
from backhip_learn.tui.screens.stats import StatsScreen

from .helpers import fixed_clock

SIZES = [(80, 24), (120, 40)]


def some_history(context: StudyContext, store: Store) -> None:
    """A few reviews and one exam, so home and statistics have something to show."""
    sched = Scheduling(enable_fuzzing=False)
    lib = context.library
    for item_id, response, rating in (("fx-mcq", Choices((1,)), 1), ("fx-tf", Choices((1,)), 3),
                                      ("fx-short", Typed("L4 to S3"), 3)):
        outcome = grade(lib.item_index[item_id], response)
        store.record_review(item_id, rating, fixed_clock(), sched, outcome=outcome.to_dict(), day="2026-01-15")
    exam = lib.exam("fx-exam")
    assert exam is not None
    paper = draw_exam(lib, exam, seed=1)
    responses = {"fx-mcq": Choices((0,)), "fx-tf": Choices((0,))}
    save_exam(store, paper, score_exam(paper, responses), responses, started=fixed_clock(), finished=fixed_clock())


async def settle(pilot: Pilot[None]) -> None:
    """Wait for workers, stop cursor blinking, let the screen repaint."""
    await pilot.app.workers.wait_for_complete()
    pilot.app.clear_notifications()
    for inp in pilot.app.screen.query(Input):
        inp.cursor_blink = False
    await pilot.pause()


def review_app(context: StudyContext) -> StudyApp:
    """A review session on the fixture bank."""
    backend = StoreBackend(context.queue(None), title="Fixture", clock=fixed_clock)
    return StudyApp(lambda: ReviewScreen(backend, context.library.misconceptions), context=context)


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare: Callable[..., bool], context: StudyContext, store: Store, size: tuple[int, int]) -> None:
    """Home: decks with counts, mastery per part, disclaimer."""
    some_history(context, store)
    app = StudyApp(lambda: HomeScreen(context), context=context)
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_question(snap_compare: Callable[..., bool], context: StudyContext, size: tuple[int, int]) -> None:
    """The mcq, question side, option B picked."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "enter")  # the basic card: reveal, Good
        await pilot.press("b")
        await settle(pilot)

    assert snap_compare(review_app(context), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_answer_side(snap_compare: Callable[..., bool], context: StudyContext, size: tuple[int, int]) -> None:
    """The mcq after a wrong pick: marks, feedback, misconception, explanation, source, grades."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "enter", "b", "enter")
        await settle(pilot)

    assert snap_compare(review_app(context), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_multi_answer_side(snap_compare: Callable[..., bool], size: tuple[int, int]) -> None:
    """A six-option multi from the bundled bank, two wrong picks: the options that matter, the why, more below."""
    from backhip_learn.paths import quizzes_dir
    from backhip_learn.tui.preview_backend import PreviewBackend
    from backhip_learn.tui.screens.preview import PreviewScreen

    backend = PreviewBackend(quizzes_dir() / "04-causes.yaml")
    assert backend.jump("cause-disc-symptoms")

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("a", "c", "enter")
        await settle(pilot)

    assert snap_compare(StudyApp(lambda: PreviewScreen(backend)), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_exam_result(snap_compare: Callable[..., bool], context: StudyContext, size: tuple[int, int]) -> None:
    """Exam result: score, pass/fail, per part, wrong answers explained."""
    lib = context.library
    exam = lib.exam("fx-exam")
    assert exam is not None
    paper = draw_exam(lib, exam, seed=1)
    responses = {"fx-mcq": Choices((0,)), "fx-tf": Choices((0,))}
    score = score_exam(paper, responses)
    app = StudyApp(lambda: ExamResultScreen(paper, score, responses), context=context)
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_statistics(snap_compare: Callable[..., bool], context: StudyContext, store: Store,
                    size: tuple[int, int]) -> None:
    """Statistics: forecast chart, retention, mastery, misconceptions, exam history."""
    some_history(context, store)
    app = StudyApp(lambda: StatsScreen(context), context=context)
    assert snap_compare(app, terminal_size=size, run_before=settle)


def home_then(keys: tuple[str, ...]) -> Callable[[Pilot[None]], object]:
    """Press ``keys`` on the home screen, then settle."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_study_more(snap_compare: Callable[..., bool], context: StudyContext, size: tuple[int, int]) -> None:
    """Study more over the home screen: extra new cards, review ahead, forgotten cards."""
    app = StudyApp(lambda: HomeScreen(context), context=context)
    assert snap_compare(app, terminal_size=size, run_before=home_then(("down", "m")))


@pytest.mark.parametrize("size", SIZES)
def test_todays_limits(snap_compare: Callable[..., bool], context: StudyContext, size: tuple[int, int]) -> None:
    """Today's limits of a deck, with its preset."""
    app = StudyApp(lambda: HomeScreen(context), context=context)
    assert snap_compare(app, terminal_size=size, run_before=home_then(("down", "l")))


@pytest.mark.parametrize("size", SIZES)
def test_break_summary(snap_compare: Callable[..., bool], context: StudyContext, size: tuple[int, int],
                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Leaving with a learning card due later today: a break, when it is due, and the wait key."""
    from dataclasses import replace

    real = StoreBackend.summary
    monkeypatch.setattr(StoreBackend, "summary", lambda self: replace(real(self), seconds=0.0))  # 0s on any machine

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "1", "escape")
        await settle(pilot)

    backend = StoreBackend(context.queue(None, only=["fx-basic"]), title="Fixture", clock=fixed_clock)
    app = StudyApp(lambda: ReviewScreen(backend, context.library.misconceptions), context=context)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_card_browser(snap_compare: Callable[..., bool], context: StudyContext, store: Store,
                      size: tuple[int, int]) -> None:
    """The card browser: search, table with states, the highlighted card's history."""
    some_history(context, store)
    store.suspend("fx-tf")
    store.flag("fx-mcq", 1)
    from backhip_learn.tui.screens.browser import BrowserScreen

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("down")  # the mcq: flagged, one review
        await settle(pilot)

    app = StudyApp(lambda: BrowserScreen(context), context=context)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def exam_start_app(context: StudyContext, *, timed: bool = True) -> StudyApp:
    """The fixture exam's start screen (the exam starts on Enter); untimed: no running clock in the header."""
    lib = context.library
    exam = lib.exam("fx-exam")
    assert exam is not None
    if not timed:
        exam = replace(exam, time_limit_minutes=None)
    paper = draw_exam(lib, exam, seed=1)
    return StudyApp(lambda: ExamStartScreen(paper, context.store, lib.misconceptions, fixed_clock), context=context)


@pytest.mark.parametrize("size", SIZES)
def test_exam_start(snap_compare: Callable[..., bool], context: StudyContext, size: tuple[int, int]) -> None:
    """Exam start: length, time, pass mark and how the exam works, before the clock starts."""
    assert snap_compare(exam_start_app(context), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_exam_question_list(snap_compare: Callable[..., bool], context: StudyContext, size: tuple[int, int]) -> None:
    """The exam's question list (ctrl+g): answered, open and marked questions, hand in from here."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("enter")  # start
        await pilot.press("a", "enter")  # answer the first question
        await pilot.press("ctrl+r")  # mark the second for review
        await pilot.press("ctrl+g")
        await settle(pilot)

    assert snap_compare(exam_start_app(context, timed=False), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_exam_quit_confirmation(snap_compare: Callable[..., bool], context: StudyContext,
                                size: tuple[int, int]) -> None:
    """ctrl+q mid-exam asks first and says the attempt is kept as abandoned."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "a", "enter", "ctrl+q")
        await settle(pilot)

    assert snap_compare(exam_start_app(context, timed=False), terminal_size=size, run_before=run_before)
