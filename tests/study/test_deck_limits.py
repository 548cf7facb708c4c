"""Per-deck daily limits as Anki has them: every deck on a card's path limits it, counted per study day."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from fsrs import Rating

from backhip_learn.content.load import Library
from backhip_learn.store import Store
from backhip_learn.study.queue import (
    Limits,
    StudyQueue,
    extend_today,
    set_today_limits,
    study_day,
    today_limits,
)

from .helpers import T0

UTC = timezone.utc
ANATOMY = ["fx-basic", "fx-mcq", "fx-multi", "fx-tf", "fx-cloze"]
CAUSES = ["fx-short", "fx-match", "fx-order", "fx-short2"]


def queue(store: Store, lib: Library, now: datetime = T0, **kw: object) -> StudyQueue:
    kw.setdefault("tz", UTC)
    return StudyQueue(store, lib, now, enable_fuzzing=False, **kw)  # type: ignore[arg-type]


def study_all(q: StudyQueue, now: datetime = T0) -> list[str]:
    """Answer every card the queue offers now (Easy: no learning steps); the ids shown."""
    shown = []
    while (entry := q.next(now)) is not None:
        shown.append(entry.item.id)
        q.answer(entry.item.id, Rating.Easy, now)
        now += timedelta(seconds=5)
    return shown


def test_each_deck_has_its_own_new_limit(store: Store, lib: Library) -> None:
    q = queue(store, lib)
    assert [i.id for i in q.new] == ANATOMY[:2] + CAUSES  # Anatomy: 2 a day; Causes: the root's 20
    shown = study_all(q)
    assert sorted(shown) == sorted(ANATOMY[:2] + CAUSES)
    assert q.new_blocked is not None and q.new_blocked.name == "Anatomy" and q.new_blocked.new_limit == 2
    # Studied from "All cards", the cards count against Anatomy: its own queue has none left today.
    anat = queue(store, lib, T0 + timedelta(minutes=5), deck="Anatomy")
    assert anat.counts().new == 0
    assert anat.new_blocked is not None and anat.new_blocked.deck_id == "fx-anat"
    assert anat.budgets["fx-anat"].new_done == 2 and anat.budgets["fx-root"].new_done == 6


def test_parent_limit_applies_to_every_subdeck(store: Store, lib: Library) -> None:
    day = study_day(T0, UTC)
    set_today_limits(store, lib, "fx-root", day, new_per_day=3)
    q = queue(store, lib, deck="Causes")
    assert [i.id for i in q.new] == CAUSES[:3]
    study_all(q)
    anat = queue(store, lib, T0 + timedelta(minutes=1), deck="Anatomy")
    assert anat.counts().new == 0  # Anatomy never opened, but its parent's 3 are used
    assert anat.new_blocked is not None and anat.new_blocked.name == "Fixture"


def test_limits_count_per_study_day(store: Store, lib: Library) -> None:
    study_all(queue(store, lib, deck="Anatomy"))
    assert queue(store, lib, T0 + timedelta(hours=1), deck="Anatomy").counts().new == 0
    tomorrow = T0 + timedelta(days=1)
    assert [i.id for i in queue(store, lib, tomorrow, deck="Anatomy").new] == ANATOMY[2:4]


def test_todays_change_lasts_one_day(store: Store, lib: Library) -> None:
    day = study_day(T0, UTC)
    set_today_limits(store, lib, "fx-anat", day, new_per_day=4, reviews_per_day=10)
    assert today_limits(store, lib, "fx-anat", day) == Limits(4, 10)
    assert queue(store, lib, deck="Anatomy").counts().new == 4
    assert queue(store, lib, T0 + timedelta(days=1), deck="Anatomy").counts().new == 2  # the preset again


def test_study_more_raises_the_deck_and_its_parents(store: Store, lib: Library) -> None:
    day = study_day(T0, UTC)
    set_today_limits(store, lib, "fx-root", day, new_per_day=2)
    study_all(queue(store, lib, deck="Anatomy"))
    assert queue(store, lib, deck="Anatomy").counts().new == 0
    extend_today(store, lib, "Anatomy", day, new=2)
    assert today_limits(store, lib, "fx-anat", day).new_per_day == 4
    assert today_limits(store, lib, "fx-root", day).new_per_day == 4
    assert today_limits(store, lib, "fx-caus", day).new_per_day == 20  # a sibling is left alone
    assert [i.id for i in queue(store, lib, deck="Anatomy").new] == ANATOMY[2:4]


def test_review_limit_per_deck(store: Store, lib: Library) -> None:
    long_ago = T0 - timedelta(days=30)
    for item_id in ANATOMY + CAUSES:
        store.record_review(item_id, int(Rating.Easy), long_ago, queue(store, lib, long_ago).scheduling)
    set_today_limits(store, lib, "fx-anat", study_day(T0, UTC), reviews_per_day=1)
    q = queue(store, lib)
    assert q.counts().due == 1 + len(CAUSES)
    study_all(q)
    assert q.review_blocked is not None and q.review_blocked.name == "Anatomy"
    assert queue(store, lib, T0 + timedelta(minutes=1)).counts().due == 0


def test_a_card_id_with_a_suffix_counts_against_its_items_decks(store: Store, lib: Library) -> None:
    q = queue(store, lib)
    assert q.chain("fx-cloze#c2") == q.chain("fx-cloze") == ("fx-root", "fx-anat")
    assert q.chain("not-an-item") == ("",)


def test_one_limit_for_the_queue_when_given(store: Store, lib: Library) -> None:
    q = queue(store, lib, limits=Limits(3, 200))
    assert [i.id for i in q.new] == ANATOMY[:3]  # the caller's limit replaces the decks' own


def test_building_a_queue_reads_todays_reviews_through_an_index(store: Store, lib: Library) -> None:
    """No query of a queue build walks the whole review log (a long history would cost every start)."""
    study_all(queue(store, lib))
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        queue(store, lib, T0 + timedelta(hours=1))
    finally:
        store.conn.set_trace_callback(None)
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT") and "reviews" in s]
    assert reads
    for sql in reads:
        plan = " ".join(str(row[-1]) for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql))
        assert "SCAN reviews" not in plan, (sql, plan)


def test_a_librarys_deck_index_is_worked_out_once(store: Store, lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every queue of one library (one per deck on the home screen) shares its deck index."""
    import backhip_learn.study.queue as queue_module

    calls: list[int] = []
    real = queue_module.deepest_decks
    monkeypatch.setattr(queue_module, "_DECK_INDEXES", type(queue_module._DECK_INDEXES)())
    monkeypatch.setattr(queue_module, "deepest_decks", lambda *a, **k: calls.append(1) or real(*a, **k))
    first, second = queue(store, lib), queue(store, lib, T0 + timedelta(minutes=5))
    assert len(calls) == 1
    assert first.chain(lib.items[0].id) == second.chain(lib.items[0].id)
