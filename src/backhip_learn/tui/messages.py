"""Messages that cross screens."""

from __future__ import annotations

from textual.message import Message

from backhip_learn.tui.backend import SessionSummary


class SessionEnded(Message):
    """A review session finished (queue empty or the learner left)."""

    def __init__(self, summary: SessionSummary) -> None:
        super().__init__()
        self.summary = summary


class ProgressChanged(Message):
    """Something was graded, buried or undone: screens showing counts should refresh."""
