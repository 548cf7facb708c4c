"""Authoring traps the YAML reader hides: text cut by '#', and ', ' splitting text inside { }."""

from __future__ import annotations

from backhip_learn.content.load import load_texts

HEADER = "id: t\ntitle: T\nsource: overview\nitems:\n"


def test_text_cut_by_a_hash_is_reported_at_the_hash() -> None:
    text = HEADER + ("  - id: q\n    type: basic\n    front: Which ligament is injured in a grade #2 sprain?\n"
                     "    back: B\n    explanation: E\n")
    lib = load_texts({"b.yaml": text})
    [p] = [p for p in lib.problems if p.code == "W145"]
    assert (p.line, p.col) == (7, text.splitlines()[6].index("#") + 1)
    assert "quote the text: '#' starts a comment" in p.message and "grade'" in p.message
    assert lib.items[0].prompt == "Which ligament is injured in a grade"  # what YAML read: hence the warning


def test_a_comment_one_blank_after_unfinished_prose_is_reported_but_not_a_set_apart_one() -> None:
    text = HEADER + ("  - id: q   # the first item\n    type: basic\n    front: F\n    back: Two words # cut?\n"
                     "    explanation: A sentence.  # a set-apart comment\n    source: overview  # a section id\n"
                     "    tags: [a, b]  # tags\n")
    lib = load_texts({"b.yaml": text})
    assert [(p.code, p.line) for p in lib.problems] == [("W145", 8)]


def test_quoted_text_with_a_hash_passes() -> None:
    text = HEADER + '  - {id: q, type: basic, front: "Grade #2 sprain?", back: B, explanation: E}\n'
    lib = load_texts({"b.yaml": text})
    assert lib.problems == [] and lib.items[0].prompt == "Grade #2 sprain?"


def test_a_comma_inside_braces_suggests_quoting() -> None:
    text = HEADER + ("  - id: q\n    type: mcq\n    question: Q\n    explanation: E\n    choices:\n"
                     "      - {text: Numbness or a cold, pale foot, correct: true}\n      - {text: B, feedback: F}\n")
    [p] = load_texts({"b.yaml": text}).errors
    assert "unknown field 'pale foot'" in p.message and "quote the whole text" in p.message


def test_a_colon_inside_braces_suggests_quoting() -> None:
    text = HEADER + "  - {id: q, type: basic, front: Ratio: 2 to 1, back: B, explanation: E}\n"
    [p] = load_texts({"b.yaml": text}).errors
    assert p.code == "E002" and "quote" in p.message, p.message
