"""Grading of every item type, the forgiving typed comparison, and display orders."""

from __future__ import annotations

import pytest
from fsrs import Rating
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from backhip_learn.content.load import Library
from backhip_learn.study.grading import (
    OPEN,
    Choices,
    ClozeAnswers,
    DontKnow,
    Order,
    Outcome,
    Pairs,
    ResponseError,
    Revealed,
    Typed,
    char_diff,
    compare_typed,
    grade,
    normalise,
    response_from_dict,
    response_to_dict,
    shuffled_choice_order,
    shuffled_pairs,
    shuffled_steps,
)


def test_basic_revealed_self_grade(lib: Library) -> None:
    item = lib.item_index["fx-basic"]
    knew = grade(item, Revealed(knew=True))
    assert knew.correct and knew.revealed and knew.suggested == Rating.Good
    assert grade(item, Revealed(knew=True), sure=True).suggested == Rating.Easy
    forgot = grade(item, Revealed(knew=False))
    assert not forgot.correct and forgot.suggested == Rating.Again
    assert forgot.parts[0].expected == "The sacroiliac joint"


def test_basic_typed_against_back(lib: Library) -> None:
    item = lib.item_index["fx-basic"]
    assert grade(item, Typed("the sacroiliac joint!")).correct
    assert not grade(item, Typed("hip joint")).correct


def test_mcq_right_wrong_and_misconception(lib: Library) -> None:
    item = lib.item_index["fx-mcq"]
    right = grade(item, Choices((0,)))
    assert right.correct and right.score == 1.0 and right.suggested == Rating.Good
    assert right.misconceptions == ()
    wrong = grade(item, Choices((1,)))
    assert not wrong.correct and wrong.score == 0.0 and wrong.suggested == Rating.Again
    assert wrong.misconceptions == ("fx-mc-femoral",)
    picked = wrong.parts[1]
    assert picked.selected and not picked.is_answer and picked.feedback == "That one runs in front."
    assert wrong.parts[0].is_answer and not wrong.parts[0].selected
    # A wrong option without a misconception id names none.
    assert grade(item, Choices((2,))).misconceptions == ()


def test_multi_partial_credit(lib: Library) -> None:
    item = lib.item_index["fx-multi"]
    assert grade(item, Choices((0, 1))).correct
    half = grade(item, Choices((0,)))
    # Half the answer is not a pass: Hard would tell FSRS it was remembered.
    assert not half.correct and half.score == 0.5 and half.suggested == Rating.Again
    cancel = grade(item, Choices((0, 2)))  # one right, one wrong: nets zero
    assert cancel.score == 0.0 and cancel.suggested == Rating.Again
    assert cancel.misconceptions == ("fx-mc-piri-gluteal",)
    everything = grade(item, Choices((0, 1, 2, 3)))
    assert not everything.correct and everything.score == 0.0
    assert [p.correct for p in grade(item, Choices((0, 3))).parts] == [True, False, True, False]


def test_true_false(lib: Library) -> None:
    item = lib.item_index["fx-tf"]
    assert grade(item, Choices((0,))).correct
    wrong = grade(item, Choices((1,)))
    assert not wrong.correct and wrong.misconceptions == ("fx-mc-piri-surface",)


def test_cloze_all_gaps_partial_and_variants(lib: Library) -> None:
    item = lib.item_index["fx-cloze"]
    assert [g.number for g in item.gaps()] == [1, 2, 2]
    full = grade(item, ClozeAnswers({0: "Ischiadic", 1: "l4", 2: "S3"}))
    assert full.correct and full.score == 1.0
    part = grade(item, ClozeAnswers({0: "sciatic", 1: "L5", 2: "S3"}))
    assert not part.correct and part.score == pytest.approx(2 / 3) and part.suggested == Rating.Again
    assert [p.correct for p in part.parts] == [True, False, True]
    # Gaps sharing a number do not accept each other's answers.
    assert not grade(item, ClozeAnswers({0: "sciatic", 1: "S3", 2: "L4"})).correct
    # A missing gap counts as blank.
    assert grade(item, ClozeAnswers({0: "sciatic"})).score == pytest.approx(1 / 3)
    # Short numeric-ish answers get no typo allowance.
    assert not grade(item, ClozeAnswers({0: "sciatic", 1: "L4", 2: "S2"})).correct


def test_cloze_typo_is_hard(lib: Library) -> None:
    item = lib.item_index["fx-cloze"]
    out = grade(item, ClozeAnswers({0: "sciatc", 1: "L4", 2: "S3"}))
    assert out.correct and out.typo and out.parts[0].typo and out.suggested == Rating.Hard


def test_short_forgiving(lib: Library) -> None:
    item = lib.item_index["fx-short"]
    for text in ("piriformis", "  PIRIFORMIS. ", "The Piriformis muscle", "piriformis-muscle", "Pirifórmis"):
        out = grade(item, Typed(text))
        assert out.correct and not out.typo, text
    typo = grade(item, Typed("pirifromis"))  # swapped letters
    assert typo.correct and typo.typo and typo.suggested == Rating.Hard
    wrong = grade(item, Typed("gluteus medius"))
    assert not wrong.correct and wrong.suggested == Rating.Again
    assert grade(item, Typed("")).correct is False
    assert grade(item, Typed("piriformis"), sure=True).suggested == Rating.Easy
    assert grade(item, Typed("piriformis"), sure=False).suggested == Rating.Hard


def test_matching(lib: Library) -> None:
    item = lib.item_index["fx-match"]
    assert grade(item, Pairs((0, 1, 2))).correct
    swapped = grade(item, Pairs((1, 0, 2)))  # one right, two wrong: wrong pairs cancel right ones
    assert not swapped.correct and swapped.score == 0.0 and swapped.suggested == Rating.Again
    assert [p.correct for p in swapped.parts] == [False, False, True]
    assert swapped.parts[0].given == "Buttock" and swapped.parts[0].expected == "Lumbar spine"
    # Rows left open stay open: they score nothing and show nothing as the learner's answer.
    open_rows = grade(item, Pairs((0, OPEN, OPEN)))
    assert not open_rows.correct and open_rows.score == pytest.approx(1 / 3)
    assert [p.given for p in open_rows.parts] == ["Lumbar spine", "", ""]
    assert [p.correct for p in open_rows.parts] == [True, False, False]
    assert grade(item, Pairs((OPEN, OPEN, 2))).score == pytest.approx(1 / 3)
    with pytest.raises(ResponseError):
        grade(item, Pairs((0, 1)))
    with pytest.raises(ResponseError):
        grade(item, Pairs((0, 1, 5)))


def test_ordering(lib: Library) -> None:
    item = lib.item_index["fx-order"]
    assert grade(item, Order((0, 1, 2, 3))).correct
    out = grade(item, Order((0, 2, 1, 3)))  # longest run in order: 0, 1, 3 (or 0, 2, 3)
    assert not out.correct and out.score == 0.75 and out.suggested == Rating.Hard
    assert [p.correct for p in out.parts] == [True, False, False, True]
    # The first step moved to the end: every position is wrong, but three steps keep their order.
    moved = grade(item, Order((1, 2, 3, 0)))
    assert [p.correct for p in moved.parts] == [False] * 4 and moved.score == 0.75
    reversed_ = grade(item, Order((3, 2, 1, 0)))
    assert reversed_.score == 0.25 and reversed_.suggested == Rating.Again
    assert out.parts[1].given == "Hip" and out.parts[1].expected == "Buttock"
    with pytest.raises(ResponseError):
        grade(item, Order((0, 0, 1, 2)))


def test_dont_know_every_type(lib: Library) -> None:
    for item in lib.items:
        out = grade(item, DontKnow())
        assert out.dont_know and not out.correct and out.score == 0 and out.suggested == Rating.Again
        assert out.parts, item.id  # the answers are there to show


def test_wrong_response_kind(lib: Library) -> None:
    with pytest.raises(ResponseError):
        grade(lib.item_index["fx-mcq"], Typed("sciatic"))
    with pytest.raises(ResponseError):
        grade(lib.item_index["fx-mcq"], Choices((7,)))


def test_outcome_and_response_round_trip(lib: Library) -> None:
    cases = [
        ("fx-mcq", Choices((1,))),
        ("fx-cloze", ClozeAnswers({0: "sciatc", 2: "S3"})),
        ("fx-short", Typed("pirifromis")),
        ("fx-match", Pairs((1, 0, 2))),
        ("fx-order", Order((3, 2, 1, 0))),
        ("fx-basic", Revealed(False)),
        ("fx-tf", DontKnow()),
    ]
    import json

    for item_id, response in cases:
        out = grade(lib.item_index[item_id], response, sure=True)
        assert Outcome.from_dict(json.loads(json.dumps(out.to_dict()))) == out
        assert response_from_dict(json.loads(json.dumps(response_to_dict(response)))) == response


def test_char_diff_segments() -> None:
    assert char_diff("Piriformus", "piriformis") == (("equal", "Piriform"), ("extra", "u"), ("missing", "i"), ("equal", "s"))
    assert char_diff("abc", "abc") == (("equal", "abc"),)
    assert char_diff("", "abc") == (("missing", "abc"),)


def test_display_orders_deterministic(lib: Library) -> None:
    mcq = lib.item_index["fx-mcq"]
    order = shuffled_choice_order(mcq)
    assert sorted(order) == [0, 1, 2] and shuffled_choice_order(mcq) == order
    assert shuffled_choice_order(lib.item_index["fx-tf"]) == (0, 1)  # True before False, always
    match, steps = lib.item_index["fx-match"], lib.item_index["fx-order"]
    for seed in range(20):
        p, s = shuffled_pairs(match, seed), shuffled_steps(steps, seed)
        assert sorted(p) == [0, 1, 2] and p != (0, 1, 2)
        assert sorted(s) == [0, 1, 2, 3] and s != (0, 1, 2, 3)
        assert shuffled_pairs(match, seed) == p


# ---------------------------------------------------------------- properties of the typed comparison

words = st.text(alphabet=st.characters(categories=("L", "N", "P", "Zs")), min_size=0, max_size=30)
plain_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(words)
def test_normalise_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.lists(plain_words, min_size=1, max_size=4), st.sampled_from(["", " ", ".", "!"]), st.booleans())
def test_exact_answer_always_correct(parts: list[str], suffix: str, upper: bool) -> None:
    answer = " ".join(parts)
    typed = (answer.upper() if upper else answer) + suffix
    match = compare_typed(typed, [answer])
    assert match.correct and not match.typo


@settings(derandomize=True, max_examples=200, deadline=None)
@given(plain_words, plain_words)
def test_other_words_not_correct(answer: str, other: str) -> None:
    # A plural -s is ignored; then words one slip apart (an edit, or doubled letters) are a typo only
    # when long; anything further is wrong.
    from backhip_learn.content.glossary import stem
    from backhip_learn.study.grading import _doubling, _one_edit

    a, o = stem(normalise(answer)), stem(normalise(other))
    assume(a != o)
    assume(not _one_edit(a, o) and not _doubling(a, o))
    assert not compare_typed(other, [answer]).correct


@settings(derandomize=True, max_examples=100, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=5, max_size=12), st.data())
def test_one_substitution_in_long_word_is_typo(word: str, data: st.DataObject) -> None:
    from backhip_learn.content.glossary import stem

    assume(stem(word) == word)  # a plural ending is matched without it: the slip would fall in a shorter word
    # Any letter but the first: "deferred" is not a slip of "referred".
    i = data.draw(st.integers(1, len(word) - 1))
    repl = data.draw(st.sampled_from([c for c in "abcdefghijklmnopqrstuvwxyz" if c != word[i]]))
    slipped = word[:i] + repl + word[i + 1 :]
    match = compare_typed(slipped, [word])
    assert match.correct and match.typo
    assert any(op != "equal" for op, _ in match.diff)
