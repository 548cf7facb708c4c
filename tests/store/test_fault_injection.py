"""Fault injection: a SQLite failure at every statement the app runs, and what the learner is told.

A study session (open, today's queue, grades, undo, bury, flag, suspend, an exam, the statistics) is
run once cleanly to count its statements; then once per statement and fault (full disk, lock, I/O
error, damaged page) with that statement failing. Every failure must reach the caller as a
``StoreError`` (which the commands and the app print in one line), and the database afterwards must
hold exactly the grades and results that were reported saved: none lost silently, none doubled.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fsrs import Rating

import backhip_learn.store.sqlite as sqlite_store
from backhip_learn.content.load import Library
from backhip_learn.store import Store, StoreError
from backhip_learn.study.queue import StudyQueue
from backhip_learn.study.stats import compute_stats

from .helpers import T0

KINDS = ("full", "locked", "ioerr", "corrupt")  # the keys of tests/conftest.py's KINDS


@dataclass
class Plan:
    """Which statement fails, and every statement seen (shared by the connections a session opens)."""

    fail_at: int | None = None
    error: sqlite3.Error | None = None
    count: int = 0
    statements: list[str] = field(default_factory=list)

    def check(self, sql: str) -> None:
        self.count += 1
        self.statements.append(sql.split()[0].upper() if sql.split() else sql)
        if self.count == self.fail_at and self.error is not None:
            raise self.error


class PlannedConnection:
    """A real connection whose ``execute``/``executemany`` consult the plan first."""

    def __init__(self, real: sqlite3.Connection, plan: Plan) -> None:
        self.real, self.plan = real, plan

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        self.plan.check(sql)
        return self.real.execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> sqlite3.Cursor:
        self.plan.check(sql)
        return self.real.executemany(sql, parameters)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


class PlannedSqlite:
    """Stands in for the sqlite3 module inside the store: ``connect`` hands out planned connections."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    def connect(self, *args: Any, **kwargs: Any) -> PlannedConnection:
        return PlannedConnection(sqlite3.connect(*args, **kwargs), self.plan)

    def __getattr__(self, name: str) -> Any:
        return getattr(sqlite3, name)


@dataclass
class Told:
    """What the session reported: the review ids saved and not undone, saved exams, and the errors shown."""

    saved: list[int] = field(default_factory=list)  # ids are reused after an undo: a list, in order
    exams: int = 0
    errors: list[str] = field(default_factory=list)


def session(path: Path, lib: Library) -> Told:
    """A study session as the app drives the engine; each step that fails is reported, then the next is tried."""
    told = Told()

    def step(fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except StoreError as exc:  # what the learner sees, in one line
            told.errors.append(str(exc))
            return None

    store = step(Store.open, path)
    if store is None:
        return told
    try:
        queue = step(StudyQueue, store, lib, T0, enable_fuzzing=False)
        if queue is None:
            return told
        now = T0
        for n in range(5):
            entry = step(queue.next, now)
            if entry is None:
                break
            record = step(queue.answer, entry.item.id, Rating.Good, now, outcome={"correct": True},
                          duration_ms=1000)
            if record is not None:
                told.saved.append(record.id)
            if n == 2 and queue.can_undo and step(queue.undo) is not None:
                told.saved.pop()  # the queue undoes its own last answer
            now += timedelta(seconds=30)
        entry = step(queue.next, now)
        if entry is not None:
            step(queue.flag, entry.item.id, 1)
            step(queue.bury, entry.item.id, now)
        entry = step(queue.next, now)
        if entry is not None:
            step(queue.suspend, entry.item.id)
        if step(store.save_exam_result, "fx-exam", started=T0, finished=now, score=0.5, passed=False,
                parts={"p": 0.5}, answers=[]) is not None:
            told.exams += 1
        step(compute_stats, store, lib, now)
    finally:
        store.close()
    return told


@pytest.fixture
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty progress database to copy for each run."""
    path = tmp_path_factory.mktemp("template") / "progress.sqlite3"
    Store.open(path).close()
    return path


def run_planned(template: Path, where: Path, lib: Library, plan: Plan, monkeypatch: pytest.MonkeyPatch) -> Told:
    where.mkdir()
    path = where / "progress.sqlite3"
    shutil.copy(template, path)
    with monkeypatch.context() as m:
        m.setattr(sqlite_store, "sqlite3", PlannedSqlite(plan))
        return session(path, lib)


def stored(path: Path) -> tuple[set[int], int]:
    """The review ids and the number of exam results in the file (read with a plain connection)."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = {r[0] for r in conn.execute("SELECT id FROM reviews")}
        exams = conn.execute("SELECT COUNT(*) FROM exam_results").fetchone()[0]
    finally:
        conn.close()
    return ids, exams


@pytest.fixture(scope="module")
def clean_run_statements(tmp_path_factory: pytest.TempPathFactory, lib: Library) -> list[str]:
    """The statements a clean session runs, in order (the fault points)."""
    template = tmp_path_factory.mktemp("clean") / "progress.sqlite3"
    Store.open(template).close()
    plan = Plan()
    mp = pytest.MonkeyPatch()
    try:
        told = run_planned(template, template.parent / "run", lib, plan, mp)
    finally:
        mp.undo()
    assert told.errors == [] and len(told.saved) == 4 and told.exams == 1
    return plan.statements


def test_the_clean_session_writes_and_reads(clean_run_statements: list[str]) -> None:
    """The fault points cover opening, reads, every kind of write and both transaction ends."""
    kinds = set(clean_run_statements)
    assert {"PRAGMA", "SELECT", "BEGIN", "INSERT", "DELETE", "UPDATE", "COMMIT"} <= kinds, kinds
    assert 40 < len(clean_run_statements) <= MAX_STATEMENTS  # beyond it, raise MAX_STATEMENTS to cover them all


MAX_STATEMENTS = 100


def fault_points() -> Iterator[tuple[int, str]]:
    # The clean run's length is known only at run time: parametrize up to a bound and skip beyond it.
    for n in range(1, MAX_STATEMENTS + 1):
        for kind in KINDS:
            yield n, kind


@pytest.mark.parametrize("fail_at, kind", list(fault_points()))
def test_a_fault_at_any_statement_is_told_and_loses_nothing_silently(
        fail_at: int, kind: str, clean_run_statements: list[str], template: Path, tmp_path: Path, lib: Library,
        monkeypatch: pytest.MonkeyPatch, sqlite_fault: Callable[[str], sqlite3.Error]) -> None:
    if fail_at > len(clean_run_statements):
        pytest.skip("the session runs fewer statements")
    plan = Plan(fail_at=fail_at, error=sqlite_fault(kind))
    told = run_planned(template, tmp_path / "run", lib, plan, monkeypatch)  # only StoreError may escape a step
    statement = clean_run_statements[fail_at - 1]
    assert told.errors, f"statement {fail_at} ({statement}) failed and nobody was told"
    assert all("progress.sqlite3" in e for e in told.errors)
    ids, exams = stored(tmp_path / "run" / "progress.sqlite3")
    assert sorted(ids) == sorted(told.saved), (fail_at, statement, told)
    assert exams == told.exams, (fail_at, statement, told)
