"""The exported package, imported into the real Anki backend (the `anki` package)."""

from __future__ import annotations

import html
import itertools
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from backhip_learn.content.load import Library, load_paths
from backhip_learn.content.select import item_deck
from backhip_learn.content.sources import load_content
from backhip_learn.export.anki import NOTE_TYPES, build_export, write_apkg

from .helpers import import_apkg

EPOCH = 1_700_000_000


def export(content: Path, out: Path, *, timestamp: float = EPOCH, deck: str | None = None) -> Path:
    """Load fixture content and write it as an .apkg."""
    lib = load_paths([content])
    assert not lib.problems, lib.problems
    write_apkg(build_export(lib, deck=deck), out, timestamp=timestamp)
    return out


def cards_of(col: object) -> list[object]:
    return [col.get_card(cid) for cid in col.find_cards("")]  # type: ignore[attr-defined]


def note_of(col: object, item_id: str) -> object:
    ids = col.find_notes(f'"Id:{item_id}"')  # type: ignore[attr-defined]
    assert len(ids) == 1, (item_id, ids)
    return col.get_note(ids[0])  # type: ignore[attr-defined]


def test_counts_by_note_type(content: Path, tmp_path: Path, collection: object) -> None:
    log = import_apkg(collection, export(content, tmp_path / "a.apkg"))
    assert len(log.new) == 12 and not log.updated and not log.duplicate
    notes: Counter[str] = Counter()
    for nid in collection.find_notes(""):
        notes[collection.get_note(nid).note_type()["name"]] += 1
    cards: Counter[str] = Counter(c.note_type()["name"] for c in cards_of(collection))
    name = {k: nt.name for k, nt in NOTE_TYPES.items()}
    # Matching and ordering are cloze notes: one card per pair (4) and per step (3).
    assert notes == {name["basic"]: 4, name["cloze"]: 4, name["typed"]: 1, name["choice"]: 3}
    assert cards == {name["basic"]: 4, name["cloze"]: 4 + 4 + 3, name["typed"]: 1, name["choice"]: 3}
    # The summary the command prints agrees with what Anki made.
    exp = build_export(load_paths([content]))
    assert sum(exp.cards_by_type().values()) == len(cards_of(collection)) == 19


def test_every_card_renders_without_unfilled_templates(content: Path, tmp_path: Path, collection: object) -> None:
    import_apkg(collection, export(content, tmp_path / "a.apkg"))
    for card in cards_of(collection):
        out = card.render_output()
        item_id = card.note()["Id"]
        for side in (out.question_text, out.answer_text):
            text = re.sub(r"<[^>]+>", "", side).strip()
            assert text, (item_id, card.ord, side)
            assert "{{" not in side and "}}" not in side, (item_id, side)
        # Every back shows the article section.
        assert "Article" in out.answer_text, item_id


def test_cloze_with_three_gaps_makes_three_cards(content: Path, tmp_path: Path, collection: object) -> None:
    import_apkg(collection, export(content, tmp_path / "a.apkg"))
    note = note_of(collection, "fx-cloze3")
    cards = sorted(note.cards(), key=lambda c: c.ord)
    assert [c.ord for c in cards] == [0, 1, 2]
    hidden = [re.search(r'class="cloze" data-cloze="([^"]+)"', c.render_output().question_text).group(1)
              for c in cards]
    assert hidden == ["sciatic", "lumbar", "leg"]
    assert "[limb]" in cards[2].render_output().question_text  # the hint
    assert "Three gaps make three cards." in cards[0].render_output().answer_text  # Extra field
    # Two gaps sharing a number share one card.
    assert len(note_of(collection, "fx-cloze-shared").cards()) == 1


def test_content_shows_literally(content: Path, tmp_path: Path, collection: object) -> None:
    import_apkg(collection, export(content, tmp_path / "a.apkg"))
    q = note_of(collection, "fx-script").cards()[0].render_output()
    assert "<script" not in q.question_text and "<b>" not in q.answer_text
    assert "&lt;script&gt;alert(" in q.question_text
    assert "&#123;&#123;c1::not a gap&#125;&#125;" in q.question_text
    assert "&#123;&#123;Prompt&#125;&#125;" in q.question_text
    assert "A &lt;b&gt;bold&lt;/b&gt; claim &amp; more" in q.answer_text
    # Only what HTML and templates need is escaped: quotes stay, so Anki's browser finds them.
    assert "alert('x')" in note_of(collection, "fx-script")["Prompt"]
    assert note_of(collection, "fx-script").id in collection.find_notes("\"alert('x')\"")
    shared = note_of(collection, "fx-cloze-shared").cards()[0].render_output()
    assert "&lt;i&gt;tag&lt;/i&gt;" in shared.question_text and "<i>" not in shared.question_text
    # The sort field is plain text, not HTML.
    note = note_of(collection, "fx-script")
    sort_field = collection.db.scalar("select sfld from notes where id = ?", note.id)
    assert sort_field.startswith("Literal <script>alert('x')</script> and {{c1::not a gap}}")


def test_choice_backs_show_the_answer_first_and_each_idea_once(content: Path, tmp_path: Path, collection: object) -> None:
    import_apkg(collection, export(content, tmp_path / "a.apkg"))
    mcq = note_of(collection, "fx-mcq").cards()[0].render_output()
    for text in ("Lumbar disc herniation", "Trochanteric bursitis", "Osteoarthritis of the knee"):
        assert text in mcq.question_text
    assert 'class="bh-right"' in mcq.answer_text and "bh-back" in mcq.answer_text
    assert "bh-back" not in mcq.question_text
    # The answer comes first: the options (the back's CSS keeps only the right one) precede the feedback.
    back = mcq.answer_text.split('<hr id="answer">')[1]
    assert back.index("Lumbar disc herniation") < back.index("Feedback") < back.index("Bursitis causes")
    assert back.count("Hip pain must come from the hip:") == 1  # the misconception, named once
    # Without an explanation, the right option's feedback is what teaches: it is kept.
    assert "Yes, a bulging disc" in back
    tf = note_of(collection, "fx-tf").cards()[0].render_output()
    assert "True or false?" in tf.question_text and tf.answer_text.count('class="bh-right"') == 1


def test_matching_and_ordering_ask_one_thing_a_card(content: Path, tmp_path: Path, collection: object) -> None:
    import_apkg(collection, export(content, tmp_path / "a.apkg"))
    match = sorted(note_of(collection, "fx-match").cards(), key=lambda c: c.ord)
    assert len(match) == 4
    for card in match:
        q = card.render_output().question_text
        assert q.count('class="cloze"') == 1  # one pair asked, the others shown
    order = sorted(note_of(collection, "fx-order").cards(), key=lambda c: c.ord)
    hidden = [html.unescape(re.search(r'class="cloze" data-cloze="([^"]+)"', c.render_output().question_text).group(1))
              for c in order]
    assert hidden == ["Rest briefly", "Apply ice or heat", "Start gentle movement"]


def test_a_misconception_shared_by_options_is_explained_once(tmp_path: Path, collection: object) -> None:
    (tmp_path / "m.yaml").write_text(
        "kind: misconceptions\nmisconceptions:\n"
        "  - {id: mc-x, label: Fever is unrelated, correction: Fever with back pain needs assessment.}\n"
    )
    (tmp_path / "b.yaml").write_text(
        "id: b\ntitle: B\nitems:\n"
        "  - id: q\n    type: mcq\n    question: Which?\n    shuffle: false\n    explanation: Because.\n    choices:\n"
        "      - {text: Right, correct: true, feedback: Because.}\n"
        "      - {text: W1, misconception: mc-x}\n"
        "      - {text: W2, misconception: mc-x}\n"
        "      - {text: W3, feedback: Not this one.}\n"
    )
    write_apkg(build_export(load_paths([tmp_path])), tmp_path / "q.apkg", timestamp=EPOCH)
    import_apkg(collection, tmp_path / "q.apkg")
    back = note_of(collection, "q").cards()[0].render_output().answer_text
    assert back.count("Fever with back pain needs assessment.") == 1
    assert '<span class="bh-tag">B, C</span>' in back and '<span class="bh-tag">D</span>Not this one.' in back
    assert back.count("Because.") == 1  # the right option's feedback repeats the explanation: shown once


def test_my_notes_field_on_every_note_type_and_what_an_import_does_to_it(
    content: Path, tmp_path: Path, collection: object
) -> None:
    import_apkg(collection, export(content, tmp_path / "a.apkg"))
    for nt in NOTE_TYPES.values():
        assert collection.models.by_name(nt.name)["flds"][-1]["name"] == "My notes"
    for item_id in ("fx-basic", "fx-mcq"):
        note = note_of(collection, item_id)
        note["My notes"] = "remember: <b>mine</b>"
        collection.update_note(note)
    shown = note_of(collection, "fx-mcq").cards()[0].render_output().answer_text
    assert "remember: <b>mine</b>" in shown
    # A release that leaves fx-mcq unchanged never touches its notes.
    from backhip_learn.export.anki import stamp_notes
    from backhip_learn.export.release import ReleaseState

    lib = load_paths([content])
    first = build_export(lib)
    state = stamp_notes(first, ReleaseState(), EPOCH)
    bank = content / "quizzes" / "anatomy.yaml"
    bank.write_text(bank.read_text().replace("The sacroiliac (SI) joint.", "The SI joint."))
    second = build_export(load_paths([content]))
    stamp_notes(second, state, EPOCH + 10**9)
    write_apkg(second, tmp_path / "b.apkg", timestamp=EPOCH + 10**9)
    log = import_apkg(collection, tmp_path / "b.apkg")
    assert len(log.updated) == 1
    assert note_of(collection, "fx-mcq")["My notes"] == "remember: <b>mine</b>"
    # Anki's importer replaces every field of a note it updates, the learner's own included
    # (docs/anki.md says so; this keeps that statement true for the Anki under test).
    assert note_of(collection, "fx-basic")["My notes"] == ""


def test_second_import_adds_nothing(content: Path, tmp_path: Path, collection: object) -> None:
    first = import_apkg(collection, export(content, tmp_path / "a.apkg"))
    ids = sorted(collection.find_notes(""))
    assert len(first.new) == 12
    # The same export again: every note is a duplicate of one already there.
    same = import_apkg(collection, export(content, tmp_path / "b.apkg"))
    assert not same.new and not same.updated and len(same.duplicate) == 12
    # A newer export of the same content: Anki refreshes the notes (it reports them as updated
    # because the package is newer) but adds nothing and keeps every note id.
    newer = import_apkg(collection, export(content, tmp_path / "c.apkg", timestamp=EPOCH + 3600))
    assert not newer.new and not newer.conflicting and not newer.missing_notetype
    assert sorted(collection.find_notes("")) == ids
    assert collection.note_count() == 12 and collection.card_count() == 19


def test_edited_item_comes_back_updated_with_same_note_id(content: Path, tmp_path: Path, collection: object) -> None:
    import_apkg(collection, export(content, tmp_path / "a.apkg"))
    before = note_of(collection, "fx-basic")
    card_ids = sorted(c.id for c in before.cards())
    bank = content / "quizzes" / "anatomy.yaml"
    bank.write_text(bank.read_text().replace("The sacroiliac (SI) joint.", "The SI joint (sacroiliac)."))
    log = import_apkg(collection, export(content, tmp_path / "b.apkg", timestamp=EPOCH + 60))
    assert not log.new
    updated = {n.id.nid: list(n.fields) for n in log.updated}
    assert updated[before.id][1] == "The SI joint (sacroiliac)."
    after = note_of(collection, "fx-basic")
    assert after.id == before.id and after["Answer"] == "The SI joint (sacroiliac)."
    assert sorted(c.id for c in after.cards()) == card_ids  # same cards: review history kept
    assert collection.note_count() == 12


def test_decks_and_tags(content: Path, tmp_path: Path, collection: object) -> None:
    import_apkg(collection, export(content, tmp_path / "a.apkg"))

    def deck_of(item_id: str) -> str:
        return collection.decks.name(note_of(collection, item_id).cards()[0].did)

    assert deck_of("fx-cloze3") == "Fixture Root::Anatomy::Nerves"  # the fixture manifest is not numbered
    assert deck_of("fx-basic") == "Fixture Root::Anatomy"
    assert deck_of("fx-exercise") == "Fixture Root::Management"
    assert deck_of("fx-untagged-deck") == "Fixture Root"  # no deck takes it: the root deck
    tags = set(note_of(collection, "fx-mcq").tags)
    assert {"backhip::type::mcq", "backhip::difficulty::hard", "backhip::misconception::hip-is-hip",
            "backhip::section::causes::disc-herniation", "backhip::topic::fixture_bank"} <= tags
    assert "backhip::topic::joint_anatomy" in note_of(collection, "fx-basic").tags
    every = {t for nid in collection.find_notes("") for t in collection.get_note(nid).tags}
    assert all(" " not in t and t.startswith("backhip::") for t in every)  # one root in the user's tag tree


def test_deck_placement_matches_item_deck(content: Path) -> None:
    lib = load_paths([content])
    exp = build_export(lib)
    for note in exp.notes:
        node = item_deck(lib, note.item_id)
        expected = node.deck.anki_id if node else 1500000000001
        assert note.deck_id == expected, note.item_id


def test_deck_subtree_only(content: Path, tmp_path: Path, collection: object) -> None:
    log = import_apkg(collection, export(content, tmp_path / "a.apkg", deck="Fixture Root::Anatomy"))
    assert len(log.new) == 10
    names = {collection.decks.name(c.did) for c in cards_of(collection)}
    assert names == {"Fixture Root::Anatomy", "Fixture Root::Anatomy::Nerves"}


def test_bank_without_decks_gets_a_stable_deck(tmp_path: Path, collection: object) -> None:
    bank = Path(__file__).parent / "fixtures" / "content" / "quizzes" / "management.yaml"
    lib = load_paths([bank])
    first, second = build_export(lib), build_export(load_paths([bank]))
    assert [d.name for d in first.decks] == ["Fixture management"]
    assert first.decks[0].anki_id == second.decks[0].anki_id
    write_apkg(first, tmp_path / "m.apkg", timestamp=EPOCH)
    import_apkg(collection, tmp_path / "m.apkg")
    assert {collection.decks.name(c.did) for c in cards_of(collection)} == {"Fixture management"}


def test_byte_identical_with_source_date_epoch(content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from backhip_learn.export.anki import source_date_epoch

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    a = export(content, tmp_path / "a.apkg", timestamp=source_date_epoch())
    b = export(content, tmp_path / "b.apkg", timestamp=source_date_epoch())
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as zf:
        assert {i.date_time for i in zf.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    # And the epoch really is in there: another one gives other bytes.
    c = export(content, tmp_path / "c.apkg", timestamp=EPOCH + 1)
    assert c.read_bytes() != a.read_bytes()


def test_bundled_content_exports(tmp_path: Path, collection: object) -> None:
    lib: Library = load_content()
    if not lib.items:
        pytest.skip("no bundled items yet")
    if lib.errors:
        pytest.skip(f"bundled content does not validate ({len(lib.errors)} errors; see validate)")
    exp = build_export(lib)
    write_apkg(exp, tmp_path / "bundled.apkg", timestamp=EPOCH)
    log = import_apkg(collection, tmp_path / "bundled.apkg")
    assert len(log.new) == len(exp.notes)
    assert collection.card_count() == sum(exp.cards_by_type().values())
    for card in cards_of(collection):
        out = card.render_output()
        assert out.question_text.strip() and out.answer_text.strip()
        assert "{{" not in out.question_text + out.answer_text


def test_typed_answer_compares_against_the_unescaped_answer(tmp_path: Path, collection: object) -> None:
    bank = tmp_path / "typed.yaml"
    bank.write_text(
        "id: t\ntitle: T\nitems:\n"
        "  - id: t-1\n    type: short\n    question: Which?\n    answer: \"L4 < L5 & {S1}\"\n"
    )
    write_apkg(build_export(load_paths([bank])), tmp_path / "t.apkg", timestamp=EPOCH)
    import_apkg(collection, tmp_path / "t.apkg")
    expected = note_of(collection, "t-1")["Answer"]
    assert expected == "L4 &lt; L5 &amp; {S1}"
    right = collection.compare_answer(expected, "L4 < L5 & {S1}")
    wrong = collection.compare_answer(expected, "L4 < L5 & {S2}")
    assert "typeBad" not in right and "typeMissed" not in right
    assert "typeBad" in wrong


def test_a_gap_without_an_answer_makes_no_blank_card(tmp_path: Path, collection: object) -> None:
    # `{{c1::}}` is only a lint warning (W105); it used to export a card whose answer was blank.
    bank = tmp_path / "b.yaml"
    bank.write_text(
        "id: b\ntitle: B\nitems:\n"
        "  - {id: half, type: cloze, text: 'An empty {{c1::}} gap, {{c1::a real}} one and {{c2::  }} {{c3::three}}.'}\n"
        "  - {id: none, type: cloze, text: 'Only {{c1::  }} here.'}\n"
    )
    export = build_export(load_paths([bank]))
    assert export.skipped == [("none", "cloze whose gaps have no answer makes no card")]
    write_apkg(export, tmp_path / "b.apkg", timestamp=EPOCH)
    import_apkg(collection, tmp_path / "b.apkg")
    cards = sorted(cards_of(collection), key=lambda c: c.ord)  # type: ignore[attr-defined]
    assert [c.ord for c in cards] == [0, 2]  # type: ignore[attr-defined]
    for card in cards:
        answers = re.findall(r'<span class="cloze" data-ordinal="\d+">(.*?)</span>', card.answer())  # type: ignore[attr-defined]
        assert answers and all(a.strip() for a in answers), card.answer()  # type: ignore[attr-defined]


def test_numbered_subdecks_are_studied_in_the_intended_order(content: Path, tmp_path: Path, collection: object) -> None:
    manifest = content / "decks" / "backhip.yaml"
    manifest.write_text("numbered: true\n" + manifest.read_text())
    import_apkg(collection, export(content, tmp_path / "a.apkg"))
    names = sorted(d.name for d in collection.decks.all_names_and_ids() if d.name.startswith("Fixture Root"))
    assert names == ["Fixture Root", "Fixture Root::1 Anatomy", "Fixture Root::1 Anatomy::1 Nerves",
                     "Fixture Root::2 Management"]
    # The package's deck ids stay those of the manifest.
    rows = {d.name: d.anki_id for d in build_export(load_paths([content])).decks}
    assert rows["Fixture Root::2 Management"] == 1500000000004


def test_bundled_subdecks_are_numbered_in_reading_order() -> None:
    from backhip_learn.export.anki import anki_deck_names

    lib = load_content()
    names = [n for n in anki_deck_names(lib).values() if n.count("::") == 1]
    assert [n.split("::")[1] for n in sorted(names)] == [
        "1 Overview", "2 Referred pain", "3 Anatomy", "4 Causes", "5 Red flags", "6 Management", "7 Conclusion"]


def test_deck_presets_come_with_the_package(content: Path, tmp_path: Path, collection: object) -> None:
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    manifest = content / "decks" / "backhip.yaml"
    manifest.write_text(manifest.read_text().replace(
        "kind: deck\n",
        "kind: deck\npreset: {new_per_day: 15, reviews_per_day: 150, desired_retention: 0.88,"
        " learning_steps_minutes: [2, 20], relearning_steps_minutes: [15]}\n",
    ).replace(
        "      sections: [management]\n",
        "      sections: [management]\n      preset: {new_per_day: 5, desired_retention: 0.95}\n",
    ))
    export(content, tmp_path / "a.apkg")
    options = ImportAnkiPackageOptions(with_deck_configs=True)
    collection.import_anki_package(ImportAnkiPackageRequest(package_path=str(tmp_path / "a.apkg"), options=options))

    def conf(name: str) -> dict:
        return collection.decks.config_dict_for_deck_id(collection.decks.id_for_name(name))

    root, anatomy, management = conf("Fixture Root"), conf("Fixture Root::Anatomy"), conf("Fixture Root::Management")
    assert root["new"]["perDay"] == 15 and root["rev"]["perDay"] == 150
    assert list(root["new"]["delays"]) == [2.0, 20.0] and list(root["lapse"]["delays"]) == [15.0]
    assert abs(root["desiredRetention"] - 0.88) < 1e-6
    assert anatomy["id"] == root["id"]  # inherited from the manifest: one preset
    assert management["new"]["perDay"] == 5 and abs(management["desiredRetention"] - 0.95) < 1e-6
    assert management["id"] != root["id"] and management["name"] == "backhip-learn: Management"


def test_deck_description_says_where_it_comes_from(tmp_path: Path, collection: object) -> None:
    from backhip_learn import __version__

    lib = load_content()
    if lib.errors:
        pytest.skip("bundled content does not validate (see validate)")
    write_apkg(build_export(lib), tmp_path / "b.apkg", timestamp=EPOCH)
    import_apkg(collection, tmp_path / "b.apkg")
    root = collection.decks.by_name("Lower back pain spreading to the hip")
    desc = root["desc"]
    assert "Source: Lower Back Pain Spreading to the Hip" in desc
    assert f"backhip-learn {__version__}" in desc and "Licence: MIT" in desc
    assert "not medical advice" in desc
    # Compressed: the package is much smaller than its collection.
    with zipfile.ZipFile(tmp_path / "b.apkg") as zf:
        info = zf.getinfo("collection.anki2")
        assert info.compress_type == zipfile.ZIP_DEFLATED and info.compress_size * 4 < info.file_size


def test_a_bank_export_without_a_manifest_is_named_sensibly(tmp_path: Path) -> None:
    quizzes = Path(__file__).parent / "fixtures" / "content" / "quizzes"
    two = build_export(load_paths([quizzes / "anatomy.yaml", quizzes / "management.yaml"]))
    assert [d.name for d in two.decks] == ["backhip-learn"]  # not every bank title joined
    course = Path(__file__).parents[2] / "quizzes" / "course.yaml"
    with_course = build_export(load_paths([quizzes / "anatomy.yaml", quizzes / "management.yaml", course]))
    assert [d.name for d in with_course.decks] == ["Lower back pain spreading to the hip"]


def test_types_and_the_per_item_opt_out(content: Path, tmp_path: Path) -> None:
    bank = content / "quizzes" / "anatomy.yaml"
    bank.write_text(bank.read_text().replace("  - id: fx-tf\n", "  - id: fx-tf\n    anki: false\n"))
    lib = load_paths([content])
    assert not lib.errors, lib.errors
    every = {n.item_id for n in build_export(lib).notes}
    assert "fx-tf" not in every and "fx-mcq" in every
    only = build_export(lib, types=("mcq", "cloze"))
    assert {n.item_type for n in only.notes} == {"mcq", "cloze"}


def test_types_option_through_the_command(content: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from backhip_learn.cli import main

    out = tmp_path / "x.apkg"
    result = CliRunner().invoke(main, ["export", "anki", "--bank", str(content), "--types", "basic,short", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "total             5      5" in result.output.splitlines()
    bad = CliRunner().invoke(main, ["export", "anki", "--bank", str(content), "--types", "essay", "-o", str(out)])
    assert bad.exit_code == 2 and "unknown item type(s) essay" in bad.output


def test_new_cards_arrive_interleaved_by_section_and_objective(tmp_path: Path, collection: object) -> None:
    items = "".join(
        f"  - {{id: q-{s}-{o}-{n}, type: basic, front: 'F {s}{o}{n}', back: b, source: {sec}, objective: {s}-{o}}}\n"
        for s, sec in (("a", "anatomy.si-joint"), ("b", "anatomy.sciatic-nerve"))
        for o in ("x", "y") for n in (1, 2)
    )
    (tmp_path / "b.yaml").write_text("id: b\ntitle: B\nitems:\n" + items)
    lib = load_paths([tmp_path / "b.yaml"])
    exp = build_export(lib)
    write_apkg(exp, tmp_path / "b.apkg", timestamp=EPOCH)
    import_apkg(collection, tmp_path / "b.apkg")
    cids = collection.find_cards("is:new", order="c.due asc")
    order = [collection.get_card(c).note()["Id"] for c in cids]
    assert order == ["q-a-x-1", "q-b-x-1", "q-a-y-1", "q-b-y-1", "q-a-x-2", "q-b-x-2", "q-a-y-2", "q-b-y-2"]
    # Never two items on one objective, nor on one section, one after the other.
    for a, b in itertools.pairwise(order):
        assert a.split("-")[1] != b.split("-")[1]
