"""`backhip-learn list [--json]`: banks, decks and exams with item counts."""

from __future__ import annotations

import json
from pathlib import Path

import click

from backhip_learn.commands.validate import exit_on_content_errors, gather_banks
from backhip_learn.content.coverage import inventory
from backhip_learn.content.load import load_content


@click.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option("--bank", "banks", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Use these banks (file or folder) instead of the bundled ones.")
@click.pass_context
def command(ctx: click.Context, as_json: bool, banks: tuple[Path, ...]) -> None:
    """List banks (title, items), the deck tree (items per deck) and exams (size, time, pass mark)."""
    lib = load_content(gather_banks(ctx, banks))
    inv = inventory(lib)
    if as_json:
        click.echo(json.dumps(inv, indent=2, ensure_ascii=False))
    else:
        click.echo("Banks:")
        for b in inv["banks"]:
            click.echo(f"  {b['id']:<28} {b['items']:>5} items  {b['title']}")
        if not inv["banks"]:
            click.echo("  (none)")
        click.echo("Decks:")
        for d in inv["decks"]:
            indent = "  " * int(d["depth"])  # type: ignore[call-overload]
            click.echo(f"  {indent}{d['name']} ({d['id']}): {d['items']} items")
        if not inv["decks"]:
            click.echo("  (none)")
        click.echo("Exams:")
        for e in inv["exams"]:
            limit = f"{e['time_limit_minutes']} min" if e["time_limit_minutes"] else "no time limit"
            click.echo(f"  {e['id']:<28} {e['draw']:>5} items  {limit}, pass {e['pass_mark']}%  {e['title']}")
        if not inv["exams"]:
            click.echo("  (none)")
    exit_on_content_errors(lib)
