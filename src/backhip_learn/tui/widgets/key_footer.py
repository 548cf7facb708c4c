"""Textual's Footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

Keys = tuple[tuple[str, str, bool, str], ...]


class KeyFooter(Footer):
    """The key bar at the bottom of every screen.

    Textual's Footer removes and re-creates all its keys whenever the screen's bindings are updated:
    on every focus change and every refresh of which actions are enabled. The keys our screens show
    rarely change, and rebuilding them four or five times while the study app starts holds its first
    card back (BENCHMARKS.md). This one rebuilds only when the shown keys (key, label, enabled, tooltip)
    differ.
    """

    _keys: Keys | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuild (as Footer does) only when the keys to show are not those already shown."""
        keys = tuple((b.key, b.description, enabled, tooltip or "")
                     for _, b, enabled, tooltip in screen.active_bindings.values() if b.show)
        if keys == self._keys:
            return
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            self._keys = keys  # Footer rebuilds now; until then keep asking
        super().bindings_changed(screen)
