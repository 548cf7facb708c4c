"""The body map of a card: drawn only for items that show a map, pick regions or carry a picture."""

from __future__ import annotations

from rich.text import Text
from textual.app import App
from textual.widgets import Static

from backhip_learn.content.bodymap import map_for
from backhip_learn.content.load import Library
from backhip_learn.content.model import Item
from backhip_learn.study.grading import shuffled_choice_order
from backhip_learn.tui.context import HasContext
from backhip_learn.tui.map_art import render_map
from backhip_learn.tui.widgets.question import LETTERS

# From this terminal height on the answer side keeps the full map: below it the map's eleven rows
# would push the verdict, the right answer and the why under the bottom edge (80x24 leaves a card
# 19 rows), so the answer side draws the map at half size.
FULL_ANSWER_MAP_HEIGHT = 32


def map_text(
    item: Item, names: dict[str, str], *, map_id: str, revealed: bool, width: int, seed: int | str = 0,
    compact: bool = False,
) -> Text:
    """What the map shows for ``item``: its pattern (now or with the answer) and the letters of region choices."""
    choices = item.choice_list()
    labels: dict[str, str] = {}
    for position, index in enumerate(shuffled_choice_order(item, seed)):
        region = choices[index].region
        if region:
            labels[region] = LETTERS[position]
    # A region-picking item or 'highlight: false' keeps its pattern for the answer.
    asked = item.map.regions if item.map is not None and item.map.highlight else ()
    highlight = item.pattern() if revealed else asked
    text = Text()
    if item.map is not None or labels:
        # The legend calls the lit regions the answer only when the question did not show them.
        text = render_map(highlight, names, labels=labels, width=width, revealed=revealed and not asked,
                          map_id=map_id, compact=compact)
    if item.image is not None:
        if text:
            text.append("\n")
        text.append(f"Picture: {item.image} (shown in the Anki deck)", style="italic")
    return text


def course_map_text(app: App[object], item: Item, *, revealed: bool, width: int, seed: int | str = 0,
                    compact: bool = False) -> Text:
    """``map_text`` on the map ``item`` names in the app's course (or the bundled one for a bank alone)."""
    context = app.context if isinstance(app, HasContext) else None
    library = context.library if context is not None else Library()
    found = map_for(library, item.map.name if item.map else None)
    names = {r.id: r.name for r in found[0].regions} if found else {}
    return map_text(item, names, map_id=found[0].id if found else "", revealed=revealed, width=width, seed=seed,
                    compact=compact)


def draw_map(slot: Static, item: Item, *, revealed: bool, seed: int | str = 0) -> None:
    """Fill a screen's map slot for ``item``.

    The question side always has the full map (the learner reads the pattern or picks regions on it);
    the answer side has it at half size on a short terminal.
    """
    compact = revealed and slot.app.size.height < FULL_ANSWER_MAP_HEIGHT
    slot.update(course_map_text(slot.app, item, revealed=revealed, width=max(40, slot.app.size.width - 6), seed=seed,
                                compact=compact))
    slot.set_class(compact, "-compact")  # app.tcss: no blank row under it (its last row is mostly blank)
    slot.display = True
