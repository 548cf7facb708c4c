"""A progress database found damaged after it opened: one line naming the file, exit 1, never a traceback."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from fsrs import Rating
from textual.widgets import Static

from backhip_learn.cli import main
from backhip_learn.store import Store, StoreError
from backhip_learn.study.exam import draw_exam
from backhip_learn.study.scheduling import Scheduling
from backhip_learn.tui.app import StudyApp
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.screens.exam import ExamScreen
from backhip_learn.tui.screens.exam_result import ExamResultScreen
from backhip_learn.tui.screens.home import HomeScreen

from .conftest import FIXTURES, NOW, fixed_clock


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


async def test_exam_result_kept_on_screen_when_saving_fails(context: StudyContext,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """`quiz`: a save that fails keeps the score on screen with a NOT SAVED line; the app remembers the error."""
    import backhip_learn.tui.screens.exam as exam_screen

    def broken_save(*args: object, **kwargs: object) -> None:
        raise StoreError("/x/progress.sqlite3", "the progress database is damaged")

    monkeypatch.setattr(exam_screen, "save_exam", broken_save)
    exam = context.library.exam("fx-exam")
    assert exam is not None
    paper = draw_exam(context.library, exam, seed=1)
    app = StudyApp(lambda: ExamScreen(paper, context.store, context.library.misconceptions, fixed_clock),
                   context=context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", "enter", "t", "enter", "enter", "h")  # the last Enter lists the questions; h hands in
        await pilot.pause()
        result = app.screen
        assert isinstance(result, ExamResultScreen)
        verdict = str(result.query_one("#verdict", Static).render())
        assert "1 of 3 right" in verdict and "saved" not in verdict
        note = str(result.query_one("#save-error", Static).render())
        assert "NOT SAVED" in note and "/x/progress.sqlite3" in note
        assert app.return_code in (None, 0)  # still running: the learner reads the result first
    assert app.store_error == "/x/progress.sqlite3: the progress database is damaged"
