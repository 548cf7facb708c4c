"""Home: an exam row says "not taken" or "last N%" in full at 80 columns, with the count columns empty."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.widgets import DataTable

from backhip_learn.store import Store
from backhip_learn.study.exam import draw_exam, save_exam, score_exam
from backhip_learn.study.grading import Choices
from backhip_learn.tui.app import StudyApp
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.screens.home import HomeScreen

from .helpers import fixed_clock


def exam_rows(table: DataTable[Text]) -> list[list[str]]:
    """The plain cells of every exam row."""
    rows = [[cell.plain for cell in table.get_row_at(n)] for n in range(table.row_count)]
    return [row for row in rows if row[0].startswith("Exam:")]


@pytest.mark.parametrize("width", [80, 120])
async def test_exam_rows_show_the_result_whole(context: StudyContext, store: Store, width: int) -> None:
    """Not taken, then the last score: the words fit in the label's width, nothing in New/Learn/Due."""
    app = StudyApp(lambda: HomeScreen(context), context=context)
    async with app.run_test(size=(width, 24)):
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        table = screen.query_one(DataTable)
        [row] = exam_rows(table)
        assert "not taken" in row[0] and row[1:] == ["", "", ""]
        assert all(len(line) <= screen.label_width for line in row[0].split("\n"))
    lib = context.library
    exam = lib.exam("fx-exam")
    assert exam is not None
    paper = draw_exam(lib, exam, seed=1)
    responses = {"fx-mcq": Choices((0,)), "fx-tf": Choices((0,))}
    score = score_exam(paper, responses)
    save_exam(store, paper, score, responses, started=fixed_clock(), finished=fixed_clock())
    app = StudyApp(lambda: HomeScreen(context), context=context)
    async with app.run_test(size=(width, 24)):
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        [row] = exam_rows(screen.query_one(DataTable))
        assert f"last {round(score.score * 100)}%" in row[0]
        assert all(len(line) <= screen.label_width for line in row[0].split("\n"))
