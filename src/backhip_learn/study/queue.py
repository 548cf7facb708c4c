"""Today's study queue: due reviews, learning steps, new items in bank order, limits, bury/suspend, undo.

API:

- ``StudyQueue(store, library, now, *, tz=None, deck=None, sections=(), tags=(), limits=None,
  enable_fuzzing=True)`` builds today's queue (``deck`` is an id, name or ``Root::Child`` path;
  ``sections``/``tags`` narrow it further; ``cram=True`` takes every card of the filter now, due or
  not, without daily limits, to cram one topic before an exam). Then:
  ``next(now) -> QueueEntry | None`` (the card to show; it stays queued until answered),
  ``counts() -> Counts(new, learning, due)``, ``answer(item_id, rating, now, outcome=..., response=...,
  duration_ms=...) -> ReviewRecord`` (saved in one transaction), ``undo() -> QueueEntry | None``
  (the last answer of this queue: the card gets its exact earlier state back, the log row goes, and
  the card is shown again), ``bury(item_id, now)``, ``suspend(item_id)``, ``flag(item_id, n)``,
  ``preview(item_id, now) -> {Rating: due}``, ``labels(item_id, now) -> {Rating: "10m"}``,
  ``next_learning_due() -> datetime | None`` ("come back in 8 minutes").
- ``day_start(now, tz)``, ``next_day_start(now, tz)``, ``study_day(now, tz)``: the study day rolls over
  at 4 am local time (``tz`` None = the machine's zone), like Anki.
- ``deck_preset(library, deck)``: the preset that applies to a deck (its own, an ancestor's, or the manifest's).

Order of cards: learning cards whose step is due come first; then reviews (most overdue first) with
new items spread evenly among them, new ones in bank order so anatomy comes before the causes that
build on it; when nothing else is left, learning cards due within 20 minutes are shown early.
Limits (new 20, reviews 200 a day by default, or the deck preset's) count every review made since
the day's start, whichever deck it was made in. Items no longer in the library are never queued.
Ids here are card ids (``content/cards.py``): an item's id, or ``item-id::cN`` for the card of a
cloze's gap number N, whose entry's item is a ``ClozeCard``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal

from backhip_learn.content.cards import study_cards
from backhip_learn.content.load import Library
from backhip_learn.content.model import Deck, Item, Preset
from backhip_learn.content.select import (
    DeckNode,
    deck_items,
    find_deck,
    section_matches,
)
from backhip_learn.record import Record, record
from backhip_learn.store import CardRow, NotLatest, ProgressStore, ReviewRecord
from backhip_learn.study.scheduling import Scheduling, preview_labels
from backhip_learn.study.types import (
    LEARNING_STATES,
    NEW,
    REVIEW_STATE,
    CardState,
    require_utc,
)

if TYPE_CHECKING:
    from fsrs import Rating

ROLLOVER_HOUR = 4
LEARN_AHEAD = timedelta(minutes=20)

Kind = Literal["new", "learning", "review"]


def _local(now: datetime, tz: tzinfo | None) -> datetime:
    return require_utc(now).astimezone(tz) if tz is not None else require_utc(now).astimezone()


def study_day(now: datetime, tz: tzinfo | None = None) -> date:
    """The learner's study day at ``now``: the local date, where a day starts at 4 am."""
    local = _local(now, tz)
    return (local - timedelta(hours=ROLLOVER_HOUR)).date()


def day_start(now: datetime, tz: tzinfo | None = None) -> datetime:
    """When the current study day began (UTC)."""
    local = _local(now, tz)
    d = study_day(now, tz)
    start = datetime.combine(d, time(ROLLOVER_HOUR), tzinfo=local.tzinfo if tz is None else tz)
    return require_utc(start)


def next_day_start(now: datetime, tz: tzinfo | None = None) -> datetime:
    """When the next study day begins (UTC): the end of today's queue and of a bury."""
    local = _local(now, tz)
    d = study_day(now, tz) + timedelta(days=1)
    start = datetime.combine(d, time(ROLLOVER_HOUR), tzinfo=local.tzinfo if tz is None else tz)
    return require_utc(start)


@record
class Limits(Record):
    """Daily limits."""

    new_per_day: int = 20
    reviews_per_day: int = 200

    @classmethod
    def from_preset(cls, preset: Preset) -> Limits:
        """The limits a deck preset sets."""
        return cls(preset.new_per_day, preset.reviews_per_day)


@record
class Counts(Record):
    """What is left today, for the header and the home screen."""

    new: int
    learning: int
    due: int

    @property
    def total(self) -> int:
        """All cards left today."""
        return self.new + self.learning + self.due

    def to_dict(self) -> dict[str, int]:
        """JSON-friendly form."""
        return {"new": self.new, "learning": self.learning, "due": self.due}


@record
class QueueEntry(Record):
    """A card to show: the item, its current scheduling state, and why it is queued."""

    item: Item
    card: CardState
    kind: Kind
    flag: int = 0


def deck_preset(library: Library, deck: str | Deck | DeckNode | None) -> Preset:
    """The preset for a deck: its own, else its nearest ancestor's, else its manifest's (defaults if none)."""
    if deck is None:
        return library.decks[0].preset if len(library.decks) == 1 else Preset()
    target = deck.deck if isinstance(deck, DeckNode) else deck
    if isinstance(target, str):
        node = find_deck(library, target)
        if node is None:
            return Preset()
        target = node.deck

    def search(d: Deck, inherited: Preset) -> Preset | None:
        here = d.preset or inherited
        if d is target or d.id == target.id:
            return here
        for child in d.children:
            found = search(child, here)
            if found is not None:
                return found
        return None

    for manifest in library.decks:
        found = search(manifest.deck, manifest.preset)
        if found is not None:
            return found
    return Preset()


class UnknownDeck(LookupError):
    """The deck name matches no deck in the library."""


@dataclass
class _Undo:
    review_id: int
    item_id: str
    kind: Kind


class StudyQueue:
    """Today's cards for one library and filter, kept current as the learner answers."""

    def __init__(
        self,
        store: ProgressStore,
        library: Library,
        now: datetime,
        *,
        tz: tzinfo | None = None,
        deck: str | None = None,
        sections: Sequence[str] = (),
        tags: Sequence[str] = (),
        limits: Limits | None = None,
        scheduling: Scheduling | None = None,
        enable_fuzzing: bool = True,
        cram: bool = False,
    ) -> None:
        self.store = store
        self.cram = cram
        self.library = library
        self.tz = tz
        self.deck: DeckNode | None = None
        if deck is not None:
            self.deck = find_deck(library, deck)
            if self.deck is None:
                raise UnknownDeck(f"no deck named '{deck}'")
        preset = deck_preset(library, self.deck)
        self.limits = limits or Limits.from_preset(preset)
        self.scheduling = scheduling or Scheduling.from_preset(preset, enable_fuzzing=enable_fuzzing)
        self.items: Mapping[str, Item]
        if self.deck is None and not sections and not tags:
            self.items = library.cards  # already keyed by card id, in bank order
        else:
            items = deck_items(library, self.deck.deck) if self.deck else list(library.items)
            if sections:
                items = [i for i in items if section_matches(i.source, sections)]
            if tags:
                wanted = set(tags)
                items = [i for i in items if wanted.intersection(i.tags)]
            self.items = study_cards(items)
        if cram:
            # Cramming a topic: every card of the filter, due or not, with no daily limit.
            self.limits = Limits(new_per_day=len(self.items), reviews_per_day=len(self.items))
        self._undo: list[_Undo] = []
        self.build(now)

    # ------------------------------------------------------------------ building

    def build(self, now: datetime) -> None:
        """(Re)build today's lists from the database (covering-index queries; rows are read when shown)."""
        now = require_utc(now)
        self.day_start = day_start(now, self.tz)
        self.day_end = next_day_start(now, self.tz)
        self.day = study_day(now, self.tz)
        self.new_done, self.reviews_done = (0, 0) if self.cram else self.store.day_counts(self.day_start)
        end = None if self.cram else self.day_end  # cramming: everything, however far ahead it is due
        items = self.items
        self.learning: list[tuple[datetime, str]] = sorted(  # (due, item id)
            (due, item_id) for due, item_id in self.store.learning_due(end, now) if item_id in items
        )
        self.reviews: list[str] = []  # item ids, most overdue first
        review_left = max(0, self.limits.reviews_per_day - self.reviews_done)
        if review_left:
            due = self.store.due_reviews(end, now)
            for item_id in due:  # in due order, so stopping early reads only what is queued
                if item_id in items:
                    self.reviews.append(item_id)
                    if len(self.reviews) >= review_left:
                        break
            due.close()
        self.new: list[Item] = []
        new_left = max(0, self.limits.new_per_day - self.new_done)
        if new_left:
            self.store.sync_library(list(self.library.cards))
            fresh = (i for i in self.store.new_cards(now) if i in items)
            self.new = [items[i] for i in islice(fresh, new_left)]  # bank order
        # Spread new cards evenly through the reviews.
        self._new_every = max(1, len(self.reviews) // len(self.new)) if self.new else 0
        self._since_new = 0

    # ------------------------------------------------------------------ reading

    def counts(self) -> Counts:
        """New, learning and due cards left today."""
        return Counts(new=len(self.new), learning=len(self.learning), due=len(self.reviews))

    def next_learning_due(self) -> datetime | None:
        """When the earliest queued learning card comes due, or None."""
        return self.learning[0][0] if self.learning else None

    def next(self, now: datetime) -> QueueEntry | None:
        """The card to show now, or None when nothing is left (or only learning cards, not yet due)."""
        now = require_utc(now)
        if now >= self.day_end:
            self.build(now)
        if self.learning and self.learning[0][0] <= now:
            return self._learning_entry(0)
        want_new = bool(self.new) and (not self.reviews or self._since_new >= self._new_every)
        if want_new:
            return self._entry(self.new[0].id, "new")
        if self.reviews:
            return self._entry(self.reviews[0], "review")
        if self.learning and (self.cram or self.learning[0][0] <= now + LEARN_AHEAD):
            return self._learning_entry(0)
        return None

    def _entry(self, item_id: str, kind: Kind) -> QueueEntry:
        row = self.store.card(item_id)
        return QueueEntry(self.items[item_id], row.card if row else CardState(), kind, row.flag if row else 0)

    def _learning_entry(self, i: int) -> QueueEntry:
        return self._entry(self.learning[i][1], "learning")

    def preview(self, item_id: str, now: datetime) -> dict[Rating, datetime]:
        """The due time each rating would give this card now (no fuzz)."""
        return self.scheduling.preview(self.store.card_state(item_id), now)

    def labels(self, item_id: str, now: datetime) -> dict[Rating, str]:
        """Interval labels for the grade keys ("1m", "10m", "4d", ...)."""
        return preview_labels(self.scheduling, self.store.card_state(item_id), now)

    # ------------------------------------------------------------------ writing

    def _remove(self, item_id: str) -> Kind | None:
        for i, (_, iid) in enumerate(self.learning):
            if iid == item_id:
                del self.learning[i]
                return "learning"
        if item_id in self.reviews:
            self.reviews.remove(item_id)
            return "review"
        for i, item in enumerate(self.new):
            if item.id == item_id:
                del self.new[i]
                return "new"
        return None

    def _queue_learning(self, row: CardRow) -> None:
        c = row.card
        in_reach = self.cram or (c.due is not None and c.due < self.day_end)
        if c.state in LEARNING_STATES and c.due is not None and in_reach and row.item_id in self.items:
            bisect.insort(self.learning, (c.due, row.item_id))

    def answer(
        self,
        item_id: str,
        rating: Rating | int,
        now: datetime,
        *,
        outcome: Mapping[str, Any] | None = None,
        response: Mapping[str, Any] | None = None,
        duration_ms: int = 0,
    ) -> ReviewRecord:
        """Save the learner's rating for a card (one transaction) and update today's lists."""
        now = require_utc(now)
        record = self.store.record_review(
            item_id, int(rating), now, self.scheduling,
            outcome=outcome, response=response, duration_ms=duration_ms,
            deck=self.deck.path if self.deck else None, day=study_day(now, self.tz),
        )
        kind = self._remove(item_id)
        if kind == "new":
            self._since_new = 0
        elif kind == "review":
            self._since_new += 1
        if record.state_before == NEW:
            self.new_done += 1
        elif record.state_before == REVIEW_STATE:
            self.reviews_done += 1
        if record.card_after is not None:  # from the review itself: no read after the commit that could fail
            self._queue_learning(CardRow(item_id, record.card_after))
        self._undo.append(_Undo(record.id, item_id, kind or _kind_of(record.card_before)))
        return record

    @property
    def can_undo(self) -> bool:
        """Whether this queue has an answer to undo."""
        return bool(self._undo)

    def undo(self) -> QueueEntry | None:
        """Undo this queue's last answer; the card comes back first, in its exact earlier state."""
        if not self._undo:
            return None
        last = self._undo[-1]
        try:
            restored = self.store.undo_review(last.review_id)
        except NotLatest:
            self._undo.pop()  # another session graded that card since: this answer can never be undone
            raise
        self._undo.pop()  # kept until the store has undone it: a lock or a full disk leaves it to retry
        self._remove(last.item_id)
        item = self.items.get(last.item_id)
        if item is None:
            return None
        card = restored.card if restored else CardState()
        flag = restored.flag if restored else 0
        kind = _kind_of(card)
        if kind == "new":
            self.new_done = max(0, self.new_done - 1)
            self.new.insert(0, item)
            self._since_new = self._new_every  # show it next
        elif kind == "review":
            self.reviews_done = max(0, self.reviews_done - 1)
            self.reviews.insert(0, last.item_id)
        else:
            assert card.due is not None
            # Back to the front: due no later than the card now first in line.
            first = self.learning[0][0] if self.learning else card.due
            self.learning.insert(0, (min(card.due, first), last.item_id))
        return QueueEntry(item, card, kind, flag)

    def bury(self, item_id: str, now: datetime) -> None:
        """Hide a card until the next study day."""
        self.store.bury(item_id, next_day_start(now, self.tz))
        self._remove(item_id)

    def suspend(self, item_id: str, on: bool = True) -> None:
        """Suspend a card (it leaves every queue), or unsuspend it (it returns on the next build)."""
        self.store.suspend(item_id, on)
        if on:
            self._remove(item_id)

    def flag(self, item_id: str, flag: int) -> None:
        """Flag a card (0 clears)."""
        self.store.flag(item_id, flag)


def _kind_of(card: CardState) -> Kind:
    if card.state == NEW:
        return "new"
    return "review" if card.state == REVIEW_STATE else "learning"


def today_counts(
    store: ProgressStore,
    library: Library,
    now: datetime,
    *,
    tz: tzinfo | None = None,
    deck: str | None = None,
    sections: Iterable[str] = (),
    tags: Iterable[str] = (),
) -> Counts:
    """New / learning / due counts for the home screen without keeping a queue."""
    return StudyQueue(store, library, now, tz=tz, deck=deck, sections=tuple(sections), tags=tuple(tags)).counts()


__all__ = [
    "Counts",
    "Limits",
    "QueueEntry",
    "StudyQueue",
    "UnknownDeck",
    "day_start",
    "deck_preset",
    "next_day_start",
    "study_day",
    "today_counts",
]

