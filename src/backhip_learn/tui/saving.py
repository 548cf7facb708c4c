"""Saving to the progress database without freezing the screen.

A write waits up to the store's busy timeout while another program holds the database locked; run on
the event loop, that wait would stop every key and every repaint. ``save_off_loop`` runs the write in
a thread and, when it takes long, lets the screen say what it is waiting for.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from textual.message_pump import MessagePump

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

