"""`backhip-learn stats [--json] [--data-dir D] [--bank PATH]`: study statistics (keys in docs/engine.md)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from backhip_learn.store import Store


@click.command(name="stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (every key is documented in docs/engine.md).")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None, help="Where progress is kept.")
@click.option("--bank", "banks", multiple=True, type=click.Path(), help="Use these banks (file or folder).")
@click.pass_context
def command(ctx: click.Context, as_json: bool, data_dir: str | None, banks: tuple[str, ...]) -> None:
    """Show study statistics: reviews, due cards, retention, mastery, misconceptions, forecast, exams."""
    from backhip_learn.content.sources import load_content
    from backhip_learn.paths import database_path
    from backhip_learn.store import NoStore, OlderStore, Store, StoreError
    from backhip_learn.study.stats import compute_stats, format_stats

    root = ctx.find_root().params
    data_dir = data_dir if data_dir is not None else root.get("data_dir")
    banks = (*banks, *(root.get("banks") or ()))  # both, as validate: the command's --bank adds to the group's

    from backhip_learn.commands.validate import unique_files

    lib = load_content(unique_files([Path(b) for b in banks]))
    if lib.errors:
        for problem in lib.errors:
            click.echo(str(problem), err=True)
        raise SystemExit(1)

    path = database_path(data_dir, lib.outline.course_id)
    store = None
    try:
        # Read-only: statistics never write (an empty file stays empty, a read-only folder works).
        store = Store.open(path, read_only=True)
    except NoStore:
        pass  # no progress yet: zeros, and nothing is created
    except OlderStore:
        store = _open_migrating(path)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    if store is not None and store.note:  # read as a snapshot: the learner should know
        click.echo(f"note: {store.note}", err=True)
    try:
        stats = compute_stats(store, lib, datetime.now(timezone.utc))
    except StoreError as exc:  # a damaged page only shows when a query reaches it
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    finally:
        if store is not None:
            store.close()
    stats["database"] = str(path)
    click.echo(json.dumps(stats, indent=2) if as_json else format_stats(stats))


def _open_migrating(path: Path) -> Store:
    """Open an older database the ordinary way (which upgrades it); exit 1 naming the file if that fails."""
    from backhip_learn.store import Store, StoreError

    try:
        return Store.open(path, create=False)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
