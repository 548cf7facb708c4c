"""`backhip-learn stats [--json] [--data-dir D] [--bank PATH]`: study statistics (keys in docs/engine.md)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import click

from backhip_learn.commands.common import chosen_banks, chosen_data_dir
from backhip_learn.commands.options import bank_option, course_option, data_dir_option, fail
from backhip_learn.content.sources import load_content
from backhip_learn.paths import database_path
from backhip_learn.store import NoStore, OlderStore, Store, StoreError
from backhip_learn.study.stats import compute_stats, format_stats


@click.command(name="stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (every key is documented in docs/engine.md).")
@data_dir_option()
@bank_option()
@course_option()
@click.pass_context
def command(ctx: click.Context, as_json: bool, data_dir: str | None, banks: tuple[Path, ...]) -> None:
    """Show study statistics: reviews, due cards, retention, mastery, misconceptions, forecast, exams."""
    data_dir = chosen_data_dir(ctx, data_dir)
    lib = load_content(chosen_banks(ctx, banks))
    if lib.errors:
        for problem in lib.errors:
            click.echo(str(problem), err=True)
        fail(f"{len(lib.errors)} error(s) in the content; run `backhip-learn validate` for details.")

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
        fail(str(exc))
    if store is not None and store.note:  # read as a snapshot: the learner should know
        click.echo(f"note: {store.note}", err=True)
    try:
        stats = compute_stats(store, lib, datetime.now(timezone.utc))
    except StoreError as exc:  # a damaged page only shows when a query reaches it
        fail(str(exc))
    finally:
        if store is not None:
            store.close()
    stats["database"] = str(path)
    click.echo(json.dumps(stats, indent=2) if as_json else format_stats(stats))


def _open_migrating(path: Path) -> Store:
    """Open an older database the ordinary way (which upgrades it); exit 1 naming the file if that fails."""
    try:
        return Store.open(path, create=False)
    except StoreError as exc:
        fail(str(exc))
