"""Exam mode: a countdown, one question after another, no feedback until the end (unless the exam says so)."""

from __future__ import annotations

import functools
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
from backhip_learn.study.exam import ExamPaper, ExamScore, save_exam, score_exam
from backhip_learn.study.grading import DontKnow, Outcome, Response, grade
from backhip_learn.tui.backend import SessionCounts
from backhip_learn.tui.card_keys import GAP_AND_PAGE_KEYS, page
from backhip_learn.tui.screens.review import section_heading, type_line
from backhip_learn.tui.widgets.feedback_panel import FeedbackPanel
from backhip_learn.tui.widgets.grade_bar import GradeBar
from backhip_learn.tui.widgets.key_footer import KeyFooter
from backhip_learn.tui.widgets.more_below import MoreBelow
from backhip_learn.tui.widgets.progress_header import ProgressHeader
from backhip_learn.tui.widgets.question import Question, make_question


def format_clock(seconds: float) -> str:
    """``mm:ss`` (or ``h:mm:ss``) left."""
    s = max(0, int(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60:02d}:{s % 60:02d}"


class ExamScreen(Screen[None]):
    """Answer, skip, go back and mark questions; hand in from the question list; the result is saved at the end.

    Each question's widget is kept once shown, so going back finds the answer as it was left; the
    responses are read from the widgets when the exam is handed in.
    """

    CSS_PATH = "exam.tcss"  # parsed when the screen is first shown, not at start-up

    BINDINGS = [
        Binding("enter", "enter", "Answer / next", show=True),
        Binding("ctrl+p", "go(-1)", "Previous", show=True),
        Binding("ctrl+n", "go(1)", "Next", show=True),
        Binding("ctrl+r", "mark", "Mark for review", show=True),
        Binding("ctrl+g", "navigator", "All questions", show=True),
        Binding("ctrl+e", "navigator", "Hand in…", show=False, priority=True),
        Binding("escape", "navigator", "Questions / hand in", show=False),
        Binding("question_mark", "app.help", "Help", show=True),
        *GAP_AND_PAGE_KEYS,
    ]
    # Keys inside questions that the help lists for exams (no grades, undo, bury or flag here).
    HELP_KEYS = (
        ("Enter", "record the answer and go to the next question (nothing chosen or typed: left open)"),
        ("A-F, ↑ ↓  space", "pick an option (multi: toggle)"),
        ("T / F", "true or false"),
        ("Tab", "next gap (cloze); typing goes into the input"),
        ("letters", "matching: pair the highlighted row with that option; Backspace clears"),
        ("space, shift+↑↓", "ordering: pick a step up / move it"),
        ("ctrl+p / ctrl+n", "previous / next question (answers are kept)"),
        ("ctrl+r", "mark or unmark the question for review"),
        ("ctrl+g, Esc, ctrl+e", "list every question: jump to one, or h to hand in"),
        ("PgUp PgDn", "scroll a long question"),
        ("ctrl+q", "quit: asks first, and saves the attempt as abandoned"),
    )

    def __init__(self, paper: ExamPaper, store: ProgressStore | None, misconceptions: Mapping[str, Misconception],
                 clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.paper = paper
        self.store = store
        self.misconceptions = misconceptions
        self.clock = clock
        self.questions: list[Question | None] = [None] * len(paper.items)
        self.outcomes: dict[int, Outcome] = {}  # only with immediate feedback
        self.marked: set[int] = set()
        self.index = 0
        self.immediate = paper.exam.feedback == "immediate"
        limit = paper.exam.time_limit_minutes
        self.deadline = time.monotonic() + limit * 60 if limit else None
        self.started = clock()
        self.done = False

    def compose(self) -> ComposeResult:
        """Header with clock, question body, "more below" sign, hint line, footer."""
        yield ProgressHeader(self.paper.exam.title, exam=True, id="progress")
        with VerticalScroll(id="body") as body:
            yield Static(id="meta")
            yield Static(id="prompt")
            yield Static(id="map-slot")
            yield Vertical(id="slot")
            yield FeedbackPanel(id="feedback")
        yield MoreBelow(body, id="more")
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

    def answered(self, index: int) -> bool:
        """The learner has chosen or typed something for this question."""
        question = self.questions[index]
        return question is not None and not isinstance(question.response(), DontKnow)

    def refresh_header(self) -> None:
        """Question n of N, what is open and marked, and the time left."""
        notes = []
        if self.deadline is not None:
            notes.append(f"⏱ {format_clock(self.deadline - time.monotonic())} left")
        if self.index in self.marked:
            notes.append("⚑ marked")
        n = len(self.paper.items)
        self.query_one(ProgressHeader).update(SessionCounts(new=n - self.index, done=self.index), "  ".join(notes))

    @property
    def question(self) -> Question | None:
        """The current question widget."""
        return self.questions[self.index] if 0 <= self.index < len(self.questions) else None

    async def show_question(self) -> None:
        """The current question (its widget made on the first visit, then kept as the learner left it)."""
        item = self.paper.items[self.index]
        for i, other in enumerate(self.questions):
            if other is not None and i != self.index and other.parent is not None:
                other.parent.display = False
        question = self.questions[self.index]
        if question is None:
            question = make_question(item, seed=self.paper.seed)
            self.questions[self.index] = question
            # Each question in its own holder: the widgets keep their answers and their id "question".
            holder = Vertical(id=f"exam-question-{self.index}", classes="exam-question")
            await self.query_one("#slot").mount(holder)
            await holder.mount(question)
        if question.parent is not None:
            question.parent.display = True
        self.query_one("#meta", Static).update(type_line(item))
        self.query_one("#prompt", Static).update(Text(item.prompt))
        self.query_one("#prompt").display = item.type != "cloze"
        outcome = self.outcomes.get(self.index)
        slot = self.query_one("#map-slot", Static)
        slot.display = item.has_picture()
        if slot.display:  # the map code is imported only for an item that has a map

            from backhip_learn.tui.widgets.body_map import draw_map  # map code loads with a map

            draw_map(slot, item, revealed=outcome is not None, seed=self.paper.seed)
        panel = self.query_one(FeedbackPanel)
        if outcome is not None:
            panel.show(item, outcome, heading=section_heading(item.source, self.paper.outline),
                       misconceptions=self.misconceptions, labels=question.labels())
        else:
            panel.clear()
        self.query_one(GradeBar).ask(self.hint())
        self.refresh_header()
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)
        self.query_one(MoreBelow).check_later()
        if outcome is None:
            question.focus_question()
        else:
            self.set_focus(None)

    def hint(self) -> str:
        """What Enter does here, and the other exam keys."""
        last = self.index == len(self.paper.items) - 1
        if self.index in self.outcomes:
            enter = "Enter: list to hand in" if last else "Enter: next question"
        elif self.immediate:
            enter = "Enter: answer, see the answer"
        else:
            enter = "Enter: answer, list to hand in" if last else "Enter: answer, next"
        return f"{enter}  ·  nothing chosen = left open"

    async def action_enter(self) -> None:
        """Go on; with immediate feedback the first Enter shows the verdict and the second goes on."""
        question = self.question
        if question is None or self.done:
            return
        if self.immediate and self.index not in self.outcomes:
            item = self.paper.items[self.index]
            outcome = grade(item, question.response(), glossary=self.paper.glossary)
            self.outcomes[self.index] = outcome
            question.reveal(outcome)
            self.set_focus(None)
            if item.has_picture():
                from backhip_learn.tui.widgets.body_map import draw_map  # map code loads with a map

                draw_map(self.query_one("#map-slot", Static), item, revealed=True, seed=self.paper.seed)
            self.query_one(FeedbackPanel).show(item, outcome, heading=section_heading(item.source, self.paper.outline),
                                               misconceptions=self.misconceptions, labels=question.labels())
            self.query_one(GradeBar).ask(self.hint())
            self.query_one(MoreBelow).check_later()
            return
        if self.index == len(self.paper.items) - 1:
            self.action_navigator()
            return
        await self.action_go(1)

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter inside a typed answer."""
        event.stop()
        await self.action_enter()

    async def action_go(self, step: int) -> None:
        """Previous or next question; the answers stay as they are."""
        target = self.index + step
        if self.done or not 0 <= target < len(self.paper.items):
            return
        self.index = target
        await self.show_question()

    def action_mark(self) -> None:
        """Mark or unmark the current question for review."""
        self.marked ^= {self.index}
        self.refresh_header()
        self.notify("Marked for review." if self.index in self.marked else "Mark removed.", timeout=2)

    def action_navigator(self) -> None:
        """Every question with its state: jump to one, or hand in."""
        if self.done:
            return
        from backhip_learn.tui.screens.exam_navigator import ExamNavigator

        answered = [self.answered(i) for i in range(len(self.paper.items))]
        self.app.push_screen(ExamNavigator(self.paper.items, answered, self.marked, self.index), self._navigated)

    async def _navigated(self, choice: int | str | None) -> None:
        from backhip_learn.tui.screens.exam_navigator import HAND_IN

        if choice == HAND_IN:
            self.action_finish()
        elif isinstance(choice, int):
            self.index = choice
            await self.show_question()

    def on_resize(self) -> None:
        """A smaller terminal may push the question past the bottom edge."""
        self.query_one(MoreBelow).check_later()

    def action_scroll(self, direction: int) -> None:
        """Page a long question."""
        page(self.query_one("#body", VerticalScroll), direction)

    def responses(self) -> dict[str, Response]:
        """Each question's answer as it stands (questions never shown are left out: don't-know)."""
        return {self.paper.items[i].id: q.response() for i, q in enumerate(self.questions) if q is not None}

    def guard_quit(self) -> bool:
        """ctrl+q mid-exam: ask first; yes saves the attempt as abandoned (off the event loop) and quits."""
        if self.done:
            return False
        from backhip_learn.tui.screens.exam_navigator import ConfirmQuit

        self.done = True  # the questions (and the clock's hand-in) wait while the dialog is up
        responses = self.responses()
        answered = sum(self.answered(i) for i in range(len(self.paper.items)))
        save = self.recorder(score_exam(self.paper, responses), responses, abandoned=True)
        self.app.push_screen(ConfirmQuit(answered, len(self.paper.items), save=save), self._quit_answered)
        return True

    def _quit_answered(self, quit_: bool | None) -> None:
        if not quit_:
            self.done = False
            return
        self.app.exit()  # saved (quitting without it is the dialog's: the app ends with the error)

    def recorder(self, score: ExamScore, responses: Mapping[str, Response], *,
                 abandoned: bool = False) -> Callable[[], object] | None:
        """What records this attempt as it stands now (one transaction; raises ``StoreError``); None without a store.

        The screen that shows the outcome runs it in a thread, so a database locked elsewhere never
        freezes the app.
        """
        if self.store is None:
            return None
        return functools.partial(save_exam, self.store, self.paper, score, responses, started=self.started,
                                 finished=self.clock(), abandoned=abandoned)

    def action_finish(self) -> None:
        """Score and show the result, which saves it; open questions count as don't-know."""
        if self.done:
            return
        self.done = True
        responses = self.responses()
        score = score_exam(self.paper, responses)
        from backhip_learn.tui.screens.exam_result import ExamResultScreen

        self.app.switch_screen(ExamResultScreen(self.paper, score, responses, saved=False,
                                                save=self.recorder(score, responses)))
