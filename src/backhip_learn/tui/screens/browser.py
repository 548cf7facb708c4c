"""The card browser: search cards, see one card's every review, and unsuspend, unflag, unbury, reset or edit it."""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Input, Static

from backhip_learn.store.errors import StoreError
from backhip_learn.study.browse import (
    RATING_NAMES,
    BadQuery,
    CardInfo,
    card_states,
    history,
    item_location,
    parse_query,
    search,
    state_text,
)
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.messages import ends_on_store_error
from backhip_learn.tui.saving import SavingScreen, run_save, save_off_loop
from backhip_learn.tui.widgets.key_footer import KeyFooter

SEARCH_HINT = "words, id: tag: section: objective: type: is:new|due|suspended|flagged|buried|leech"


def editor_command(editor: str, path: Path, line: int) -> list[str]:
    """The command that opens ``path`` at ``line`` in ``editor`` (``+LINE FILE``: vi, nano, emacs and micro read it)."""
    return [*shlex.split(editor), f"+{line}", str(path)]


class BrowserScreen(SavingScreen):
    """Search box, card table and the highlighted card's details and history; Esc goes back.

    Suspend, flag, unbury and reset save in a worker: a database locked elsewhere makes the write wait
    up to the busy timeout, and the screen keeps taking keys meanwhile. Reading the store then would
    wait on the same connection, so searches and details are redrawn once the write is over.
    """

    CSS_PATH = "browser.tcss"  # parsed when the screen is first shown, not at start-up

    BINDINGS = [
        Binding("escape", "back", "Back", show=True),
        Binding("slash", "focus_search", "Search", show=True),
        Binding("s", "toggle_suspend", "Suspend/unsuspend", show=True),
        Binding("f", "toggle_flag", "Flag/unflag", show=True),
        Binding("b", "unbury", "Unbury", show=True),
        Binding("r", "reset", "Reset to new (r twice)", show=True),
        Binding("e", "edit", "Edit the YAML ($EDITOR)", show=True),
        Binding("question_mark", "app.help", "Help", show=False),
    ]

    def __init__(self, context: StudyContext, query: str = "") -> None:
        super().__init__()
        self.context = context
        self.query_text = query
        self.cards: list[CardInfo] = []
        self._reset_armed: str | None = None  # the card whose reset waits for a second r
        self._search_after = False  # a search asked for while a write ran: run it when the write ends
        self._title = Text("Card browser", style="bold")

    def compose(self) -> ComposeResult:
        """Search, table, details."""
        yield Static(Text("Card browser", style="bold"), id="browse-title")
        yield Input(self.query_text, placeholder=SEARCH_HINT, id="browse-search")
        with Vertical(id="browse-main"):
            yield DataTable(id="browse-table", cursor_type="row", zebra_stripes=False)
            with VerticalScroll(id="browse-detail"):
                yield Static(id="browse-card")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Columns sized to the terminal; the first search."""
        table = self.query_one(DataTable)
        width = self.app.size.width
        table.add_column("Id", key="id", width=max(14, min(30, width // 4)))
        table.add_column("State", key="state", width=18)
        table.add_column("Due", key="due", width=11)
        table.add_column("Prompt", key="prompt", width=max(10, width - max(14, min(30, width // 4)) - 18 - 11 - 12))
        self.run_search()
        table.focus()

    # ------------------------------------------------------------------ searching

    @ends_on_store_error
    def run_search(self) -> None:
        """Fill the table with the cards matching the search box (once a running write ends)."""
        if self.busy:
            self._search_after = True
            return
        query = self.query_one("#browse-search", Input).value
        try:
            self.cards = search(self.context.library, self.context.store, query, self.context.clock())
        except BadQuery as exc:
            self.notify(str(exc), severity="warning", timeout=4)
            return
        table = self.query_one(DataTable)
        table.clear()
        for info in self.cards:
            table.add_row(*self._cells(info), key=info.item.id)
        self._title = Text.assemble(("Card browser", "bold"),
                                    f"  ·  {len(self.cards)} of {len(self.context.library.items)} cards")
        self.query_one("#browse-title", Static).update(self._title)
        self.show_detail()

    def _cells(self, info: CardInfo) -> tuple[Text, Text, Text, Text]:
        due = info.due.astimezone().strftime("%Y-%m-%d") if info.due else ""
        prompt = " ".join(info.item.prompt.split())
        return (Text(info.item.id, no_wrap=True, overflow="ellipsis"), Text(state_text(info.states)),
                Text(due), Text(prompt, no_wrap=True, overflow="ellipsis"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the search box: search, then the table has the keys."""
        event.stop()
        self.run_search()
        self.query_one(DataTable).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Search as the learner types (a half-typed field is not an error until Enter)."""
        event.stop()
        try:
            parse_query(event.value)
        except BadQuery:
            return
        self.run_search()

    def action_focus_search(self) -> None:
        """/: type a search."""
        self.query_one("#browse-search", Input).focus()

    # ------------------------------------------------------------------ the highlighted card

    @property
    def current(self) -> CardInfo | None:
        """The highlighted card."""
        table = self.query_one(DataTable)
        if not self.cards or not 0 <= table.cursor_row < len(self.cards):
            return None
        return self.cards[table.cursor_row]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Another card: its details."""
        self._reset_armed = None
        self.show_detail()

    @ends_on_store_error
    def show_detail(self) -> None:
        """The highlighted card: what it is, where it lives, and every review (date, rating, interval, answer)."""
        if self.busy:  # redrawn when the write ends
            return
        info = self.current
        out = Text()
        if info is None:
            out.append("No card matches the search.")
            self.query_one("#browse-card", Static).update(out)
            return
        item = info.item
        out.append(f"{item.id}", style="bold")
        out.append(f"  ·  {item.type}  ·  {state_text(info.states) or '—'}")
        if info.lapses:
            out.append(f"  ·  forgotten {info.lapses}×")
        out.append("\n")
        out.append(" ".join(item.prompt.split()) + "\n")
        place = item_location(self.context.library, item.id)
        where = f"{place[0].name}:{place[1]}" if place else "file not found"
        out.append(f"Section {item.source or '—'}  ·  objective {item.objective or '—'}  ·  tags "
                   f"{', '.join(item.tags) or '—'}  ·  {where}\n", style="dim")
        rows = history(self.context.store, item)
        grid = Table(box=None, padding=(0, 1), show_header=True, header_style="bold", expand=False)
        for name in ("Date", "Rating", "Interval", "Answer given"):
            grid.add_column(name, no_wrap=name != "Answer given")
        for r in rows:
            grid.add_row(r.reviewed_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                         RATING_NAMES.get(r.rating, str(r.rating)), r.interval, Text(r.answer))
        body = Text.assemble(out, f"History: {len(rows)} review{'s' if len(rows) != 1 else ''}" + ("" if rows else
                             " (never studied)"))
        self.query_one("#browse-card", Static).update(Group(body, grid) if rows else body)

    def _changed(self, message: str) -> None:
        """Redraw the highlighted row and its details after an action."""
        info = self.current
        if info is None:
            return
        row = self.context.store.card(info.item.id)
        updated = CardInfo(info.item, row, card_states(row, self.context.clock()))
        table = self.query_one(DataTable)
        self.cards[table.cursor_row] = updated
        for key, cell in zip(("id", "state", "due", "prompt"), self._cells(updated)):
            table.update_cell(info.item.id, key, cell)
        self.show_detail()
        self.notify(message, timeout=2)

    # ------------------------------------------------------------------ writing

    async def write(self, info: CardInfo, change: Callable[[], object], done: str, what: str) -> None:
        """Run ``change`` (a store write for the card ``info``) in a worker (``run_save``); then redraw the card,
        or say it failed."""
        if self.still_saving():
            return
        self.busy = True
        await run_save(self, self._write(info, change, done, what), self._not_busy)

    def _not_busy(self) -> None:
        self.busy = False

    @ends_on_store_error
    async def _write(self, info: CardInfo, change: Callable[[], object], done: str, what: str) -> None:
        failed: StoreError | None = None
        try:
            await save_off_loop(self, change, self._waiting)
        except StoreError as exc:
            if not exc.transient:
                raise
            failed = exc
        finally:
            self.busy = False
            self.query_one("#browse-title", Static).update(self._title)
        if self._search_after:
            self._search_after = False
            self.run_search()
        if failed is not None:
            self.notify(f"NOT {what}: {failed.message}", severity="error", timeout=8)
            self.show_detail()
        elif self.current is not None and self.current.item.id == info.item.id:
            self._changed(done)
        else:
            self.notify(done, timeout=2)
            self.show_detail()

    def _waiting(self) -> None:
        """The write is taking long (a lock held elsewhere): say what it waits for."""
        self.query_one("#browse-title", Static).update(Text.assemble(
            self._title, ("  ·  Saving… waiting for the progress database (another program is writing to it)",
                          "bold")))

    # ------------------------------------------------------------------ actions

    @ends_on_store_error
    async def action_toggle_suspend(self) -> None:
        """s: suspend or unsuspend."""
        info = self.current
        if info is not None:
            on = "suspended" not in info.states
            await self.write(info, lambda: self.context.store.suspend(info.item.id, on),
                       "Suspended." if on else "Unsuspended: back in the queue from the next session.",
                       "SUSPENDED" if on else "UNSUSPENDED")

    @ends_on_store_error
    async def action_toggle_flag(self) -> None:
        """f: flag or unflag."""
        info = self.current
        if info is not None:
            on = "flagged" not in info.states
            await self.write(info, lambda: self.context.store.flag(info.item.id, 1 if on else 0),
                       "Flagged." if on else "Flag removed.", "FLAGGED" if on else "UNFLAGGED")

    @ends_on_store_error
    async def action_unbury(self) -> None:
        """b: release a buried card today."""
        info = self.current
        if info is None:
            return
        if "buried" not in info.states:
            self.notify("This card is not buried.", timeout=2)
            return
        await self.write(info, lambda: self.context.store.unbury(info.item.id), "Unburied.", "UNBURIED")

    @ends_on_store_error
    async def action_reset(self) -> None:
        """r, then r again: reset the card to new (its history stays)."""
        info = self.current
        if info is None:
            return
        if self._reset_armed != info.item.id:
            self._reset_armed = info.item.id
            self.notify(f"Press r again to reset {info.item.id} to new (its history stays).", timeout=4)
            return
        self._reset_armed = None
        await self.write(info, lambda: self.context.store.forget(info.item.id), "Reset to new.", "RESET")

    def action_edit(self) -> None:
        """e: open the item's YAML file at its line in $EDITOR, the app suspended meanwhile."""
        info = self.current
        if info is None:
            return
        place = item_location(self.context.library, info.item.id)
        if place is None:
            self.notify(f"Cannot find the file that defines {info.item.id}.", severity="warning", timeout=4)
            return
        path, line = place
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not editor:
            self.notify(f"$EDITOR is not set: the item is at {path}:{line}.", severity="warning", timeout=6)
            return
        try:
            with self.app.suspend():
                subprocess.run(editor_command(editor, path, line), check=False)
        except SuspendNotSupported:
            self.notify(f"Cannot hand the terminal to an editor here: the item is at {path}:{line}.", timeout=6)
            return
        except OSError as exc:
            self.notify(f"Cannot run $EDITOR ({exc.strerror or exc}): the item is at {path}:{line}.",
                        severity="warning", timeout=6)
            return
        self.notify("Edited: run `backhip-learn validate`, then restart to study the new text.", timeout=5)

    def action_back(self) -> None:
        """Esc: back to where the browser was opened (once a running write ends)."""
        if not self.still_saving():
            self.app.pop_screen()
