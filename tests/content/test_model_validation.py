"""Schema validation of each item type and file kind, with readable messages at exact positions."""

from __future__ import annotations

import pytest

from backhip_learn.content.load import load_texts

from content_helpers import FIXTURES, bank, codes, load, only

VALID = {
    "basic": "- {id: a, type: basic, front: F, back: B}",
    "mcq": "- {id: a, type: mcq, question: Q, choices: [{text: x, correct: true}, {text: y}]}",
    "multi": "- {id: a, type: multi, question: Q, choices: [{text: x, correct: true}, {text: y}]}",
    "true_false": "- {id: a, type: true_false, statement: S, answer: false}",
    "cloze": "- {id: a, type: cloze, text: 'A {{c1::b}}'}",
    "short": "- {id: a, type: short, question: Q, answer: A}",
    "matching": "- {id: a, type: matching, question: Q, pairs: [{left: l, right: r}, {left: l2, right: r2}]}",
    "ordering": "- {id: a, type: ordering, question: Q, steps: [one, two]}",
}
# One broken version per type: (yaml, expected message fragment, line, col).
BROKEN = {
    "basic": ("- id: a\n  type: basic\n  front: F\n", "field 'back' is required", 5, 5),
    "mcq": ("- id: a\n  type: mcq\n  question: Q\n  choices: [{text: x, correct: true}]\n", "'choices' needs at least 2 entries, found 1", 8, 14),
    "multi": ("- id: a\n  type: multi\n  question: Q\n  choices:\n    - {text: x, correct: maybe}\n    - {text: y}\n", "'choices[0].correct' must be true or false", 9, 28),
    "true_false": ("- id: a\n  type: true_false\n  statement: S\n", "field 'answer' is required", 5, 5),
    "cloze": ("- id: a\n  type: cloze\n  text: 'A {{c1::b}}'\n  accept: {c1: 5}\n", "'accept.c1' must be a list", 8, 18),
    "short": ("- id: a\n  type: short\n  question: Q\n  answer: 42\n", "'answer' must be text, found the number 42 (YAML reads", 8, 13),
    "matching": ("- id: a\n  type: matching\n  question: Q\n  pairs:\n    - {left: l}\n    - {left: m, right: n}\n", "field 'right' is required in pairs[0]", 9, 9),
    "ordering": ("- id: a\n  type: ordering\n  question: Q\n  steps: [one, '']\n", "'steps[1]' must not be empty", 8, 18),
}


@pytest.mark.parametrize("kind", sorted(VALID))
def test_each_type_valid(kind: str) -> None:
    lib = load(bank(VALID[kind]), lint=False)
    assert lib.problems == []
    assert [i.type for i in lib.items] == [kind]


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_each_type_broken_has_message_at_position(kind: str) -> None:
    text, fragment, line, col = BROKEN[kind]
    lib = load(bank(text), lint=False)
    [p] = lib.errors
    assert p.code == "E010"
    assert p.message.startswith(f"items[0] ({kind} 'a'): ")
    assert fragment in p.message
    assert (p.line, p.col) == (line, col), str(p)


def test_fixture_folder_is_clean() -> None:
    from backhip_learn.content.load import load_paths

    lib = load_paths([FIXTURES / "good"], lint=True)
    assert lib.problems == []
    assert len(lib.items) == 8 and len(lib.exams) == 1 and len(lib.decks) == 1 and len(lib.misconceptions) == 1


def test_unknown_field_points_at_key_and_suggests() -> None:
    lib = load(bank("- id: a\n  type: basic\n  front: F\n  back: B\n  explaination: typo\n"), lint=False)
    [p] = lib.errors
    assert (p.line, p.col) == (9, 5)
    assert "unknown field 'explaination' (did you mean 'explanation'?)" in p.message


def test_unknown_type_and_missing_type() -> None:
    lib = load(bank("- {id: a, type: essay}\n- {id: b, front: F}\n"), lint=False)
    first, second = lib.errors
    assert "unknown item type 'essay'" in first.message and (first.line, first.col) == (5, 19)
    assert second.message.startswith("items[1] ('b'): field 'type' is required") and second.line == 6


def test_item_that_is_not_a_mapping() -> None:
    [p] = load(bank("- just text\n"), lint=False).errors
    assert p.message == "items[0]: must be a mapping (key: value lines), found 'just text'"
    assert (p.line, p.col) == (5, 5)


def test_bad_id_slug() -> None:
    [p] = load(bank("- {id: Bad Id, type: basic, front: F, back: B}\n"), lint=False).errors
    assert "lowercase" in p.message and (p.line, p.col) == (5, 10)


def test_bank_header_errors() -> None:
    lib = load("id: b\nitems: []\nsurprise: 1\n", lint=False)
    assert sorted(p.message for p in lib.errors) == ["field 'title' is required", "unknown field 'surprise'"]


def test_unknown_kind() -> None:
    [p] = load("kind: quiz\nid: b\n", lint=False).errors
    assert "unknown file kind 'quiz'" in p.message and (p.line, p.col) == (1, 7)


def test_top_level_must_be_mapping() -> None:
    for text, found in (("- a\n- b\n", "a list"), ("42\n", "the number 42"), ("hello\n", "text")):
        [p] = load(text).errors
        assert p.code == "E007" and p.message.endswith(f"found {found}")


def test_valid_items_of_a_broken_bank_still_load() -> None:
    text = bank("- {id: good, type: basic, front: F, back: B}\n- {id: bad, type: basic, front: F}\n")
    lib = load(text, lint=False)
    assert [i.id for i in lib.items] == ["good"]
    assert len(lib.errors) == 1


def test_bank_defaults_resolve_source_and_tags() -> None:
    header = "id: t-bank\ntitle: T\nsource: anatomy.gluteals\ntags: [bank-tag]\nitems:\n"
    text = bank("- {id: a, type: basic, front: F, back: B, tags: [own]}\n- {id: b, type: basic, front: F, back: B, source: overview}\n", header)
    lib = load(text, lint=False)
    a, b = lib.items
    assert a.source == "anatomy.gluteals" and a.tags == ("bank-tag", "own")
    assert b.source == "overview"
    assert lib.item_where["b"].line == 7 and lib.bank_of["a"] == "t-bank"


def test_exam_and_deck_and_misconception_schema_errors() -> None:
    lib = load_texts({
        "e.yaml": "kind: exam\nid: e\ntitle: E\ndraw: []\npass_mark: 120\n",
        "d.yaml": "kind: deck\ndeck: {id: d, name: 'A::B', anki_id: 5}\n",
        "m.yaml": "kind: misconceptions\nmisconceptions: [{id: m, label: L}]\n",
    })
    messages = {(p.path, p.line, p.col): p.message for p in lib.errors}
    assert messages[("e.yaml", 4, 7)] == "'draw' needs at least 1 entry, found 0"
    assert messages[("e.yaml", 5, 12)] == "'pass_mark' must be at most 100, found the number 120"
    assert "must not contain '::'" in messages[("d.yaml", 2, 21)]
    assert "must be at least 1073741824" in messages[("d.yaml", 2, 38)]
    assert messages[("m.yaml", 2, 18)] == "misconceptions[0]: field 'correction' is required"
    assert set(codes(lib)) == {"E010"}


def test_unknown_source_is_an_error_with_suggestion() -> None:
    lib = load(bank("- {id: a, type: basic, front: F, back: B, source: anatomy.piriformus}\n"), lint=False)
    [p] = only(lib, "E022")
    assert p.severity == "error" and "did you mean 'anatomy.piriformis'" in p.message
    assert (p.line, p.col) == (5, 53)


def test_missing_kind_on_a_non_bank_file_is_one_clear_error() -> None:
    lib = load_texts({"d.yaml": "deck:\n  id: d\n  name: D\n", "e.yaml": "id: e\ntitle: E\ndraw: [{count: 1}]\n"})
    d, e = lib.errors
    assert (d.path, d.line, d.col) == ("d.yaml", 1, 1) and "add 'kind: deck'" in d.message
    assert (e.path, e.line, e.col) == ("e.yaml", 3, 1) and "add 'kind: exam'" in e.message
