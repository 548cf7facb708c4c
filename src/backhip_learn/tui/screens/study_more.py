"""Study more today (Anki's custom study) and today's limits: two small forms over the home screen."""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from backhip_learn.study.queue import Limits

MoreKind = Literal["new", "ahead", "forgotten"]
MORE_ROWS: tuple[tuple[MoreKind, str, str], ...] = (
    ("new", "Extra new cards today", "10"),
    ("ahead", "Review ahead: cards due in the next days", "1"),
    ("forgotten", "Forgotten cards: rated Again in the last days", "1"),
)


def _number(value: str) -> int | None:
    try:
        n = int(value.strip())
    except ValueError:
        return None
    return n if n >= 0 else None


class StudyMoreScreen(ModalScreen[tuple[MoreKind, int] | None]):
    """Three ways to study beyond today's queue; Enter in a row starts it, Esc cancels."""

    CSS_PATH = "home.tcss"  # parsed when the screen is first shown, not at start-up

    BINDINGS = [Binding("escape", "cancel", "Cancel", show=True)]

    def __init__(self, label: str, reason: str | None = None) -> None:
        super().__init__()
        self.label = label
        self.reason = reason

    def compose(self) -> ComposeResult:
        """A title, why the queue stopped (if a limit did), then one number per way."""
        with Vertical(id="more-box", classes="form-box"):
            yield Static(Text(f"Study more today · {self.label}", style="bold"), id="more-title")
            if self.reason:
                yield Static(Text(self.reason), id="more-reason")
            for kind, label, default in MORE_ROWS:
                with Horizontal(classes="form-row"):
                    yield Static(Text(label), classes="form-label")
                    yield Input(default, type="integer", id=f"more-{kind}", classes="form-input")
            yield Static(Text("Tab/↑↓ move · Enter starts that row · Esc cancels"), classes="form-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a row: that way of studying, with its number."""
        event.stop()
        n = _number(event.value)
        if n is None or n == 0:
            self.notify("Give a whole number above 0.", severity="warning", timeout=3)
            return
        kind = str(event.input.id).removeprefix("more-")
        self.dismiss((kind, n))  # type: ignore[arg-type]

    def action_cancel(self) -> None:
        """Esc: nothing changes."""
        self.dismiss(None)


class LimitsScreen(ModalScreen[Limits | None]):
    """Today's new-card and review limits of one deck (today only; the deck's preset stays)."""

    CSS_PATH = "home.tcss"  # parsed when the screen is first shown, not at start-up

    BINDINGS = [Binding("escape", "cancel", "Cancel", show=True)]

    def __init__(self, label: str, limits: Limits, preset: Limits) -> None:
        super().__init__()
        self.label = label
        self.limits = limits
        self.preset = preset

    def compose(self) -> ComposeResult:
        """Two numbers and what the preset says."""
        with Vertical(id="limits-box", classes="form-box"):
            yield Static(Text(f"Today's limits · {self.label}", style="bold"))
            yield Static(Text(f"Preset: {self.preset.new_per_day} new, {self.preset.reviews_per_day} reviews a day. "
                              "A change here lasts until the day ends (4 am)."), classes="form-hint")
            with Horizontal(classes="form-row"):
                yield Static(Text("New cards today"), classes="form-label")
                yield Input(str(self.limits.new_per_day), type="integer", id="limit-new", classes="form-input")
            with Horizontal(classes="form-row"):
                yield Static(Text("Reviews today"), classes="form-label")
                yield Input(str(self.limits.reviews_per_day), type="integer", id="limit-reviews", classes="form-input")
            yield Static(Text("Enter saves both · Esc cancels"), classes="form-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in either box saves both numbers."""
        event.stop()
        new = _number(self.query_one("#limit-new", Input).value)
        reviews = _number(self.query_one("#limit-reviews", Input).value)
        if new is None or reviews is None:
            self.notify("Give whole numbers (0 or more).", severity="warning", timeout=3)
            return
        self.dismiss(Limits(new, reviews))

    def action_cancel(self) -> None:
        """Esc: nothing changes."""
        self.dismiss(None)
