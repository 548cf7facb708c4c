"""The course outline: section ids, headings, the part each belongs to, and the learning objectives.

It is read from the course file (``course.yaml``) of the bundled content.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from backhip_learn.record import Record, record

if TYPE_CHECKING:
    from backhip_learn.content.model import Course


@record
class Section(Record):
    """One section of the article."""

    id: str
    part: str
    heading: str


@record
class OutlineObjective(Record):
    """One learning objective, with the section that teaches it."""

    id: str
    section: str
    text: str


@record
class Outline(Record):
    """The article's sections in reading order, its parts and its learning objectives."""

    article: str
    sections: tuple[Section, ...]
    parts: tuple[tuple[str, str], ...]
    objectives: tuple[OutlineObjective, ...] = ()

    def objective(self, objective_id: str | None) -> OutlineObjective | None:
        """The objective with this id, or None."""
        return next((o for o in self.objectives if o.id == objective_id), None)

    def ids(self) -> tuple[str, ...]:
        """Section ids in article order."""
        return tuple(s.id for s in self.sections)

    def get(self, section_id: str) -> Section | None:
        """The section with this id, or None."""
        return next((s for s in self.sections if s.id == section_id), None)

    def part_of(self, section_id: str | None) -> str | None:
        """The part id a section belongs to, or None for an unknown section."""
        s = self.get(section_id) if section_id else None
        return s.part if s else None

    def part_name(self, part_id: str) -> str:
        """A part's display name."""
        return dict(self.parts).get(part_id, part_id)

    def matching(self, selector: str) -> tuple[str, ...]:
        """Section ids equal to ``selector`` or below it (``red-flags`` selects every red flag)."""
        return tuple(
            s.id for s in self.sections if s.id == selector or s.id.startswith(selector + ".") or s.part == selector
        )


@lru_cache(maxsize=1)
def load_outline() -> Outline:
    """Read the bundled outline (cached: it never changes at run time)."""
    import yaml  # imported here: a start from the content cache needs no YAML until a section is shown

    from backhip_learn.paths import quizzes_dir

    raw = yaml.safe_load((quizzes_dir() / COURSE_FILE).read_text("utf-8"))
    return Outline(
        article=raw["source"]["title"],
        sections=tuple(Section(id=s["id"], part=s["part"], heading=s["heading"]) for s in raw["sections"]),
        parts=tuple((p["id"], p["name"]) for p in raw["parts"]),
        objectives=tuple(
            OutlineObjective(id=o["id"], section=s["id"], text=o["text"])
            for s in raw["sections"]
            for o in s.get("objectives") or ()
        ),
    )


# Items an objective should have: fewer cannot tell a lucky guess from knowing it, more drill one fact.
MIN_PER_OBJECTIVE = 2
MAX_PER_OBJECTIVE = 5


def course_objectives(courses: Iterable[Course]) -> tuple[OutlineObjective, ...]:
    """Every objective the course files define, in file order (a repeated id appears each time)."""
    return tuple(
        OutlineObjective(id=o.id, section=s.id, text=o.text)
        for course in courses
        for s in course.sections
        for o in s.objectives
    )


COURSE_FILE = "course.yaml"
