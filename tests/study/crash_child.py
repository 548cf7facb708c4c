"""Child process for the crash and two-writer tests (run as a script, not collected by pytest).

Usage: python crash_child.py DB_PATH N_ITEMS COUNT TAG [--wait]
Reviews items in turn (COUNT reviews, or forever with COUNT 0), printing "saved N" after each
commit; the parent may kill it with SIGKILL at any moment. With --wait it prints "ready" and waits
for a line on stdin first, so that two writers start together, and pauses 1 ms between reviews
(a learner never answers back to back) so that the other writer gets its turns.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime, timedelta, timezone

from backhip_learn.store import Store
from backhip_learn.study.scheduling import Scheduling


def main() -> None:
    path, n_items, count, tag = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    store = Store.open(path)
    paired = "--wait" in sys.argv[5:]
    if paired:
        print("ready", flush=True)
        sys.stdin.readline()
    sched = Scheduling(enable_fuzzing=False)
    t0 = datetime(2026, 3, 2, 10, tzinfo=timezone.utc)
    n = 0
    while count == 0 or n < count:
        item = f"item-{n % n_items}"
        store.record_review(
            item, 1 + n % 4, t0 + timedelta(seconds=n), sched,
            outcome={"writer": tag, "n": n}, response={"kind": "dont_know"}, duration_ms=n, day="2026-03-02",
        )
        n += 1
        print(f"saved {n}", flush=True)
        if paired:
            time.sleep(0.001)
    store.close()


if __name__ == "__main__":
    main()
