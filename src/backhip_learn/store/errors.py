"""What can go wrong with the progress database, as exceptions that name the file.

Every backend raises these and nothing else, so the commands and the app handle one family:
``StoreError`` and its subclasses. ``transient`` tells a caller whether trying again may work
(a lock held elsewhere, a full disk) or whether the session cannot go on (a damaged file).
"""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """The progress database cannot be used (corrupt, foreign, newer); names the file."""

    transient = False

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = str(path)
        self.message = message


class NoStore(StoreError):
    """There is no progress yet: no file, an empty file, or an SQLite file without tables."""


class OlderStore(StoreError):
    """Opened read-only, the database has an older schema that only a writable open migrates."""


class StoreDamaged(StoreError):
    """A page or a row of the database cannot be read: the file is left untouched."""


class StoreBusy(StoreError):
    """Another program held the database locked for longer than the busy timeout."""

    transient = True


class StoreFull(StoreError):
    """The disk (or the file size limit) is full: nothing was written."""

    transient = True


class StoreIOError(StoreError):
    """The operating system failed a read or a write."""

    transient = True


class NotLatest(StoreError, LookupError):
    """An undo was asked for a review that is no longer the card's latest (made in another session)."""

    transient = True


DAMAGED_HINT = "left untouched: move it away to start afresh, or restore a backup"

__all__ = ["DAMAGED_HINT", "NoStore", "NotLatest", "OlderStore", "StoreBusy", "StoreDamaged", "StoreError",
           "StoreFull", "StoreIOError"]
