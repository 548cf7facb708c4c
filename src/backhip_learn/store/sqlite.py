"""The SQLite backend (stdlib sqlite3): one file in the learner's data folder.

``SQLiteStore.open(path)`` opens or creates the database: WAL, a busy timeout, forward migrations by
``PRAGMA user_version`` (schema.py). A file that is not our database (corrupt, foreign, or from a
newer version) raises ``StoreError`` naming the path, and is never written to. The methods are those
of ``base.ProgressStore``; every write is one transaction.

Every SQL statement of the app is in this module, and every ``sqlite3`` error leaves it through one
boundary (``_translated``) as a ``StoreError`` subclass (errors.py); a row that cannot be decoded is
``StoreDamaged`` naming the row. Times are stored as integer microseconds since the Unix epoch (UTC);
``CardState`` JSON in the log keeps the exact earlier state for undo.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import inspect
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar, cast

from backhip_learn.content.cards import split_card_id
from backhip_learn.paths import database_path
from backhip_learn.store.base import Reviewer
from backhip_learn.store.errors import (
    DAMAGED_HINT,
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
    CardRow,
    ExamResult,
    ReviewRecord,
    from_us,
    to_us,
)
from backhip_learn.store.schema import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_V1,
    SCHEMA_VERSION,
)
from backhip_learn.study.types import STATE_NAMES, CardState, require_utc

BUSY_TIMEOUT_MS = 10_000  # how long a write waits for a lock held elsewhere, unless ``open`` is given another
_SQLITE_HEADER = b"SQLite format 3\x00"
_CARD_STATES = frozenset(STATE_NAMES)

F = TypeVar("F", bound=Callable[..., Any])


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


def translate(path: Path | str, exc: sqlite3.Error, *, busy_timeout_ms: int | None = None) -> StoreError:
    """An sqlite3 error as the ``StoreError`` subclass a caller can act on (retry, report, stop).

    ``busy_timeout_ms`` is the connection's wait for a lock, named in the message (``BUSY_TIMEOUT_MS`` by default).
    """
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc)
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in text:
        waited = BUSY_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms
        return StoreBusy(path, f"the progress database is locked by another program for more than "
                               f"{waited / 1000:g} s (another backhip-learn session writing?)")
    if primary == sqlite3.SQLITE_FULL or "full" in text:
        return StoreFull(path, "the disk is full (or the file size limit is reached): nothing was saved")
    if primary in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN):
        return StoreIOError(path, f"the progress database could not be read or written ({text}): the disk may be "
                                  "full, over a file-size limit (ulimit -f), failing or gone")
    if primary == sqlite3.SQLITE_READONLY:
        return StoreError(path, "the progress database is read-only: reviews could not be saved")
    # Corruption (SQLITE_CORRUPT, SQLITE_NOTADB), and, as our statements are fixed, any other refusal
    # (no such column, malformed JSON in a column, a constraint): the file is not what this version wrote.
    return StoreDamaged(path, f"the progress database is damaged ({text}); {DAMAGED_HINT}")


def _translated(method: F) -> F:
    """The one error boundary: ``sqlite3`` errors raised by ``method`` (or while iterating it) become ``StoreError``."""
    if inspect.isgeneratorfunction(method):
        @functools.wraps(method)
        def gen_wrapper(self: SQLiteStore, *args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                yield from method(self, *args, **kwargs)
            except sqlite3.Error as exc:
                raise translate(self.path, exc, busy_timeout_ms=self.busy_timeout_ms) from None
        return cast(F, gen_wrapper)

    @functools.wraps(method)
    def wrapper(self: SQLiteStore, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise translate(self.path, exc, busy_timeout_ms=self.busy_timeout_ms) from None
    return cast(F, wrapper)


def _bad_row(path: Path, problem: str) -> StoreDamaged:
    """A row that holds what this version never writes: the database is damaged (or edited by hand)."""
    return StoreDamaged(path, f"the progress database is damaged: {problem}; {DAMAGED_HINT}")


def _time(path: Path, us: object, what: str) -> datetime:
    """A stored microsecond time, or ``StoreDamaged`` naming the row (text, or out of datetime's range)."""
    if type(us) is not int:
        raise _bad_row(path, f"{what} is not a time ({us!r})")
    try:
        return from_us(us)
    except OverflowError:
        raise _bad_row(path, f"{what} is out of range ({us})") from None


def _json(path: Path, text: object, what: str, kind: type) -> Any:
    """A stored JSON value of the expected kind, or ``StoreDamaged`` naming the row."""
    try:
        value = json.loads(text)  # type: ignore[arg-type]
    except (TypeError, ValueError, RecursionError):
        value = None
    if not isinstance(value, kind):
        raise _bad_row(path, f"{what} is not valid JSON {kind.__name__} ({str(text)[:40]!r})")
    return value


class SQLiteStore:
    """An open progress database (``base.ProgressStore`` over one SQLite file)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, busy_timeout_ms: int | None = None) -> None:
        self.conn = conn  # for tests and benchmarks that write rows directly; the app never uses it
        self.path = path
        self.busy_timeout_ms = BUSY_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms
        self.note: str | None = None  # how a read-only open read the file, when the learner should know
        # One connection may be shared with a worker thread (the TUI saves in workers): transactions
        # on it must not interleave.
        self._lock = threading.RLock()

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: Path | str, *, create: bool = True, read_only: bool = False,
             busy_timeout_ms: int | None = None) -> SQLiteStore:
        """Open (and create or migrate) the database at ``path``.

        ``create=False`` refuses a missing or empty file (SQLite would happily turn an empty file
        into a new database). ``read_only=True`` never writes nor migrates, leaves no files behind, and
        works in a folder the learner cannot write (``OlderStore`` when the schema needs a migration).
        ``busy_timeout_ms`` is how long a statement waits for a lock held by another program before it
        fails with ``StoreBusy`` (``BUSY_TIMEOUT_MS`` unless given).
        """
        path = Path(path)
        check_file(path)
        if (not create or read_only) and (not path.exists() or path.stat().st_size == 0):
            raise NoStore(path, "no progress database yet")
        if read_only:
            return cls._open_read_only(path, busy_timeout_ms)
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
        store = cls._connect(path, str(path), uri=False, busy_timeout_ms=busy_timeout_ms)
        try:
            store._setup()
        except sqlite3.Error as exc:
            store.conn.close()
            error = translate(path, exc, busy_timeout_ms=store.busy_timeout_ms)
            if isinstance(error, StoreDamaged):
                raise StoreError(path, f"not a usable progress database ({exc}); left untouched") from None
            raise error from None
        except StoreError:
            store.conn.close()
            raise
        return store

    @classmethod
    def _connect(cls, path: Path, target: str, *, uri: bool, busy_timeout_ms: int | None = None) -> SQLiteStore:
        timeout_ms = BUSY_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms
        try:
            conn = sqlite3.connect(target, uri=uri, timeout=timeout_ms / 1000, isolation_level=None,
                                   check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(path, f"cannot open: {exc}") from None
        return cls(conn, path, timeout_ms)

    @classmethod
    def _open_read_only(cls, path: Path, busy_timeout_ms: int | None = None) -> SQLiteStore:
        """Open an existing database for reading only (see ``open``).

        Where the file and its folder are writable, an ordinary connection with ``query_only`` reads
        the latest commits and, being the last to close, removes the -wal and -shm files it made.
        In a folder we cannot write, ``mode=ro`` works while another session keeps a -shm file; with
        none, the file alone is read as immutable, which is exact only without a -wal file: with one,
        the newest reviews are unreadable and we say so rather than report old numbers.
        """
        uri = path.resolve().as_uri()
        writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)
        store = cls._connect(path, uri + ("?mode=rw" if writable else "?mode=ro"), uri=True,
                             busy_timeout_ms=busy_timeout_ms)
        try:
            if writable:
                store.conn.execute("PRAGMA query_only = ON")
            store._check_schema(read_only=True)
            return store
        except sqlite3.Error as exc:
            store.conn.close()
            error = translate(path, exc, busy_timeout_ms=store.busy_timeout_ms)
            if writable or not isinstance(error, StoreIOError):
                if isinstance(error, StoreDamaged):
                    raise StoreError(path, f"not a usable progress database ({exc}); left untouched") from None
                raise error from None
        except StoreError:
            store.conn.close()
            raise
        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise StoreError(path, f"the newest progress is in {wal.name}, which cannot be read because the folder "
                                   f"{path.parent} is read-only (SQLite needs to create {path.name}-shm); "
                                   "copy the folder somewhere writable, or open it once with write access")
        store = cls._connect(path, uri + "?mode=ro&immutable=1", uri=True, busy_timeout_ms=busy_timeout_ms)
        try:
            store._check_schema(read_only=True)
        except sqlite3.Error as exc:
            store.conn.close()
            raise StoreError(path, f"cannot read the progress database ({exc})") from None
        except StoreError:
            store.conn.close()
            raise
        store.note = (f"{path.parent} is read-only: read {path.name} as it is on disk "
                      "(a session writing to it at this moment would not show)")
        return store

    @classmethod
    def open_data_dir(cls, data_dir: str | os.PathLike[str] | None = None, *,
                      busy_timeout_ms: int | None = None) -> SQLiteStore:
        """Open the database in the learner's data directory (``--data-dir`` override)."""
        return cls.open(database_path(data_dir), busy_timeout_ms=busy_timeout_ms)

    def _check_schema(self, *, read_only: bool = False) -> tuple[int, list[str]]:
        """The schema version and tables; raise ``StoreError`` for a file that is not ours. Reads only."""
        c = self.conn
        c.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
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
    @_translated
    def schema_version(self) -> int:
        """The database's ``PRAGMA user_version``."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        """Close the connection (errors closing are of no use to the learner: the data is committed)."""
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE: takes the write lock up front, waits on busy).

        A failed COMMIT (a full disk, a lock) may leave the transaction open or roll it back itself;
        either way it ends rolled back here, so the connection stays usable for a retry.
        """
        with self._lock:
            conn = self.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise

    # ------------------------------------------------------------------ cards

    _CARD_COLS = (
        "item_id, state, step, stability, difficulty, due, last_review, reps, lapses, suspended, buried_until, flag"
    )

    def _row_to_card(self, row: Sequence[Any]) -> CardRow:
        """A cards row as a ``CardRow``; ``StoreDamaged`` naming the card when a column holds what we never write."""
        item_id, state, step, stab, diff, due, last, reps, lapses, suspended, buried, flag = row
        what = f"the card of '{item_id}'"
        if state not in _CARD_STATES or type(state) is not int:
            raise _bad_row(self.path, f"{what} has an unknown state ({state!r})")
        for name, value in (("step", step), ("reps", reps), ("lapses", lapses), ("flag", flag)):
            if type(value) is not int and not (value is None and name == "step"):
                raise _bad_row(self.path, f"{what} has a bad {name} ({value!r})")
        for name, value in (("stability", stab), ("difficulty", diff)):
            if value is not None and type(value) not in (float, int):
                raise _bad_row(self.path, f"{what} has a bad {name} ({value!r})")
        return CardRow(
            item_id=item_id,
            card=CardState(
                state=state, step=step, stability=stab, difficulty=diff,
                due=_time(self.path, due, f"{what}: due") if due is not None else None,
                last_review=_time(self.path, last, f"{what}: last review") if last is not None else None,
                reps=reps, lapses=lapses,
            ),
            suspended=bool(suspended),
            buried_until=_time(self.path, buried, f"{what}: buried until") if buried else None,
            flag=flag,
        )

    @_translated
    def card(self, item_id: str) -> CardRow | None:
        """The stored card of an item, or None if it has no row (never in a queue's library, never touched)."""
        row = self.conn.execute(f"SELECT {self._CARD_COLS} FROM cards WHERE item_id = ?", (item_id,)).fetchone()
        return self._row_to_card(row) if row else None

    @_translated
    def sync_library(self, item_ids: Sequence[str]) -> bool:
        """Give every item of the library a card row and its bank position, once per library change.

        New cards are then read in bank order straight from an index (``new_cards``), instead of
        reading every reviewed id into Python to find the unseen ones, which grows with the collection.
        Returns whether anything was written.
        """
        digest = hashlib.sha1("\n".join(item_ids).encode()).hexdigest()
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'library'").fetchone()
        if row and row[0] == digest:
            return False
        with self.transaction():
            self._split_cloze(item_ids)
            self.conn.executemany(
                "INSERT INTO cards (item_id, state, new_pos) VALUES (?, 0, ?)"
                " ON CONFLICT (item_id) DO UPDATE SET new_pos = excluded.new_pos",
                ((item_id, pos) for pos, item_id in enumerate(item_ids)),
            )
            self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('library', ?)", (digest,))
        return True

    def _split_cloze(self, card_ids: Sequence[str]) -> None:
        """Finish the v4 migration for the cloze items of this library: one card per gap number.

        The card of the lowest number takes over the old whole-cloze row and its reviews; the
        other numbers start from a copy of its schedule (they were reviewed together until now).
        Items this library lacks stay listed for a later sync.
        """
        pending = {r[0] for r in self.conn.execute("SELECT item_id FROM cloze_split")}
        if not pending:
            return
        numbers: dict[str, list[tuple[int, str]]] = {}
        for card in card_ids:
            base, number = split_card_id(card)
            if number is not None and base in pending:
                numbers.setdefault(base, []).append((number, card))
        c = self.conn
        for base, cards in numbers.items():
            (_, first), *rest = sorted(cards)
            if c.execute("SELECT 1 FROM cards WHERE item_id = ?", (first,)).fetchone() is None:
                c.execute("UPDATE cards SET item_id = ? WHERE item_id = ?", (first, base))
                c.execute("UPDATE reviews SET item_id = ? WHERE item_id = ?", (first, base))
            c.executemany(
                "INSERT OR IGNORE INTO cards (item_id, state, step, stability, difficulty, due, last_review, reps,"
                " lapses, suspended, buried_until, flag) SELECT ?, state, step, stability, difficulty, due,"
                " last_review, reps, lapses, suspended, buried_until, flag FROM cards WHERE item_id = ?",
                ((card, first) for _, card in rest),
            )
            c.execute("DELETE FROM cloze_split WHERE item_id = ?", (base,))

    @_translated
    def new_cards(self, now: datetime) -> Generator[str, None, None]:
        """Ids of never-reviewed cards that are neither suspended nor buried, in bank position order."""
        cur = self.conn.execute(
            "SELECT item_id, suspended, buried_until FROM cards WHERE state = 0 AND new_pos IS NOT NULL"
            " ORDER BY new_pos"
        )
        now_us = to_us(now)
        try:
            for item_id, suspended, buried in cur:
                if not suspended and (buried or 0) <= now_us:
                    yield item_id
        finally:
            cur.close()

    @_translated
    def learning_due(self, before: datetime | None, now: datetime) -> list[tuple[datetime, str]]:
        """(due, item id) of learning and relearning cards due before ``before`` (None: any time), unburied at now."""
        rows = self.conn.execute(
            "SELECT due, item_id FROM cards WHERE state IN (1, 3) AND suspended = 0 AND buried_until <= ? AND "
            + ("due < ?" if before is not None else "due IS NOT NULL"),
            (to_us(now), to_us(before)) if before is not None else (to_us(now),),
        ).fetchall()
        return [(_time(self.path, due, f"the card of '{item_id}': due"), item_id) for due, item_id in rows]

    @_translated
    def due_reviews(self, before: datetime | None, now: datetime) -> Generator[str, None, None]:
        """Review-state cards due before ``before`` (None: any time), most overdue first; read as iterated."""
        cur = self.conn.execute(
            "SELECT item_id FROM cards WHERE state = 2 AND suspended = 0 AND buried_until <= ? AND "
            + ("due < ?" if before is not None else "due IS NOT NULL") + " ORDER BY due",
            (to_us(now), to_us(before)) if before is not None else (to_us(now),),
        )
        try:
            for (item_id,) in cur:
                yield item_id
        finally:
            cur.close()

    @_translated
    def card_state(self, item_id: str) -> CardState:
        """The scheduling state of an item (``NEW_CARD`` if never reviewed)."""
        row = self.card(item_id)
        return row.card if row else CardState()

    @_translated
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

    @_translated
    def bury(self, item_id: str, until: datetime) -> CardRow:
        """Hide a card until ``until`` (the queue passes the next day's start)."""
        return self._update_marks(item_id, buried_until=require_utc(until))

    @_translated
    def unbury(self, item_id: str) -> CardRow:
        """Release a buried card now."""
        return self._update_marks(item_id, buried_until=None)

    @_translated
    def suspend(self, item_id: str, on: bool = True) -> CardRow:
        """Suspend (or, with ``on=False``, unsuspend) a card: it leaves every queue until unsuspended."""
        return self._update_marks(item_id, suspended=on)

    @_translated
    def flag(self, item_id: str, flag: int) -> CardRow:
        """Set a card's flag (0 = none, 1..7 as in Anki: red, orange, green, blue, ...)."""
        if not 0 <= flag <= 7:
            raise ValueError("flag must be 0..7")
        return self._update_marks(item_id, flag=flag)

    @_translated
    def forget(self, item_id: str) -> CardRow:
        """Reset a card to new (Anki's Forget): its review log stays, its marks (flag, suspended) too."""
        return self._update_marks(item_id, card=CardState())

    # ------------------------------------------------------------------ reviews

    @_translated
    def record_review(
        self,
        item_id: str,
        rating: int,
        now: datetime,
        scheduling: Reviewer,
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
                    " ON CONFLICT(day) DO UPDATE SET reviews = reviews + 1,"
                    " duration_ms = duration_ms + excluded.duration_ms",
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

    @_translated
    def undo_review(self, review_id: int) -> CardRow | None:
        """Undo a review: the card returns to its exact earlier state and the log row goes.

        Only the latest review of that card can be undone; returns the restored card (None if the
        card had no row before, in which case the row is removed), or raises ``NotLatest`` (a
        ``LookupError`` too) when another session graded the card since or already undid the review.
        """
        with self.transaction():
            row = self.conn.execute(
                "SELECT item_id, card_before, card_existed, day, duration_ms FROM reviews WHERE id = ?", (review_id,)
            ).fetchone()
            if row is None:
                raise NotLatest(self.path, f"review {review_id} is gone (undone in another session on this data "
                                           "folder?); nothing was undone")
            item_id, before_json, existed, day_s, duration = row
            latest = self.conn.execute(
                "SELECT MAX(id) FROM reviews WHERE item_id = ?", (item_id,)
            ).fetchone()[0]
            if latest != review_id:
                raise NotLatest(self.path, f"the last grade of '{item_id}' was made elsewhere (another session on "
                                           "this data folder graded it since): nothing was undone")
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
            before = self._card_state_json(before_json, f"review {review_id}: the earlier state")
            if not existed:
                self.conn.execute("DELETE FROM cards WHERE item_id = ?", (item_id,))
                restored = None
            else:
                restored = replace(current or CardRow(item_id, before), card=before)
                self._write_card(restored)
        return restored

    @_translated
    def review_count(self, *, since: datetime | None = None) -> int:
        """How many reviews are logged (since ``since``, if given)."""
        if since is None:
            return int(self.conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])
        return int(
            self.conn.execute("SELECT COUNT(*) FROM reviews WHERE reviewed_at >= ?", (to_us(since),)).fetchone()[0]
        )

    @_translated
    def reviews(self, *, item_id: str | None = None, since: datetime | None = None) -> list[ReviewRecord]:
        """Logged reviews, oldest first (of one item and/or since a time)."""
        where: list[str] = []
        args: list[object] = []
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
        path = self.path
        for r in self.conn.execute(sql + " ORDER BY id", args):
            what = f"review {r[0]}"
            out.append(
                ReviewRecord(
                    id=r[0], item_id=r[1], rating=r[2], reviewed_at=_time(path, r[3], f"{what}: time"),
                    duration_ms=r[4], state_before=r[5],
                    card_before=self._card_state_json(r[6], f"{what}: the earlier state") if r[6] else CardState(),
                    outcome=_json(path, r[7], f"{what}: the outcome", dict) if r[7] else None,
                    response=_json(path, r[8], f"{what}: the response", dict) if r[8] else None,
                    misconceptions=tuple(_json(path, r[9] or "[]", f"{what}: the misconceptions", list)),
                    deck=r[10], day=r[11],
                )
            )
        return out

    def _card_state_json(self, text: str, what: str) -> CardState:
        """A ``CardState`` kept as JSON in the log, or ``StoreDamaged`` naming the row."""
        data = _json(self.path, text, what, dict)
        try:
            state = CardState.from_dict(data)
        except (KeyError, TypeError, ValueError, OverflowError):
            raise _bad_row(self.path, f"{what} cannot be read ({text[:40]!r})") from None
        if state.state not in _CARD_STATES:
            raise _bad_row(self.path, f"{what} has an unknown state ({state.state!r})")
        return state

    @_translated
    def retention(self, since: datetime) -> tuple[int, int]:
        """(reviews of cards in review state, of which rated above Again) since ``since``: true retention."""
        n, ok = self.conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(rating > 1), 0) FROM reviews WHERE state_before = 2 AND reviewed_at >= ?",
            (to_us(since),),
        ).fetchone()
        return int(n), int(ok)

    @_translated
    def top_misconceptions(self, limit: int) -> list[tuple[str, int]]:
        """(misconception id, times chosen) over the whole log, most chosen first, then by id."""
        rows = self.conn.execute(
            "SELECT j.value, COUNT(*) AS n FROM reviews, json_each(reviews.misconceptions) AS j"
            " GROUP BY j.value ORDER BY n DESC, j.value LIMIT ?",
            (limit,),
        ).fetchall()
        return [(str(mid), int(n)) for mid, n in rows]

    @_translated
    def last_review_time(self) -> datetime | None:
        """When the latest review was made, or None."""
        row = self.conn.execute("SELECT MAX(reviewed_at) FROM reviews").fetchone()
        return _time(self.path, row[0], "the latest review's time") if row and row[0] is not None else None

    @_translated
    def day_counts(self, day_start: datetime) -> tuple[int, int]:
        """(new cards introduced, review-state cards reviewed) since ``day_start``: what the limits count."""
        row = self.conn.execute(
            "SELECT COALESCE(SUM(state_before = 0), 0), COALESCE(SUM(state_before = 2), 0)"
            " FROM reviews WHERE reviewed_at >= ?",
            (to_us(day_start),),
        ).fetchone()
        return int(row[0]), int(row[1])

    @_translated
    def day_log(self, day_start: datetime) -> list[tuple[str, int]]:
        """(item id, state before) of every review since ``day_start``: what per-deck limits count."""
        rows = self.conn.execute(
            # In time order, so that SQLite reads today's rows through reviews_time, not the whole log.
            "SELECT item_id, state_before FROM reviews WHERE reviewed_at >= ? ORDER BY reviewed_at, id",
            (to_us(day_start),),
        ).fetchall()
        return [(str(item_id), int(state)) for item_id, state in rows]

    @_translated
    def setting(self, key: str) -> str | None:
        """A learner's setting (today's deck limits, ...), or None when unset."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", ("setting:" + key,)).fetchone()
        return str(row[0]) if row else None

    @_translated
    def set_setting(self, key: str, value: str | None) -> None:
        """Save a learner's setting (None removes it)."""
        with self.transaction():
            if value is None:
                self.conn.execute("DELETE FROM meta WHERE key = ?", ("setting:" + key,))
            else:
                self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", ("setting:" + key, value))

    # ------------------------------------------------------------------ exams and days

    @_translated
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
        abandoned: bool = False,
    ) -> ExamResult:
        """Save an exam attempt (one transaction); ``abandoned`` when it was quit before hand-in."""
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO exam_results (exam_id, started, finished, score, passed, parts, answers, abandoned)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (exam_id, to_us(started), to_us(finished), float(score), int(passed and not abandoned),
                 json.dumps(dict(parts or {}), sort_keys=True), json.dumps(list(answers)), int(abandoned)),
            )
        assert cur.lastrowid is not None
        return ExamResult(cur.lastrowid, exam_id, require_utc(started), require_utc(finished), float(score),
                          bool(passed and not abandoned), dict(parts or {}), list(answers), abandoned)

    @_translated
    def exam_results(self, exam_id: str | None = None) -> list[ExamResult]:
        """Saved exam attempts, oldest first."""
        sql = "SELECT id, exam_id, started, finished, score, passed, parts, answers, abandoned FROM exam_results"
        args: tuple[Any, ...] = ()
        if exam_id is not None:
            sql += " WHERE exam_id = ?"
            args = (exam_id,)
        out = []
        path = self.path
        for r in self.conn.execute(sql + " ORDER BY finished, id", args):
            what = f"exam result {r[0]}"
            parts = _json(path, r[6], f"{what}: the parts", dict)
            if type(r[4]) not in (float, int) or not all(type(v) in (float, int) for v in parts.values()):
                raise _bad_row(path, f"{what} has a score that is not a number")
            out.append(ExamResult(r[0], r[1], _time(path, r[2], f"{what}: start"), _time(path, r[3], f"{what}: end"),
                                  float(r[4]), bool(r[5]), parts, _json(path, r[7], f"{what}: the answers", list),
                                  bool(r[8])))
        return out

    @_translated
    def study_days(self) -> dict[str, int]:
        """Reviews per study day (ISO date -> count), for days with any."""
        rows = self.conn.execute("SELECT day, reviews FROM study_days WHERE reviews > 0 ORDER BY day")
        return dict(rows)

    @_translated
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
