"""Coverage of the article by the items (per section, objective and level); an inventory of banks, decks, exams."""

from __future__ import annotations

from dataclasses import field

from backhip_learn.content.load import Library
from backhip_learn.content.model import ITEM_TYPES, LEVELS, Exam
from backhip_learn.content.outline import MAX_PER_OBJECTIVE, MIN_PER_OBJECTIVE
from backhip_learn.content.select import deck_items, draw_items, library_objectives, walk_decks
from backhip_learn.record import Record, record

HIGHER_LEVELS = ("apply", "analyse")


@record
class SectionRow(Record):
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


@record
class ObjectiveRow(Record):
    """Item counts for one learning objective, by cognitive level."""

    id: str
    section: str
    text: str
    levels: dict[str, int] = field(default_factory=dict)  # level -> items ("none": items without a level)

    @property
    def total(self) -> int:
        """Items naming this objective."""
        return sum(self.levels.values())

    @property
    def flag(self) -> str:
        """'few' below two items, 'many' above five, '' otherwise."""
        if self.total < MIN_PER_OBJECTIVE:
            return "few"
        return "many" if self.total > MAX_PER_OBJECTIVE else ""

    def to_dict(self) -> dict[str, object]:
        """A JSON-friendly form."""
        return {"id": self.id, "section": self.section, "text": self.text, "levels": dict(self.levels),
                "total": self.total, "flag": self.flag}


@record
class Coverage(Record):
    """Every outline section in article order, and the items whose source is no section; objectives and levels."""

    rows: tuple[SectionRow, ...]
    unassigned: dict[str, int]
    objectives: tuple[ObjectiveRow, ...] = ()
    levels: dict[str, int] = field(default_factory=dict)  # level -> items over the library ("none" too)
    no_objective: int = 0  # items naming no objective of the course

    @property
    def higher_share(self) -> float:
        """The share of items at apply or analyse level (0 without items)."""
        total = sum(self.levels.values())
        return sum(self.levels.get(lv, 0) for lv in HIGHER_LEVELS) / total if total else 0.0

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
                "empty_sections": [r.id for r in self.empty],
                "objectives": [o.to_dict() for o in self.objectives], "no_objective": self.no_objective,
                "levels": dict(self.levels), "apply_analyse_share": round(self.higher_share, 3),
                "objective_limits": [MIN_PER_OBJECTIVE, MAX_PER_OBJECTIVE]}


def coverage(lib: Library) -> Coverage:
    """Count the library's items by article section and type."""
    outline = lib.outline
    counts: dict[str, dict[str, int]] = {s.id: dict.fromkeys(ITEM_TYPES, 0) for s in outline.sections}
    unassigned = dict.fromkeys(ITEM_TYPES, 0)
    for item in lib.items:
        (counts.get(item.source or "", unassigned))[item.type] += 1
    rows = tuple(SectionRow(s.id, s.heading, s.part, counts[s.id]) for s in outline.sections)
    by_objective: dict[str, dict[str, int]] = {}
    defined = []
    for o in library_objectives(lib):
        if o.id not in by_objective:
            by_objective[o.id] = dict.fromkeys((*LEVELS, "none"), 0)
            defined.append(o)
    levels = dict.fromkeys((*LEVELS, "none"), 0)
    no_objective = 0
    for item in lib.items:
        level = item.level or "none"
        levels[level] += 1
        row = by_objective.get(item.objective or "")
        if row is None:
            no_objective += 1
        else:
            row[level] += 1
    objectives = tuple(ObjectiveRow(o.id, o.section, o.text, by_objective[o.id]) for o in defined)
    return Coverage(rows, unassigned, objectives, levels, no_objective)


def exam_size(lib: Library, exam: Exam) -> int:
    """How many items one sitting of the exam draws (each rule capped by what matches)."""
    total = 0
    for rule in exam.draw:
        found = len(draw_items(lib, rule))
        total += found if rule.count is None else min(rule.count, found)
    return total


def inventory(lib: Library) -> dict[str, list[dict[str, object]]]:
    """Banks, decks (as a depth-first tree), exams and learning objectives with their item counts."""
    bank_counts = {b.id: 0 for b in lib.banks}
    for bank_id in lib.bank_of.values():
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
        "objectives": [
            {"id": o.id, "section": o.section, "items": o.total} for o in coverage(lib).objectives
        ],
    }
