"""The progress store: schema, migration from v1, bad files, concurrency and crash safety."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from fsrs import Rating

from backhip_learn.store import SCHEMA_V1, SCHEMA_VERSION, NoStore, OlderStore, Store, StoreError, to_us
from backhip_learn.study.scheduling import CardState, Scheduling

from .helpers import T0

PLAIN = Scheduling(enable_fuzzing=False)
CHILD = Path(__file__).with_name("crash_child.py")


def test_new_database_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "progress.sqlite3"
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert path.exists()


def test_open_data_dir_uses_paths(tmp_path: Path) -> None:
    with Store.open_data_dir(tmp_path / "dd") as store:
        assert store.path == tmp_path / "dd" / "progress.sqlite3"


def test_review_log_keeps_everything(store: Store) -> None:
    rec = store.record_review(
        "fx-mcq", Rating.Again, T0, PLAIN,
        outcome={"correct": False, "misconceptions": ["mc-a"]}, response={"kind": "choices", "indices": [1]},
        duration_ms=4321, deck="Fixture::Anatomy", day=date(2026, 3, 2),
    )
    [row] = store.reviews()
    assert row.id == rec.id and row.rating == 1 and row.reviewed_at == T0 and row.duration_ms == 4321
    assert row.outcome == {"correct": False, "misconceptions": ["mc-a"]}
    assert row.response == {"kind": "choices", "indices": [1]}
    assert row.misconceptions == ("mc-a",) and row.deck == "Fixture::Anatomy" and row.day == "2026-03-02"
    assert row.card_before == CardState() and row.state_before == 0
    card = store.card("fx-mcq")
    assert card is not None and card.card == rec.card_after and card.card.reps == 1


def test_progress_survives_reopen_exactly(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with Store.open(path) as s:
        rec = s.record_review("a", Rating.Good, T0 + timedelta(microseconds=7), PLAIN)
        s.record_review("a", Rating.Good, T0 + timedelta(minutes=10, microseconds=9), PLAIN)
        after = s.card("a")
    with Store.open(path) as s:
        assert s.card("a") == after
        assert s.reviews()[0].id == rec.id


def test_undo_first_review_without_row_deletes_it(store: Store) -> None:
    rec = store.record_review("loose", Rating.Good, T0, PLAIN)
    assert store.undo_review(rec.id) is None
    assert store.card("loose") is None and store.review_count() == 0


def test_sync_library_positions(store: Store) -> None:
    assert store.sync_library(["b", "a", "c"])
    assert not store.sync_library(["b", "a", "c"])  # unchanged library: nothing written
    assert list(store.new_cards(T0)) == ["b", "a", "c"]
    store.record_review("a", Rating.Good, T0, PLAIN)
    store.suspend("c")
    assert list(store.new_cards(T0)) == ["b"]
    assert store.sync_library(["c", "d", "b"])  # reordered: positions follow the new bank order
    store.suspend("c", on=False)
    assert list(store.new_cards(T0)) == ["c", "d", "b"]
    a = store.card("a")
    assert a is not None and a.card.reps == 1  # progress kept


def test_streak(store: Store) -> None:
    for d in ("2026-03-01", "2026-03-02", "2026-02-27"):
        store.record_review("x", Rating.Good, T0, PLAIN, day=d)
    assert store.streak(date(2026, 3, 2)) == 2
    assert store.streak(date(2026, 3, 3)) == 2  # today not studied yet: yesterday's streak stands
    assert store.streak(date(2026, 3, 4)) == 0


def test_exam_results(store: Store) -> None:
    store.save_exam_result("ex", started=T0, finished=T0 + timedelta(minutes=9), score=0.75, passed=False,
                           parts={"anatomy": 0.5}, answers=[{"item_id": "a"}])
    [res] = store.exam_results()
    assert (res.exam_id, res.score, res.passed, res.parts, res.answers) == ("ex", 0.75, False, {"anatomy": 0.5}, [{"item_id": "a"}])
    assert res.finished - res.started == timedelta(minutes=9)
    assert store.exam_results("other") == []


def test_migrate_from_v1(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_V1)
    due, last = T0 + timedelta(days=3), T0 - timedelta(days=1)
    conn.execute(
        "INSERT INTO cards VALUES ('fx-mcq', 2, NULL, 3.5, 5.25, ?, ?, 4, 1)", (to_us(due), to_us(last))
    )
    conn.execute("INSERT INTO reviews (item_id, rating, reviewed_at, duration_ms, outcome) VALUES ('fx-mcq', 3, ?, 900, '{}')",
                 (to_us(last),))
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()

    with Store.open(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        row = s.card("fx-mcq")
        assert row is not None
        assert row.card == CardState(state=2, step=None, stability=3.5, difficulty=5.25, due=due, last_review=last,
                                     reps=4, lapses=1)
        assert not row.suspended and row.buried_until is None and row.flag == 0
        [old] = s.reviews()
        assert old.rating == 3 and old.duration_ms == 900 and old.misconceptions == ()
        with pytest.raises(LookupError):
            s.undo_review(old.id)  # no earlier state was kept in v1
        # Everything new works on the migrated file.
        rec = s.record_review("fx-mcq", Rating.Good, due, PLAIN, day="2026-03-05")
        assert rec.card_before == row.card
        s.bury("fx-mcq", due + timedelta(days=1))
        s.save_exam_result("ex", started=due, finished=due, score=1.0, passed=True)
        assert s.review_count() == 2
        idx = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"cards_state_due", "reviews_time"} <= idx
    with Store.open(path) as s:  # opening again migrates nothing and keeps everything
        assert s.review_count() == 2


def _snapshot(path: Path) -> bytes:
    return path.read_bytes()


def test_corrupt_file_is_an_error_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(b"this is not a database, it is my diary\n" * 100)
    before = _snapshot(path)
    with pytest.raises(StoreError) as err:
        Store.open(path)
    assert str(path) in str(err.value) and err.value.path == str(path)
    assert _snapshot(path) == before
    assert not Path(str(path) + "-wal").exists()


def test_damaged_sqlite_is_an_error_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    with Store.open(path) as s:
        s.record_review("a", Rating.Good, T0, PLAIN)
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the first page after the header
    path.write_bytes(bytes(data))
    before = _snapshot(path)
    with pytest.raises(StoreError) as err:
        Store.open(path)
    assert str(path) in str(err.value)
    assert _snapshot(path) == before


def test_foreign_database_is_an_error_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    conn.execute("INSERT INTO invoices (amount) VALUES (12.5)")
    conn.commit()
    conn.close()
    before = _snapshot(path)
    with pytest.raises(StoreError, match="not a backhip-learn progress database"):
        Store.open(path)
    assert _snapshot(path) == before


def test_newer_schema_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    with Store.open(path) as s:
        s.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer"):
        Store.open(path)


def test_open_without_create(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        Store.open(tmp_path / "missing.sqlite3", create=False)
    assert not (tmp_path / "missing.sqlite3").exists()


def test_two_threads_writing_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    Store.open(path).close()
    per_writer, items = 150, 5

    def writer(tag: int) -> None:
        with Store.open(path) as s:
            for n in range(per_writer):
                s.record_review(f"item-{n % items}", Rating.Good, T0 + timedelta(seconds=n), PLAIN,
                                outcome={"writer": tag})

    threads = [threading.Thread(target=writer, args=(t,)) for t in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    _check_consistent(path, 2 * per_writer)


def test_two_processes_writing_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    Store.open(path).close()
    per_writer = 600
    procs = [
        subprocess.Popen([sys.executable, str(CHILD), str(path), "4", str(per_writer), tag, "--wait"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for tag in ("a", "b")
    ]
    for p in procs:  # both open and ready before either writes
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        p.communicate(timeout=120)
        assert p.returncode == 0
    _check_consistent(path, 2 * per_writer)
    with Store.open(path) as s:
        writers = [json.loads(o)["writer"] for (o,) in s.conn.execute("SELECT outcome FROM reviews ORDER BY id")]
    switches = sum(1 for x, y in itertools.pairwise(writers) if x != y)
    assert switches >= 10, "the two writers did not overlap"


def _check_consistent(path: Path, expected: int) -> None:
    with Store.open(path) as s:
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert s.review_count() == expected
        # No lost update: each card has seen exactly as many reviews as the log holds for it.
        for item_id, n in s.conn.execute("SELECT item_id, COUNT(*) FROM reviews GROUP BY item_id").fetchall():
            row = s.card(item_id)
            assert row is not None and row.card.reps == n, item_id


def test_sigkill_loses_nothing_reported_saved(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), str(path), "7", "0", "k"], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    last = 0
    for line in proc.stdout:
        last = int(line.split()[1])
        if last >= 60:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert last >= 60
    with Store.open(path) as s:
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count = s.review_count()
        assert count >= last
        # Every saved review is complete: its card row agrees with the log.
        reps = sum(r.card.reps for r in s.cards().values())
        assert reps == count
        assert all(json.loads(json.dumps(r.outcome))["writer"] == "k" for r in s.reviews())


def test_times_must_be_aware(store: Store) -> None:
    with pytest.raises(ValueError):
        store.record_review("a", Rating.Good, datetime(2026, 1, 1), PLAIN)
    assert store.review_count() == 0
    assert T0.tzinfo is timezone.utc


def test_open_without_create_leaves_an_empty_file_empty(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(b"")
    with pytest.raises(NoStore):
        Store.open(path, create=False)
    assert path.read_bytes() == b""


def test_read_only_open_reads_and_never_writes(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    with Store.open(path) as s:
        s.record_review("a", Rating.Good, T0, PLAIN)
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = path.read_bytes()
    with Store.open(path, read_only=True) as s:
        assert s.review_count() == 1
        with pytest.raises(StoreError, match="read-only"):
            s.record_review("b", Rating.Good, T0, PLAIN)
    assert path.read_bytes() == before


def test_read_only_open_of_an_older_schema_asks_for_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    conn = sqlite3.connect(path)
    for stmt in SCHEMA_V1.split(";"):
        if stmt.strip():
            conn.execute(stmt)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(OlderStore):
        Store.open(path, read_only=True)
    assert path.read_bytes() == before


def _freeze(path: Path) -> Callable[[], None]:
    """Make ``path`` unwritable even for root when possible (chattr +i); return the undo."""
    if shutil.which("chattr") and subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0:
        return lambda: subprocess.run(["chattr", "-i", str(path)], check=True)
    if os.geteuid() == 0:
        pytest.skip("cannot make a file read-only for root here")
    mode = path.stat().st_mode
    path.chmod(0o555 if path.is_dir() else 0o444)
    return lambda: path.chmod(mode)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_database_or_folder_is_refused_at_open(tmp_path: Path, what: str) -> None:
    # A read-only file opened fine and the first write raised sqlite3.OperationalError (a traceback
    # in `study`); a read-only folder was reported as "not a usable progress database".
    path = tmp_path / "progress.sqlite3"
    with Store.open(path) as s:
        s.record_review("a", Rating.Good, T0, PLAIN)
    before = path.read_bytes()
    undo = _freeze(path if what == "file" else tmp_path)
    try:
        with pytest.raises(StoreError, match=r"read-only|not writable") as err:
            Store.open(path)
        assert "not a usable" not in str(err.value)
    finally:
        undo()
    assert path.read_bytes() == before
    with Store.open(path, read_only=True) as s:
        assert s.review_count() == 1


def _damage_middle(path: Path) -> None:
    """A database whose first pages are sound and whose middle pages are garbage."""
    with Store.open(path) as s:
        for k in range(400):
            s.record_review(f"i{k}", Rating.Good, T0 + timedelta(minutes=k), PLAIN, outcome={"pad": "x" * 300})
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    pages = len(data) // 4096
    for page in range(pages // 2, pages // 2 + 3):
        data[page * 4096 : (page + 1) * 4096] = b"\xa5" * 4096
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("read_only", [False, True])
def test_a_damaged_page_met_later_is_a_store_error_naming_the_file(tmp_path: Path, read_only: bool) -> None:
    # Page 1 is checked at open; corruption further in surfaced as a bare sqlite3.DatabaseError
    # (a traceback in `stats` and `study`).
    path = tmp_path / "progress.sqlite3"
    _damage_middle(path)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="damaged") as err, Store.open(path, read_only=read_only) as s:
        s.reviews()
        s.cards()
    assert str(path) in str(err.value)
    assert path.read_bytes() == before


def test_store_errors_other_than_damage_keep_their_type(store: Store) -> None:
    with pytest.raises(sqlite3.OperationalError):
        store.conn.execute("SELECT * FROM no_such_table")
