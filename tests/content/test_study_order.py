"""The bundled banks are studied in the article's order: the big picture, referred pain, the anatomy
the causes build on, the causes, red flags, management, and last the items connecting them all."""

from __future__ import annotations

from backhip_learn.content.load import load_content
from backhip_learn.content.outline import load_outline


def test_banks_load_in_article_order() -> None:
    lib = load_content()
    assert [b.id for b in lib.banks] == [
        "overview", "referred-pain", "anatomy", "causes", "red-flags", "management", "conclusion",
    ]


def test_new_cards_meet_parts_in_article_order() -> None:
    """The part of each item, in library (= new-card) order, never goes back to an earlier part."""
    lib = load_content()
    outline = load_outline()
    rank = {part: i for i, part in enumerate(["overview", "referred-pain", "anatomy", "causes", "red-flags", "management"])}
    seen = [rank[outline.part_of(i.source)] if i.source != "conclusion" else len(rank) for i in lib.items]
    assert seen == sorted(seen)
