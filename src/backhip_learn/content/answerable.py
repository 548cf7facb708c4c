"""Items no learner can answer correctly: an error (E045), never a warning, so they never ship.

An mcq without exactly one correct choice, a multi with none, a cloze with no gap holding an answer,
a matching item with a repeated side (two equal lefts or rights cannot be told apart): every answer
would be marked wrong, in the app and in Anki alike.
"""

from __future__ import annotations

from backhip_learn.content.model import MCQ, Cloze, Item, Matching, Multi

# (where inside the item, message); the path is relative to the item.
Finding = tuple[tuple[str | int, ...], str]


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def unanswerable(item: Item, owner: str) -> Finding | None:
    """Why no answer to this item can be right, or None when one can."""
    if isinstance(item, MCQ):
        correct = sum(c.correct for c in item.choices)
        if correct != 1:
            hint = ("mark the right one with 'correct: true'" if correct == 0
                    else "keep one, or use type 'multi' for select-all-that-apply")
            return ("choices",), (f"{owner}: {correct} correct choices: an mcq needs exactly one, "
                                  f"else no answer is right ({hint})")
    elif isinstance(item, Multi):
        if not any(c.correct for c in item.choices):
            return ("choices",), (f"{owner}: no correct choice, so no answer is right "
                                  "(mark at least one with 'correct: true')")
    elif isinstance(item, Cloze):
        gaps = item.gaps()
        if not gaps:
            return ("text",), f"{owner}: no gaps, so there is nothing to answer (write them as {{{{c1::answer}}}})"
        if not any(g.answer.strip() for g in gaps):
            return ("text",), f"{owner}: no gap has an answer, so there is nothing to answer"
    elif isinstance(item, Matching):
        for side in ("left", "right"):
            seen: dict[str, int] = {}
            for j, pair in enumerate(item.pairs):
                key = _norm(getattr(pair, side))
                if key in seen:
                    return ("pairs", j, side), (
                        f"{owner}: {side} side {j + 1} '{getattr(pair, side)[:60]}' "
                        f"repeats {side} side {seen[key] + 1}: "
                        f"the two cannot be told apart, so no matching is marked right"
                    )
                seen[key] = j
    return None
