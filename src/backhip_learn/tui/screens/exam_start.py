"""Before an exam: what it is (questions, time, pass mark, item types) and how it works; the clock waits."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from datetime import datetime

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from backhip_learn.content.model import Misconception
from backhip_learn.store import ProgressStore
from backhip_learn.study.exam import ExamPaper
from backhip_learn.tui.screens.review import TYPE_NAMES
from backhip_learn.tui.widgets.key_footer import KeyFooter


def exam_facts(paper: ExamPaper) -> Table:
    """Questions, time limit, pass mark and the mix of item types, as a two-column grid."""
    exam = paper.exam
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    grid.add_row("Questions", str(len(paper.items)))
    limit = exam.time_limit_minutes
    grid.add_row("Time", f"{limit} minutes, counted from Enter" if limit else "no time limit")
    grid.add_row("Pass mark", f"{exam.pass_mark}%")
    grid.add_row("Feedback", "after each answer" if exam.feedback == "immediate" else "at the end, with every answer")
    mix = Counter(item.type for item in paper.items)
    grid.add_row("Item types", ", ".join(f"{n} {TYPE_NAMES.get(t, t)}" for t, n in mix.most_common()))
    return grid


HOW_IT_WORKS = (
    "Enter answers and goes on (nothing chosen or typed: left open). ctrl+p goes back, ctrl+n skips, "
    "ctrl+r marks a question for review, ctrl+g lists every question to jump to or hand in. "
    "Multi-select and matching give partial credit; wrong picks cancel right ones. "
    "Self-graded flashcards are never part of an exam. ctrl+q asks before leaving: a quit attempt is "
    "saved as abandoned."
)


class ExamStartScreen(Screen[None]):
    """The exam's facts and rules; Enter starts it (and its clock), Esc goes back."""

    CSS_PATH = "exam.tcss"  # parsed when the screen is first shown, not at start-up

    BINDINGS = [
        Binding("enter", "start", "Start the exam", show=True),
        Binding("escape", "back", "Back", show=True),
        Binding("question_mark", "app.help", "Help", show=True),
    ]

    def __init__(self, paper: ExamPaper, store: ProgressStore | None, misconceptions: Mapping[str, Misconception],
                 clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.paper = paper
        self.store = store
        self.misconceptions = misconceptions
        self.clock = clock

    def compose(self) -> ComposeResult:
        """Title, description, the facts, how it works."""
        exam = self.paper.exam
        with VerticalScroll(id="exam-start-body"):
            with Center():
                with VerticalScroll(id="exam-start-box"):
                    yield Static(Text(exam.title, style="bold"), id="exam-start-title")
                    if exam.description:
                        yield Static(Text(exam.description), id="exam-start-description")
                    yield Static(exam_facts(self.paper), id="exam-start-facts")
                    yield Static(Text(HOW_IT_WORKS), id="exam-start-how")
                    for shortfall in self.paper.shortfalls:
                        yield Static(Text(f"Note: {shortfall}."), classes="exam-start-note")
                    yield Static(Text("Enter: start the exam   ·   Esc: back", style="bold"), id="exam-start-go")
        yield KeyFooter()

    def action_start(self) -> None:
        """Replace this screen with the exam; the clock starts now."""
        from backhip_learn.tui.screens.exam import ExamScreen

        self.app.switch_screen(ExamScreen(self.paper, self.store, self.misconceptions, self.clock))

    def action_back(self) -> None:
        """Back to where the exam was opened from (or quit, when the app opened on it)."""
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()
