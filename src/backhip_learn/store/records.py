"""The values a store hands out: a stored card, a review log row, an exam result; time in microseconds.

They are the same whatever keeps them (SQLite here, a server later); ``to_us``/``from_us`` are how
times travel as integers (exact, cheap to compare and index).
"""

from __future__ import annotations

from dataclasses import field
from datetime import datetime, timedelta, timezone
from typing import Any

from backhip_learn.record import Record, record
from backhip_learn.study.types import CardState, require_utc

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def to_us(dt: datetime) -> int:
    """A UTC-aware datetime as integer microseconds since the epoch (exact)."""
    return (require_utc(dt) - EPOCH) // timedelta(microseconds=1)


def from_us(us: int) -> datetime:
    """Inverse of ``to_us``."""
    return EPOCH + timedelta(microseconds=us)


@record
class CardRow(Record):
    """A card as stored: scheduling state plus the learner's bury/suspend/flag marks."""

    item_id: str
    card: CardState
    suspended: bool = False
    buried_until: datetime | None = None
    flag: int = 0

    def is_buried(self, now: datetime) -> bool:
        """Buried and not yet released at ``now``."""
        return self.buried_until is not None and self.buried_until > now


@record
class ReviewRecord(Record):
    """One row of the review log."""

    id: int
    item_id: str
    rating: int
    reviewed_at: datetime
    duration_ms: int
    state_before: int
    card_before: CardState
    card_after: CardState | None = None
    outcome: dict[str, Any] | None = None
    response: dict[str, Any] | None = None
    misconceptions: tuple[str, ...] = ()
    deck: str | None = None
    day: str | None = None


@record
class ExamResult(Record):
    """A finished (or abandoned) exam attempt."""

    id: int
    exam_id: str
    started: datetime
    finished: datetime
    score: float
    passed: bool
    parts: dict[str, float] = field(default_factory=dict)
    answers: list[Any] = field(default_factory=list)
    abandoned: bool = False  # quit before hand-in: kept in the history, never counted as taken
