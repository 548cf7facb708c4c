"""The options several commands share, as decorators, and the one way a command fails.

A command fails with ``fail(message, code)``: ``error: message`` on stderr (``PATH: error: message``
when the message is about one file) and the exit code, 1 for a failure and 2 for a usage problem,
never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, NoReturn, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

BANK_HELP = "Use these banks (file or folder, repeatable) instead of the bundled content."


class CommandError(click.ClickException):
    """A command's failure: its message on stderr and its exit code."""

    def __init__(self, message: str, exit_code: int = 1, *, where: str | Path | None = None) -> None:
        super().__init__(message)
        # click declares exit_code on the class; a failure's code belongs to the instance, where click reads it.
        self.exit_code = exit_code  # type: ignore[misc]
        self.where = where

    def show(self, file: IO[Any] | None = None) -> None:
        """Print ``error: message`` (after ``PATH:`` when the failure is about one file)."""
        prefix = f"{self.where}: " if self.where is not None else ""
        click.echo(f"{prefix}error: {self.format_message()}", file=file, err=file is None)


def fail(message: str, code: int = 1, *, where: str | Path | None = None) -> NoReturn:
    """Stop the command: ``error: message`` on stderr, exit ``code`` (2: a usage problem)."""
    raise CommandError(message, code, where=where)


def bank_option(*, help_text: str = BANK_HELP, exists: bool = False) -> Callable[[F], F]:
    """``--bank PATH`` (repeatable); ``exists`` makes a missing path a usage error at parse time."""
    path = click.Path(exists=exists, path_type=Path)
    return click.option("--bank", "banks", multiple=True, type=path, help=help_text)


def data_dir_option() -> Callable[[F], F]:
    """``--data-dir FOLDER``: where progress is kept (also accepted before the command)."""
    return click.option("--data-dir", type=click.Path(file_okay=False), default=None, help="Where progress is kept.")
