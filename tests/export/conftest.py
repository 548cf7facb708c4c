"""Shared helpers for the Anki export tests: fixture content and a real Anki collection."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "content"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private copy of the fixture banks and decks (tests may edit it)."""
    dest = tmp_path / "content"
    shutil.copytree(FIXTURES, dest)
    return dest


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[object]:
    """A fresh, empty Anki collection in tmp_path (the real backend)."""
    from anki.collection import Collection

    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        yield col
    finally:
        col.close()
