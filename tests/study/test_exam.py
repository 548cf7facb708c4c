"""Exams: seeded draws by rule, scoring per article part, pass mark, saving."""

from __future__ import annotations

from datetime import timedelta

import pytest

from backhip_learn.content.load import Library
from backhip_learn.content.model import Draw, Exam
from backhip_learn.store import Store
from backhip_learn.study.exam import ExamNotFound, draw_exam, save_exam, score_exam
from backhip_learn.study.grading import Choices, ClozeAnswers, Order, Pairs, Revealed, Typed

from .helpers import T0

ANATOMY = {"fx-basic", "fx-mcq", "fx-multi", "fx-tf", "fx-cloze"}
CAUSES = {"fx-short", "fx-match", "fx-order", "fx-short2"}

RIGHT = {
    "fx-basic": Revealed(True),
    "fx-mcq": Choices((0,)),
    "fx-multi": Choices((0, 1)),
    "fx-tf": Choices((0,)),
    "fx-cloze": ClozeAnswers({0: "sciatic", 1: "L4", 2: "S3"}),
    "fx-short": Typed("piriformis"),
    "fx-match": Pairs((0, 1, 2)),
    "fx-order": Order((0, 1, 2, 3)),
    "fx-short2": Typed("spinal stenosis"),
}


def test_draw_follows_rules_and_seed(lib: Library) -> None:
    paper = draw_exam(lib, "fx-exam", seed=1)
    ids = [i.id for i in paper.items]
    assert len(ids) == 5 and len(set(ids)) == 5
    assert len(ANATOMY & set(ids)) == 3 and len(CAUSES & set(ids)) == 2
    assert [i.id for i in draw_exam(lib, "fx-exam", seed=1).items] == ids
    draws = {tuple(i.id for i in draw_exam(lib, "fx-exam", seed=s).items) for s in range(10)}
    assert len(draws) > 1  # the seed matters
    assert paper.shortfalls == ()


def test_draw_shortfall_and_no_shuffle(lib: Library) -> None:
    exam = Exam(kind="exam", id="big", title="Big", shuffle=False,
                draw=(Draw(sections=("causes",), count=10), Draw(sections=("anatomy",))))
    paper = draw_exam(lib, exam, seed=0)
    assert paper.shortfalls == ("draw rule 1 asks for 10 items, only 4 match",)
    # Everything checkable, in bank order: the self-graded basic card is never drawn.
    assert [i.id for i in paper.items] == [i.id for i in lib.items if i.type != "basic"]
    assert "fx-basic" not in {i.id for i in paper.items}
    with pytest.raises(ExamNotFound):
        draw_exam(lib, "nope", seed=0)


def test_score_parts_and_pass_mark(lib: Library) -> None:
    paper = draw_exam(lib, "fx-exam", seed=3)
    full = score_exam(paper, {i.id: RIGHT[i.id] for i in paper.items})
    assert full.score == 1.0 and full.percent == 100.0 and full.passed
    assert full.parts == {"anatomy": 1.0, "causes": 1.0}
    assert full.part_counts == {"anatomy": 3, "causes": 2}
    # Answer only the anatomy items: 3/5 = 60% = the pass mark.
    anat_only = score_exam(paper, {i.id: RIGHT[i.id] for i in paper.items if i.id in ANATOMY})
    assert anat_only.percent == 60.0 and anat_only.passed
    assert anat_only.parts == {"anatomy": 1.0, "causes": 0.0}
    none = score_exam(paper, {})
    assert none.score == 0.0 and not none.passed and all(o.dont_know for o in none.outcomes)


def test_partial_credit_counts(lib: Library) -> None:
    exam = Exam(kind="exam", id="one", title="One", pass_mark=50,
                draw=(Draw(tags=("path",)),))
    paper = draw_exam(lib, exam, seed=0)
    result = score_exam(paper, {"fx-order": Order((0, 2, 1, 3))})  # three of four steps in order
    assert result.score == 0.75 and result.passed


def test_save_exam(lib: Library, store: Store) -> None:
    paper = draw_exam(lib, "fx-exam", seed=3)
    responses = {i.id: RIGHT[i.id] for i in paper.items}
    result = score_exam(paper, responses)
    saved = save_exam(store, paper, result, responses, started=T0, finished=T0 + timedelta(minutes=5))
    [back] = store.exam_results("fx-exam")
    assert back == saved and back.passed and back.parts == {"anatomy": 1.0, "causes": 1.0}
    assert [a["item_id"] for a in back.answers] == [i.id for i in paper.items]
