"""Startup helpers for the commands that open the app (imports nothing heavy: no Textual).

Starting the app imports Textual and our modules and unpickles the content: tens of thousands of
long-lived objects and almost no garbage, yet the cyclic collector would walk them again and again
while they are created. ``pause_gc`` turns it off for the startup; ``resume_gc`` turns it back on:
the app calls it once the first screen is painted, the command again when it returns. Resuming
first freezes what startup built (``gc.freeze``: modules, classes, the content), so no full
collection walks it then or later, while Textual's writer thread is still sending the first paint
to the terminal (BENCHMARKS.md has the figures).
"""

from __future__ import annotations

import gc

_paused = False


def pause_gc() -> None:
    """Turn the cyclic garbage collector off until ``resume_gc`` (if it was on)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_gc() -> None:
    """Undo ``pause_gc`` (nothing if it did not turn the collector off)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()  # startup's objects live as long as the app: never scan them again
        gc.enable()
