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
