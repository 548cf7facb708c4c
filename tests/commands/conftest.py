"""Fixtures for the command tests: the local zone pinned, a private copy of the export fixtures, a file writer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .helpers import EXPORT_FIXTURES, Writer


@pytest.fixture(autouse=True)
def local_time_is_utc(utc_local_time: None) -> None:
    """Every command test runs with the local zone pinned to UTC (the root conftest's ``utc_local_time``)."""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private copy of the export's fixture banks and decks (tests may edit it)."""
    dest = tmp_path / "content"
    shutil.copytree(EXPORT_FIXTURES, dest)
    return dest


@pytest.fixture
def write(tmp_path: Path) -> Writer:
    """Write a file under tmp_path and return its path."""

    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, "utf-8")
        return path

    return _write
