"""The article outline: section ids, headings and the part each belongs to."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from backhip_learn.record import Record, record


@record
class Section(Record):
    """One section of the article."""

    id: str
    part: str
    heading: str


@record
class Outline(Record):
    """The article's sections in reading order, and its parts."""

    article: str
    sections: tuple[Section, ...]
    parts: tuple[tuple[str, str], ...]

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

    # Beside this module (the package is never zipped: paths.py finds the bundled content the same way);
    # importlib.resources would cost startup a few more imports.
    raw = yaml.safe_load(Path(__file__).with_name("outline.yaml").read_text("utf-8"))
    return Outline(
        article=raw["article"],
        sections=tuple(Section(**s) for s in raw["sections"]),
        parts=tuple((p["id"], p["name"]) for p in raw["parts"]),
    )
