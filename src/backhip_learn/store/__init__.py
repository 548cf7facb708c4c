"""Learner progress: every SQL statement of the app lives in this package.

- ``base.py``: ``ProgressStore``, the interface the study engine, the commands and the app use (a
  second backend implements it); ``Reviewer``, what a review needs of the scheduler.
- ``errors.py``: ``StoreError`` and its subclasses, the only exceptions a store raises.
- ``records.py``: the values a store returns (``CardRow``, ``ReviewRecord``, ``ExamResult``).
- ``schema.py``: the SQLite schema and its migrations (``PRAGMA user_version``).
- ``sqlite.py``: ``SQLiteStore``, the backend; ``Store`` is its name for callers.

Progress is keyed by card id (an item id, or ``item-id::cN`` for a cloze's gap number N): editing an
item's text keeps its progress; an item that leaves the bank keeps its rows (the queue simply ignores
ids the library no longer has).
"""

from __future__ import annotations

from backhip_learn.store.base import ProgressStore, Reviewer
from backhip_learn.store.errors import (
    NoStore,
    NotLatest,
    OlderStore,
    StoreBusy,
    StoreDamaged,
    StoreError,
    StoreFull,
    StoreIOError,
)
from backhip_learn.store.records import (
    EPOCH,
    CardRow,
    ExamResult,
    ReviewRecord,
    from_us,
    to_us,
)
from backhip_learn.store.schema import (
    APPLICATION_ID,
    MIGRATE_V2,
    MIGRATIONS,
    SCHEMA_V1,
    SCHEMA_VERSION,
)
from backhip_learn.store.sqlite import (
    BUSY_TIMEOUT_MS,
    SQLiteStore,
    check_file,
    translate,
)

Store = SQLiteStore

__all__ = [
    "APPLICATION_ID", "BUSY_TIMEOUT_MS", "EPOCH", "MIGRATE_V2", "MIGRATIONS", "SCHEMA_V1", "SCHEMA_VERSION",
    "CardRow", "ExamResult", "NoStore", "NotLatest", "OlderStore", "ProgressStore", "ReviewRecord", "Reviewer",
    "SQLiteStore", "Store", "StoreBusy", "StoreDamaged", "StoreError", "StoreFull", "StoreIOError", "check_file",
    "from_us", "to_us", "translate",
]
