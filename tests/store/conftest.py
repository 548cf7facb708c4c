"""Fixtures for the store tests: the study fixture library and a fresh store (faults: tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backhip_learn.content.load import Library, load_paths
from backhip_learn.store import Store

from .helpers import FIXTURES


@pytest.fixture(scope="session")
def lib() -> Library:
    """The study fixture banks, decks, exam and misconceptions."""
    library = load_paths([FIXTURES])
    assert not library.problems, library.problems
    return library


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh progress database in a temporary folder."""
    s = Store.open(tmp_path / "progress.sqlite3")
    yield s
    s.close()
