"""The home screen: decks with new / learning / due counts, mastery per article part, streak."""

from __future__ import annotations

from rich.text import Text
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static

from backhip_learn.content.outline import load_outline
from backhip_learn.content.select import walk_decks
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.widgets.bars import BarChart
from backhip_learn.tui.widgets.key_footer import KeyFooter

SHORT_DISCLAIMER = "Study material, not medical advice: for pain or symptoms, see a qualified healthcare professional."

if TYPE_CHECKING:
    from backhip_learn.study.queue import StudyQueue

# A row of the deck table: a deck (id) or an article part (sections filter), or everything.
Target = tuple[str, str | None]


class HomeScreen(Screen[None]):
    """Pick what to study; Enter starts a session on the highlighted row."""

    BINDINGS = [
        Binding("enter", "study", "Study", show=True),
        Binding("s", "app.stats", "Statistics", show=True),
        Binding("question_mark", "app.help", "Help", show=True),
        Binding("ctrl+t", "app.toggle_theme", "Theme", show=True),
        Binding("q,escape", "app.quit", "Quit", show=True),
    ]

    def __init__(self, context: StudyContext) -> None:
        super().__init__()
        self.context = context
        self.targets: list[Target] = []

    def compose(self) -> ComposeResult:
        """Title, decks on the left, mastery on the right, disclaimer and keys at the bottom."""
        yield Static(id="home-title")
        with Horizontal(id="home-main"):
            yield DataTable(id="decks", cursor_type="row", zebra_stripes=False)
            with Vertical(id="mastery"):
                yield BarChart([], id="mastery-bars")
        yield Static(Text(SHORT_DISCLAIMER), id="disclaimer")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Fill the tables."""
        self.query_one("#decks").border_title = "Decks and exams · Enter opens"
        self.query_one("#mastery").border_title = "Mastery by part"
        table = self.query_one(DataTable)
        # Fixed widths so the counts never scroll out of view at 80 columns; long names get an ellipsis.
        self.label_width = max(16, min(44, int(self.app.size.width * 0.6) - 2 - 3 * 8))
        table.add_column("Deck", key="deck", width=self.label_width)
        table.add_column(Text("New", justify="right"), key="new", width=5)
        table.add_column(Text("Learn", justify="right"), key="learn", width=5)
        table.add_column(Text("Due", justify="right"), key="due", width=5)
        self.refresh_data()
        table.focus()

    def on_screen_resume(self) -> None:
        """Counts change after a session."""
        if self.targets:
            self.refresh_data()

    def refresh_data(self) -> None:
        """Recount every row, the mastery bars and the streak."""
        from backhip_learn.study.queue import study_day
        from backhip_learn.study.stats import compute_stats

        ctx = self.context
        lib = ctx.library
        outline = load_outline()
        rows: list[tuple[str, Target]] = [("All cards", ("all", None))]
        nodes = list(walk_decks(lib))
        if nodes:
            rows += [("  " * n.depth + n.deck.name, ("deck", n.deck.id)) for n in nodes]
        else:
            rows += [(name, ("part", part)) for part, name in outline.parts]
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        self.targets = []
        for label, target in rows:
            c = self._queue(target).counts()
            table.add_row(Text(label, no_wrap=True, overflow="ellipsis"), Text(str(c.new), style="bold blue" if c.new else "dim", justify="right"),
                          Text(str(c.learning), style="bold red" if c.learning else "dim", justify="right"),
                          Text(str(c.due), style="bold green" if c.due else "dim", justify="right"))
            self.targets.append(target)
        results = ctx.store.exam_results()
        for exam in lib.exams:
            taken = [r for r in results if r.exam_id == exam.id and not r.abandoned]
            last = f"last {round(taken[-1].score * 100)}%" if taken else "not taken"
            table.add_row(Text(f"Exam: {exam.title}", no_wrap=True, overflow="ellipsis", style="bold"),
                          Text(last, style="dim", justify="right", no_wrap=True, overflow="ellipsis"), Text(""), Text(""))
            self.targets.append(("exam", exam.id))
        if 0 <= cursor < len(self.targets):
            table.move_cursor(row=cursor)
        now = ctx.clock()
        stats = compute_stats(ctx.store, lib, now)
        parts: dict[str, list[float]] = {}
        for m in stats["mastery"]:
            acc = parts.setdefault(m["part"], [0.0, 0.0])
            acc[0] += m["mastery"] * m["items"]
            acc[1] += m["items"]
        bars = [(outline.part_name(p), total / n if n else 0.0, f"{round(total / n * 100) if n else 0}%")
                for p, (total, n) in parts.items()]
        chart = self.query_one("#mastery-bars", BarChart)
        chart.rows = bars
        chart.refresh(layout=True)
        title = Text("backhip-learn", style="bold")
        title.append(f"  ·  {outline.article}")
        streak = ctx.store.streak(study_day(now))
        title.append(f"\nStreak {streak} day{'s' if streak != 1 else ''}  ·  {stats['reviews_today']} reviews today"
                     f"  ·  {len(lib.items)} items")
        self.query_one("#home-title", Static).update(title)

    def _queue(self, target: Target) -> StudyQueue:
        kind, value = target
        if kind == "deck":
            return self.context.queue(value)
        if kind == "part":
            return self.context.queue(None, sections=(value,) if value else ())
        return self.context.queue(None)

    def action_study(self) -> None:
        """Start a review session on the highlighted row."""
        from backhip_learn.tui.engine_backend import StoreBackend
        from backhip_learn.tui.screens.review import ReviewScreen

        table = self.query_one(DataTable)
        if not self.targets:
            return
        target = self.targets[table.cursor_row]
        if target[0] == "exam":
            self.open_exam(str(target[1]))
            return
        queue = self._queue(target)
        if queue.counts().total == 0:
            self.notify("Nothing due in this deck today. Well done!", timeout=3)
            return
        label = str(table.get_row_at(table.cursor_row)[0]).strip()
        backend = StoreBackend(queue, title=label, clock=self.context.clock)
        self.app.push_screen(ReviewScreen(backend, self.context.library.misconceptions))

    def open_exam(self, exam_id: str) -> None:
        """The exam's start screen, with a freshly drawn paper."""
        import secrets

        from backhip_learn.study.exam import draw_exam
        from backhip_learn.tui.screens.exam_start import ExamStartScreen

        ctx = self.context
        paper = draw_exam(ctx.library, exam_id, secrets.token_hex(4))
        if not paper.items:
            self.notify("This exam draws no items from the content.", timeout=3)
            return
        self.app.push_screen(ExamStartScreen(paper, ctx.store, ctx.library.misconceptions, ctx.clock))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row (DataTable handles Enter itself)."""
        event.stop()
        self.action_study()
