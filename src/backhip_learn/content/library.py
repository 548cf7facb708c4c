"""What a set of content files holds once loaded: the ``Library`` every layer above content reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from backhip_learn.content.cards import study_cards
from backhip_learn.content.glossary import EMPTY_LEXICON, Lexicon
from backhip_learn.content.model import Bank, BodyMap, Course, DeckManifest, Exam, Glossary, Item, Misconception
from backhip_learn.content.outline import Outline, course_outline, load_outline
from backhip_learn.content.problems import Problem
from backhip_learn.record import Record, record

if TYPE_CHECKING:
    from backhip_learn.content.yamlsafe import Parsed


@record
class Where(Record):
    """Where something was defined."""

    path: str
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        return ":".join(str(x) for x in (self.path, self.line, self.col) if x is not None)


@dataclass(eq=False, repr=False)  # an accumulator, not a value: compared and shown by identity
class Library:
    """Everything loaded from a set of paths."""

    banks: list[Bank] = field(default_factory=list)
    exams: list[Exam] = field(default_factory=list)
    decks: list[DeckManifest] = field(default_factory=list)
    misconceptions: dict[str, Misconception] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # Items in bank order (file order, then item order), with source/tags resolved.
    items: list[Item] = field(default_factory=list)
    item_index: dict[str, Item] = field(default_factory=dict)
    item_where: dict[str, Where] = field(default_factory=dict)
    bank_of: dict[str, str] = field(default_factory=dict)
    bank_where: dict[str, Where] = field(default_factory=dict)
    exam_where: dict[str, Where] = field(default_factory=dict)
    deck_where: dict[str, Where] = field(default_factory=dict)
    deck_files: list[str] = field(default_factory=list)  # the file of each entry of ``decks``
    misconception_where: dict[str, Where] = field(default_factory=dict)
    # Positions inside exam and deck files (small), kept for the cross-file checks.
    positions: dict[str, Parsed] = field(default_factory=dict)
    # Misconception ids named by choices, with where, checked once every file is read.
    misconception_refs: list[tuple[str, Where]] = field(default_factory=list)
    # (item id, objective id, where) of every item naming an objective, checked once the course file is read.
    objective_refs: list[tuple[str, str, Where]] = field(default_factory=list)
    # (owner, source, where) of every bank, item and misconception naming a section, checked once the
    # course file is read.
    source_refs: list[tuple[str, str, Where]] = field(default_factory=list)
    # The course file(s) and glossaries read (a course folder has one course file).
    courses: list[Course] = field(default_factory=list)
    course_files: list[str] = field(default_factory=list)  # the file of each entry of ``courses``
    glossaries: list[Glossary] = field(default_factory=list)
    glossary_where: list[str] = field(default_factory=list)  # the file of each entry of ``glossaries``
    # Problems past ``MAX_PROBLEMS`` in a file, counted but not listed: file -> (errors, warnings).
    left_out: dict[str, tuple[int, int]] = field(default_factory=dict)
    # Body maps (``kind: map``), their files, and the checked absolute path of each map's SVG.
    maps: list[BodyMap] = field(default_factory=list)
    map_files: list[str] = field(default_factory=list)
    map_images: dict[str, str] = field(default_factory=dict)
    # item id -> checked absolute path of its ``image`` (a safe SVG inside the course folder).
    media: dict[str, str] = field(default_factory=dict)
    # Stamp of every picture checked (path -> size, times, inode): the content cache re-checks them.
    media_stamps: dict[str, tuple[object, ...]] = field(default_factory=dict)
    # (item id, map name, region id, where) of every region an item names, checked once maps are read.
    region_refs: list[tuple[str, str | None, str, Where]] = field(default_factory=list)
    # Files whose content could not be read at all (a YAML error, or not a content mapping): what
    # they define is unknown, so references to it are not reported (see FOLLOW_ON).
    unread: list[str] = field(default_factory=list)
    # Ids of items left out for their own errors, so a duplicate of one is reported in the same run.
    dropped_ids: dict[str, Where] = field(default_factory=dict)
    # Every glossary compiled for the grader (built once every file is read; cached with the library).
    lexicon: Lexicon = EMPTY_LEXICON
    # ``cards`` built from ``items`` (with that list and its length, so that a replaced or grown list is seen).
    _cards: tuple[list[Item], int, dict[str, Item]] | None = field(default=None, repr=False, compare=False)
    # Glossary entries seen so far: phrase -> (term, where), for duplicates across files.
    glossary_entries: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict)

    @property
    def cards(self) -> dict[str, Item]:
        """Every study card, keyed by card id, in bank order: a cloze is one card per gap number (cards.py)."""
        if self._cards is None or self._cards[0] is not self.items or self._cards[1] != len(self.items):
            self._cards = (self.items, len(self.items), study_cards(self.items))
        return self._cards[2]

    @property
    def errors(self) -> list[Problem]:
        """Problems of severity error."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems of severity warning."""
        return [p for p in self.problems if p.severity == "warning"]

    def body_map(self, name: str | None = None) -> BodyMap | None:
        """The map called ``name``, or the first map when ``name`` is None; None when there is none."""
        return next((m for m in self.maps if name is None or m.id == name), None)

    @property
    def outline(self) -> Outline:
        """The sections, parts and objectives of the loaded course file; the bundled course's when none was loaded."""
        return course_outline(self.courses[0]) if self.courses else load_outline()

    def exam(self, name: str) -> Exam | None:
        """The exam with this id, or None."""
        return next((e for e in self.exams if e.id == name), None)
