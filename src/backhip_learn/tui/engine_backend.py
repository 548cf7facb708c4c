"""Adapter from the study engine (queue, scheduler, store) to the review screen's ``ReviewBackend``.

Only translation lives here: the queue decides what comes next, the scheduler the intervals, the
store persists (one transaction per grade, finished before ``record`` returns).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone

from backhip_learn.content.model import Item
from backhip_learn.content.outline import Outline
from backhip_learn.store import ProgressStore
from backhip_learn.study.grading import Outcome, Response, response_to_dict
from backhip_learn.study.queue import StudyQueue
from backhip_learn.study.scheduling import NEW_CARD, Scheduling, format_interval, preview_labels
from backhip_learn.tui.backend import SessionCounts, SessionSummary

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The real clock (tests pass a fixed one instead)."""
    return datetime.now(timezone.utc)


def fresh_intervals(now: datetime | None = None) -> dict[int, str]:
    """Interval labels a never-seen card would get (for preview, where nothing is stored)."""
    labels = preview_labels(Scheduling(enable_fuzzing=False), NEW_CARD, now or utc_now())
    return {int(r): text for r, text in labels.items()}


class StoreBackend:
    """A study session over today's queue; grades go to the store before the next card is shown."""

    saves = True

    @property
    def outline(self) -> Outline:
        """The outline of the course being studied."""
        return self.queue.library.outline

    def __init__(self, queue: StudyQueue, *, title: str = "Study", clock: Clock = utc_now) -> None:
        self.queue = queue
        self.store: ProgressStore = queue.store
        self.glossary = queue.library.lexicon
        self.title = title
        self.clock = clock
        self.started = time.monotonic()
        self.current: Item | None = None
        self.flags: dict[str, int] = {}
        self.reps: dict[str, int] = {}  # item id -> answers before the current showing
        self.graded: list[tuple[int, bool]] = []  # (rating, correct) per grade this session
        self.undone = "answer"  # what the last undo took back: answer, bury, suspend or flag

    def next_card(self) -> Item | None:
        """The queue's next card."""
        entry = self.queue.next(self.clock())
        self.current = entry.item if entry else None
        if entry is not None:
            self.flags.setdefault(entry.item.id, entry.flag)
            self.reps[entry.item.id] = entry.card.reps
        return self.current

    def showing(self, item: Item) -> int:
        """How many times the card was answered before this showing: seeds a new order of its options."""
        return self.reps.get(item.id, 0)

    def counts(self) -> SessionCounts:
        """Today's counts plus cards graded this session."""
        c = self.queue.counts()
        return SessionCounts(new=c.new, learning=c.learning, due=c.due, done=len(self.graded))

    def intervals(self, item: Item) -> dict[int, str]:
        """The scheduler's interval per grade for this card now."""
        return {int(r): text for r, text in self.queue.labels(item.id, self.clock()).items()}

    def record(self, item: Item, rating: int, outcome: Outcome, response: Response, seconds: float) -> None:
        """Save the grade (one transaction; on disk when this returns)."""
        self.queue.answer(
            item.id, rating, self.clock(),
            outcome=outcome.to_dict(), response=response_to_dict(response),
            duration_ms=max(0, int(seconds * 1000)),
        )
        self.graded.append((rating, outcome.correct))

    def undo(self) -> Item | None:
        """Undo the last grade, bury, suspend or flag of this session; ``undone`` names which."""
        entry = self.queue.undo()
        self.undone = self.queue.undone
        if entry is None:
            return None
        if self.undone == "answer" and self.graded:
            self.graded.pop()
        self.flags[entry.item.id] = entry.flag
        self.reps[entry.item.id] = entry.card.reps
        self.current = entry.item
        return entry.item

    def bury(self, item: Item) -> None:
        """Until the next study day."""
        self.queue.bury(item.id, self.clock())

    def suspend(self, item: Item) -> None:
        """Until unsuspended."""
        self.queue.suspend(item.id)

    def flag(self, item: Item) -> bool:
        """Toggle flag 1."""
        new = 0 if self.flags.get(item.id, 0) else 1
        self.queue.flag(item.id, new)
        self.flags[item.id] = new
        return bool(new)

    def is_flagged(self, item: Item) -> bool:
        """Whether the card carries a flag."""
        return bool(self.flags.get(item.id, 0))

    def summary(self) -> SessionSummary:
        """Cards, accuracy, time, and when the next card comes due."""
        ratings: dict[int, int] = {}
        for rating, _ in self.graded:
            ratings[rating] = ratings.get(rating, 0) + 1
        return SessionSummary(
            cards=len(self.graded),
            correct=sum(ok for _, ok in self.graded),
            seconds=time.monotonic() - self.started,
            next_due=self.next_due_text(),
            ratings=ratings,
            stopped_by=self.queue.limit_reached() or "",
            learning_left=len(self.queue.learning),
            left=len(self.queue.new) + len(self.queue.reviews),
            next_learning=self._learning_text(),
        )

    def _learning_text(self) -> str:
        """"in 25m, at 14:32" for the first learning card still to come today."""
        soon = self.queue.next_learning_due()
        if soon is None:
            return ""
        now = self.clock()
        at = soon.astimezone().strftime("%H:%M")
        return f"now, at {at}" if soon <= now else f"in {format_interval(soon - now)}, at {at}"

    def ready(self) -> bool:
        """Whether a card can be shown now (a waited-for learning card has come due)."""
        return self.queue.next(self.clock()) is not None

    def next_due_text(self) -> str:
        """"in 8m" for this session's next card (never another deck's), else what holds cards back."""
        now = self.clock()
        soon = self.queue.next_due(now)
        if soon is None:
            return "nothing scheduled yet"
        return f"in {format_interval(soon - now)}"

    def stopped_by(self) -> str | None:
        """The daily limit that ended the session early, if one did."""
        return self.queue.limit_reached()
