"""Render a grading character diff as rich Text (kept apart so typed and cloze answers share it)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from rich.text import Text


def diff_text(segments: Iterable[tuple[str, str]], *, extra: Style, missing: Style) -> Text:
    """``equal`` plain, ``extra`` (typed, not expected) struck out, ``missing`` (expected) highlighted."""
    out = Text()
    for op, text in segments:
        if op == "extra":
            out.append(text, style=extra + Style(strike=True))
        elif op == "missing":
            out.append(text, style=missing + Style(underline=True))
        else:
            out.append(text)
    return out


def diff_target(segments: Iterable[tuple[str, str]]) -> str:
    """The answer a diff was made against: its ``equal`` and ``missing`` text."""
    return "".join(text for op, text in segments if op != "extra")


def worth_showing(segments: Iterable[tuple[str, str]]) -> bool:
    """A diff that teaches: something differs, and at least half of the answer was typed right.

    Against an answer with little in common a character diff is a jumble of struck and underlined letters.
    """
    segs = list(segments)
    same = sum(len(text) for op, text in segs if op == "equal")
    target = sum(len(text) for op, text in segs if op != "extra")
    return any(op != "equal" for op, _ in segs) and target > 0 and same * 2 >= target
