"""80x24 first: on the answer side of every card type the verdict, the right answer and the start of the why fit."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.screen import Screen

from backhip_learn.content.load import load_paths
from backhip_learn.paths import quizzes_dir
from backhip_learn.tui.app import StudyApp
from backhip_learn.tui.preview_backend import PreviewBackend
from backhip_learn.tui.screens.preview import PreviewScreen
from backhip_learn.tui.screens.review import ReviewScreen
from backhip_learn.tui.widgets.choice_list import ChoiceList
from backhip_learn.tui.widgets.feedback_panel import FeedbackPanel
from backhip_learn.tui.widgets.question import LETTERS

from .helpers import type_keys

# The longest card of each type in the bundled bank, answered wrong (the answer side with the most to say).
CASES = [
    ("05-red-flags.yaml", "rf-persistent-who", ["b", "enter"]),
    ("04-causes.yaml", "cause-disc-symptoms", ["a", "c", "enter"]),  # six options, two wrong picks, three missed
    ("05-red-flags.yaml", "rf-weakness-tf", ["t", "enter"]),
    ("05-red-flags.yaml", "rf-consult-short", [*type_keys("dentist"), "enter"]),
    ("03-anatomy.yaml", "anat-sciatic-terms-cloze", [*type_keys("nerve"), "tab", *type_keys("root"), "enter"]),
    ("07-conclusion.yaml", "concl-pattern-matching", ["a", "b", "enter"]),
    ("04-causes.yaml", "cause-piri-vs-disc", ["enter"]),
]


def line_of(panel: FeedbackPanel, needle: str) -> int:
    """The screen row of the first panel line containing ``needle``."""
    lines = panel.text.wrap(panel.app.console, panel.content_region.width)
    [index] = [n for n, line in enumerate(lines) if needle in line.plain][:1]
    return panel.content_region.y + index


def assert_answer_side_fits(screen: Screen[object]) -> None:
    """The verdict, the right answer and the first line of the why are on screen with the body at its top."""
    assert isinstance(screen, ReviewScreen) and screen.outcome is not None
    body = screen.query_one("#body", VerticalScroll)
    assert body.scroll_y == 0
    bottom = body.region.bottom  # the first row below the visible body
    panel = screen.query_one(FeedbackPanel)
    verdict = panel.content_region.y
    assert verdict < bottom, screen.item
    if screen.item is not None and screen.item.explanation:
        assert line_of(panel, "Why:") < bottom, screen.item
    question = screen.query_one("#question")
    if isinstance(question, ChoiceList):
        assert question.region.bottom <= bottom, screen.item  # every right option (and each pick) is in view
    # A card that goes on below the edge says so in words, not only with a scrollbar.
    more = screen.query_one("#more")
    assert more.display == (body.max_scroll_y > 0)


@pytest.mark.parametrize(("bank", "item_id", "keys"), CASES, ids=[c[1] for c in CASES])
async def test_the_answer_side_fits_80x24_without_scrolling(bank: str, item_id: str, keys: list[str]) -> None:
    """The verdict, the right answer and the first line of the why are on screen with the body at its top."""
    backend = PreviewBackend(quizzes_dir() / bank)
    assert backend.jump(item_id)
    app = StudyApp(lambda: PreviewScreen(backend))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        assert_answer_side_fits(app.screen)


def wrong_keys(question: ChoiceList) -> list[str]:
    """The letter of the first wrong option on screen: a wrong pick (and, in a multi, every right one missed)."""
    if question.is_tf:
        return ["f" if question.choices[0].correct else "t"]
    position = next(p for p, index in enumerate(question.order) if not question.choices[index].correct)
    return [LETTERS[position].lower()]


def picture_banks() -> dict[Path, list[str]]:
    """Each bundled bank file with items that show a map or picture, and those items' ids."""
    library = load_paths([quizzes_dir()])
    found: dict[Path, list[str]] = {}
    for item in library.items:
        if item.has_picture():
            found.setdefault(Path(library.item_where[item.id].path), []).append(item.id)
    return found


async def test_every_body_map_answer_side_fits_80x24() -> None:
    """Each item with a map, answered wrong: verdict, right answer and why above the edge, the map on screen too."""
    banks = picture_banks()
    assert sum(map(len, banks.values())) >= 20  # the body-map bank is there
    for path, ids in banks.items():
        backend = PreviewBackend(path)
        app = StudyApp(lambda backend=backend: PreviewScreen(backend))
        async with app.run_test(size=(80, 24)) as pilot:
            for item_id in ids:
                screen = app.screen
                assert isinstance(screen, ReviewScreen) and backend.jump(item_id)
                await screen.show_item(backend.next_card())
                await pilot.pause()
                question = screen.query_one("#question", ChoiceList)
                await pilot.press(*wrong_keys(question), "enter")
                await pilot.pause()
                assert_answer_side_fits(screen)
                slot = screen.query_one("#map-slot")
                assert slot.display and slot.region.y < screen.query_one("#body").region.bottom


async def test_options_that_matter_stay_and_shared_misconceptions_show_once() -> None:
    """After checking, options neither picked nor right are gone; each misconception is explained on one line."""
    backend = PreviewBackend(quizzes_dir() / "04-causes.yaml")
    assert backend.jump("cause-disc-symptoms")
    app = StudyApp(lambda: PreviewScreen(backend))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", "c", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.outcome is not None
        choices = screen.query_one("#question", ChoiceList)
        shown = " ".join(text.plain for _, text in choices.render().rows)
        texts = [c.text for c in choices.choices]
        kept = [texts[p.index] for p in screen.outcome.parts if p.selected or p.is_answer]
        dropped = [texts[p.index] for p in screen.outcome.parts if not (p.selected or p.is_answer)]
        assert dropped and all(text not in shown for text in dropped)
        assert len(kept) == 5 and all(text in shown for text in kept)
        panel = screen.query_one(FeedbackPanel).text.plain
        for mid in set(screen.outcome.misconceptions):
            label = screen.misconceptions[mid].label
            assert panel.count(label) == 1


async def test_a_question_longer_than_the_screen_starts_at_its_top() -> None:
    """The first card and the next: the type line and the prompt on screen, the options going on under the sign."""
    backend = PreviewBackend(quizzes_dir() / "08-body-maps.yaml")
    assert backend.jump("map-sciatic-course-pick")  # a map above six options
    app = StudyApp(lambda: PreviewScreen(backend))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(2):
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReviewScreen) and screen.item is not None
            assert screen.item.id == "map-sciatic-course-pick" and screen.focused is screen.question
            body = screen.query_one("#body", VerticalScroll)
            assert body.scroll_y == 0 and screen.query_one("#meta").region.y > body.region.y
            assert screen.query_one("#more").display
            await pilot.press("a", "enter", "enter", "u")  # check, grade, undo: the card comes back as a next card
