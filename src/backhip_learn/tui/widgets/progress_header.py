"""Always-visible session line: title, new / learning / due counts, and a progress bar."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from backhip_learn.tui.backend import SessionCounts


class ProgressHeader(Widget):
    """``Title   New 3  Learning 1  Due 5   ███░░░ 9 left``, sized to the terminal."""

    COMPONENT_CLASSES = {"progress-header--new", "progress-header--learning", "progress-header--due",
                         "progress-header--bar", "progress-header--empty", "progress-header--flag"}

    def __init__(self, title: str, *, exam: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = title
        self.exam = exam  # exams show "Question 3 of 10" instead of new / learning / due
        self.counts = SessionCounts()
        self.extra = ""

    def update(self, counts: SessionCounts, extra: str = "") -> None:
        """New counts (and an optional note such as the exam clock)."""
        self.counts, self.extra = counts, extra
        self.refresh()

    def render(self) -> Text:
        """Title (shortened first when space is short), counts, then bar and n/total on the right."""
        c = self.counts
        counts = Text()
        if self.exam:
            counts.append(f"Question {min(c.done + 1, c.total)} of {c.total}")
        else:
            counts.append(f"New {c.new}", style=self.get_component_rich_style("progress-header--new"))
            counts.append("  ")
            counts.append(f"Learning {c.learning}", style=self.get_component_rich_style("progress-header--learning"))
            counts.append("  ")
            counts.append(f"Due {c.due}", style=self.get_component_rich_style("progress-header--due"))
        if self.extra:
            counts.append("  ")
            counts.append(self.extra, style=self.get_component_rich_style("progress-header--flag"))
        width = self.size.width or 80
        # Study sessions count down ("12 left"): the total grows as learning cards come back, the rest does not.
        tail = f" {c.done}/{c.total}" if self.exam else f" {c.remaining} left"
        bar_width = max(8, min(40, width - counts.cell_len - len(tail) - len(self.title) - 6))
        room = max(8, width - counts.cell_len - bar_width - len(tail) - 6)
        title = self.title if len(self.title) <= room else self.title[: room - 1] + "…"
        left = Text.assemble((title, "bold"), "  ", counts)
        filled = round(bar_width * c.done / max(c.total, 1))
        right = Text()
        right.append("█" * filled, style=self.get_component_rich_style("progress-header--bar"))
        right.append("░" * (bar_width - filled), style=self.get_component_rich_style("progress-header--empty"))
        right.append(tail)
        gap = max(2, width - left.cell_len - right.cell_len)
        return Text.assemble(left, " " * gap, right, no_wrap=True, overflow="ellipsis")
