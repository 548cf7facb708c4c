"""The key bar at the bottom of every screen: the keys the screen offers now, on one line."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget


class KeyFooter(Widget):
    """The screen's shown bindings, one per action (the first key bound to it), as one line of text.

    Drawn by one widget rather than Textual's Footer, which makes a widget of every key and composes
    them again whenever the screen's bindings change: the key bar is on the study app's first frame
    (BENCHMARKS.md). A disabled key is dimmed; a click on a key presses it.
    """

    COMPONENT_CLASSES = {"key-footer--key", "key-footer--description"}
    # Reused by every screen (and by any app that mounts it), so its look travels with it; the colours
    # are the theme's footer colours, as Textual's Footer uses.
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
        .key-footer--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
        .key-footer--description { color: $footer-description-foreground; background: $footer-description-background; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.keys: tuple[tuple[Binding, bool], ...] = ()  # (binding, enabled), as shown
        self._spans: list[tuple[int, int, str]] = []  # (first cell, end cell, key) of each key drawn

    def on_mount(self) -> None:
        """Follow the screen's bindings (focus moves, actions turn on and off)."""
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)

    def on_unmount(self) -> None:
        """Stop following them."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Redraw when the keys to show (key, label, enabled) change."""
        actions: set[str] = set()
        keys: list[tuple[Binding, bool]] = []
        for _, binding, enabled, _tooltip in screen.active_bindings.values():
            if binding.show and binding.action not in actions:
                actions.add(binding.action)
                keys.append((binding, enabled))
        if [(b.key, b.description, on) for b, on in keys] != [(b.key, b.description, on) for b, on in self.keys]:
            self.keys = tuple(keys)
            self.refresh()

    def render(self) -> Text:
        """`` ⏎ Check / next  ? Help ...``: each key highlighted, its label after it (as Textual's compact Footer)."""
        key_style = self.get_component_rich_style("key-footer--key")
        label_style = self.get_component_rich_style("key-footer--description")
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        self._spans = []
        for binding, enabled in self.keys:
            dim = Style() if enabled else Style(dim=True)
            start = line.cell_len
            line.append(" ")
            line.append(self.app.get_key_display(binding), key_style + dim)
            line.append(f" {binding.description} ", label_style + dim)
            self._spans.append((start, line.cell_len, binding.key))
        return line

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it."""
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
