"""The typed content model: items, banks, exams, decks and misconceptions.

Every class is a standard-library dataclass, immutable and built from keywords (``@frozen``): content
is read once, validated, and never mutated. Pydantic validates them (``rules.py``) but is not needed
to use them: a start from the content cache unpickles plain dataclasses and never imports pydantic.

The validation rules ride on the annotations as markers from ``constraints.py`` that pydantic reads.
Structural rules (types, required fields, unknown keys) live here; softer rules an instructor may
choose to break (one correct mcq choice, feedback on distractors, ...) are lint warnings in
``lint.py`` so that a draft bank still loads.
"""

from __future__ import annotations

import re
from dataclasses import field
from functools import cached_property
from typing import Annotated, Literal

# Module-level names, so that pydantic and ``typing.get_type_hints`` resolve the annotations here.
from backhip_learn.content.constraints import DeckName, Field, Slug, Text
from backhip_learn.record import Frozen, frozen

ITEM_TYPES = ("basic", "mcq", "multi", "true_false", "cloze", "short", "matching", "ordering")
Difficulty = Literal["easy", "medium", "hard"]
# The cognitive level an item tests (a revised Bloom's taxonomy, cut to the four levels a bank uses).
Level = Literal["recall", "understand", "apply", "analyse"]
LEVELS = ("recall", "understand", "apply", "analyse")

# Marks an item's ``note`` wherever a learner sees it (app, exam results, Anki): it goes beyond the source.
NOTE_LABEL = "Clinical note (beyond the article):"

# Anki's cloze syntax: {{c1::answer}} or {{c1::answer::hint}}.
CLOZE_RE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)


@frozen
class Choice(Frozen):
    """One option of an mcq, multi or true/false item."""

    # Empty only for a region choice before loading fills in the region's name (see ``region``).
    text: Annotated[Text, Field(description="The option; a region choice may leave it out (the region's name).")] = ""
    correct: bool = False
    feedback: Annotated[str | None, Field(description="Why this option is right or wrong.")] = None
    region: Annotated[
        Slug | None, Field(description="A body-map region this option stands for (a 'where does it hurt' item).")
    ] = None
    misconception: Annotated[
        Slug | None, Field(description="Id of the named wrong idea this option stands for.")
    ] = None


@frozen
class MapRef(Frozen):
    """A body map shown with an item: the regions of a pain pattern, and whether the question shows them."""

    regions: Annotated[tuple[Slug, ...], Field(description="Region ids of the map (see the map file).")] = ()
    highlight: Annotated[
        bool,
        Field(description="true: the question shows the regions highlighted; "
                          "false: the plain map, the regions with the answer."),
    ] = True
    name: Annotated[
        Slug | None, Field(description="Which map file (its id); the course's only map if left out.")
    ] = None


@frozen
class ItemBase(Frozen):
    """Fields every item has, whatever its type."""

    id: Annotated[Slug, Field(description="Stable id, unique across all banks: progress and Anki GUIDs hang on it.")]
    explanation: Annotated[str, Field(description="Why the answer is right, in plain words.")] = ""
    source: Annotated[str | None, Field(description="Article section id; defaults to the bank's.")] = None
    tags: tuple[str, ...] = ()
    difficulty: Annotated[
        Difficulty | None, Field(description="How much reasoning the item needs (not how obscure its wording is).")
    ] = None
    objective: Annotated[
        Slug | None, Field(description="Id of the learning objective it tests (see the course file).")
    ] = None
    level: Annotated[
        Level | None, Field(description="Cognitive level: recall, understand, apply or analyse.")
    ] = None
    note: Annotated[
        str | None,
        Field(description="A clinical note that goes beyond the source (shown marked as such to learners)."),
    ] = None
    anki: Annotated[
        bool, Field(description="false leaves the item out of the Anki export (the app still has it).")
    ] = True
    map: Annotated[MapRef | None, Field(description="A body map shown with the item (a pain pattern).")] = None
    image: Annotated[
        str | None, Field(description="An SVG picture of the course shown with the item, relative to the bank file.")
    ] = None

    @property
    def prompt(self) -> str:
        """The text a learner reads first (plain, no markup)."""
        raise NotImplementedError

    def has_picture(self) -> bool:
        """Whether it shows a body map or a picture (a map, region choices or an image)."""
        return self.map is not None or self.image is not None or bool(self.picked_regions())

    def picked_regions(self) -> tuple[str, ...]:
        """The regions its choices stand for (a region-picking item), in choice order; empty otherwise."""
        return tuple(c.region for c in self.choice_list() if c.region)

    def pattern(self) -> tuple[str, ...]:
        """The regions the answer highlights: its map's, or the correct region choices'."""
        if self.map is not None and self.map.regions:
            return self.map.regions
        return tuple(c.region for c in self.choice_list() if c.region and c.correct)

    def choice_list(self) -> tuple[Choice, ...]:
        """The options a learner picks from; empty for types without choices."""
        return ()


@frozen
class Basic(ItemBase):
    """A plain front/back flashcard."""

    type: Literal["basic"]
    front: Text
    back: Text

    @property
    def prompt(self) -> str:
        return self.front


@frozen
class QuestionItem(ItemBase):
    """An item whose prompt is a question (every type but basic, true/false and cloze)."""

    question: Text

    @property
    def prompt(self) -> str:
        return self.question


@frozen
class ChoiceItem(QuestionItem):
    """An item answered by picking among choices (mcq and multi)."""

    choices: Annotated[tuple[Choice, ...], Field(min_length=2, max_length=6)]
    shuffle: bool = True

    def choice_list(self) -> tuple[Choice, ...]:
        return self.choices


@frozen
class MCQ(ChoiceItem):
    """Multiple choice with one correct option."""

    type: Literal["mcq"]


@frozen
class Multi(ChoiceItem):
    """Select all that apply."""

    type: Literal["multi"]


@frozen
class TrueFalse(ItemBase):
    """A statement the learner judges true or false."""

    type: Literal["true_false"]
    statement: Text
    answer: bool
    feedback_true: Annotated[str | None, Field(description="Shown when the learner answers True.")] = None
    feedback_false: Annotated[str | None, Field(description="Shown when the learner answers False.")] = None
    misconception: Annotated[Slug | None, Field(description="Misconception behind the wrong answer.")] = None

    @property
    def prompt(self) -> str:
        return self.statement

    def choice_list(self) -> tuple[Choice, ...]:
        return self._choices

    @cached_property
    def _choices(self) -> tuple[Choice, ...]:
        # Built once per item: the export, the grader and the screens each ask for them.
        return (
            Choice(
                text="True",
                correct=self.answer,
                feedback=self.feedback_true,
                misconception=None if self.answer else self.misconception,
            ),
            Choice(
                text="False",
                correct=not self.answer,
                feedback=self.feedback_false,
                misconception=self.misconception if self.answer else None,
            ),
        )


@frozen
class Examples(Frozen):
    """Answer tests of a typed answer: what must be marked right, and what must be marked wrong."""

    right: Annotated[tuple[str, ...], Field(description="Answers that must be accepted.")] = ()
    wrong: Annotated[tuple[str, ...], Field(description="Answers that must be rejected.")] = ()


@frozen
class Gap(Frozen):
    """One gap of a cloze text, as parsed from ``{{cN::answer::hint}}``."""

    number: int
    answer: str
    hint: str | None = None
    start: int = 0
    end: int = 0


@frozen
class Cloze(ItemBase):
    """A text with gaps in Anki's numbering; gaps sharing a number share a card."""

    type: Literal["cloze"]
    text: Text
    accept: Annotated[
        dict[str, tuple[str, ...]], Field(description="Extra accepted answers per gap, keyed c1, c2, ...")
    ] = field(default_factory=dict)
    examples: Annotated[
        dict[str, Examples], Field(description="Answer tests per gap, keyed c1, c2, ...: validate runs them.")
    ] = field(default_factory=dict)

    @property
    def prompt(self) -> str:
        return CLOZE_RE.sub(lambda m: "[...]", self.text)

    def gaps(self) -> tuple[Gap, ...]:
        """Every gap in text order."""
        return tuple(
            Gap(number=int(m.group(1)), answer=m.group(2).strip(), hint=m.group(3), start=m.start(), end=m.end())
            for m in CLOZE_RE.finditer(self.text)
        )

    def card_numbers(self) -> tuple[int, ...]:
        """The distinct gap numbers, sorted: one card each."""
        return tuple(sorted({g.number for g in self.gaps()}))

    def accepted(self, number: int) -> tuple[str, ...]:
        """Every accepted answer for the gaps numbered ``number``."""
        base = tuple(g.answer for g in self.gaps() if g.number == number)
        return base + self.accept.get(f"c{number}", ())


@frozen
class Short(QuestionItem):
    """A typed answer, compared forgivingly against the answer and its variants."""

    type: Literal["short"]
    answer: Text
    accept: Annotated[tuple[str, ...], Field(description="Other accepted answers.")] = ()
    parts: Annotated[
        tuple[str, ...],
        Field(description="For an answer that is a list: its parts, marked in any order, with partial credit."),
    ] = ()
    examples: Annotated[Examples | None, Field(description="Answer tests: validate runs them.")] = None

    def accepted(self) -> tuple[str, ...]:
        """The answer followed by its accepted variants."""
        return (self.answer, *self.accept)


@frozen
class Pair(Frozen):
    """One left/right pair of a matching item."""

    left: Text
    right: Text


@frozen
class Matching(QuestionItem):
    """Match each left side to its right side."""

    type: Literal["matching"]
    pairs: Annotated[tuple[Pair, ...], Field(min_length=2, max_length=8)]


@frozen
class Ordering(QuestionItem):
    """Put the steps in their correct order (as written)."""

    type: Literal["ordering"]
    steps: Annotated[tuple[Text, ...], Field(min_length=2, max_length=8)]


Item = Basic | MCQ | Multi | TrueFalse | Cloze | Short | Matching | Ordering
ITEM_CLASSES = (Basic, MCQ, Multi, TrueFalse, Cloze, Short, Matching, Ordering)
TaggedItem = Annotated[Item, Field(discriminator="type")]


@frozen
class Bank(Frozen):
    """A question bank file: one part of the article."""

    kind: Literal["bank"] = "bank"
    id: Slug
    title: Text
    description: str = ""
    source: Annotated[str | None, Field(description="Default article section for its items.")] = None
    tags: tuple[str, ...] = ()
    items: tuple[TaggedItem, ...] = ()


@frozen
class Draw(Frozen):
    """One rule of an exam: how many items to take from which sections or tags."""

    sections: Annotated[
        tuple[str, ...], Field(description="Section ids or prefixes (e.g. 'red-flags' takes every red flag).")
    ] = ()
    tags: tuple[str, ...] = ()
    objectives: Annotated[tuple[Slug, ...], Field(description="Learning objective ids (see the course file).")] = ()
    banks: tuple[Slug, ...] = ()
    types: tuple[Literal["basic", "mcq", "multi", "true_false", "cloze", "short", "matching", "ordering"], ...] = ()
    count: Annotated[int | None, Field(ge=1, description="How many to draw; all that match if omitted.")] = None


@frozen
class Exam(Frozen):
    """A timed exam drawn from the banks."""

    kind: Literal["exam"]
    id: Slug
    title: Text
    description: str = ""
    draw: Annotated[tuple[Draw, ...], Field(min_length=1)]
    shuffle: bool = True
    time_limit_minutes: Annotated[int | None, Field(ge=1, le=600)] = None
    pass_mark: Annotated[int, Field(ge=0, le=100, description="Percent needed to pass.")] = 80
    feedback: Literal["end", "immediate"] = "end"


@frozen
class Misconception(Frozen):
    """A named wrong idea and what the article says instead."""

    id: Slug
    label: Text
    correction: Text
    source: str | None = None


@frozen
class MisconceptionList(Frozen):
    """A file of named misconceptions."""

    kind: Literal["misconceptions"]
    misconceptions: Annotated[tuple[Misconception, ...], Field(min_length=1)]


@frozen
class Preset(Frozen):
    """Study settings for a deck."""

    new_per_day: Annotated[int, Field(ge=0, le=9999)] = 20
    reviews_per_day: Annotated[int, Field(ge=0, le=99999)] = 200
    desired_retention: Annotated[float, Field(gt=0.7, lt=0.99)] = 0.9
    learning_steps_minutes: tuple[int, ...] = (1, 10)
    relearning_steps_minutes: tuple[int, ...] = (10,)


@frozen
class Deck(Frozen):
    """A node of the deck tree: takes items by bank, tag or section."""

    id: Slug
    name: DeckName  # Text without '::' (children make subdecks)
    anki_id: Annotated[int, Field(ge=1 << 30, lt=1 << 63, description="Stable Anki deck id; never change it.")]
    description: str = ""
    banks: tuple[Slug, ...] = ()
    tags: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    preset: Preset | None = None
    children: tuple[Deck, ...] = ()


@frozen
class DeckManifest(Frozen):
    """A deck manifest file in ``decks/``: one root deck and its tree."""

    kind: Literal["deck"]
    deck: Deck
    preset: Preset = Preset()
    numbered: Annotated[
        bool,
        Field(description="Number the subdecks in Anki ('1 Overview', '2 ...'): Anki studies subdecks in name order."),
    ] = False
    tag_aliases: Annotated[
        dict[str, str],
        Field(description="Item tags exported to Anki under another tag (one tag per idea: glutes -> gluteals)."),
    ] = field(default_factory=dict)


@frozen
class GlossaryTerm(Frozen):
    """A term and the other ways a learner may write it."""

    term: Text
    synonyms: Annotated[
        tuple[str, ...], Field(description="Synonyms, abbreviations, spellings and plurals, all accepted for the term.")
    ] = ()
    confusable: Annotated[
        tuple[str, ...], Field(description="Look-alike words typo tolerance must never accept for it (ilium: ileum).")
    ] = ()


@frozen
class Glossary(Frozen):
    """A course glossary: typed answers match through it everywhere."""

    kind: Literal["glossary"]
    terms: Annotated[tuple[GlossaryTerm, ...], Field(min_length=1)]


@frozen
class Objective(Frozen):
    """A learning objective: what a learner can do after a section."""

    id: Annotated[Slug, Field(description="Stable id, unique in the course; items name it in `objective`.")]
    text: Text


@frozen
class CourseSection(Frozen):
    """A section of the source, in reading order."""

    id: Annotated[Slug, Field(description="Section id; items name it in `source`.")]
    part: Annotated[Slug, Field(description="Id of the part it belongs to.")]
    heading: Text
    objectives: tuple[Objective, ...] = ()


@frozen
class CoursePart(Frozen):
    """A part of the source: sections grouped for decks, coverage and exam scores."""

    id: Slug
    name: Text


@frozen
class CourseSource(Frozen):
    """The material a course teaches."""

    title: Text
    citation: str = ""
    url: str = ""


@frozen
class Course(Frozen):
    """The course file: what is taught, from which source, in which parts and sections."""

    kind: Literal["course"]
    id: Slug
    title: Text
    source: CourseSource
    disclaimer: str = ""
    parts: Annotated[tuple[CoursePart, ...], Field(min_length=1)]
    sections: Annotated[tuple[CourseSection, ...], Field(min_length=1)]


@frozen
class Region(Frozen):
    """A named region of a body map: an element of its SVG with the same id."""

    id: Annotated[Slug, Field(description="Stable id; the SVG element with this id is the region.")]
    name: Annotated[Text, Field(description="Display name (legends, region choices).")]
    view: Literal["front", "back"]


@frozen
class BodyMap(Frozen):
    """A map file: an SVG picture of the body and its named regions."""

    kind: Literal["map"]
    id: Slug
    title: Text
    image: Annotated[str, Field(description="The SVG picture, relative to this file.")]
    regions: Annotated[tuple[Region, ...], Field(min_length=1)]

    def region(self, region_id: str) -> Region | None:
        """The region with this id, or None."""
        return next((r for r in self.regions if r.id == region_id), None)


ContentFile = Bank | Exam | MisconceptionList | DeckManifest | Glossary | Course | BodyMap
TaggedFile = Annotated[ContentFile, Field(discriminator="kind")]
FILE_CLASSES = (Bank, Exam, MisconceptionList, DeckManifest, Glossary, Course, BodyMap)
