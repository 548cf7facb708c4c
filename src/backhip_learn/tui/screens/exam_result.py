"""An exam's result: score, pass or fail, score per part of the course, and every wrong answer explained."""

from __future__ import annotations

from collections.abc import Mapping

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
from backhip_learn.study.exam import ExamPaper, ExamScore
from backhip_learn.study.grading import Outcome, Response
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
    """The score, the parts, then the wrong answers one after another (n / p jump between them)."""

    CSS_PATH = "exam.tcss"  # parsed when the screen is first shown, not at start-up

    BINDINGS = [
        Binding("n,down", "next_wrong", "Next wrong", show=True),
        Binding("p,up", "previous_wrong", "Previous", show=True),
        Binding("s", "app.stats", "Statistics", show=True),
        Binding("question_mark", "app.help", "Help", show=True),
        Binding("enter,escape", "leave", "Done", show=True),
    ]

    def __init__(self, paper: ExamPaper, score: ExamScore, responses: Mapping[str, Response], *,
                 saved: bool = True, save_error: str | None = None) -> None:
        super().__init__()
        self.paper = paper
        self.score = score
        self.responses = responses
        self.saved = saved
        self.save_error = save_error
        self.current = -1

    def compose(self) -> ComposeResult:
        """Verdict, part bars, wrong answers."""
        exam, score = self.paper.exam, self.score
        outline = self.paper.outline or load_outline()
        with VerticalScroll(id="result-body"):
            head = Text(exam.title, style="bold")
            head.append(f"\n{score.percent:g}%  ")
            head.append("PASSED" if score.passed else "NOT PASSED")
            right = sum(o.correct for o in score.outcomes)
            head.append(f"  ·  {right} of {len(score.outcomes)} right  ·  pass mark {exam.pass_mark}%")
            if self.saved:
                head.append("  ·  saved")
            yield Static(head, id="verdict", classes="pass" if score.passed else "fail")
            if self.save_error is not None:
                yield Static(Text(f"NOT SAVED: {self.save_error}", style="bold red"), id="save-error")
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
        yield KeyFooter()

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
        """Back (or quit when the exam was opened directly)."""
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()
