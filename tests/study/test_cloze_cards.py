"""A cloze is one card per gap number, as in Anki: its own schedule, its own gaps asked; old progress migrates."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

from fsrs import Rating

from backhip_learn.content.cards import ClozeCard, card_id, split_card_id, study_cards
from backhip_learn.content.load import Library
from backhip_learn.store import (
    APPLICATION_ID,
    MIGRATE_V2,
    SCHEMA_V1,
    SCHEMA_VERSION,
    Store,
    to_us,
)
from backhip_learn.study.grading import ClozeAnswers, DontKnow, grade
from backhip_learn.study.queue import Limits, StudyQueue
from backhip_learn.study.scheduling import Scheduling

from .helpers import T0

PLAIN = Scheduling(enable_fuzzing=False)


def test_card_ids() -> None:
    assert card_id("fx-cloze", 2) == "fx-cloze::c2"
    assert split_card_id("fx-cloze::c2") == ("fx-cloze", 2)
    assert split_card_id("fx-mcq") == ("fx-mcq", None)
    assert split_card_id("odd::cx") == ("odd::cx", None)


def test_a_cloze_is_one_card_per_gap_number(lib: Library) -> None:
    item = lib.item_index["fx-cloze"]  # gaps numbered 1, 2, 2
    cards = [c for c in lib.cards.values() if getattr(c, "item_id", "") == "fx-cloze"]
    assert [c.id for c in cards] == ["fx-cloze::c1", "fx-cloze::c2"]
    one, two = cards
    assert isinstance(one, ClozeCard) and isinstance(two, ClozeCard)
    assert (one.number, two.number) == (1, 2) and one.asked() == (0,) and two.asked() == (1, 2)
    # The card's prompt blanks its own gaps and shows the others, as Anki does.
    assert "[...]" in two.prompt and item.gaps()[0].answer in two.prompt  # type: ignore[union-attr]
    assert item.gaps()[1].answer not in two.prompt  # type: ignore[union-attr]
    # Every other item is one card under its own id, in bank order.
    assert list(lib.cards)[: len(lib.items)] != [i.id for i in lib.items]
    assert [k for k in lib.cards if "::" not in k] == [i.id for i in lib.items if i.type != "cloze"]
    assert study_cards([item]) == {c.id: c for c in cards}


def test_a_cloze_card_grades_only_its_gaps(lib: Library) -> None:
    two = lib.cards["fx-cloze::c2"]
    out = grade(two, ClozeAnswers({1: "L4", 2: "S3"}))
    assert out.correct and out.item_id == "fx-cloze::c2" and [p.index for p in out.parts] == [1, 2]
    assert not grade(two, ClozeAnswers({1: "S3", 2: "L4"})).correct  # each gap on its own
    assert [p.index for p in grade(two, DontKnow()).parts] == [1, 2]
    # The whole item (an exam question) asks every gap.
    assert len(grade(lib.item_index["fx-cloze"], ClozeAnswers({0: "sciatic", 1: "L4", 2: "S3"})).parts) == 3


def test_each_gap_number_has_its_own_schedule(store: Store, lib: Library) -> None:
    q = StudyQueue(store, lib, T0, limits=Limits(50, 200), enable_fuzzing=False)
    entries = {}
    now = T0
    while (entry := q.next(now)) is not None and entry.kind == "new":
        entries[entry.item.id] = entry
        rating = Rating.Easy if entry.item.id == "fx-cloze::c1" else Rating.Again
        q.answer(entry.item.id, rating, now)
    one, two = store.card("fx-cloze::c1"), store.card("fx-cloze::c2")
    assert one is not None and two is not None and store.card("fx-cloze") is None
    assert one.card.state == 2 and two.card.state != 2  # c1 learnt (Easy), c2 still learning (Again)
    assert isinstance(entries["fx-cloze::c2"].item, ClozeCard)


def _v2_database(path: Path, outcome: dict[str, object]) -> None:
    """A progress database as version 2 wrote it: one whole-cloze card with two reviews, one mcq card."""
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_V1)
    conn.executescript(MIGRATE_V2)
    due, last = T0 + timedelta(days=4), T0 - timedelta(days=2)
    for item_id in ("fx-cloze", "fx-mcq"):
        conn.execute(
            "INSERT INTO cards (item_id, state, step, stability, difficulty, due, last_review, reps, lapses, flag)"
            " VALUES (?, 2, NULL, 6.5, 4.75, ?, ?, 2, 0, 1)", (item_id, to_us(due), to_us(last)))
    for k in range(2):
        conn.execute(
            "INSERT INTO reviews (item_id, rating, reviewed_at, outcome, response) VALUES (?, 3, ?, ?, ?)",
            ("fx-cloze", to_us(last - timedelta(days=k)), json.dumps(outcome),
             json.dumps({"kind": "cloze", "answers": {"0": "sciatic"}})),
        )
    conn.execute("INSERT INTO reviews (item_id, rating, reviewed_at, outcome) VALUES ('fx-mcq', 3, ?, NULL)",
                 (to_us(last),))
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()


def test_old_whole_cloze_progress_migrates_to_its_cards(tmp_path: Path, lib: Library) -> None:
    path = tmp_path / "old.sqlite3"
    outcome = grade(lib.item_index["fx-cloze"], ClozeAnswers({0: "sciatic", 1: "L4", 2: "S3"})).to_dict()
    _v2_database(path, outcome)
    with Store.open(path) as s:
        assert s.schema_version == SCHEMA_VERSION == 4
        old = s.card("fx-cloze")
        assert old is not None  # split on the first sync, when the library says which gaps there are
        StudyQueue(s, lib, T0, limits=Limits(50, 200))
        assert s.card("fx-cloze") is None
        one, two = s.card("fx-cloze::c1"), s.card("fx-cloze::c2")
        assert one is not None and two is not None
        assert one.card == old.card and two.card == old.card and one.flag == two.flag == 1
        # Not one review lost: they belong to the first card now; the mcq is untouched.
        assert [r.item_id for r in s.reviews()].count("fx-cloze::c1") == 2 and s.review_count() == 3
        assert s.reviews(item_id="fx-cloze") == []
        mcq = s.card("fx-mcq")
        assert mcq is not None and mcq.card == old.card
        # Both cards are due with the old card's schedule, as reviews, not as new cards.
        due = StudyQueue(s, lib, old.card.due + timedelta(hours=1), limits=Limits(0, 200))  # type: ignore[operator]
        assert {"fx-cloze::c1", "fx-cloze::c2"} <= set(due.reviews)
        # A later sync changes nothing more, and the card keeps working.
        s.record_review("fx-cloze::c2", Rating.Good, T0, PLAIN)
        assert s.conn.execute("SELECT COUNT(*) FROM cloze_split").fetchone()[0] == 0
    with Store.open(path) as s:
        assert s.schema_version == 4 and s.card("fx-cloze::c2") is not None


def test_a_cloze_missing_from_the_library_waits_for_a_later_sync(tmp_path: Path, lib: Library) -> None:
    path = tmp_path / "old.sqlite3"
    _v2_database(path, {"item_type": "cloze"})
    with Store.open(path) as s:
        s.sync_library(["fx-mcq"])  # a --bank subset without the cloze
        assert s.card("fx-cloze") is not None
        s.sync_library(list(lib.cards))
        assert s.card("fx-cloze") is None and s.card("fx-cloze::c2") is not None
