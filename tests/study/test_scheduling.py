"""The fsrs adapter: exact interval sequences with a fixed clock and no fuzz, previews, labels."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from fsrs import Rating

from backhip_learn.content.model import Preset
from backhip_learn.study.scheduling import (
    NEW_CARD,
    CardState,
    Scheduling,
    format_interval,
    preview_labels,
)

from .helpers import T0

M, D = timedelta(minutes=1), timedelta(days=1)
A, H, G, E = Rating.Again, Rating.Hard, Rating.Good, Rating.Easy


def intervals(ratings: list[Rating], sched: Scheduling | None = None) -> list[tuple[timedelta, int]]:
    """Review a new card with each rating exactly when it falls due; (interval, state) after each."""
    sched = sched or Scheduling(enable_fuzzing=False)
    card, now, out = NEW_CARD, T0, []
    for r in ratings:
        card = sched.review(card, r, now)
        assert card.due is not None
        out.append((card.due - now, card.state))
        now = card.due
    return out


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        # From new: the learning steps 1m, 10m, then review.
        ([A, A, G, G], [(1 * M, 1), (1 * M, 1), (10 * M, 1), (1 * D, 2)]),
        ([H, G, G], [(timedelta(minutes=5.5), 1), (10 * M, 1), (1 * D, 2)]),
        ([G, G, G, G, G], [(10 * M, 1), (2 * D, 2), (11 * D, 2), (46 * D, 2), (163 * D, 2)]),
        ([E, G, G, G], [(8 * D, 2), (39 * D, 2), (153 * D, 2), (510 * D, 2)]),
        # From review: a lapse goes to relearning (10m), then back to review.
        ([G, G, A, G, G], [(10 * M, 1), (2 * D, 2), (10 * M, 3), (1 * D, 2), (2 * D, 2)]),
        ([G, G, H, H], [(10 * M, 1), (2 * D, 2), (8 * D, 2), (19 * D, 2)]),
        ([G, G, E, E], [(10 * M, 1), (2 * D, 2), (19 * D, 2), (136 * D, 2)]),
    ],
)
def test_interval_sequences(ratings: list[Rating], expected: list[tuple[timedelta, int]]) -> None:
    assert intervals(ratings) == expected


def test_reps_and_lapses_counted() -> None:
    sched = Scheduling(enable_fuzzing=False)
    card, now = NEW_CARD, T0
    for r in (G, G, A, G):
        card = sched.review(card, r, now)
        assert card.due is not None
        now = card.due
    assert card.reps == 4 and card.lapses == 1


def test_review_returns_new_value() -> None:
    sched = Scheduling(enable_fuzzing=False)
    first = sched.review(NEW_CARD, G, T0)
    second = sched.review(first, G, first.due or T0)
    assert first.state == 1 and first.reps == 1  # unchanged by the second review
    assert second.reps == 2


def test_preset_steps_and_retention() -> None:
    quick = Scheduling.from_preset(Preset(learning_steps_minutes=(2,), relearning_steps_minutes=(5,)), enable_fuzzing=False)
    assert intervals([A, G], quick) == [(2 * M, 1), (1 * D, 2)]
    assert intervals([G, G, A], quick)[2] == (5 * M, 3)
    low = Scheduling(desired_retention=0.8, enable_fuzzing=False)
    high = Scheduling(desired_retention=0.95, enable_fuzzing=False)
    assert intervals([G, G, G], low)[2][0] > intervals([G, G, G], high)[2][0]


def test_preview_matches_review_and_ignores_fuzz() -> None:
    plain = Scheduling(enable_fuzzing=False)
    fuzzy = Scheduling(enable_fuzzing=True)
    card = plain.review(plain.review(NEW_CARD, G, T0), G, T0 + 10 * M)
    now = card.due or T0
    preview = fuzzy.preview(card, now)
    for r in Rating:
        assert preview[r] == plain.review(card, r, now).due
    assert preview_labels(plain, card, now) == {A: "10m", H: "8d", G: "11d", E: "19d"}
    assert preview_labels(plain, NEW_CARD, T0) == {A: "1m", H: "6m", G: "10m", E: "8d"}


def test_fuzz_stays_near_the_interval() -> None:
    plain = Scheduling(enable_fuzzing=False)
    fuzzy = Scheduling(enable_fuzzing=True)
    card = plain.review(plain.review(NEW_CARD, G, T0), G, T0 + 10 * M)
    now = card.due or T0
    exact = (plain.review(card, G, now).due or now) - now
    got = (fuzzy.review(card, G, now).due or now) - now
    assert abs(got - exact) <= timedelta(days=3)


def test_naive_time_rejected() -> None:
    with pytest.raises(ValueError):
        Scheduling(enable_fuzzing=False).review(NEW_CARD, G, datetime(2026, 1, 1))


def test_card_state_round_trip_exact() -> None:
    sched = Scheduling(enable_fuzzing=False)
    card = sched.review(NEW_CARD, G, T0 + timedelta(microseconds=123457))
    assert CardState.from_dict(card.to_dict()) == card


@pytest.mark.parametrize(
    ("delta", "label"),
    [
        (timedelta(seconds=30), "<1m"),
        (1 * M, "1m"),
        (10 * M, "10m"),
        (timedelta(hours=3), "3h"),
        (1 * D, "1d"),
        (4 * D, "4d"),
        (36 * D, "1.2mo"),
        (90 * D, "3mo"),
        (548 * D, "1.5y"),
    ],
)
def test_format_interval(delta: timedelta, label: str) -> None:
    assert format_interval(delta) == label


def test_utc_required_output() -> None:
    card = Scheduling(enable_fuzzing=False).review(NEW_CARD, G, T0.astimezone(timezone(timedelta(hours=5))))
    assert card.due is not None and card.due.utcoffset() == timedelta(0)
