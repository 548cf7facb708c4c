"""Lint warnings for instructors: rules a draft may break but a finished bank should not.

The model (``model.py``) decides what is *valid*; these rules decide what is *good*. Each
warning has a code from ``problems.CODES`` and the line:col of the offending key or value.
``validate --strict`` turns them into errors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from backhip_learn.content.model import (
    CLOZE_RE,
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
_GAP_KEY = re.compile(r"^c(\d+)(?:\.\d+)?$")  # c2, or c2.1 for one of several gaps numbered 2

# True/false cue words (W121): absolute words that test-wise learners read as "false", hedge words
# they read as "true". A class is a cue when it predicts one answer in CUE_SHARE of at least
# CUE_MIN statements of a bank.
ABSOLUTE_WORDS = frozenset(
    "only always never cannot can't all none no nothing must every solely exclusively impossible".split()
)
HEDGE_WORDS = frozenset(
    "can may might could often usually some sometimes generally typically commonly frequently".split()
)
CUE_MIN = 4
CUE_SHARE = 0.8
# W122: a key longer than KEY_RATIO times every other option stands out; a bank whose key is the
# longest option in more than KEY_SHARE of at least KEY_MIN single-answer items teaches "pick the longest".
KEY_RATIO = 1.3
KEY_SHARE = 0.35
KEY_MIN = 6
MIN_STEPS = 4  # W126: fewer steps are rarely a sequence whose order is not plain logic
# Words that carry no content: never enough on their own to give an answer away (W124, W127).
STOP_WORDS = frozenset(
    "a an the and or but nor of in on at to for from by with without into onto over under about as is are was "
    "were be been being it its this that these those which who whom whose what when where why how than then "
    "there their they them he she his her we you your our not no do does did has have had can may will would "
    "should could one two some any each more most less very also just so such up down out off".split()
)
CATCH_ALL = re.compile(r"\b(all|none|both|neither) of (the )?(above|these|them|those)\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def compare_key(text: str) -> str:
    """Text compared the way a learner would see it: case and runs of spaces ignored."""
    return " ".join(text.split()).casefold()


def tokens(text: str) -> list[str]:
    """The lower-case words of a text (typographic apostrophes folded)."""
    return _WORD.findall(text.casefold().replace("\u2019", "'"))


def _stem(word: str) -> str:
    """A word with a plural 's' dropped, so 'muscles' meets 'muscle' (no finer stemming: it would misfire)."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def content_words(text: str) -> set[str]:
    """The words of a text that carry content: stop words dropped, plurals folded."""
    return {_stem(w) for w in tokens(text) if w not in STOP_WORDS}


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
            self.warn(at, "W111",
                      f"{label} is {len(text)} characters long (at most {LIMITS[limit]} reads well on a card)")

    def tags(self, at: DataPath, tags: tuple[str, ...], owner: str) -> None:
        for k, tag in enumerate(tags):
            if not tag.strip():
                self.warn(at + (k,), "W110", f"{owner}: empty tag")
            elif any(c.isspace() for c in tag):
                self.warn(at + (k,), "W110",
                          f"{owner}: tag '{clip(tag)}' contains spaces (Anki splits tags on spaces: use '-')")

    def repeats(
        self, base: DataPath, texts: list[str], code: str, owner: str, what: str, suffix: DataPath = ()
    ) -> None:
        """Warn at each text that repeats an earlier one (after normalising)."""
        seen: dict[str, int] = {}
        for j, text in enumerate(texts):
            key = compare_key(text)
            if key in seen:
                self.warn(base + (j, *suffix), code,
                          f"{owner}: {what} {j + 1} '{clip(text)}' repeats {what} {seen[key] + 1}")
            else:
                seen[key] = j


def lint_bank(path: str, bank: Bank, parsed: Parsed, indices: list[int] | None = None) -> list[Problem]:
    """Every lint warning of one bank; ``indices`` maps kept items back to their place in the file."""
    lint = _Linter(path, parsed)
    lint.tags(("tags",), bank.tags, f"bank '{bank.id}'")
    placed: list[tuple[DataPath, Item]] = []
    for n, item in enumerate(bank.items):
        i = indices[n] if indices is not None else n
        lint_item(lint, ("items", i), item, bank)
        placed.append((("items", i), item))
    _lint_true_false_cues(lint, placed, bank)
    _lint_longest_keys(lint, placed, bank)
    return lint.problems


def _ids(items: Sequence[Item], limit: int = 8) -> str:
    """Item ids for a message, the first ``limit`` of them."""
    shown = ", ".join(item.id for item in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _lint_true_false_cues(lint: _Linter, placed: list[tuple[DataPath, Item]], bank: Bank) -> None:
    """W121: absolute or hedge words that predict the answer of a bank's true/false statements."""
    found: dict[str, list[tuple[DataPath, TrueFalse, set[str]]]] = {"absolute": [], "hedge": []}
    for at, item in placed:
        if not isinstance(item, TrueFalse):
            continue
        words = set(tokens(item.statement))
        absolute, hedge = words & ABSOLUTE_WORDS, words & HEDGE_WORDS
        # An absolute word outweighs a hedge: "can only" reads as absolute to a test-wise learner.
        if absolute:
            found["absolute"].append((at, item, absolute))
        elif hedge:
            found["hedge"].append((at, item, hedge))
    for kind, group in found.items():
        if len(group) < CUE_MIN:
            continue
        trues = [item for _, item, _ in group if item.answer]
        falses = [item for _, item, _ in group if not item.answer]
        key, same = (True, trues) if len(trues) >= len(falses) else (False, falses)
        if len(same) < CUE_SHARE * len(group):
            continue
        cue_words = ", ".join(sorted(set().union(*(w for _, _, w in group))))
        first = next(at for at, item, _ in group if item in same)
        lint.warn(first + ("statement",), "W121", (
            f"bank '{bank.id}': {len(same)} of its {len(group)} true/false statements with {kind} words ({cue_words}) "
            f"are {str(key).lower()}, so the wording gives the answer away: {_ids(same)}; "
            f"balance true and false among them or reword"
        ))


def _lint_longest_keys(lint: _Linter, placed: list[tuple[DataPath, Item]], bank: Bank) -> None:
    """W122: a key clearly longer than every other option, per item and as a habit of the bank."""
    longest: list[Item] = []
    counted = 0
    for at, item in placed:
        if not isinstance(item, MCQ):
            continue
        keys = [j for j, c in enumerate(item.choices) if c.correct]
        if len(keys) != 1:
            continue
        k = keys[0]
        key_len = len(item.choices[k].text)
        other = max(len(c.text) for j, c in enumerate(item.choices) if j != k)
        if key_len > KEY_RATIO * other:
            lint.warn(at + ("choices", k, "text"), "W122", (
                f"mcq '{item.id}': the key is clearly the longest option ({key_len} characters, the next "
                f"longest {other}): test-wise learners pick it; make the options alike in length"
            ))
        if len(item.choices) >= 3:  # with two options the key is longest half the time anyway
            counted += 1
            if key_len > other:
                longest.append(item)
    if counted >= KEY_MIN and len(longest) > KEY_SHARE * counted:
        lint.warn(("id",), "W122", (
            f"bank '{bank.id}': the key is the longest option in {len(longest)} of {counted} single-answer items "
            f"({round(100 * len(longest) / counted)}%, more than {round(100 * KEY_SHARE)}%): {_ids(longest)}; "
            f"lengthen distractors or shorten keys so length stops pointing at the answer"
        ))


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
        wrong_side, wrong_feedback = (
            ("feedback_false", item.feedback_false) if item.answer else ("feedback_true", item.feedback_true)
        )
        if not (wrong_feedback or "").strip():
            lint.warn(at, "W113", f"{owner}: no '{wrong_side}' (what a learner who answers wrongly should read)")
    elif isinstance(item, Cloze):
        _lint_cloze(lint, at, item, owner)
    elif isinstance(item, Short):
        lint.long(at + ("question",), item.question, "prompt", f"{owner}: question")
        lint.long(at + ("answer",), item.answer, "answer", f"{owner}: answer")
        _lint_answer_in_question(lint, at, item, owner)
        seen = {compare_key(item.answer): "the answer"}
        for k, variant in enumerate(item.accept):
            key = compare_key(variant)
            if key in seen:
                lint.warn(at + ("accept", k), "W104", f"{owner}: accepted variant '{clip(variant)}' repeats "
                          f"{seen[key]} (answers are compared ignoring case and spaces)")
            else:
                seen[key] = f"variant {k + 1}"
    elif isinstance(item, Matching):
        lint.long(at + ("question",), item.question, "prompt", f"{owner}: question")
        for j, pair in enumerate(item.pairs):
            lint.long(at + ("pairs", j), pair.left + pair.right, "choice", f"{owner}: pair {j + 1}")
        _lint_shared_words(lint, at, item, owner)
    elif isinstance(item, Ordering):
        lint.long(at + ("question",), item.question, "prompt", f"{owner}: question")
        lint.repeats(at + ("steps",), list(item.steps), "W112", owner, "step")
        if len(item.steps) < MIN_STEPS:
            lint.warn(at + ("steps",), "W126", (
                f"{owner}: only {len(item.steps)} steps: so short a sequence is usually ordered by plain logic; "
                f"use at least {MIN_STEPS} steps whose order is not obvious, or another item type"
            ))
        for j, step in enumerate(item.steps):
            lint.long(at + ("steps", j), step, "choice", f"{owner}: step {j + 1}")


def _lint_choices(lint: _Linter, at: DataPath, item: MCQ | Multi, owner: str) -> None:
    lint.long(at + ("question",), item.question, "prompt", f"{owner}: question")
    correct = sum(c.correct for c in item.choices)
    # A wrong number of correct choices is E045 (answerable.py), checked on every load.
    if isinstance(item, Multi) and correct:
        if correct == len(item.choices):
            lint.warn(at + ("choices",), "W117", f"{owner}: every choice is correct (add a distractor)")
        elif len(item.choices) >= 3 and correct == len(item.choices) - 1:
            lint.warn(at + ("choices",), "W123", (
                f"{owner}: all but one of the {len(item.choices)} choices are correct, so ticking everything "
                f"scores well; make about half of them correct"
            ))
        elif len(item.choices) >= 5 and correct == 1:
            lint.warn(at + ("choices",), "W123", (
                f"{owner}: only one of the {len(item.choices)} choices is correct, so ticking nothing scores "
                f"well; make about half of them correct (or make it an mcq)"
            ))
    seen: dict[str, int] = {}
    for j, choice in enumerate(item.choices):
        key = compare_key(choice.text)
        if key in seen:
            lint.warn(at + ("choices", j, "text"), "W103",
                      f"{owner}: choice {j + 1} '{clip(choice.text)}' repeats choice {seen[key] + 1}")
        else:
            seen[key] = j
        if not choice.correct and not (choice.feedback or "").strip():
            lint.warn(at + ("choices", j), "W109",
                      f"{owner}: wrong choice {j + 1} '{clip(choice.text, 40)}' has no feedback (why is it wrong?)")
        lint.long(at + ("choices", j, "text"), choice.text, "choice", f"{owner}: choice {j + 1}")
        if CATCH_ALL.search(choice.text):
            lint.warn(at + ("choices", j, "text"), "W125", (
                f"{owner}: choice {j + 1} '{clip(choice.text, 40)}' is a catch-all option: it tests reading the "
                f"other options, not the content; replace it with a real neighbour of the key"
            ))
        lint.long(at + ("choices", j, "feedback"), choice.feedback, "feedback", f"{owner}: feedback of choice {j + 1}")


def _lint_cloze(lint: _Linter, at: DataPath, item: Cloze, owner: str) -> None:
    text_at = at + ("text",)
    gaps = item.gaps()
    lint.long(text_at, item.prompt, "prompt", f"{owner}: text")
    if not gaps or not any(g.answer for g in gaps):
        return  # nothing to answer: E045 (answerable.py)
    for gap in gaps:
        if not gap.answer:
            lint.warn(text_at, "W105", f"{owner}: gap c{gap.number} has no answer")
    numbers = sorted({g.number for g in gaps})
    expected = list(range(1, len(numbers) + 1))
    if numbers != expected:
        missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
        shown = ", ".join(f"c{n}" for n in numbers)
        detail = f"{', '.join(f'c{n}' for n in missing)} missing" if missing else "numbering starts at c1"
        lint.warn(text_at, "W106",
                  f"{owner}: gaps are numbered {shown} ({detail}): number them c1, c2, ... without holes")
    for key in item.accept:
        match = _GAP_KEY.match(key)
        if not match or int(match.group(1)) not in numbers:
            named = ", ".join(f"c{n}" for n in numbers)
            lint.warn(at + ("accept", key), "W116",
                      f"{owner}: accept key '{key}' is not a gap of the text (gaps: {named})")
    _lint_gap_answers(lint, text_at, item, numbers, owner)


def _lint_gap_answers(lint: _Linter, text_at: DataPath, item: Cloze, numbers: list[int], owner: str) -> None:
    """W124: a gap whose answer can be read off the rest of its card (the text, other gaps, its hint)."""
    for number in numbers:
        # What the learner sees on card N: gaps N hidden (their hints shown), every other gap filled in.
        shown = CLOZE_RE.sub(
            lambda m: (m.group(3) or "") if int(m.group(1)) == number else m.group(2),  # noqa: B023 - used at once
            item.text,
        )
        shown_words = content_words(shown)
        for gap in item.gaps():
            if gap.number != number or not gap.answer:
                continue
            answer_words = content_words(gap.answer)
            if answer_words and answer_words <= shown_words:
                lint.warn(text_at, "W124", (
                    f"{owner}: gap c{number} '{clip(gap.answer, 40)}' appears elsewhere on its own card "
                    f"(in the text, another gap or its hint): the learner can copy it; reword or drop the gap"
                ))
                continue
            hint = {w for w in tokens(gap.hint or "") if len(w) >= 4}
            inside = sorted(h for h in hint for a in tokens(gap.answer) if h in a)
            if inside:
                lint.warn(text_at, "W124", (
                    f"{owner}: the hint of gap c{number} spells part of its answer ('{inside[0]}' in "
                    f"'{clip(gap.answer, 40)}'); give a hint that narrows the field without the answer's letters"
                ))


def _lint_answer_in_question(lint: _Linter, at: DataPath, item: Short, owner: str) -> None:
    """W124: a typed answer (or one of its parts) whose every content word is in the question."""
    question = content_words(item.question)
    candidates: list[tuple[DataPath, str, str]] = [(at + ("answer",), "the answer", item.answer)]
    candidates += [(at + ("parts", k), f"part {k + 1}", part) for k, part in enumerate(item.parts)]
    for where, label, text in candidates:
        words = content_words(text)
        if words and words <= question:
            lint.warn(where, "W124", (
                f"{owner}: {label} '{clip(text, 40)}' is already in the question: the learner can copy it; "
                f"reword the question"
            ))
            return


def _lint_shared_words(lint: _Linter, at: DataPath, item: Matching, owner: str) -> None:
    """W127: a pair whose sides share a content word that no other right side has (a match by word alone)."""
    rights = [content_words(p.right) for p in item.pairs]
    for j, pair in enumerate(item.pairs):
        others = set().union(*(r for k, r in enumerate(rights) if k != j))
        shared = sorted((content_words(pair.left) & rights[j]) - others)
        if shared:
            lint.warn(at + ("pairs", j), "W127", (
                f"{owner}: pair {j + 1} '{clip(pair.left, 30)}' / '{clip(pair.right, 30)}' share the word "
                f"'{shared[0]}', which gives the match away; reword one side"
            ))
