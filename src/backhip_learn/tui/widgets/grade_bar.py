"""The four grades with the interval each would give; the suggested one highlighted."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

GRADES = ((1, "Again"), (2, "Hard"), (3, "Good"), (4, "Easy"))


class GradeBar(Widget):
    """``1 Again 1m  2 Hard 6m  3 Good 1d  4 Easy 4d`` plus what Enter does now."""

    COMPONENT_CLASSES = {"grade-bar--suggested", "grade-bar--key", "grade-bar--hint"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.intervals: dict[int, str] = {}
        self.suggested: int | None = None
        self.hint = ""  # set by ask() / show() for each card

    def show(self, intervals: dict[int, str], suggested: int) -> None:
        """Answer side: the grades, with Enter accepting ``suggested``."""
        self.intervals, self.suggested = intervals, suggested
        self.hint = (f"Enter: {dict(GRADES)[suggested]} (suggested)  ·  1-4 choose  ·  "
                     "u undo  ^b bury ^o suspend ^f flag")
        self.refresh(layout=True)

    def ask(self, hint: str) -> None:
        """Question side: no grades yet, just what Enter does."""
        self.intervals, self.suggested, self.hint = {}, None, hint
        self.refresh(layout=True)

    def render(self) -> Text:
        """One line of grades (when answered) and one line of hint."""
        out = Text()
        if self.suggested is not None:
            key = self.get_component_rich_style("grade-bar--key")
            best = self.get_component_rich_style("grade-bar--suggested")
            for n, name in GRADES:
                cell = Text()
                cell.append(f" {n} ", style=key)
                cell.append(f" {name} {self.intervals.get(n, '')}".rstrip() + " ")
                if n == self.suggested:
                    cell.stylize(best)
                out.append_text(cell)
                out.append("  ")
            out.rstrip()
            out.append("\n")
        out.append(self.hint, style=self.get_component_rich_style("grade-bar--hint"))
        return out
