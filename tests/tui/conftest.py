"""Shared fixtures for the TUI tests: the fixture bank, a store in tmp_path, a fixed clock, key helpers."""

from __future__ import annotations

import asyncio
import inspect

import pytest

from backhip_learn.content.load import Library, load_paths
from backhip_learn.store import Store
from backhip_learn.tui.context import StudyContext

from .helpers import FIXTURES, fixed_clock


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (no asyncio plugin is installed)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        args = {name: pyfuncitem.funcargs[name] for name in inspect.signature(pyfuncitem.obj).parameters}
        asyncio.run(pyfuncitem.obj(**args))
        return True
    return None


@pytest.fixture(autouse=True)
def local_time_is_utc(utc_local_time: None) -> None:
    """Every TUI test runs with the local zone pinned to UTC (the root conftest's ``utc_local_time``)."""


@pytest.fixture
def library() -> Library:
    """The fixture bank (one item of each type), its misconceptions, exam and deck."""
    lib = load_paths([FIXTURES])
    assert not lib.problems, lib.problems
    return lib



@pytest.fixture
def context(library: Library, store: Store) -> StudyContext:
    """Library + store + fixed clock, fsrs without fuzz."""
    return StudyContext(library, store, clock=fixed_clock, enable_fuzzing=False)
