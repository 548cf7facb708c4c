"""`backhip-learn cards`: list and search cards by state, see a card's history, unsuspend, unflag, unbury, reset.

``cards [--search Q] [--suspended] [--flagged] [--buried] [--leech] [--due] [--new] [--json]`` lists;
``cards history ID``, ``cards unsuspend ID...``, ``cards unflag ID...``, ``cards unbury ID...`` and
``cards reset ID...`` act on cards. The same search as the app's card browser (study/browse.py).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timezone

import click

from backhip_learn.commands.common import chosen_banks, chosen_data_dir, load_library_or_exit, open_store_or_exit
from backhip_learn.commands.options import course_option, data_dir_option, fail
from backhip_learn.content.library import Library
from backhip_learn.store import Store
from backhip_learn.study.browse import RATING_NAMES, BadQuery, history, search, state_text

STATE_FLAGS = ("suspended", "flagged", "buried", "leech", "due", "new")


def _open(ctx: click.Context) -> tuple[Library, Store]:
    group = ctx if ctx.command.name == "cards" else ctx.parent
    data_dir = chosen_data_dir(ctx, group.params.get("data_dir") if group is not None else None)
    library = load_library_or_exit(chosen_banks(ctx))
    return library, open_store_or_exit(data_dir, library.outline.course_id)  # the course's own progress


def _known(library: Library, ids: Sequence[str]) -> None:
    unknown = [i for i in ids if i not in library.item_index]
    if unknown:
        names = ", ".join(repr(i) for i in unknown)
        fail(f"no item with id {names} (`backhip-learn cards --search WORD` finds ids)", 2)


@click.group(name="cards", invoke_without_command=True)
@click.option("--search", "query", default="", help="Words, id:, tag:, section:, objective:, type:, is:STATE.")
@click.option("--suspended", is_flag=True, help="Only suspended cards.")
@click.option("--flagged", is_flag=True, help="Only flagged cards.")
@click.option("--buried", is_flag=True, help="Only cards buried now.")
@click.option("--leech", is_flag=True, help="Only leeches (forgotten 8 times or more).")
@click.option("--due", is_flag=True, help="Only cards due now.")
@click.option("--new", "new", is_flag=True, help="Only cards never studied.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@data_dir_option()
@course_option()
@click.pass_context
def command(ctx: click.Context, query: str, suspended: bool, flagged: bool, buried: bool, leech: bool, due: bool,
            new: bool, as_json: bool, data_dir: str | None) -> None:
    """List cards (all, or by search and state); subcommands act on cards by id."""
    if ctx.invoked_subcommand is not None:
        return
    flags = dict(zip(STATE_FLAGS, (suspended, flagged, buried, leech, due, new)))
    library, store = _open(ctx)
    try:
        cards = search(library, store, query, datetime.now(timezone.utc), states=[s for s, on in flags.items() if on])
    except BadQuery as exc:
        fail(str(exc), 2)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps([c.to_dict() for c in cards], indent=2))
        return
    for c in cards:
        due_at = c.due.astimezone().strftime("%Y-%m-%d %H:%M") if c.due else ""
        prompt = " ".join(c.item.prompt.split())
        click.echo(f"{c.item.id:<28} {state_text(c.states):<22} {due_at:<16} {prompt[:60]}")
    click.echo(f"{len(cards)} card{'s' if len(cards) != 1 else ''}")


@command.command(name="history")
@click.argument("item_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@course_option()
@click.pass_context
def history_command(ctx: click.Context, item_id: str, as_json: bool) -> None:
    """Every review of a card: date, rating, interval, answer given."""
    library, store = _open(ctx)
    try:
        _known(library, [item_id])
        rows = history(store, library.item_index[item_id])
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in rows], indent=2))
        return
    for r in rows:
        when = r.reviewed_at.astimezone().strftime("%Y-%m-%d %H:%M")
        click.echo(f"{when}  {RATING_NAMES.get(r.rating, r.rating):<6} {r.interval:<6} {r.answer}")
    click.echo(f"{len(rows)} review{'s' if len(rows) != 1 else ''}")


def _act(ctx: click.Context, ids: Sequence[str], what: str) -> None:
    library, store = _open(ctx)
    try:
        _known(library, ids)
        for item_id in ids:
            if what == "unsuspend":
                store.suspend(item_id, False)
            elif what == "unflag":
                store.flag(item_id, 0)
            elif what == "unbury":
                store.unbury(item_id)
            else:
                store.forget(item_id)
    finally:
        store.close()
    done = {"unsuspend": "unsuspended", "unflag": "unflagged", "unbury": "unburied", "reset": "reset to new"}[what]
    click.echo(f"{len(ids)} card{'s' if len(ids) != 1 else ''} {done}: {', '.join(ids)}")


ACTIONS = {
    "unsuspend": "Unsuspend cards: back in the queue from the next session.",
    "unflag": "Remove cards' flags.",
    "unbury": "Release buried cards today.",
    "reset": "Reset cards to new (Anki's Forget); their history stays.",
}


def _action_command(what: str, help_: str) -> click.Command:
    """One ``cards ACTION ID...`` subcommand."""

    @click.argument("ids", nargs=-1, required=True)
    @course_option()
    @click.pass_context
    def run(ctx: click.Context, ids: tuple[str, ...]) -> None:
        _act(ctx, ids, what)

    return click.command(name=what, help=help_)(run)


for _what, _help in ACTIONS.items():
    command.add_command(_action_command(_what, _help))
