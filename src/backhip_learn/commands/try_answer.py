"""`backhip-learn try ITEM_ID ANSWER... [--json]`: mark answers to one item as the study app would.

Shows the verdict, what the answer matched (an accepted form, a glossary entry, a typo) and the
character diff. A short answer takes the words given (joined by spaces); a cloze one answer per gap
in text order (a cloze card, ``item-id::c2``, one per gap of its number); mcq, multi and true/false
take choice letters in file order (``a``, ``a c``, ``ac``; true/false also ``true``/``false``);
matching one letter per left side (the right sides lettered in file order); ordering the step
letters in the order given. Exit status: 0 right, 1 wrong, 2 usage error (unknown item, an answer
that does not fit the item).
"""

from __future__ import annotations

import difflib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import click

from backhip_learn.commands.common import chosen_banks
from backhip_learn.commands.options import bank_option, course_option, fail
from backhip_learn.content.cards import ClozeCard
from backhip_learn.content.model import Basic, Cloze, Matching, Ordering, Short, TrueFalse
from backhip_learn.content.sources import load_content
from backhip_learn.study.grading import Choices, ClozeAnswers, Order, Pairs, ResponseError, Typed, grade

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _usage(message: str) -> NoReturn:
    fail(message, 2)


def _letters(words: Sequence[str], n: int, what: str) -> list[int]:
    """Choice letters (``a c``, ``ac``, ``a,c``) as indices below ``n``."""
    picked: list[int] = []
    for ch in "".join(words).lower():
        if ch in " ,;/":
            continue
        k = LETTERS.find(ch)
        if k < 0 or k >= n:
            _usage(f"'{ch}' is not one of the {what} letters a-{LETTERS[n - 1]}")
        picked.append(k)
    return picked


def _response(item: object, answers: Sequence[str]) -> object:
    """The grader's response for the answers given on the command line."""

    if isinstance(item, (Short, Basic)):
        return Typed(" ".join(answers))
    if isinstance(item, Cloze):
        gaps = item.gaps()
        asked = item.asked() if isinstance(item, ClozeCard) else tuple(range(len(gaps)))
        if len(answers) != len(asked):
            names = ", ".join(f"c{gaps[i].number}" for i in asked)
            _usage(f"cloze '{item.id}' asks {len(asked)} gap{'s' if len(asked) != 1 else ''} ({names}): "
                   f"give one answer each, in order (quote an answer with spaces), got {len(answers)}")
        return ClozeAnswers(dict(zip(asked, answers)))
    if isinstance(item, TrueFalse) and len(answers) == 1 and answers[0].lower() in ("true", "false", "t", "f"):
        return Choices((0 if answers[0].lower().startswith("t") else 1,))
    if isinstance(item, Matching):
        picked = _letters(answers, len(item.pairs), "right-side")
        if len(picked) != len(item.pairs):
            _usage(f"matching '{item.id}' has {len(item.pairs)} left sides: give one right-side letter each, in order")
        return Pairs(tuple(picked))
    if isinstance(item, Ordering):
        picked = _letters(answers, len(item.steps), "step")
        if sorted(picked) != list(range(len(item.steps))):
            _usage(f"ordering '{item.id}' has {len(item.steps)} steps: give every step letter once, in your order")
        return Order(tuple(picked))
    choices = item.choice_list()  # type: ignore[attr-defined]
    picked = _letters(answers, len(choices), "choice")
    if not picked:
        _usage("give the letter(s) of the choice(s) picked")
    return Choices(tuple(dict.fromkeys(picked)))


def _diff(segments: Sequence[tuple[str, str]]) -> str:
    """The character diff as text: ``[-typed, not expected-]{+expected, not typed+}``."""
    marks = {"equal": "{}", "extra": "[-{}-]", "missing": "{{+{}+}}"}
    return "".join(marks[op].format(text) for op, text in segments)


@click.command(name="try")
@click.argument("item_id", metavar="ITEM_ID")
@click.argument("answers", nargs=-1, required=True, metavar="ANSWER...")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@bank_option(exists=True, help_text="Use these banks (file or folder) instead of the bundled ones.")
@course_option()
@click.pass_context
def command(ctx: click.Context, item_id: str, answers: tuple[str, ...], as_json: bool, banks: tuple[Path, ...]) -> None:
    """Mark ANSWER... to ITEM_ID as the study app would: verdict, what it matched, the diff.

    A cloze takes one answer per gap in order (ITEM_ID::c2 for the card of gap c2); choice types
    take letters in file order. Exit status: 0 right, 1 wrong, 2 usage error.
    """
    lib = load_content(chosen_banks(ctx, banks))
    item = lib.cards.get(item_id) or lib.item_index.get(item_id)
    if item is None:
        close = difflib.get_close_matches(item_id, [*lib.item_index, *lib.cards], n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else " (`backhip-learn list` shows the banks)"
        _usage(f"no item '{item_id}' in the loaded content{hint}")
    response = _response(item, answers)
    try:
        outcome = grade(item, response, glossary=lib.lexicon)  # type: ignore[arg-type]
    except ResponseError as exc:
        _usage(str(exc))
    typed = item.type in ("short", "basic", "cloze")
    answer: str | list[str] = list(answers) if item.type == "cloze" else " ".join(answers)
    matched: str | list[str]
    if item.type == "cloze":
        matched = [p.expected for p in outcome.parts]
    elif typed:
        matched = outcome.parts[0].expected
    else:
        matched = [p.expected for p in outcome.parts if p.is_answer or p.expected]
    report: dict[str, object] = {
        "item": item_id,
        "type": item.type,
        "answer": answer,
        "correct": outcome.correct,
        "score": round(outcome.score, 4),
        "typo": outcome.typo,
        "matched": matched,
        "via": [p.via for p in outcome.parts if p.via],
        "suggested": outcome.suggested.name,
        "parts": [
            {"index": p.index, "given": p.given, "expected": p.expected, "correct": p.correct, "typo": p.typo,
             "via": p.via, "diff": _diff(p.diff) if p.diff else ""}
            for p in outcome.parts
        ],
    }
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        _print(report, typed)
    if lib.errors:
        click.echo(f"note: the content has {len(lib.errors)} error(s) (details: `backhip-learn validate`)", err=True)
    sys.exit(0 if outcome.correct else 1)


def _print(report: dict[str, object], typed: bool) -> None:
    """The report as text, one line per gap or part."""
    verdict = "right" if report["correct"] else "wrong"
    if report["correct"] and report["typo"]:
        verdict = "right, with a typo (suggests Hard)"
    click.echo(f"{report['item']} ({report['type']}): {verdict}, score {float(report['score']):.2f}")  # type: ignore[arg-type]
    parts = report["parts"]
    assert isinstance(parts, list)
    if not typed:
        click.echo(f"  expected: {', '.join(map(str, report['matched']))}")  # type: ignore[call-overload]
        return
    for p in parts:
        if report["type"] == "short" and p["index"] > 0:  # a list answer's parts, then wrong additions
            if not p["expected"]:
                click.echo(f"  ✗ wrong addition: {p['given']!r}")
            else:
                click.echo(f"  {'✓' if p['correct'] else '✗'} part {p['expected']!r}: "
                           f"{'named' if p['correct'] else 'missing'}{' (typo)' if p['typo'] else ''}")
            continue
        label = f"gap {p['index'] + 1}" if report["type"] == "cloze" else ("answer" if p["index"] == 0 else "part")
        mark = "✓" if p["correct"] else "✗"
        line = f"  {label}: {mark} {p['given']!r}"
        line += f" matched {p['expected']!r}" if p["correct"] else f" (closest accepted {p['expected']!r})"
        if p["via"]:
            line += f" through the glossary: {p['via']}"
        if p["typo"]:
            line += " (typo)"
        click.echo(line)
        if p["diff"] and p["given"] and not p["via"] and not (p["correct"] and p["given"] == p["expected"]):
            click.echo(f"      diff: {p['diff']}")
