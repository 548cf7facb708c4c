"""The options several commands share, as decorators, and the one way a command fails.

Every command that reads a course takes ``--course DIR`` (``course_option``), as does the group, so
the option works before or after the command name; ``new`` and ``schema`` read no course.

A command fails with ``fail(message, code)``: ``error: message`` on stderr (``PATH: error: message``
when the message is about one file) and the exit code, 1 for a failure and 2 for a usage problem,
never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, NoReturn, TypeVar

import click

from backhip_learn.paths import COURSE_ENV, COURSE_META, CourseError, check_course_folder

F = TypeVar("F", bound=Callable[..., Any])

BANK_HELP = "Use these banks (file or folder, repeatable) instead of the bundled content."
COURSE_HELP = "The course folder to use (default: $BACKHIP_LEARN_COURSE, a course.yaml here, else the bundled course)."


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


def _choose_course(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    """Keep ``--course DIR`` for the run, refusing a folder that is not a course (exit 2)."""
    try:
        if value is not None:
            ctx.find_root().meta[COURSE_META] = str(check_course_folder(value))
        elif ctx.parent is None and os.environ.get(COURSE_ENV, "").strip():
            # Checked once, on the group: a bad $BACKHIP_LEARN_COURSE is a usage error before any command runs.
            check_course_folder(os.environ[COURSE_ENV])
    except CourseError as exc:
        hint = "'--course'" if value is not None else f"${COURSE_ENV}"
        raise click.BadParameter(str(exc), ctx=ctx, param_hint=hint) from None


def course_option() -> Callable[[F], F]:
    """``--course DIR``: the course folder every command that reads content uses (the group takes it too)."""
    return click.option("--course", default=None, expose_value=False, is_eager=True, callback=_choose_course,
                        type=click.Path(), metavar="DIR", help=COURSE_HELP)
