"""`backhip-learn try`: one item, the app's verdict, what matched, the diff; clear errors, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from backhip_learn.cli import main

TYPED = Path(__file__).resolve().parents[1] / "study" / "typed_fixtures"
FIXTURES = Path(__file__).resolve().parents[1] / "study" / "fixtures"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["try", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def as_json(*args: str) -> tuple[int, dict[str, object]]:
    code, out, _ = run(*args, "--json")
    return code, json.loads(out)


def test_short_answer_through_the_glossary() -> None:
    code, report = as_json("ty-consult", "GP", "--bank", str(TYPED))
    assert code == 0
    assert {k: report[k] for k in ("item", "answer", "correct", "score", "matched")} == {
        "item": "ty-consult", "answer": "GP", "correct": True, "score": 1.0, "matched": "physician"}
    assert report["via"] == ["GP = doctor"]
    code, out, _ = run("ty-consult", "GP", "--bank", str(TYPED))
    assert code == 0 and "right" in out and "through the glossary: GP = doctor" in out


def test_words_are_one_answer_and_the_diff_is_shown() -> None:
    code, out, _ = run("ty-sciatic-roots", "L4", "to", "S3", "nerve", "roots", "--bank", str(TYPED))
    assert code == 0 and out.startswith("ty-sciatic-roots (short): right, score 1.00")
    code, report = as_json("ty-referred", "reffered pain", "--bank", str(TYPED))
    assert code == 0 and report["typo"] is True and report["suggested"] == "Hard"
    assert report["parts"][0]["diff"] == "ref[-f-]e{+r+}red pain"  # type: ignore[index]


def test_wrong_answer_exits_1_with_partial_credit() -> None:
    code, report = as_json("ty-groups-short", "core, gluteal, quadriceps", "--bank", str(TYPED))
    assert code == 1 and report["correct"] is False and report["score"] == 0.25
    code, out, _ = run("ty-groups-short", "core, gluteal, quadriceps", "--bank", str(TYPED))
    assert "part 'hip flexor': missing" in out and "wrong addition: 'quadriceps'" in out


def test_cloze_one_answer_per_gap_and_cloze_cards() -> None:
    code, report = as_json("ty-glut-origin", "pelvis", "thigh bone", "--bank", str(TYPED))
    assert code == 0 and report["answer"] == ["pelvis", "thigh bone"] and report["matched"] == ["pelvis", "thigh bone"]
    code, report = as_json("ty-glut-origin", "ileum", "femur", "--bank", str(TYPED))
    assert code == 1 and report["score"] == 0.5 and report["matched"] == ["ilium", "femur"]  # the closest accepted
    code, report = as_json("ty-si-bones::c1", "sacrum", "ilia", "--bank", str(TYPED))
    assert code == 0
    code, _, err = run("ty-glut-origin", "pelvis", "--bank", str(TYPED))
    assert code == 2 and "asks 2 gaps (c1, c2)" in err


@pytest.mark.parametrize(("item_id", "answer", "correct"), [
    ("fx-mcq", "a", True), ("fx-mcq", "B", False), ("fx-multi", "a b", True), ("fx-multi", "ab", True),
    ("fx-tf", "true", True), ("fx-tf", "b", False), ("fx-tf", "F", False),
])
def test_choice_types_take_letters(item_id: str, answer: str, correct: bool) -> None:
    code, report = as_json(item_id, answer, "--bank", str(FIXTURES))
    assert report["correct"] is correct and code == (0 if correct else 1)


@pytest.mark.parametrize(("args", "message"), [
    (("no-such-item", "x"), "no item 'no-such-item'"),
    (("fx-mcq", "z"), "'z' is not one of the choice letters a-"),
    (("fx-mcq", ","), "give the letter(s)"),
    (("fx-order", "a", "a"), "give every step letter once"),
    (("fx-match", "a"), "give one right-side letter each"),
])
def test_bad_input_is_a_clear_message_and_exit_2(args: tuple[str, ...], message: str) -> None:
    code, out, err = run(*args, "--bank", str(FIXTURES))
    assert code == 2 and message in err and "Traceback" not in out + err


def test_close_id_is_suggested() -> None:
    code, _, err = run("fx-mcqq", "a", "--bank", str(FIXTURES))
    assert code == 2 and "did you mean 'fx-mcq'?" in err
