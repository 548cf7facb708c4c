"""Issue 13 in the study app: text holding escape sequences never reaches the terminal, and no terminal, no app."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from backhip_learn.cli import main
from backhip_learn.content.load import Library
from backhip_learn.tui.app import StudyApp
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.engine_backend import StoreBackend
from backhip_learn.tui.screens.review import ReviewScreen

from .helpers import FIXTURES, fixed_clock

OSC52 = "\x1b]52;c;ZWNobyBvd25lZA==\x07"
OSC0 = "\x1b]0;owned\x07"
OSC8 = "\x1b]8;;http://example.invalid/\x1b\\click\x1b]8;;\x1b\\"
PAYLOAD = f"Q{OSC52}{OSC0}{OSC8}\x1b[2J\x1bc\x9b31m\x9d0;t\x9c\x7f"
# Sequences the payload holds and Textual never writes itself (its own output is SGR and cursor moves).
HOSTILE = ("\x1b]", "\x1bc", "\x07", "\x1b[2J", "\x1b\\", "\x9b", "\x9d", "\x9c", "\x7f")
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def hostile(library: Library) -> Library:
    """The fixture library with the payload in item text, choices, feedback and explanations.

    Built past the loader (which refuses such text, E008): the app must be safe whatever its source.
    """
    items = []
    for item in library.items:
        if item.type == "basic":
            item = replace(item, front=PAYLOAD, back=PAYLOAD, explanation=PAYLOAD)  # type: ignore[call-arg]
        elif item.type == "mcq":
            choices = tuple(replace(c, text=f"{PAYLOAD}{n}", feedback=PAYLOAD) for n, c in enumerate(item.choices))  # type: ignore[union-attr]
            item = replace(item, question=PAYLOAD, choices=choices, explanation=PAYLOAD)  # type: ignore[call-arg]
        items.append(item)
    library.items = items
    library.item_index = {i.id: i for i in items}
    return library


def screen_output(app: StudyApp) -> str:
    """The whole screen as Textual renders it for the terminal (its line filters applied), as an SVG."""
    return app.export_screenshot()


def assert_safe(app: StudyApp) -> None:
    out = screen_output(app)
    assert "owned" in out  # the payload's printable part is drawn: the check looks at the right frame
    for sequence in HOSTILE:
        assert sequence not in out, repr(sequence)
    assert not CONTROL.search(out.replace("\n", "")), repr(CONTROL.search(out.replace("\n", "")))


async def test_escape_sequences_in_items_never_reach_the_terminal(library: Library, context: StudyContext) -> None:
    context.library = hostile(library)
    backend = StoreBackend(context.queue(None), title=f"Deck {OSC0}", clock=fixed_clock)
    app = StudyApp(lambda: ReviewScreen(backend, context.library.misconceptions), context=context)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.item is not None and screen.item.id == "fx-basic"
        assert_safe(app)  # the question
        await pilot.press("enter")
        await pilot.pause()
        assert_safe(app)  # the answer and its explanation
        await pilot.press("enter")
        await pilot.pause()
        assert screen.item is not None and screen.item.id == "fx-mcq"
        assert_safe(app)  # the choices
        await pilot.press("b", "enter")
        await pilot.pause()
        assert_safe(app)  # the feedback of a wrong choice


@pytest.mark.parametrize("args", [
    ["study"], [], ["quiz", "fx-exam"], ["preview", str(FIXTURES / "bank.yaml")],
])
def test_the_app_needs_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    # CliRunner's standard input is not a terminal, as in `backhip-learn study < /dev/null` or a pipe.
    def refuse(self: StudyApp, *args: object, **kwargs: object) -> None:
        raise AssertionError("the app started without a terminal")  # it would wait for keys forever

    monkeypatch.setattr(StudyApp, "run", refuse)
    result = CliRunner().invoke(main, ["--bank", str(FIXTURES), "--data-dir", str(tmp_path / "d"), *args], input="")
    assert result.exit_code == 2, result.output
    assert "needs a terminal" in result.output and "Traceback" not in result.output


@pytest.mark.skipif(sys.platform == "win32", reason="/dev/null as standard input")
def test_study_with_dev_null_as_input_exits_at_once(tmp_path: Path) -> None:
    """The real command: it used to spin at 100% CPU forever with stdin at end of file."""
    result = subprocess.run(
        [sys.executable, "-m", "backhip_learn", "--bank", str(FIXTURES), "study", "--data-dir", str(tmp_path / "d")],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 2 and "needs a terminal" in result.stderr, result.stderr

