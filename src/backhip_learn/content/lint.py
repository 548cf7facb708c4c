"""Lint warnings for instructors: rules a draft may break but a finished bank should not.

The model (``model.py``) decides what is *valid*; these rules decide what is *good*. Each
warning has a code from ``problems.CODES`` and the line:col of the offending key or value.
``validate --strict`` turns them into errors.
"""

from __future__ import annotations

import re

from backhip_learn.content.model import (
    MCQ,
    Bank,
    Basic,
    Cloze,
    Item,
    Matching,
    Multi,
    Ordering,
    Short,
    TrueFalse,
)
from backhip_learn.content.problems import Problem, clip
from backhip_learn.content.yamlsafe import DataPath, Parsed

# Longest comfortable text, in characters, for each part of a card (W111).
LIMITS = {"prompt": 500, "answer": 400, "choice": 200, "explanation": 1200, "feedback": 600}
_GAP_KEY = re.compile(r"^c(\d+)$")


def normalise(text: str) -> str:
    """Text compared the way a learner would see it: case and runs of spaces ignored."""
    return " ".join(text.split()).casefold()


class _Linter:
    """Collects the warnings of one bank file."""

    def __init__(self, path: str, parsed: Parsed) -> None:
        self.path = path
        self.parsed = parsed
        self.problems: list[Problem] = []

    def warn(self, at: DataPath, code: str, message: str) -> None:
        line, col = self.parsed.at(at)
        self.problems.append(Problem(self.path, line, col, "warning", message, code))

    def long(self, at: DataPath, text: str | None, limit: str, label: str) -> None:
        if text is not None and len(text) > LIMITS[limit]:
            self.warn(at, "W111", f"{label} is {len(text)} characters long (at most {LIMITS[limit]} reads well on a card)")

    def tags(self, at: DataPath, tags: tuple[str, ...], owner: str) -> None:
        for k, tag in enumerate(tags):
            if not tag.strip():
                self.warn(at + (k,), "W110", f"{owner}: empty tag")
            elif any(c.isspace() for c in tag):
                self.warn(at + (k,), "W110", f"{owner}: tag '{clip(tag)}' contains spaces (Anki splits tags on spaces: use '-')")

    def repeats(self, base: DataPath, texts: list[str], code: str, owner: str, what: str, suffix: DataPath = ()) -> None:
        """Warn at each text that repeats an earlier one (after normalising)."""
        seen: dict[str, int] = {}
        for j, text in enumerate(texts):
            key = normalise(text)
            if key in seen:
                self.warn(base + (j, *suffix), code, f"{owner}: {what} {j + 1} '{clip(text)}' repeats {what} {seen[key] + 1}")
            else:
                seen[key] = j


def lint_bank(path: str, bank: Bank, parsed: Parsed, indices: list[int] | None = None) -> list[Problem]:
    """Every lint warning of one bank; ``indices`` maps kept items back to their place in the file."""
    lint = _Linter(path, parsed)
    lint.tags(("tags",), bank.tags, f"bank '{bank.id}'")
    for n, item in enumerate(bank.items):
        i = indices[n] if indices is not None else n
        lint_item(lint, ("items", i), item, bank)
    return lint.problems


def lint_item(lint: _Linter, at: DataPath, item: Item, bank: Bank) -> None:
    """The warnings of one item, located under ``at`` (its data path in the file)."""
    owner = f"{item.type} '{item.id}'"
    if not item.explanation.strip():
        lint.warn(at, "W108", f"{owner}: no explanation (say why the answer is right)")
    else:
        lint.long(at + ("explanation",), item.explanation, "explanation", f"{owner}: explanation")
    if item.source is None and bank.source is None:
        lint.warn(at, "W115", f"{owner}: no source section (set 'source' on the item or the bank)")
    lint.tags(at + ("tags",), item.tags, owner)

    if isinstance(item, (MCQ, Multi)):
        _lint_choices(lint, at, item, owner)
    elif isinstance(item, Basic):
        lint.long(at + ("front",), item.front, "prompt", f"{owner}: front")
        lint.long(at + ("back",), item.back, "answer", f"{owner}: back")
    elif isinstance(item, TrueFalse):
        lint.long(at + ("statement",), item.statement, "prompt", f"{owner}: statement")
        wrong_side, wrong_feedback = ("feedback_false", item.feedback_false) if item.answer else ("feedback_true", item.feedback_true)
        if not (wrong_feedback or "").strip():
            lint.warn(at, "W113", f"{owner}: no '{wrong_side}' (what a learner who answers wrongly should read)")
    elif isinstance(item, Cloze):
        _lint_cloze(lint, at, item, owner)
    elif isinstance(item, Short):
        lint.long(at + ("question",), item.question, "prompt", f"{owner}: question")
        lint.long(at + ("answer",), item.answer, "answer", f"{owner}: answer")
        seen = {normalise(item.answer): "the answer"}
        for k, variant in enumerate(item.accept):
            key = normalise(variant)
            if key in seen:
                lint.warn(at + ("accept", k), "W104", f"{owner}: accepted variant '{clip(variant)}' repeats {seen[key]} (answers are compared ignoring case and spaces)")
            else:
                seen[key] = f"variant {k + 1}"
    elif isinstance(item, Matching):
        lint.long(at + ("question",), item.question, "prompt", f"{owner}: question")
        lint.repeats(at + ("pairs",), [p.left for p in item.pairs], "W107", owner, "left side", ("left",))
        lint.repeats(at + ("pairs",), [p.right for p in item.pairs], "W107", owner, "right side", ("right",))
        for j, pair in enumerate(item.pairs):
            lint.long(at + ("pairs", j), pair.left + pair.right, "choice", f"{owner}: pair {j + 1}")
    elif isinstance(item, Ordering):
        lint.long(at + ("question",), item.question, "prompt", f"{owner}: question")
        lint.repeats(at + ("steps",), list(item.steps), "W112", owner, "step")
        for j, step in enumerate(item.steps):
            lint.long(at + ("steps", j), step, "choice", f"{owner}: step {j + 1}")


def _lint_choices(lint: _Linter, at: DataPath, item: MCQ | Multi, owner: str) -> None:
    lint.long(at + ("question",), item.question, "prompt", f"{owner}: question")
    correct = sum(c.correct for c in item.choices)
    if isinstance(item, MCQ) and correct != 1:
        hint = "mark one with 'correct: true'" if correct == 0 else "use type 'multi' for select-all-that-apply"
        lint.warn(at + ("choices",), "W101", f"{owner}: {correct} correct choices, an mcq needs exactly one ({hint})")
    if isinstance(item, Multi):
        if correct == 0:
            lint.warn(at + ("choices",), "W102", f"{owner}: no correct choice (mark at least one with 'correct: true')")
        elif correct == len(item.choices):
            lint.warn(at + ("choices",), "W117", f"{owner}: every choice is correct (add a distractor)")
    seen: dict[str, int] = {}
    for j, choice in enumerate(item.choices):
        key = normalise(choice.text)
        if key in seen:
            lint.warn(at + ("choices", j, "text"), "W103", f"{owner}: choice {j + 1} '{clip(choice.text)}' repeats choice {seen[key] + 1}")
        else:
            seen[key] = j
        if not choice.correct and not (choice.feedback or "").strip():
            lint.warn(at + ("choices", j), "W109", f"{owner}: wrong choice {j + 1} '{clip(choice.text, 40)}' has no feedback (why is it wrong?)")
        lint.long(at + ("choices", j, "text"), choice.text, "choice", f"{owner}: choice {j + 1}")
        lint.long(at + ("choices", j, "feedback"), choice.feedback, "feedback", f"{owner}: feedback of choice {j + 1}")


def _lint_cloze(lint: _Linter, at: DataPath, item: Cloze, owner: str) -> None:
    text_at = at + ("text",)
    gaps = item.gaps()
    lint.long(text_at, item.prompt, "prompt", f"{owner}: text")
    if not gaps:
        lint.warn(text_at, "W105", f"{owner}: no gaps (write them as {{{{c1::answer}}}} or {{{{c1::answer::hint}}}})")
        return
    for gap in gaps:
        if not gap.answer:
            lint.warn(text_at, "W105", f"{owner}: gap c{gap.number} has no answer")
    numbers = sorted({g.number for g in gaps})
    expected = list(range(1, len(numbers) + 1))
    if numbers != expected:
        missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
        shown = ", ".join(f"c{n}" for n in numbers)
        detail = f"{', '.join(f'c{n}' for n in missing)} missing" if missing else "numbering starts at c1"
        lint.warn(text_at, "W106", f"{owner}: gaps are numbered {shown} ({detail}): number them c1, c2, ... without holes")
    for key in item.accept:
        match = _GAP_KEY.match(key)
        if not match or int(match.group(1)) not in numbers:
            lint.warn(at + ("accept", key), "W116", f"{owner}: accept key '{key}' is not a gap of the text (gaps: {', '.join(f'c{n}' for n in numbers)})")
