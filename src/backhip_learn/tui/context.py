"""What every screen of a study run shares: the content, the progress store and the clock."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable

from backhip_learn.content.load import Library
from backhip_learn.store import ProgressStore
from backhip_learn.study.queue import StudyQueue
from backhip_learn.tui.engine_backend import utc_now


@dataclass
class StudyContext:
    """Content loaded once, the open store, and ``now`` (fixed in tests)."""

    library: Library
    store: ProgressStore
    clock: Callable[[], datetime] = utc_now
    enable_fuzzing: bool = True
    sections: Sequence[str] = field(default_factory=tuple)
    tags: Sequence[str] = field(default_factory=tuple)
    cram: bool = False

    def queue(self, deck: str | None = None, *, sections: Sequence[str] = (), tags: Sequence[str] = (),
              only: Collection[str] | None = None, cram: bool | None = None) -> StudyQueue:
        """Today's queue for a deck (or everything), narrowed by sections/tags (``only``: these cards)."""
        return StudyQueue(self.store, self.library, self.clock(), deck=deck,
                          sections=tuple(sections or self.sections), tags=tuple(tags or self.tags),
                          enable_fuzzing=self.enable_fuzzing, cram=self.cram if cram is None else cram, only=only)


@runtime_checkable
class HasContext(Protocol):
    """An app that carries a study run's context (the study app; None in preview)."""

    context: StudyContext | None
