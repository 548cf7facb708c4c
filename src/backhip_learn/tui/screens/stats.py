"""Statistics: reviews per day, retention per week, forecast, recall and accuracy by part, objective and section,
misconceptions, exams."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from backhip_learn.study.stats import compute_stats
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.messages import ends_on_store_error
from backhip_learn.tui.widgets.bars import BarChart, ColumnChart
from backhip_learn.tui.widgets.key_footer import KeyFooter

KNOWING = ("Bars: recall now (predicted by the scheduler for the cards you have seen, over all items).  "
           "Right: answered right in each item's last 5 answers, exams included.")


def figures(row: dict[str, Any]) -> str:
    """``41% · right 60% · 3/12 seen``: the two measures side by side, named."""
    right = row["answered_right_last5"]
    said = "right -" if right is None else f"right {round(right * 100)}%"
    return f"{round(row['recall_now'] * 100)}% · {said} · {row['seen']}/{row['items']} seen"


BLOCKS = "·▁▂▃▄▅▆▇█"  # a dot for a day without reviews, so the line shows all 30 days


def sparkline(days: list[dict[str, Any]]) -> Text:
    """One block a day (30 fit in 80 columns, where columns with labels do not), the range and the totals."""
    counts = [int(d["reviews"]) for d in days]
    most = max(counts, default=0)
    out = Text()
    out.append("".join(BLOCKS[0 if not n else max(1, round(n / most * 8))] for n in counts) or "-", style="bold")
    if days:
        first, last = (date.fromisoformat(days[i]["day"]).strftime("%d %b") for i in (0, -1))
        out.append(f"\n{first} … {last}: {sum(counts)} reviews, most {most} a day, "
                   f"{sum(1 for n in counts if n)} day(s) with reviews")
    return out


class StatsScreen(Screen[None]):
    """Figures from ``study.stats.compute_stats`` (computed in a worker thread), drawn as text charts."""

    CSS_PATH = "stats.tcss"  # parsed when the screen is first shown, not at start-up

    BINDINGS = [
        Binding("escape,q,enter", "leave", "Back", show=True),
        Binding("question_mark", "app.help", "Help", show=True),
        Binding("pageup", "scroll(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll(1)", "Scroll down", show=False),
    ]

    def __init__(self, context: StudyContext) -> None:
        super().__init__()
        self.context = context
        self.stats: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        """A scrolling body filled once the figures arrive."""
        yield VerticalScroll(Static("Counting…", id="stats-loading"), id="stats-body")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Start counting off the UI thread."""
        self.load()

    @work(thread=True, exclusive=True)
    @ends_on_store_error
    def load(self) -> None:
        """Read the database (blocking) and hand the figures to the UI thread."""
        ctx = self.context
        stats = compute_stats(ctx.store, ctx.library, ctx.clock())
        # Textual awaits a coroutine callback; its annotation makes mypy infer Never for one returning None.
        self.app.call_from_thread(self.show, stats)  # type: ignore[arg-type]

    async def show(self, stats: dict[str, Any]) -> None:
        """Draw every section."""
        self.stats = stats
        body = self.query_one("#stats-body", VerticalScroll)
        await body.remove_children()
        ret = stats["retention_30d"]
        head = Text("Statistics\n", style="bold")
        head.append(f"Reviews {stats['reviews']} ({stats['reviews_today']} today)  ·  due now {stats['due_now']}"
                    f"  ·  new left today {stats['new_left_today']}  ·  streak {stats['streak_days']} day(s)\n")
        cards = stats["cards"]
        head.append("Cards: " + ", ".join(f"{k} {v}" for k, v in cards.items()) + "\n")
        head.append("Retention (30 days): ")
        head.append(f"{ret * 100:.1f}% of {stats['retention_reviews_30d']} reviews" if ret is not None
                    else "not enough reviews of learned cards yet")
        widgets: list[Static | BarChart | ColumnChart] = [Static(head)]
        widgets.append(Static(f"Reviews per day (last {len(stats['reviews_per_day'])} days)", classes="stats-section"))
        widgets.append(Static(sparkline(stats["reviews_per_day"])))
        widgets.append(Static("Retention per week (reviews of learned cards not forgotten)", classes="stats-section"))
        weeks = [w for w in stats["retention_by_week"] if w["reviews"]]
        if weeks:
            widgets.append(BarChart([(f"week of {date.fromisoformat(w['week']).strftime('%d %b')}", w["retention"],
                                      f"{round(w['retention'] * 100)}% of {w['reviews']}") for w in weeks]))
        else:
            widgets.append(Static("No reviews of learned cards yet."))
        widgets.append(Static("Due in the next 14 days (forecast)", classes="stats-section"))
        cols = [(date.fromisoformat(f["day"]).strftime("%d"), int(f["due"])) for f in stats["forecast"]]
        widgets.append(ColumnChart(cols, height=4))
        widgets.append(Static(KNOWING, classes="stats-note"))
        widgets.append(Static("By part", classes="stats-section"))
        widgets.append(BarChart([(p["name"], p["recall_now"], figures(p)) for p in stats["parts"]], id="stats-parts"))
        widgets.append(Static("By learning objective", classes="stats-section"))
        if stats["objectives"]:
            widgets.append(BarChart([(o["text"], o["recall_now"], figures(o)) for o in stats["objectives"]]))
        else:
            widgets.append(Static("No learning objectives named in this course's items."))
        widgets.append(Static("By section", classes="stats-section"))
        widgets.append(BarChart([(m["heading"], m["recall_now"], figures(m)) for m in stats["mastery"]]))
        widgets.append(Static("Misconceptions you keep choosing", classes="stats-section"))
        if stats["misconceptions"]:
            text = Text()
            for m in stats["misconceptions"]:
                text.append(f"{m['count']:>3}× ", style="bold")
                text.append(m["label"] or m["id"])
                if m["correction"]:
                    text.append("\n     → ")
                    text.append(m["correction"], style="italic")
                text.append("\n")
            text.rstrip()
            widgets.append(Static(text))
        else:
            widgets.append(Static("None so far."))
        widgets.append(Static("Exam history", classes="stats-section"))
        if stats["exams"]:
            text = Text()
            for e in stats["exams"][-10:]:
                text.append(f"{e['finished'][:16].replace('T', ' ')}  ")
                text.append(e["title"] or e["exam_id"])
                text.append(f"  {e['score'] * 100:.0f}%  ")
                if e.get("abandoned"):
                    text.append("abandoned (quit before hand-in)", style="yellow")
                else:
                    text.append("passed" if e["passed"] else "not passed", style="green" if e["passed"] else "red")
                text.append("\n")
            text.rstrip()
            widgets.append(Static(text))
        else:
            widgets.append(Static("No exams taken yet: pick one on the home screen, or `backhip-learn quiz EXAM`."))
        await body.mount_all(widgets)

    def action_scroll(self, direction: int) -> None:
        """Page the figures."""
        body = self.query_one("#stats-body", VerticalScroll)
        (body.scroll_page_down if direction > 0 else body.scroll_page_up)(animate=False)

    def action_leave(self) -> None:
        """Back to the previous screen (or quit if this is the only one)."""
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()
