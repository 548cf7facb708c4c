"""Every question of an exam with its state (answered, open, marked): jump to one, or hand in."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from backhip_learn.content.model import Item
from backhip_learn.store.errors import StoreError
from backhip_learn.tui.messages import StoreFailed
from backhip_learn.tui.saving import save_off_loop

HAND_IN = "hand-in"


def question_line(number: int, item: Item, *, answered: bool, marked: bool, width: int = 60) -> Text:
    """``12  ✓ answered  ⚑  Which nerve ...``, the prompt cut to fit."""
    state = Text("✓ answered" if answered else "· open    ", style="green" if answered else "yellow")
    out = Text(f"{number:>3}  ")
    out.append_text(state)
    out.append("  ⚑ " if marked else "    ", style="bold magenta")
    prompt = " ".join(item.prompt.split())
    room = max(10, width - out.cell_len)
    out.append(prompt if len(prompt) <= room else prompt[: room - 1] + "…")
    return out


class ExamNavigator(ModalScreen[int | str | None]):
    """Enter jumps to the highlighted question; h hands the exam in; Esc goes back to the question."""

    CSS_PATH = "exam.tcss"  # parsed when the screen is first shown, not at start-up

    BINDINGS = [
        Binding("escape", "close", "Back to the question", show=True),
        Binding("h", "hand_in", "Hand in", show=True),
    ]

    def __init__(self, items: Sequence[Item], answered: Sequence[bool], marked: set[int], current: int) -> None:
        super().__init__()
        self.items = items
        self.answered = answered
        self.marked = marked
        self.current = current

    def compose(self) -> ComposeResult:
        """A summary line, then the list of questions."""
        n_open = sum(not a for a in self.answered)
        summary = f"{len(self.items) - n_open} of {len(self.items)} answered"
        if n_open:
            summary += f"  ·  {n_open} open (they count as wrong)"
        if self.marked:
            summary += f"  ·  {len(self.marked)} marked for review"
        with Vertical(id="navigator-box"):
            yield Static(Text(summary, style="bold"), id="navigator-summary")
            width = int(min(self.app.size.width * 0.9, 100)) - 10  # box border, padding and scrollbar
            options = [Option(question_line(i + 1, item, answered=self.answered[i], marked=i in self.marked,
                                            width=width), id=str(i))
                       for i, item in enumerate(self.items)]
            yield OptionList(*options, id="navigator-list")
            yield Static(Text("Enter: go to the question  ·  h: hand in  ·  Esc: back"), id="navigator-hint")

    def on_mount(self) -> None:
        """Start on the current question."""
        listing = self.query_one(OptionList)
        listing.highlighted = self.current
        listing.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Jump to the chosen question."""
        event.stop()
        self.dismiss(int(event.option.id or 0))

    def action_hand_in(self) -> None:
        """Hand the exam in."""
        self.dismiss(HAND_IN)

    def action_close(self) -> None:
        """Back to the question."""
        self.dismiss(None)


class ConfirmQuit(ModalScreen[bool]):
    """Quitting mid-exam: y saves the attempt as abandoned and quits; anything else goes back.

    The save (``save``, raising ``StoreError``) runs in a thread while the dialog says "Saving…": a
    database locked elsewhere never freezes the app. When it fails for a reason that may pass (a lock, a
    full disk), the dialog says NOT SAVED and why: y tries again, q quits without it (the app then exits 1
    with the message), n goes back to the exam. Any other failure quits as asked, with the message.
    """

    CSS_PATH = "exam.tcss"  # parsed when the screen is first shown, not at start-up

    BINDINGS = [
        Binding("y", "answer(True)", "Quit, save as abandoned", show=True),
        Binding("n,escape", "answer(False)", "Back to the exam", show=True),
        Binding("q", "quit_unsaved", "Quit without saving (after NOT SAVED)", show=False),
    ]

    KEYS = "y: quit and save as abandoned   ·   n or Esc: back to the exam"
    KEYS_UNSAVED = "y: try again   ·   q: quit without saving it   ·   n or Esc: back to the exam"

    def __init__(self, answered: int, total: int, *, save: Callable[[], object] | None = None) -> None:
        super().__init__()
        self.answered, self.total = answered, total
        self.save = save
        self.saving = False
        self.save_error: StoreError | None = None

    def compose(self) -> ComposeResult:
        """The question."""
        with Vertical(id="confirm-box"):
            yield Static(Text("Quit the exam?", style="bold"))
            yield Static(Text(
                f"You have answered {self.answered} of {self.total}. The attempt is saved as abandoned: "
                "it is kept in your history but has no score and does not count as taken."))
            yield Static(id="confirm-status")
            yield Static(Text(self.KEYS), id="confirm-keys")

    def action_answer(self, value: bool) -> None:
        """Close with the answer; yes saves first."""
        if self.saving:
            return
        if value and self.save is not None:
            self.saving = True
            self._status(Text("Saving the attempt…"), keys="")
            self.run_worker(self._save(self.save), group="exam-save", exclusive=True)
            return
        self.dismiss(value)

    async def _save(self, save: Callable[[], object]) -> None:
        try:
            await save_off_loop(self, save, self._waiting)
        except StoreError as exc:
            self.saving = False
            if not exc.transient:  # trying again cannot help: quit as asked, with the message (exit 1)
                self.app.post_message(StoreFailed(str(exc)))
                return
            self.save_error = exc
            self._status(Text(f"NOT SAVED: {exc}", style="bold"), keys=self.KEYS_UNSAVED)
            return
        self.saving = False
        self.dismiss(True)

    def _status(self, text: Text, *, keys: str) -> None:
        status = self.query_one("#confirm-status", Static)
        status.update(text)
        status.set_class(bool(text.plain), "-shown")
        self.query_one("#confirm-keys", Static).update(Text(keys))

    def _waiting(self) -> None:
        """The save is taking long (a lock held elsewhere): say what it waits for."""
        self._status(Text("Saving the attempt… waiting for the progress database (another program is writing to it)."),
                     keys="")

    def action_quit_unsaved(self) -> None:
        """q after NOT SAVED: quit anyway; the app ends with the error (the command prints it and exits 1)."""
        if self.save_error is None or self.saving:
            return
        self.app.post_message(StoreFailed(f"the abandoned exam attempt was NOT SAVED: {self.save_error}"))

    def guard_quit(self) -> bool:
        """ctrl+q here: the same as y (save, then quit), or q once the save has failed."""
        if self.save_error is not None and not self.saving:
            self.action_quit_unsaved()
        else:
            self.action_answer(True)
        return True
