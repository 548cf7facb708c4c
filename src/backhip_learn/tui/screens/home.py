"""The home screen: decks with new / learning / due counts, mastery per part of the course, streak."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Static

from backhip_learn.content.select import walk_decks
from backhip_learn.store.errors import StoreError
from backhip_learn.study.queue import (
    Limits,
    StudyQueue,
    deck_preset,
    extend_today,
    forgotten_ids,
    review_ahead_ids,
    set_today_limits,
    study_day,
    today_limits,
)
from backhip_learn.study.scheduling import format_interval
from backhip_learn.study.stats import compute_stats
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.engine_backend import StoreBackend
from backhip_learn.tui.messages import ends_on_store_error
from backhip_learn.tui.saving import SavingScreen, run_save, save_off_loop
from backhip_learn.tui.widgets.bars import BarChart
from backhip_learn.tui.widgets.key_footer import KeyFooter

SHORT_DISCLAIMER = "Study material, not medical advice: for pain or symptoms, see a qualified healthcare professional."

# A row of the deck table: a deck (id) or a part of the course (sections filter), or everything.
Target = tuple[str, str | None]


class HomeScreen(SavingScreen):
    """Pick what to study; Enter starts a session on the highlighted row.

    Study more and today's limits save in a worker: a database locked elsewhere makes the write wait up
    to the busy timeout while the screen keeps taking keys. Reading the store meanwhile would wait on the
    same connection, so the keys that read it say "Still saving" and the counts are redrawn after.
    """

    CSS_PATH = "home.tcss"  # parsed when the screen is first shown, not at start-up

    BINDINGS = [
        Binding("enter", "study", "Study", show=True),
        Binding("m", "study_more", "Study more", show=True),
        Binding("l", "limits", "Today's limits", show=False),
        Binding("B", "browse", "Browse cards", show=True),
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
        self.query_one("#mastery").border_title = "Recall now (predicted)"
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

    @ends_on_store_error
    def refresh_data(self) -> None:
        """Recount every row, the mastery bars and the streak (once a running write ends)."""
        if self.busy:
            return
        ctx = self.context
        lib = ctx.library
        outline = lib.outline
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
            table.add_row(Text(label, no_wrap=True, overflow="ellipsis"),
                          Text(str(c.new), style="bold blue" if c.new else "dim", justify="right"),
                          Text(str(c.learning), style="bold red" if c.learning else "dim", justify="right"),
                          Text(str(c.due), style="bold green" if c.due else "dim", justify="right"))
            self.targets.append(target)
        results = ctx.store.exam_results()
        for exam in lib.exams:
            taken = [r for r in results if r.exam_id == exam.id and not r.abandoned]
            last = f"last {round(taken[-1].score * 100)}%" if taken else "not taken"
            # The result goes with the label (the count columns are five wide, too narrow for "not taken"):
            # after it on one line when both fit, else on a second line of the row.
            cell = Text(f"Exam: {exam.title}", no_wrap=True, overflow="ellipsis", style="bold")
            fits = cell.cell_len + 3 + len(last) <= self.label_width
            cell.append(f" · {last}" if fits else f"\n  {last}", style="dim")
            table.add_row(cell, Text(""), Text(""), Text(""), height=1 if fits else 2)
            self.targets.append(("exam", exam.id))
        if 0 <= cursor < len(self.targets):
            table.move_cursor(row=cursor)
        now = ctx.clock()
        stats = compute_stats(ctx.store, lib, now)
        # The same per-part figure as the statistics screen (one computation): recall now, predicted by FSRS.
        bars = [(p["name"], p["recall_now"], f"{round(p['recall_now'] * 100)}%") for p in stats["parts"]]
        chart = self.query_one("#mastery-bars", BarChart)
        chart.rows = bars
        chart.refresh(layout=True)
        title = Text("backhip-learn", style="bold")
        title.append(f"  ·  {outline.article}")
        streak = ctx.store.streak(study_day(now))
        title.append(f"\nStreak {streak} day{'s' if streak != 1 else ''}  ·  {stats['reviews_today']} reviews today"
                     f"  ·  {len(lib.items)} items")
        self.query_one("#home-title", Static).update(title)

    def _queue(self, target: Target, *, only: list[str] | None = None, cram: bool | None = None) -> StudyQueue:
        kind, value = target
        if kind == "deck":
            return self.context.queue(value, only=only, cram=cram)
        if kind == "part":
            return self.context.queue(None, sections=(value,) if value else (), only=only, cram=cram)
        return self.context.queue(None, only=only, cram=cram)

    def _current(self) -> tuple[Target, str] | None:
        """The highlighted row's target and label, or None."""
        table = self.query_one(DataTable)
        if not self.targets:
            return None
        return self.targets[table.cursor_row], str(table.get_row_at(table.cursor_row)[0]).strip()

    async def action_browse(self) -> None:
        """Open the card browser (once a running write ends)."""
        if not self.still_saving():
            await self.run_action("app.browse")

    async def write(self, change: Callable[[], object], what: str, then: Callable[[], None]) -> None:
        """Run ``change`` (a store write) in a worker (``run_save``), then ``then``; a write that fails says so."""
        if self.still_saving():
            return
        self.busy = True
        await run_save(self, self._write(change, what, then), self._not_busy)

    def _not_busy(self) -> None:
        self.busy = False

    @ends_on_store_error
    async def _write(self, change: Callable[[], object], what: str, then: Callable[[], None]) -> None:
        try:
            await save_off_loop(self, change, self._waiting)
        except StoreError as exc:
            if not exc.transient:
                raise
            failed: StoreError | None = exc
        else:
            failed = None
        self.busy = False  # the recount below reads the store
        if failed is not None:
            self.notify(f"{what} NOT SAVED: {failed.message}", severity="error", timeout=8)
            self.refresh_data()
            return
        then()

    def _waiting(self) -> None:
        """The write is taking long (a lock held elsewhere): say what it waits for (the next recount clears it)."""
        self.query_one("#home-title", Static).update(
            Text("Saving… waiting for the progress database (another program is writing to it).", style="bold"))

    @ends_on_store_error
    def action_study(self) -> None:
        """Start a review session on the highlighted row; when it has nothing, say why."""
        current = self._current()
        if current is None or self.still_saving():
            return
        target, label = current
        if target[0] == "exam":
            self.open_exam(str(target[1]))
            return
        queue = self._queue(target)
        if queue.next(self.context.clock()) is None:
            self.notify(self.nothing_left(queue, label), timeout=6)
            return
        self.start(queue, label)

    def nothing_left(self, queue: StudyQueue, label: str) -> str:
        """Why a row has nothing to study now: the limit that stopped it, or when its next card is due."""
        now = self.context.clock()
        limit = queue.limit_reached()
        if limit:
            return f"{limit}: press m to study more, or run with --cram."
        soon = queue.next_due(now)
        if queue.siblings_buried and not queue.learning:
            n = queue.siblings_buried
            return (f"{label}: {n} card{'s' if n != 1 else ''} wait until tomorrow (each shares an objective with a "
                    "card studied today); run with --cram to take them now.")
        if queue.learning and soon is not None:
            return f"{label}: next learning card due in {format_interval(soon - now)}; press m to study more."
        if soon is not None:
            wait = format_interval(soon - now)
            return f"Nothing due in {label} today; its next card is due in {wait}. Press m to study more."
        return f"Nothing scheduled in {label} yet; press m to study more."

    def start(self, queue: StudyQueue, label: str) -> None:
        """Open a review session on a queue."""
        from backhip_learn.tui.screens.review import ReviewScreen

        backend = StoreBackend(queue, title=label, clock=self.context.clock)
        self.app.push_screen(ReviewScreen(backend, self.context.library.misconceptions))

    @ends_on_store_error
    def action_study_more(self) -> None:
        """Anki's custom study on the highlighted row: extra new cards, review ahead, forgotten cards."""
        from backhip_learn.tui.screens.study_more import StudyMoreScreen

        current = self._current()
        if self.still_saving():
            return
        if current is None or current[0][0] == "exam":
            self.notify("Study more works on a deck: pick one first.", timeout=3)
            return
        target, label = current
        reason = self._queue(target).limit_reached()
        self.app.push_screen(StudyMoreScreen(label, reason), lambda choice: self.study_more(target, label, choice))

    @ends_on_store_error
    async def study_more(self, target: Target, label: str, choice: tuple[str, int] | None) -> None:
        """Carry out a study-more choice and start its session."""
        if choice is None:
            return
        kind, n = choice
        ctx = self.context
        now = ctx.clock()
        if kind == "new":
            deck = str(target[1]) if target[0] == "deck" else None
            await self.write(lambda: extend_today(ctx.store, ctx.library, deck, study_day(now), new=n),
                       "Study more", lambda: self._more_new(target, label))
            return
        base = self._queue(target)
        ids = review_ahead_ids(base, now, n) if kind == "ahead" else forgotten_ids(base, now, n)
        what = "Review ahead" if kind == "ahead" else "Forgotten"
        if not ids:
            days = f"{n} day{'s' if n != 1 else ''}"
            self.notify(f"No cards in {label} due in the next {days}." if kind == "ahead"
                        else f"No cards in {label} were forgotten in the last {days}.", timeout=4)
            return
        self.start(self._queue(target, only=ids, cram=True), f"{what}: {label}")

    def _more_new(self, target: Target, label: str) -> None:
        """Today's new-card limit is raised: recount, and study the extra cards."""
        self.refresh_data()
        queue = self._queue(target)
        if not queue.new:
            self.notify(f"No unseen cards left in {label}.", timeout=4)
            return
        self.start(queue, label)

    @ends_on_store_error
    def action_limits(self) -> None:
        """Change today's limits of the highlighted deck (today only)."""
        from backhip_learn.tui.screens.study_more import LimitsScreen

        current = self._current()
        if self.still_saving():
            return
        if current is None or current[0][0] not in ("deck", "all"):
            self.notify("Limits belong to decks: pick a deck first.", timeout=3)
            return
        target, label = current
        ctx = self.context
        deck_id = str(target[1]) if target[0] == "deck" else self._root_id()
        day = study_day(ctx.clock())
        node = next((n for n in walk_decks(ctx.library) if n.deck.id == deck_id), None)
        preset = Limits.from_preset(deck_preset(ctx.library, node))
        screen = LimitsScreen(label, today_limits(ctx.store, ctx.library, deck_id, day), preset)
        self.app.push_screen(screen, lambda limits: self.save_limits(deck_id, label, limits))

    def _root_id(self) -> str:
        nodes = list(walk_decks(self.context.library))
        return nodes[0].deck.id if nodes else ""

    @ends_on_store_error
    async def save_limits(self, deck_id: str, label: str, limits: object) -> None:
        """Keep today's limits and recount the rows."""
        if not isinstance(limits, Limits):
            return
        ctx = self.context
        day = study_day(ctx.clock())

        def saved() -> None:
            self.notify(f"{label}: {limits.new_per_day} new, {limits.reviews_per_day} reviews today.", timeout=3)
            self.refresh_data()

        await self.write(lambda: set_today_limits(ctx.store, ctx.library, deck_id, day, new_per_day=limits.new_per_day,
                                            reviews_per_day=limits.reviews_per_day), "Today's limits", saved)

    def open_exam(self, exam_id: str) -> None:
        """The exam's start screen, with a freshly drawn paper."""
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
