"""A short typed answer: an Input, Enter checks it, then a character diff against the answer."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Static

from backhip_learn.content.model import Item
from backhip_learn.study.grading import DontKnow, Outcome, Response, Typed
from backhip_learn.tui.widgets.diff_text import diff_target, diff_text, worth_showing
from backhip_learn.tui.widgets.question import Question


class TypedAnswer(Question):
    """Type the answer; after Enter, what you typed, then (when close) a character diff against the closest answer."""

    COMPONENT_CLASSES = {"typed-answer--extra", "typed-answer--missing", "typed-answer--label"}

    def __init__(self, item: Item, *, seed: int | str = 0, id: str | None = None) -> None:
        super().__init__(item, seed=seed, id=id)

    def compose(self) -> ComposeResult:
        """The input and, hidden until submitted, the diff."""
        yield Input(placeholder="Type your answer; Enter checks (empty = I don't know)", id="typed-input")
        yield Static(id="typed-diff")

    def response(self) -> Response:
        """What was typed, or don't-know when the input is empty."""
        text = self.query_one(Input).value
        return Typed(text) if text.strip() else DontKnow()

    def reveal(self, outcome: Outcome) -> None:
        """Disable the input and show the diff and the answer."""
        super().reveal(outcome)
        self.query_one(Input).disabled = True
        label = self.get_component_rich_style("typed-answer--label")
        extra = self.get_component_rich_style("typed-answer--extra")
        missing = self.get_component_rich_style("typed-answer--missing")
        part = outcome.parts[0] if outcome.parts else None
        out = Text()
        if part is not None and part.given:
            # Exactly what was typed; the character diff against the closest accepted answer on its own line.
            out.append("You typed: ", style=label)
            out.append(part.given)
            if part.typo:
                out.append("  (small typo, counted right)", style=label)
            out.append("\n")
            if worth_showing(part.diff):
                out.append(f'Against "{diff_target(part.diff)}": ', style=label)
                out.append_text(diff_text(part.diff, extra=extra, missing=missing))
                out.append("\n")
        out.append("Answer:    ", style=label)
        out.append(part.expected if part is not None else "")
        accepted = getattr(self.item, "accept", ())
        if accepted:
            out.append("\nAlso accepted: ", style=label)
            out.append(", ".join(accepted))
        self.query_one("#typed-diff", Static).update(out)

    def focus_question(self) -> None:
        """Focus the input."""
        self.query_one(Input).focus()
