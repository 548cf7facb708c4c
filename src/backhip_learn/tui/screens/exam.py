"""Exam mode: a countdown, one question after another, no feedback until the end (unless the exam says so)."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Static

from backhip_learn.content.model import Misconception
from backhip_learn.store import ProgressStore
from backhip_learn.study.exam import ExamPaper, save_exam, score_exam
from backhip_learn.study.grading import Outcome, Response, grade
from backhip_learn.tui.backend import Counts
from backhip_learn.tui.card_keys import GAP_AND_PAGE_KEYS, page
from backhip_learn.tui.screens.review import section_heading, type_line
from backhip_learn.tui.widgets.feedback_panel import FeedbackPanel
from backhip_learn.tui.widgets.grade_bar import GradeBar
from backhip_learn.tui.widgets.key_footer import KeyFooter
from backhip_learn.tui.widgets.progress_header import ProgressHeader
from backhip_learn.tui.widgets.question import Question, make_question


def format_clock(seconds: float) -> str:
    """``mm:ss`` (or ``h:mm:ss``) left."""
    s = max(0, int(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60:02d}:{s % 60:02d}"


class ExamScreen(Screen[None]):
    """Answer each question with Enter (empty = don't know); the result is saved at the end."""

    BINDINGS = [
        Binding("enter", "enter", "Answer / next", show=True),
        Binding("ctrl+e", "finish", "Hand in now", show=True),
        Binding("question_mark", "app.help", "Help", show=True),
        Binding("escape", "escape", "Hand in (press twice)", show=False),
        *GAP_AND_PAGE_KEYS,
    ]

    def __init__(self, paper: ExamPaper, store: ProgressStore | None, misconceptions: Mapping[str, Misconception],
                 clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.paper = paper
        self.store = store
        self.misconceptions = misconceptions
        self.clock = clock
        self.responses: dict[str, Response] = {}
        self.index = 0
        self.outcome: Outcome | None = None  # only with immediate feedback
        self.immediate = paper.exam.feedback == "immediate"
        limit = paper.exam.time_limit_minutes
        self.deadline = time.monotonic() + limit * 60 if limit else None
        self.started = clock()
        self.done = False
        self.escape_armed = False  # one Escape warns, a second hands in: 36 answers are not lost by a slip

    def compose(self) -> ComposeResult:
        """Header with clock, question body, hint line, footer."""
        yield ProgressHeader(self.paper.exam.title, exam=True, id="progress")
        with VerticalScroll(id="body"):
            yield Static(id="meta")
            yield Static(id="prompt")
            yield Vertical(id="slot")
            yield FeedbackPanel(id="feedback")
        yield GradeBar(id="grades")
        yield KeyFooter()

    async def on_mount(self) -> None:
        """First question, and the clock."""
        self.query_one("#body").can_focus = False
        if self.deadline is not None:
            self.set_interval(1, self.tick)
        await self.show_question()

    def tick(self) -> None:
        """Update the countdown; hand in when time is up."""
        self.refresh_header()
        if self.deadline is not None and time.monotonic() >= self.deadline and not self.done:
            self.notify("Time is up: the exam was handed in.", timeout=4)
            self.action_finish()

    def refresh_header(self) -> None:
        """Question n of N and the time left."""
        left = f"⏱ {format_clock(self.deadline - time.monotonic())} left" if self.deadline is not None else ""
        n = len(self.paper.items)
        self.query_one(ProgressHeader).update(Counts(new=n - self.index, done=self.index), left)

    @property
    def question(self) -> Question | None:
        """The current question widget."""
        found = self.query("#question")
        return found.first(Question) if found else None

    async def show_question(self) -> None:
        """The current question, or the result when all are answered."""
        if self.index >= len(self.paper.items):
            self.action_finish()
            return
        item = self.paper.items[self.index]
        self.outcome = None
        await self.query("#question").remove()
        self.query_one("#meta", Static).update(type_line(item))
        self.query_one("#prompt", Static).update(Text(item.prompt))
        self.query_one("#prompt").display = item.type != "cloze"
        self.query_one(FeedbackPanel).clear()
        question = make_question(item, seed=self.paper.seed)
        await self.query_one("#slot").mount(question)
        after = "see the answer" if self.immediate else "next question"
        self.query_one(GradeBar).ask(f"Enter: answer, {after} (empty = don't know)  ·  Esc Esc hand in")
        self.refresh_header()
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)
        question.focus_question()

    async def action_enter(self) -> None:
        """Record the answer; with immediate feedback the first Enter shows it and the second moves on."""
        question = self.question
        if question is None or self.done:
            return
        item = self.paper.items[self.index]
        if self.outcome is None:
            response = question.response()
            self.responses[item.id] = response
            if self.immediate:
                self.outcome = outcome = grade(item, response)
                question.reveal(outcome)
                self.set_focus(None)
                self.query_one(FeedbackPanel).show(item, outcome, heading=section_heading(item.source),
                                                   misconceptions=self.misconceptions)
                self.query_one(GradeBar).ask("Enter: next question  ·  Esc hand in")
                return
        self.index += 1
        await self.show_question()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter inside a typed answer."""
        event.stop()
        await self.action_enter()

    def action_scroll(self, direction: int) -> None:
        """Page a long question."""
        page(self.query_one("#body", VerticalScroll), direction)

    def action_escape(self) -> None:
        """First Escape asks for confirmation; the second hands the exam in."""
        if self.escape_armed:
            self.action_finish()
            return
        self.escape_armed = True
        self.notify("Press Esc again to hand in now (unanswered questions count as wrong).", timeout=3)
        self.set_timer(3, self._disarm)

    def _disarm(self) -> None:
        self.escape_armed = False

    def action_finish(self) -> None:
        """Score, save (one transaction) and show the result; unanswered questions count as don't-know."""
        if self.done:
            return
        self.done = True
        score = score_exam(self.paper, self.responses)
        save_error: str | None = None
        if self.store is not None:
            from backhip_learn.store import StoreError

            try:
                save_exam(self.store, self.paper, score, self.responses, started=self.started, finished=self.clock())
            except StoreError as exc:  # the result stays on screen; the command exits 1 with the message
                save_error = str(exc)
                store_failed = getattr(self.app, "store_failed", None)
                if store_failed is not None:
                    store_failed(save_error)
        from backhip_learn.tui.screens.exam_result import ExamResultScreen

        self.app.switch_screen(ExamResultScreen(self.paper, score, self.responses,
                                                saved=self.store is not None and save_error is None,
                                                save_error=save_error))
