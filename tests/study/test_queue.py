"""Today's queue: order, limits, the 4 am rollover, filters, bury/suspend/flag and undo."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from fsrs import Rating

from backhip_learn.content.load import Library
from backhip_learn.store import Store
from backhip_learn.study.queue import (
    Counts,
    Limits,
    StudyQueue,
    UnknownDeck,
    day_start,
    deck_preset,
    next_day_start,
    study_day,
    today_counts,
)
from backhip_learn.study.scheduling import Scheduling

from .helpers import T0

UTC = timezone.utc
G = Rating.Good
PLAIN = Scheduling(enable_fuzzing=False)


def queue(store: Store, lib: Library, now: datetime = T0, **kw: object) -> StudyQueue:
    kw.setdefault("tz", UTC)
    return StudyQueue(store, lib, now, enable_fuzzing=False, **kw)  # type: ignore[arg-type]


def make_review(store: Store, item_id: str, due_before: datetime) -> None:
    """Take an item through its learning steps so that it is a review card due 2 days later."""
    start = due_before - timedelta(days=2, minutes=10, seconds=1)
    store.record_review(item_id, G, start, PLAIN)
    store.record_review(item_id, G, start + timedelta(minutes=10), PLAIN)
    row = store.card(item_id)
    assert row is not None and row.card.state == 2 and row.card.due is not None and row.card.due < due_before


def test_rollover_at_4am_local() -> None:
    tz = ZoneInfo("Europe/Berlin")  # UTC+1 in March before the switch
    before = datetime(2026, 3, 3, 2, 59, tzinfo=UTC)  # 03:59 local
    after = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)  # 04:00 local
    assert study_day(before, tz).isoformat() == "2026-03-02"
    assert study_day(after, tz).isoformat() == "2026-03-03"
    assert day_start(before, tz) == datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
    assert day_start(after, tz) == after
    assert next_day_start(before, tz) == after
    # Across the daylight-saving switch (29 March 2026) the day still starts at 4 am local.
    assert next_day_start(datetime(2026, 3, 28, 12, tzinfo=UTC), tz) == datetime(2026, 3, 29, 2, 0, tzinfo=UTC)


def test_new_items_in_bank_order_up_to_limit(store: Store, lib: Library) -> None:
    q = queue(store, lib, limits=Limits(new_per_day=3, reviews_per_day=200))
    assert q.counts() == Counts(new=3, learning=0, due=0)
    seen = []
    now = T0
    while (entry := q.next(now)) is not None and entry.kind == "new":
        seen.append(entry.item.id)
        q.answer(entry.item.id, Rating.Easy, now)  # straight to review: out of today's queue
        now += timedelta(seconds=30)
    assert seen == ["fx-basic", "fx-mcq", "fx-multi"]
    assert q.counts() == Counts(0, 0, 0)
    # A fresh queue the same day respects what was already done.
    assert queue(store, lib, now, limits=Limits(3, 200)).counts().new == 0
    # The next study day brings three more, still in bank order.
    tomorrow = next_day_start(now, UTC)
    q2 = queue(store, lib, tomorrow, limits=Limits(3, 200))
    assert [i.id for i in q2.new] == ["fx-tf", "fx-cloze::c1", "fx-cloze::c2"]  # a cloze: one card per gap number


def test_learning_card_returns_when_its_step_is_due(store: Store, lib: Library) -> None:
    q = queue(store, lib, limits=Limits(2, 200))
    first = q.next(T0)
    assert first is not None and first.item.id == "fx-basic"
    q.answer("fx-basic", G, T0)  # next step in 10 minutes
    assert q.counts() == Counts(new=1, learning=1, due=0)
    entry = q.next(T0 + timedelta(minutes=1))
    assert entry is not None and entry.item.id == "fx-mcq" and entry.kind == "new"
    q.answer("fx-mcq", Rating.Easy, T0 + timedelta(minutes=1))
    # Nothing else left: the learning card is shown early (within 20 minutes) ...
    early = q.next(T0 + timedelta(minutes=2))
    assert early is not None and early.item.id == "fx-basic" and early.kind == "learning"
    q.answer("fx-basic", Rating.Again, T0 + timedelta(minutes=2))  # 1 minute
    assert q.next_learning_due() == T0 + timedelta(minutes=3)


def test_learning_card_further_than_20_minutes_waits(store: Store, lib: Library) -> None:
    slow = Scheduling(learning_steps_minutes=(60,), enable_fuzzing=False)
    q = queue(store, lib, limits=Limits(1, 200), scheduling=slow)
    q.answer("fx-basic", Rating.Again, T0)
    assert q.counts() == Counts(0, 1, 0)
    assert q.next(T0 + timedelta(minutes=39)) is None
    assert q.next_learning_due() == T0 + timedelta(minutes=60)
    entry = q.next(T0 + timedelta(minutes=40))
    assert entry is not None and entry.item.id == "fx-basic"


def test_learning_due_comes_before_new(store: Store, lib: Library) -> None:
    q = queue(store, lib, limits=Limits(5, 200))
    q.answer("fx-basic", G, T0)
    entry = q.next(T0 + timedelta(minutes=10))
    assert entry is not None and entry.item.id == "fx-basic" and entry.kind == "learning"


def test_review_limit_and_due_order(store: Store, lib: Library) -> None:
    ids = ["fx-basic", "fx-mcq", "fx-multi", "fx-tf"]
    for k, item_id in enumerate(ids):
        make_review(store, item_id, T0 - timedelta(hours=4 - k))  # fx-basic most overdue
    q = queue(store, lib, limits=Limits(new_per_day=0, reviews_per_day=2))
    assert q.counts() == Counts(new=0, learning=0, due=2)
    assert q.reviews == ["fx-basic", "fx-mcq"]
    q.answer("fx-basic", G, T0)
    assert q.counts().due == 1
    # A rebuilt queue counts the review already done against the limit.
    assert queue(store, lib, T0 + timedelta(minutes=1), limits=Limits(0, 2)).counts().due == 1


def test_review_due_later_today_is_queued_from_day_start(store: Store, lib: Library) -> None:
    # Due at 22:00 today: in today's queue already at 10:00, like Anki's day-based reviews.
    make_review(store, "fx-basic", T0 + timedelta(hours=12))
    row = store.card("fx-basic")
    assert row is not None and row.card.due is not None and T0 < row.card.due < next_day_start(T0, UTC)
    assert queue(store, lib, limits=Limits(0, 200)).counts().due == 1
    # Due tomorrow at 10:00: not at 03:59, yes at 04:00.
    store2_due = next_day_start(T0, UTC) + timedelta(hours=6)
    make_review(store, "fx-mcq", store2_due)
    row = store.card("fx-mcq")
    assert row is not None and row.card.due is not None
    day2 = next_day_start(T0, UTC)
    assert "fx-mcq" not in queue(store, lib, day2 - timedelta(minutes=1), limits=Limits(0, 200)).reviews
    assert "fx-mcq" in queue(store, lib, day2, limits=Limits(0, 200)).reviews


def test_new_spread_among_reviews(store: Store, lib: Library) -> None:
    reviews = ["fx-basic", "fx-mcq", "fx-multi", "fx-tf", "fx-cloze::c1", "fx-short"]
    for k, item_id in enumerate(reviews):
        make_review(store, item_id, T0 - timedelta(hours=6 - k))
    q = queue(store, lib, limits=Limits(new_per_day=2, reviews_per_day=200))
    kinds, now = [], T0
    while (entry := q.next(now)) is not None:
        kinds.append(entry.kind)
        q.answer(entry.item.id, Rating.Easy, now)
        now += timedelta(seconds=10)
    assert kinds == ["review"] * 3 + ["new"] + ["review"] * 3 + ["new"]


def test_filters_deck_section_tag(store: Store, lib: Library) -> None:
    anat = queue(store, lib, deck="Fixture::Anatomy")
    assert anat.limits == Limits(2, 50)
    assert anat.scheduling.desired_retention == 0.85
    assert [i.id for i in anat.new] == ["fx-basic", "fx-mcq"]
    causes = queue(store, lib, deck="fx-caus")
    assert [i.id for i in causes.new] == ["fx-short", "fx-match", "fx-order", "fx-short2"]
    assert [i.id for i in queue(store, lib, tags=["path"]).new] == ["fx-order"]
    # A cloze's gap cards are siblings: c2 waits for tomorrow once c1 is queued, as Anki buries siblings.
    assert [i.id for i in queue(store, lib, sections=["anatomy.sciatic-nerve"]).new] == [
        "fx-mcq", "fx-cloze::c1"]
    assert [i.id for i in queue(store, lib, sections=["causes"], tags=["stenosis"]).new] == ["fx-short2"]
    with pytest.raises(UnknownDeck):
        queue(store, lib, deck="nope")
    assert deck_preset(lib, "fx-root").new_per_day == 20
    assert deck_preset(lib, None).new_per_day == 20


def test_bury_until_tomorrow(store: Store, lib: Library) -> None:
    q = queue(store, lib, limits=Limits(2, 200))
    q.bury("fx-basic", T0)
    assert [i.id for i in q.new] == ["fx-mcq"]
    assert [i.id for i in queue(store, lib, limits=Limits(2, 200)).new] == ["fx-mcq", "fx-multi"]
    tomorrow = next_day_start(T0, UTC)
    assert [i.id for i in queue(store, lib, tomorrow, limits=Limits(2, 200)).new] == ["fx-basic", "fx-mcq"]
    # A buried review card also waits for the next day.
    make_review(store, "fx-tf", T0)
    q = queue(store, lib, limits=Limits(0, 200))
    assert q.counts().due == 1
    q.bury("fx-tf", T0)
    assert q.counts().due == 0 and queue(store, lib, limits=Limits(0, 200)).counts().due == 0


def test_suspend_and_flag(store: Store, lib: Library) -> None:
    make_review(store, "fx-tf", T0)
    q = queue(store, lib, limits=Limits(1, 200))
    q.suspend("fx-tf")
    q.suspend("fx-basic")
    assert q.counts() == Counts(new=0, learning=0, due=0)
    later = T0 + timedelta(days=30)
    assert [i.id for i in queue(store, lib, later, limits=Limits(1, 200)).new] == ["fx-mcq"]
    assert queue(store, lib, later, limits=Limits(1, 200)).counts().due == 0
    q.suspend("fx-tf", on=False)
    assert queue(store, lib, later, limits=Limits(1, 200)).counts().due == 1
    q.flag("fx-mcq", 3)
    row = store.card("fx-mcq")
    assert row is not None and row.flag == 3 and row.card.is_new
    entry = queue(store, lib, later, limits=Limits(1, 200)).next(later)
    assert entry is not None and entry.kind in ("new", "review")


def test_undo_restores_exact_state(store: Store, lib: Library) -> None:
    make_review(store, "fx-mcq", T0)
    q = queue(store, lib, limits=Limits(1, 200))
    before = store.card("fx-mcq")
    n_before = store.review_count()
    rec = q.answer("fx-mcq", Rating.Again, T0, outcome={"x": 1}, duration_ms=1200)
    assert store.card("fx-mcq") != before and store.review_count() == n_before + 1
    entry = q.undo()
    assert entry is not None and entry.item.id == "fx-mcq" and entry.kind == "review"
    assert store.card("fx-mcq") == before
    assert store.review_count() == n_before
    assert rec.id not in [r.id for r in store.reviews()]
    assert q.counts() == Counts(new=1, learning=0, due=1)
    assert q.reviews[0] == "fx-mcq"
    assert store.study_days() == {}  # the undone review no longer counts towards the streak


def test_undo_new_card(store: Store, lib: Library) -> None:
    q = queue(store, lib, limits=Limits(1, 200))
    before = store.card("fx-basic")
    assert before is not None and before.card.is_new  # the queue gave every item its row
    q.answer("fx-basic", G, T0, duration_ms=500)
    assert store.study_days() == {"2026-03-02": 1}
    assert q.counts() == Counts(0, 1, 0)
    entry = q.undo()
    assert entry is not None and entry.kind == "new" and entry.card.is_new
    assert store.card("fx-basic") == before and store.review_count() == 0
    assert next(iter(store.new_cards(T0))) == "fx-basic"  # back at its bank position
    assert store.study_days() == {}
    assert q.counts() == Counts(1, 0, 0) and q.new_done == 0
    nxt = q.next(T0)
    assert nxt is not None and nxt.item.id == "fx-basic"
    assert not q.can_undo and q.undo() is None


def test_undo_only_latest_review_of_card(store: Store, lib: Library) -> None:
    first = store.record_review("fx-basic", G, T0, PLAIN)
    store.record_review("fx-basic", G, T0 + timedelta(minutes=10), PLAIN)
    with pytest.raises(LookupError):
        store.undo_review(first.id)


def test_items_gone_from_bank_keep_history_but_leave_queue(store: Store, lib: Library) -> None:
    make_review(store, "ghost-item", T0)
    q = queue(store, lib, limits=Limits(0, 200))
    assert q.counts() == Counts(0, 0, 0)
    assert len(store.reviews(item_id="ghost-item")) == 2


def test_today_counts(store: Store, lib: Library) -> None:
    make_review(store, "fx-match", T0)
    counts = today_counts(store, lib, T0, tz=UTC)
    # Anatomy's own limit (2 a day) holds back four of its six unseen cards (fx-cloze is two: c1, c2);
    # Causes has three left.
    assert counts.due == 1 and counts.new == 5 and counts.total == 6


def test_other_connection_changes_are_seen(tmp_path, lib: Library) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.sqlite3"
    with Store.open(path) as a, Store.open(path) as b:
        assert [i.id for i in queue(a, lib, limits=Limits(2, 200)).new] == ["fx-basic", "fx-mcq"]
        b.record_review("fx-basic", G, T0, PLAIN)  # another session introduces it
        b.suspend("fx-mcq")
        # One new card done today (by the other session) leaves two of three.
        assert [i.id for i in queue(a, lib, limits=Limits(3, 200)).new] == ["fx-multi", "fx-tf"]
        b.suspend("fx-mcq", on=False)
        assert [i.id for i in queue(a, lib, limits=Limits(3, 200)).new] == ["fx-mcq", "fx-multi"]


def test_editing_item_text_keeps_progress(tmp_path, store: Store, lib: Library) -> None:  # type: ignore[no-untyped-def]
    from backhip_learn.content.load import load_paths

    from .helpers import FIXTURES

    make_review(store, "fx-mcq", T0)
    edited = tmp_path / "banks"
    edited.mkdir()
    for f in FIXTURES.iterdir():
        text = f.read_text()
        if f.name == "bank-anatomy.yaml":
            text = text.replace("Which nerve runs through the buttock?", "Which nerve passes through the buttock?")
            assert "passes" in text
        (edited / f.name).write_text(text)
    lib2 = load_paths([edited])
    assert not lib2.problems
    q = queue(store, lib2, limits=Limits(0, 200))
    entry = q.next(T0)
    assert entry is not None and entry.item.id == "fx-mcq" and entry.kind == "review"
    assert entry.item.prompt == "Which nerve passes through the buttock?" and entry.card.reps == 2


def test_shared_connection_from_two_threads(store: Store, lib: Library) -> None:
    import threading

    def work(offset: int) -> None:
        for n in range(50):
            store.record_review(f"t-{offset}-{n % 5}", G, T0 + timedelta(seconds=n), PLAIN)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.review_count() == 100


def test_cram_takes_every_card_of_the_filter_due_or_not(store: Store, lib: Library) -> None:
    # One card (learnt yesterday) is a review due tomorrow; the others are new, more than the limit allows.
    make_review(store, "fx-mcq", T0 + timedelta(days=1))
    normal = queue(store, lib, limits=Limits(new_per_day=2, reviews_per_day=200))
    assert "fx-mcq" not in normal.reviews and len(normal.new) == 2
    cram = queue(store, lib, limits=Limits(new_per_day=2, reviews_per_day=200), cram=True)
    assert cram.reviews == ["fx-mcq"]
    assert len(cram.new) == len(lib.cards) - 1  # no daily limit
    # Answered Again, a crammed card comes back in the same session even before its step is due.
    entry = cram.next(T0)
    assert entry is not None
    cram.answer(entry.item.id, Rating.Again, T0)
    while (e := cram.next(T0)) is not None and e.item.id != entry.item.id:
        cram.answer(e.item.id, Rating.Easy, T0)
    assert e is not None and e.kind == "learning"


def test_cram_respects_the_filter(store: Store, lib: Library) -> None:
    cram = queue(store, lib, sections=("anatomy",), cram=True)
    assert cram.new and all(i.source and i.source.startswith("anatomy") for i in cram.new)
