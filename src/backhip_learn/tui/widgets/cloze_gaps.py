"""A cloze text: numbered gaps, one Input each; Enter in any gap checks them all.

A cloze card (``ClozeCard``, one per gap number) asks only the gaps of its number and shows the
others filled in; a whole cloze (an exam question) asks every gap.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from backhip_learn.content.cards import ClozeCard
from backhip_learn.content.model import Cloze, Item
from backhip_learn.study.grading import ClozeAnswers, DontKnow, Outcome, Response
from backhip_learn.tui.widgets.diff_text import diff_target, diff_text, worth_showing
from backhip_learn.tui.widgets.question import Question


class ClozeGaps(Question):
    """Gaps shown as ``(1)____``; Tab moves between gap inputs."""

    COMPONENT_CLASSES = {"cloze-gaps--gap", "cloze-gaps--right", "cloze-gaps--wrong", "cloze-gaps--extra",
                         "cloze-gaps--missing", "cloze-gaps--label"}

    def __init__(self, item: Item, *, seed: int | str = 0, id: str | None = None) -> None:
        super().__init__(item, seed=seed, id=id)
        assert isinstance(item, Cloze)
        self.gaps = item.gaps()
        # Indices of the gaps asked, in text order; input k (``#gap-k``) is for gap ``self.asked[k]``.
        self.asked = item.asked() if isinstance(item, ClozeCard) else tuple(range(len(self.gaps)))

    def compose(self) -> ComposeResult:
        """The text with numbered gaps, then one labelled input per gap."""
        yield Static(self._text(), id="cloze-text")
        for k, i in enumerate(self.asked):
            gap = self.gaps[i]
            with Horizontal(classes="cloze-row"):
                yield Label(f"({k + 1})", classes="cloze-label")
                hint = f"hint: {gap.hint}" if gap.hint else "type the missing word(s)"
                yield Input(placeholder=hint, id=f"gap-{k}", classes="cloze-input")

    def _text(self) -> Text:
        """The cloze text; gaps blank before submitting, filled (and marked) after."""
        assert isinstance(self.item, Cloze)
        gap_style = self.get_component_rich_style("cloze-gaps--gap") if self.is_mounted else None
        out = Text()
        pos = 0
        number = {i: k for k, i in enumerate(self.asked)}
        parts = {p.index: p for p in self.outcome.parts} if self.outcome is not None else {}
        for i, gap in enumerate(self.gaps):
            out.append(self.item.text[pos : gap.start])
            if i not in number:  # another card's gap: shown, as Anki shows it
                out.append(gap.answer)
            elif i not in parts:
                out.append(f"({number[i] + 1})____", style=gap_style or "")
            else:
                style = self.get_component_rich_style("cloze-gaps--right" if parts[i].correct else "cloze-gaps--wrong")
                out.append(gap.answer, style=style)
            pos = gap.end
        out.append(self.item.text[pos:])
        return out

    def on_mount(self) -> None:
        """Styles are known once mounted."""
        self.query_one("#cloze-text", Static).update(self._text())

    def response(self) -> Response:
        """Typed text per gap index, or don't-know when every gap is empty."""
        answers = {i: self.query_one(f"#gap-{k}", Input).value for k, i in enumerate(self.asked)}
        if not any(v.strip() for v in answers.values()):
            return DontKnow()
        return ClozeAnswers(answers)

    def reveal(self, outcome: Outcome) -> None:
        """Fill in the answers and show a diff under each gap's input."""
        super().reveal(outcome)
        self.query_one("#cloze-text", Static).update(self._text())
        extra = self.get_component_rich_style("cloze-gaps--extra")
        missing = self.get_component_rich_style("cloze-gaps--missing")
        label = self.get_component_rich_style("cloze-gaps--label")
        inputs = {i: k for k, i in enumerate(self.asked)}
        for part in outcome.parts:
            if part.index not in inputs:
                continue
            inp = self.query_one(f"#gap-{inputs[part.index]}", Input)
            inp.disabled = True
            row = inp.parent
            assert isinstance(row, Widget)
            note = Text()
            if part.given:
                # What was typed stays in the input; here only the verdict and, when close, the diff.
                note.append("✓" if part.correct else "✗")
                if worth_showing(part.diff):
                    note.append(f' against "{diff_target(part.diff)}": ', style=label)
                    note.append_text(diff_text(part.diff, extra=extra, missing=missing))
                elif not part.correct:
                    note.append(" answer: ", style=label)
                    note.append(part.expected)
                if part.typo:
                    note.append(" (small typo)", style=label)
            else:
                note.append("(blank) → ", style=label)
                note.append(part.expected)
            row.mount(Static(note, classes="cloze-diff"))

    def focus_question(self) -> None:
        """Focus the first gap."""
        if self.asked:
            self.query_one("#gap-0", Input).focus()
