"""Every key of the screen underneath, plus the global ones and the disclaimer."""

from __future__ import annotations

from rich.table import Table
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
    ("u, ctrl+z", "undo the last grade, bury, suspend or flag"),
    ("PgUp PgDn", "scroll a long card"),
)
KEY_NAMES = {"exclamation_mark": "!", "question_mark": "?", "escape": "Esc", "enter": "Enter", "pageup": "PgUp",
             "pagedown": "PgDn", "down": "↓", "up": "↑"}
GLOBAL_KEYS = (("?, F1", "this help (F1 also while typing)"), ("ctrl+t", "light / dark theme"),
               ("Esc", "back / end the session"), ("ctrl+q", "quit"))


class HelpScreen(ModalScreen[None]):
    """A modal listing keys; any of Escape, ? or q closes it."""

    CSS_PATH = "help.tcss"  # parsed when the screen is first shown, not at start-up

    BINDINGS = [Binding("escape,question_mark,q,enter,f1", "close", "Close", show=False)]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        """One key table per section in a scrolling box, then the disclaimer."""
        with VerticalScroll(id="help-box"):
            for title, rows in self.key_rows():
                yield Static(Text(title, style="bold"), classes="help-section")
                grid = Table.grid(padding=(0, 2))
                grid.add_column(width=16, style="bold")
                grid.add_column(ratio=1)
                for key, what in rows:
                    grid.add_row(Text(key), Text(what))
                yield Static(grid)
            yield Static(Text(DISCLAIMER, style="italic"), id="help-disclaimer")
            yield Static(Text("Esc closes this help."))

    def key_rows(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(section, [(keys, what they do)]): the screen's bindings, question keys on study screens, global keys."""
        rows: list[tuple[str, str]] = []
        for bind in getattr(type(self.under), "BINDINGS", []):
            if isinstance(bind, Binding) and bind.description and bind.action != "app.help":
                keys = ", ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in bind.key.split(","))
                rows.append((keys, bind.description))
        help_keys = getattr(type(self.under), "HELP_KEYS", None)
        if help_keys is not None:  # a screen that lists its own keys (the exam: no grading keys there)
            return [("Keys in this exam", list(help_keys)), ("Everywhere", list(GLOBAL_KEYS))]
        sections = [("Keys on this screen", rows)]
        if type(self.under).__name__ in ("ReviewScreen", "PreviewScreen"):
            sections.append(("Answering", list(QUESTION_KEYS)))
        sections.append(("Everywhere", list(GLOBAL_KEYS)))
        return sections

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
