"""The course outline: section ids, headings, the part each belongs to, and the learning objectives.

It is read from the course file (``course.yaml``) of the loaded course (``Library.outline``); the
bundled course's file is the fallback only when no course file was loaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from backhip_learn.paths import BUNDLED_COURSE_ID, quizzes_dir
from backhip_learn.record import Record, record

if TYPE_CHECKING:
    from backhip_learn.content.model import Course


# The bundled course's id: its progress file and Anki names keep their first-edition names.


@record
class Section(Record):
    """One section of the source (an article's section, a lecture, a chapter)."""

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
    """The source's sections in reading order, its parts and its learning objectives."""

    article: str  # the source's title
    sections: tuple[Section, ...]
    parts: tuple[tuple[str, str], ...]
    objectives: tuple[OutlineObjective, ...] = ()
    course_id: str = BUNDLED_COURSE_ID
    title: str = ""  # the course's own title

    @classmethod
    def from_course(cls, course: Course) -> Outline:
        """The outline a loaded course file defines."""
        return cls(
            article=course.source.title,
            sections=tuple(Section(id=s.id, part=s.part, heading=s.heading) for s in course.sections),
            parts=tuple((p.id, p.name) for p in course.parts),
            objectives=tuple(
                OutlineObjective(id=o.id, section=s.id, text=o.text) for s in course.sections for o in s.objectives
            ),
            course_id=course.id,
            title=course.title,
        )

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

    raw = yaml.safe_load((quizzes_dir() / COURSE_FILE).read_text("utf-8"))
    return Outline(
        course_id=raw.get("id", BUNDLED_COURSE_ID),
        title=raw.get("title", ""),
        article=raw["source"]["title"],
        sections=tuple(Section(id=s["id"], part=s["part"], heading=s["heading"]) for s in raw["sections"]),
        parts=tuple((p["id"], p["name"]) for p in raw["parts"]),
        objectives=tuple(
            OutlineObjective(id=o["id"], section=s["id"], text=o["text"])
            for s in raw["sections"]
            for o in s.get("objectives") or ()
        ),
    )


@lru_cache(maxsize=8)
def course_outline(course: Course) -> Outline:
    """The outline of a loaded course file (cached: ``Library.outline`` is read for every item shown)."""
    return Outline.from_course(course)


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
