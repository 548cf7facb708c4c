"""What a study card is: one per item, except a cloze, which is one card per gap number (as in Anki).

A cloze card asks the gaps of its number and shows the others filled in, and it has its own
schedule: ``{{c1::sacrum}} ... {{c2::ilium}}`` is two cards, ``{{c1::sacrum}} ... {{c1::ilium}}`` one
card with two blanks. Its id is the item id and the number, ``item-id::c2`` (``::`` never occurs in
an item id), the same numbering the Anki export gives its cloze cards.

- ``ClozeCard``: a ``Cloze`` seen through one gap number (``id`` is the card id, ``item_id`` the item's).
- ``card_id(item_id, number)``, ``split_card_id(card_id) -> (item_id, number | None)``.
- ``study_cards(items) -> {card id: item or ClozeCard}`` in bank order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import fields

from backhip_learn.content.model import CLOZE_RE, Cloze, Item, frozen

CARD_SEP = "::c"


@frozen
class ClozeCard(Cloze):
    """One card of a cloze item: the gaps numbered ``number`` are asked, the others are shown."""

    number: int = 1
    item_id: str = ""

    @property
    def prompt(self) -> str:
        """The text with this card's gaps blank (``[...]`` or ``[hint]``) and the other gaps filled in."""

        def one(m: re.Match[str]) -> str:
            number, answer, hint = int(m.group(1)), m.group(2).strip(), m.group(3)
            if number != self.number:
                return answer
            return f"[{hint}]" if hint else "[...]"

        return CLOZE_RE.sub(one, self.text)

    def asked(self) -> tuple[int, ...]:
        """Indices (into ``gaps()``) of the gaps this card asks."""
        return tuple(i for i, g in enumerate(self.gaps()) if g.number == self.number)


def card_id(item_id: str, number: int) -> str:
    """The id of the card of ``item_id`` for gap number ``number``."""
    return f"{item_id}{CARD_SEP}{number}"


def split_card_id(card: str) -> tuple[str, int | None]:
    """``("item-id", 2)`` for ``item-id::c2``; ``(card, None)`` for a card that is a whole item."""
    base, sep, number = card.rpartition(CARD_SEP)
    if sep and base and number.isdigit():
        return base, int(number)
    return card, None


def cloze_cards(item: Cloze) -> list[ClozeCard]:
    """One card per distinct gap number, in number order; as in Anki, a number whose gaps have no answer makes none."""
    values = {f.name: getattr(item, f.name) for f in fields(Cloze)}
    out = []
    for number in sorted({g.number for g in item.gaps() if g.answer}):
        values["id"] = card_id(item.id, number)
        out.append(ClozeCard(**values, number=number, item_id=item.id))
    return out


def study_cards(items: Iterable[Item]) -> dict[str, Item]:
    """Every study card of ``items``, keyed by card id, in bank order (a cloze without gaps has none)."""
    out: dict[str, Item] = {}
    for item in items:
        if isinstance(item, Cloze):
            for card in cloze_cards(item):
                out[card.id] = card
        else:
            out[item.id] = item
    return out
