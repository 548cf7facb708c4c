"""KeyFooter rebuilds its keys when they change, and only then."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Button
from textual.widgets._footer import FooterKey

from backhip_learn.tui.widgets.key_footer import KeyFooter


class Keys(Screen[None]):
    BINDINGS = [Binding("f2", "one", "One"), Binding("f3", "two", "Two")]
    two_enabled = True

    def compose(self) -> ComposeResult:
        yield Button("first")
        yield Button("second")
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "two" and not self.two_enabled:
            return None  # shown, disabled
        return True

    def action_one(self) -> None:
        """Nothing."""

    def action_two(self) -> None:
        """Nothing."""


class KeysApp(App[None]):
    ENABLE_COMMAND_PALETTE = False

    def on_mount(self) -> None:
        self.push_screen(Keys())


async def test_rebuilt_only_when_the_shown_keys_change() -> None:
    app = KeysApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        rebuilds = []
        original = footer.recompose

        async def counting() -> None:
            rebuilds.append(1)
            await original()

        footer.recompose = counting  # type: ignore[method-assign]
        await pilot.press("tab")  # focus moves: the screen's bindings update, the keys shown do not
        await pilot.pause()
        assert rebuilds == []
        screen = app.screen
        assert isinstance(screen, Keys)
        screen.two_enabled = False
        screen.refresh_bindings()  # 'Two' turns disabled: that is a change
        await pilot.pause()
        assert rebuilds == [1]
        keys = {key.key: key.has_class("-disabled") for key in footer.query(FooterKey)}
        assert keys == {"f2": False, "f3": True}
