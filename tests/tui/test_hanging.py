"""HangingRows draws what the two-column Table.grid it replaced drew, and counts its lines as Textual does."""

from __future__ import annotations

import pytest
from rich.console import Console
from rich.style import Style
from rich.table import Table
from rich.text import Text

from backhip_learn.content.sources import load_content
from backhip_learn.tui.widgets.hanging import HangingRows

TEXTS = [c.text for item in load_content().items for c in item.choice_list()][:120] + ["short", "word " * 30]
STYLES = [Style(), Style(color="red", bold=True), Style(bgcolor="blue")]


def cells(console: Console, renderable: object, width: int) -> list[list[tuple[str, Style]]]:
    """Each line as (character, style) cells, trailing unstyled blanks dropped (the widget fills them)."""
    out = []
    for line in console.render_lines(renderable, console.options.update(width=width)):
        row = [(ch, seg.style or Style()) for seg in line for ch in seg.text]
        while row and row[-1] == (" ", Style()):
            row.pop()
        out.append(row)
    return out


@pytest.mark.parametrize("width", [40, 57, 80, 118])
@pytest.mark.parametrize("style", STYLES)
def test_same_cells_as_the_grid_it_replaced(width: int, style: Style) -> None:
    console = Console(width=width, color_system="truecolor")
    for start in range(0, len(TEXTS), 4):
        texts = TEXTS[start:start + 4]
        grid = Table.grid(padding=(0, 1))
        for column_width in (1, 1, 3):
            grid.add_column(width=column_width)
        grid.add_column(ratio=1)
        rows = []
        for n, text in enumerate(texts):
            mark = "✓" if n == 1 else ""
            grid.add_row(Text(mark, style=style), Text("ABCD"[n], style=style + Style(bold=True)),
                         Text("[ ]", style=style), Text(text, style=style))
            label = Text.assemble((mark or " ", style), " ", ("ABCD"[n], style + Style(bold=True)), " ", ("[ ]", style))
            rows.append((label, Text(text, style=style)))
        assert cells(console, HangingRows(rows), width) == cells(console, grid, width)


def test_every_line_ends_with_a_newline() -> None:
    """Textual sizes a widget by counting newlines in the rendered segments: the last row counts too."""
    console = Console(width=50)
    rows = [(Text("1."), Text("one")), (Text("2."), Text("two " * 20))]
    lines = console.render_lines(HangingRows(rows), console.options.update(width=50))
    newlines = sum(text.count("\n") for text, _, _ in console.render(HangingRows(rows), console.options.update(width=50)))
    assert newlines == len(lines) == 3
