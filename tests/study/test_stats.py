"""Statistics and the `stats` command."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from fsrs import Rating

from backhip_learn.cli import main
from backhip_learn.content.load import Library
from backhip_learn.store import Store
from backhip_learn.study.scheduling import Scheduling
from backhip_learn.study.stats import compute_stats, format_stats

from .helpers import FIXTURES, T0

UTC = timezone.utc
PLAIN = Scheduling(enable_fuzzing=False)
KEYS = {
    "now", "study_day", "reviews", "reviews_today", "due_now", "new_left_today", "cards", "retention_30d",
    "retention_reviews_30d", "streak_days", "mastery", "misconceptions", "forecast", "exams",
    "parts", "objectives", "reviews_per_day", "retention_by_week",
}


def test_no_database_gives_zeros(lib: Library) -> None:
    stats = compute_stats(None, lib, T0, tz=UTC)
    assert set(stats) == KEYS
    assert stats["reviews"] == 0 and stats["due_now"] == 0 and stats["retention_30d"] is None
    # Nine items, ten cards: fx-cloze is one card per gap number (c1, c2).
    assert stats["new_left_today"] == 10 and stats["cards"] == {"new": 10, "learning": 0, "review": 0, "suspended": 0}
    assert [f["due"] for f in stats["forecast"]] == [0] * 14
    assert stats["forecast"][0]["day"] == "2026-03-02" and stats["forecast"][13]["day"] == "2026-03-15"
    assert all(m["recall_now"] == 0 and m["answered_right_last5"] is None for m in stats["mastery"])
    assert len(stats["reviews_per_day"]) == 30 and stats["reviews_per_day"][-1] == {"day": "2026-03-02", "reviews": 0}
    assert len(stats["retention_by_week"]) == 12 and all(w["retention"] is None for w in stats["retention_by_week"])
    format_stats(stats)


def test_stats_after_reviews(lib: Library, store: Store) -> None:
    early = T0 - timedelta(days=20)
    # fx-mcq: learned 20 days ago, reviewed (Good) and lapsed (Again) in review state, picking a misconception.
    store.record_review("fx-mcq", Rating.Good, early, PLAIN)
    store.record_review("fx-mcq", Rating.Good, early + timedelta(minutes=10), PLAIN)  # learning -> review
    card = store.card_state("fx-mcq")
    assert card.due is not None
    store.record_review("fx-mcq", Rating.Good, card.due, PLAIN)  # review, remembered
    card = store.card_state("fx-mcq")
    assert card.due is not None
    store.record_review("fx-mcq", Rating.Again, card.due, PLAIN, misconceptions=["fx-mc-femoral"])  # review, lapse
    store.record_review("fx-multi", Rating.Again, T0, PLAIN, misconceptions=["fx-mc-femoral", "unknown-mc"],
                        day="2026-03-02")
    store.record_review("ghost", Rating.Good, T0, PLAIN)  # not in the bank: counted in the log only
    store.suspend("fx-order")
    store.save_exam_result("fx-exam", started=T0, finished=T0, score=0.8, passed=True, parts={"anatomy": 0.8})

    stats = compute_stats(store, lib, T0, tz=UTC)
    assert stats["reviews"] == 6 and stats["reviews_today"] == 2
    assert stats["retention_30d"] == 0.5 and stats["retention_reviews_30d"] == 2
    assert stats["cards"] == {"new": 7, "learning": 2, "review": 0, "suspended": 1}
    assert stats["new_left_today"] == 7  # 20 allowed, 1 new seen today (fx-multi), 7 unseen left (fx-cloze: 2)
    assert stats["misconceptions"][0] == {
        "id": "fx-mc-femoral", "count": 2, "label": "The femoral nerve runs through the buttock",
        "correction": "The sciatic nerve does; the femoral nerve runs in front of the hip.",
    }
    assert stats["misconceptions"][1]["id"] == "unknown-mc" and stats["misconceptions"][1]["label"] is None
    nerve = next(m for m in stats["mastery"] if m["section"] == "anatomy.sciatic-nerve")
    assert nerve["items"] == 2 and nerve["seen"] == 1 and 0 < nerve["recall_now"] < 0.5
    assert stats["exams"] == [{
        "exam_id": "fx-exam", "title": "Fixture exam", "started": T0.isoformat(), "finished": T0.isoformat(),
        "score": 0.8, "passed": True, "abandoned": False, "parts": {"anatomy": 0.8},
    }]
    assert stats["streak_days"] == 1
    assert sum(f["due"] for f in stats["forecast"]) == 2  # both learning cards fall due today
    assert stats["due_now"] == 1  # fx-mcq's relearning step is long past; fx-multi's is a minute away
    text = format_stats(stats)
    assert "The femoral nerve runs through the buttock" in text and "50.0%" in text


def _run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.stdout, result.stderr


def test_cli_json_without_database(tmp_path: Path) -> None:
    code, out, _ = _run(["stats", "--json", "--data-dir", str(tmp_path / "d"), "--bank", str(FIXTURES)])
    assert code == 0
    stats = json.loads(out)
    assert set(stats) >= KEYS and stats["reviews"] == 0
    assert not (tmp_path / "d").exists()  # nothing created


def test_cli_with_database_and_group_options(tmp_path: Path) -> None:
    with Store.open(tmp_path / "progress.sqlite3") as s:
        s.record_review("fx-basic", Rating.Good, T0, PLAIN)
    code, out, _ = _run(["--data-dir", str(tmp_path), "--bank", str(FIXTURES), "stats", "--json"])
    assert code == 0 and json.loads(out)["reviews"] == 1
    code, out, _ = _run(["stats", "--data-dir", str(tmp_path), "--bank", str(FIXTURES)])
    assert code == 0 and "Reviews: 1 in total" in out


def test_cli_corrupt_database(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    db.write_text("garbage " * 50)
    code, _, err = _run(["stats", "--data-dir", str(tmp_path), "--bank", str(FIXTURES)])
    assert code == 1 and str(db) in err and "Traceback" not in err
    assert db.read_text() == "garbage " * 50


def test_cli_bad_bank(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: X\nitems:\n  - id: a\n    type: nope\n")
    code, _, err = _run(["stats", "--bank", str(bad), "--data-dir", str(tmp_path)])
    assert code == 1 and str(bad) in err


def test_core_does_not_import_textual_or_genanki(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "import backhip_learn.store, backhip_learn.study.grading, backhip_learn.study.scheduling\n"
        "import backhip_learn.study.queue, backhip_learn.study.exam, backhip_learn.study.stats\n"
        "from backhip_learn.cli import main\n"
        f"r = CliRunner().invoke(main, ['stats', '--json', '--data-dir', {str(tmp_path)!r}, '--bank', {str(FIXTURES)!r}])\n"
        "assert r.exit_code == 0, r.output\n"
        "bad = [m for m in ('textual', 'genanki') if m in sys.modules]\n"
        "print(','.join(bad) or 'clean')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "clean"


def test_cli_empty_database_file_is_left_empty(tmp_path: Path) -> None:
    # SQLite takes a 0-byte file for a new database: stats used to write a whole schema into it.
    db = tmp_path / "progress.sqlite3"
    db.write_bytes(b"")
    code, out, err = _run(["stats", "--json", "--data-dir", str(tmp_path), "--bank", str(FIXTURES)])
    assert code == 0, err
    assert json.loads(out)["reviews"] == 0
    assert db.read_bytes() == b""


def test_cli_sqlite_file_without_tables_is_no_progress(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 0")
    conn.execute("VACUUM")  # writes the header page: a valid, empty SQLite file
    conn.close()
    before = db.read_bytes()
    code, out, err = _run(["stats", "--json", "--data-dir", str(tmp_path), "--bank", str(FIXTURES)])
    assert code == 0 and "Traceback" not in err, err
    assert json.loads(out)["reviews"] == 0 and db.read_bytes() == before


def _freeze(folder: Path) -> Callable[[], None]:
    """Make ``folder`` unwritable even for root when possible (chattr +i); return the undo."""
    if shutil.which("chattr") and subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0:
        return lambda: subprocess.run(["chattr", "-i", str(folder)], check=True)
    if os.geteuid() == 0:
        pytest.skip("cannot make a folder read-only for root here")
    folder.chmod(0o555)
    return lambda: folder.chmod(0o755)


def test_cli_database_in_a_read_only_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    with Store.open(data / "progress.sqlite3") as s:
        s.record_review("fx-basic", Rating.Good, T0, PLAIN)
    before = (data / "progress.sqlite3").read_bytes()
    undo = _freeze(data)
    try:
        code, out, err = _run(["stats", "--json", "--data-dir", str(data), "--bank", str(FIXTURES)])
    finally:
        undo()
    assert code == 0, err
    assert json.loads(out)["reviews"] == 1
    assert (data / "progress.sqlite3").read_bytes() == before


def test_cli_bank_given_twice(tmp_path: Path) -> None:
    code, out, err = _run(["stats", "--json", "--bank", str(FIXTURES), "--bank", str(FIXTURES),
                           "--data-dir", str(tmp_path)])
    assert code == 0, err
    assert json.loads(out)["reviews"] == 0


def test_cli_database_damaged_past_the_first_page(tmp_path: Path) -> None:
    from .test_store import _damage_middle

    db = tmp_path / "progress.sqlite3"
    _damage_middle(db)
    before = db.read_bytes()
    code, _, err = _run(["stats", "--data-dir", str(tmp_path), "--bank", str(FIXTURES)])
    assert code == 1 and "Traceback" not in err
    assert err.startswith(f"error: {db}: the progress database is damaged")
    assert db.read_bytes() == before


def test_activity_retention_by_week_and_answers_with_exams(lib: Library, store: Store) -> None:
    """Reviews per study day; retention per week of review-state answers; exam answers count as answers, not reviews."""
    early = T0 - timedelta(days=20)
    store.record_review("fx-mcq", Rating.Good, early, PLAIN, outcome={"correct": True})
    store.record_review("fx-mcq", Rating.Good, early + timedelta(minutes=10), PLAIN, outcome={"correct": True})
    card = store.card_state("fx-mcq")
    assert card.due is not None
    store.record_review("fx-mcq", Rating.Again, card.due, PLAIN, outcome={"correct": False})  # review state, lapse
    lapse_day = card.due.date()
    store.save_exam_result("fx-exam", started=T0, finished=T0, score=0.5, passed=False, parts={},
                           answers=[{"item_id": "fx-tf", "outcome": {"correct": False}},
                                    {"item_id": "fx-mcq", "outcome": {"correct": True}}])
    store.save_exam_result("fx-exam", started=T0, finished=T0, score=0.0, passed=False, parts={}, abandoned=True,
                           answers=[{"item_id": "fx-tf", "outcome": {"correct": True}}])  # quit: not counted
    stats = compute_stats(store, lib, T0, tz=UTC)
    per_day = {d["day"]: d["reviews"] for d in stats["reviews_per_day"]}
    assert per_day[early.date().isoformat()] == 2 and per_day[lapse_day.isoformat()] == 1 and sum(per_day.values()) == 3
    weeks = [w for w in stats["retention_by_week"] if w["reviews"]]
    assert weeks == [{"week": (lapse_day - timedelta(days=lapse_day.weekday())).isoformat(), "reviews": 1,
                      "retention": 0.0}]
    # fx-mcq: right, right, wrong in study, right in the exam: 3 of 4. fx-tf: the handed-in exam answer only.
    answers = {m["section"]: m for m in stats["mastery"]}
    sections = {i.id: i.source for i in lib.items}
    mcq, tf = answers[sections["fx-mcq"]], answers[sections["fx-tf"]]
    if mcq is tf:
        assert mcq["answers_counted"] == 5 and mcq["answered_right_last5"] == 0.6
    else:
        assert mcq["answers_counted"] == 4 and mcq["answered_right_last5"] == 0.75
        assert tf["answers_counted"] == 1 and tf["answered_right_last5"] == 0.0
    # Parts pool their sections: recall weighted by items, accuracy over the answers.
    for part in stats["parts"]:
        rows = [m for m in stats["mastery"] if m["part"] == part["part"]]
        assert part["items"] == sum(m["items"] for m in rows)
        weighted = sum(m["recall_now"] * m["items"] for m in rows) / part["items"]
        assert abs(part["recall_now"] - weighted) < 1e-3
        assert part["answers_counted"] == sum(m["answers_counted"] for m in rows)
