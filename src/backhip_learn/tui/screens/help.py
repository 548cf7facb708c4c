"""Every key of the screen underneath, plus the global ones and the disclaimer."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from backhip_learn import DISCLAIMER

# Keys handled inside question widgets, which the screen's own bindings cannot list.
QUESTION_KEYS = (
    ("Enter", "check the answer; with nothing chosen or typed: I don't know (shows the answer)"),
    ("Enter again", "accept the suggested grade and go on"),
    ("1 2 3 4", "grade Again / Hard / Good / Easy instead"),
    ("A-F", "multiple choice: pick (multi: toggle) an option"),
    ("↑ ↓  space", "move between options; space picks or toggles"),
    ("T / F", "true or false"),
    ("Tab", "next gap (cloze); typing goes into the input"),
    ("letters", "matching: pair the highlighted row with that option; Backspace clears"),
    ("space, shift+↑↓", "ordering: pick a step up / move it"),
    ("u, ctrl+z", "undo the last grade"),
    ("b  !  f", "bury until tomorrow / suspend / flag (on choice questions, before checking, "
                "letters pick options: use them on the answer side)"),
    ("PgUp PgDn", "scroll a long card"),
)
KEY_NAMES = {"exclamation_mark": "!", "question_mark": "?", "escape": "Esc", "enter": "Enter"}
GLOBAL_KEYS = (("?", "this help"), ("ctrl+t", "light / dark theme"), ("Esc", "back / end the session"),
               ("ctrl+q", "quit"))


class HelpScreen(ModalScreen[None]):
    """A modal listing keys; any of Escape, ? or q closes it."""

    BINDINGS = [Binding("escape,question_mark,q,enter", "close", "Close", show=False)]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        """Key table in a scrolling box."""
        with VerticalScroll(id="help-box"):
            yield Static(self.key_text(), id="help-text")

    def key_text(self) -> Text:
        """The keys of the screen underneath (its bindings), then the question keys for review screens."""
        out = Text("Keys\n", style="bold")
        for bind in getattr(type(self.under), "BINDINGS", []):
            if isinstance(bind, Binding) and bind.description and bind.action != "app.help":
                keys = ", ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in bind.key.split(","))
                out.append(f"  {keys:<16}", style="bold")
                out.append(bind.description + "\n")
        if type(self.under).__name__ in ("ReviewScreen", "PreviewScreen", "ExamScreen"):
            out.append("\nAnswering\n", style="bold")
            for key, what in QUESTION_KEYS:
                out.append(f"  {key:<16}", style="bold")
                out.append(what + "\n")
        out.append("\nEverywhere\n", style="bold")
        for key, what in GLOBAL_KEYS:
            out.append(f"  {key:<16}", style="bold")
            out.append(what + "\n")
        out.append("\n")
        out.append(DISCLAIMER, style="italic")
        out.append("\n\nEsc closes this help.")
        return out

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
