"""The interface the study engine, the commands and the app use: what any progress backend provides.

``study/`` and ``tui/`` call only these methods (never SQL, never a connection), so a second backend
(a server shared by a class) is one more class with these methods, raising only ``StoreError`` and its
subclasses (errors.py). ``SQLiteStore`` (sqlite.py) is the one backend today.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from backhip_learn.store.records import CardRow, ExamResult, ReviewRecord
from backhip_learn.study.types import CardState


class Reviewer(Protocol):
    """What ``record_review`` needs of the scheduler: the card's next state (``study.scheduling.Scheduling``)."""

    def review(self, card: CardState, rating: int, now: datetime) -> CardState:
        """The card's new state after a review at ``now``."""
        ...


class ProgressStore(Protocol):
    """A learner's progress: cards, the review log, exam results, study days."""

    path: Path
    note: str | None  # how a read-only open had to read the progress, when the learner should know

    def close(self) -> None:
        """Release the connection."""
        ...

    # cards
    def card(self, item_id: str) -> CardRow | None:
        """The stored card of an item, or None."""
        ...

    def card_state(self, item_id: str) -> CardState:
        """The scheduling state of an item (a new card's if never reviewed)."""
        ...

    def cards(self, item_ids: Iterable[str] | None = None) -> dict[str, CardRow]:
        """Stored cards by item id (all, or only the given ids)."""
        ...

    def sync_library(self, item_ids: Sequence[str]) -> bool:
        """Give every item a card row and its bank position; whether anything was written."""
        ...

    def new_cards(self, now: datetime) -> Generator[str, None, None]:
        """Never-reviewed cards, neither suspended nor buried at ``now``, in bank order."""
        ...

    def learning_due(self, before: datetime | None, now: datetime) -> list[tuple[datetime, str]]:
        """(due, item id) of learning and relearning cards due before ``before`` (None: any time)."""
        ...

    def due_reviews(self, before: datetime | None, now: datetime) -> Generator[str, None, None]:
        """Review-state cards due before ``before`` (None: any time), most overdue first."""
        ...

    def bury(self, item_id: str, until: datetime) -> CardRow:
        """Hide a card until ``until``."""
        ...

    def unbury(self, item_id: str) -> CardRow:
        """Release a buried card."""
        ...

    def suspend(self, item_id: str, on: bool = True) -> CardRow:
        """Suspend or unsuspend a card."""
        ...

    def flag(self, item_id: str, flag: int) -> CardRow:
        """Set a card's flag (0..7)."""
        ...

    def forget(self, item_id: str) -> CardRow:
        """Reset a card to new; its review log stays."""
        ...

    # reviews
    def record_review(self, item_id: str, rating: int, now: datetime, scheduling: Reviewer, *,
                      outcome: Mapping[str, Any] | None = None, response: Mapping[str, Any] | None = None,
                      misconceptions: Sequence[str] = (), duration_ms: int = 0, deck: str | None = None,
                      day: date | str | None = None) -> ReviewRecord:
        """Schedule and save one review atomically; the log row with the new state."""
        ...

    def undo_review(self, review_id: int) -> CardRow | None:
        """Undo a card's latest review (``NotLatest`` otherwise); the restored card."""
        ...

    def review_count(self, *, since: datetime | None = None) -> int:
        """How many reviews are logged (since ``since``)."""
        ...

    def reviews(self, *, item_id: str | None = None, since: datetime | None = None) -> list[ReviewRecord]:
        """Logged reviews, oldest first."""
        ...

    def day_counts(self, day_start: datetime) -> tuple[int, int]:
        """(new cards introduced, review-state cards reviewed) since ``day_start``."""
        ...

    def retention(self, since: datetime) -> tuple[int, int]:
        """(reviews of review-state cards, of which not forgotten) since ``since``."""
        ...

    def top_misconceptions(self, limit: int) -> list[tuple[str, int]]:
        """(misconception id, times chosen), most chosen first."""
        ...

    def last_review_time(self) -> datetime | None:
        """When the latest review was made."""
        ...

    def day_log(self, day_start: datetime) -> list[tuple[str, int]]:
        """(item id, state before) of every review since ``day_start``, oldest first."""
        ...

    def setting(self, key: str) -> str | None:
        """A learner's setting, or None when unset."""
        ...

    def set_setting(self, key: str, value: str | None) -> None:
        """Save a learner's setting (None removes it)."""
        ...

    # exams and days
    def save_exam_result(self, exam_id: str, *, started: datetime, finished: datetime, score: float,
                         passed: bool, parts: Mapping[str, float] | None = None,
                         answers: Sequence[Any] = (), abandoned: bool = False) -> ExamResult:
        """Save an exam attempt atomically (``abandoned``: quit before hand-in)."""
        ...

    def exam_results(self, exam_id: str | None = None) -> list[ExamResult]:
        """Saved exam attempts, oldest first."""
        ...

    def study_days(self) -> dict[str, int]:
        """Reviews per study day (ISO date -> count)."""
        ...

    def streak(self, today: date) -> int:
        """Consecutive study days ending today (or yesterday)."""
        ...
