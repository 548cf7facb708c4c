"""Learner progress in SQLite (stdlib sqlite3): cards, review log, exam results, study days.

API:

- ``Store.open(path)`` (or ``Store.open_data_dir(data_dir)``; also a context manager) opens or creates
  the database: WAL, a busy timeout, forward migrations by ``PRAGMA user_version``. A file that is not
  our database (corrupt, foreign, or from a newer version) raises ``StoreError`` naming the path, and
  is never written to.
- Reads: ``card(item_id) -> CardRow | None``, ``cards(item_ids=None)``, ``review_count()``,
  ``reviews(item_id=None, since=None)``, ``exam_results(exam_id=None)``, ``study_days()``, ``streak(today)``.
- Writes, one transaction each: ``record_review(...) -> ReviewRecord`` (reads the card inside the
  transaction, so two writers never lose a review), ``undo_review(review_id) -> CardRow | None``,
  ``bury(item_id, until)``, ``unbury``, ``suspend(item_id, on=True)``, ``flag(item_id, flag)``,
  ``save_exam_result(...)``.
- Progress is keyed by item id: editing an item's text keeps its progress; an item that leaves the bank
  keeps its rows (the queue simply ignores ids the library no longer has).

Times are stored as integer microseconds since the Unix epoch (UTC) so they compare and index
cheaply and round-trip exactly; ``CardState`` JSON in the log keeps the exact earlier state for undo.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import field, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from backhip_learn.record import Record, record
from backhip_learn.study.scheduling import CardState, Scheduling, require_utc

SCHEMA_VERSION = 2
APPLICATION_ID = 0x42484C31  # "BHL1": marks the file as ours (PRAGMA application_id)
BUSY_TIMEOUT_MS = 10_000
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_SQLITE_HEADER = b"SQLite format 3\x00"

# The first released schema, kept verbatim so that migrating from it stays tested.
SCHEMA_V1 = """
CREATE TABLE cards (
    item_id     TEXT PRIMARY KEY,
    state       INTEGER NOT NULL DEFAULT 0,
    step        INTEGER,
    stability   REAL,
    difficulty  REAL,
    due         INTEGER,
    last_review INTEGER,
    reps        INTEGER NOT NULL DEFAULT 0,
    lapses      INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE reviews (
    id          INTEGER PRIMARY KEY,
    item_id     TEXT NOT NULL,
    rating      INTEGER NOT NULL,
    reviewed_at INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL DEFAULT 0,
    outcome     TEXT
);
"""

# v1 -> v2: bury/suspend/flag, the full review log (response, misconceptions, earlier state for undo),
# exam results, study days, and the indexes the queue and stats need.
MIGRATE_V2 = """
ALTER TABLE cards ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cards ADD COLUMN buried_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cards ADD COLUMN flag INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reviews ADD COLUMN state_before INTEGER NOT NULL DEFAULT 2;
ALTER TABLE reviews ADD COLUMN response TEXT;
ALTER TABLE reviews ADD COLUMN misconceptions TEXT NOT NULL DEFAULT '[]';
ALTER TABLE reviews ADD COLUMN card_before TEXT;
ALTER TABLE reviews ADD COLUMN card_existed INTEGER NOT NULL DEFAULT 1;
ALTER TABLE reviews ADD COLUMN due_after INTEGER;
ALTER TABLE reviews ADD COLUMN deck TEXT;
ALTER TABLE reviews ADD COLUMN day TEXT;
-- Covering for the queue's queries: they never touch the table rows.
CREATE INDEX cards_state_due ON cards (state, due, suspended, buried_until, item_id);
CREATE INDEX reviews_item ON reviews (item_id, id);
CREATE INDEX reviews_time ON reviews (reviewed_at);
CREATE TABLE exam_results (
    id          INTEGER PRIMARY KEY,
    exam_id     TEXT NOT NULL,
    started     INTEGER NOT NULL,
    finished    INTEGER NOT NULL,
    score       REAL NOT NULL,
    passed      INTEGER NOT NULL,
    parts       TEXT NOT NULL DEFAULT '{}',
    answers     TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX exam_results_exam ON exam_results (exam_id, finished);
ALTER TABLE cards ADD COLUMN new_pos INTEGER;
CREATE INDEX cards_new ON cards (new_pos) WHERE state = 0;
CREATE TABLE meta (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL
);
CREATE TABLE study_days (
    day         TEXT PRIMARY KEY,
    reviews     INTEGER NOT NULL DEFAULT 0,
    duration_ms INTEGER NOT NULL DEFAULT 0
);
"""

MIGRATIONS: dict[int, str] = {2: MIGRATE_V2}  # target version -> script from the version before


class StoreError(Exception):
    """The progress database cannot be used (corrupt, foreign, newer); names the file."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = str(path)
        self.message = message


class NoStore(StoreError):
    """There is no progress yet: no file, an empty file, or an SQLite file without tables."""


class OlderStore(StoreError):
    """Opened read-only, the database has an older schema that only a writable open migrates."""


def to_us(dt: datetime) -> int:
    """A UTC-aware datetime as integer microseconds since the epoch (exact)."""
    return (require_utc(dt) - EPOCH) // timedelta(microseconds=1)


def from_us(us: int) -> datetime:
    """Inverse of ``to_us``."""
    return EPOCH + timedelta(microseconds=us)


@record
class CardRow(Record):
    """A card as stored: scheduling state plus the learner's bury/suspend/flag marks."""

    item_id: str
    card: CardState
    suspended: bool = False
    buried_until: datetime | None = None
    flag: int = 0

    def is_buried(self, now: datetime) -> bool:
        """Buried and not yet released at ``now``."""
        return self.buried_until is not None and self.buried_until > now


@record
class ReviewRecord(Record):
    """One row of the review log."""

    id: int
    item_id: str
    rating: int
    reviewed_at: datetime
    duration_ms: int
    state_before: int
    card_before: CardState
    card_after: CardState | None = None
    outcome: dict[str, Any] | None = None
    response: dict[str, Any] | None = None
    misconceptions: tuple[str, ...] = ()
    deck: str | None = None
    day: str | None = None


@record
class ExamResult(Record):
    """A finished exam attempt."""

    id: int
    exam_id: str
    started: datetime
    finished: datetime
    score: float
    passed: bool
    parts: dict[str, float] = field(default_factory=dict)
    answers: list[Any] = field(default_factory=list)


def check_file(path: Path) -> None:
    """Raise ``StoreError`` when an existing file is plainly not an SQLite database."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(path, f"cannot read the progress database: {exc.strerror or exc}") from None
    if head and head != _SQLITE_HEADER:
        raise StoreError(path, "not a backhip-learn progress database (not SQLite); left untouched")


def _damaged(conn: sqlite3.Connection, exc: sqlite3.DatabaseError) -> Exception:
    """A corruption error (plain ``DatabaseError``: "malformed", "not a database") as a ``StoreError``.

    Page 1 is read at open; a damaged page further in only shows when a query reaches it, in the
    middle of `stats` or a study session. Other errors (locked, read-only, constraints) pass as they are.
    """
    if type(exc) is sqlite3.DatabaseError:
        path = getattr(conn, "store_path", "progress database")
        return StoreError(path, f"the progress database is damaged ({exc}); left untouched: "
                                "move it away to start afresh, or restore a backup")
    return exc


class _Cursor(sqlite3.Cursor):
    """A cursor whose corruption errors name the file (see ``_damaged``)."""

    def execute(self, *args: Any, **kwargs: Any) -> _Cursor:
        try:
            return super().execute(*args, **kwargs)
        except sqlite3.DatabaseError as exc:
            raise _damaged(self.connection, exc) from None

    def executemany(self, *args: Any, **kwargs: Any) -> _Cursor:
        try:
            return super().executemany(*args, **kwargs)
        except sqlite3.DatabaseError as exc:
            raise _damaged(self.connection, exc) from None

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except sqlite3.DatabaseError as exc:
            raise _damaged(self.connection, exc) from None

    def fetchmany(self, *args: Any, **kwargs: Any) -> list[Any]:
        try:
            return super().fetchmany(*args, **kwargs)
        except sqlite3.DatabaseError as exc:
            raise _damaged(self.connection, exc) from None

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except sqlite3.DatabaseError as exc:
            raise _damaged(self.connection, exc) from None

    def __next__(self) -> Any:
        try:
            return super().__next__()
        except sqlite3.DatabaseError as exc:
            raise _damaged(self.connection, exc) from None


class _Connection(sqlite3.Connection):
    """A connection whose cursors, ``execute`` included, are ``_Cursor``."""

    store_path: str = "progress database"

    def cursor(self, factory: Any = _Cursor) -> Any:  # type: ignore[override]
        return super().cursor(factory)

    def execute(self, sql: str, parameters: Any = (), /) -> Any:  # type: ignore[override]
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> Any:  # type: ignore[override]
        return self.cursor().executemany(sql, parameters)


class Store:
    """An open progress database."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        if isinstance(conn, _Connection):
            conn.store_path = str(path)
        # One connection may be shared with a worker thread (the TUI saves in workers): transactions
        # on it must not interleave.
        self._lock = threading.RLock()

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: Path | str, *, create: bool = True, read_only: bool = False) -> Store:
        """Open (and create or migrate) the database at ``path``.

        ``create=False`` refuses a missing or empty file (SQLite would happily turn an empty file
        into a new database). ``read_only=True`` also never writes, migrates nor sets WAL, and works
        in a folder the learner cannot write (``OlderStore`` when the schema needs a migration).
        """
        path = Path(path)
        check_file(path)
        if (not create or read_only) and (not path.exists() or path.stat().st_size == 0):
            raise NoStore(path, "no progress database yet")
        if read_only:
            return cls._open_read_only(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(path, f"cannot create the folder for progress: {exc.strerror or exc}") from None
        # SQLite opens a file it cannot write read-only without a word, and only the first review
        # would fail (a traceback mid-session); WAL also needs to create files next to it.
        if path.exists() and not os.access(path, os.W_OK):
            raise StoreError(path, "the progress database is read-only: reviews could not be saved "
                             "(`backhip-learn stats` can still read it)")
        if not os.access(path.parent, os.W_OK | os.X_OK):
            raise StoreError(path, f"the folder {path.parent} is not writable: reviews could not be saved")
        try:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                   check_same_thread=False, factory=_Connection)
        except sqlite3.Error as exc:
            raise StoreError(path, f"cannot open: {exc}") from None
        store = cls(conn, path)
        try:
            store._setup()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(path, f"not a usable progress database ({exc}); left untouched") from None
        except StoreError:
            conn.close()
            raise
        return store

    @classmethod
    def _open_read_only(cls, path: Path) -> Store:
        """Open an existing database for reading only (see ``open``)."""
        uri = path.resolve().as_uri() + "?mode=ro"
        failure: sqlite3.Error | None = None
        # Plain read-only first: it sees commits still in the WAL. It fails in a folder we cannot
        # write when there is no -shm file to share; then no -wal can exist either, and reading the
        # file as immutable is exact.
        for suffix in ("", "&immutable=1"):
            conn = sqlite3.connect(uri + suffix, uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                                   isolation_level=None, check_same_thread=False, factory=_Connection)
            store = cls(conn, path)
            try:
                store._check_schema(read_only=True)
            except sqlite3.OperationalError as exc:
                conn.close()
                failure = exc
                continue
            except sqlite3.DatabaseError as exc:
                conn.close()
                raise StoreError(path, f"not a usable progress database ({exc}); left untouched") from None
            except StoreError:
                conn.close()
                raise
            return store
        raise StoreError(path, f"cannot read the progress database ({failure})")

    @classmethod
    def open_data_dir(cls, data_dir: str | os.PathLike[str] | None = None) -> Store:
        """Open the database in the learner's data directory (``--data-dir`` override)."""
        from backhip_learn.paths import database_path

        return cls.open(database_path(data_dir))

    def _check_schema(self, *, read_only: bool = False) -> tuple[int, list[str]]:
        """The schema version and tables; raise ``StoreError`` for a file that is not ours. Reads only."""
        c = self.conn
        c.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = c.execute("PRAGMA user_version").fetchone()[0]
        app_id = c.execute("PRAGMA application_id").fetchone()[0]
        tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        if tables and app_id != APPLICATION_ID and not (version == 1 and {"cards", "reviews"} <= set(tables)):
            raise StoreError(self.path, "a database, but not a backhip-learn progress database; left untouched")
        if version > SCHEMA_VERSION:
            raise StoreError(
                self.path, f"made by a newer backhip-learn (schema {version}, this one knows {SCHEMA_VERSION})"
            )
        if read_only and not tables:
            raise NoStore(self.path, "no progress database yet")
        if read_only and version < SCHEMA_VERSION:
            raise OlderStore(self.path, f"schema {version} needs an upgrade (any study session does it)")
        return version, tables

    def _setup(self) -> None:
        c = self.conn
        # Reading the schema first: a corrupt file fails here, before anything is written.
        version, tables = self._check_schema()
        if c.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
            raise StoreError(self.path, "cannot switch the database to WAL mode")
        # NORMAL in WAL survives a killed process (the WAL is in the OS cache); only a power cut may drop
        # the last commits, never corrupt. FULL costs an fsync per review.
        c.execute("PRAGMA synchronous = NORMAL")
        c.execute("PRAGMA foreign_keys = ON")
        if not tables:
            self._migrate(0)
        elif version < SCHEMA_VERSION:
            self._migrate(version)

    def _migrate(self, version: int) -> None:
        """Bring the schema from ``version`` (0 = empty) up to ``SCHEMA_VERSION``, one transaction."""
        with self.transaction():
            current = self.conn.execute("PRAGMA user_version").fetchone()[0]
            if current >= SCHEMA_VERSION:  # another process migrated while we waited
                return
            if version == 0:
                _run_script(self.conn, SCHEMA_V1)
                version = 1
            for target in range(version + 1, SCHEMA_VERSION + 1):
                _run_script(self.conn, MIGRATIONS[target])
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @property
    def schema_version(self) -> int:
        """The database's ``PRAGMA user_version``."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE: takes the write lock up front, waits on busy)."""
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")

    # ------------------------------------------------------------------ cards

    _CARD_COLS = "item_id, state, step, stability, difficulty, due, last_review, reps, lapses, suspended, buried_until, flag"

    @staticmethod
    def _row_to_card(row: Sequence[Any]) -> CardRow:
        item_id, state, step, stab, diff, due, last, reps, lapses, suspended, buried, flag = row
        return CardRow(
            item_id=item_id,
            card=CardState(
                state=state, step=step, stability=stab, difficulty=diff,
                due=from_us(due) if due is not None else None,
                last_review=from_us(last) if last is not None else None,
                reps=reps, lapses=lapses,
            ),
            suspended=bool(suspended),
            buried_until=from_us(buried) if buried else None,
            flag=flag,
        )

    def card(self, item_id: str) -> CardRow | None:
        """The stored card of an item, or None if it has no row (never in a queue's library, never touched)."""
        row = self.conn.execute(f"SELECT {self._CARD_COLS} FROM cards WHERE item_id = ?", (item_id,)).fetchone()
        return self._row_to_card(row) if row else None

    def sync_library(self, item_ids: Sequence[str]) -> bool:
        """Give every item of the library a card row and its bank position, once per library change.

        New cards are then read in bank order straight from an index (``new_cards``), instead of
        reading every reviewed id into Python to find the unseen ones: with 100,000 cards that is the
        difference between a few milliseconds and a hundred. Returns whether anything was written.
        """
        digest = hashlib.sha1("\n".join(item_ids).encode()).hexdigest()
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'library'").fetchone()
        if row and row[0] == digest:
            return False
        with self.transaction():
            self.conn.executemany(
                "INSERT INTO cards (item_id, state, new_pos) VALUES (?, 0, ?)"
                " ON CONFLICT (item_id) DO UPDATE SET new_pos = excluded.new_pos",
                ((item_id, pos) for pos, item_id in enumerate(item_ids)),
            )
            self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('library', ?)", (digest,))
        return True

    def new_cards(self, now: datetime) -> Iterator[str]:
        """Ids of never-reviewed cards that are neither suspended nor buried, in bank position order."""
        cur = self.conn.execute(
            "SELECT item_id, suspended, buried_until FROM cards WHERE state = 0 AND new_pos IS NOT NULL"
            " ORDER BY new_pos"
        )
        now_us = to_us(now)
        try:
            for item_id, suspended, buried in cur:
                if not suspended and buried <= now_us:
                    yield item_id
        finally:
            cur.close()

    def card_state(self, item_id: str) -> CardState:
        """The scheduling state of an item (``NEW_CARD`` if never reviewed)."""
        row = self.card(item_id)
        return row.card if row else CardState()

    def cards(self, item_ids: Iterable[str] | None = None) -> dict[str, CardRow]:
        """Stored cards by item id (all, or only the given ids)."""
        if item_ids is None:
            rows = self.conn.execute(f"SELECT {self._CARD_COLS} FROM cards").fetchall()
        else:
            ids = list(item_ids)
            rows = []
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                rows += self.conn.execute(
                    f"SELECT {self._CARD_COLS} FROM cards WHERE item_id IN ({','.join('?' * len(chunk))})", chunk
                ).fetchall()
        return {r[0]: self._row_to_card(r) for r in rows}

    _UPSERT = (
        f"INSERT INTO cards ({_CARD_COLS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (item_id) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in _CARD_COLS.split(", ")[1:])  # new_pos is kept
    )

    def _write_card(self, row: CardRow) -> None:
        c = row.card
        self.conn.execute(
            self._UPSERT,
            (
                row.item_id, c.state, c.step, c.stability, c.difficulty,
                to_us(c.due) if c.due else None, to_us(c.last_review) if c.last_review else None,
                c.reps, c.lapses, int(row.suspended), to_us(row.buried_until) if row.buried_until else 0, row.flag,
            ),
        )

    def _update_marks(self, item_id: str, **marks: Any) -> CardRow:
        with self.transaction():
            row = self.card(item_id) or CardRow(item_id, CardState())
            row = replace(row, **marks)
            self._write_card(row)
        return row

    def bury(self, item_id: str, until: datetime) -> CardRow:
        """Hide a card until ``until`` (the queue passes the next day's start)."""
        return self._update_marks(item_id, buried_until=require_utc(until))

    def unbury(self, item_id: str) -> CardRow:
        """Release a buried card now."""
        return self._update_marks(item_id, buried_until=None)

    def suspend(self, item_id: str, on: bool = True) -> CardRow:
        """Suspend (or, with ``on=False``, unsuspend) a card: it leaves every queue until unsuspended."""
        return self._update_marks(item_id, suspended=on)

    def flag(self, item_id: str, flag: int) -> CardRow:
        """Set a card's flag (0 = none, 1..7 as in Anki: red, orange, green, blue, ...)."""
        if not 0 <= flag <= 7:
            raise ValueError("flag must be 0..7")
        return self._update_marks(item_id, flag=flag)

    # ------------------------------------------------------------------ reviews

    def record_review(
        self,
        item_id: str,
        rating: int,
        now: datetime,
        scheduling: Scheduling,
        *,
        outcome: Mapping[str, Any] | None = None,
        response: Mapping[str, Any] | None = None,
        misconceptions: Sequence[str] = (),
        duration_ms: int = 0,
        deck: str | None = None,
        day: date | str | None = None,
    ) -> ReviewRecord:
        """Schedule and save one review in one transaction; returns the log row (with the new state).

        The card is read inside the transaction, so a second writer reviewing the same card waits
        and then builds on this review instead of overwriting it. ``day`` is the learner's study day
        (see ``queue.study_day``) for the streak record.
        """
        now = require_utc(now)
        day_s = day.isoformat() if isinstance(day, date) else day
        with self.transaction():
            row = self.card(item_id)
            existed = row is not None
            row = row or CardRow(item_id, CardState())
            before = row.card
            after = scheduling.review(before, rating, now)
            self._write_card(replace(row, card=after))
            misc = list(dict.fromkeys(misconceptions or (outcome or {}).get("misconceptions", ())))
            cur = self.conn.execute(
                "INSERT INTO reviews (item_id, rating, reviewed_at, duration_ms, outcome, state_before, response,"
                " misconceptions, card_before, card_existed, due_after, deck, day)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    item_id, int(rating), to_us(now), int(duration_ms),
                    json.dumps(outcome, sort_keys=True) if outcome is not None else None,
                    before.state,
                    json.dumps(response, sort_keys=True) if response is not None else None,
                    json.dumps(misc),
                    json.dumps(before.to_dict()),
                    int(existed),
                    to_us(after.due) if after.due else None,
                    deck,
                    day_s,
                ),
            )
            if day_s:
                self.conn.execute(
                    "INSERT INTO study_days (day, reviews, duration_ms) VALUES (?, 1, ?)"
                    " ON CONFLICT(day) DO UPDATE SET reviews = reviews + 1, duration_ms = duration_ms + excluded.duration_ms",
                    (day_s, int(duration_ms)),
                )
            review_id = cur.lastrowid
        assert review_id is not None
        return ReviewRecord(
            id=review_id, item_id=item_id, rating=int(rating), reviewed_at=now, duration_ms=int(duration_ms),
            state_before=before.state, card_before=before, card_after=after,
            outcome=dict(outcome) if outcome is not None else None,
            response=dict(response) if response is not None else None,
            misconceptions=tuple(misc), deck=deck, day=day_s,
        )

    def undo_review(self, review_id: int) -> CardRow | None:
        """Undo a review: the card returns to its exact earlier state and the log row goes.

        Only the latest review of that card can be undone; returns the restored card (None if the
        card had no row before, in which case the row is removed), or raises ``LookupError``.
        """
        with self.transaction():
            row = self.conn.execute(
                "SELECT item_id, card_before, card_existed, day, duration_ms FROM reviews WHERE id = ?", (review_id,)
            ).fetchone()
            if row is None:
                raise LookupError(f"no review {review_id}")
            item_id, before_json, existed, day_s, duration = row
            latest = self.conn.execute(
                "SELECT MAX(id) FROM reviews WHERE item_id = ?", (item_id,)
            ).fetchone()[0]
            if latest != review_id:
                raise LookupError(f"review {review_id} is not the latest review of '{item_id}'")
            self.conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
            if day_s:
                self.conn.execute(
                    "UPDATE study_days SET reviews = MAX(reviews - 1, 0), duration_ms = MAX(duration_ms - ?, 0)"
                    " WHERE day = ?",
                    (int(duration or 0), day_s),
                )
            current = self.card(item_id)
            if before_json is None:  # a v1 log row: no earlier state was kept
                raise LookupError(f"review {review_id} predates undo support")
            before = CardState.from_dict(json.loads(before_json))
            if not existed:
                self.conn.execute("DELETE FROM cards WHERE item_id = ?", (item_id,))
                restored = None
            else:
                restored = replace(current or CardRow(item_id, before), card=before)
                self._write_card(restored)
        return restored

    def review_count(self, *, since: datetime | None = None) -> int:
        """How many reviews are logged (since ``since``, if given)."""
        if since is None:
            return int(self.conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])
        return int(
            self.conn.execute("SELECT COUNT(*) FROM reviews WHERE reviewed_at >= ?", (to_us(since),)).fetchone()[0]
        )

    def reviews(self, *, item_id: str | None = None, since: datetime | None = None) -> list[ReviewRecord]:
        """Logged reviews, oldest first (of one item and/or since a time)."""
        where, args = [], []
        if item_id is not None:
            where.append("item_id = ?")
            args.append(item_id)
        if since is not None:
            where.append("reviewed_at >= ?")
            args.append(to_us(since))
        sql = (
            "SELECT id, item_id, rating, reviewed_at, duration_ms, state_before, card_before, outcome, response,"
            " misconceptions, deck, day FROM reviews"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        out = []
        for r in self.conn.execute(sql + " ORDER BY id", args):
            out.append(
                ReviewRecord(
                    id=r[0], item_id=r[1], rating=r[2], reviewed_at=from_us(r[3]), duration_ms=r[4],
                    state_before=r[5],
                    card_before=CardState.from_dict(json.loads(r[6])) if r[6] else CardState(),
                    outcome=json.loads(r[7]) if r[7] else None,
                    response=json.loads(r[8]) if r[8] else None,
                    misconceptions=tuple(json.loads(r[9] or "[]")), deck=r[10], day=r[11],
                )
            )
        return out

    def day_counts(self, day_start: datetime) -> tuple[int, int]:
        """(new cards introduced, review-state cards reviewed) since ``day_start``: what the limits count."""
        row = self.conn.execute(
            "SELECT COALESCE(SUM(state_before = 0), 0), COALESCE(SUM(state_before = 2), 0)"
            " FROM reviews WHERE reviewed_at >= ?",
            (to_us(day_start),),
        ).fetchone()
        return int(row[0]), int(row[1])

    # ------------------------------------------------------------------ exams and days

    def save_exam_result(
        self,
        exam_id: str,
        *,
        started: datetime,
        finished: datetime,
        score: float,
        passed: bool,
        parts: Mapping[str, float] | None = None,
        answers: Sequence[Any] = (),
    ) -> ExamResult:
        """Save a finished exam attempt (one transaction)."""
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO exam_results (exam_id, started, finished, score, passed, parts, answers)"
                " VALUES (?,?,?,?,?,?,?)",
                (exam_id, to_us(started), to_us(finished), float(score), int(passed),
                 json.dumps(dict(parts or {}), sort_keys=True), json.dumps(list(answers))),
            )
        assert cur.lastrowid is not None
        return ExamResult(cur.lastrowid, exam_id, require_utc(started), require_utc(finished), float(score),
                          bool(passed), dict(parts or {}), list(answers))

    def exam_results(self, exam_id: str | None = None) -> list[ExamResult]:
        """Saved exam attempts, oldest first."""
        sql = "SELECT id, exam_id, started, finished, score, passed, parts, answers FROM exam_results"
        args: tuple[Any, ...] = ()
        if exam_id is not None:
            sql += " WHERE exam_id = ?"
            args = (exam_id,)
        return [
            ExamResult(r[0], r[1], from_us(r[2]), from_us(r[3]), r[4], bool(r[5]), json.loads(r[6]), json.loads(r[7]))
            for r in self.conn.execute(sql + " ORDER BY finished, id", args)
        ]

    def study_days(self) -> dict[str, int]:
        """Reviews per study day (ISO date -> count), for days with any."""
        return {d: n for d, n in self.conn.execute("SELECT day, reviews FROM study_days WHERE reviews > 0 ORDER BY day")}

    def streak(self, today: date) -> int:
        """Consecutive study days ending today (or yesterday, if today has none yet)."""
        days = set(self.study_days())
        d = today if today.isoformat() in days else today - timedelta(days=1)
        n = 0
        while d.isoformat() in days:
            n += 1
            d -= timedelta(days=1)
        return n


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run ``;``-separated statements inside the current transaction (executescript would COMMIT)."""
    for stmt in script.split(";"):
        if stmt.strip():
            conn.execute(stmt)
