"""The card browser's core: search cards by text, id, tag, section, objective and state; a card's history.

A query is words separated by spaces, all of which must match (quotes keep words together):
``sciatic`` (anywhere in the item's text), ``id:fx-mcq``, ``tag:anatomy``, ``section:red-flags`` (a
section or anything below it), ``objective:si.map-pain``, ``is:new|learning|review|due|suspended|
flagged|buried|leech``. ``is:`` states are read from the store at ``now``; a leech is a card forgotten
``LEECH_LAPSES`` times or more (Anki's default threshold).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from backhip_learn.content.load import Library
from backhip_learn.content.model import Item
from backhip_learn.content.select import section_matches
from backhip_learn.record import Record, record
from backhip_learn.store import CardRow, ProgressStore
from backhip_learn.study.scheduling import format_interval
from backhip_learn.study.types import LEARNING_STATES, NEW, REVIEW_STATE, require_utc

LEECH_LAPSES = 8
STATES = ("new", "learning", "review", "due", "suspended", "flagged", "buried", "leech")


STATE_ORDER = ("suspended", "buried", "flagged", "leech", "due", "new", "learning", "review")


def state_text(states: frozenset[str]) -> str:
    """The states worth seeing first, ``suspended flagged due``."""
    return " ".join(s for s in STATE_ORDER if s in states)


class BadQuery(ValueError):
    """A search the browser cannot read (an unknown ``is:`` state or field, an open quote)."""


@record
class CardInfo(Record):
    """One row of the browser: the item, its stored card (None if never touched) and its states at ``now``."""

    item: Item
    row: CardRow | None
    states: frozenset[str]

    @property
    def due(self) -> datetime | None:
        """When the card is due (None for a new card)."""
        return self.row.card.due if self.row is not None and self.row.card.state != NEW else None

    @property
    def lapses(self) -> int:
        """Times forgotten."""
        return self.row.card.lapses if self.row is not None else 0

    def to_dict(self) -> dict[str, object]:
        """JSON-friendly form for ``backhip-learn cards --json``."""
        return {
            "id": self.item.id, "type": self.item.type, "prompt": self.item.prompt, "section": self.item.source,
            "objective": self.item.objective, "tags": list(self.item.tags), "states": sorted(self.states),
            "due": self.due.isoformat() if self.due else None, "lapses": self.lapses,
            "flag": self.row.flag if self.row is not None else 0,
        }


def card_states(row: CardRow | None, now: datetime) -> frozenset[str]:
    """The browser states of a stored card at ``now``."""
    if row is None:
        return frozenset({"new"})
    c = row.card
    out = set()
    if c.state == NEW:
        out.add("new")
    elif c.state in LEARNING_STATES:
        out.add("learning")
    elif c.state == REVIEW_STATE:
        out.add("review")
    if c.state != NEW and c.due is not None and c.due <= now and not row.suspended:
        out.add("due")
    if row.suspended:
        out.add("suspended")
    if row.flag:
        out.add("flagged")
    if row.is_buried(now):
        out.add("buried")
    if c.lapses >= LEECH_LAPSES:
        out.add("leech")
    return frozenset(out)


def parse_query(query: str) -> list[tuple[str, str]]:
    """(field, value) terms of a query; ``text`` for a bare word. ``BadQuery`` on an unknown field or state."""
    try:
        words = shlex.split(query)
    except ValueError as exc:
        raise BadQuery(f"cannot read the search: {exc}") from None
    terms = []
    for word in words:
        field, sep, value = word.partition(":")
        if not sep or field.lower() not in ("id", "tag", "section", "objective", "is", "type"):
            terms.append(("text", word.casefold()))
            continue
        field = field.lower()
        if field == "is" and value.lower() not in STATES:
            raise BadQuery(f"unknown state '{value}' (is: takes {', '.join(STATES)})")
        terms.append((field, value.casefold() if field != "section" else value))
    return terms


def _strings(value: object) -> Iterable[str]:
    """Every text inside an item (prompt, options, feedback, explanation, ...), not its field names."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, (tuple, list)):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            yield from _strings(getattr(value, name))


def _text(item: Item) -> str:
    return "\n".join(_strings(item)).casefold()


def _matches(item: Item, states: frozenset[str], terms: Sequence[tuple[str, str]]) -> bool:
    for field, value in terms:
        if field == "text" and value not in _text(item):
            return False
        if field == "id" and value not in item.id.casefold():
            return False
        if field == "tag" and value not in (t.casefold() for t in item.tags):
            return False
        if field == "section" and not section_matches(item.source, (value,)):
            return False
        if field == "objective" and (item.objective or "").casefold() != value:
            return False
        if field == "is" and value not in states:
            return False
        if field == "type" and item.type != value:
            return False
    return True


def search(library: Library, store: ProgressStore, query: str, now: datetime,
           *, states: Iterable[str] = ()) -> list[CardInfo]:
    """Cards matching ``query`` (and every state in ``states``), in bank order."""
    now = require_utc(now)
    terms = parse_query(query) + [("is", s) for s in states]
    rows = store.cards(library.item_index)
    out = []
    for item in library.items:
        row = rows.get(item.id)
        st = card_states(row, now)
        if _matches(item, st, terms):
            out.append(CardInfo(item, row, st))
    return out


RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


@record
class HistoryRow(Record):
    """One review of a card: when, the rating, the interval it gave, and the answer given."""

    reviewed_at: datetime
    rating: int
    interval: str
    answer: str

    def to_dict(self) -> dict[str, object]:
        """JSON-friendly form."""
        return {"reviewed_at": self.reviewed_at.isoformat(), "rating": RATING_NAMES.get(self.rating, self.rating),
                "interval": self.interval, "answer": self.answer}


def describe_response(item: Item, response: Mapping[str, Any] | None) -> str:
    """The answer a learner gave, in words (``A  Sciatic nerve``, ``typed: L4 to S3``, ``I don't know``)."""
    if not response:
        return "—"
    kind = response.get("kind")
    try:
        if kind == "dont_know":
            return "I don't know"
        if kind == "revealed":
            return "recalled" if response.get("knew", True) else "did not recall"
        if kind == "choices":
            choices = item.choice_list()
            picked = [int(i) for i in response.get("indices", ())]
            return "; ".join(choices[i].text if i < len(choices) else f"option {i + 1}" for i in picked) or "nothing"
        if kind == "typed":
            return f"typed: {response.get('text', '')}"
        if kind == "cloze":
            return "; ".join(f"c{k}: {v}" for k, v in dict(response.get("answers", {})).items())
        if kind == "pairs":
            return "pairs " + " ".join("-" if int(i) < 0 else str(int(i) + 1) for i in response.get("mapping", ()))
        if kind == "order":
            return "order " + " ".join(str(int(i) + 1) for i in response.get("order", ()))
    except (TypeError, ValueError):
        pass
    return str(kind or "—")


def history(store: ProgressStore, item: Item) -> list[HistoryRow]:
    """Every review of a card, oldest first, with the interval each one gave (exact, from the log)."""
    reviews = store.reviews(item_id=item.id)
    row = store.card(item.id)
    out = []
    for k, r in enumerate(reviews):
        due = reviews[k + 1].card_before.due if k + 1 < len(reviews) else (row.card.due if row else None)
        interval = format_interval(due - r.reviewed_at) if due is not None and due > r.reviewed_at else "—"
        out.append(HistoryRow(r.reviewed_at, r.rating, interval, describe_response(item, r.response)))
    return out


def item_location(library: Library, item_id: str) -> tuple[Path, int] | None:
    """The YAML file that defines an item and the line of its id (1-based), if it can be found."""
    where = library.item_where.get(item_id)
    if where is not None and where.line:
        return Path(where.path), where.line
    pattern = re.compile(rf"^\s*-?\s*\{{?\s*id:\s*['\"]?{re.escape(item_id)}['\"]?\s*[,}}]?\s*")
    paths = [where.path] if where is not None else library.files
    for path in paths:
        try:
            lines = Path(path).read_text("utf-8").splitlines()
        except OSError:
            continue
        for n, line in enumerate(lines, 1):
            if pattern.match(line):
                return Path(path), n
    return None


__all__ = [
    "LEECH_LAPSES", "STATES", "BadQuery", "CardInfo", "HistoryRow", "card_states", "describe_response", "history",
    "item_location", "parse_query", "search", "state_text",
]
