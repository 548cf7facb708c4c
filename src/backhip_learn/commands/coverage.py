"""`backhip-learn coverage [--json]`: items per article section by type, per objective by level."""

from __future__ import annotations

from pathlib import Path

import click

from backhip_learn.commands.common import chosen_banks, exit_on_content_errors
from backhip_learn.commands.options import bank_option, course_option
from backhip_learn.content.coverage import Coverage, coverage
from backhip_learn.content.model import ITEM_TYPES, LEVELS
from backhip_learn.content.outline import MAX_PER_OBJECTIVE, MIN_PER_OBJECTIVE
from backhip_learn.content.safetext import dumps
from backhip_learn.content.sources import load_content

SHORT = {"basic": "basic", "mcq": "mcq", "multi": "multi", "true_false": "t/f", "cloze": "cloze",
         "short": "short", "matching": "match", "ordering": "order"}


@click.command(name="coverage")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@bank_option(exists=True, help_text="Use these banks (file or folder) instead of the bundled ones.")
@course_option()
@click.pass_context
def command(ctx: click.Context, as_json: bool, banks: tuple[Path, ...]) -> None:
    """Items per article section (in article order) by type, and per learning objective by level; gaps are flagged."""
    lib = load_content(chosen_banks(ctx, banks))
    cov = coverage(lib)
    if as_json:
        click.echo(dumps(cov.to_dict()))
    else:
        width = max(len(r.id) for r in cov.rows) + 2
        cols = "".join(f"{SHORT[t]:>6}" for t in ITEM_TYPES)
        click.echo(f"{'section':<{width}}{cols}{'total':>7}")
        for r in cov.rows:
            counts = "".join(f"{r.counts[t] or '.':>6}" for t in ITEM_TYPES)
            flag = "  <- no items" if r.total == 0 else ""
            click.echo(f"{r.id:<{width}}{counts}{r.total:>7}{flag}")
        if sum(cov.unassigned.values()):
            counts = "".join(f"{cov.unassigned[t] or '.':>6}" for t in ITEM_TYPES)
            click.echo(f"{'(no section)':<{width}}{counts}{sum(cov.unassigned.values()):>7}")
        totals = cov.totals()
        counts = "".join(f"{totals[t]:>6}" for t in ITEM_TYPES)
        click.echo(f"{'total':<{width}}{counts}{sum(totals.values()):>7}")
        click.echo(f"{len(cov.empty)} of {len(cov.rows)} sections have no items.")
        click.echo()
        _objectives(cov)
    exit_on_content_errors(lib)


def _objectives(cov: Coverage) -> None:
    """The objectives table (items by level) and the level totals."""
    if cov.objectives:
        width = max(len(o.id) for o in cov.objectives) + 2
        click.echo(f"{'objective':<{width}}" + "".join(f"{lv[:8]:>9}" for lv in LEVELS) + f"{'none':>6}{'total':>7}")
        for o in cov.objectives:
            flag = {"few": f"  <- fewer than {MIN_PER_OBJECTIVE} items",
                    "many": f"  <- more than {MAX_PER_OBJECTIVE} items"}
            counts = "".join(f"{o.levels[lv] or '.':>9}" for lv in LEVELS) + f"{o.levels['none'] or '.':>6}"
            click.echo(f"{o.id:<{width}}{counts}{o.total:>7}{flag.get(o.flag, '')}")
        off = sum(1 for o in cov.objectives if o.flag)
        click.echo(f"{off} of {len(cov.objectives)} objectives have fewer than {MIN_PER_OBJECTIVE} or more than "
                   f"{MAX_PER_OBJECTIVE} items; {cov.no_objective} items name no objective of the course.")
    else:
        click.echo("The course file defines no learning objectives.")
    total = sum(cov.levels.values())
    levels = ", ".join(f"{lv} {cov.levels[lv]}" for lv in LEVELS)
    click.echo(f"Levels: {levels}, none {cov.levels['none']}; apply or analyse: "
               f"{round(100 * cov.higher_share)}% of {total} items.")
