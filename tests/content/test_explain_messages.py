"""Error messages of the explainer: clipped subjects, singular and plural."""

from __future__ import annotations

from pathlib import Path

from backhip_learn.content.load import load_paths


def test_a_huge_item_id_is_clipped_in_every_message(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The item label in messages ('items[0] (short 'id')') is clipped: a 300,000-character id made 300 KB lines."""
    huge = "a" * 300_000
    path = write("b.yaml", f"id: b\ntitle: B\nitems:\n  - id: {huge}\n    type: short\n    question: Q?\n"
                           "    answer: [1]\n    explanation: E.\n")
    lib = load_paths([path])
    assert lib.errors
    assert all(len(p.message) < 400 for p in lib.problems), [len(p.message) for p in lib.problems]
    assert any("'aaaa" in p.message and "...'" in p.message for p in lib.problems)


def test_at_least_one_entry_is_singular(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write("e.yaml", "kind: exam\nid: ex\ntitle: Exam\ndraw: []\n")
    messages = [p.message for p in load_paths([path]).errors]
    assert any("needs at least 1 entry, found 0" in m for m in messages), messages
    assert not any("1 entries" in m for m in messages)
