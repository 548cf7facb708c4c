"""Exams: draw a paper from the library by an exam's ``draw`` rules, score it, pass or fail (docs/engine.md).

Each rule's items are chosen by a shuffle seeded from the exam id and the attempt's seed, so a seed
redraws the same paper; self-graded flashcards (basic) are never drawn, an item drawn by an earlier
rule is not drawn again, and a rule that finds fewer items than it asks for is noted in
``paper.shortfalls``. The score is the mean partial credit, also per part of the course.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from backhip_learn.content.glossary import EMPTY_LEXICON, Lexicon
from backhip_learn.content.load import Library
from backhip_learn.content.model import Exam, Item
from backhip_learn.content.outline import Outline, load_outline
from backhip_learn.content.select import draw_items
from backhip_learn.record import Record, record
from backhip_learn.store import ExamResult, ProgressStore
from backhip_learn.study.grading import DontKnow, Outcome, Response, grade, response_to_dict

OTHER_PART = "other"  # items whose source is not in the outline


@record
class ExamPaper(Record):
    """The items of one exam attempt, in the order they are asked."""

    exam: Exam
    items: tuple[Item, ...]
    seed: int | str
    shortfalls: tuple[str, ...] = ()
    glossary: Lexicon = EMPTY_LEXICON  # the course's glossary: typed answers are marked through it
    outline: Outline | None = None  # the course's (parts for the score); the bundled course's when None


@record
class ExamScore(Record):
    """A scored attempt."""

    score: float  # 0..1, mean partial credit
    percent: float  # score * 100, one decimal
    passed: bool
    parts: dict[str, float]  # article part id -> 0..1
    part_counts: dict[str, int]  # article part id -> items asked
    outcomes: tuple[Outcome, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return {
            "score": self.score,
            "percent": self.percent,
            "passed": self.passed,
            "parts": dict(self.parts),
            "part_counts": dict(self.part_counts),
            "outcomes": [o.to_dict() for o in self.outcomes],
        }


class ExamNotFound(LookupError):
    """No exam with that id in the library."""


def draw_exam(library: Library, exam: Exam | str, seed: int | str) -> ExamPaper:
    """Draw an exam paper (deterministic for a given library, exam and seed)."""
    if isinstance(exam, str):
        found = library.exam(exam)
        if found is None:
            raise ExamNotFound(f"no exam named '{exam}'")
        exam = found
    rng = random.Random(f"exam:{exam.id}:{seed}")
    drawn: dict[str, Item] = {}
    shortfalls: list[str] = []
    for n, rule in enumerate(exam.draw, start=1):
        # draw_items never offers self-graded flashcards (basic): an exam counts only answers it can check.
        pool = [i for i in draw_items(library, rule) if i.id not in drawn]
        want = rule.count if rule.count is not None else len(pool)
        if len(pool) < want:
            shortfalls.append(f"draw rule {n} asks for {want} items, only {len(pool)} match")
        picked = rng.sample(pool, min(want, len(pool)))
        for item in picked:
            drawn[item.id] = item
    items = list(drawn.values())
    if exam.shuffle:
        rng.shuffle(items)
    else:
        order = {item.id: i for i, item in enumerate(library.items)}
        items.sort(key=lambda it: order.get(it.id, len(order)))
    return ExamPaper(exam, tuple(items), seed, tuple(shortfalls), library.lexicon, library.outline)


def score_exam(paper: ExamPaper, responses: Mapping[str, Response]) -> ExamScore:
    """Grade every item of the paper and total the score, per part of the course too."""
    outline = paper.outline or load_outline()
    outcomes = []
    sums: dict[str, float] = {}
    counts: dict[str, int] = {}
    for item in paper.items:
        outcome = grade(item, responses.get(item.id, DontKnow()), glossary=paper.glossary)
        outcomes.append(outcome)
        part = outline.part_of(item.source) or OTHER_PART
        sums[part] = sums.get(part, 0.0) + outcome.score
        counts[part] = counts.get(part, 0) + 1
    total = sum(o.score for o in outcomes) / len(outcomes) if outcomes else 0.0
    percent = round(total * 100, 1)
    # Parts in article order, then anything unknown.
    order = [p for p, _ in outline.parts] + [OTHER_PART]
    parts = {p: sums[p] / counts[p] for p in sorted(counts, key=lambda p: order.index(p) if p in order else len(order))}
    return ExamScore(
        score=total,
        percent=percent,
        passed=percent >= paper.exam.pass_mark,
        parts=parts,
        part_counts={p: counts[p] for p in parts},
        outcomes=tuple(outcomes),
    )


def save_exam(
    store: ProgressStore,
    paper: ExamPaper,
    score: ExamScore,
    responses: Mapping[str, Response],
    *,
    started: datetime,
    finished: datetime,
    abandoned: bool = False,
) -> ExamResult:
    """Record an attempt (answers kept as item id, response, outcome); ``abandoned`` when quit before hand-in."""
    answers = [
        {
            "item_id": o.item_id,
            "response": response_to_dict(responses.get(o.item_id, DontKnow())),
            "outcome": o.to_dict(),
        }
        for o in score.outcomes
    ]
    return store.save_exam_result(
        paper.exam.id, started=started, finished=finished, score=score.score,
        passed=score.passed and not abandoned, parts=score.parts, answers=answers, abandoned=abandoned,
    )
