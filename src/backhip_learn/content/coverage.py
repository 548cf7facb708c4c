"""Coverage of the article by the items, and an inventory of banks, decks and exams."""

from __future__ import annotations

from dataclasses import dataclass, field

from backhip_learn.content.load import Library
from backhip_learn.content.model import ITEM_TYPES, Exam
from backhip_learn.content.outline import load_outline
from backhip_learn.content.select import deck_items, select_items, walk_decks


@dataclass(frozen=True)
class SectionRow:
    """Item counts for one article section."""

    id: str
    heading: str
    part: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Items of every type."""
        return sum(self.counts.values())

    def to_dict(self) -> dict[str, object]:
        """A JSON-friendly form."""
        return {"id": self.id, "heading": self.heading, "part": self.part, "counts": dict(self.counts),
                "total": self.total, "empty": self.total == 0}


@dataclass(frozen=True)
class Coverage:
    """Every outline section in article order, and the items whose source is no section."""

    rows: tuple[SectionRow, ...]
    unassigned: dict[str, int]

    @property
    def empty(self) -> tuple[SectionRow, ...]:
        """Sections without any item."""
        return tuple(r for r in self.rows if r.total == 0)

    def totals(self) -> dict[str, int]:
        """Items per type over all sections (and unassigned)."""
        out = dict(self.unassigned)
        for r in self.rows:
            for t, n in r.counts.items():
                out[t] += n
        return out

    def to_dict(self) -> dict[str, object]:
        """A JSON-friendly form."""
        totals = self.totals()
        return {"types": list(ITEM_TYPES), "sections": [r.to_dict() for r in self.rows],
                "unassigned": dict(self.unassigned), "totals": totals, "total": sum(totals.values()),
                "empty_sections": [r.id for r in self.empty]}


def coverage(lib: Library) -> Coverage:
    """Count the library's items by article section and type."""
    outline = load_outline()
    counts: dict[str, dict[str, int]] = {s.id: dict.fromkeys(ITEM_TYPES, 0) for s in outline.sections}
    unassigned = dict.fromkeys(ITEM_TYPES, 0)
    for item in lib.items:
        (counts.get(item.source or "", unassigned))[item.type] += 1
    rows = tuple(SectionRow(s.id, s.heading, s.part, counts[s.id]) for s in outline.sections)
    return Coverage(rows, unassigned)


def exam_size(lib: Library, exam: Exam) -> int:
    """How many items one sitting of the exam draws (each rule capped by what matches)."""
    total = 0
    for rule in exam.draw:
        found = len(select_items(lib, sections=rule.sections, tags=rule.tags, banks=rule.banks, types=rule.types))
        total += found if rule.count is None else min(rule.count, found)
    return total


def inventory(lib: Library) -> dict[str, list[dict[str, object]]]:
    """Banks, decks (as a depth-first tree) and exams with their item counts."""
    bank_counts = {b.id: 0 for b in lib.banks}
    for item_id, bank_id in lib.bank_of.items():
        bank_counts[bank_id] = bank_counts.get(bank_id, 0) + 1
    return {
        "banks": [
            {"id": b.id, "title": b.title, "items": bank_counts.get(b.id, 0), "path": lib.bank_where[b.id].path}
            for b in lib.banks
        ],
        "decks": [
            {"id": n.deck.id, "name": n.deck.name, "path": n.path, "depth": n.depth,
             "items": len(deck_items(lib, n.deck)), "own_items": len(deck_items(lib, n.deck, include_children=False))}
            for n in walk_decks(lib)
        ],
        "exams": [
            {"id": e.id, "title": e.title, "draw": exam_size(lib, e), "time_limit_minutes": e.time_limit_minutes,
             "pass_mark": e.pass_mark}
            for e in lib.exams
        ],
    }
