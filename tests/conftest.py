"""Fixtures shared by every test layer: SQLite faults on demand; the content cache off for the whole suite.

``faults(store, kind, fail_at=N | match="COMMIT")`` swaps the store's connection for a
``FaultyConnection`` that raises a chosen ``sqlite3`` error at a chosen statement (by number or by
the start of its SQL), the way a full disk, a lock held elsewhere, an I/O error or a damaged page
reach the app: as an exception from ``execute``.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from backhip_learn.content.cache import CACHE_ENV
from backhip_learn.store import Store


def pytest_configure(config: pytest.Config) -> None:
    """The content cache is off for every test and its subprocesses; a test that uses it sets its own folder."""
    os.environ[CACHE_ENV] = "off"


# kind -> (exception class, message, SQLite primary result code): what sqlite3 raises for each
KINDS: dict[str, tuple[type[sqlite3.Error], str, int]] = {
    "full": (sqlite3.OperationalError, "database or disk is full", sqlite3.SQLITE_FULL),
    "locked": (sqlite3.OperationalError, "database is locked", sqlite3.SQLITE_BUSY),
    "ioerr": (sqlite3.OperationalError, "disk I/O error", sqlite3.SQLITE_IOERR),
    "corrupt": (sqlite3.DatabaseError, "database disk image is malformed", sqlite3.SQLITE_CORRUPT),
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh progress database in a temporary folder."""
    s = Store.open(tmp_path / "progress.sqlite3")
    yield s
    s.close()


def sqlite_error(kind: str) -> sqlite3.Error:
    """The exception sqlite3 raises for a fault of this kind, with its result code."""
    cls, message, code = KINDS[kind]
    exc = cls(message)
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    return exc


class FaultyConnection:
    """A connection that raises ``error`` at statement number ``fail_at`` (1-based), or at each matching one."""

    def __init__(self, real: sqlite3.Connection, error: sqlite3.Error | None = None, *, fail_at: int | None = None,
                 match: str | None = None, times: int = 1) -> None:
        self.real = real
        self.error = error
        self.fail_at = fail_at
        self.match = match
        self.times = times
        self.count = 0
        self.statements: list[str] = []

    def _maybe_fail(self, sql: str) -> None:
        self.count += 1
        self.statements.append(sql)
        if self.error is None or self.times <= 0:
            return
        hit = (self.fail_at is not None and self.count == self.fail_at) or \
              (self.match is not None and sql.lstrip().upper().startswith(self.match))
        if hit:
            self.times -= 1
            raise self.error

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        """Count the statement; fail it when it is the chosen one."""
        self._maybe_fail(sql)
        return self.real.execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> sqlite3.Cursor:
        """Count the statement; fail it when it is the chosen one."""
        self._maybe_fail(sql)
        return self.real.executemany(sql, parameters)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


@pytest.fixture
def faults() -> Callable[..., FaultyConnection]:
    """``faults(store, kind, fail_at=N | match="COMMIT", times=1)``: install a FaultyConnection on the store."""

    def install(store: Store, kind: str | None = None, **how: Any) -> FaultyConnection:
        conn = store.conn.real if isinstance(store.conn, FaultyConnection) else store.conn
        faulty = FaultyConnection(conn, sqlite_error(kind) if kind else None, **how)
        store.conn = faulty  # type: ignore[assignment]
        return faulty

    return install


@pytest.fixture
def sqlite_fault() -> Callable[[str], sqlite3.Error]:
    """``sqlite_fault(kind)``: the exception sqlite3 raises for a fault of that kind (see ``KINDS``)."""
    return sqlite_error


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Locks held elsewhere fail after 0.2 s instead of the app's 10 s."""
    import backhip_learn.store.sqlite as sqlite_store

    monkeypatch.setattr(sqlite_store, "BUSY_TIMEOUT_MS", 200)


@pytest.fixture
def utc_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The study day rolls over at 4 am local time: pin the local zone so days and snapshots never shift."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
