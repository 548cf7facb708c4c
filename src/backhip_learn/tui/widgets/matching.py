"""Matching: for the highlighted left side press the letter of its right side; Enter checks."""

from __future__ import annotations

from rich.console import Group
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.binding import Binding

from backhip_learn.content.model import Item, Matching
from backhip_learn.study.grading import OPEN, DontKnow, Pairs, Response, shuffled_pairs
from backhip_learn.tui.widgets.hanging import HangingRows
from backhip_learn.tui.widgets.question import LETTERS, Question


class MatchingPairs(Question, can_focus=True):
    """Left sides in rows, right sides lettered; a letter pairs the row under the cursor."""

    COMPONENT_CLASSES = {"matching--cursor", "matching--right", "matching--wrong", "matching--muted"}
    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("backspace,delete", "clear", "Clear pair", show=False),
        *[Binding(f"{c.lower()},{c}", f"assign({i})", show=False) for i, c in enumerate(LETTERS)],
    ]

    def __init__(self, item: Item, *, seed: int | str = 0, id: str | None = None) -> None:
        super().__init__(item, seed=seed, id=id)
        assert isinstance(item, Matching)
        self.pairs = item.pairs
        self.options = shuffled_pairs(item, seed)  # letter position -> index into pairs
        self.chosen: list[int | None] = [None] * len(self.pairs)  # left -> letter position
        self.cursor = 0

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Letters past the options, and everything after submitting, fall through to the screen."""
        if self.outcome is not None:
            return False
        if action == "assign":
            return int(str(parameters[0])) < len(self.options)
        return True

    def action_move(self, step: int) -> None:
        """Move between left sides."""
        self.cursor = (self.cursor + step) % len(self.pairs)
        self.refresh(layout=True)
        self.show_row(self.cursor)

    def action_assign(self, position: int) -> None:
        """Pair the row under the cursor with this option (taking it from any other row), then go down."""
        for left, pos in enumerate(self.chosen):
            if pos == position:
                self.chosen[left] = None
        self.chosen[self.cursor] = position
        if self.cursor < len(self.pairs) - 1:
            self.cursor += 1
        self.refresh(layout=True)
        self.show_row(self.cursor)

    def action_clear(self) -> None:
        """Unpair the row under the cursor."""
        self.chosen[self.cursor] = None
        self.refresh(layout=True)

    def response(self) -> Response:
        """The pairing; rows left open stay open (and score nothing); nothing paired = don't know."""
        if all(c is None for c in self.chosen):
            return DontKnow()
        return Pairs(tuple(OPEN if pos is None else self.options[pos] for pos in self.chosen))

    def render(self) -> Group | HangingRows:
        """A grid of rows ``1. Left -> B Right`` (wrapping inside their columns), then the lettered options."""
        right = self.get_component_rich_style("matching--right")
        wrong = self.get_component_rich_style("matching--wrong")
        muted = self.get_component_rich_style("matching--muted")
        if self.outcome is not None:
            return self._answered(right, wrong, muted)
        used = {p for p in self.chosen if p is not None}
        options = Table.grid(padding=(0, 1))
        options.add_column(width=2)
        options.add_column(width=1)
        options.add_column(ratio=1)
        for pos, index in enumerate(self.options):
            style = muted if pos in used else Style()
            options.add_row(Text(""), Text(LETTERS[pos], style=style + Style(bold=True)),
                            Text(self.pairs[index].right, style=style))
        return Group(self._rows(range(len(self.pairs))), Text(""), options)

    def _rows(self, lefts: range) -> Table:
        """The rows ``1. Left -> B Right`` of these left sides, as one grid."""
        cursor = self.get_component_rich_style("matching--cursor")
        muted = self.get_component_rich_style("matching--muted")
        width = self.size.width or 80
        rows = Table.grid(padding=(0, 1))
        rows.add_column(width=2)
        rows.add_column(width=min(max(len(p.left) for p in self.pairs), max(12, width // 3)))
        rows.add_column(width=1)
        rows.add_column(ratio=1)
        for left in lefts:
            pos = self.chosen[left]
            chosen = (Text("?", style=muted) if pos is None
                      else Text(f"{LETTERS[pos]}  {self.pairs[self.options[pos]].right}"))
            style = cursor if left == self.cursor and self.has_focus else Style()
            rows.add_row(Text(f"{left + 1}.", style=style), Text(self.pairs[left].left, style=style),
                         Text("→", style=style), Text.assemble(chosen, style=style))
        return rows

    def row_spans(self, width: int) -> list[tuple[int, int]]:
        """Each left side's row on the question side (the answer side is one paragraph a row)."""
        if self.outcome is not None:
            return super().row_spans(width)
        console = self.app.console
        options = console.options.update_width(width)
        spans: list[tuple[int, int]] = []
        top = 0
        for left in range(len(self.pairs)):
            lines = len(console.render_lines(self._rows(range(left, left + 1)), options, pad=False))
            spans.append((top, lines))
            top += lines
        return spans

    def _answered(self, right: Style, wrong: Style, muted: Style) -> HangingRows:
        """Answer side: one paragraph a row (``left → given ✓``, or ``✗`` and the answer) across the whole width.

        Full-width rows take about half the lines of the question side's columns, so that the verdict and
        the explanation below fit at 80x24.
        """
        assert self.outcome is not None
        rows: list[tuple[Text, Text]] = []
        for left, pair in enumerate(self.pairs):
            part = self.outcome.parts[left]
            ok = part.correct and not self.outcome.dont_know
            style = right if ok else wrong
            text = Text(pair.left)
            text.append(" → ")
            text.append(part.given or "(left open)", style=style)
            if not ok:
                text.append("  answer: ", style=muted)
                text.append(part.expected)
            rows.append((Text.assemble(("✓" if ok else "✗", style), f" {left + 1}."), text))
        return HangingRows(rows)

    def on_focus(self) -> None:
        """Show the cursor."""
        self.refresh()
