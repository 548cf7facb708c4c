"""The card browser's core: search terms, states, history with intervals and answers, the item's file and line."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fsrs import Rating

from backhip_learn.content.load import Library
from backhip_learn.store import Store
from backhip_learn.study.browse import (
    BadQuery,
    card_states,
    history,
    item_location,
    parse_query,
    search,
)
from backhip_learn.study.grading import Choices, grade, response_to_dict
from backhip_learn.study.scheduling import Scheduling

from .helpers import T0

PLAIN = Scheduling(enable_fuzzing=False)


def ids(cards: list) -> list[str]:  # type: ignore[type-arg]
    return [c.item.id for c in cards]


def test_search_by_text_id_tag_section_and_state(store: Store, lib: Library) -> None:
    assert ids(search(lib, store, "femoral", T0)) == ["fx-mcq"]  # an option's text counts
    assert ids(search(lib, store, "piriformis buttock", T0)) == ["fx-tf", "fx-short", "fx-match"]
    assert ids(search(lib, store, "id:fx-short", T0)) == ["fx-short", "fx-short2"]
    assert ids(search(lib, store, "tag:anatomy type:mcq", T0)) == ["fx-mcq"]
    assert ids(search(lib, store, "section:anatomy.sciatic-nerve", T0)) == ["fx-mcq", "fx-cloze"]
    store.suspend("fx-tf")
    store.flag("fx-mcq", 1)
    store.bury("fx-multi", T0 + timedelta(hours=5))
    assert ids(search(lib, store, "is:suspended", T0)) == ["fx-tf"]
    assert ids(search(lib, store, "is:flagged", T0)) == ["fx-mcq"]
    assert ids(search(lib, store, "is:buried", T0)) == ["fx-multi"]
    assert ids(search(lib, store, "", T0 + timedelta(hours=6), states=["buried"])) == []
    assert len(search(lib, store, "is:new", T0)) == len(lib.items)


def test_due_learning_review_and_leech_states(store: Store, lib: Library) -> None:
    store.record_review("fx-basic", int(Rating.Again), T0, PLAIN)
    row = store.card("fx-basic")
    assert card_states(row, T0) == {"learning"}
    assert card_states(row, T0 + timedelta(minutes=2)) == {"learning", "due"}
    assert "leech" in card_states(_with_lapses(row, 8), T0)
    assert "leech" not in card_states(_with_lapses(row, 7), T0)


def _with_lapses(row, n):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    return replace(row, card=replace(row.card, lapses=n))


def test_bad_queries_are_refused() -> None:
    with pytest.raises(BadQuery, match="unknown state 'sleepy'"):
        parse_query("is:sleepy")
    with pytest.raises(BadQuery, match="cannot read"):
        parse_query('"open quote')
    assert parse_query('"referred pain" tag:x') == [("text", "referred pain"), ("tag", "x")]


def test_history_has_every_review_with_interval_and_answer(store: Store, lib: Library) -> None:
    mcq = lib.item_index["fx-mcq"]
    for k, (pick, rating) in enumerate([((1,), Rating.Again), ((0,), Rating.Good), ((0,), Rating.Good)]):
        response = Choices(pick)
        store.record_review("fx-mcq", int(rating), T0 + timedelta(minutes=10 * k), PLAIN,
                            outcome=grade(mcq, response).to_dict(), response=response_to_dict(response))
    rows = history(store, mcq)
    assert [r.rating for r in rows] == [1, 3, 3]
    assert [r.answer for r in rows] == ["Femoral nerve", "Sciatic nerve", "Sciatic nerve"]
    assert rows[0].interval == "1m"  # Again on a new card: the first learning step
    assert rows[1].interval == "10m"
    store.forget("fx-mcq")
    assert store.card("fx-mcq").card.is_new and len(history(store, mcq)) == 3  # type: ignore[union-attr]


def test_item_location_names_file_and_line(lib: Library) -> None:
    found = item_location(lib, "fx-mcq")
    assert found is not None
    path, line = found
    assert path.name == "bank-anatomy.yaml"
    assert "id: fx-mcq" in path.read_text("utf-8").splitlines()[line - 1]
    assert item_location(lib, "no-such-item") is None
