"""Shared fixtures for the TUI tests: the fixture bank, a store in tmp_path, a fixed clock, key helpers."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from backhip_learn.content.load import Library, load_paths
from backhip_learn.content.model import Matching, Ordering
from backhip_learn.store import Store
from backhip_learn.study.grading import shuffled_pairs, shuffled_steps
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.widgets.question import LETTERS

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 1, 15, 12, 0, tzinfo=timezone.utc)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (no asyncio plugin is installed)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        args = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
        asyncio.run(pyfuncitem.obj(**args))
        return True
    return None


@pytest.fixture(autouse=True)
def utc_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The study day rolls over at 4 am local time: pin the local zone so days and snapshots never shift."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def fixed_clock() -> datetime:
    """The tests' 'now'."""
    return NOW


@pytest.fixture
def library() -> Library:
    """The fixture bank (one item of each type), its misconceptions, exam and deck."""
    lib = load_paths([FIXTURES])
    assert not lib.problems, lib.problems
    return lib


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh progress database."""
    s = Store.open(tmp_path / "progress.sqlite3")
    yield s
    s.close()


@pytest.fixture
def context(library: Library, store: Store) -> StudyContext:
    """Library + store + fixed clock, fsrs without fuzz."""
    return StudyContext(library, store, clock=fixed_clock, enable_fuzzing=False)


def type_keys(text: str) -> list[str]:
    """Pilot key names for typing ``text``."""
    names = {" ": "space", "-": "minus", ".": "full_stop", ",": "comma"}
    return [names.get(ch, ch) for ch in text]


def matching_keys(item: Matching, seed: int | str = 0) -> list[str]:
    """Letters that pair every left side with its right side, top to bottom."""
    options = shuffled_pairs(item, seed)
    return [LETTERS[options.index(i)].lower() for i in range(len(item.pairs))]


def ordering_keys(item: Ordering, seed: int | str = 0) -> list[str]:
    """Cursor moves and shift+up presses that sort the steps (selection sort from the top)."""
    current = list(shuffled_steps(item, seed))
    cursor, keys = 0, []
    for target in range(len(current)):
        pos = current.index(target)
        keys += ["down" if pos > cursor else "up"] * abs(pos - cursor)
        keys += ["shift+up"] * (pos - target)
        current.insert(target, current.pop(pos))
        cursor = target
    return keys
