"""The base of every question widget: it turns keys into a grading response and shows the outcome."""

from __future__ import annotations

from textual.widget import Widget

from backhip_learn.content.model import Item
from backhip_learn.study.grading import Outcome, Response

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

    def focus_question(self) -> None:
        """Give the keyboard to the question (its input, or itself)."""
        if self.can_focus:
            self.focus()


def make_question(item: Item, *, seed: int | str = 0) -> Question:
    """The question widget for an item's type."""
    # Imported here so each widget module stays importable on its own.
    from backhip_learn.tui.widgets.basic_card import BasicCard
    from backhip_learn.tui.widgets.choice_list import ChoiceList
    from backhip_learn.tui.widgets.cloze_gaps import ClozeGaps
    from backhip_learn.tui.widgets.matching import MatchingPairs
    from backhip_learn.tui.widgets.ordering import OrderingSteps
    from backhip_learn.tui.widgets.typed_answer import TypedAnswer

    kinds: dict[str, type[Question]] = {
        "basic": BasicCard,
        "mcq": ChoiceList,
        "multi": ChoiceList,
        "true_false": ChoiceList,
        "short": TypedAnswer,
        "cloze": ClozeGaps,
        "matching": MatchingPairs,
        "ordering": OrderingSteps,
    }
    return kinds[item.type](item, seed=seed, id="question")
