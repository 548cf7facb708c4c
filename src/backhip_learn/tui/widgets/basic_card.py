"""A plain flashcard: Enter shows the back, then the learner grades themselves."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from backhip_learn.content.model import Basic
from backhip_learn.study.grading import Outcome, Response, Revealed
from backhip_learn.tui.widgets.question import Question


class BasicCard(Question):
    """Front first; Enter reveals the back."""

    def compose(self) -> ComposeResult:
        """A hint now, the back after Enter."""
        yield Static(Text("Recall the answer, then press Enter to show it."), id="basic-back")

    def response(self) -> Response:
        """Showing the back is the only response."""
        return Revealed()

    def reveal(self, outcome: Outcome) -> None:
        """Show the back."""
        super().reveal(outcome)
        back = self.item.back if isinstance(self.item, Basic) else ""
        static = self.query_one("#basic-back", Static)
        static.update(Text(back))
        static.add_class("revealed")
