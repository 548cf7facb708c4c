"""`backhip-learn schema [--kind ...]`: print the JSON Schema of a content file."""

from __future__ import annotations

import json

import click

from backhip_learn.content.schema import KINDS, json_schema


@click.command(name="schema")
@click.option("--kind", type=click.Choice(list(KINDS)), default="bank", show_default=True,
              help="Which file kind; 'all' accepts any of them.")
def command(kind: str) -> None:
    """Print the JSON Schema of a content file (e.g. `backhip-learn schema > bank.schema.json`)."""
    click.echo(json.dumps(json_schema(kind), indent=2, ensure_ascii=False))
