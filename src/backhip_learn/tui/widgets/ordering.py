"""Ordering: move steps up and down (space picks a step up, or shift+arrows move it); Enter checks."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from backhip_learn.content.model import Item, Ordering
from backhip_learn.study.grading import DontKnow, Order, Response, shuffled_steps
from backhip_learn.tui.widgets.hanging import HangingRows
from backhip_learn.tui.widgets.question import Question


class OrderingSteps(Question, can_focus=True):
    """The steps in a shuffled start order; the learner rearranges them."""

    COMPONENT_CLASSES = {"ordering--cursor", "ordering--grabbed", "ordering--right", "ordering--wrong",
                         "ordering--muted"}
    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("space", "grab", "Pick up / put down", show=False),
        Binding("shift+up,K", "shift(-1)", "Move step up", show=False),
        Binding("shift+down,J", "shift(1)", "Move step down", show=False),
    ]

    def __init__(self, item: Item, *, seed: int | str = 0, id: str | None = None) -> None:
        super().__init__(item, seed=seed, id=id)
        assert isinstance(item, Ordering)
        self.steps = item.steps
        self.start = shuffled_steps(item, seed)
        self.current = list(self.start)  # position -> original step index
        self.cursor = 0
        self.grabbed = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Nothing moves after submitting."""
        return self.outcome is None

    def action_move(self, step: int) -> None:
        """Move the cursor, carrying the step along when it is picked up."""
        if self.grabbed:
            self.action_shift(step)
            return
        self.cursor = max(0, min(len(self.current) - 1, self.cursor + step))
        self.refresh(layout=True)
        self.show_row(self.cursor)

    def action_grab(self) -> None:
        """Pick up or put down the step under the cursor."""
        self.grabbed = not self.grabbed
        self.refresh(layout=True)

    def action_shift(self, step: int) -> None:
        """Swap the step under the cursor with its neighbour."""
        target = self.cursor + step
        if 0 <= target < len(self.current):
            c = self.current
            c[self.cursor], c[target] = c[target], c[self.cursor]
            self.cursor = target
        self.refresh(layout=True)
        self.show_row(self.cursor)

    def response(self) -> Response:
        """The order as arranged, or don't-know when nothing was moved."""
        if tuple(self.current) == tuple(self.start):
            return DontKnow()
        return Order(tuple(self.current))

    def render(self) -> HangingRows:
        """Numbered steps (long steps wrap under their own text); after submitting, marks and the right step."""
        styles = {n: self.get_component_rich_style(f"ordering--{n}")
                  for n in ("cursor", "grabbed", "right", "wrong", "muted")}
        rows: list[tuple[Text, Text]] = []
        for pos, index in enumerate(self.current):
            step = Text(self.steps[index])
            if self.outcome is not None:
                part = self.outcome.parts[pos]
                ok = part.correct and not self.outcome.dont_know
                step.stylize(styles["right"] if ok else styles["wrong"])
                step.append(" ✓" if ok else " ✗")
                if not ok:
                    step.append(f"\nshould be: {self.steps[pos]}", style=styles["muted"])
            elif pos == self.cursor and self.has_focus:
                step.stylize(styles["grabbed"] if self.grabbed else styles["cursor"])
                if self.grabbed:
                    step.append("  ↕")
            rows.append((Text(f"{pos + 1}."), step))
        return HangingRows(rows, label_width=3)

    def on_focus(self) -> None:
        """Show the cursor."""
        self.refresh()
