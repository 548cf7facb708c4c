"""Fixtures for the store tests: the study fixture library and a fresh store (faults: tests/conftest.py)."""

from __future__ import annotations

import pytest

from backhip_learn.content.load import Library, load_paths

from .helpers import FIXTURES


@pytest.fixture(scope="session")
def lib() -> Library:
    """The study fixture banks, decks, exam and misconceptions."""
    library = load_paths([FIXTURES])
    assert not library.problems, library.problems
    return library

