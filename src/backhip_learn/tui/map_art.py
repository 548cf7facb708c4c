"""The body map drawn in the terminal: block art of the lower body, highlighted regions and a legend.

Pure (rich only, no Textual): the review screen imports it only when a card has a map, and tests
read its text directly. Each art cell is one region code; a cell prints two columns wide so the
figure keeps its proportions. Highlighted regions print as ``██`` in colour and every other region
as ``░░`` or ``▒▒`` (neighbours alternate), so the pattern reads in monochrome too; letters mark the
regions a learner picks from.

The compact form (the answer side on a short terminal) draws two art rows in one line with half
blocks (``▀`` ``▄`` ``█`` for highlighted halves) and one column a cell: the same figure at half the
size, six lines instead of ten, with the answer's regions named in a wrapped legend beside it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from rich.style import Style
from rich.text import Text

# The bundled map's id: the only map this art draws (another map gets its legend only).
ART_MAP = "lower-body"

# Seen from behind: the person's left is on the left.
BACK = (
    "  LLLLLLL  ",
    "  LLLLLLL  ",
    " bbbSSSBBB ",
    " bbbbSBBBB ",
    " ttt   TTT ",
    " ttt   TTT ",
    " ccc   CCC ",
    " ccc   CCC ",
    " ff     FF ",
)
# Seen from the front: the person's right is on the left.
FRONT = (
    "  .......  ",
    " h.......H ",
    " hgg...GGH ",
    " oggg GGGO ",
    " oaa   AAO ",
    " oaa   AAO ",
    "  ..   ..  ",
    "  ..   ..  ",
    "  ..   ..  ",
)
CODES: dict[str, str] = {
    "L": "lower-back", "S": "sacrum", "b": "buttock-l", "B": "buttock-r",
    "t": "posterior-thigh-l", "T": "posterior-thigh-r", "c": "lower-leg-l", "C": "lower-leg-r",
    "f": "foot-l", "F": "foot-r",
    "h": "lateral-hip-r", "H": "lateral-hip-l", "g": "groin-r", "G": "groin-l",
    "o": "lateral-thigh-r", "O": "lateral-thigh-l", "a": "anterior-thigh-r", "A": "anterior-thigh-l",
}
# Neighbouring regions alternate between two shades so their borders show without colour.
DARKER = frozenset("LbBcChHaA")
BACK_TITLE = "L   BACK   R"
FRONT_TITLE = "R  FRONT   L"
COMPACT_BACK_TITLE = "L BACK R"
COMPACT_FRONT_TITLE = "R FRONT L"

HIGHLIGHT = Style(color="red", bold=True)
REGION = Style(color="grey62")
BODY = Style(color="grey42")
LABEL = Style(reverse=True, bold=True)
GAP = " "
LEGEND_WIDTH = 20  # beside the figure from this width on (longer names end in an ellipsis)


def _anchor(art: Sequence[str], code: str) -> tuple[int, int] | None:
    """The cell of a region nearest its middle (where its letter goes)."""
    cells = [(r, c) for r, row in enumerate(art) for c, ch in enumerate(row) if ch == code]
    if not cells:
        return None
    mr = sum(r for r, _ in cells) / len(cells)
    mc = sum(c for _, c in cells) / len(cells)
    return min(cells, key=lambda rc: ((rc[0] - mr) ** 2 + (rc[1] - mc) ** 2, rc))


def _figure(art: Sequence[str], highlight: Collection[str], labels: Mapping[str, str]) -> list[Text]:
    anchors: dict[tuple[int, int], str] = {}
    for code, region_id in CODES.items():
        cell = _anchor(art, code)
        if region_id in labels and cell is not None:
            anchors[cell] = labels[region_id]
    rows: list[Text] = []
    for r, row in enumerate(art):
        line = Text()
        for c, ch in enumerate(row):
            region = CODES.get(ch)
            if region is None:
                line.append("··" if ch == "." else "  ", BODY)
                continue
            lit = region in highlight
            glyph, style = ("██", HIGHLIGHT) if lit else ("▒▒" if ch in DARKER else "░░", REGION)
            label = anchors.get((r, c))
            if label is not None:
                line.append(label[:1], LABEL)
                line.append(glyph[1], style)
            else:
                line.append(glyph, style)
        rows.append(line)
    return rows


def _half_figure(art: Sequence[str], highlight: Collection[str], labels: Mapping[str, str]) -> list[Text]:
    """The figure at half size: each character is one art cell wide and two art rows high."""
    rows = [*art, " " * len(art[0])] if len(art) % 2 else list(art)
    anchors: dict[tuple[int, int], str] = {}
    for code, region_id in CODES.items():
        cell = _anchor(art, code)
        if region_id in labels and cell is not None:
            anchors.setdefault((cell[0] // 2, cell[1]), labels[region_id])  # a shared cell keeps its first letter
    out: list[Text] = []
    for r in range(0, len(rows), 2):
        line = Text()
        for c, (top, bottom) in enumerate(zip(rows[r], rows[r + 1])):
            label = anchors.get((r // 2, c))
            if label is not None:
                line.append(label[:1], LABEL)
                continue
            lit_top, lit_bottom = CODES.get(top) in highlight, CODES.get(bottom) in highlight
            if lit_top or lit_bottom:
                line.append("█" if lit_top and lit_bottom else "▀" if lit_top else "▄", HIGHLIGHT)
            elif top in CODES or bottom in CODES:
                line.append("▒" if (top if top in CODES else bottom) in DARKER else "░", REGION)
            else:
                line.append("·" if "." in (top, bottom) else " ", BODY)
        out.append(line)
    return out


def _views(highlight: Collection[str], labels: Mapping[str, str], *, compact: bool) -> list[Text]:
    """The titles, then the back and front views side by side, row by row."""
    if compact:
        back, front = _half_figure(BACK, highlight, labels), _half_figure(FRONT, highlight, labels)
        view_width, back_title, front_title = len(BACK[0]), COMPACT_BACK_TITLE, COMPACT_FRONT_TITLE
    else:
        back, front = _figure(BACK, highlight, labels), _figure(FRONT, highlight, labels)
        view_width, back_title, front_title = 2 * len(BACK[0]), BACK_TITLE, FRONT_TITLE
    titles = Text.assemble((back_title.center(view_width), "bold"), GAP, (front_title.center(view_width), "bold"))
    return [titles] + [Text.assemble(b, GAP, f) for b, f in zip(back, front)]


def compact_legend(
    highlight: Sequence[str], labels: Mapping[str, str], names: Mapping[str, str], *, revealed: bool, width: int,
    rows: int,
) -> list[Text]:
    """The legend in few lines: the highlighted regions' names run on, wrapped to ``width``; the shading's
    key only when it fits in ``rows``."""
    if not highlight:
        return legend(highlight, labels, names, revealed=revealed)
    lines = [Text.assemble(("██", HIGHLIGHT), " the answer:" if revealed else " where the pain is:")]
    line = Text("   ")
    for n, region in enumerate(highlight):
        name = names.get(region, region) + ("," if n < len(highlight) - 1 else "")
        if line.cell_len > 3 and line.cell_len + 1 + len(name) > width:
            lines.append(line)
            line = Text("   ")
        line.append(("" if line.cell_len == 3 else " ") + name)
    lines.append(line)
    if len(lines) < rows:
        lines.append(Text.assemble(("░▒", REGION), " other regions"))
    return lines


def legend(
    highlight: Sequence[str], labels: Mapping[str, str], names: Mapping[str, str], *, revealed: bool
) -> list[Text]:
    """Lines naming the highlighted regions (and, before the answer, what the letters mark)."""
    lines: list[Text] = []
    if highlight:
        lines.append(Text.assemble(("██", HIGHLIGHT), " where the pain is:" if not revealed else " the answer:"))
        for region in highlight:
            lines.append(Text.assemble(("██ ", HIGHLIGHT), names.get(region, region)))
    if labels and not highlight:
        lines.append(Text("Letters mark the regions"))
        lines.append(Text("of the choices below."))
    lines.append(Text.assemble(("░▒", REGION), " other regions"))
    return lines


def render_map(
    highlight: Sequence[str],
    names: Mapping[str, str],
    *,
    labels: Mapping[str, str] | None = None,
    width: int = 80,
    revealed: bool = False,
    map_id: str = ART_MAP,
    compact: bool = False,
) -> Text:
    """The map as terminal text: back and front views, highlighted regions, legend beside (or below when narrow).

    ``compact`` draws it at half size with a run-on legend (see the module's docstring).
    """
    labels = labels or {}
    if map_id != ART_MAP:  # no art for another course's map: its legend says what to look at
        return Text("\n").join(legend(highlight, labels, names, revealed=revealed))
    art = _views(highlight, labels, compact=compact)
    art_width = art[0].cell_len
    beside = width >= art_width + 2 + LEGEND_WIDTH
    if compact:
        keys = compact_legend(highlight, labels, names, revealed=revealed,
                              width=width - art_width - 2 if beside else width, rows=len(art) - 1)
    else:
        keys = legend(highlight, labels, names, revealed=revealed)
    if beside:
        out = []
        for k, row in enumerate(art):
            line = row.copy()
            if 0 < k <= len(keys):
                line.append("  ")
                key = keys[k - 1].copy()
                key.truncate(width - line.cell_len, overflow="ellipsis")
                line.append_text(key)
            out.append(line)
        for key in keys[len(art) - 1:]:
            out.append(Text(" " * (art_width + 2)) + key)
        return Text("\n").join(out)
    return Text("\n").join(art + keys)
