"""The Textual study app: a thin shell that opens one screen and owns themes and help.

Each screen lives in ``screens/``; each command (``study``, ``quiz``, ``preview``, bare
``backhip-learn``) builds its first screen and hands it to ``StudyApp``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol, runtime_checkable

from textual.app import App
from textual.binding import Binding
from textual.filter import LineFilter
from textual.screen import Screen

from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.messages import BrowseCards, CardShown, StoreFailed, StoreRecovered
from backhip_learn.tui.printable import DropControlCharacters
from backhip_learn.tui.startup import resume_gc

LIGHT, DARK = "textual-light", "textual-dark"
# Set by benchmarks/bench_tui.py: quit right after the first card is painted, printing a marker.
BENCH_EXIT_ENV = "BACKHIP_LEARN_BENCH_EXIT_AFTER_FIRST_CARD"
FIRST_CARD_MARKER = "backhip-learn: first card shown"


@runtime_checkable
class GuardsQuit(Protocol):
    """A screen that may hold ctrl+q back (an exam in progress asks first and saves the attempt)."""

    def guard_quit(self) -> bool:
        """True when the screen has taken over the quit (it asks, then quits or stays)."""
        ...


class StudyApp(App[None]):
    """backhip-learn's terminal app."""

    CSS_PATH = "app.tcss"
    TITLE = "backhip-learn"
    ENABLE_COMMAND_PALETTE = False  # keys stay predictable: every one is listed under `?`
    BINDINGS = [
        Binding("ctrl+t", "toggle_theme", "Theme", show=False),
        Binding("f1", "help", "Help", show=False),  # works even while typing, where ? is a character
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, first_screen: Callable[[], Screen[Any]], *, context: StudyContext | None = None,
                 theme: str | None = None) -> None:
        super().__init__()
        self._first_screen = first_screen
        self.context = context
        self._bench_done = False
        self.store_error: str | None = None  # set when the progress database failed mid-run
        self._store_fatal = False  # a fatal StoreFailed came: the app is ending with it
        self._printable = DropControlCharacters()
        if theme:
            self.theme = theme

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then the one that keeps control characters off the terminal."""
        return [*super().get_line_filters(), self._printable]

    def on_mount(self) -> None:
        """Open the first screen; the garbage collector paused for startup resumes once it is painted.

        The screen is pushed just after mounting, not during it: Textual mounts the app inside a batch
        that draws nothing, and a screen laid out in that batch reaches the terminal as a partial update
        without its question's options. Pushed after, its first frame on the terminal is the whole card.
        """
        self.call_later(self._open_first_screen)

    def _open_first_screen(self) -> None:
        self.push_screen(self._first_screen())
        self.call_after_refresh(resume_gc)

    def on_store_failed(self, message: StoreFailed) -> None:
        """Keep a store error for the command to print (exit 1) once the app closes; a fatal one closes it now."""
        if self._store_fatal:
            return  # the first fatal error is the one to report; others follow from it
        self.store_error = message.error
        if message.fatal:
            self._store_fatal = True
            self.exit(return_code=1)

    def on_store_recovered(self, _message: StoreRecovered) -> None:
        """What failed to save was saved on a later try: nothing is left to report."""
        if not self._store_fatal:
            self.store_error = None

    def on_card_shown(self, _message: CardShown) -> None:
        """A review screen put a card up; under the startup benchmark, quit once it is painted.

        The exit message carries the paint's ``time.monotonic()`` (one clock for every process) and the
        process's CPU time then, so the benchmark times the first card without Textual's shutdown.
        """
        if os.environ.get(BENCH_EXIT_ENV) and not self._bench_done:
            self._bench_done = True
            self.call_after_refresh(lambda: self.exit(
                message=f"{FIRST_CARD_MARKER} at {time.monotonic():.6f} cpu {time.process_time():.6f}"))

    def on_browse_cards(self, message: BrowseCards) -> None:
        """A screen asks for the card browser on a search."""
        self.action_browse(message.query)

    async def action_quit(self) -> None:
        """Quit, unless the screen asks first (an exam in progress confirms and saves the attempt)."""
        if isinstance(self.screen, GuardsQuit) and self.screen.guard_quit():
            return
        self.exit()

    def action_toggle_theme(self) -> None:
        """Switch between the light and the dark theme."""
        self.theme = LIGHT if self.theme != LIGHT else DARK

    def action_stats(self) -> None:
        """Open the statistics screen (it needs saved progress)."""
        if self.context is None:
            self.notify("Statistics need saved progress (not available in preview).", timeout=3)
            return
        from backhip_learn.tui.screens.stats import StatsScreen

        self.push_screen(StatsScreen(self.context))

    def action_browse(self, query: str = "") -> None:
        """Open the card browser (it needs saved progress)."""
        if self.context is None:
            self.notify("The card browser needs saved progress (not available in preview).", timeout=3)
            return
        from backhip_learn.tui.screens.browser import BrowserScreen

        if not isinstance(self.screen, BrowserScreen):
            self.push_screen(BrowserScreen(self.context, query))

    def action_help(self) -> None:
        """Show every key of the current screen."""
        from backhip_learn.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

