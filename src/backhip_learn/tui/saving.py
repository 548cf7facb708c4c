"""Saving to the progress database without freezing the screen.

A write waits up to the store's busy timeout while another program holds the database locked; run on
the event loop, that wait would stop every key and every repaint. ``save_off_loop`` runs the write in
a thread and, when it takes long, lets the screen say what it is waiting for.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widget import Widget

WAIT_NOTE_AFTER = 0.5  # seconds a save may take before the screen says it is waiting

T = TypeVar("T")


async def save_off_loop(owner: MessagePump, save: Callable[[], T], waiting: Callable[[], object]) -> T:
    """Run ``save`` in a thread; ``waiting`` is called on the loop if it is still running after ``WAIT_NOTE_AFTER``.

    A ``StoreError`` from ``save`` is raised here, on the loop, for the screen to show.
    """
    timer = owner.set_timer(WAIT_NOTE_AFTER, waiting)
    try:
        return await asyncio.to_thread(save)
    finally:
        timer.stop()


async def run_save(owner: Widget, job: Coroutine[Any, Any, None], ended: Callable[[], object]) -> None:
    """Run ``job`` (a save and what follows it) as ``owner``'s worker, ``ended`` after it; wait for it a moment.

    A save usually takes milliseconds: waiting for it here keeps the keys pressed meanwhile in order
    (typed ahead). One that waits for a lock held elsewhere goes on in its worker after
    ``WAIT_NOTE_AFTER``, and the screen takes keys again.
    """
    done = asyncio.Event()

    async def run() -> None:
        try:
            await job
        finally:
            ended()
            done.set()

    owner.run_worker(run(), group="save")
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(done.wait(), WAIT_NOTE_AFTER)


class SavingScreen(Screen[None]):
    """A screen whose writes run in workers: while one runs (``busy``), keys that need the store, and ctrl+q, wait."""

    busy = False  # a write runs in its worker

    def still_saving(self) -> bool:
        """Whether a write is running (then say so)."""
        if self.busy:
            self.notify("Still saving: waiting for the progress database.", timeout=3)
        return self.busy

    def guard_quit(self) -> bool:
        """ctrl+q while a write runs waits for it (it must not be dropped without a word)."""
        return self.still_saving()
