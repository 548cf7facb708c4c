"""An exam's result: score, pass or fail, score per part of the course, and every wrong answer explained."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from backhip_learn.content.model import NOTE_LABEL, Item
from backhip_learn.content.outline import Outline, load_outline
from backhip_learn.store.errors import StoreError
from backhip_learn.study.exam import ExamPaper, ExamScore
from backhip_learn.study.grading import Outcome, Response
from backhip_learn.tui.messages import StoreFailed, StoreRecovered
from backhip_learn.tui.saving import save_off_loop
from backhip_learn.tui.screens.review import section_heading
from backhip_learn.tui.widgets.bars import BarChart
from backhip_learn.tui.widgets.body_map import course_map_text
from backhip_learn.tui.widgets.key_footer import KeyFooter


def answer_texts(item: Item, outcome: Outcome) -> tuple[str, str]:
    """What the learner gave and what was expected, as one line each."""
    if outcome.dont_know:
        given = "(no answer)"
    elif item.choice_list():
        given = "; ".join(p.given for p in outcome.parts if p.selected) or "(no answer)"
    else:
        given = "; ".join(p.given or "—" for p in outcome.parts)
    if item.choice_list():
        expected = "; ".join(c.text for c in item.choice_list() if c.correct)
    elif item.type == "matching":
        expected = "; ".join(f"{p.left} → {p.right}" for p in item.pairs)
        given = "; ".join(f"{p.left} → {o.given or '—'}" for p, o in zip(item.pairs, outcome.parts))
    elif item.type == "ordering":
        expected = " → ".join(item.steps)
        given = " → ".join(p.given for p in outcome.parts) if not outcome.dont_know else given
    else:
        expected = "; ".join(p.expected for p in outcome.parts)
    return given, expected


class WrongAnswer(Static):
    """One wrong answer: the question, what was given, the answer, why, any clinical note, and where in the source."""

    def __init__(self, n: int, item: Item, outcome: Outcome, outline: Outline | None = None, *,
                 picture: Text | None = None) -> None:
        self.item = item
        self.given, self.expected = answer_texts(item, outcome)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=12, style="bold")
        grid.add_column(ratio=1)
        grid.add_row(Text("Your answer"), Text(self.given))
        grid.add_row(Text("Answer"), Text(self.expected))
        if item.explanation:
            grid.add_row(Text("Why"), Text(item.explanation))
        if (item.note or "").strip():
            grid.add_row(Text("Note"), Text.assemble((NOTE_LABEL, "italic"), " ", item.note or ""))
        heading = section_heading(item.source, outline)
        if heading:
            grid.add_row(Text("Section"), Text(heading, style="italic"))
        # A map question ("the highlighted pattern ...") reads only with its map: drawn under it, small.
        parts: list[RenderableType] = [Text(f"{n}. {item.prompt}", style="bold"), *([picture] if picture else []), grid]
        super().__init__(Group(*parts), classes="wrong-answer")


class ExamResultScreen(Screen[None]):
    """The score, the parts, then the wrong answers one after another (n / p jump between them).

    Given ``save``, the screen records the attempt itself, in a thread: the result is readable at once
    while the save waits for a database locked elsewhere ("saving…"), then says "saved" or NOT SAVED
    with why; r tries again, and leaving with the attempt unsaved asks first (the app then exits 1).
    """

    CSS_PATH = "exam.tcss"  # parsed when the screen is first shown, not at start-up

    BINDINGS = [
        Binding("n,down", "next_wrong", "Next wrong", show=True),
        Binding("p,up", "previous_wrong", "Previous", show=True),
        Binding("s", "app.stats", "Statistics", show=True),
        Binding("question_mark", "app.help", "Help", show=True),
        Binding("enter,escape", "leave", "Done", show=True),
        Binding("r", "retry_save", "Try saving the result again (after NOT SAVED)", show=False),
    ]

    def __init__(self, paper: ExamPaper, score: ExamScore, responses: Mapping[str, Response], *,
                 saved: bool = True, save: Callable[[], object] | None = None) -> None:
        super().__init__()
        self.paper = paper
        self.score = score
        self.responses = responses
        self.save = save  # records the attempt (raises StoreError); None when there is nothing to save
        self.saved = saved and save is None  # the attempt is in the progress database
        self.saving = False
        self.save_error: StoreError | None = None  # the last save's failure, while the attempt is not saved
        self.leave_unsaved = False  # Enter was pressed once with the attempt NOT SAVED: the next one leaves
        self.current = -1

    def compose(self) -> ComposeResult:
        """Verdict, part bars, wrong answers."""
        score = self.score
        outline = self.paper.outline or load_outline()
        with VerticalScroll(id="result-body"):
            yield Static(self.verdict(), id="verdict", classes="pass" if score.passed else "fail")
            yield Static("Score per part of the course", classes="stats-section")
            yield BarChart([(outline.part_name(p), v, f"{round(v * 100)}% of {score.part_counts.get(p, 0)}")
                            for p, v in score.parts.items()])
            wrong = [(item, o) for item, o in zip(self.paper.items, score.outcomes) if not o.correct]
            title = f"Wrong answers ({len(wrong)})" if wrong else "No wrong answers. Well done!"
            yield Static(title, classes="stats-section")
            width = max(40, self.app.size.width - 10)  # inside the body's padding and the answer's border
            for n, (item, outcome) in enumerate(wrong, 1):
                picture = course_map_text(self.app, item, revealed=True, width=width, seed=self.paper.seed,
                                          compact=True) if item.has_picture() else None
                yield WrongAnswer(n, item, outcome, self.paper.outline, picture=picture)
        yield Static(id="save-error")  # below the scrolling result: in view wherever the learner is reading
        yield KeyFooter()

    def verdict(self) -> Text:
        """Title, score, pass or not, and whether the attempt is saved."""
        exam, score = self.paper.exam, self.score
        head = Text(exam.title, style="bold")
        head.append(f"\n{score.percent:g}%  ")
        head.append("PASSED" if score.passed else "NOT PASSED")
        right = sum(o.correct for o in score.outcomes)
        head.append(f"  ·  {right} of {len(score.outcomes)} right  ·  pass mark {exam.pass_mark}%")
        if self.saved:
            head.append("  ·  saved")
        elif self.saving:
            head.append("  ·  saving…")
        return head

    def on_mount(self) -> None:
        """Start saving the attempt, when this screen is the one to save it."""
        self.start_save()

    # ------------------------------------------------------------------ saving

    def start_save(self) -> None:
        """Record the attempt in a worker: the screen keeps drawing and taking keys meanwhile."""
        if self.save is None or self.saved or self.saving:
            return
        self.saving = True
        self.leave_unsaved = False
        self.query_one("#verdict", Static).update(self.verdict())
        self.run_worker(self._save(self.save), group="exam-save", exclusive=True)

    async def _save(self, save: Callable[[], object]) -> None:
        try:
            await save_off_loop(self, save, self._waiting)
        except StoreError as exc:
            self.saving = False
            self.not_saved(exc)
            return
        self.saving = False
        self.saved_now()

    def _status(self, text: Text | None) -> None:
        line = self.query_one("#save-error", Static)
        line.update(text or "")
        line.set_class(text is not None, "-shown")
        self.query_one("#verdict", Static).update(self.verdict())

    def _waiting(self) -> None:
        """The save is taking long (a lock held elsewhere): say what it waits for."""
        self._status(Text("Saving… waiting for the progress database (another program is writing to it)."))

    def not_saved(self, error: StoreError) -> None:
        """Show why the attempt is not saved; the app exits non-zero unless a retry saves it."""
        self.save_error = error
        self._status(Text(f"NOT SAVED: {error}\nr: try again  ·  leaving (Enter twice) loses this attempt",
                          style="bold"))
        self.app.post_message(StoreFailed(f"the exam result was NOT SAVED: {error}", fatal=False))

    def saved_now(self) -> None:
        """The attempt is in the database: "saved", and an earlier failure is no longer reported."""
        self.saved = True
        self._status(None)
        if self.save_error is not None:
            self.save_error = None
            self.app.post_message(StoreRecovered())

    def action_retry_save(self) -> None:
        """r after NOT SAVED: try again."""
        if self.save_error is not None:
            self.start_save()

    def guard_quit(self) -> bool:
        """ctrl+q while the save is still running waits for it (the attempt must not be half-written)."""
        if self.saving:
            self.notify("Saving the exam result: quit once it says saved or NOT SAVED.", timeout=3)
            return True
        return False

    def _jump(self, step: int) -> None:
        wrong = list(self.query(".wrong-answer"))
        if not wrong:
            return
        self.current = max(0, min(len(wrong) - 1, self.current + step))
        for i, w in enumerate(wrong):
            w.set_class(i == self.current, "-current")
        self.query_one("#result-body", VerticalScroll).scroll_to_widget(wrong[self.current], animate=False, top=True)

    def action_next_wrong(self) -> None:
        """Go to the next wrong answer."""
        self._jump(1)

    def action_previous_wrong(self) -> None:
        """Go to the previous wrong answer."""
        self._jump(-1)

    def action_leave(self) -> None:
        """Back (or quit when the exam was opened directly); an unsaved attempt asks first."""
        if self.saving:
            self.notify("Saving the exam result: a moment.", timeout=3)
            return
        if self.save_error is not None and not self.leave_unsaved:
            self.leave_unsaved = True
            self.notify("The result is NOT SAVED: r tries again; Enter again leaves without it.",
                        severity="warning", timeout=6)
            return
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()
