"""Select items from a loaded library: by deck, section, tag, bank or type.

Shared by the study queue, exams, the Anki export and the TUI so that "which items does this
deck take" has one answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from backhip_learn.content.library import Library
from backhip_learn.content.model import Deck, Draw, Item
from backhip_learn.content.outline import Outline, OutlineObjective, course_objectives, load_outline
from backhip_learn.record import Record, record


@record
class DeckNode(Record):
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


def section_matches(section: str | None, selectors: Iterable[str], outline: Outline | None = None) -> bool:
    """Whether a section id is one of ``selectors`` or below one (``red-flags`` takes all red flags).

    ``outline`` is the loaded course's (``Library.outline``); the bundled course's when not given.
    """
    if section is None:
        return False
    outline = outline or load_outline()
    part = outline.part_of(section)
    return any(section == s or section.startswith(s + ".") or part == s for s in selectors)


def library_objectives(lib: Library) -> tuple[OutlineObjective, ...]:
    """The objectives of the course files loaded with the library, else those of the bundled course."""
    return course_objectives(lib.courses) if lib.courses else lib.outline.objectives


def select_items(
    lib: Library,
    *,
    sections: Iterable[str] = (),
    tags: Iterable[str] = (),
    banks: Iterable[str] = (),
    types: Iterable[str] = (),
    objectives: Iterable[str] = (),
) -> list[Item]:
    """Items (in bank order) matching every given filter; an empty filter matches everything.

    Within one filter the values are alternatives: ``tags=("a", "b")`` takes items tagged a or b.
    """
    sections, tags, banks, types = tuple(sections), set(tags), set(banks), set(types)
    wanted = set(objectives)
    out = []
    for item in lib.items:
        if sections and not section_matches(item.source, sections, lib.outline):
            continue
        if tags and not tags.intersection(item.tags):
            continue
        if wanted and item.objective not in wanted:
            continue
        if banks and lib.bank_of.get(item.id) not in banks:
            continue
        if types and item.type not in types:
            continue
        out.append(item)
    return out


# Item types an exam never draws: the learner grades them, so an exam could not check the answer.
SELF_GRADED = frozenset({"basic"})


def draw_items(lib: Library, rule: Draw) -> list[Item]:
    """The items an exam draw rule can take (before its ``count``): never a self-graded type.

    One answer for the exam, its validator and its size, so a rule the validator passes never falls short.
    """
    found = select_items(lib, sections=rule.sections, tags=rule.tags, banks=rule.banks, types=rule.types,
                         objectives=rule.objectives)
    return [item for item in found if item.type not in SELF_GRADED]


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
            or (deck.sections and section_matches(item.source, deck.sections, lib.outline))
        ):
            out.append(item)
    return out


def deepest_decks(
    lib: Library, nodes: Sequence[DeckNode] | None = None, items: Sequence[Item] | None = None
) -> dict[str, DeckNode]:
    """Each item's deepest deck among ``nodes`` (default: every deck; first in walk order on ties).

    This is where Anki files an item's cards. A deck takes an item by bank, tag or section (as
    alternatives, like ``deck_items``); computed from indexes once per deck, not per item.
    """
    nodes = list(walk_decks(lib)) if nodes is None else nodes
    if not nodes:
        return {}
    items = lib.items if items is None else items
    by_bank: dict[str, list[Item]] = {}
    by_tag: dict[str, list[Item]] = {}
    by_source: dict[str | None, list[Item]] = {}
    use_tags = any(n.deck.tags for n in nodes)
    use_sections = any(n.deck.sections for n in nodes)
    for it in items:
        by_bank.setdefault(lib.bank_of.get(it.id, ""), []).append(it)
        if use_sections:
            by_source.setdefault(it.source, []).append(it)
        if use_tags:
            for tag in it.tags:
                by_tag.setdefault(tag, []).append(it)
    best: dict[str, DeckNode] = {}
    for node in nodes:
        deck = node.deck
        taken = [it for b in deck.banks for it in by_bank.get(b, ())]
        taken += [it for t in deck.tags for it in by_tag.get(t, ())]
        if deck.sections:
            taken += [it for src, its in by_source.items()
                      if section_matches(src, deck.sections, lib.outline) for it in its]
        for it in taken:
            held = best.get(it.id)
            if held is None or node.depth > held.depth:
                best[it.id] = node
    return best


def item_deck(lib: Library, item_id: str) -> DeckNode | None:
    """The deepest deck that takes this item (where Anki files its cards)."""
    return deepest_decks(lib).get(item_id)
