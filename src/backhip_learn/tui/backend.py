"""What the review screen needs from a study session, whatever keeps the cards.

The review screen talks only to a ``ReviewBackend``: ``engine_backend.StoreBackend`` adapts the
study engine (queue, scheduler, store) and ``preview_backend.PreviewBackend`` walks a bank file
with nothing saved. Keeping the screen on this narrow protocol is what keeps the engine's rules
(scheduling, queue order, persistence) out of the TUI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from backhip_learn.content.glossary import Lexicon
from backhip_learn.content.model import Item
from backhip_learn.content.outline import Outline
from backhip_learn.record import Record, record
from backhip_learn.study.grading import Outcome, Response


@record
class SessionCounts(Record):
    """What is left today and how far the session has come."""

    new: int = 0
    learning: int = 0
    due: int = 0
    done: int = 0

    @property
    def remaining(self) -> int:
        """Cards still to show today."""
        return self.new + self.learning + self.due

    @property
    def total(self) -> int:
        """Cards shown plus cards left."""
        return self.done + self.remaining


@dataclass
class SessionSummary:
    """What the learner did in one session."""

    cards: int = 0
    correct: int = 0
    seconds: float = 0.0
    next_due: str = ""
    ratings: dict[int, int] = field(default_factory=dict)
    stopped_by: str = ""  # the daily limit that ended the session early ("New-card limit for Anatomy reached ...")
    learning_left: int = 0  # learning cards that come back later today
    left: int = 0  # new and due cards still queued today (the learner stopped early)
    next_learning: str = ""  # when the first of them is due ("in 8m, at 14:32")

    @property
    def accuracy(self) -> float:
        """Share of answered cards graded correct (0 when none)."""
        return self.correct / self.cards if self.cards else 0.0


class ReviewBackend(Protocol):
    """The session a review screen drives."""

    title: str
    saves: bool
    glossary: Lexicon  # the course's glossary, for grading typed answers
    undone: str  # what the last undo took back: answer, bury, suspend or flag

    @property
    def outline(self) -> Outline:
        """The course's outline: section headings shown with the feedback."""
        ...

    def next_card(self) -> Item | None:
        """The card to show now, or None when the session is over."""
        ...

    def counts(self) -> SessionCounts:
        """New / learning / due left and cards done."""
        ...

    def intervals(self, item: Item) -> dict[int, str]:
        """Rating (1-4) -> the next interval it would give, formatted (``1m``, ``4d``)."""
        ...

    def record(self, item: Item, rating: int, outcome: Outcome, response: Response, seconds: float) -> None:
        """Grade the card; when ``saves`` the grade is on disk when this returns."""
        ...

    def undo(self) -> Item | None:
        """Take back the last grade; the item to show again, or None if there is nothing to undo."""
        ...

    def bury(self, item: Item) -> None:
        """Hide the card until tomorrow."""
        ...

    def suspend(self, item: Item) -> None:
        """Hide the card until unsuspended."""
        ...

    def flag(self, item: Item) -> bool:
        """Toggle the card's flag; the new state."""
        ...

    def is_flagged(self, item: Item) -> bool:
        """Whether the card carries a flag (shown in the header)."""
        ...

    def showing(self, item: Item) -> int:
        """How many times the card was answered before: seeds the order of its options for this showing."""
        ...

    def ready(self) -> bool:
        """Whether a card can be shown now (a learning card the summary waits for has come due)."""
        ...

    def summary(self) -> SessionSummary:
        """The session so far."""
        ...
