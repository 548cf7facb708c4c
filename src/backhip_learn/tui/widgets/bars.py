"""Text bar charts: horizontal bars with labels (mastery) and a vertical column chart (forecast)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

BLOCKS = " ▁▂▃▄▅▆▇█"


class BarChart(Widget):
    """Labelled horizontal bars, values 0..1 (``percent``) or counts scaled to the largest."""

    COMPONENT_CLASSES = {"bar-chart--bar", "bar-chart--label", "bar-chart--empty"}

    def __init__(self, rows: Sequence[tuple[str, float, str]], *, percent: bool = True, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows = list(rows)  # (label, value, note)
        self.percent = percent

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """One line a row: bars are drawn to the width they get, never wrapped.

        Measuring the rendered text instead would wrap the bars drawn for the last width when a
        scrollbar narrows the widget, and leave blank lines under the chart.
        """
        return max(1, len(self.rows))

    def render(self) -> Text:
        """One line per row, the bar sized to the widget."""
        bar = self.get_component_rich_style("bar-chart--bar")
        label_style = self.get_component_rich_style("bar-chart--label")
        empty = self.get_component_rich_style("bar-chart--empty")
        if not self.rows:
            return Text("(nothing yet)", style=label_style)
        width = self.size.width or 60
        label_w = min(max(len(r[0]) for r in self.rows), max(12, width // 2))
        note_w = max(len(r[2]) for r in self.rows)
        bar_w = max(5, width - label_w - note_w - 3)
        top = max((r[1] for r in self.rows), default=1) or 1
        out = Text(no_wrap=True, overflow="ellipsis")
        for i, (label, value, note) in enumerate(self.rows):
            share = max(0.0, min(1.0, value if self.percent else value / top))
            filled = share * bar_w
            full = int(filled)
            line = Text(no_wrap=True)
            shown = label if len(label) <= label_w else label[: label_w - 1] + "…"
            line.append(shown.ljust(label_w), style=label_style)
            line.append(" ")
            line.append("█" * full, style=bar)
            rest = bar_w - full
            if rest > 0:
                frac = filled - full
                if frac >= 0.5:
                    line.append("▌", style=bar)
                    rest -= 1
                line.append("·" * rest, style=empty)
            line.append(" " + note.rjust(note_w))
            out.append_text(line)
            if i < len(self.rows) - 1:
                out.append("\n")
        return out


class ColumnChart(Widget):
    """Vertical columns (e.g. cards due per day) with the count above and a label below."""

    COMPONENT_CLASSES = {"bar-chart--bar", "bar-chart--label"}

    def __init__(self, columns: Sequence[tuple[str, int]], *, height: int = 5, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = list(columns)
        self.chart_height = height

    def render(self) -> Text:
        """Columns of block characters, eighths for the top cell."""
        bar = self.get_component_rich_style("bar-chart--bar")
        label = self.get_component_rich_style("bar-chart--label")
        if not self.columns:
            return Text("(nothing scheduled)", style=label)
        width = self.size.width or 60
        col_w = max(3, min(6, width // max(1, len(self.columns))))
        top = max(n for _, n in self.columns) or 1
        h = self.chart_height
        out = Text(no_wrap=True, overflow="crop")
        counts = Text(no_wrap=True)
        for _, n in self.columns:
            counts.append(str(n).center(col_w), style=label)
        out.append_text(counts)
        for row in range(h, 0, -1):
            out.append("\n")
            for _, n in self.columns:
                eighths = round(n / top * h * 8)
                cell = max(0, min(8, eighths - (row - 1) * 8))
                out.append((BLOCKS[cell] * (col_w - 1)).ljust(col_w), style=bar)
        out.append("\n")
        for name, _ in self.columns:
            out.append(name[: col_w - 1].center(col_w), style=label)
        return out
