"""Items no one can answer correctly are errors (E045) on every load, shown where they are, and never exported."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from backhip_learn.cli import main
from backhip_learn.content.load import load_texts

HEADER = "id: t\ntitle: T\nsource: overview\nitems:\n"
CASES = {
    "mcq-none": ("- id: q\n  type: mcq\n  question: Q\n  explanation: E\n  choices:\n"
                 "    - {text: A, feedback: F}\n    - {text: B, feedback: F}\n", "- {text: A", "0 correct choices"),
    "mcq-two": ("- id: q\n  type: mcq\n  question: Q\n  explanation: E\n  choices:\n"
                "    - {text: A, correct: true}\n    - {text: B, correct: true}\n", "- {text: A", "2 correct choices"),
    "multi-none": ("- id: q\n  type: multi\n  question: Q\n  explanation: E\n  choices:\n"
                   "    - {text: A, feedback: F}\n    - {text: B, feedback: F}\n", "- {text: A", "no correct choice"),
    "cloze-no-gap": ("- {id: q, type: cloze, text: 'No gaps here', explanation: E}\n", "'No gaps", "no gaps"),
    "cloze-empty": ("- {id: q, type: cloze, text: 'Only {{c1::  }}', explanation: E}\n", "'Only", "no gap has an answer"),
    "matching-right": ("- id: q\n  type: matching\n  question: Q\n  explanation: E\n  pairs:\n"
                       "    - {left: A, right: one}\n    - {left: B, right: One}\n", "One}", "right side 2 'One' repeats"),
    "matching-left": ("- id: q\n  type: matching\n  question: Q\n  explanation: E\n  pairs:\n"
                      "    - {left: Same, right: one}\n    - {left: same, right: two}\n", "same,", "left side 2"),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("lint", [False, True])
def test_an_unanswerable_item_is_an_error_at_its_place(case: str, lint: bool) -> None:
    items, needle, words = CASES[case]
    text = HEADER + "".join("  " + row if row else row for row in items.splitlines(keepends=True))
    index = text.index(needle)
    line, col = text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)
    lib = load_texts({"b.yaml": text}, lint=lint)
    found = [p for p in lib.problems if p.code == "E045"]
    assert len(found) == 1, lib.problems
    assert found[0].severity == "error" and (found[0].line, found[0].col) == (line, col), found[0]
    assert words in found[0].message
    assert not [p for p in lib.problems if p.code in ("W105",)]


def test_export_refuses_and_never_writes_one(tmp_path: Path) -> None:
    from backhip_learn.content.load import load_paths
    from backhip_learn.export.anki import build_export

    bank = tmp_path / "b.yaml"
    text = HEADER + "  - {id: fine, type: basic, front: F, back: B, explanation: E}\n" + "".join(
        "  " + row for row in CASES["mcq-two"][0].replace("id: q", "id: two").splitlines(keepends=True))
    bank.write_text(text, "utf-8")
    result = CliRunner().invoke(main, ["export", "anki", "--bank", str(bank), "-o", str(tmp_path / "x.apkg")])
    assert result.exit_code == 1 and "[E045" in result.output and not (tmp_path / "x.apkg").exists()
    export = build_export(load_paths([bank]))
    assert [n.item_id for n in export.notes] == ["fine"]
    assert export.skipped == [("two", "no answer to it can be right (E045)")]


def test_every_duplicate_id_is_reported_in_one_run() -> None:
    """An item with an error of its own still has its id checked: fixing it reveals no new duplicate."""
    text = HEADER + ("  - {id: a, type: basic, front: F, back: B, explanation: E}\n"
                     "  - {id: a, type: basic, front: F, explanation: E}\n"        # no back, and a duplicate
                     "  - {id: b, type: basic, front: F, explanation: E}\n"        # no back
                     "  - {id: b, type: basic, front: F, back: B, explanation: E}\n")
    lib = load_texts({"b.yaml": text})
    dups = sorted((p.line, p.code) for p in lib.problems if p.code == "E020")
    assert dups == [(6, "E020"), (7, "E020")], lib.problems  # each pair once, at the item checked second
