"""Select items from a loaded library: by deck, section, tag, bank or type.

Shared by the study queue, exams, the Anki export and the TUI so that "which items does this
deck take" has one answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from backhip_learn.content.load import Library
from backhip_learn.content.model import Deck, Item
from backhip_learn.content.outline import load_outline


@dataclass(frozen=True)
class DeckNode:
    """A deck in the tree with its full Anki-style path (``Root::Part``) and depth."""

    deck: Deck
    path: str
    depth: int


def walk_decks(lib: Library) -> Iterator[DeckNode]:
    """Every deck of every manifest, depth first, parents before children."""

    def walk(deck: Deck, prefix: str, depth: int) -> Iterator[DeckNode]:
        path = f"{prefix}::{deck.name}" if prefix else deck.name
        yield DeckNode(deck, path, depth)
        for child in deck.children:
            yield from walk(child, path, depth + 1)

    for manifest in lib.decks:
        yield from walk(manifest.deck, "", 0)


def find_deck(lib: Library, name: str) -> DeckNode | None:
    """The deck whose id, name or full path matches ``name`` (case-insensitive)."""
    wanted = name.casefold()
    for node in walk_decks(lib):
        if wanted in (node.deck.id.casefold(), node.deck.name.casefold(), node.path.casefold()):
            return node
    return None


def section_matches(section: str | None, selectors: Iterable[str]) -> bool:
    """Whether a section id is one of ``selectors`` or below one (``red-flags`` takes all red flags)."""
    if section is None:
        return False
    outline = load_outline()
    part = outline.part_of(section)
    return any(section == s or section.startswith(s + ".") or part == s for s in selectors)


def select_items(
    lib: Library,
    *,
    sections: Iterable[str] = (),
    tags: Iterable[str] = (),
    banks: Iterable[str] = (),
    types: Iterable[str] = (),
) -> list[Item]:
    """Items (in bank order) matching every given filter; an empty filter matches everything.

    Within one filter the values are alternatives: ``tags=("a", "b")`` takes items tagged a or b.
    """
    sections, tags, banks, types = tuple(sections), set(tags), set(banks), set(types)
    out = []
    for item in lib.items:
        if sections and not section_matches(item.source, sections):
            continue
        if tags and not tags.intersection(item.tags):
            continue
        if banks and lib.bank_of.get(item.id) not in banks:
            continue
        if types and item.type not in types:
            continue
        out.append(item)
    return out


def deck_items(lib: Library, deck: Deck, *, include_children: bool = True) -> list[Item]:
    """The items a deck takes, in bank order, without repeats.

    A deck's own ``banks``, ``tags`` and ``sections`` are alternatives (an item matching any of
    them belongs); with ``include_children`` the items of its subdecks are included too.
    """
    seen: dict[str, Item] = {}
    for item in _own_items(lib, deck):
        seen.setdefault(item.id, item)
    if include_children:
        for child in deck.children:
            for item in deck_items(lib, child):
                seen.setdefault(item.id, item)
    order = {item.id: i for i, item in enumerate(lib.items)}
    return sorted(seen.values(), key=lambda it: order[it.id])


def _own_items(lib: Library, deck: Deck) -> list[Item]:
    if not (deck.banks or deck.tags or deck.sections):
        return []
    out = []
    tags = set(deck.tags)
    for item in lib.items:
        if (
            lib.bank_of.get(item.id) in deck.banks
            or tags.intersection(item.tags)
            or (deck.sections and section_matches(item.source, deck.sections))
        ):
            out.append(item)
    return out


def item_deck(lib: Library, item_id: str) -> DeckNode | None:
    """The deepest deck that takes this item (where Anki files its cards)."""
    best: DeckNode | None = None
    for node in walk_decks(lib):
        if any(i.id == item_id for i in _own_items(lib, node.deck)):
            if best is None or node.depth > best.depth:
                best = node
    return best
