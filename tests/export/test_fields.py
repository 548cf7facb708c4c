"""Field building, escaping, tags and identity of the Anki export (no Anki backend needed)."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import genanki
from hypothesis import given, settings
from hypothesis import strategies as st

from backhip_learn.content.load import load_paths
from backhip_learn.content.model import Basic, Cloze, Matching, Ordering, Pair, TrueFalse
from backhip_learn.export.anki import (
    DEFAULT_DECK_ID,
    NOTE_TYPE_OF_ITEM,
    NOTE_TYPES,
    build_export,
    cloze_field,
    esc,
    item_tags,
    note_fields,
    note_guid,
    sanitize_tag,
    stable_deck_id,
)


def test_guid_depends_on_item_id_only() -> None:
    a = Basic(id="x-1", type="basic", front="Old front", back="Old back")
    b = replace(a, front="New front", back="New back")
    assert note_guid(a.id) == note_guid(b.id) == genanki.guid_for("backhip-learn", "x-1")
    assert note_guid("x-1") != note_guid("x-2")


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.from_regex(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*", fullmatch=True))
def test_guid_is_genankis_guid_for(item_id: str) -> None:
    assert note_guid(item_id) == genanki.guid_for("backhip-learn", item_id)


def test_fields_are_valid_html_for_genanki(content: Path) -> None:
    """genanki's own malformed-tag check finds nothing (the export skips it as redundant)."""
    export = build_export(load_paths([content]))
    for row in export.notes:
        for value in row.fields:
            assert not genanki.Note._find_invalid_html_tags_in_field(value), (row.item_id, value)


def test_note_type_ids_and_fields_are_frozen() -> None:
    # Changing any of these breaks every learner's collection: make a v3 note type instead.
    mine = "My notes"
    assert {k: (nt.model_id, nt.name, nt.fields) for k, nt in NOTE_TYPES.items()} == {
        "basic": (1738290111, "backhip-learn basic v2", ("Prompt", "Answer", "Explanation", "Section", "Id", mine)),
        "cloze": (1738290112, "backhip-learn cloze v2", ("Text", "Extra", "Section", "Id", mine)),
        "typed": (1738290113, "backhip-learn typed answer v2",
                  ("Prompt", "Answer", "Accepted", "Explanation", "Section", "Id", mine)),
        "choice": (1738290114, "backhip-learn choice v2",
                   ("Prompt", "Instruction", "Options", "Feedback", "Explanation", "Section", "Id", mine)),
    }
    # The first edition's ids (1738290101-1738290106) are never reused.
    assert not {nt.model_id for nt in NOTE_TYPES.values()} & set(range(1738290101, 1738290107))


def test_cloze_keeps_gaps_live_and_escapes_the_rest() -> None:
    out = cloze_field("a <b> {{c1::x<y::hint}} and {{c2::p::q::r}} then }} {")
    assert out.startswith("a &lt;b&gt; {{c1::x&lt;y::hint}}")
    assert out.count("{{c") == 2 and out.count("}}") == 2  # the stray "}}" is escaped
    assert "&#125;&#125; &#123;" in out


def test_tags() -> None:
    item = TrueFalse(id="t", type="true_false", statement="s", answer=False, misconception="m-1",
                     source="anatomy.si-joint", difficulty="easy", objective="obj-1", level="apply",
                     tags=("joint anatomy", ' "odd" ', "a::b", "si-joint", "glutes", "gluteals"))
    assert item_tags(item, {"glutes": "gluteals"}) == (
        "backhip::type::true_false", "backhip::section::anatomy::si-joint", "backhip::objective::obj-1",
        "backhip::level::apply", "backhip::difficulty::easy", "backhip::misconception::m-1",
        "backhip::topic::joint_anatomy", "backhip::topic::odd", "backhip::topic::a::b",
        "backhip::topic::gluteals",  # glutes and gluteals: one idea, one tag; si-joint repeats the section
    )
    assert sanitize_tag("  two  words ") == "two_words"


def test_matching_and_ordering_are_clozes_one_gap_per_pair_or_step() -> None:
    m = Matching(id="m", type="matching", question="q",
                 pairs=tuple(Pair(left=f"L{i}", right=f"R{i}::x") for i in range(3)))
    o = Ordering(id="o", type="ordering", question="q", steps=("s0", "s1"))
    key, fields = note_fields(m)
    assert key == "cloze" and re.findall(r"\{\{c(\d)::R\d&#58;&#58;x\}\}", fields[0]) == ["1", "2", "3"]
    key, fields = note_fields(o)
    assert key == "cloze" and re.findall(r"\{\{c(\d)::(s\d)\}\}", fields[0]) == [("1", "s0"), ("2", "s1")]


def test_choice_shuffle_is_seeded_by_item_id() -> None:
    from backhip_learn.content.model import MCQ, Choice

    item = MCQ(id="q", type="mcq", question="q", choices=tuple(Choice(text=f"c{i}", correct=i == 0) for i in range(4)))
    assert note_fields(item) == note_fields(item)
    assert note_fields(item)[1][2].count('class="bh-right"') == 1


def test_stable_deck_id_range() -> None:
    assert stable_deck_id("a") == stable_deck_id("a") != stable_deck_id("b")
    assert all((1 << 30) <= stable_deck_id(k) < (1 << 63) for k in ("a", "b", "bank-1+bank-2"))


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_escaped_text_is_inert(text: str) -> None:
    out = esc(text)
    assert "{{" not in out and "}}" not in out
    assert re.sub(r"<br>", "", out).count("<") == 0
    assert "&#x27;" not in out and "&quot;" not in out  # quotes stay as typed


@settings(derandomize=True, max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12),
                min_size=1, max_size=4),
       st.text(max_size=20))
def test_cloze_gap_count_survives_escaping(answers: list[str], filler: str) -> None:
    text = filler.replace("{", "").replace("}", "") + " ".join(
        f"{{{{c{i + 1}::{a.replace('{', '').replace('}', '')}}}}}" for i, a in enumerate(answers)
    )
    item = Cloze(id="c", type="cloze", text=text or "x")
    live = re.findall(r"\{\{c(\d+)::", cloze_field(item.text))
    # Gaps without an answer are left out of the export (no blank card): every other number stays live.
    assert sorted({int(n) for n in live}) == sorted({g.number for g in item.gaps() if g.answer})


def test_core_modules_stay_light() -> None:
    """The export core never imports textual; the command module does not import genanki until run."""
    code = (
        "import sys\n"
        "import backhip_learn.cli, backhip_learn.commands.export\n"
        "assert 'genanki' not in sys.modules, 'genanki imported eagerly'\n"
        "import backhip_learn.export.anki\n"
        "assert 'textual' not in sys.modules, 'export imports textual'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_cloze_without_gaps_is_skipped_not_written(tmp_path: Path) -> None:
    bank = tmp_path / "b.yaml"
    bank.write_text(
        "id: b\ntitle: B\nitems:\n"
        "  - {id: no-gap, type: cloze, text: Nothing to fill in here.}\n"
        "  - {id: one-gap, type: cloze, text: 'The {{c2::SI}} joint.'}\n"
    )
    export = build_export(load_paths([bank]))
    assert export.skipped == [("no-gap", "cloze without gaps makes no card")]
    assert [(n.item_id, n.ords) for n in export.notes] == [("one-gap", (1,))]


def test_items_no_deck_takes_go_to_the_default_deck_with_two_roots(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text(
        "id: b\ntitle: B\nitems:\n"
        "  - {id: in-a, type: basic, front: f, back: b, tags: [a]}\n"
        "  - {id: stray, type: basic, front: f, back: b}\n"
    )
    for name, anki_id in (("A", 1500000000101), ("Z", 1500000000102)):
        (tmp_path / f"deck-{name}.yaml").write_text(
            f"kind: deck\ndeck: {{id: d-{name.lower()}, name: {name}, anki_id: {anki_id}, tags: [{name.lower()}]}}\n"
        )
    export = build_export(load_paths([tmp_path]))
    deck_of = {n.item_id: n.deck_id for n in export.notes}
    assert deck_of == {"in-a": 1500000000101, "stray": DEFAULT_DECK_ID}
    assert (DEFAULT_DECK_ID, "backhip-learn") in [(d.anki_id, d.name) for d in export.decks]


def test_note_type_of_item_agrees_with_the_fields(content: Path) -> None:
    for row in build_export(load_paths([content])).notes:
        assert NOTE_TYPE_OF_ITEM[row.item_type] == row.note_type
        assert len(row.fields) == len(NOTE_TYPES[row.note_type].fields)


def test_clinical_note_on_the_back_marked_and_escaped() -> None:
    """The note rides in the Explanation (or cloze Extra) field, labelled, escaped, after the explanation."""
    note = "Saddle numbness <b>is</b> an emergency & needs same-day care."
    basic = Basic(id="n-1", type="basic", front="F", back="B", explanation="Why.", note=note)
    _, fields = note_fields(basic)
    explanation = fields[2]
    assert explanation.startswith("Why.<div class=\"bh-note\">")
    assert "Clinical note (beyond the article):" in explanation
    assert "Saddle numbness &lt;b&gt;is&lt;/b&gt; an emergency &amp; needs same-day care." in explanation
    assert not genanki.Note._find_invalid_html_tags_in_field(explanation)
    cloze = Cloze(id="n-2", type="cloze", text="The {{c1::sacrum}} is low.", note=note)
    assert "Clinical note (beyond the article):" in note_fields(cloze)[1][1]  # Extra, even without an explanation
    assert note_fields(replace(basic, note=None))[1][2] == "Why."


def test_another_courses_notes_never_share_a_guid_with_the_bundled_course() -> None:
    """Two courses with an item of the same id get two notes in one collection; the bundled course's GUIDs stay."""
    from backhip_learn.content.model import Basic
    from backhip_learn.export.anki import item_guid, note_guid

    item = Basic(id="q1", type="basic", front="Front", back="Back")
    assert item_guid(item) == note_guid("q1")  # the bundled course: unchanged since the first edition
    assert item_guid(item, "ankle") != item_guid(item)
    assert item_guid(item, "ankle") != item_guid(item, "knee")
    assert item_guid(item, "ankle") == item_guid(item, "ankle")  # stable across exports
