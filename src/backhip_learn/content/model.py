"""The typed content model: items, banks, exams, decks and misconceptions.

Everything here is frozen pydantic: content is read once, validated, and never mutated.
Structural rules (types, required fields, unknown keys) live here; softer rules an
instructor may choose to break (one correct mcq choice, feedback on distractors, ...)
are lint warnings in ``lint.py`` so that a draft bank still loads.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

SLUG_PATTERN = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]

ITEM_TYPES = ("basic", "mcq", "multi", "true_false", "cloze", "short", "matching", "ordering")
Difficulty = Literal["easy", "medium", "hard"]

# Anki's cloze syntax: {{c1::answer}} or {{c1::answer::hint}}.
CLOZE_RE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)


class Frozen(BaseModel):
    """Base for every content model: immutable, unknown keys are errors."""

    # defer_build: validators are built on first validation, not at import, so a start from the
    # content cache (which unpickles models, validating nothing) never pays for building them.
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True, defer_build=True)


class Choice(Frozen):
    """One option of an mcq, multi or true/false item."""

    text: Text
    correct: bool = False
    feedback: str | None = Field(default=None, description="Why this option is right or wrong.")
    misconception: Slug | None = Field(
        default=None, description="Id of the named wrong idea this option stands for."
    )


class ItemBase(Frozen):
    """Fields every item has, whatever its type."""

    id: Slug = Field(description="Stable id, unique across all banks: progress and Anki GUIDs hang on it.")
    explanation: str = Field(default="", description="Why the answer is right, in plain words.")
    source: str | None = Field(default=None, description="Article section id; defaults to the bank's.")
    tags: tuple[str, ...] = ()
    difficulty: Difficulty | None = None

    @property
    def prompt(self) -> str:
        """The text a learner reads first (plain, no markup)."""
        raise NotImplementedError

    def choice_list(self) -> tuple[Choice, ...]:
        """The options a learner picks from; empty for types without choices."""
        return ()


class Basic(ItemBase):
    """A plain front/back flashcard."""

    type: Literal["basic"]
    front: Text
    back: Text

    @property
    def prompt(self) -> str:
        return self.front


class QuestionItem(ItemBase):
    """An item whose prompt is a question (every type but basic, true/false and cloze)."""

    question: Text

    @property
    def prompt(self) -> str:
        return self.question


class ChoiceItem(QuestionItem):
    """An item answered by picking among choices (mcq and multi)."""

    choices: tuple[Choice, ...] = Field(min_length=2, max_length=6)
    shuffle: bool = True

    def choice_list(self) -> tuple[Choice, ...]:
        return self.choices


class MCQ(ChoiceItem):
    """Multiple choice with one correct option."""

    type: Literal["mcq"]


class Multi(ChoiceItem):
    """Select all that apply."""

    type: Literal["multi"]


class TrueFalse(ItemBase):
    """A statement the learner judges true or false."""

    type: Literal["true_false"]
    statement: Text
    answer: bool
    feedback_true: str | None = Field(default=None, description="Shown when the learner answers True.")
    feedback_false: str | None = Field(default=None, description="Shown when the learner answers False.")
    misconception: Slug | None = Field(
        default=None, description="Misconception behind the wrong answer."
    )

    @property
    def prompt(self) -> str:
        return self.statement

    def choice_list(self) -> tuple[Choice, ...]:
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


class Gap(Frozen):
    """One gap of a cloze text, as parsed from ``{{cN::answer::hint}}``."""

    number: int
    answer: str
    hint: str | None = None
    start: int = 0
    end: int = 0


class Cloze(ItemBase):
    """A text with gaps in Anki's numbering; gaps sharing a number share a card."""

    type: Literal["cloze"]
    text: Text
    accept: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="Extra accepted answers per gap, keyed c1, c2, ..."
    )

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


class Short(QuestionItem):
    """A typed answer, compared forgivingly against the answer and its variants."""

    type: Literal["short"]
    answer: Text
    accept: tuple[str, ...] = Field(default=(), description="Other accepted answers.")

    def accepted(self) -> tuple[str, ...]:
        """The answer followed by its accepted variants."""
        return (self.answer, *self.accept)


class Pair(Frozen):
    """One left/right pair of a matching item."""

    left: Text
    right: Text


class Matching(QuestionItem):
    """Match each left side to its right side."""

    type: Literal["matching"]
    pairs: tuple[Pair, ...] = Field(min_length=2, max_length=8)


class Ordering(QuestionItem):
    """Put the steps in their correct order (as written)."""

    type: Literal["ordering"]
    steps: tuple[Text, ...] = Field(min_length=2, max_length=8)


Item = Annotated[
    Union[Basic, MCQ, Multi, TrueFalse, Cloze, Short, Matching, Ordering],
    Field(discriminator="type"),
]


class Bank(Frozen):
    """A question bank file: one part of the article."""

    kind: Literal["bank"] = "bank"
    id: Slug
    title: Text
    description: str = ""
    source: str | None = Field(default=None, description="Default article section for its items.")
    tags: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()


class Draw(Frozen):
    """One rule of an exam: how many items to take from which sections or tags."""

    sections: tuple[str, ...] = Field(
        default=(), description="Section ids or prefixes (e.g. 'red-flags' takes every red flag)."
    )
    tags: tuple[str, ...] = ()
    banks: tuple[Slug, ...] = ()
    types: tuple[Literal["basic", "mcq", "multi", "true_false", "cloze", "short", "matching", "ordering"], ...] = ()
    count: int | None = Field(default=None, ge=1, description="How many to draw; all that match if omitted.")


class Exam(Frozen):
    """A timed exam drawn from the banks."""

    kind: Literal["exam"]
    id: Slug
    title: Text
    description: str = ""
    draw: tuple[Draw, ...] = Field(min_length=1)
    shuffle: bool = True
    time_limit_minutes: int | None = Field(default=None, ge=1, le=600)
    pass_mark: int = Field(default=80, ge=0, le=100, description="Percent needed to pass.")
    feedback: Literal["end", "immediate"] = "end"


class Misconception(Frozen):
    """A named wrong idea and what the article says instead."""

    id: Slug
    label: Text
    correction: Text
    source: str | None = None


class MisconceptionList(Frozen):
    """A file of named misconceptions."""

    kind: Literal["misconceptions"]
    misconceptions: tuple[Misconception, ...] = Field(min_length=1)


class Preset(Frozen):
    """Study settings for a deck."""

    new_per_day: int = Field(default=20, ge=0, le=9999)
    reviews_per_day: int = Field(default=200, ge=0, le=99999)
    desired_retention: float = Field(default=0.9, gt=0.7, lt=0.99)
    learning_steps_minutes: tuple[int, ...] = (1, 10)
    relearning_steps_minutes: tuple[int, ...] = (10,)


class Deck(Frozen):
    """A node of the deck tree: takes items by bank, tag or section."""

    id: Slug
    name: Text
    anki_id: int = Field(ge=1 << 30, lt=1 << 63, description="Stable Anki deck id; never change it.")
    description: str = ""
    banks: tuple[Slug, ...] = ()
    tags: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    preset: Preset | None = None
    children: tuple[Deck, ...] = ()

    @field_validator("name")
    @classmethod
    def _no_separator(cls, v: str) -> str:
        if "::" in v:
            raise ValueError("deck names must not contain '::' (use children for subdecks)")
        return v


class DeckManifest(Frozen):
    """A deck manifest file in ``decks/``: one root deck and its tree."""

    kind: Literal["deck"]
    deck: Deck
    preset: Preset = Preset.model_construct()  # the defaults, without building a validator at import


ContentFile = Annotated[
    Union[Bank, Exam, MisconceptionList, DeckManifest], Field(discriminator="kind")
]
