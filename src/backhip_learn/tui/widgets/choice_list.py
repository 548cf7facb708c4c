"""Choices for mcq (one), multi (several) and true/false: letters, arrows, space, Enter."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.binding import Binding

from backhip_learn.content.model import Item, TrueFalse
from backhip_learn.study.grading import Choices, DontKnow, Response, shuffled_choice_order
from backhip_learn.tui.widgets.hanging import HangingRows
from backhip_learn.tui.widgets.question import LETTERS, Question


class ChoiceList(Question, can_focus=True):
    """Lettered options. mcq: a letter or the arrows pick one; multi: letters or space toggle; T/F."""

    COMPONENT_CLASSES = {
        "choice-list--cursor",
        "choice-list--selected",
        "choice-list--right",
        "choice-list--wrong",
        "choice-list--feedback",
    }
    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("space", "toggle_option", "Toggle", show=False),
        Binding("t,T", "truth(0)", "True", show=False),
        Binding("a,A", "pick(0)", show=False),
        Binding("b,B", "pick(1)", show=False),
        Binding("c,C", "pick(2)", show=False),
        Binding("d,D", "pick(3)", show=False),
        Binding("e,E", "pick(4)", show=False),
        Binding("f,F", "pick(5)", show=False),
    ]

    def __init__(self, item: Item, *, seed: int | str = 0, id: str | None = None) -> None:
        super().__init__(item, seed=seed, id=id)
        self.choices = item.choice_list()
        self.order = shuffled_choice_order(item, seed)  # display position -> YAML index
        self.single = item.type != "multi"
        self.is_tf = isinstance(item, TrueFalse)
        self.cursor: int | None = None  # display position
        self.selected: set[int] = set()  # YAML indices

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Letters beyond the options, and every key after submitting, fall through to the screen."""
        if self.outcome is not None:
            return False
        if action == "truth":
            return self.is_tf
        if action == "pick":
            n = len(self.choices)
            index = int(str(parameters[0]))
            if self.is_tf:
                return index == 5  # F means False; the other letters are free for the screen
            return index < n
        return True

    def action_move(self, step: int) -> None:
        """Move the cursor; in a single-answer question the cursor is the choice."""
        n = len(self.order)
        self.cursor = (0 if step > 0 else n - 1) if self.cursor is None else (self.cursor + step) % n
        if self.single:
            self.selected = {self.order[self.cursor]}
        self.refresh(layout=True)
        self.show_row(self.cursor)

    def action_toggle_option(self) -> None:
        """Space: toggle (multi) or pick (single) the option under the cursor."""
        if self.cursor is None:
            self.cursor = 0
        self._choose(self.cursor)

    def action_pick(self, position: int) -> None:
        """A letter: pick (single) or toggle (multi) that option; F on a true/false item means False."""
        if self.is_tf:
            position = 1
        self.cursor = position
        self._choose(position)

    def action_truth(self, position: int) -> None:
        """T: True."""
        self.cursor = position
        self._choose(position)

    def _choose(self, position: int) -> None:
        index = self.order[position]
        if self.single:
            self.selected = {index}
        else:
            self.selected ^= {index}
        self.refresh(layout=True)
        self.show_row(position)

    def response(self) -> Response:
        """The picked options in YAML order, or don't-know when none."""
        return Choices(tuple(sorted(self.selected))) if self.selected else DontKnow()

    def labels(self) -> dict[int, str]:
        """Each option's letter as shown (T and F on a true/false item)."""
        if self.is_tf:
            return {0: "T", 1: "F"}
        return {index: LETTERS[pos] for pos, index in enumerate(self.order)}

    def render(self) -> HangingRows:
        """One row per option, long options wrapping under their own text; marks after submitting.

        After submitting only the options that matter stay (picked or right): the answer side fits 80x24.
        """
        cursor = self.get_component_rich_style("choice-list--cursor")
        chosen = self.get_component_rich_style("choice-list--selected")
        right = self.get_component_rich_style("choice-list--right")
        wrong = self.get_component_rich_style("choice-list--wrong")
        muted = self.get_component_rich_style("choice-list--feedback")
        rows: list[tuple[Text, Text]] = []
        for pos, index in enumerate(self.order):
            choice = self.choices[index]
            picked = index in self.selected
            if self.outcome is not None and not picked and not choice.correct and not self.is_tf:
                continue
            box = ("(●)" if picked else "( )") if self.single else ("[x]" if picked else "[ ]")
            letter = ("T" if index == 0 else "F") if self.is_tf else LETTERS[pos]
            mark = ""
            missed = False
            style = chosen if picked else Style()
            if self.outcome is not None:
                if choice.correct and not picked and not self.single:
                    mark, style, missed = "!", wrong, True
                elif choice.correct:
                    mark, style = "✓", right
                elif picked:
                    mark, style = "✗", wrong
                else:
                    style = muted
            elif pos == self.cursor and self.has_focus:
                style = style + cursor
            label = Text.assemble((mark or " ", style), " ", (letter, style + Style(bold=True)), " ", (box, style))
            text = Text(choice.text, style=style)
            if missed:
                text.append("  (missed)", style=wrong + Style(bold=True))
            rows.append((label, text))
        return HangingRows(rows)

    def on_focus(self) -> None:
        """Show the cursor."""
        self.refresh()

    def on_blur(self) -> None:
        """Hide the cursor."""
        self.refresh()
