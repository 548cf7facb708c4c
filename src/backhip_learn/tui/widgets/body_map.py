"""The body map of a card as text: drawn only for items that show a map, pick regions or carry a picture."""

from __future__ import annotations

from rich.text import Text

from backhip_learn.content.model import Item
from backhip_learn.study.grading import shuffled_choice_order
from backhip_learn.tui.widgets.question import LETTERS


def map_text(item: Item, names: dict[str, str], *, map_id: str, revealed: bool, width: int, seed: int | str = 0) -> Text:
    """What the map shows for ``item``: its pattern (now or with the answer) and the letters of region choices."""
    from backhip_learn.tui.map_art import render_map

    choices = item.choice_list()
    labels: dict[str, str] = {}
    for position, index in enumerate(shuffled_choice_order(item, seed)):
        region = choices[index].region
        if region:
            labels[region] = LETTERS[position]
    if revealed:
        highlight = item.pattern()
    else:  # a region-picking item or 'highlight: false' keeps its pattern for the answer
        highlight = item.map.regions if item.map is not None and item.map.highlight else ()
    text = Text()
    if item.map is not None or labels:
        text = render_map(highlight, names, labels=labels, width=width, revealed=revealed, map_id=map_id)
    if item.image is not None:
        if text:
            text.append("\n")
        text.append(f"Picture: {item.image} (shown in the Anki deck)", style="italic")
    return text

