"""A real terminal: `study` in a pty, Enter Enter six times, SIGKILL, and all six reviews are on disk."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from backhip_learn.cli import main

from .helpers import FIXTURES

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")


def review_count(db: Path) -> int:
    """Reviews in the log, read by a second connection (as another process would)."""
    if not db.exists():
        return 0
    conn = sqlite3.connect(db, timeout=10)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])
    except sqlite3.OperationalError:  # tables not created yet
        return 0
    finally:
        conn.close()


def wait_for(predicate, what: str, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    """Poll until ``predicate()``; a generous timeout only guards against a hang (not a speed check)."""
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_enter_enter_six_times_then_sigkill_keeps_six_reviews(tmp_path: Path) -> None:
    """Each grade is committed before the next card shows, so a SIGKILL loses nothing."""
    data = tmp_path / "data"
    db = data / "progress.sqlite3"
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "backhip_learn", "--bank", str(FIXTURES), "study", "--data-dir", str(data)],
        stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, close_fds=True,
    )
    os.close(slave)
    screen = bytearray()

    def drain() -> None:  # the app blocks if nobody reads its output
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            screen.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        wait_for(lambda: b"Flashcard" in screen, "the first card")
        for n in range(1, 7):
            os.write(master, b"\r")
            time.sleep(0.2)
            os.write(master, b"\r")
            wait_for(lambda n=n: review_count(db) >= n, f"review {n} on disk")
        time.sleep(0.5)  # give any (wrong) extra write a chance to happen before the kill
        assert proc.poll() is None, "the app exited early"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        os.close(master)
    assert proc.returncode == -signal.SIGKILL
    result = CliRunner().invoke(main, ["--bank", str(FIXTURES), "stats", "--data-dir", str(data), "--json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["reviews"] == 6
