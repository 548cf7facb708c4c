"""The progress view: home and statistics show one computation of recall per part, named for what it measures."""

from __future__ import annotations

from textual.widgets import Static

from backhip_learn.store import Store
from backhip_learn.study.grading import Choices, grade
from backhip_learn.study.scheduling import Scheduling
from backhip_learn.study.stats import compute_stats
from backhip_learn.tui.app import StudyApp
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.screens.home import HomeScreen
from backhip_learn.tui.screens.stats import StatsScreen
from backhip_learn.tui.widgets.bars import BarChart

from .helpers import fixed_clock


def reviewed(context: StudyContext, store: Store) -> None:
    """Two answers, one wrong, one right."""
    sched = Scheduling(enable_fuzzing=False)
    lib = context.library
    for item_id, response, rating in (("fx-mcq", Choices((1,)), 1), ("fx-tf", Choices((1,)), 3)):
        outcome = grade(lib.item_index[item_id], response)
        store.record_review(item_id, rating, fixed_clock(), sched, outcome=outcome.to_dict())


async def test_home_and_statistics_agree_per_part(context: StudyContext, store: Store) -> None:
    """Home's bars are the statistics' per-part recall now; the screen names both measures and shows the new charts."""
    reviewed(context, store)
    stats = compute_stats(store, context.library, fixed_clock())
    expected = [(p["name"], p["recall_now"]) for p in stats["parts"]]
    assert any(value > 0 for _, value in expected)
    app = StudyApp(lambda: HomeScreen(context), context=context)
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        assert [(label, value) for label, value, _ in home.query_one("#mastery-bars", BarChart).rows] == expected
        assert home.query_one("#mastery").border_title == "Recall now (predicted)"
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        text = "\n".join(str(s.content) for s in screen.query(Static))
        for heading in ("Reviews per day (last 30 days)", "Retention per week", "Due in the next 14 days",
                        "By part", "By learning objective", "recall now (predicted", "answered right"):
            assert heading in text
        by_part = [(label, value) for label, value, _ in screen.query_one("#stats-parts", BarChart).rows]
        assert by_part == expected
