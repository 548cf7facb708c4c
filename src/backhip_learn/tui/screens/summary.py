"""The end of a session: cards, accuracy, time, when the next cards are due."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Static

from backhip_learn.tui.backend import SessionSummary
from backhip_learn.tui.widgets.grade_bar import GRADES
from backhip_learn.tui.widgets.key_footer import KeyFooter


def format_duration(seconds: float) -> str:
    """``42s``, ``3m 05s``, ``1h 02m``."""
    s = int(round(seconds))
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m {s % 60:02d}s"
    return f"{s // 3600}h {s % 3600 // 60:02d}m"


class SummaryScreen(Screen[None]):
    """What this session did; Enter or Escape goes back (or quits when there is nowhere to go)."""

    BINDINGS = [
        Binding("enter", "leave", "Done", show=True),
        Binding("escape", "leave", "Back", show=True),
        Binding("s", "app.stats", "Statistics", show=True),
        Binding("question_mark", "app.help", "Help", show=True),
    ]

    def __init__(self, summary: SessionSummary) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        """A centred box of figures."""
        s = self.summary
        text = Text("Session complete\n\n", style="bold")
        rows = [
            ("Cards", str(s.cards)),
            ("Accuracy", f"{round(s.accuracy * 100)}%" if s.cards else "—"),
            ("Time", format_duration(s.seconds)),
            ("Next due", s.next_due or "—"),
        ]
        for label, value in rows:
            text.append(f"{label:<10}", style="bold")
            text.append(value + "\n")
        if s.ratings:
            text.append("Grades    ", style="bold")
            text.append("  ".join(f"{name} {s.ratings.get(n, 0)}" for n, name in GRADES) + "\n")
        text.append("\nEnter: done  ·  s: statistics")
        with Center(), Vertical(id="summary-box"):
            yield Static(text, id="summary")
        yield KeyFooter()

    def action_leave(self) -> None:
        """Back to the home screen if it is underneath, else quit."""
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()
