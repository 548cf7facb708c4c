"""`backhip-learn preview PATH`: walk a bank file as a learner sees it; nothing is saved."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command(name="preview")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--item", "item_id", default=None, help="Start at the item with this id.")
def command(path: Path, item_id: str | None) -> None:
    """Walk through a bank file as a learner sees it (nothing is saved); `r` reloads it after an edit."""
    from backhip_learn.content.load import not_regular

    if not path.is_file():
        hint = " (preview takes one bank file)" if path.is_dir() else ""
        click.echo(f"{path}: error: {not_regular(path)}{hint}", err=True)
        sys.exit(2)
    # Textual is imported only here: other commands must not pay for it.
    from backhip_learn.commands.study import run_app
    from backhip_learn.tui.app import StudyApp
    from backhip_learn.tui.preview_backend import PreviewBackend
    from backhip_learn.tui.screens.preview import PreviewScreen

    from backhip_learn.tui.preview_backend import file_kind

    backend = PreviewBackend(path)
    kind = file_kind(backend.library, path)
    if kind is not None:
        article = "an" if kind[0] in "aeiou" else "a"
        click.echo(f"{path}: error: this is {article} {kind} file; preview takes a bank file (a file with `items:`)",
                   err=True)
        sys.exit(2)
    if not backend.items and backend.library.errors:
        for problem in backend.library.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{path}: no items could be loaded; fix the errors above and try again.", err=True)
        sys.exit(1)
    if not backend.items:
        click.echo(f"{path}: error: no items to preview (a bank with an empty `items` list, or not a bank)", err=True)
        sys.exit(1)
    if item_id is not None and not backend.jump(item_id):
        click.echo(f"{path}: error: no item with id '{item_id}'", err=True)
        sys.exit(2)
    run_app(StudyApp(lambda: PreviewScreen(backend)))  # needs a terminal; a failure inside the app exits non-zero
