"""`backhip-learn list [--json]`: banks, decks and exams with item counts."""

from __future__ import annotations

from pathlib import Path

import click

from backhip_learn.commands.common import chosen_banks, exit_on_content_errors
from backhip_learn.commands.options import bank_option, course_option
from backhip_learn.content.coverage import inventory
from backhip_learn.content.outline import MAX_PER_OBJECTIVE, MIN_PER_OBJECTIVE
from backhip_learn.content.safetext import dumps
from backhip_learn.content.sources import load_content


@click.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@bank_option(exists=True, help_text="Use these banks (file or folder) instead of the bundled ones.")
@course_option()
@click.pass_context
def command(ctx: click.Context, as_json: bool, banks: tuple[Path, ...]) -> None:
    """List banks (title, items), the deck tree (items per deck), exams (size, time, pass mark) and objectives."""
    lib = load_content(chosen_banks(ctx, banks))
    inv = inventory(lib)
    if as_json:
        click.echo(dumps(inv))
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
        objectives = inv["objectives"]
        if objectives:
            counts = [int(o["items"]) for o in objectives]  # type: ignore[call-overload]
            within = sum(MIN_PER_OBJECTIVE <= n <= MAX_PER_OBJECTIVE for n in counts)
            click.echo(f"Objectives: {len(objectives)}, {sum(counts)} items name one; "
                       f"{within} have {MIN_PER_OBJECTIVE}-{MAX_PER_OBJECTIVE} items, {len(counts) - within} do not "
                       f"(see `backhip-learn coverage`)")
    exit_on_content_errors(lib)
