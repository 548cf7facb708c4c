"""What the commands share: opening content and progress, and where ``--bank`` and ``--data-dir`` come from.

Content and the progress database are opened here, before Textual starts, so that everything that
can go wrong is reported by ``options.fail``: a message and an exit code, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from backhip_learn.commands.options import fail
from backhip_learn.content.library import Library
from backhip_learn.content.load import iter_content_files, real_path
from backhip_learn.content.problems import Problem
from backhip_learn.content.sources import load_content
from backhip_learn.paths import course_location, database_path
from backhip_learn.paths import data_dir as check_data_dir
from backhip_learn.store import Store, StoreError

if TYPE_CHECKING:
    from backhip_learn.tui.app import StudyApp

LEFT_OUT = ("E042", "W142")  # the note closing a file's list when more problems than are listed were found


def chosen_banks(ctx: click.Context, *groups: Sequence[str | Path]) -> list[Path]:
    """The command's own paths and ``--bank``, then the group's ``--bank``, each file once; empty means bundled.

    A missing path given to the group is a usage error here (exit 2); the command's own are the loader's to report.
    """
    root_ctx = ctx.find_root()
    root = (root_ctx.params.get("banks") or ()) if root_ctx is not ctx else ()  # the group's --bank
    missing = [p for p in root if not Path(p).exists()]
    if missing:
        raise click.BadParameter(f"no such file or folder: {missing[0]}", param_hint="'--bank'")
    return unique_files([Path(p) for group in groups for p in group] + [Path(p) for p in root])


def chosen_data_dir(ctx: click.Context, data_dir: str | None) -> str | None:
    """The command's ``--data-dir``, else the group's; an empty one is a usage error (exit 2)."""
    chosen = data_dir if data_dir is not None else ctx.find_root().params.get("data_dir")
    if chosen is not None:
        check_data_dir(chosen)
    return chosen


def unique_files(paths: Sequence[Path]) -> list[Path]:
    """Folders expanded to their YAML files, each file kept once (by its real path), in the order given.

    Without this, a file named twice (`a.yaml ./a.yaml`, or a folder and a file in it) is read
    twice and every id in it is reported as its own duplicate.
    """
    seen: set[Path] = set()
    out: list[Path] = []
    for path in paths:
        files = iter_content_files([path], []) if path.is_dir() else []
        for f in files or [path]:  # an empty folder stays itself: never "no paths" (= the bundled content)
            key = real_path(f)  # a link loop stays itself (and is reported by the loader)
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def exit_on_content_errors(library: Library) -> None:
    """After a report built from partly broken content: name every error (file:line:col) on stderr, exit 1."""
    if library.errors:
        for problem in sorted_problems(library):
            if problem.severity == "error":
                click.echo(str(problem), err=True)
        count = summary(library, library.problems)["errors"]
        fail(f"{plural(count, 'content error')}; the figures above leave out what could not be read "
             "(details: `backhip-learn validate`)")


def sorted_problems(library: Library) -> list[Problem]:
    """Problems in file order, then line and column (problems without a file first)."""
    order = {name: i for i, name in enumerate(library.files)}
    # A file's "left out" note (E042/W142) closes its list.
    return sorted(library.problems,
                  key=lambda p: (order.get(p.path, -1), p.code in LEFT_OUT, p.line or 0, p.col or 0))


def summary(library: Library, problems: Sequence[Problem], *, strict: bool = False) -> dict[str, int]:
    """Counts for the closing line and the JSON report: problems left out of a long file count too."""
    listed = [p for p in problems if p.code not in LEFT_OUT]  # each note stands for the problems it counts
    more_errors = sum(e for e, _ in library.left_out.values())
    more_warnings = sum(w for _, w in library.left_out.values())
    return {
        "files": len(library.files),
        "items": len(library.items),
        "errors": sum(p.severity == "error" for p in listed) + more_errors + (more_warnings if strict else 0),
        "warnings": sum(p.severity == "warning" for p in listed) + (0 if strict else more_warnings),
    }


def plural(n: object, word: str) -> str:
    """``1 error``, ``2 errors``."""
    return f"{n} {word}" + ("" if n == 1 else "s")


def load_library_or_exit(banks: Sequence[Path], *, cache: bool = True) -> Library:
    """The bundled content (or the ``--bank`` files); every error printed as file:line:col, exit 1."""
    library = load_content(banks, cache=cache)  # a warm start skips parsing and validating the YAML
    if library.errors:
        for problem in library.errors:
            click.echo(str(problem), err=True)
        fail(f"{len(library.errors)} error(s) in the content; run `backhip-learn validate` for details.")
    if not library.items:
        fail("no items found in " + (", ".join(map(str, banks)) if banks else course_location().describe()))
    return library


def open_store_or_exit(data_dir: str | None, course_id: str | None = None) -> Store:
    """Open (or create) the course's progress database, or exit with a message naming the file."""
    try:
        return Store.open(database_path(data_dir, course_id))
    except StoreError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{database_path(data_dir, course_id)}: cannot open the progress database: {exc.strerror or exc}")


def require_terminal() -> None:
    """Exit 2 unless standard input is a terminal: without one the app would wait for keys forever."""
    stdin = sys.stdin
    if stdin is None or not stdin.isatty():
        fail("the study app needs a terminal: standard input is not one (a pipe, a file or /dev/null)", 2)


def run_app(app: StudyApp) -> None:
    """Run the app (in a terminal only); a progress-database error met inside it is printed after it closes, exit 1.

    Any other failure inside the app (Textual prints its traceback) exits with the app's return code.
    """
    require_terminal()
    app.run()
    if app.store_error is not None:
        fail(app.store_error)
    if app.return_code:
        sys.exit(app.return_code)
