"""Rows of ``label text`` whose long text wraps under itself, not under the label.

What a two-column ``rich.table.Table.grid`` draws for options and steps, without the table's column
measuring: the question widgets render on every key press and on the study app's first frame, and a
grid of 4-6 rows cost a few milliseconds each time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text


class HangingRows:
    """A Rich renderable: each row's label, one space, then its text wrapped to the rest of the width.

    Drawn as ``Table.grid(padding=(0, 1))`` with a label column and a text column would draw it (the
    widget fills the rest of each line).
    """

    def __init__(self, rows: Iterable[tuple[Text, Text]], *, label_width: int | None = None) -> None:
        self.rows: Sequence[tuple[Text, Text]] = list(rows)
        widest = max((label.cell_len for label, _ in self.rows), default=0)
        self.label_width = widest if label_width is None else max(label_width, widest)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent, wrapped = self._wrap(console, options.max_width)
        out = Text()
        for n, ((label, _), lines) in enumerate(zip(self.rows, wrapped)):
            for i, line in enumerate(lines):
                if n or i:
                    out.append("\n")
                if i == 0:
                    out.append_text(label)
                    out.append(" " * (indent - label.cell_len), style=label.style)
                else:
                    out.append(" " * indent)
                out.append_text(line)
        yield out

    def row_spans(self, console: Console, max_width: int) -> list[tuple[int, int]]:
        """(first line, number of lines) of each row when drawn ``max_width`` cells wide."""
        spans: list[tuple[int, int]] = []
        top = 0
        for lines in self._wrap(console, max_width)[1]:
            spans.append((top, len(lines)))
            top += len(lines)
        return spans

    def _wrap(self, console: Console, max_width: int) -> tuple[int, list[list[Text]]]:
        """The text column's indent, and each row's text wrapped to the rest of the width."""
        indent = self.label_width + 1
        # The text column is as wide as its longest line, at most the rest of the width (as a grid's).
        longest = max((cell_len(part) for _, text in self.rows for part in text.plain.split("\n")), default=0)
        width = max(1, min(max_width - indent, longest))
        return indent, [list(text.wrap(console, width, justify="left")) or [Text()] for _, text in self.rows]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        indent = self.label_width + 1
        longest = max((text.cell_len for _, text in self.rows), default=0)
        return Measurement(min(indent + 1, options.max_width), min(indent + longest, options.max_width))
