"""The base of every question widget: it turns keys into a grading response and shows the outcome."""

from __future__ import annotations

from importlib import import_module

from textual.containers import ScrollableContainer
from textual.geometry import Region
from textual.widget import Widget

from backhip_learn.content.model import Item
from backhip_learn.study.grading import Outcome, Response
from backhip_learn.tui.widgets.hanging import HangingRows

LETTERS = "ABCDEFGH"


class Question(Widget):
    """A question of one item type; the review screen asks it for ``response()`` on Enter."""

    def __init__(self, item: Item, *, seed: int | str = 0, id: str | None = None) -> None:
        super().__init__(id=id)
        self.item = item
        self.seed = seed
        self.outcome: Outcome | None = None

    def response(self) -> Response:
        """What the learner answered so far (``DontKnow()`` when nothing was chosen or typed)."""
        raise NotImplementedError

    def reveal(self, outcome: Outcome) -> None:
        """Lock the question and show what was right and wrong."""
        self.outcome = outcome
        self.refresh(layout=True)

    def labels(self) -> dict[int, str]:
        """What the feedback calls each part by (an option's letter on screen); empty: by its text."""
        return {}

    def focus_question(self) -> None:
        """Give the keyboard to the question (its input, or itself).

        A list of options keeps the card at its top: scrolling it into view would hide the prompt
        above it, and the "more below" sign says when the list goes on under the edge.
        """
        if self.can_focus:
            self.focus(scroll_visible=False)

    def show_row(self, row: int) -> None:
        """Once redrawn, scroll the card so that row ``row`` of this question is on screen.

        A letter can pick an option below the bottom edge of a long card; the learner sees what it picked.
        """
        self.call_after_refresh(self._scroll_to_row, row)

    def row_spans(self, width: int) -> list[tuple[int, int]]:
        """(first line, number of lines) of each row of the question drawn ``width`` cells wide."""
        rendered = self.render()
        return rendered.row_spans(self.app.console, width) if isinstance(rendered, HangingRows) else []

    def _scroll_to_row(self, row: int) -> None:
        card = next((node for node in self.ancestors if isinstance(node, ScrollableContainer)), None)
        if card is None:
            return
        spans = self.row_spans(self.content_region.width)
        if 0 <= row < len(spans):
            first, lines = spans[row]
            top = self.content_region.y - card.content_region.y + round(card.scroll_y) + first
            card.scroll_to_region(Region(0, top, 1, lines), animate=False, immediate=True)


def make_question(item: Item, *, seed: int | str = 0) -> Question:
    """The question widget for an item's type."""
    # Only the module of this type is imported (here, so each widget module stays importable on its
    # own, and startup pays for one widget, not six).
    module, name = _WIDGETS[item.type]
    widget: type[Question] = getattr(import_module(f"backhip_learn.tui.widgets.{module}"), name)
    return widget(item, seed=seed, id="question")


_WIDGETS: dict[str, tuple[str, str]] = {
    "basic": ("basic_card", "BasicCard"),
    "mcq": ("choice_list", "ChoiceList"),
    "multi": ("choice_list", "ChoiceList"),
    "true_false": ("choice_list", "ChoiceList"),
    "short": ("typed_answer", "TypedAnswer"),
    "cloze": ("cloze_gaps", "ClozeGaps"),
    "matching": ("matching", "MatchingPairs"),
    "ordering": ("ordering", "OrderingSteps"),
}
