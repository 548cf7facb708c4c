"""Shared fixtures for the study engine tests: a small fixture library, a fresh store, a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from backhip_learn.content.load import Library, load_paths
from backhip_learn.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
# A Monday, 10:00 UTC: far from the 4 am rollover unless a test moves it there.
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="session")
def lib() -> Library:
    """The fixture banks, decks, exam and misconceptions."""
    library = load_paths([FIXTURES])
    assert not library.problems, library.problems
    return library


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh progress database in a temporary folder."""
    s = Store.open(tmp_path / "progress.sqlite3")
    yield s
    s.close()
