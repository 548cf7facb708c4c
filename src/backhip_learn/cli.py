"""The command line: a click group whose commands load lazily.

Each command lives in ``commands/<name>.py`` as a click command called ``command``; the
group imports it only when it runs, so ``validate`` and ``stats`` never pay for Textual or
genanki. Bare ``backhip-learn`` opens the TUI home screen.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import click

from backhip_learn import DISCLAIMER, __version__
from backhip_learn.commands.options import bank_option, course_option, data_dir_option
from backhip_learn.content.safetext import printable
from backhip_learn.tui.startup import pause_gc, resume_gc

# name -> (module under backhip_learn.commands, one-line help shown in --help)
COMMANDS: dict[str, tuple[str, str]] = {
    "study": ("study", "Study due cards in the terminal app."),
    "quiz": ("quiz", "Take an exam from the bundled or given banks."),
    "preview": ("preview", "Walk through a bank file as a learner sees it; nothing is saved."),
    "try": ("try_answer", "Mark an answer to one item as the study app would: verdict, match, diff."),
    "stats": ("stats", "Show study statistics."),
    "cards": ("cards", "List and search cards; unsuspend, unflag, unbury or reset them; a card's history."),
    "validate": ("validate", "Check banks, exams and decks; report every problem as file:line:col."),
    "lint": ("validate", "Alias of validate."),
    "schema": ("schema", "Print the JSON Schema of a content file."),
    "coverage": ("coverage", "Items per section of the course, by type."),
    "list": ("listing", "Banks, decks and exams with item counts."),
    "export": ("export", "Export the content (e.g. `export anki`)."),
    "new": ("new", "Start a new course in a folder (a starter that validates clean)."),
}

APP_COMMANDS = frozenset({"study", "quiz", "preview"})  # commands that open the study app


class PrintableStream:
    """A text stream that writes every control character but tab and newline as ``\\xNN``.

    Installed on stdout and stderr for the whole of a command, click's own messages included: a
    title, a file name or an error message holding an escape sequence is printed, never obeyed.
    The study app is unaffected: Textual draws on the terminal through its own stream.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        """Write ``text`` with its control characters made visible."""
        return self.stream.write(printable(text) if isinstance(text, str) else text)

    def writelines(self, lines: Any) -> None:
        """Write each line as ``write`` does."""
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextmanager
def printable_output() -> Iterator[None]:
    """stdout and stderr filtered by ``PrintableStream`` while the block runs."""
    saved = sys.stdout, sys.stderr
    sys.stdout = PrintableStream(saved[0])
    sys.stderr = PrintableStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is used."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line with every character it prints safe on a terminal."""
        try:
            with printable_output():
                return super().main(*args, **kwargs)
        finally:
            resume_gc()  # a command that failed before its app started must not leave the collector off

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        if cmd_name in APP_COMMANDS:
            # Importing the command imports the app (Textual, our screens): only long-lived objects, so
            # the collector waits until the first screen is painted (the app resumes it then).
            pause_gc()
        module = importlib.import_module(f"backhip_learn.commands.{COMMANDS[cmd_name][0]}")
        command: click.Command = module.command
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Help text comes from the table so `--help` imports nothing heavy.
        with formatter.section("Commands"):
            formatter.write_dl([(name, help_) for name, (_, help_) in COMMANDS.items()])


@click.group(cls=LazyGroup, invoke_without_command=True, epilog=DISCLAIMER)
@click.version_option(__version__, prog_name="backhip-learn")
@data_dir_option()
@bank_option()
@course_option()
@click.pass_context
def main(ctx: click.Context, data_dir: str | None, banks: tuple[Path, ...]) -> None:
    """backhip-learn: learn a course (by default "Lower back pain spreading to the hip") with flashcards and quizzes.

    Run with no command to open the study app. A course is a folder with a course.yaml: use
    --course DIR, $BACKHIP_LEARN_COURSE, or run from inside the folder.
    """
    if ctx.invoked_subcommand is None:
        pause_gc()  # as for the app commands in get_command: the import below builds the app
        from backhip_learn.commands.home import run_home

        run_home(ctx)
