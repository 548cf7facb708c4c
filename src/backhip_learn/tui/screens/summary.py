"""The end of a session: cards, accuracy, time, when the next cards are due."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Static

from backhip_learn.tui.backend import SessionSummary
from backhip_learn.tui.messages import ends_on_store_error
from backhip_learn.tui.widgets.grade_bar import GRADES
from backhip_learn.tui.widgets.key_footer import KeyFooter


def format_duration(seconds: float) -> str:
    """``42s``, ``3m 05s``, ``1h 02m``."""
    s = round(seconds)
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m {s % 60:02d}s"
    return f"{s // 3600}h {s % 3600 // 60:02d}m"


class SummaryScreen(Screen[None]):
    """What this session did; Enter or Escape goes back (or quits when there is nowhere to go)."""

    CSS_PATH = "summary.tcss"  # parsed when the screen is first shown, not at start-up

    BINDINGS = [
        Binding("enter", "leave", "Done", show=True),
        Binding("escape", "leave", "Back", show=True),
        Binding("w", "wait", "Wait for the next learning card", show=True),
        Binding("s", "app.stats", "Statistics", show=True),
        Binding("question_mark", "app.help", "Help", show=True),
    ]

    def __init__(self, summary: SessionSummary, *, resume: Callable[[], Screen[None]] | None = None,
                 ready: Callable[[], bool] | None = None) -> None:
        super().__init__()
        self.summary = summary
        self.resume = resume  # the session again, once a learning card is due
        self.ready = ready
        self.waiting = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Waiting makes sense only while learning cards come back later today."""
        if action == "wait":
            return bool((self.summary.learning_left or self.summary.left) and self.resume and self.ready)
        return True

    def compose(self) -> ComposeResult:
        """A centred box of figures."""
        with Center(), Vertical(id="summary-box"):
            yield Static(self.text(), id="summary")
        yield KeyFooter()

    def text(self) -> Text:
        """The figures; a break (not "complete") while learning cards come back today."""
        s = self.summary
        if s.left:
            more = f" and {s.learning_left} learning" if s.learning_left else ""
            text = Text(f"Stopped: {s.left} card{'s' if s.left != 1 else ''}{more} left today\n\n", style="bold")
        elif s.learning_left:
            cards = f"{s.learning_left} learning card{'s' if s.learning_left != 1 else ''}"
            verb = "comes" if s.learning_left == 1 else "come"
            text = Text(f"Break: {cards} {verb} back later today\n\n", style="bold")
        else:
            text = Text("Session complete\n\n", style="bold")
        rows = [
            ("Cards", str(s.cards)),
            ("Accuracy", f"{round(s.accuracy * 100)}%" if s.cards else "—"),
            ("Time", format_duration(s.seconds)),
            ("Next due", (s.next_learning if s.learning_left else s.next_due) or "—"),
        ]
        for label, value in rows:
            text.append(f"{label:<10}", style="bold")
            text.append(value + "\n")
        if s.ratings:
            text.append("Grades    ", style="bold")
            text.append("  ".join(f"{name} {s.ratings.get(n, 0)}" for n, name in GRADES) + "\n")
        if s.stopped_by:
            text.append(f"\n{s.stopped_by}: press m on the home screen to study more, or run with --cram.\n",
                        style="bold")
        if self.waiting:
            text.append(f"\nWaiting: the next card opens when it is due ({s.next_learning}).  Enter: leave")
        elif s.left and self.resume:
            text.append("\nw: go on  ·  Enter: leave  ·  s: statistics")
        elif s.learning_left and self.resume:
            text.append("\nw: wait here  ·  Enter: leave  ·  s: statistics")
        else:
            text.append("\nEnter: done  ·  s: statistics")
        return text

    def action_wait(self) -> None:
        """Stay until the next learning card is due, then go on with the session."""
        if self.waiting or self.resume is None:
            return
        self.waiting = True
        self.query_one("#summary", Static).update(self.text())
        self.set_interval(5.0, self.poll)

    @ends_on_store_error
    def poll(self) -> None:
        """Back to the session once a card is due."""
        if self.waiting and self.ready is not None and self.resume is not None and self.ready():
            self.waiting = False
            self.app.switch_screen(self.resume())

    def action_leave(self) -> None:
        """Back to the home screen if it is underneath, else quit."""
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()
