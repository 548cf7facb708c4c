"""After submitting: right or wrong, the option's feedback, misconceptions, explanation, clinical note, source."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from backhip_learn.content.model import NOTE_LABEL, Item, Misconception
from backhip_learn.study.grading import Outcome, PartResult


class FeedbackPanel(Widget):
    """The verdict and the why; empty until an outcome is shown."""

    COMPONENT_CLASSES = {"feedback-panel--right", "feedback-panel--wrong", "feedback-panel--partial",
                         "feedback-panel--label", "feedback-panel--muted"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = Text()
        self.display = False  # shown by show(), on the answer side

    def show(self, item: Item, outcome: Outcome, *, heading: str | None,
             misconceptions: Mapping[str, Misconception], labels: Mapping[int, str] | None = None) -> None:
        """Fill in the panel for one graded answer; ``labels`` names options by their letter on screen."""
        s = {n: self.get_component_rich_style(f"feedback-panel--{n}")
             for n in ("right", "wrong", "partial", "label", "muted")}
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
        name = (lambda part: labels.get(part.index, part.given)) if labels else (lambda part: part.given)
        single = item.type != "multi"
        if single:
            for part in outcome.parts:
                if part.selected and part.feedback:
                    out.append("\nYour choice: ", style=s["label"])
                    out.append(part.feedback)
        # The explanation comes straight after the verdict, so that at 80x24 it is on screen without scrolling.
        if item.explanation:
            out.append("\n")
            out.append("Why: ", style=s["label"])
            out.append(item.explanation)
        if not single:
            self._multi_details(out, outcome, misconceptions, name, s)
        else:
            self._mix_ups(out, outcome.misconceptions, misconceptions, s)
        if (item.note or "").strip():
            out.append("\n")
            out.append(f"{NOTE_LABEL} ", style=s["label"])
            out.append(item.note or "")
        if heading:
            out.append("\n")
            out.append(f"Section: {heading}", style=s["muted"])
        self.text = out
        self.display = True
        self.refresh(layout=True)

    @staticmethod
    def _mix_ups(out: Text, ids: Iterable[str], misconceptions: Mapping[str, Misconception],
                 s: Mapping[str, Style], who: Mapping[str, list[str]] | None = None) -> None:
        """One line per distinct misconception, however many options lead to it."""
        for mid in dict.fromkeys(ids):
            m = misconceptions.get(mid)
            if m is None:
                continue
            out.append("\n")
            letters = f" ({', '.join(who[mid])})" if who and who.get(mid) else ""
            out.append(f"Common mix-up{letters}: ", style=s["label"])
            out.append(m.label)
            out.append(" → ", style=s["label"])
            out.append(m.correction)

    def _multi_details(self, out: Text, outcome: Outcome, misconceptions: Mapping[str, Misconception],
                       name: Callable[[PartResult], str], s: Mapping[str, Style]) -> None:
        """Multi-select: wrong picks and missed options, each explained once; shared misconceptions on one line."""
        if outcome.dont_know or outcome.revealed:
            return
        who: dict[str, list[str]] = {}
        for part in outcome.parts:
            if part.selected and not part.is_answer and part.misconception in misconceptions:
                who.setdefault(part.misconception or "", []).append(name(part))
        for part in outcome.parts:
            if part.selected and not part.is_answer and part.feedback and part.misconception not in who:
                out.append(f"\nWrong pick {name(part)}: ", style=s["wrong"])
                out.append(part.feedback)
        self._mix_ups(out, who, misconceptions, s, who)
        self._mix_ups(out, [m for m in outcome.misconceptions if m not in who], misconceptions, s)
        for part in outcome.parts:
            # A right option left unpicked is as much an error as a wrong one picked: explain it too.
            if part.is_answer and not part.selected:
                out.append(f"\nMissed {name(part)}", style=s["wrong"])
                if part.feedback:
                    out.append(f": {part.feedback}")

    def clear(self) -> None:
        """Hide the panel for the next question."""
        self.text = Text()
        self.display = False

    def render(self) -> Text:
        """The prepared text."""
        return self.text
