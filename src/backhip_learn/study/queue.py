"""Today's study queue: due reviews, learning steps, new items in bank order, limits, bury/suspend, undo.

The calls are listed in docs/engine.md. Order of cards: learning cards whose step is due come first;
then reviews (most overdue first) with new items spread evenly among them, new ones in bank order so
anatomy comes before the causes that build on it; when nothing else is left, learning cards due
within 20 minutes are shown early. The study day rolls over at 4 am local time, like Anki's.
Limits are per deck, as in Anki: each deck has its preset's new and review limits (or today's change,
``set_today_limits``/``extend_today``), every deck on a card's path (its deepest deck and each deck
above it) must have room for it, and a review counts against those decks whichever session it was
made in. ``limit_reached()`` names the limit that held cards back. A queue given ``limits=`` keeps one
limit for all its cards instead. Items no longer in the library are never queued.
Ids here are card ids (``content/cards.py``): an item's id, or ``item-id::cN`` for the card of a
cloze's gap number N, whose entry's item is a ``ClozeCard``.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal
from weakref import WeakKeyDictionary

from backhip_learn.content.cards import study_cards
from backhip_learn.content.load import Library
from backhip_learn.content.model import Deck, Item, Preset
from backhip_learn.content.select import (
    DeckNode,
    deck_items,
    deepest_decks,
    find_deck,
    section_matches,
    walk_decks,
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
class DeckLimit(Record):
    """One deck's limits today (preset, today's change, extra cards) and what today used of them."""

    deck_id: str
    name: str
    new_limit: int
    review_limit: int
    new_done: int = 0
    review_done: int = 0

    @property
    def new_left(self) -> int:
        """New cards this deck may still introduce today."""
        return max(0, self.new_limit - self.new_done)

    @property
    def review_left(self) -> int:
        """Reviews this deck may still show today."""
        return max(0, self.review_limit - self.review_done)


def _limits_key(day: date, deck_id: str) -> str:
    return f"limits:{day.isoformat()}:{deck_id}"


def today_limits(store: ProgressStore, library: Library, deck_id: str, day: date) -> Limits:
    """A deck's limits for one study day: today's change if the learner made one, else its preset."""
    raw = store.setting(_limits_key(day, deck_id))
    node = next((n for n in _nodes(library) if n.deck.id == deck_id), None)
    base = Limits.from_preset(deck_preset(library, node)) if node is not None else Limits.from_preset(
        deck_preset(library, None))
    if raw:
        try:
            data = json.loads(raw)
            return Limits(int(data.get("new_per_day", base.new_per_day)),
                          int(data.get("reviews_per_day", base.reviews_per_day)))
        except (ValueError, TypeError, AttributeError):
            return base  # a damaged setting falls back to the preset: it is only today's change
    return base


def set_today_limits(store: ProgressStore, library: Library, deck_id: str, day: date, *,
                     new_per_day: int | None = None, reviews_per_day: int | None = None) -> Limits:
    """Change a deck's limits for one study day only (the preset stays); the limits now in force."""
    current = today_limits(store, library, deck_id, day)
    limits = Limits(max(0, new_per_day if new_per_day is not None else current.new_per_day),
                    max(0, reviews_per_day if reviews_per_day is not None else current.reviews_per_day))
    store.set_setting(_limits_key(day, deck_id),
                      json.dumps({"new_per_day": limits.new_per_day, "reviews_per_day": limits.reviews_per_day}))
    return limits


def extend_today(store: ProgressStore, library: Library, deck: str | None, day: date, *,
                 new: int = 0, reviews: int = 0) -> None:
    """Study more today: raise today's limits of a deck, the decks above it and below it by ``new``/``reviews``.

    Every deck on a card's path limits it, so extra cards for Anatomy need room in Anatomy and in its
    parent; ``deck`` None raises every deck ("All cards").
    """
    nodes = _nodes(library)
    target = find_deck(library, deck) if deck is not None else None
    for node in nodes:
        if target is not None and not (_within(target.path, node.path) or _within(node.path, target.path)):
            continue
        now_in_force = today_limits(store, library, node.deck.id, day)
        set_today_limits(store, library, node.deck.id, day, new_per_day=now_in_force.new_per_day + new,
                         reviews_per_day=now_in_force.reviews_per_day + reviews)
    if not nodes:  # a library without decks: one limit for everything
        base = today_limits(store, library, "", day)
        set_today_limits(store, library, "", day, new_per_day=base.new_per_day + new,
                         reviews_per_day=base.reviews_per_day + reviews)


def _within(path: str, ancestor: str) -> bool:
    return path == ancestor or path.startswith(ancestor + "::")


def _nodes(library: Library) -> list[DeckNode]:
    return list(walk_decks(library))


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


UndoAction = Literal["answer", "bury", "suspend", "flag"]


@dataclass
class _Undo:
    review_id: int | None
    item_id: str
    kind: Kind | None
    action: UndoAction = "answer"
    flag_before: int = 0


@record
class DeckIndex(Record):
    """The deck tree as the limits read it: each item's decks (root first), deck names, and the roots."""

    chains: dict[str, tuple[str, ...]]  # item id -> ids of the decks limiting it, root first
    names: dict[str, str]  # deck id -> name
    roots: list[str]  # top-level deck ids, and "" when some item is in no deck


# A loaded library's decks do not change: each library's index is worked out once (a queue is built per
# deck on the home screen and again after every session), and forgotten with the library.
_DECK_INDEXES: WeakKeyDictionary[Library, DeckIndex] = WeakKeyDictionary()


def deck_index(library: Library) -> DeckIndex:
    """The library's ``DeckIndex`` (computed on first use)."""
    found = _DECK_INDEXES.get(library)
    if found is None:
        nodes = _nodes(library)
        by_path = {n.path: n.deck.id for n in nodes}
        chains: dict[str, tuple[str, ...]] = {}
        for n in nodes:
            parts = n.path.split("::")
            chains[n.deck.id] = tuple(by_path["::".join(parts[: k + 1])] for k in range(len(parts)))
        deepest = deepest_decks(library, nodes)
        roots = [n.deck.id for n in nodes if n.depth == 0]
        if len(deepest) < len(library.items):
            roots.append("")
        found = DeckIndex({item_id: chains[node.deck.id] for item_id, node in deepest.items()},
                          {n.deck.id: n.deck.name for n in nodes}, roots)
        _DECK_INDEXES[library] = found
    return found


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
        only: Collection[str] | None = None,
    ) -> None:
        self.store = store
        self.cram = cram
        # Per-deck limits (Anki's): unless the caller sets one limit for the whole queue, or crams.
        self.per_deck = limits is None and not cram
        self.library = library
        self.tz = tz
        self.deck: DeckNode | None = None
        if deck is not None:
            self.deck = find_deck(library, deck)
            if self.deck is None:
                raise UnknownDeck(f"no deck named '{deck}'")
        preset = deck_preset(library, self.deck)
        self.limits = limits or today_limits(store, library, self.deck.deck.id if self.deck else "",
                                             study_day(now, tz))
        self.scheduling = scheduling or Scheduling.from_preset(preset, enable_fuzzing=enable_fuzzing)
        self.items: Mapping[str, Item]
        if self.deck is None and not sections and not tags and only is None:
            self.items = library.cards  # already keyed by card id, in bank order
        else:
            items = deck_items(library, self.deck.deck) if self.deck else list(library.items)
            if sections:
                items = [i for i in items if section_matches(i.source, sections, library.outline)]
            if tags:
                wanted = set(tags)
                items = [i for i in items if wanted.intersection(i.tags)]
            cards = study_cards(items)
            if only is not None:
                # Card ids or item ids (an item id takes every card of that item).
                chosen = set(only)
                cards = {cid: c for cid, c in cards.items() if cid in chosen or cid.split("::", 1)[0] in chosen}
            self.items = cards
        if cram:
            # Cramming a topic: every card of the filter, due or not, with no daily limit.
            self.limits = Limits(new_per_day=len(self.items), reviews_per_day=len(self.items))
        self._undo: list[_Undo] = []
        self.undone: UndoAction = "answer"  # what the last undo took back
        self._last_key: str | None = None  # the sibling key of the card answered last
        self._last_id: str | None = None
        self.siblings_buried = 0
        self._chain: dict[str, tuple[str, ...]] = {}  # item id -> ids of the decks limiting it, root first
        self.budgets: dict[str, DeckLimit] = {}
        self.new_blocked: DeckLimit | None = None  # the limit that held back an unseen card of this filter
        self.review_blocked: DeckLimit | None = None
        if self.per_deck:
            self._index_decks()
        self.build(now)

    def _index_decks(self) -> None:
        """Which decks limit each item: its deepest deck and every deck above it (``""``: no deck)."""
        index = deck_index(self.library)
        self._chain, self._names, self._roots = index.chains, index.names, index.roots

    def chain(self, item_id: str) -> tuple[str, ...]:
        """The decks whose limits apply to a card, root first (a card id with a suffix maps to its item)."""
        found = self._chain.get(item_id)
        if found is None:
            base = _base_id(item_id, self._chain)
            found = self._chain.get(base, ("",)) if base is not None else ("",)
        return found

    def sibling_key(self, item_id: str) -> str:
        """Cards that teach the same thing share a key: their item's objective, else the item itself."""
        item = self.items.get(item_id) or self.library.item_index.get(item_id)
        if item is None:
            base = _base_id(item_id, self.library.item_index)
            item = self.library.item_index.get(base) if base is not None else None
        objective = getattr(item, "objective", None) if item is not None else None
        return f"objective:{objective}" if objective else f"item:{item.id if item is not None else item_id}"

    def _siblings_apart(self, candidates: Iterable[str], seen: set[str]) -> Iterator[str]:
        """Candidates whose siblings were neither reviewed today nor queued already (Anki buries them for the day)."""
        for item_id in candidates:
            if item_id not in self.items:
                continue
            key = self.sibling_key(item_id)
            if key in seen:
                self.siblings_buried += 1
                continue
            seen.add(key)
            yield item_id

    def _load_budgets(self) -> None:
        """Today's limit and use per deck: the preset or today's change, less every review made today."""
        self.budgets = {}
        for deck_id in [*self._names, ""]:
            lim = today_limits(self.store, self.library, deck_id, self.day)
            self.budgets[deck_id] = DeckLimit(deck_id, self._names.get(deck_id, "All cards"),
                                              lim.new_per_day, lim.reviews_per_day)
        for item_id, state in self.store.day_log(self.day_start):
            self._count(item_id, state, +1)

    def _count(self, item_id: str, state: int, step: int) -> None:
        if state not in (NEW, REVIEW_STATE):
            return
        for deck_id in self.chain(item_id):
            b = self.budgets.get(deck_id)
            if b is None:
                continue
            if state == NEW:
                self.budgets[deck_id] = replace(b, new_done=max(0, b.new_done + step))
            else:
                self.budgets[deck_id] = replace(b, review_done=max(0, b.review_done + step))

    def _admit(self, candidates: Iterable[str], kind: Literal["new", "review"]) -> tuple[list[str], DeckLimit | None]:
        """Cards of this filter that every deck on their path still has room for today, and the first limit hit."""
        left = {k: (b.new_left if kind == "new" else b.review_left) for k, b in self.budgets.items()}
        taken: list[str] = []
        blocked: DeckLimit | None = None
        items = self.items
        for item_id in candidates:
            if item_id not in items:
                continue
            chain = self.chain(item_id)
            stop = next((d for d in reversed(chain) if left.get(d, 1) <= 0), None)
            if stop is not None:
                blocked = blocked or self.budgets[stop]
                if all(left.get(r, 0) <= 0 for r in self._roots):
                    break  # no deck has room left: nothing later can be admitted
                continue
            taken.append(item_id)
            for d in chain:
                if d in left:
                    left[d] -= 1
        return taken, blocked

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
        self.new: list[Item] = []
        self.new_blocked = self.review_blocked = None
        self.siblings_buried = 0  # cards kept for another day: a sibling was reviewed today or is queued
        # Siblings: one card per objective a day, the others buried until tomorrow; cramming takes them all.
        seen: set[str] = set()
        if not self.cram:
            seen = {self.sibling_key(item_id) for item_id, _ in self.store.day_log(self.day_start)}
            seen |= {self.sibling_key(item_id) for _, item_id in self.learning}

        def apart(candidates: Iterable[str]) -> Iterable[str]:
            return candidates if self.cram else self._siblings_apart(candidates, seen)

        if self.per_deck:
            self._load_budgets()
            due = self.store.due_reviews(end, now)
            self.reviews, self.review_blocked = self._admit(apart(due), "review")
            due.close()
            self.store.sync_library(list(self.library.cards))
            fresh = self.store.new_cards(now)
            new_ids, self.new_blocked = self._admit(apart(fresh), "new")
            fresh.close()
            self.new = [items[i] for i in new_ids]
            self._spread()
            return
        review_left = max(0, self.limits.reviews_per_day - self.reviews_done)
        if review_left:
            due = self.store.due_reviews(end, now)
            # In due order: stopping early reads only what is queued.
            for item_id in apart(i for i in due if i in items):
                self.reviews.append(item_id)
                if len(self.reviews) >= review_left:
                    break
            due.close()
        new_left = max(0, self.limits.new_per_day - self.new_done)
        if new_left:
            self.store.sync_library(list(self.library.cards))
            unseen = apart(i for i in self.store.new_cards(now) if i in items)
            self.new = [items[i] for i in islice(unseen, new_left)]  # bank order
        self._spread()

    def _spread(self) -> None:
        """Spread new cards evenly through the reviews."""
        self._new_every = max(1, len(self.reviews) // len(self.new)) if self.new else 0
        self._since_new = 0

    # ------------------------------------------------------------------ reading

    def counts(self) -> Counts:
        """New, learning and due cards left today."""
        return Counts(new=len(self.new), learning=len(self.learning), due=len(self.reviews))

    def next_learning_due(self) -> datetime | None:
        """When the earliest queued learning card comes due, or None."""
        return self.learning[0][0] if self.learning else None

    def limit_reached(self) -> str | None:
        """Which daily limit holds back cards of this filter: "New-card limit for Anatomy reached (20 today)"."""
        for blocked, what, queued in ((self.new_blocked, "New-card", self.new),
                                      (self.review_blocked, "Review", self.reviews)):
            if blocked is not None and not queued:
                limit = blocked.new_limit if what == "New-card" else blocked.review_limit
                return f"{what} limit for {blocked.name} reached ({limit} today)"
        return None

    def next_due(self, now: datetime) -> datetime | None:
        """When this filter's next card comes due after ``now`` (never a card of another deck)."""
        dues = [d for d, _ in self.learning if d > now]
        dues += [r.card.due for r in self.store.cards(self.items).values()
                 if r.card.state != NEW and r.card.due is not None and r.card.due > now and not r.suspended]
        return min(dues) if dues else None

    def next(self, now: datetime) -> QueueEntry | None:
        """The card to show now, or None when nothing is left (or only learning cards, not yet due)."""
        now = require_utc(now)
        if now >= self.day_end:
            self.build(now)
        # Candidates in order; the first not on the objective just answered wins, so two cards on
        # one fact never come back to back while anything else is left.
        order: list[tuple[str, Kind]] = []
        if self.learning and self.learning[0][0] <= now:
            order += [(item_id, "learning") for due, item_id in self.learning[:2] if due <= now]
        want_new = bool(self.new) and (not self.reviews or self._since_new >= self._new_every)
        news: list[tuple[str, Kind]] = [(i.id, "new") for i in self.new[:2]]
        reviews: list[tuple[str, Kind]] = [(i, "review") for i in self.reviews[:2]]
        order += news + reviews if want_new else reviews + news
        if self.learning and (self.cram or self.learning[0][0] <= now + LEARN_AHEAD):
            order += [(item_id, "learning") for due, item_id in self.learning[:2]
                      if self.cram or due <= now + LEARN_AHEAD]
        if not order:
            return None
        pick = next(((i, k) for i, k in order if i == self._last_id or self.sibling_key(i) != self._last_key),
                    order[0])
        return self._entry(*pick)

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
        self._last_id, self._last_key = item_id, (key := self.sibling_key(item_id))
        if not self.cram:  # its siblings wait until tomorrow (learning cards go on)
            before = len(self.new) + len(self.reviews)
            self.new = [i for i in self.new if self.sibling_key(i.id) != key]
            self.reviews = [i for i in self.reviews if self.sibling_key(i) != key]
            self.siblings_buried += before - len(self.new) - len(self.reviews)
        if kind == "new":
            self._since_new = 0
        elif kind == "review":
            self._since_new += 1
        if record.state_before == NEW:
            self.new_done += 1
        elif record.state_before == REVIEW_STATE:
            self.reviews_done += 1
        if self.per_deck:
            self._count(item_id, record.state_before, +1)
        if record.card_after is not None:  # from the review itself: no read after the commit that could fail
            self._queue_learning(CardRow(item_id, record.card_after))
        self._undo.append(_Undo(record.id, item_id, kind or _kind_of(record.card_before)))
        return record

    @property
    def can_undo(self) -> bool:
        """Whether this queue has an answer to undo."""
        return bool(self._undo)

    def undo(self) -> QueueEntry | None:
        """Undo this queue's last answer, bury, suspend or flag; the card comes back first, as it was.

        ``undone`` then names what was undone ("answer", "bury", "suspend", "flag").
        """
        if not self._undo:
            return None
        last = self._undo[-1]  # kept until the store has undone it: a lock or a full disk leaves it to retry
        if last.action == "flag":
            self.store.flag(last.item_id, last.flag_before)
            self._undo.pop()
            self.undone = last.action
            row = self.store.card(last.item_id)
            item = self.items.get(last.item_id)
            if item is None:
                return None
            return QueueEntry(item, row.card if row else CardState(), last.kind or "new", last.flag_before)
        if last.action in ("bury", "suspend"):
            restored = self.store.unbury(last.item_id) if last.action == "bury" else \
                self.store.suspend(last.item_id, False)
            self._undo.pop()
            self.undone = last.action
            item = self.items.get(last.item_id)
            if item is None:
                return None
            self._requeue(item, restored.card)
            return QueueEntry(item, restored.card, _kind_of(restored.card), restored.flag)
        assert last.review_id is not None
        try:
            restored_row = self.store.undo_review(last.review_id)
        except NotLatest:
            self._undo.pop()  # another session graded that card since: this answer can never be undone
            raise
        self._undo.pop()
        self.undone = last.action
        self._remove(last.item_id)
        item = self.items.get(last.item_id)
        if item is None:
            return None
        card = restored_row.card if restored_row else CardState()
        flag = restored_row.flag if restored_row else 0
        if self.per_deck:
            self._count(last.item_id, card.state, -1)
        if card.state == NEW:
            self.new_done = max(0, self.new_done - 1)
        elif card.state == REVIEW_STATE:
            self.reviews_done = max(0, self.reviews_done - 1)
        self._requeue(item, card)
        return QueueEntry(item, card, _kind_of(card), flag)

    def _requeue(self, item: Item, card: CardState) -> None:
        """Put a card back at the front of its list (it is shown next)."""
        kind = _kind_of(card)
        if kind == "new":
            self.new.insert(0, item)
            self._since_new = self._new_every  # show it next
        elif kind == "review":
            self.reviews.insert(0, item.id)
        else:
            due = card.due or self.day_start
            # Back to the front: due no later than the card now first in line.
            first = self.learning[0][0] if self.learning else due
            self.learning.insert(0, (min(due, first), item.id))

    def bury(self, item_id: str, now: datetime) -> None:
        """Hide a card until the next study day (undoable)."""
        self.store.bury(item_id, next_day_start(now, self.tz))
        kind = self._remove(item_id)
        self._undo.append(_Undo(None, item_id, kind, "bury"))

    def suspend(self, item_id: str, on: bool = True) -> None:
        """Suspend a card (it leaves every queue; undoable), or unsuspend it (it returns on the next build)."""
        self.store.suspend(item_id, on)
        if on:
            kind = self._remove(item_id)
            self._undo.append(_Undo(None, item_id, kind, "suspend"))

    def flag(self, item_id: str, flag: int) -> None:
        """Flag a card (0 clears; undoable)."""
        row = self.store.card(item_id)
        before = row.flag if row else 0
        self.store.flag(item_id, flag)
        self._undo.append(_Undo(None, item_id, _kind_of(row.card) if row else "new", "flag", before))


def _base_id(card_id: str, known: Mapping[str, object]) -> str | None:
    """The item id inside a card id that carries a suffix (a cloze gap's card), if one is known."""
    for sep in ("#", "::", "@", "/", ":"):
        if sep in card_id:
            head = card_id.rsplit(sep, 1)[0]
            if head in known:
                return head
    return None


def _kind_of(card: CardState) -> Kind:
    if card.state == NEW:
        return "new"
    return "review" if card.state == REVIEW_STATE else "learning"


def review_ahead_ids(queue: StudyQueue, now: datetime, days: int) -> list[str]:
    """Review cards of a queue's filter due within ``days`` from ``now`` but not today (Anki's review ahead)."""
    until = require_utc(now) + timedelta(days=days)
    rows = queue.store.cards(queue.items).values()
    due = sorted((r.card.due, r.item_id) for r in rows
                 if r.card.state == REVIEW_STATE and r.card.due is not None and r.card.due < until
                 and not r.suspended and r.item_id not in queue.reviews)
    return [item_id for _, item_id in due]


def forgotten_ids(queue: StudyQueue, now: datetime, days: int) -> list[str]:
    """Cards of a queue's filter rated Again in the last ``days`` (Anki's forgotten cards), most recent first."""
    since = require_utc(now) - timedelta(days=days)
    seen: dict[str, None] = {}
    for r in reversed(queue.store.reviews(since=since)):
        if r.rating == 1 and r.item_id in queue.items:
            seen.setdefault(r.item_id, None)
    return list(seen)


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
    "DeckLimit",
    "Limits",
    "QueueEntry",
    "StudyQueue",
    "UnknownDeck",
    "day_start",
    "deck_preset",
    "extend_today",
    "forgotten_ids",
    "next_day_start",
    "review_ahead_ids",
    "set_today_limits",
    "study_day",
    "today_counts",
    "today_limits",
]

