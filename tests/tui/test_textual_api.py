"""The app and its screens use Textual's public API: no private override, and screens that need no particular app."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.app import App
from textual.message_pump import MessagePump

import backhip_learn.tui
from backhip_learn.store import Store
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.engine_backend import StoreBackend
from backhip_learn.tui.screens.review import ReviewScreen

from .helpers import fixed_clock


def textual_classes() -> list[type[MessagePump]]:
    """Every app, screen and widget class defined in backhip_learn.tui."""
    found = []
    for info in pkgutil.walk_packages(backhip_learn.tui.__path__, "backhip_learn.tui."):
        module = importlib.import_module(info.name)
        found += [cls for _, cls in inspect.getmembers(module, inspect.isclass)
                  if cls.__module__ == module.__name__ and issubclass(cls, MessagePump)]
    return found


def own_private_names(cls: type) -> set[str]:
    """The single-underscore names a class defines itself, less those Textual sets on every subclass."""
    base = next(b for b in cls.__mro__ if b.__module__.split(".")[0] == "textual")
    plumbing = set(vars(type("Bare", (base,), {})))  # what Textual writes into any subclass of that class
    return {n for n in vars(cls) if n.startswith("_") and not n.startswith("__")} - plumbing


def test_no_class_overrides_a_private_name_of_textual() -> None:
    classes = textual_classes()
    assert {"StudyApp", "ReviewScreen", "HomeScreen", "Question"} <= {c.__name__ for c in classes}
    overrides = [
        f"{cls.__name__}.{name}"
        for cls in classes
        for name in own_private_names(cls)
        if any(name in vars(base) for base in cls.__mro__[1:] if base.__module__.split(".")[0] == "textual")
    ]
    assert overrides == []


class PlainApp(App[None]):
    """An app that knows nothing of backhip-learn's messages."""

    def __init__(self, screen: ReviewScreen) -> None:
        super().__init__()
        self.review = screen

    def on_mount(self) -> None:
        self.push_screen(self.review)


async def test_the_review_screen_works_in_an_app_that_ignores_its_messages(context: StudyContext,
                                                                            store: Store) -> None:
    """Cards shown, a grade saved, the browser asked for: messages the plain app lets pass."""
    screen = ReviewScreen(StoreBackend(context.queue(None), title="Fixture", clock=fixed_clock))
    app = PlainApp(screen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert screen.item is not None
        first = screen.item.id
        await pilot.press("enter", "3", "ctrl+l")
        await pilot.pause()
        assert app.screen is screen and screen.item is not None and screen.item.id != first
        assert store.review_count() == 1
