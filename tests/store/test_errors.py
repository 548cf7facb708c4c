"""Store errors at the boundary (issue 13): full disk, locks, undo across sessions, bad rows, read-only opens."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fsrs import Rating

from backhip_learn.store import (
    BUSY_TIMEOUT_MS,
    NotLatest,
    Store,
    StoreBusy,
    StoreDamaged,
    StoreError,
    StoreFull,
    StoreIOError,
)
from backhip_learn.study.scheduling import Scheduling

from .helpers import T0

PLAIN = Scheduling(enable_fuzzing=False)


def test_a_full_disk_at_the_commit_is_store_full_and_the_store_stays_usable(
        store: Store, faults: Callable[..., Any]) -> None:
    store.record_review("a", Rating.Good, T0, PLAIN)
    faults(store, "full", match="COMMIT")
    with pytest.raises(StoreFull, match="disk is full") as err:
        store.record_review("b", Rating.Good, T0, PLAIN)
    assert err.value.transient and str(store.path) in str(err.value)
    assert store.review_count() == 1 and store.card("b") is None  # rolled back, not half-written
    store.record_review("b", Rating.Good, T0, PLAIN)  # the retry goes through on the same connection
    assert store.review_count() == 2


def test_a_really_full_database_is_store_full(store: Store) -> None:
    """``max_page_count`` makes SQLite itself report SQLITE_FULL, as a full disk does."""
    store.record_review("a", Rating.Good, T0, PLAIN)
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreFull):
        for k in range(200):
            store.record_review(f"x{k}", Rating.Good, T0, PLAIN, outcome={"pad": "x" * 2000})
    assert not store.conn.in_transaction


def test_a_lock_held_elsewhere_is_store_busy(tmp_path: Path, short_busy_timeout: None) -> None:
    path = tmp_path / "progress.sqlite3"
    with Store.open(path) as store:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreBusy, match="locked by another program"):
                store.record_review("a", Rating.Good, T0, PLAIN)
            with pytest.raises(StoreBusy):
                store.save_exam_result("fx-exam", started=T0, finished=T0, score=0.5, passed=False)
        finally:
            other.execute("ROLLBACK")
            other.close()
        store.record_review("a", Rating.Good, T0, PLAIN)
        assert store.review_count() == 1


def test_the_busy_timeout_is_a_parameter_of_open_and_named_in_the_message(tmp_path: Path) -> None:
    """``busy_timeout_ms`` sets how long a write waits for a lock held elsewhere, and the message says it."""
    import time

    path = tmp_path / "progress.sqlite3"
    with Store.open(path, busy_timeout_ms=300) as store:
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 300
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            started = time.monotonic()
            with pytest.raises(StoreBusy, match=r"for more than 0\.3 s"):
                store.record_review("a", Rating.Good, T0, PLAIN)
            assert time.monotonic() - started < 5
        finally:
            other.execute("ROLLBACK")
            other.close()
    with Store.open(path) as store:
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS


def test_undo_of_a_review_graded_past_in_another_session_says_so(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    with Store.open(path) as mine, Store.open(path) as theirs:
        rec = mine.record_review("a", Rating.Good, T0, PLAIN)
        theirs.record_review("a", Rating.Again, T0 + timedelta(minutes=1), PLAIN)
        with pytest.raises(NotLatest, match="made elsewhere") as err:
            mine.undo_review(rec.id)
        assert isinstance(err.value, LookupError)
        assert mine.review_count() == 2  # nothing undone
        later = theirs.reviews()[-1]
        theirs.undo_review(later.id)
        with pytest.raises(NotLatest, match="gone"):
            theirs.undo_review(later.id)


@pytest.mark.parametrize("kind, error", [("full", StoreFull), ("locked", StoreBusy), ("ioerr", StoreIOError),
                                         ("corrupt", StoreDamaged)])
def test_each_sqlite_failure_has_its_store_error(store: Store, faults: Callable[..., Any],
                                                 kind: str, error: type[StoreError]) -> None:
    faults(store, kind, match="SELECT")
    with pytest.raises(error):
        store.cards()


# --------------------------------------------------------------------------- bad rows (issue 13, item 10)

BAD_CARDS = {
    "due is text": "UPDATE cards SET due = 'abc' WHERE item_id = 'a'",
    "due past datetime": f"UPDATE cards SET due = {2**63 - 1} WHERE item_id = 'a'",
    "unknown state": "UPDATE cards SET state = 9 WHERE item_id = 'a'",
    "stability is text": "UPDATE cards SET stability = 'x' WHERE item_id = 'a'",
}


@pytest.mark.parametrize("sql", BAD_CARDS.values(), ids=list(BAD_CARDS))
def test_a_bad_card_row_is_store_damaged_naming_the_card(store: Store, sql: str) -> None:
    store.record_review("a", Rating.Good, T0, PLAIN)
    store.conn.execute(sql)
    with pytest.raises(StoreDamaged, match=r"'a'.*left untouched"):
        store.cards()
    with pytest.raises(StoreDamaged):
        store.card("a")


@pytest.mark.parametrize("column", ["outcome", "response", "misconceptions", "card_before"])
def test_malformed_json_in_a_review_is_store_damaged(store: Store, column: str) -> None:
    store.record_review("a", Rating.Good, T0, PLAIN, outcome={"correct": True}, response={"kind": "typed"})
    store.conn.execute(f"UPDATE reviews SET {column} = '{{not json'")
    with pytest.raises(StoreDamaged, match="review 1"):
        store.reviews()


def test_malformed_misconceptions_json_is_store_damaged_in_the_stats_query(store: Store) -> None:
    store.record_review("a", Rating.Good, T0, PLAIN, misconceptions=["m1"])
    store.conn.execute("UPDATE reviews SET misconceptions = '[oops'")
    with pytest.raises(StoreDamaged, match="malformed JSON"):
        store.top_misconceptions(10)


@pytest.mark.parametrize("parts", ["{oops", "[1, 2]", json.dumps({"p": "high"})])
def test_a_bad_exam_result_is_store_damaged(store: Store, parts: str) -> None:
    store.save_exam_result("fx-exam", started=T0, finished=T0, score=0.5, passed=False, parts={"p": 0.5})
    store.conn.execute("UPDATE exam_results SET parts = ?", (parts,))
    with pytest.raises(StoreDamaged, match="exam result 1"):
        store.exam_results()


def test_an_undo_whose_earlier_state_is_malformed_is_store_damaged(store: Store) -> None:
    rec = store.record_review("a", Rating.Good, T0, PLAIN)
    store.conn.execute("UPDATE reviews SET card_before = '{\"state\": \"x\"}'")
    with pytest.raises(StoreDamaged):
        store.undo_review(rec.id)
    assert store.review_count() == 1  # rolled back


# --------------------------------------------------------------------------- read-only opens (items 9, 14)

def test_a_read_only_open_leaves_no_wal_or_shm_behind(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    with Store.open(path) as s:
        s.record_review("a", Rating.Good, T0, PLAIN)
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
    with Store.open(path, read_only=True) as s:
        assert s.review_count() == 1
        assert s.note is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.sqlite3"]


def test_a_read_only_open_sees_commits_still_in_the_wal(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    writer = Store.open(path)
    try:
        writer.record_review("a", Rating.Good, T0, PLAIN)
        writer.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        writer.record_review("b", Rating.Good, T0, PLAIN)  # only in the -wal file
        with Store.open(path, read_only=True) as s:
            assert s.review_count() == 2
    finally:
        writer.close()


def test_a_read_only_open_behind_an_exclusive_lock_is_store_busy_not_old_numbers(
        tmp_path: Path, short_busy_timeout: None) -> None:
    path = tmp_path / "progress.sqlite3"
    with Store.open(path) as s:
        s.record_review("a", Rating.Good, T0, PLAIN)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("INSERT INTO reviews (item_id, rating, reviewed_at) VALUES ('b', 3, 0)")
    other.execute("COMMIT")  # exclusive locking mode keeps the lock after the commit
    try:
        with pytest.raises(StoreBusy, match="locked"):
            Store.open(path, read_only=True)
    finally:
        other.close()
    with Store.open(path, read_only=True) as s:
        assert s.review_count() == 2


def test_an_undo_that_fails_for_a_passing_reason_can_be_tried_again(
        store: Store, lib: Any, faults: Callable[..., Any]) -> None:
    """The queue keeps its last answer when the store could not undo it (a lock), and undoes it on the next try."""
    from backhip_learn.study.queue import StudyQueue

    queue = StudyQueue(store, lib, T0, enable_fuzzing=False)
    entry = queue.next(T0)
    assert entry is not None
    queue.answer(entry.item.id, Rating.Good, T0)
    faults(store, "locked", match="BEGIN")
    with pytest.raises(StoreBusy):
        queue.undo()
    assert queue.can_undo and store.review_count() == 1
    again = queue.undo()
    assert again is not None and again.item.id == entry.item.id
    assert store.review_count() == 0 and not queue.can_undo
