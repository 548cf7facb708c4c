"""Startup: the collector paused for a command's startup is always turned back on; never turned on by us."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from backhip_learn.cli import main
from backhip_learn.tui.startup import pause_gc, resume_gc

from .helpers import FIXTURES


@pytest.fixture(autouse=True)
def restore_gc() -> Iterator[None]:
    """Leave the collector as found, whatever a failing test did."""
    was = gc.isenabled()
    yield
    resume_gc()
    (gc.enable if was else gc.disable)()


def test_pause_then_resume() -> None:
    gc.enable()
    pause_gc()
    assert not gc.isenabled()
    resume_gc()
    assert gc.isenabled()


def test_resume_never_turns_on_a_collector_someone_else_turned_off() -> None:
    gc.disable()
    pause_gc()
    resume_gc()
    assert not gc.isenabled()


@pytest.mark.parametrize(
    "args",
    [
        ["study", "--deck", "nope"],
        ["study", "--tag", "no-such-tag"],
        ["quiz", "no-such-exam"],
    ],
)
def test_a_command_that_stops_early_turns_the_collector_back_on(tmp_path: Path, args: list[str]) -> None:
    gc.enable()
    result = CliRunner().invoke(main, ["--bank", str(FIXTURES), *args, "--data-dir", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert gc.isenabled()


def test_bare_command_with_broken_content_turns_the_collector_back_on(tmp_path: Path) -> None:
    gc.enable()
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: Bad\nitems:\n  - {id: x1, type: mcq}\n", "utf-8")
    result = CliRunner().invoke(main, ["--bank", str(bad), "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 1, result.output
    assert gc.isenabled()


async def test_the_app_resumes_collection_once_its_first_screen_is_painted(context) -> None:  # type: ignore[no-untyped-def]
    from backhip_learn.tui.app import StudyApp
    from backhip_learn.tui.engine_backend import StoreBackend
    from backhip_learn.tui.screens.review import ReviewScreen

    gc.enable()
    pause_gc()
    backend = StoreBackend(context.queue(), clock=context.clock)
    app = StudyApp(lambda: ReviewScreen(backend, context.library.misconceptions), context=context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert gc.isenabled()


@pytest.mark.parametrize("benchmark", [True, False])
async def test_under_the_startup_benchmark_the_app_quits_once_the_first_card_is_shown(
        context, monkeypatch: pytest.MonkeyPatch, benchmark: bool) -> None:  # type: ignore[no-untyped-def]
    """The review screen tells the app a card is up (CardShown); only bench_tui.py's variable makes that an exit."""
    import asyncio

    from backhip_learn.tui.app import BENCH_EXIT_ENV, StudyApp
    from backhip_learn.tui.engine_backend import StoreBackend
    from backhip_learn.tui.screens.review import ReviewScreen

    if benchmark:
        monkeypatch.setenv(BENCH_EXIT_ENV, "1")
    else:
        monkeypatch.delenv(BENCH_EXIT_ENV, raising=False)
    backend = StoreBackend(context.queue(), clock=context.clock)
    app = StudyApp(lambda: ReviewScreen(backend, context.library.misconceptions), context=context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(50):
            if app.return_code is not None:
                break
            await asyncio.sleep(0.02)
        assert (app.return_code == 0) if benchmark else (app.return_code is None and backend.current is not None)
