"""Answer tests: every typed item's ``examples`` run through the grader, failures at their file:line:col.

An instructor tests an accepted-answers list the way a programmer tests a function: answers under
``right`` must be marked right, answers under ``wrong`` must be marked wrong, by the same grader and
glossary the study app uses. ``validate`` runs them (the loader with ``lint``), after every file is
read, since the glossary may sit in any file.

Codes: E030 (a right answer rejected), E031 (a wrong answer accepted), E034 (an examples key that
names no gap), E035 (an item whose own answer does not name its parts); lint warnings W130 (a typed
item without answer tests), W131 (answer tests without a wrong answer), W132 (a cloze ``accept`` key
shared by several gaps).
"""

from __future__ import annotations

import re

from backhip_learn.content.glossary import Lexicon
from backhip_learn.content.model import Bank, Cloze, Examples, Short
from backhip_learn.content.problems import Problem, clip
from backhip_learn.content.yamlsafe import DataPath, Parsed
from backhip_learn.study.grading import (
    ClozeAnswers,
    PartResult,
    Typed,
    compare_parts,
    filler_words,
    grade,
)

# The grader lives in study/; this module is imported only when validate runs the tests.

_GAP_KEY = re.compile(r"^c(\d+)(?:\.(\d+))?$")


class _Report:
    """The problems of one bank file."""

    def __init__(self, path: str, parsed: Parsed) -> None:
        self.path = path
        self.parsed = parsed
        self.problems: list[Problem] = []

    def add(self, at: DataPath, severity: str, code: str, message: str) -> None:
        line, col = self.parsed.at(at)
        self.problems.append(Problem(self.path, line, col, severity, message, code))  # type: ignore[arg-type]


def check_answer_tests(
    path: str, bank: Bank, parsed: Parsed, indices: list[int] | None, lexicon: Lexicon
) -> list[Problem]:
    """Run the answer tests of every typed item of one bank; warn about typed items without them."""
    report = _Report(path, parsed)
    for n, item in enumerate(bank.items):
        at: DataPath = ("items", indices[n] if indices is not None else n)
        if isinstance(item, Short):
            _check_short(report, at, item, lexicon)
        elif isinstance(item, Cloze):
            _check_cloze(report, at, item, lexicon)
    return report.problems


def _how(part: PartResult) -> str:
    """Why an answer was accepted: the accepted form it matched, through which glossary entry, or as a typo."""
    how = f"it matches '{clip(part.expected)}'"
    if part.via:
        how += f" through the glossary ({clip(part.via, 80)})"
    if part.typo:
        how += " as a typo (a confusable in the glossary stops that)"
    return how


def _check_short(report: _Report, at: DataPath, item: Short, lexicon: Lexicon) -> None:
    owner = f"short '{item.id}'"
    if item.parts:
        pm = compare_parts(item.answer, item.parts, lexicon, filler_words(item, lexicon))
        missing = [p for p, ok in zip(item.parts, pm.found) if not ok]
        if missing or pm.extra:
            what = f"does not name part '{clip(missing[0])}'" if missing else f"adds '{clip(pm.extra[0])}'"
            report.add(at + ("parts",), "error", "E035",
                       f"{owner}: the answer '{clip(item.answer)}' {what} (every part must be in the answer)")
    examples = item.examples
    if examples is None or not (examples.right or examples.wrong):
        report.add(at, "warning", "W130",
                   f"{owner}: no answer tests (add examples: {{right: [...], wrong: [...]}} with the likely mistakes)")
        return
    base = at + ("examples",)
    if not examples.wrong:
        report.add(base, "warning", "W131", f"{owner}: answer tests list no wrong answer (add the likely mistakes)")
    for k, text in enumerate(examples.right):
        outcome = grade(item, Typed(text), glossary=lexicon)
        if not outcome.correct:
            report.add(base + ("right", k), "error", "E030",
                       f"{owner}: answer test '{clip(text)}' should be right but is marked wrong "
                       f"(score {outcome.score:.2f}; closest accepted '{clip(outcome.parts[0].expected)}')")
    for k, text in enumerate(examples.wrong):
        outcome = grade(item, Typed(text), glossary=lexicon)
        if outcome.correct:
            how = _how(outcome.parts[0])
            report.add(base + ("wrong", k), "error", "E031",
                       f"{owner}: answer test '{clip(text)}' should be wrong but is marked right: {how}")


def _gap_targets(item: Cloze, key: str) -> tuple[int, tuple[int, ...]] | None:
    """The gap number and gap indices an ``accept``/``examples`` key names (``c2``, or ``c2.1`` for one of several)."""
    match = _GAP_KEY.match(key)
    if not match:
        return None
    number = int(match.group(1))
    same = [i for i, g in enumerate(item.gaps()) if g.number == number]
    if match.group(2) is None:
        return (number, tuple(same)) if same else None
    k = int(match.group(2))
    return (number, (same[k - 1],)) if 1 <= k <= len(same) else None


def _check_cloze(report: _Report, at: DataPath, item: Cloze, lexicon: Lexicon) -> None:
    owner = f"cloze '{item.id}'"
    gaps = item.gaps()
    if not gaps:
        return
    shared = {g.number for g in gaps if sum(h.number == g.number for h in gaps) > 1}
    for key in item.accept:
        target = _gap_targets(item, key)
        if target is not None and target[0] in shared and "." not in key:
            report.add(at + ("accept", key), "warning", "W132",
                       f"{owner}: gaps share number c{target[0]}, so every one of them accepts '{key}' answers "
                       f"(key them c{target[0]}.1, c{target[0]}.2, ... for one gap each)")
    tested: set[int] = set()
    for key, examples in item.examples.items():
        target = _gap_targets(item, key)
        if target is None:
            names = ", ".join(dict.fromkeys(f"c{g.number}" for g in gaps))
            report.add(at + ("examples", key), "error", "E034",
                       f"{owner}: examples key '{clip(key)}' is not a gap of the text (gaps: {names})")
            continue
        number, indices = target
        tested.update(indices)
        _run_gap_tests(report, at + ("examples", key), owner, key, item, number, indices, examples, lexicon)
    untested = [g for i, g in enumerate(gaps) if i not in tested and g.answer]  # an empty gap is W105 already
    if untested:
        names = ", ".join(dict.fromkeys(f"c{g.number}" for g in untested))
        report.add(at, "warning", "W130",
                   f"{owner}: no answer tests for {names} (add examples: {{c1: {{right: [...], wrong: [...]}}}})")


def _run_gap_tests(
    report: _Report, base: DataPath, owner: str, key: str, item: Cloze, number: int,
    indices: tuple[int, ...], examples: Examples, lexicon: Lexicon,
) -> None:
    """A right answer must be right in at least one of the gaps the key names; a wrong one in none."""
    if (examples.right or examples.wrong) and not examples.wrong:
        report.add(base, "warning", "W131", f"{owner}: answer tests of {key} list no wrong answer")

    def results(text: str) -> list[PartResult]:
        return [
            next(p for p in grade(item, ClozeAnswers({i: text}), glossary=lexicon, card=number).parts if p.index == i)
            for i in indices
        ]

    for k, text in enumerate(examples.right):
        parts = results(text)
        if not any(p.correct for p in parts):
            report.add(base + ("right", k), "error", "E030",
                       f"{owner}: answer test '{clip(text)}' for {key} should be right but is marked wrong "
                       f"(closest accepted '{clip(parts[0].expected)}')")
    for k, text in enumerate(examples.wrong):
        right = [p for p in results(text) if p.correct]
        if right:
            report.add(base + ("wrong", k), "error", "E031",
                       f"{owner}: answer test '{clip(text)}' for {key} should be wrong but is marked right: "
                       f"{_how(right[0])}")
