"""The bundled banks are studied in the article's order: the big picture, referred pain, the anatomy
the causes build on, the causes, red flags, management, and last the items connecting them all."""

from __future__ import annotations

from backhip_learn.content.outline import load_outline
from backhip_learn.content.sources import load_content


def test_banks_load_in_article_order() -> None:
    lib = load_content()
    assert [b.id for b in lib.banks] == [
        "overview", "referred-pain", "anatomy", "causes", "red-flags", "management", "conclusion", "body-maps",
    ]


def test_new_cards_meet_parts_in_article_order() -> None:
    """The part of each item, in library (= new-card) order, never goes back to an earlier part.

    The conclusion and the body maps come last: both revisit every cause once its part is learnt.
    """
    lib = load_content()
    outline = load_outline()
    rank = {part: i for i, part in enumerate(["overview", "referred-pain", "anatomy", "causes", "red-flags", "management"])}
    last = [i.id for i in lib.items if i.source == "conclusion" or lib.bank_of[i.id] == "body-maps"]
    seen = [len(rank) if i.id in last else rank[outline.part_of(i.source)] for i in lib.items]
    assert seen == sorted(seen)
