"""`backhip-learn validate [PATH...]` (alias `lint`): check content, report every problem as file:line:col."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import click

from backhip_learn.commands.common import chosen_banks, plural, sorted_problems, summary, unique_files
from backhip_learn.commands.options import bank_option, course_option
from backhip_learn.content.library import Library
from backhip_learn.content.load import Problem, load_paths, real_path
from backhip_learn.content.safetext import dumps
from backhip_learn.export.release import ReleaseError, default_state_path, load_state, released_gap_problems
from backhip_learn.paths import (
    COURSE_ENV,
    COURSE_META,
    CourseError,
    course_location,
    decks_dir,
    default_content_paths,
    quizzes_dir,
)


def _release_problems(lib: Library, targets: Sequence[Path]) -> list[Problem]:
    """Warnings against the content's Anki release record, when it has one (W160)."""
    path = default_state_path(targets)
    if path is None or not path.is_file():
        return []
    try:
        return released_gap_problems(lib, load_state(path))
    except ReleaseError as exc:
        return [Problem(str(path), None, None, "error", str(exc).removeprefix(f"{path}: "))]


def _relative(path: Path) -> Path:
    """The path relative to the working directory when it is inside it (shorter messages)."""
    try:
        return real_path(path).relative_to(real_path(Path.cwd()))
    except ValueError:
        return path


@click.command(name="validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@bank_option(help_text="A bank file or folder to check (repeatable); same as giving PATH.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1 on any).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@course_option()
@click.pass_context
def command(ctx: click.Context, paths: tuple[Path, ...], banks: tuple[Path, ...], strict: bool, fmt: str) -> None:
    """Check a course's banks, exams, decks, misconceptions, glossary and course file; print problems as path:line:col.

    With no PATH, checks the course in use (--course, $BACKHIP_LEARN_COURSE, a course.yaml in the
    current folder, else the bundled course) and says which. A file inside a course folder is checked
    with the rest of its course loaded (its misconceptions, objectives, decks), and only its own
    problems are reported. Exit status: 0 clean, 1 errors (or warnings with --strict), 2 usage error.
    """
    # Missing paths are checked here, not by click, so that --format json still prints JSON.
    parent = ctx.parent.params.get("banks", ()) if ctx.parent is not None else ()
    missing = [str(p) for p in (*paths, *banks, *parent) if not Path(p).exists()]
    if missing:
        _usage_error(ctx, missing, fmt, strict)
    given = chosen_banks(ctx, paths, banks)
    course_line = None
    if given:
        context = _course_context(given)
        lib = load_paths(unique_files([*context, *given]) if context else given, lint=True)
        if context:
            lib = _only(lib, given)
            course_line = f"checked with the rest of its course ({', '.join(str(_relative(c)) for c in context)})"
    else:
        try:
            where = course_location()
        except CourseError as exc:
            raise click.BadParameter(str(exc), ctx=ctx, param_hint="$BACKHIP_LEARN_COURSE") from None
        lib = load_paths([_relative(p) for p in default_content_paths()], lint=True)
        title = lib.courses[0].title if lib.courses else lib.outline.title
        course_line = f"course: {title} ({where.describe()})"
        if where.bundled:
            course_line += "; no course.yaml in this folder: give a PATH or --course DIR to check yours"
    lib.problems.extend(_release_problems(lib, list(given) or [Path(p) for p in default_content_paths()]))
    problems = sorted_problems(lib)
    if strict:
        problems = [Problem(p.path, p.line, p.col, "error", p.message, p.code) for p in problems]
    counts = summary(lib, problems, strict=strict)
    if fmt == "json":
        report = {**counts, "strict": strict, "problems": [p.to_dict() for p in problems]}
        if course_line:
            report["course"] = course_line
        click.echo(dumps(report))
    else:
        if course_line:
            click.echo(course_line)
        for p in problems:
            click.echo(str(p))
        click.echo(
            f"{plural(counts['files'], 'file')}, {plural(counts['items'], 'item')}: "
            f"{plural(counts['errors'], 'error')}, {plural(counts['warnings'], 'warning')}"
        )
    sys.exit(1 if counts["errors"] else 0)


def _course_context(given: Sequence[Path]) -> list[Path]:
    """The rest of the course the given files belong to (loaded beside them), or nothing.

    The course is the one chosen with --course or $BACKHIP_LEARN_COURSE, else the nearest folder
    above the first file holding a course.yaml, else the bundled course for a file of its own.
    """
    root = click.get_current_context().find_root().meta
    chosen = root.get(COURSE_META) or os.environ.get(COURSE_ENV, "").strip()
    if chosen:
        return default_content_paths()
    first = _real(given[0])
    bundled = [quizzes_dir().resolve(), decks_dir().resolve()]
    if any(first == b or b in first.parents for b in bundled):
        return bundled
    for folder in (first, *first.parents) if first.is_dir() else first.parents:
        if (folder / "course.yaml").is_file():
            return [folder]
    return []


def _real(path: Path) -> Path:
    """The path with links resolved; a link loop stays as given (absolute): it is reported, never followed."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def _only(lib: Library, given: Sequence[Path]) -> Library:
    """The library with only the problems, files and items of the given files and folders (course context dropped)."""
    wanted = [_real(p) for p in given]

    def mine(path: str | None) -> bool:
        if path is None:
            return True
        here = _real(Path(path))
        return any(here == w or w in here.parents for w in wanted)

    return dataclasses.replace(
        lib,
        problems=[p for p in lib.problems if mine(p.path)],
        files=[f for f in lib.files if mine(f)],
        items=[i for i in lib.items if mine(lib.item_where[i.id].path)],
    )


def _usage_error(ctx: click.Context, missing: Sequence[str], fmt: str, strict: bool) -> NoReturn:
    """Exit 2 for paths that do not exist: click's usage message, or a JSON report with --format json."""
    if fmt != "json":
        raise click.BadParameter(f"no such file or folder: {missing[0]}", ctx=ctx, param_hint="PATH")
    problems = [Problem(p, None, None, "error", "no such file or folder", "E001") for p in missing]
    report = {"files": 0, "items": 0, "errors": len(problems), "warnings": 0, "strict": strict,
              "problems": [p.to_dict() for p in problems]}
    click.echo(dumps(report))
    sys.exit(2)
