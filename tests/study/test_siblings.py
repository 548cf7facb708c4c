"""Siblings (items on one objective): one a day, buried once one is reviewed, never back to back."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from fsrs import Rating

from backhip_learn.content.load import Library, load_paths
from backhip_learn.store import Store
from backhip_learn.study.queue import Limits, StudyQueue

from .helpers import T0

UTC = timezone.utc
SIBLINGS = Path(__file__).parent / "siblings"  # a1 a2 a3 on one objective, b1 b2 on another, c1 c2 on none


@pytest.fixture(scope="module")
def sib() -> Library:
    library = load_paths([SIBLINGS])
    assert not library.problems, library.problems
    return library


def queue(store: Store, lib: Library, now: datetime = T0, **kw: object) -> StudyQueue:
    return StudyQueue(store, lib, now, tz=UTC, enable_fuzzing=False, **kw)  # type: ignore[arg-type]


def test_one_card_per_objective_a_day(store: Store, sib: Library) -> None:
    q = queue(store, sib)
    assert [i.id for i in q.new] == ["a1", "b1", "c1", "c2"]
    assert q.siblings_buried == 3
    entry = q.next(T0)
    assert entry is not None and entry.item.id == "a1"
    q.answer("a1", Rating.Easy, T0)
    later = queue(store, sib, T0 + timedelta(hours=1))
    assert [i.id for i in later.new] == ["b1", "c1", "c2"]  # a2, a3 wait: a1 was reviewed today
    assert [i.id for i in queue(store, sib, T0 + timedelta(days=1)).new] == ["a2", "b1", "c1", "c2"]


def test_answering_a_card_buries_its_queued_siblings(store: Store, sib: Library) -> None:
    q = queue(store, sib, limits=Limits(20, 200))
    q.new.insert(1, sib.item_index["a2"])  # as if it had been queued beside its sibling
    q.answer("a1", Rating.Again, T0)
    assert "a2" not in [i.id for i in q.new]
    assert [due_id for _, due_id in q.learning] == ["a1"]  # the card itself goes on learning


def test_siblings_never_come_back_to_back(store: Store, sib: Library) -> None:
    q = queue(store, sib, cram=True)  # cramming buries nothing: every sibling is queued
    assert len(q.new) == 7
    shown, now = [], T0
    while (entry := q.next(now)) is not None and len(shown) < 7:
        shown.append(entry.item.id)
        q.answer(entry.item.id, Rating.Easy, now)
        now += timedelta(seconds=5)
    assert shown == ["a1", "b1", "a2", "b2", "a3", "c1", "c2"]
    keys = [q.sibling_key(i) for i in shown]
    assert all(a != b or a.startswith("item:") for a, b in itertools.pairwise(keys))


def test_a_card_id_with_a_suffix_is_its_items_sibling(store: Store, sib: Library) -> None:
    q = queue(store, sib)
    assert q.sibling_key("a2#c1") == q.sibling_key("a1") == "objective:ov.name-link-types"
    assert q.sibling_key("c1") == "item:c1"
