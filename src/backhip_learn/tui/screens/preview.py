"""The instructor's preview: the review screen over one bank file, nothing saved, `r` reloads."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from backhip_learn.content.problems import Problem
from backhip_learn.tui.preview_backend import PreviewBackend
from backhip_learn.tui.screens.review import ReviewScreen


class PreviewScreen(ReviewScreen):
    """A review of a bank file in file order; `r` (or ctrl+r while typing) re-reads it."""

    BINDINGS = [
        *ReviewScreen.BINDINGS,
        Binding("r,ctrl+r", "reload", "Reload file", show=True),
    ]

    def __init__(self, backend: PreviewBackend) -> None:
        super().__init__(backend, backend.library.misconceptions)
        self.preview = backend

    def compose(self) -> ComposeResult:
        """The review layout plus a panel for validation problems."""
        yield Static(id="problems")
        yield from super().compose()

    def on_mount(self) -> None:
        """Show problems found on the first load (the first card is composed with the screen)."""
        self.show_problems(self.preview.library.problems)
        super().on_mount()

    def show_problems(self, problems: list[Problem]) -> None:
        """List validation problems (file:line:col) at the top, or hide the panel."""
        panel = self.query_one("#problems", Static)
        if problems:
            text = Text(f"{len(problems)} problem(s) in the file:\n", style="bold")
            text.append("\n".join(str(p) for p in problems))
            panel.update(text)
        panel.set_class(bool(problems), "shown")

    async def action_reload(self) -> None:
        """Re-read the file, show its problems, and redraw the current item."""
        problems = self.preview.reload()
        self.show_problems(problems)
        errors = sum(p.severity == "error" for p in problems)
        if errors and self.preview.items:
            # The last good reading stays on screen: the session is not lost to a half-saved edit.
            self.notify(f"Not reloaded: {errors} error(s) in the file (listed above); fix them and press r again.",
                        severity="warning", timeout=5)
            return
        self.misconceptions = self.preview.library.misconceptions
        self.notify(f"Reloaded: {len(self.preview.items)} items, {errors} error(s).", timeout=3)
        await self.show_next()
