"""The "more below" line under a card body: a scrollbar alone is easy to miss."""

from __future__ import annotations

from rich.text import Text
from textual.containers import ScrollableContainer
from textual.widgets import Static

SIGN = "▼ more below: PgDn"


class MoreBelow(Static):
    """Shown while the body it watches goes on below its bottom edge; hidden once scrolled to the end.

    It follows the body's scrolling and growth itself; a screen calls ``check_later`` when it puts
    new content in the body or the terminal is resized.
    """

    def __init__(self, body: ScrollableContainer, *, id: str | None = None) -> None:
        super().__init__(Text(SIGN), id=id)
        self.body = body
        self.display = False

    def on_mount(self) -> None:
        """Follow the body: scrolling may reach the end, and the body grows after its first layout too."""
        self.watch(self.body, "scroll_y", lambda _: self.check(), init=False)
        self.watch(self.body, "virtual_size", lambda _: self.check_later(), init=False)

    def check(self) -> None:
        """Show the sign when the body can scroll further down."""
        self.display = self.body.scroll_y < self.body.max_scroll_y

    def check_later(self) -> None:
        """Check once the body's new content is laid out."""
        self.call_after_refresh(self.check)
