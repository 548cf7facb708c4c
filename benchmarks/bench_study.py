"""Benchmark the study engine on a large generated history.

100,000 cards and 1,000,000 review-log rows are written straight into a fresh progress database
(sqlite executemany, one transaction), then we time:

- building today's queue (``StudyQueue(...)``) against a floor: the same SQL queries alone;
- grading plus persisting one review (``grade`` + ``StudyQueue.answer``) against a floor: the bare
  fsrs ``review_card`` plus one hand-written UPDATE + INSERT transaction.

Run: ``python benchmarks/bench_study.py [--cards N] [--reviews M] [--keep DIR]``. Prints medians and ratios.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from fsrs import Card, Rating, Scheduler, State

from backhip_learn.content.load import Library
from backhip_learn.content.model import Short
from backhip_learn.store import Store, to_us
from backhip_learn.study.grading import Typed, grade, response_to_dict
from backhip_learn.study.queue import StudyQueue

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)


def make_library(n_items: int) -> Library:
    """A library of short-answer items built without YAML (the model classes do not validate: it is ours)."""
    lib = Library()
    for i in range(n_items):
        item = Short(
            type="short", id=f"item-{i:06d}", question=f"Question {i}?", answer=f"answer number {i}",
            accept=(), explanation="", source="anatomy.si-joint", tags=("bench",), difficulty=None,
        )
        lib.items.append(item)
        lib.item_index[item.id] = item
        lib.bank_of[item.id] = "bench"
    return lib


def fill(store: Store, n_cards: int, n_reviews: int, rng: random.Random) -> None:
    """Write cards and review rows directly (fast path, not the API)."""
    now_us = to_us(NOW)
    day = 86_400_000_000
    cards = []
    for i in range(n_cards):
        r = rng.random()
        # Learning cards are few in real use (at most a day's new cards and lapses: the limits are
        # 20 new and 200 reviews a day), so 0.5% (500) are in learning or relearning, due within hours.
        if r < 0.005:
            state, step, due = rng.choice((1, 3)), 0, now_us + rng.randint(-3600, 6 * 3600) * 1_000_000
        else:  # review, due from 60 days ago to a year ahead
            state, step, due = 2, None, now_us + rng.randint(-60, 365) * day + rng.randint(0, day)
        cards.append((f"item-{i:06d}", state, step, rng.uniform(0.5, 200), rng.uniform(1, 10), due,
                      due - rng.randint(1, 30) * day, rng.randint(1, 30), rng.randint(0, 3), 0, 0, 0))
    before = json.dumps({"state": 2, "step": None, "stability": 3.0, "difficulty": 5.0,
                         "due": NOW.isoformat(), "last_review": NOW.isoformat(), "reps": 3, "lapses": 0})
    outcome = json.dumps({"correct": True, "score": 1.0})

    def reviews():
        start = now_us - 401 * day  # history ends yesterday: today's limits start untouched
        step_us = (400 * day) // n_reviews
        for k in range(n_reviews):
            misc = '["mc-a"]' if k % 50 == 0 else "[]"
            yield (f"item-{rng.randrange(n_cards):06d}", rng.randint(1, 4), start + k * step_us, 3000, outcome,
                   2, None, misc, before, 1, None, None, None)

    with store.transaction() as c:
        c.executemany(
            "INSERT INTO cards (item_id, state, step, stability, difficulty, due, last_review, reps, lapses,"
            " suspended, buried_until, flag) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", cards)
        c.executemany(
            "INSERT INTO reviews (item_id, rating, reviewed_at, duration_ms, outcome, state_before, response,"
            " misconceptions, card_before, card_existed, due_after, deck, day) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            reviews())
    store.conn.execute("ANALYZE")


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cards", type=int, default=100_000)
    ap.add_argument("--reviews", type=int, default=1_000_000)
    ap.add_argument("--items", type=int, default=None, help="library size (default: cards + 1,000 new items)")
    ap.add_argument("--keep", type=Path, default=None, help="keep the database in this folder")
    args = ap.parse_args()
    rng = random.Random(42)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-study-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "progress.sqlite3"
    if path.exists():
        sys.exit(f"{path} exists; give an empty --keep folder")

    t = time.perf_counter()
    lib = make_library(args.items or args.cards + 1000)
    t_lib = time.perf_counter() - t
    t = time.perf_counter()
    with Store.open(path) as store:
        fill(store, args.cards, args.reviews, rng)
    t_fill = time.perf_counter() - t
    size_mb = path.stat().st_size / 1e6
    print(f"generated: {len(lib.items):,} items in {t_lib:.1f} s; {args.cards:,} cards + {args.reviews:,} reviews "
          f"in {t_fill:.1f} s ({size_mb:.0f} MB)")

    t = time.perf_counter()
    store = Store.open(path)
    t_open = (time.perf_counter() - t) * 1000
    # The first build after the library changed gives every item a row with its bank position.
    t = time.perf_counter()
    StudyQueue(store, lib, NOW, enable_fuzzing=False)
    t_sync = (time.perf_counter() - t) * 1000

    # ---- today's queue: cold (a fresh connection, as when the app starts) and warm (same connection)
    def cold() -> None:
        with Store.open(path) as s:
            StudyQueue(s, lib, NOW, enable_fuzzing=False)

    c_times = timed(cold, 15)
    q_times = timed(lambda: StudyQueue(store, lib, NOW, enable_fuzzing=False), 15)
    queue = StudyQueue(store, lib, NOW, enable_fuzzing=False)
    counts = queue.counts()

    def floor_queue() -> None:
        c = store.conn
        now_us, end_us = to_us(NOW), to_us(queue.day_end)
        c.execute("SELECT due, item_id FROM cards WHERE state IN (1, 3) AND due < ? AND suspended = 0"
                  " AND buried_until <= ?", (end_us, now_us)).fetchall()
        c.execute("SELECT item_id FROM cards WHERE state = 2 AND due < ? AND suspended = 0 AND buried_until <= ?"
                  " ORDER BY due LIMIT 200", (end_us, now_us)).fetchall()
        c.execute("SELECT item_id, suspended, buried_until FROM cards WHERE state = 0 AND new_pos IS NOT NULL"
                  " ORDER BY new_pos LIMIT 20").fetchall()
        c.execute("SELECT COUNT(*) FROM reviews WHERE reviewed_at >= ?", (to_us(queue.day_start),)).fetchall()

    f_times = timed(floor_queue, 15)
    q_med, f_med, c_med = statistics.median(q_times), statistics.median(f_times), statistics.median(c_times)

    # ---- grade + persist one review
    r_times = []
    now = NOW
    for _ in range(300):
        entry = queue.next(now)
        if entry is None:
            break
        t = time.perf_counter()
        response = Typed(entry.item.answer if rng.random() < 0.8 else "something else")  # type: ignore[union-attr]
        outcome = grade(entry.item, response)
        queue.answer(entry.item.id, outcome.suggested, now, outcome=outcome.to_dict(),
                     response=response_to_dict(response), duration_ms=4000)
        r_times.append((time.perf_counter() - t) * 1000)
        now += timedelta(seconds=5)

    sched = Scheduler(enable_fuzzing=False)
    fl_times = []
    for k in range(300):
        t = time.perf_counter()
        card, _ = sched.review_card(Card(card_id=1, state=State.Review, stability=5.0, difficulty=5.0,
                                         due=NOW, last_review=NOW - timedelta(days=5)), Rating.Good, NOW)
        with store.transaction() as c:
            c.execute("UPDATE cards SET stability = ?, due = ? WHERE item_id = ?",
                      (card.stability, to_us(card.due), f"item-{k:06d}"))
            c.execute("INSERT INTO reviews (item_id, rating, reviewed_at, outcome) VALUES (?, 3, ?, '{}')",
                      (f"floor-{k}", to_us(NOW)))
        fl_times.append((time.perf_counter() - t) * 1000)
    r_med, fl_med = statistics.median(r_times), statistics.median(fl_times)
    store.close()

    print(f"open existing database: {t_open:.1f} ms; first queue build after a library change "
          f"(syncs {len(lib.items):,} bank positions, once): {t_sync:.0f} ms")
    print(f"today's queue: {counts.new} new, {counts.learning} learning, {counts.due} due")
    print(f"build today's queue, cold (fresh connection): median {c_med:.1f} ms (min {min(c_times):.1f}); "
          f"floor (its SQL alone) {f_med:.1f} ms; ratio {c_med / f_med:.2f}; target <= 50 ms: "
          f"{'ok' if c_med <= 50 else 'MISSED'}")
    print(f"build today's queue, warm (same connection): median {q_med:.1f} ms (min {min(q_times):.1f}, "
          f"max {max(q_times):.1f})")
    print(f"grade + persist one review ({len(r_times)} reviews): median {r_med:.2f} ms "
          f"(p90 {statistics.quantiles(r_times, n=10)[-1]:.2f}); floor (fsrs + bare UPDATE/INSERT commit) "
          f"{fl_med:.2f} ms; ratio {r_med / fl_med:.2f}; target <= 5 ms: {'ok' if r_med <= 5 else 'MISSED'}")
    if args.keep:
        print(f"database kept at {path}")
    else:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
