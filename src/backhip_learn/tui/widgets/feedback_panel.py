"""After submitting: right or wrong, the chosen option's feedback, misconceptions, explanation, clinical note, source."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.widget import Widget

from backhip_learn.content.model import NOTE_LABEL, Item, Misconception
from backhip_learn.study.grading import Outcome


class FeedbackPanel(Widget):
    """The verdict and the why; empty until an outcome is shown."""

    COMPONENT_CLASSES = {"feedback-panel--right", "feedback-panel--wrong", "feedback-panel--partial",
                         "feedback-panel--label", "feedback-panel--muted"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = Text()
        self.display = False  # shown by show(), on the answer side

    def show(self, item: Item, outcome: Outcome, *, heading: str | None,
             misconceptions: Mapping[str, Misconception]) -> None:
        """Fill in the panel for one graded answer."""
        s = {n: self.get_component_rich_style(f"feedback-panel--{n}") for n in ("right", "wrong", "partial", "label", "muted")}
        out = Text()
        if outcome.dont_know:
            out.append("Not answered: here is the answer.", style=s["wrong"])
        elif outcome.revealed:
            out.append("Answer shown: grade how well you recalled it.", style=s["label"])
        elif outcome.correct:
            out.append("✓ Correct" + (" (small typo)" if outcome.typo else ""), style=s["right"])
        elif outcome.score > 0:
            out.append(f"◐ Partly right ({round(outcome.score * 100)}%)", style=s["partial"])
        else:
            out.append("✗ Not right", style=s["wrong"])
        if outcome.sure and not outcome.correct and not (outcome.dont_know or outcome.revealed):
            # A confident error is the most useful signal for what to look at again: say it plainly.
            how = "only partly right" if outcome.score > 0 else "wrong"
            out.append(f"\nYou were sure, but this was {how}: worth a closer look.", style=s["wrong"])
        picked = [p for p in outcome.parts if p.selected and p.feedback]
        for part in picked:
            out.append("\n")
            label = "Your choice" if len(picked) == 1 else f"{part.given}"
            out.append(f"{label}: ", style=s["label"])
            out.append(part.feedback or "")
        if not (outcome.dont_know or outcome.revealed):
            # A right option left unpicked is as much an error as a wrong one picked: explain it too.
            for part in outcome.parts:
                if part.is_answer and not part.selected and item.type == "multi":
                    out.append("\n")
                    out.append("Missed: ", style=s["wrong"])
                    out.append(part.expected, style=s["label"])
                    if part.feedback:
                        out.append(f" — {part.feedback}")
        for mid in outcome.misconceptions:
            m = misconceptions.get(mid)
            if m is not None:
                out.append("\n")
                out.append("Common mix-up: ", style=s["label"])
                out.append(m.label)
                out.append(" → ", style=s["label"])
                out.append(m.correction)
        if item.explanation:
            out.append("\n\n")
            out.append("Why: ", style=s["label"])
            out.append(item.explanation)
        if (item.note or "").strip():
            out.append("\n\n" if not item.explanation else "\n")
            out.append(f"{NOTE_LABEL} ", style=s["label"])
            out.append(item.note or "")
        if heading:
            out.append("\n")
            out.append(f"Section: {heading}", style=s["muted"])
        self.text = out
        self.display = True
        self.refresh(layout=True)

    def clear(self) -> None:
        """Hide the panel for the next question."""
        self.text = Text()
        self.display = False

    def render(self) -> Text:
        """The prepared text."""
        return self.text
