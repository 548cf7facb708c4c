"""`stats`, `study` and `quiz` on a database that fails: a one-line message, a non-zero exit, no traceback."""

from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from fsrs import Rating

from backhip_learn.cli import main
from backhip_learn.content.load import Library
from backhip_learn.store import Store
from backhip_learn.study.scheduling import Scheduling

from .helpers import FIXTURES

PLAIN = Scheduling(enable_fuzzing=False)
BAD_ROWS = {
    "due is text": "UPDATE cards SET due = 'abc' WHERE item_id = '{id}'",
    "due past datetime": f"UPDATE cards SET due = {2**63 - 1} WHERE item_id = '{{id}}'",
    "unknown state": "UPDATE cards SET state = 9 WHERE item_id = '{id}'",
    "outcome not JSON": "UPDATE reviews SET misconceptions = '[oops'",
    "exam parts not JSON": "UPDATE exam_results SET parts = '{{oops'",
}


def learned_everything(path: Path, lib: Library) -> None:
    """Every fixture card reviewed now (nothing due for days) and one exam result."""
    now = datetime.now(timezone.utc)  # the commands use the real clock
    with Store.open(path) as store:
        for card in lib.cards:  # a cloze has one card per gap number
            store.record_review(card, Rating.Easy, now, PLAIN, misconceptions=["m1"])
        store.save_exam_result("fx-exam", started=now, finished=now, score=0.5, passed=False, parts={"p": 0.5})


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--bank", str(FIXTURES), *args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.mark.parametrize("sql", BAD_ROWS.values(), ids=list(BAD_ROWS))
def test_stats_on_one_bad_row_says_damaged(tmp_path: Path, lib: Library, sql: str) -> None:
    learned_everything(tmp_path / "progress.sqlite3", lib)
    with sqlite3.connect(tmp_path / "progress.sqlite3") as conn:
        conn.execute(sql.format(id=lib.items[0].id))
    code, out = run("stats", "--data-dir", str(tmp_path))
    assert code == 1, out
    assert "progress.sqlite3:" in out and "damaged" in out and "Traceback" not in out


@pytest.mark.parametrize("key", ["due is text", "due past datetime", "unknown state"])
def test_study_on_one_bad_card_row_says_damaged(tmp_path: Path, lib: Library, key: str) -> None:
    """Nothing due: the command reads every card for "next card due ...", and meets the bad one."""
    learned_everything(tmp_path / "progress.sqlite3", lib)
    with sqlite3.connect(tmp_path / "progress.sqlite3") as conn:
        conn.execute(BAD_ROWS[key].format(id=lib.items[0].id))
    code, out = run("study", "--data-dir", str(tmp_path))
    assert code == 1, out
    assert "damaged" in out and "Traceback" not in out


def test_study_cram_on_a_learning_card_due_past_datetime_says_damaged(tmp_path: Path, lib: Library) -> None:
    """Cramming reads learning cards however far ahead they are due: the queue build meets the row."""
    path = tmp_path / "progress.sqlite3"
    with Store.open(path) as store:
        store.record_review(lib.items[0].id, Rating.Again, datetime.now(timezone.utc), PLAIN)
    with sqlite3.connect(path) as conn:
        conn.execute(f"UPDATE cards SET due = {2**63 - 1}")
    code, out = run("study", "--cram", "--data-dir", str(tmp_path))
    assert code == 1, out
    assert "damaged" in out and "out of range" in out and "Traceback" not in out


def test_stats_leaves_no_wal_or_shm_files(tmp_path: Path, lib: Library) -> None:
    learned_everything(tmp_path / "progress.sqlite3", lib)
    code, out = run("stats", "--data-dir", str(tmp_path))
    assert code == 0, out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.sqlite3"]


def test_stats_behind_an_exclusive_lock_is_an_error_not_old_numbers(tmp_path: Path, lib: Library,
                                                                    short_busy_timeout: None) -> None:
    learned_everything(tmp_path / "progress.sqlite3", lib)
    other = sqlite3.connect(tmp_path / "progress.sqlite3", isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("INSERT INTO reviews (item_id, rating, reviewed_at) VALUES ('x', 3, 0)")
    other.execute("COMMIT")
    try:
        code, out = run("stats", "--data-dir", str(tmp_path))
    finally:
        other.close()
    assert code == 1, out
    assert "locked" in out and "Reviews:" not in out


def test_study_with_a_file_size_limit_at_start_says_so(tmp_path: Path) -> None:
    """`ulimit -f`: the queue's first write (the library's card rows) fails; a message, exit 1, no traceback."""

    def limit() -> None:  # one page: the -wal file's header and first page do not fit
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    env = {**os.environ, "BACKHIP_LEARN_CACHE_DIR": "off"}
    # Kept open so that the -shm file (larger than the limit) exists already: the open succeeds.
    with Store.open(tmp_path / "progress.sqlite3") as store:
        store.review_count()
        proc = subprocess.run([sys.executable, "-m", "backhip_learn", "--bank", str(FIXTURES), "study",
                               "--data-dir", str(tmp_path)], capture_output=True, text=True, timeout=60,
                              preexec_fn=limit, env=env,
                              stdin=subprocess.DEVNULL)  # the error comes before the app would need a terminal
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert "progress.sqlite3" in proc.stderr and "ulimit -f" in proc.stderr
    assert "Traceback" not in proc.stderr
