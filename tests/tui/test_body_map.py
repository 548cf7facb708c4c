"""The body map in the study app: drawn for the cards that need one, readable in monochrome, regions picked by letter."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from backhip_learn.content.bodymap import bundled_map
from backhip_learn.content.load import Library, load_paths
from backhip_learn.store import Store
from backhip_learn.tui.app import StudyApp
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.engine_backend import StoreBackend
from backhip_learn.tui.map_art import render_map
from backhip_learn.tui.screens.review import ReviewScreen
from backhip_learn.tui.widgets.body_map import map_text

from .helpers import fixed_clock

MAPS = Path(__file__).parent / "fixtures_maps"
SIZES = [(80, 24), (120, 40)]


def plain(text: object, width: int = 80) -> str:
    """Text as a monochrome terminal shows it."""
    console = Console(width=width, color_system=None, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(text)
    return console.export_text()


@pytest.fixture
def names() -> dict[str, str]:
    found = bundled_map()
    assert found is not None
    return {r.id: r.name for r in found[0].regions}


@pytest.fixture
def map_library() -> Library:
    lib = load_paths([MAPS])
    assert not lib.problems, lib.problems
    return lib


@pytest.fixture
def map_context(map_library: Library, store: Store) -> StudyContext:
    return StudyContext(map_library, store, clock=fixed_clock, enable_fuzzing=False)


def map_app(context: StudyContext) -> StudyApp:
    backend = StoreBackend(context.queue(None), title="Maps", clock=fixed_clock)
    return StudyApp(lambda: ReviewScreen(backend, context.library.misconceptions), context=context)


def test_highlighted_regions_read_without_colour(names: dict[str, str]) -> None:
    text = plain(render_map(["lateral-hip-l"], names))
    assert "██ Side of the left hip" in text
    lines = text.splitlines()
    # The side of the left hip is on the right edge of the front view (the person faces us): rows 2-3.
    figure = [line[:45] for line in lines[1:]]  # two 22-column views and their gap
    lit = [(r, line.index("██")) for r, line in enumerate(figure) if "██" in line]
    assert [r for r, _ in lit] == [1, 2]
    assert all(col > 40 for _, col in lit)


def test_nothing_highlighted_shows_no_solid_block(names: dict[str, str]) -> None:
    assert "██" not in plain(render_map([], names))


def test_the_map_fits_80_columns_and_puts_the_legend_below_when_narrow(names: dict[str, str]) -> None:
    pattern = ["lower-back", "buttock-r", "posterior-thigh-r", "lower-leg-r", "foot-r", "sacrum", "groin-r"]
    wide = plain(render_map(pattern, names, width=74), width=80).splitlines()
    assert max(len(line.rstrip()) for line in wide) <= 74
    assert len(wide) <= 10
    narrow = plain(render_map(pattern, names, width=50), width=50).splitlines()
    assert narrow[10].startswith("██ where the pain is")


def test_region_choices_get_their_letters_on_the_map(map_library: Library, names: dict[str, str]) -> None:
    item = map_library.item_index["fx-map-pick"]
    question = plain(map_text(item, names, map_id="lower-body", revealed=False, width=74))
    assert "██" not in question  # the pattern is the answer: not shown with the question
    for letter in "ABCDE":
        assert letter in question
    answer = plain(map_text(item, names, map_id="lower-body", revealed=True, width=74))
    assert "the answer:" in answer and "██ Right groin" in answer and "Right foot" not in answer


def test_the_compact_map_is_six_lines_and_reads_without_colour(names: dict[str, str]) -> None:
    """Half size: the lit halves as half blocks, the answer's regions named beside, the letters kept."""
    pattern = ["lower-back", "buttock-l", "buttock-r", "posterior-thigh-l", "posterior-thigh-r", "lower-leg-l",
               "lower-leg-r"]
    lines = plain(render_map(pattern, names, width=74, revealed=True, compact=True)).splitlines()
    assert len(lines) == 6 and max(len(line.rstrip()) for line in lines) <= 74
    assert lines[0].split() == ["L", "BACK", "R", "R", "FRONT", "L"]
    assert lines[1].strip().startswith("███████")  # the lower back: both halves of its two art rows lit
    legend = " ".join(line[25:].strip() for line in lines)  # beside the 23-column figure
    assert "the answer:" in legend and all(names[region] in legend for region in pattern)
    hip = plain(render_map(["lateral-hip-l"], names, width=74, revealed=True, compact=True)).splitlines()
    front = [line[12:23] for line in hip[1:3]]  # the side of the left hip: the lower half of one line, the upper of the next
    assert front[0].rstrip().endswith("▄") and front[1].rstrip().endswith("▀")
    picked = plain(render_map([], names, labels={"buttock-r": "B", "groin-r": "F"}, width=74, compact=True))
    assert "B" in picked.splitlines()[2] and "F" in picked.splitlines()[2] and "██" not in picked


def test_another_courses_map_shows_its_legend(names: dict[str, str]) -> None:
    text = plain(render_map(["groin-l"], names, map_id="other"))
    assert text.splitlines()[1] == "██ Left groin"


@pytest.mark.parametrize("size", SIZES)
def test_pattern_question(snap_compare: Callable[..., bool], map_context: StudyContext, size: tuple[int, int]) -> None:
    """A map with a highlighted pattern above its mcq."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()

    assert snap_compare(map_app(map_context), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_region_pick_answered(snap_compare: Callable[..., bool], map_context: StudyContext, size: tuple[int, int]) -> None:
    """A region-picking item after picking two regions and checking: the pattern shows."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "enter")  # the pattern mcq: nothing chosen, then Again
        await pilot.press("a", "d", "enter")
        await pilot.pause()

    assert snap_compare(map_app(map_context), terminal_size=size, run_before=run_before)


async def test_regions_are_picked_by_letter_and_graded(map_context: StudyContext) -> None:
    app = map_app(map_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", "enter")
        assert app.screen.outcome is not None and app.screen.outcome.correct
        await pilot.press("enter")
        assert app.screen.item.id == "fx-map-pick"
        slot = app.screen.query_one("#map-slot", Static)
        assert slot.display and "Letters mark the regions" in plain(slot.content)
        await pilot.press("a", "b", "c", "enter")
        assert app.screen.outcome.correct
        assert "the answer:" in plain(slot.content)


async def test_a_card_without_a_map_hides_the_slot(context: StudyContext) -> None:
    backend = StoreBackend(context.queue(None), title="Fixture", clock=fixed_clock)
    app = StudyApp(lambda: ReviewScreen(backend, context.library.misconceptions), context=context)
    async with app.run_test(size=(80, 24)):
        assert not app.screen.query_one("#map-slot", Static).display


def test_the_map_code_is_not_imported_for_a_card_without_a_map() -> None:
    code = (
        "import sys; from backhip_learn.tui.screens import review; "
        "print(any(m in sys.modules for m in ('backhip_learn.tui.map_art', 'backhip_learn.tui.widgets.body_map',"
        " 'backhip_learn.content.bodymap')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


async def test_an_exam_question_shows_its_map(map_context: StudyContext) -> None:
    from backhip_learn.content.model import Draw, Exam
    from backhip_learn.study.exam import draw_exam
    from backhip_learn.tui.screens.exam import ExamScreen

    exam = Exam(kind="exam", id="fx-map-exam", title="Maps", draw=(Draw(banks=("fx-maps",)),), shuffle=False,
                feedback="immediate")
    paper = draw_exam(map_context.library, exam, seed=1)
    assert [i.id for i in paper.items] == ["fx-map-pattern", "fx-map-pick"]
    screen = ExamScreen(paper, map_context.store, map_context.library.misconceptions, fixed_clock)
    app = StudyApp(lambda: screen, context=map_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        slot = screen.query_one("#map-slot", Static)
        assert slot.display and "██ Lower back" in plain(slot.content)
        await pilot.press("a", "enter", "enter")  # answer, see the verdict, go on
        await pilot.pause()
        assert "██" not in plain(slot.content) and "Letters mark the regions" in plain(slot.content)
        await pilot.press("a", "enter")
        await pilot.pause()
        assert "the answer:" in plain(slot.content)
