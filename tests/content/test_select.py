"""Deck selection: where each item is filed (its deepest deck) agrees with the per-deck rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from backhip_learn.content.load import Library, load_paths
from backhip_learn.content.select import deck_items, deepest_decks, item_deck, walk_decks
from backhip_learn.content.sources import load_content

EXPORT_FIXTURE = Path(__file__).resolve().parents[1] / "export" / "fixtures" / "content"


def brute_force(lib: Library) -> dict[str, str]:
    """For each item, the deepest deck whose own banks/tags/sections take it (first in walk order)."""
    best: dict[str, tuple[int, str]] = {}
    for node in walk_decks(lib):
        for item in deck_items(lib, node.deck, include_children=False):
            if item.id not in best or node.depth > best[item.id][0]:
                best[item.id] = (node.depth, node.path)
    return {k: path for k, (_, path) in best.items()}


@pytest.mark.parametrize("lib", [load_content(), load_paths([EXPORT_FIXTURE])], ids=["bundled", "export-fixture"])
def test_deepest_decks_matches_the_per_deck_rule(lib: Library) -> None:
    expected = brute_force(lib)
    assert expected, "the fixture should file some items in decks"
    got = {k: n.path for k, n in deepest_decks(lib).items()}
    assert got == expected
    some = next(iter(expected))
    node = item_deck(lib, some)
    assert node is not None and node.path == expected[some]


def test_bundled_items_are_filed_in_their_part_deck() -> None:
    lib = load_content()
    filed = deepest_decks(lib)
    assert set(filed) == {i.id for i in lib.items}
    # The body-map bank revisits the causes and the nerve's course: it is studied in the causes deck.
    assert all((n.depth == 1 and n.deck.banks[0] == lib.bank_of[i]) or lib.bank_of[i] == "body-maps"
               for i, n in filed.items())
    assert {n.deck.id for i, n in filed.items() if lib.bank_of[i] == "body-maps"} == {"causes"}
