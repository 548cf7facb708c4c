"""Shared fixtures for the study engine tests: a small fixture library, a fresh store, a fixed clock."""

from __future__ import annotations

import pytest

from backhip_learn.content.load import Library, load_paths

from .helpers import FIXTURES


@pytest.fixture(scope="session")
def lib() -> Library:
    """The fixture banks, decks, exam and misconceptions."""
    library = load_paths([FIXTURES])
    assert not library.problems, library.problems
    return library

