"""Updates in the real Anki backend: only notes whose own content changed are newer than a learner's copy."""

from __future__ import annotations

import time
from pathlib import Path

from backhip_learn.content.load import load_paths
from backhip_learn.export.anki import build_export, stamp_notes, write_apkg
from backhip_learn.export.release import ReleaseState, load_state, save_state

from .helpers import import_apkg

EPOCH = 1_700_000_000


def release(content: Path, out: Path, state: ReleaseState, now: float) -> ReleaseState:
    """Export with the release record and return the record after it (as `export anki --release` does)."""
    lib = load_paths([content])
    assert not lib.problems, lib.problems
    export = build_export(lib)
    after = stamp_notes(export, state, now)
    write_apkg(export, out, timestamp=now)
    return after


def note_of(col: object, item_id: str) -> object:
    ids = col.find_notes(f'"Id:{item_id}"')  # type: ignore[attr-defined]
    assert len(ids) == 1, (item_id, ids)
    return col.get_note(ids[0])  # type: ignore[attr-defined]


def test_an_update_touches_only_the_changed_note(content: Path, tmp_path: Path, collection: object) -> None:
    col = collection
    first = release(content, tmp_path / "v1.apkg", ReleaseState(), EPOCH)
    assert len(import_apkg(col, tmp_path / "v1.apkg").new) == 12
    # The learner tags two notes and studies one card of each.
    for item_id in ("fx-mcq", "fx-basic"):
        note = note_of(col, item_id)
        note.tags += ["marked", "my::exam-week"]
        col.update_note(note)  # type: ignore[attr-defined]
        card = note.cards()[0]
        card.start_timer()
        col.sched.answerCard(card, 3)  # type: ignore[attr-defined]
    unchanged = note_of(col, "fx-mcq")
    reviews_before = col.db.scalar("select count() from revlog")  # type: ignore[attr-defined]
    # v2: one item changed, released after the learner's edits.
    bank = content / "quizzes" / "anatomy.yaml"
    bank.write_text(bank.read_text().replace("The sacroiliac (SI) joint.", "The SI joint (sacroiliac)."))
    second = release(content, tmp_path / "v2.apkg", first, time.time() + 60)
    log = import_apkg(col, tmp_path / "v2.apkg")
    assert not log.new and not log.conflicting
    updated_ids = {n.id.nid for n in log.updated}
    assert updated_ids == {note_of(col, "fx-basic").id}, "only the changed note is updated"
    # The unchanged note is untouched: same modification time, the learner's tags kept.
    after = note_of(col, "fx-mcq")
    assert after.mod == unchanged.mod and {"marked", "my::exam-week"} <= set(after.tags)
    # The changed note reaches the learner although they tagged it after v1; review history stays.
    changed = note_of(col, "fx-basic")
    assert changed["Answer"] == "The SI joint (sacroiliac)."
    assert col.db.scalar("select count() from revlog") == reviews_before == 2  # type: ignore[attr-defined]
    # Anki's importer replaces the tags of a note it updates (docs/anki.md says so): this checks
    # that statement stays true for the Anki version under test.
    assert "marked" not in changed.tags
    # The record: the unchanged note keeps its v1 stamp, the changed one has v2's.
    assert second.notes["fx-mcq"].stamp == first.notes["fx-mcq"].stamp == EPOCH
    assert second.notes["fx-basic"].stamp > EPOCH


def test_same_content_is_never_newer(content: Path, tmp_path: Path, collection: object) -> None:
    first = release(content, tmp_path / "v1.apkg", ReleaseState(), EPOCH)
    import_apkg(collection, tmp_path / "v1.apkg")
    release(content, tmp_path / "v2.apkg", first, EPOCH + 10 * 86400)
    log = import_apkg(collection, tmp_path / "v2.apkg")
    assert not log.updated and not log.new and len(log.duplicate) == 12


def test_record_round_trips_and_is_stable(content: Path, tmp_path: Path) -> None:
    first = release(content, tmp_path / "v1.apkg", ReleaseState(), EPOCH)
    path = tmp_path / "anki-release.json"
    save_state(first, path)
    assert load_state(path) == first
    text = path.read_text()
    save_state(load_state(path), path)
    assert path.read_text() == text
    assert first.notes["fx-cloze3"].gaps == (1, 2, 3)


def test_a_changed_note_is_newer_than_its_release_even_with_an_old_epoch(content: Path, tmp_path: Path) -> None:
    first = release(content, tmp_path / "v1.apkg", ReleaseState(), EPOCH)
    bank = content / "quizzes" / "anatomy.yaml"
    bank.write_text(bank.read_text().replace("The sacroiliac (SI) joint.", "The SI joint."))
    second = release(content, tmp_path / "v2.apkg", first, EPOCH - 100)
    assert second.notes["fx-basic"].stamp == EPOCH + 1


def test_a_first_edition_collection_moves_to_v2_with_merge_note_types(
    content: Path, tmp_path: Path, collection: object
) -> None:
    """The first edition's basic and matching notes (v1 note types) become v2 notes, history kept."""
    import genanki
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    from backhip_learn.export.anki import note_guid

    board = ("Prompt", "Instruction", "Board", "Key", "Explanation", "Section", "Id")
    v1 = {
        "fx-basic": genanki.Model(1_738_290_101, "backhip-learn basic v1",
                                  fields=[{"name": f} for f in ("Prompt", "Answer", "Explanation", "Section", "Id")],
                                  templates=[{"name": "Card 1", "qfmt": "{{Prompt}}", "afmt": "{{Answer}}"}]),
        "fx-match": genanki.Model(1_738_290_105, "backhip-learn matching v1", fields=[{"name": f} for f in board],
                                  templates=[{"name": "Card 1", "qfmt": "{{Board}}", "afmt": "{{Key}}"}]),
    }
    deck = genanki.Deck(1500000000002, "Fixture Root::Anatomy")
    for item_id, model in v1.items():
        fields = ["old"] * (len(model.fields) - 1) + [item_id]
        deck.add_note(genanki.Note(model=model, fields=fields, guid=note_guid(item_id)))
    genanki.Package(deck).write_to_file(tmp_path / "v1.apkg", timestamp=EPOCH)
    import_apkg(collection, tmp_path / "v1.apkg")
    col = collection
    for nid in col.find_notes(""):  # type: ignore[attr-defined]
        card = col.get_note(nid).cards()[0]  # type: ignore[attr-defined]
        card.start_timer()
        col.sched.answerCard(card, 3)  # type: ignore[attr-defined]
    before = {col.get_note(n)["Id"]: n for n in col.find_notes("")}  # type: ignore[attr-defined]
    release(content, tmp_path / "v2.apkg", ReleaseState(), time.time() + 60)
    options = ImportAnkiPackageOptions(merge_notetypes=True)
    log = col.import_anki_package(  # type: ignore[attr-defined]
        ImportAnkiPackageRequest(package_path=str(tmp_path / "v2.apkg"), options=options)
    ).log
    assert not log.conflicting and len(log.updated) == 1 and len(log.new) == 11
    basic = col.get_note(before["fx-basic"])  # type: ignore[attr-defined]
    assert basic.note_type()["name"] == "backhip-learn basic v2" and basic["My notes"] == ""
    assert basic["Answer"] == "The sacroiliac (SI) joint."
    reviews = "select count() from revlog where cid in (select id from cards where nid = ?)"
    assert col.db.scalar(reviews, before["fx-basic"]) == 1  # type: ignore[attr-defined]
    # Anki cannot turn a regular note into a cloze: the matching item arrives as a new cloze note
    # (its own GUID) and the first edition's note stays as it was.
    old = col.get_note(before["fx-match"])  # type: ignore[attr-defined]
    assert old.note_type()["name"] == "backhip-learn matching v1"
    clozes = col.find_notes('"Id:fx-match" "note:backhip-learn cloze v2"')  # type: ignore[attr-defined]
    assert len(clozes) == 1 and len(col.get_note(clozes[0]).cards()) == 4  # type: ignore[attr-defined]


def test_a_removed_item_is_retired_tagged_and_suspended(content: Path, tmp_path: Path, collection: object) -> None:
    col = collection
    first = release(content, tmp_path / "v1.apkg", ReleaseState(), EPOCH)
    import_apkg(col, tmp_path / "v1.apkg")
    bank = content / "quizzes" / "anatomy.yaml"
    text = bank.read_text()
    start = text.index("  - id: fx-cloze3")
    bank.write_text(text[:start] + text[text.index("  - id: fx-cloze-shared"):])  # remove a three-gap cloze
    second = release(content, tmp_path / "v2.apkg", first, time.time() + 60)
    assert second.notes["fx-cloze3"].retired and second.notes["fx-cloze3"].gaps == (1, 2, 3)
    log = import_apkg(col, tmp_path / "v2.apkg")
    assert len(log.updated) == 1 and not log.new
    note = note_of(col, "fx-cloze3")
    assert "backhip::retired" in note.tags
    for card in note.cards():
        out = card.render_output()
        assert "Retired: this item was removed" in out.question_text
        assert "No cloze" not in out.question_text + out.answer_text  # every released gap still renders
    # Anki's importer leaves existing cards' scheduling alone (so it cannot suspend them); the
    # tag finds them. A collection importing the deck afresh with its scheduling ("Import any
    # learning progress") gets them suspended, in a Retired deck of their own.
    from anki.collection import (
        Collection,
        ImportAnkiPackageOptions,
        ImportAnkiPackageRequest,
    )

    fresh = Collection(str(tmp_path / "fresh.anki2"))
    try:
        options = ImportAnkiPackageOptions(with_scheduling=True)
        fresh.import_anki_package(ImportAnkiPackageRequest(package_path=str(tmp_path / "v2.apkg"), options=options))
        cards = [fresh.get_card(c) for c in fresh.find_cards("tag:backhip::retired")]
        assert len(cards) == 3 and all(c.queue == -1 for c in cards)
        assert {fresh.decks.name(c.did) for c in cards} == {"Fixture Root::Retired"}
        assert not fresh.find_cards("is:suspended -tag:backhip::retired")
    finally:
        fresh.close()
    # The next release, with the item still gone, leaves the stub alone.
    third = release(content, tmp_path / "v3.apkg", second, time.time() + 120)
    assert third.notes["fx-cloze3"] == second.notes["fx-cloze3"]
    assert not import_apkg(col, tmp_path / "v3.apkg").updated


def test_validate_warns_before_a_released_gap_number_is_removed(content: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from backhip_learn.cli import main

    state = release(content, tmp_path / "v1.apkg", ReleaseState(), EPOCH)
    save_state(state, content / "decks" / "anki-release.json")
    ok = CliRunner().invoke(main, ["validate", str(content)])
    assert "W160" not in ok.output
    bank = content / "quizzes" / "anatomy.yaml"
    bank.write_text(bank.read_text().replace(" down the {{c3::leg::limb}}", " down the leg"))
    result = CliRunner().invoke(main, ["validate", str(content)])
    assert "W160 released-gap-removed" in result.output and "'fx-cloze3': released Anki card(s) c3" in result.output
    assert f"{bank}:" in result.output.split("W160")[0].splitlines()[-1]  # file:line:col of the item
