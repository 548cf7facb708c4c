"""80x24 in exams: every question the bundled exams can draw fits, or says "more below" and scrolls with PgDn;
the result reads from the top."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot

from backhip_learn.content.load import Library, load_paths
from backhip_learn.content.model import Item
from backhip_learn.content.select import draw_items
from backhip_learn.paths import quizzes_dir
from backhip_learn.study.exam import ExamPaper, draw_exam, score_exam
from backhip_learn.tui.app import StudyApp
from backhip_learn.tui.screens.exam import ExamScreen
from backhip_learn.tui.screens.exam_result import ExamResultScreen, WrongAnswer
from backhip_learn.tui.widgets.bars import BarChart
from backhip_learn.tui.widgets.choice_list import ChoiceList
from backhip_learn.tui.widgets.matching import MatchingPairs
from backhip_learn.tui.widgets.more_below import MoreBelow
from backhip_learn.tui.widgets.question import LETTERS

from .helpers import fixed_clock
from .test_body_map import plain

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(scope="module")
def bundled() -> Library:
    """The bundled course."""
    lib = load_paths([quizzes_dir()])
    assert not lib.errors
    return lib


def exam_of(lib: Library, items: Sequence[Item]) -> StudyApp:
    """The final exam's settings over ``items`` in this order, untimed, nothing saved."""
    exam = lib.exam("exam-final")
    assert exam is not None
    paper = ExamPaper(replace(exam, shuffle=False, time_limit_minutes=None), tuple(items), 1, (), lib.lexicon,
                      lib.outline)
    return StudyApp(lambda: ExamScreen(paper, None, lib.misconceptions, fixed_clock))


def pool(lib: Library) -> list[Item]:
    """Every item the bundled exams can draw."""
    found: dict[str, Item] = {}
    for exam_id in ("exam-final", "exam-red-flags"):
        exam = lib.exam(exam_id)
        assert exam is not None
        for rule in exam.draw:
            for item in draw_items(lib, rule):
                found.setdefault(item.id, item)
    return list(found.values())


async def test_every_exam_question_fits_or_says_more_below(bundled: Library) -> None:
    """At 80x24 a question either fits whole, or the sign under it says there is more."""
    items = pool(bundled)
    assert len(items) > 200
    app = exam_of(bundled, items)
    overflowing = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        body, more = screen.query_one("#body", VerticalScroll), screen.query_one(MoreBelow)
        for n, item in enumerate(items):
            if n:
                await screen.action_go(1)
            await pilot.pause()
            assert screen.index == n and body.scroll_y == 0
            assert more.display == (body.max_scroll_y > 0), item.id
            if more.display:
                overflowing.append(item.id)
    # Map questions keep the full map on the question side, and long matchings are long: some need PgDn.
    assert "map-sciatic-course-pick" in overflowing and len(overflowing) < len(items) // 5


async def test_a_long_question_pages_down_from_the_keyboard(bundled: Library) -> None:
    """PgDn reaches the last option (the sign goes), PgUp comes back (the sign returns), from any question type."""
    ids = ["concl-pattern-matching", "map-sciatic-course-pick"]  # a long matching; a six-region pick under a map
    app = exam_of(bundled, [bundled.item_index[i] for i in ids])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        body, more = screen.query_one("#body", VerticalScroll), screen.query_one(MoreBelow)
        for n in range(len(ids)):
            if n:
                await pilot.press("ctrl+n")
            await pilot.pause()
            assert more.display and screen.focused is screen.question
            for _ in range(3):
                if not more.display:
                    break
                await pilot.press("pagedown")
                await pilot.pause()
            assert not more.display and body.scroll_y == body.max_scroll_y
            question = screen.question
            assert question is not None and question.region.bottom <= body.region.bottom
            await pilot.press("pageup", "pageup", "pageup")
            await pilot.pause()
            assert body.scroll_y == 0 and more.display


@pytest.mark.parametrize("size", SIZES)
def test_exam_question_with_many_options(snap_compare: Callable[..., bool], bundled: Library,
                                         size: tuple[int, int]) -> None:
    """A six-region pick under the body map: at 80x24 the last option is below the edge and the sign says so."""
    app = exam_of(bundled, [bundled.item_index["map-sciatic-course-pick"]])

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("b")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def test_exam_result_at_80x24_puts_the_wrong_answers_right_under_the_part_scores(bundled: Library) -> None:
    """The per-part chart takes one line a part (no blank lines after it) and the first wrong answer starts on screen."""
    paper = draw_exam(bundled, "exam-final", seed=1)
    score = score_exam(paper, {})
    app = StudyApp(lambda: ExamResultScreen(paper, score, {}, saved=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        chart = app.screen.query_one(BarChart)
        assert chart.region.height == len(score.parts)
        first = app.screen.query(WrongAnswer).first()
        assert first.region.y < app.screen.query_one("#result-body").region.bottom - 3
        await pilot.press("n", "n")  # the second wrong answer, its question at the top
        await pilot.pause()
        second = list(app.screen.query(WrongAnswer))[1]
        top = app.screen.query_one("#result-body").region.y
        assert second.has_class("-current") and top <= second.region.y <= top + 1  # under its margin


async def test_a_wrong_map_answer_in_the_result_shows_its_map(bundled: Library) -> None:
    """"The highlighted pattern ..." reads only with the pattern: the result draws it small under the question."""
    items = [bundled.item_index["map-disc-not-at-pinch"], bundled.item_index["map-sciatic-course-pick"]]
    paper = ExamPaper(bundled.exam("exam-final"), tuple(items), 1, (), bundled.lexicon, bundled.outline)
    score = score_exam(paper, {})
    app = StudyApp(lambda: ExamResultScreen(paper, score, {}, saved=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pattern, pick = (plain(answer.content) for answer in app.screen.query(WrongAnswer))
        assert "where the pain is:" in pattern and "██" in pattern  # the pattern the question showed
        assert all(name in " ".join(pattern.split()) for name in ("Right groin", "Right buttock", "Outer right thigh"))
        assert "the answer:" in pick and "L BACK R" in pick  # the regions to pick, on the compact map


async def test_a_letter_for_an_option_below_the_edge_brings_it_into_view(bundled: Library) -> None:
    """On a question longer than the screen, picking the last option by its letter scrolls to it; a letter
    for an option already on screen leaves the card where it is (the prompt stays in view)."""
    item = bundled.item_index["map-sciatic-course-pick"]
    app = exam_of(bundled, [item])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        body = screen.query_one("#body", VerticalScroll)
        question = screen.query_one(ChoiceList)
        await pilot.pause()
        assert body.max_scroll_y > 0 and question.region.bottom > body.region.bottom  # the last option is below
        await pilot.press("a")
        await pilot.pause()
        assert body.scroll_y == 0
        await pilot.press(LETTERS[len(question.order) - 1].lower())
        await pilot.pause()
        assert body.scroll_y > 0 and question.region.bottom <= body.region.bottom
        assert question.order[-1] in question.selected


async def test_the_matching_row_being_paired_stays_in_view(bundled: Library) -> None:
    """Each letter pairs a row and moves down a row: on a matching longer than the screen the card follows."""
    item = bundled.item_index["concl-pattern-matching"]
    app = exam_of(bundled, [item])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        body = screen.query_one("#body", VerticalScroll)
        question = screen.query_one(MatchingPairs)
        await pilot.pause()
        for _ in range(len(question.pairs) - 1):
            await pilot.press("a")
            await pilot.pause()
            first, lines = question.row_spans(question.content_region.width)[question.cursor]
            row_top = question.content_region.y + first
            assert body.region.y <= row_top and row_top + lines <= body.region.bottom, question.cursor
        assert body.scroll_y > 0
