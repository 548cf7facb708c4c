"""Scheduling values shared by the study engine and the store: a card's state, ``NEW``, ``require_utc``.

They live apart from ``scheduling`` (the fsrs adapter) so that the store can read and write a card
without importing the scheduler: this module imports nothing of ours but ``record``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from backhip_learn.record import Record, record

if TYPE_CHECKING:
    from fsrs import Card

NEW = 0  # our own state for an item never reviewed (fsrs has no "new" state)
LEARNING_STATES = (1, 3)  # fsrs.State.Learning, fsrs.State.Relearning
REVIEW_STATE = 2  # fsrs.State.Review
STATE_NAMES = {NEW: "new", 1: "learning", 2: "review", 3: "relearning"}


def require_utc(now: datetime) -> datetime:
    """Return ``now`` converted to UTC; naive datetimes are a programming error."""
    if now.tzinfo is None:
        raise ValueError("datetimes must be timezone-aware")
    return now.astimezone(timezone.utc)


@record
class CardState(Record):
    """The scheduling state of one item's card."""

    state: int = NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0

    @property
    def is_new(self) -> bool:
        """Never reviewed."""
        return self.state == NEW

    @property
    def state_name(self) -> str:
        """``new``, ``learning``, ``review`` or ``relearning``."""
        return STATE_NAMES.get(self.state, str(self.state))

    def to_fsrs(self, now: datetime) -> Card:
        """An fsrs Card for this state (a new item becomes a fresh learning card due ``now``)."""
        from fsrs import Card, State

        if self.is_new:
            return Card(card_id=1, state=State.Learning, step=0, due=require_utc(now))
        return Card(
            card_id=1,
            state=State(self.state),
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due,
            last_review=self.last_review,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly, exact."""
        return {
            "state": self.state,
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": self.due.isoformat() if self.due else None,
            "last_review": self.last_review.isoformat() if self.last_review else None,
            "reps": self.reps,
            "lapses": self.lapses,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CardState:
        """Rebuild from ``to_dict`` output."""
        return cls(
            state=int(data["state"]),
            step=data.get("step"),
            stability=data.get("stability"),
            difficulty=data.get("difficulty"),
            due=datetime.fromisoformat(data["due"]) if data.get("due") else None,
            last_review=datetime.fromisoformat(data["last_review"]) if data.get("last_review") else None,
            reps=int(data.get("reps", 0)),
            lapses=int(data.get("lapses", 0)),
        )


NEW_CARD = CardState()
