"""`backhip-learn preview PATH`: walk a bank file as a learner sees it; nothing is saved."""

from __future__ import annotations

from pathlib import Path

import click

from backhip_learn.commands.common import run_app
from backhip_learn.commands.options import course_option, fail
from backhip_learn.content.load import not_regular
from backhip_learn.tui.preview_backend import PreviewBackend, file_kind


@click.command(name="preview")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--item", "item_id", default=None, help="Start at the item with this id.")
@course_option()
def command(path: Path, item_id: str | None) -> None:
    """Walk through a bank file as a learner sees it (nothing is saved); `r` reloads it after an edit."""
    if not path.is_file():
        hint = " (preview takes one bank file)" if path.is_dir() else ""
        fail(f"{not_regular(path)}{hint}", 2, where=path)
    # Textual is imported only here: other commands must not pay for it.
    from backhip_learn.tui.app import StudyApp
    from backhip_learn.tui.screens.preview import PreviewScreen

    backend = PreviewBackend(path)
    kind = file_kind(backend.library, path)
    if kind is not None:
        article = "an" if kind[0] in "aeiou" else "a"
        fail(f"this is {article} {kind} file; preview takes a bank file (a file with `items:`)", 2, where=path)
    if not backend.items and backend.library.errors:
        for problem in backend.library.problems:
            click.echo(str(problem), err=True)
        fail("no items could be loaded; fix the errors above and try again.", where=path)
    if not backend.items:
        fail("no items to preview (a bank with an empty `items` list, or not a bank)", where=path)
    if item_id is not None and not backend.jump(item_id):
        fail(f"no item with id '{item_id}'", 2, where=path)
    run_app(StudyApp(lambda: PreviewScreen(backend)))  # needs a terminal; a failure inside the app exits non-zero
