"""The Anki export says what the app counts as right, since Anki's {{type:}} compares one string letter by letter."""

from __future__ import annotations

from pathlib import Path

from backhip_learn.content.cards import study_cards
from backhip_learn.content.load import load_paths
from backhip_learn.export import templates
from backhip_learn.export.anki import build_export, note_fields

TYPED = Path(__file__).resolve().parents[1] / "study" / "typed_fixtures"


def test_typed_card_lists_variants_parts_and_glossary_synonyms() -> None:
    lib = load_paths([TYPED])
    _, fields = note_fields(lib.item_index["ty-consult"], lib.misconceptions, lib.lexicon)
    accepted = fields[2]
    assert accepted.startswith("physiotherapist")  # the item's own variants first
    assert "physician = doctor, GP, general practitioner, medical doctor" in accepted
    assert "physiotherapist = physio, physical therapist, PT" in accepted
    _, roots = note_fields(lib.item_index["ty-sciatic-roots"], lib.misconceptions, lib.lexicon)
    assert "the parts in any order: L4, L5, S1, S2, S3" in roots[2]
    # Without a glossary only the item's own variants.
    assert note_fields(lib.item_index["ty-consult"])[1][2] == "physiotherapist"
    # The export itself passes the library's glossary.
    export = build_export(lib)
    note = next(n for n in export.notes if n.item_id == "ty-consult")
    assert "GP" in note.fields[2]


def test_typed_back_says_the_check_is_letter_by_letter() -> None:
    assert "{{type:Answer}}" in templates.TYPED_BACK
    assert "any case, spacing or punctuation" in templates.TYPED_BACK
    assert "{{Accepted}}" in templates.TYPED_BACK


def test_anki_and_the_app_make_the_same_cloze_cards() -> None:
    lib = load_paths([TYPED])
    text = "id: c\ntitle: C\nsource: overview\nitems:\n- {id: q, type: cloze, text: 'A {{c1::x}} {{c3::}} {{c2::y}}'}\n"
    from backhip_learn.content.load import load_texts

    odd = load_texts({"c.yaml": text})
    for library in (lib, odd):
        export = build_export(library)
        for note in export.notes:
            if note.item_type == "cloze":
                app = [c.number for c in study_cards([library.item_index[note.item_id]]).values()]  # type: ignore[attr-defined]
                assert [o + 1 for o in note.ords] == app, note.item_id
    assert [c for c in odd.cards] == ["q::c1", "q::c2"]  # c3 has no answer: no card, in Anki either
