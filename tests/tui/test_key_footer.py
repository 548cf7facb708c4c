"""KeyFooter: the screen's keys on one line, redrawn when they change, and pressed by a click."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Button

from backhip_learn.tui.widgets.key_footer import KeyFooter


class Keys(Screen[None]):
    BINDINGS = [
        Binding("f2", "one", "One"),
        Binding("f3", "two", "Two"),
        Binding("f4", "two", "Two again"),  # a second key for the same action: not shown twice
        Binding("f5", "hidden", "Hidden", show=False),
    ]
    two_enabled = True

    def __init__(self) -> None:
        super().__init__()
        self.pressed: list[str] = []

    def compose(self) -> ComposeResult:
        yield Button("first")
        yield Button("second")
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "two" and not self.two_enabled:
            return None  # shown, disabled
        return True

    def action_one(self) -> None:
        self.pressed.append("one")

    def action_two(self) -> None:
        self.pressed.append("two")


class KeysApp(App[None]):
    ENABLE_COMMAND_PALETTE = False

    def on_mount(self) -> None:
        self.push_screen(Keys())


async def test_one_key_per_action_on_one_line() -> None:
    app = KeysApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        line = footer.render()
        assert "f2 One" in line.plain and "f3 Two" in line.plain
        assert "Two again" not in line.plain and "Hidden" not in line.plain
        assert footer.region.height == 1 and footer.region.bottom == 24


async def test_redrawn_when_the_shown_keys_change_and_only_then() -> None:
    app = KeysApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, Keys)
        footer = screen.query_one(KeyFooter)
        shown = footer.keys
        await pilot.press("tab")  # focus moves: the screen's bindings update, the keys shown do not
        await pilot.pause()
        assert footer.keys is shown
        screen.two_enabled = False
        screen.refresh_bindings()  # 'Two' turns disabled: that is a change
        await pilot.pause()
        assert [(b.key, on) for b, on in footer.keys] == [("f2", True), ("f3", False)]
        line = footer.render()
        dimmed = {line.plain[s.start:s.end].strip() for s in line.spans if s.style and getattr(s.style, "dim", False)}
        assert "Two" in dimmed and "One" not in dimmed


async def test_a_click_on_a_key_presses_it() -> None:
    app = KeysApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, Keys)
        footer = screen.query_one(KeyFooter)
        plain = footer.render().plain
        await pilot.click(KeyFooter, offset=(plain.index("f3") + 1, 0))
        await pilot.click(KeyFooter, offset=(plain.index("One"), 0))
        await pilot.pause()
        assert screen.pressed == ["two", "one"]
