"""The body map drawn in the terminal: block art of the lower body, highlighted regions and a legend.

Pure (rich only, no Textual): the review screen imports it only when a card has a map, and tests
read its text directly. Each art cell is one region code; a cell prints two columns wide so the
figure keeps its proportions. Highlighted regions print as ``██`` in colour and every other region
as ``░░`` or ``▒▒`` (neighbours alternate), so the pattern reads in monochrome too; letters mark the
regions a learner picks from.
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
) -> Text:
    """The map as terminal text: back and front views, highlighted regions, legend beside (or below when narrow)."""
    labels = labels or {}
    keys = legend(highlight, labels, names, revealed=revealed)
    if map_id != ART_MAP:  # no art for another course's map: its legend says what to look at
        return Text("\n").join(keys)
    back, front = _figure(BACK, highlight, labels), _figure(FRONT, highlight, labels)
    figure_width = 2 * len(BACK[0])
    titles = Text.assemble(
        (BACK_TITLE.center(figure_width), "bold"), GAP, (FRONT_TITLE.center(figure_width), "bold")
    )
    art = [titles] + [Text.assemble(b, GAP, f) for b, f in zip(back, front)]
    beside = width >= 2 * figure_width + len(GAP) + 2 + LEGEND_WIDTH
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
            out.append(Text(" " * (2 * figure_width + len(GAP) + 2)) + key)
        return Text("\n").join(out)
    return Text("\n").join(art + keys)
