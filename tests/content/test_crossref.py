"""Checks across files: duplicate ids, exam draws, deck references, misconceptions."""

from __future__ import annotations

from backhip_learn.content.load import load_texts

from content_helpers import bank, only

ITEMS = """\
- {id: a1, type: basic, front: F, back: B, explanation: E, tags: [core]}
- {id: a2, type: mcq, question: Q, explanation: E, choices: [{text: x, correct: true}, {text: y, feedback: F}]}
"""
OTHER = "id: other\ntitle: Other\nsource: overview\nitems:\n  - {id: b1, type: basic, front: F, back: B, explanation: E}\n"


def test_duplicate_item_ids_name_both_places() -> None:
    lib = load_texts({"one.yaml": bank(ITEMS), "two.yaml": OTHER.replace("b1", "a2")})
    [p] = only(lib, "E020")
    assert (p.path, p.line, p.col) == ("two.yaml", 5, 10)
    assert "also defined at one.yaml:6:5" in p.message
    assert [i.id for i in lib.items] == ["a1", "a2"]


def test_duplicate_item_ids_within_one_file() -> None:
    lib = load_texts({"one.yaml": bank(ITEMS + "- {id: a1, type: basic, front: F, back: B}\n")})
    [p] = only(lib, "E020")
    assert (p.line, p.col) == (7, 10) and "one.yaml:5:5" in p.message


def test_duplicate_bank_ids() -> None:
    lib = load_texts({"one.yaml": bank(ITEMS), "two.yaml": OTHER.replace("id: other", "id: t-bank")})
    [p] = only(lib, "E021")
    assert (p.path, p.line, p.col) == ("two.yaml", 1, 5) and "one.yaml:1:5" in p.message


def exam(draw: str) -> str:
    return f"kind: exam\nid: ex\ntitle: Exam\ndraw:\n{draw}"


def test_exam_draw_references_and_counts() -> None:
    lib = load_texts({
        "b.yaml": bank(ITEMS),
        "e.yaml": exam(
            "  - {sections: [anatomy, nowhere]}\n"
            "  - {banks: [ghost]}\n"
            "  - {tags: [core, nope]}\n"
            "  - {sections: [anatomy.piriformis], count: 5}\n"
            "  - {sections: [red-flags]}\n"
            "  - {banks: [t-bank], types: [mcq], count: 1}\n"
        ),
    })
    found = {(p.line, p.col): p.message for p in only(lib, "E023")}
    assert found == {
        (5, 26): "exam 'ex': draw[0] names unknown section 'nowhere'",
        (6, 14): "exam 'ex': draw[1] names unknown bank 'ghost'",
        (7, 19): "exam 'ex': draw[2] names tag 'nope' that no item has",
        (8, 45): "exam 'ex': draw[3] asks for 5 items but only 1 match",  # the basic card is never drawn
        (9, 5): "exam 'ex': draw[4] matches no item",
    }
    assert all(p.severity == "error" for p in only(lib, "E023"))


def test_exam_positions_point_into_the_exam_file() -> None:
    lib = load_texts({"b.yaml": bank(ITEMS), "e.yaml": exam("  - sections: [anatomy]\n    count: 3\n")})
    [p] = lib.problems
    assert (p.path, p.line, p.col) == ("e.yaml", 6, 12)


DECK = """\
kind: deck
deck:
  id: root
  name: Root
  anki_id: 1700000000001
  children:
    - {id: kid, name: Kid, anki_id: 1700000000002, banks: [t-bank, ghost], sections: [bogus]}
    - {id: kid2, name: Kid2, anki_id: 1700000000002, tags: [missing-tag]}
    - {id: kid, name: Again, anki_id: 1700000000003, banks: [t-bank]}
"""


def test_deck_references_ids_and_anki_ids() -> None:
    lib = load_texts({"b.yaml": bank(ITEMS), "d.yaml": DECK}, lint=True)
    assert [(p.line, p.col) for p in only(lib, "E024")] == [(7, 68), (7, 87)]
    [dup_anki] = only(lib, "E025")
    assert (dup_anki.line, dup_anki.col) == (8, 39) and "d.yaml:7:37" in dup_anki.message
    [dup_id] = only(lib, "E021")
    assert (dup_id.line, dup_id.col) == (9, 12)
    [tag] = only(lib, "W119")
    assert (tag.line, tag.col) == (8, 61)
    [empty] = only(lib, "W118")
    assert (empty.line, empty.col) == (8, 7) and "kid2" in empty.message


def test_good_deck_has_no_deck_warnings() -> None:
    deck = "kind: deck\ndeck: {id: root, name: Root, anki_id: 1700000000001, banks: [t-bank], tags: [core]}\n"
    assert load_texts({"b.yaml": bank(ITEMS), "d.yaml": deck}, lint=True).problems == []


def test_duplicate_misconception_ids() -> None:
    mis = "kind: misconceptions\nmisconceptions:\n  - {id: m1, label: L, correction: C}\n"
    lib = load_texts({"m1.yaml": mis, "m2.yaml": mis})
    [p] = only(lib, "E021")
    assert p.path == "m2.yaml" and "m1.yaml:3:10" in p.message


def test_true_false_misconception_is_checked() -> None:
    items = "- {id: t, type: true_false, statement: S, answer: true, feedback_false: F, explanation: E, misconception: ghost}\n"
    [p] = only(load_texts({"b.yaml": bank(items)}, lint=True), "W114")
    assert p.line == 5


def test_every_file_is_checked_even_when_others_fail() -> None:
    lib = load_texts({"a.yaml": "- broken\n", "b.yaml": b"\x00\x01", "c.yaml": bank(ITEMS + "- {id: x, type: basic}\n")})
    assert {p.path for p in lib.errors} == {"a.yaml", "b.yaml", "c.yaml"}
    assert [i.id for i in lib.items] == ["a1", "a2"]


def test_a_huge_unknown_section_or_tag_is_quoted_short() -> None:
    # A 5,000-character section name in an exam rule used to be echoed whole in the E023 line.
    huge = "s" * 5000
    lib = load_texts({"one.yaml": bank(ITEMS), "exam.yaml": exam(f"  - sections: [{huge}]\n  - tags: [{huge}]\n")})
    problems = only(lib, "E023")
    assert len(problems) == 2
    assert all(len(p.message) < 200 and "sss..." in p.message for p in problems)


def test_exam_draw_counts_only_what_an_exam_can_draw() -> None:
    """Basic cards are self-graded, never drawn: a rule that only finds them matches nothing."""
    lib = load_texts({"b.yaml": bank(ITEMS), "e.yaml": exam("  - {tags: [core]}\n  - {banks: [t-bank], count: 2}\n")})
    found = {(p.line, p.col): p.message for p in only(lib, "E023")}
    assert found == {
        (5, 5): "exam 'ex': draw[0] matches no item",
        (6, 30): "exam 'ex': draw[1] asks for 2 items but only 1 match",
    }
