"""A thin adapter over the fsrs library (6.x): reviewing a card, previews, interval labels (docs/engine.md).

A card's state (``CardState``, in ``study/types.py`` where the store reads it too) is a frozen value:
``review`` returns a new one. ``preview`` runs without fuzz, so the grade keys show the interval before
fuzz. Every datetime is timezone-aware UTC and ``now`` is always passed in.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any

from backhip_learn.content.model import Preset
from backhip_learn.study.types import NEW, NEW_CARD, STATE_NAMES, CardState, require_utc

if TYPE_CHECKING:
    from fsrs import Rating, Scheduler

# fsrs is imported where a card is scheduled, not here: building today's queue schedules nothing,
# and this module is on the study app's path to its first card.

__all__ = ["NEW", "NEW_CARD", "STATE_NAMES", "CardState", "Scheduling", "format_interval", "preview_labels",
           "require_utc"]


class Scheduling:
    """FSRS with a deck's settings: desired retention, learning and relearning steps, fuzz."""

    def __init__(
        self,
        *,
        desired_retention: float = 0.9,
        learning_steps_minutes: tuple[int | float, ...] = (1, 10),
        relearning_steps_minutes: tuple[int | float, ...] = (10,),
        enable_fuzzing: bool = True,
        maximum_interval: int = 36500,
    ) -> None:
        self._settings: dict[str, Any] = dict(
            desired_retention=desired_retention,
            learning_steps=tuple(timedelta(minutes=m) for m in learning_steps_minutes),
            relearning_steps=tuple(timedelta(minutes=m) for m in relearning_steps_minutes),
            maximum_interval=maximum_interval,
        )
        self.desired_retention = desired_retention
        self.enable_fuzzing = enable_fuzzing

    @cached_property
    def scheduler(self) -> Scheduler:
        """The fsrs scheduler for these settings (built on first use)."""
        from fsrs import Scheduler

        return Scheduler(enable_fuzzing=self.enable_fuzzing, **self._settings)

    @cached_property
    def _plain(self) -> Scheduler:
        # Previews never fuzz: fuzz is random, so a fuzzed preview would not match the review anyway.
        from fsrs import Scheduler

        return self.scheduler if not self.enable_fuzzing else Scheduler(enable_fuzzing=False, **self._settings)

    @classmethod
    def from_preset(cls, preset: Preset | None = None, *, enable_fuzzing: bool = True) -> Scheduling:
        """Settings from a deck preset (defaults when None)."""
        preset = preset or Preset()
        return cls(
            desired_retention=preset.desired_retention,
            learning_steps_minutes=preset.learning_steps_minutes,
            relearning_steps_minutes=preset.relearning_steps_minutes,
            enable_fuzzing=enable_fuzzing,
        )

    def review(self, card: CardState, rating: Rating | int, now: datetime) -> CardState:
        """The card's new state after a review at ``now`` (the input is not changed)."""
        from fsrs import Rating

        return self._review(self.scheduler, card, Rating(rating), require_utc(now))

    @staticmethod
    def _review(scheduler: Scheduler, card: CardState, rating: Rating, now: datetime) -> CardState:
        from fsrs import Rating, State

        new, _log = scheduler.review_card(card.to_fsrs(now), rating, now)
        lapsed = card.state == State.Review and rating == Rating.Again
        return replace(
            card,
            state=int(new.state),
            step=new.step,
            stability=new.stability,
            difficulty=new.difficulty,
            due=new.due,
            last_review=new.last_review,
            reps=card.reps + 1,
            lapses=card.lapses + (1 if lapsed else 0),
        )

    def preview(self, card: CardState, now: datetime) -> dict[Rating, datetime]:
        """The due time each rating would give, without fuzz."""
        from fsrs import Rating

        now = require_utc(now)
        return {r: self._review(self._plain, card, r, now).due for r in Rating}  # type: ignore[misc]

    def retrievability(self, card: CardState, now: datetime) -> float:
        """Probability of recall at ``now`` (0 for a new card)."""
        if card.is_new or card.stability is None:
            return 0.0
        return float(self.scheduler.get_card_retrievability(card.to_fsrs(now), require_utc(now)))


def format_interval(delta: timedelta) -> str:
    """A short label for an interval, as on Anki's grade buttons."""
    s = delta.total_seconds()
    if s < 60:
        return "<1m"
    minutes = s / 60
    if minutes < 59.5:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 23.5:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 29.5:
        return f"{max(1, round(days))}d"
    if days < 365:
        return _one_decimal(days / 30) + "mo"
    return _one_decimal(days / 365) + "y"


def _one_decimal(x: float) -> str:
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def preview_labels(scheduling: Scheduling, card: CardState, now: datetime) -> dict[Rating, str]:
    """Interval labels for the four grade keys."""
    now = require_utc(now)
    return {r: format_interval(due - now) for r, due in scheduling.preview(card, now).items()}
