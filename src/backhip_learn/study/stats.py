"""Study statistics for ``backhip-learn stats`` and the home screen (every key is in docs/engine.md).

``compute_stats(store, library, now, tz=None)`` returns a JSON-friendly dict; ``store`` may be None
(no database yet), which gives zeros. ``format_stats(stats)`` renders it as plain text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, tzinfo
from typing import Any

from backhip_learn.content.load import Library
from backhip_learn.store import ProgressStore
from backhip_learn.store.records import ReviewRecord
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
LAST_ANSWERS = 5  # "answered right": over each item's last five answers (study and exams)
ACTIVITY_DAYS = 30
RETENTION_WEEKS = 12


def _answers(log: list[ReviewRecord], store: ProgressStore | None,
             in_bank: Mapping[str, Any]) -> dict[str, list[tuple[datetime, bool]]]:
    """Every answer per item id, right or not: study reviews and handed-in exam answers (which never schedule)."""
    out: dict[str, list[tuple[datetime, bool]]] = {}
    for r in log:
        card = in_bank.get(r.item_id)
        item_id = (getattr(card, "item_id", "") or r.item_id) if card is not None else r.item_id
        o = r.outcome or {}
        # A self-graded card (shown, then graded) counts as right when not graded Again.
        ok = bool(o["correct"]) if "correct" in o and not o.get("revealed") else r.rating > 1
        out.setdefault(item_id, []).append((r.reviewed_at, ok))
    if store:
        for res in store.exam_results():
            if res.abandoned:
                continue
            for a in res.answers:
                o = a.get("outcome") or {}
                if a.get("item_id") and not o.get("revealed"):
                    out.setdefault(str(a["item_id"]), []).append((res.finished, bool(o.get("correct"))))
    return out


def compute_stats(
    store: ProgressStore | None, library: Library, now: datetime, *, tz: tzinfo | None = None
) -> dict[str, Any]:
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
    by_item: dict[str, list[str]] = {}
    for card, item in in_bank.items():
        item_id = getattr(item, "item_id", "") or item.id
        by_section.setdefault(item.source or "", {}).setdefault(item_id, []).append(card)
        by_item.setdefault(item_id, []).append(card)
    log = store.reviews() if store else []
    answers = _answers(log, store, in_bank)

    def figures(item_ids: list[str]) -> dict[str, Any]:
        """Recall now (FSRS, predicted) and answered right (last answers, exams included) over some items."""
        seen = mature = 0
        recall = 0.0
        right = answered = 0
        for item_id in item_ids:
            ids = by_item[item_id]
            states = [cards[i].card for i in ids if i in cards and cards[i].card.state != NEW]
            seen += bool(states)
            mature += len(states) == len(ids) and all((c.stability or 0) >= MATURE_DAYS for c in states)
            recall += sum(sched.retrievability(c, now) for c in states) / len(ids)
            last = [ok for _, ok in sorted(answers.get(item_id, []))[-LAST_ANSWERS:]]
            right += sum(last)
            answered += len(last)
        n = len(item_ids)
        return {
            "items": n,
            "seen": seen,
            "mature": mature,
            "recall_now": round(recall / n, 4) if n else 0.0,
            "answered_right_last5": round(right / answered, 4) if answered else None,
            "answers_counted": answered,
        }

    mastery = []
    part_items: dict[str, list[str]] = {}
    for section in outline.sections:
        items = list(by_section.get(section.id, {}))
        if not items:
            continue
        part_items.setdefault(section.part, []).extend(items)
        mastery.append({"section": section.id, "part": section.part, "heading": section.heading, **figures(items)})
    parts = [{"part": part, "name": outline.part_name(part), **figures(items)} for part, items in part_items.items()]
    objective_items: dict[str, list[str]] = {}
    for item_id in by_item:
        objective = getattr(library.item_index.get(item_id), "objective", None)
        if objective:
            objective_items.setdefault(objective, []).append(item_id)
    objectives = []
    for o in outline.objectives:
        if o.id in objective_items:
            objectives.append(
                {"objective": o.id, "section": o.section, "text": o.text, **figures(objective_items[o.id])}
            )

    per_day = {(today - timedelta(days=k)).isoformat(): 0 for k in range(ACTIVITY_DAYS - 1, -1, -1)}
    weeks: dict[str, list[int]] = {}
    first_week = today - timedelta(days=today.weekday() + 7 * (RETENTION_WEEKS - 1))
    for r in log:
        day = study_day(r.reviewed_at, tz)
        if day.isoformat() in per_day:
            per_day[day.isoformat()] += 1
        if r.state_before == 2 and day >= first_week:  # review-state cards, as the 30-day retention
            acc = weeks.setdefault((day - timedelta(days=day.weekday())).isoformat(), [0, 0])
            acc[0] += 1
            acc[1] += r.rating > 1
    retention_by_week = []
    for k in range(RETENTION_WEEKS):
        week = (first_week + timedelta(days=7 * k)).isoformat()
        n, ok = weeks.get(week, [0, 0])
        retention_by_week.append({"week": week, "reviews": n, "retention": round(ok / n, 4) if n else None})

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

    by_state = {"new": unseen, "learning": 0, "review": 0, "suspended": 0}
    for row in cards.values():
        if row.suspended:
            by_state["suspended"] += 1
        elif row.card.state in (1, 3):
            by_state["learning"] += 1
        elif row.card.state == 2:
            by_state["review"] += 1

    return {
        "now": now.isoformat(),
        "study_day": today.isoformat(),
        "reviews": reviews,
        "reviews_today": reviews_today,
        "due_now": due_now,
        "new_left_today": new_left,
        "cards": by_state,
        "retention_30d": round(ret_ok / ret_n, 4) if ret_n else None,
        "retention_reviews_30d": ret_n,
        "streak_days": store.streak(today) if store else 0,
        "mastery": mastery,
        "parts": parts,
        "objectives": objectives,
        "reviews_per_day": [{"day": d, "reviews": n} for d, n in per_day.items()],
        "retention_by_week": retention_by_week,
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
        lines.append("By section: recall now (predicted), answered right (last 5), seen/items, mature:")
        for m in stats["mastery"]:
            right = m["answered_right_last5"]
            lines.append(f"  {m['recall_now'] * 100:5.1f}%  {'   -  ' if right is None else f'{right * 100:5.1f}%'}"
                         f"  {m['seen']:>3}/{m['items']:<3} {m['mature']:>3}  {m['section']}")
    if stats["misconceptions"]:
        lines.append("")
        lines.append("Misconceptions most often chosen:")
        for m in stats["misconceptions"]:
            lines.append(f"  {m['count']:>4}  {m['label'] or m['id']}")
            if m["correction"]:
                lines.append(f"        -> {m['correction']}")
    lines.append("")
    lines.append("Reviews per day (last 30): " + " ".join(str(d["reviews"]) for d in stats["reviews_per_day"]))
    lines.append("Retention per week: " + " ".join(
        "-" if w["retention"] is None else f"{w['retention'] * 100:.0f}%" for w in stats["retention_by_week"]))
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
