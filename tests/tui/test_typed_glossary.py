"""The study app marks typed answers through the course glossary, one cloze card per gap number."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from backhip_learn.content.load import load_paths
from backhip_learn.store import Store
from backhip_learn.tui.app import StudyApp
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.engine_backend import StoreBackend
from backhip_learn.tui.screens.review import ReviewScreen

from .helpers import fixed_clock, type_keys

TYPED = Path(__file__).resolve().parents[1] / "study" / "typed_fixtures"


async def test_cloze_cards_through_the_glossary(store: Store) -> None:
    library = load_paths([TYPED])
    context = StudyContext(library, store, clock=fixed_clock, enable_fuzzing=False)
    backend = StoreBackend(context.queue(None), title="Typed", clock=fixed_clock)
    app = StudyApp(lambda: ReviewScreen(backend, library.misconceptions), context=context)
    async with app.run_test(size=(80, 24)) as pilot:
        for card, answer in (("ty-links-cloze::c1", "lower back"), ("ty-links-cloze::c2", "hips"),
                             ("ty-links-cloze::c3", "SIJ")):
            screen = app.screen
            assert isinstance(screen, ReviewScreen) and screen.item is not None and screen.item.id == card
            assert len(screen.query(Input)) == 1  # one gap asked; the others are shown filled in
            await pilot.press(*type_keys(answer), "enter")
            assert screen.outcome is not None and screen.outcome.correct, (card, screen.outcome)
            await pilot.press("enter")
        assert [r.item_id for r in store.reviews()] == ["ty-links-cloze::c1", "ty-links-cloze::c2", "ty-links-cloze::c3"]
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.item is not None and screen.item.id == "ty-sciatic-roots"
        await pilot.press(*type_keys("L4, L5, S1, S2, S3"), "enter")
        assert screen.outcome is not None and screen.outcome.correct


async def test_a_cloze_card_shows_the_other_gaps(store: Store) -> None:
    library = load_paths([TYPED])
    context = StudyContext(library, store, clock=fixed_clock, enable_fuzzing=False)
    backend = StoreBackend(context.queue(None), title="Typed", clock=fixed_clock)
    app = StudyApp(lambda: ReviewScreen(backend, library.misconceptions), context=context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = str(app.screen.query_one("#cloze-text", Static).render())
        assert "(1)____" in text and "hip joint" in text and "sacroiliac joint" in text and "lumbar spine" not in text
