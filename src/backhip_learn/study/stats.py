"""Study statistics for ``backhip-learn stats`` and the home screen (every key is in docs/engine.md).

``compute_stats(store, library, now, tz=None)`` returns a JSON-friendly dict; ``store`` may be None
(no database yet), which gives zeros. ``format_stats(stats)`` renders it as plain text.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Any

from backhip_learn.content.load import Library
from backhip_learn.store import ProgressStore
from backhip_learn.study.queue import (
    Limits,
    day_start,
    deck_preset,
    next_day_start,
    study_day,
)
from backhip_learn.study.scheduling import Scheduling
from backhip_learn.study.types import NEW, require_utc

FORECAST_DAYS = 14
RETENTION_DAYS = 30
MATURE_DAYS = 21.0  # Anki's "mature": stability (interval) of three weeks or more
TOP_MISCONCEPTIONS = 10


def compute_stats(store: ProgressStore | None, library: Library, now: datetime, *, tz: tzinfo | None = None) -> dict[str, Any]:
    """Every statistic, as a JSON-friendly dict."""
    now = require_utc(now)
    start = day_start(now, tz)
    today = study_day(now, tz)
    limits = Limits.from_preset(deck_preset(library, None))
    sched = Scheduling(enable_fuzzing=False)
    in_bank = library.cards  # by card id: a cloze counts one card per gap number

    rows = store.cards().values() if store else []
    cards = {r.item_id: r for r in rows if r.item_id in in_bank}
    active = [r for r in cards.values() if not r.suspended]

    reviews = store.review_count() if store else 0
    reviews_today = store.review_count(since=start) if store else 0
    new_done, _ = store.day_counts(start) if store else (0, 0)
    unseen = sum(1 for i in in_bank if i not in cards or (cards[i].card.state == NEW and not cards[i].suspended))
    new_left = max(0, min(limits.new_per_day - new_done, unseen))
    due_now = sum(
        1 for r in active
        if r.card.state != NEW and r.card.due is not None and r.card.due <= now and not r.is_buried(now)
    )

    # True retention: share of reviews of cards in review state that were not forgotten (rating > Again).
    ret_n, ret_ok = 0, 0
    if store:
        ret_n, ret_ok = store.retention(now - timedelta(days=RETENTION_DAYS))

    outline = library.outline
    # Per item: the card ids of its cards (a cloze has one per gap number), in section order.
    by_section: dict[str, dict[str, list[str]]] = {}
    for card, item in in_bank.items():
        item_id = getattr(item, "item_id", "") or item.id
        by_section.setdefault(item.source or "", {}).setdefault(item_id, []).append(card)
    mastery = []
    for section in outline.sections:
        items = by_section.get(section.id, {})
        if not items:
            continue
        seen = mature = 0
        recall = 0.0
        for ids in items.values():
            states = [cards[i].card for i in ids if i in cards and cards[i].card.state != NEW]
            seen += bool(states)
            mature += len(states) == len(ids) and all((c.stability or 0) >= MATURE_DAYS for c in states)
            recall += sum(sched.retrievability(c, now) for c in states) / len(ids)
        mastery.append({
            "section": section.id,
            "part": section.part,
            "heading": section.heading,
            "items": len(items),
            "seen": seen,
            "mature": mature,
            "mastery": round(recall / len(items), 4),
        })

    misconceptions = []
    if store:
        for mid, count in store.top_misconceptions(TOP_MISCONCEPTIONS):
            known = library.misconceptions.get(mid)
            misconceptions.append({
                "id": mid,
                "count": count,
                "label": known.label if known else None,
                "correction": known.correction if known else None,
            })

    forecast = []
    edges = [next_day_start(now, tz)]
    for _ in range(FORECAST_DAYS - 1):
        edges.append(next_day_start(edges[-1], tz))
    due_times = sorted(
        r.card.due for r in active if r.card.state != NEW and r.card.due is not None
    )
    j = 0
    for k, edge in enumerate(edges):
        n = 0
        while j < len(due_times) and due_times[j] < edge:
            n += 1
            j += 1
        forecast.append({"day": (today + timedelta(days=k)).isoformat(), "due": n})

    exams = []
    if store:
        titles = {e.id: e.title for e in library.exams}
        for res in store.exam_results():
            exams.append({
                "exam_id": res.exam_id,
                "title": titles.get(res.exam_id),
                "started": res.started.isoformat(),
                "finished": res.finished.isoformat(),
                "score": round(res.score, 4),
                "passed": res.passed,
                "abandoned": res.abandoned,
                "parts": res.parts,
            })

    states = {"new": unseen, "learning": 0, "review": 0, "suspended": 0}
    for r in cards.values():
        if r.suspended:
            states["suspended"] += 1
        elif r.card.state in (1, 3):
            states["learning"] += 1
        elif r.card.state == 2:
            states["review"] += 1

    return {
        "now": now.isoformat(),
        "study_day": today.isoformat(),
        "reviews": reviews,
        "reviews_today": reviews_today,
        "due_now": due_now,
        "new_left_today": new_left,
        "cards": states,
        "retention_30d": round(ret_ok / ret_n, 4) if ret_n else None,
        "retention_reviews_30d": ret_n,
        "streak_days": store.streak(today) if store else 0,
        "mastery": mastery,
        "misconceptions": misconceptions,
        "forecast": forecast,
        "exams": exams,
    }


def format_stats(stats: dict[str, Any]) -> str:
    """Plain-text rendering for the terminal."""
    lines = [
        f"Reviews: {stats['reviews']} in total, {stats['reviews_today']} today (study day {stats['study_day']})",
        f"Due now: {stats['due_now']}    New left today: {stats['new_left_today']}    "
        f"Streak: {stats['streak_days']} day(s)",
        "Cards: " + ", ".join(f"{k} {v}" for k, v in stats["cards"].items()),
    ]
    ret = stats["retention_30d"]
    lines.append(
        f"True retention (30 days): {ret * 100:.1f}% of {stats['retention_reviews_30d']} reviews"
        if ret is not None else "True retention (30 days): no reviews of mature cards yet"
    )
    if stats["mastery"]:
        lines.append("")
        lines.append("Mastery by section (mean recall now; seen/items, mature):")
        for m in stats["mastery"]:
            lines.append(f"  {m['mastery'] * 100:5.1f}%  {m['seen']:>3}/{m['items']:<3} {m['mature']:>3}  {m['section']}")
    if stats["misconceptions"]:
        lines.append("")
        lines.append("Misconceptions most often chosen:")
        for m in stats["misconceptions"]:
            lines.append(f"  {m['count']:>4}  {m['label'] or m['id']}")
            if m["correction"]:
                lines.append(f"        -> {m['correction']}")
    lines.append("")
    lines.append("Due in the next 14 days: " + " ".join(str(f["due"]) for f in stats["forecast"]))
    if stats["exams"]:
        lines.append("")
        lines.append("Exams:")
        for e in stats["exams"]:
            verdict = "passed" if e["passed"] else "not passed"
            lines.append(f"  {e['finished'][:16]}  {e['title'] or e['exam_id']}: {e['score'] * 100:.1f}% ({verdict})")
    return "\n".join(lines)


def last_review_time(store: ProgressStore) -> datetime | None:
    """When the latest review was made, or None."""
    return store.last_review_time()


__all__ = ["compute_stats", "format_stats", "last_review_time"]
