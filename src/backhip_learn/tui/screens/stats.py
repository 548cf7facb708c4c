"""Statistics: due forecast chart, retention, mastery per section, misconceptions, exam history."""

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

from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.widgets.bars import BarChart, ColumnChart
from backhip_learn.tui.widgets.key_footer import KeyFooter


class StatsScreen(Screen[None]):
    """Figures from ``study.stats.compute_stats`` (computed in a worker thread), drawn as text charts."""

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
    def load(self) -> None:
        """Read the database (blocking) and hand the figures to the UI thread."""
        from backhip_learn.study.stats import compute_stats

        ctx = self.context
        stats = compute_stats(ctx.store, ctx.library, ctx.clock())
        self.app.call_from_thread(self.show, stats)

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
        widgets.append(Static("Due in the next 14 days", classes="stats-section"))
        cols = [(date.fromisoformat(f["day"]).strftime("%d"), int(f["due"])) for f in stats["forecast"]]
        widgets.append(ColumnChart(cols, height=4))
        widgets.append(Static("Mastery by section (recall now; seen/items)", classes="stats-section"))
        widgets.append(BarChart([(m["heading"], m["mastery"], f"{round(m['mastery'] * 100)}% {m['seen']}/{m['items']}")
                                 for m in stats["mastery"]]))
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
