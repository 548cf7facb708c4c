"""Helpers for the TUI tests: the fixture content, a fixed clock and the keys that answer a card."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from textual.app import App

from backhip_learn.content.model import Matching, Ordering
from backhip_learn.study.grading import shuffled_pairs, shuffled_steps
from backhip_learn.tui.widgets.question import LETTERS

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 1, 15, 12, 0, tzinfo=timezone.utc)


def fixed_clock() -> datetime:
    """The tests' 'now'."""
    return NOW


def record_notifications(app: App[Any]) -> list[str]:
    """Every notification the app shows from now on, in order (``notify`` wrapped: Textual's own list is private)."""
    said: list[str] = []
    show = app.notify

    def notify(message: str, *args: Any, **kwargs: Any) -> None:
        said.append(str(message))
        show(message, *args, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return said


def type_keys(text: str) -> list[str]:
    """Pilot key names for typing ``text``."""
    names = {" ": "space", "-": "minus", ".": "full_stop", ",": "comma"}
    return [names.get(ch, ch) for ch in text]


def matching_keys(item: Matching, seed: int | str = 0) -> list[str]:
    """Letters that pair every left side with its right side, top to bottom."""
    options = shuffled_pairs(item, seed)
    return [LETTERS[options.index(i)].lower() for i in range(len(item.pairs))]


def ordering_keys(item: Ordering, seed: int | str = 0) -> list[str]:
    """Cursor moves and shift+up presses that sort the steps (selection sort from the top)."""
    current = list(shuffled_steps(item, seed))
    cursor, keys = 0, []
    for target in range(len(current)):
        pos = current.index(target)
        keys += ["down" if pos > cursor else "up"] * abs(pos - cursor)
        keys += ["shift+up"] * (pos - target)
        current.insert(target, current.pop(pos))
        cursor = target
    return keys
