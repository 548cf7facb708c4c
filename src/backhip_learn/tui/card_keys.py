"""Keys every card screen shares (review and exam): moving between gaps and paging a long card."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll

GAP_AND_PAGE_KEYS = [
    # Priority: focus moves before the keys typed right after Tab are delivered (fast typists, pastes).
    Binding("tab", "app.focus_next", "Next gap", show=False, priority=True),
    Binding("shift+tab", "app.focus_previous", "Previous gap", show=False, priority=True),
    Binding("pageup", "scroll(-1)", "Scroll up", show=False),
    Binding("pagedown", "scroll(1)", "Scroll down", show=False),
]


def page(body: VerticalScroll, direction: int) -> None:
    """Scroll a card body one page down (direction > 0) or up, without animation."""
    (body.scroll_page_down if direction > 0 else body.scroll_page_up)(animate=False)
