"""`backhip-learn export anki`: write the content as an Anki package (.apkg)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from backhip_learn.commands.common import chosen_banks
from backhip_learn.commands.options import bank_option, course_option, fail
from backhip_learn.content.library import Library
from backhip_learn.content.model import ITEM_TYPES
from backhip_learn.content.outline import BUNDLED_COURSE_ID
from backhip_learn.content.select import find_deck
from backhip_learn.content.sources import load_content
from backhip_learn.export.release import ReleaseError, default_state_path, load_state, save_state
from backhip_learn.paths import course_location, default_content_paths

if TYPE_CHECKING:
    from backhip_learn.export.anki import AnkiExport

DEFAULT_OUTPUT = "backhip-learn.apkg"


@click.group(name="export")
@course_option()
def command() -> None:
    """Export the content for other tools."""


def _check_output(path: Path) -> str | None:
    """Why ``path`` cannot be written, or None: checked before any work is done."""
    # A device, FIFO or socket would be replaced by the package (write_package renames over it).
    if path.exists() and not path.is_file():
        return "not a regular file"
    parent = path.parent if str(path.parent) else Path(".")
    if parent.exists() and not parent.is_dir():
        return f"{parent} is a file, not a folder"
    if not parent.is_dir():
        return f"folder {parent} does not exist"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"folder {parent} is not writable"
    if path.exists() and not os.access(path, os.W_OK):
        return f"{path} is not writable"
    return None


def output_path(given: str | None, default: str) -> Path:
    """Where to write: ``given``, or ``default`` inside it when it names a folder (``out/``, an existing folder).

    ``-`` (standard output) is refused: a package is binary and would land on the terminal.
    """
    if given is None:
        return Path(default)
    if given == "-":
        fail("cannot write to standard output (-o -): an .apkg is binary; give a file name, e.g. -o " + default)
    if given.endswith(("/", os.sep)):
        folder = Path(given)
        if not folder.is_dir():
            fail(f"cannot write into {given}: no such folder")
        return folder / default
    path = Path(given)
    return path / default if path.is_dir() else path


@command.command("anki")
@click.option(
    "-o", "--output", default=None,
    help=f"Where to write the .apkg (default: {DEFAULT_OUTPUT}, or backhip-learn-<deck id>.apkg with --deck); "
         "a folder gets the default name inside it.",
)
@click.option(
    "--deck", "deck_name", default=None,
    help="Export only this deck (id, name or Root::Part path) and its subdecks.",
)
@bank_option(help_text="Export these banks (file or folder) instead of the course.")
@click.option(
    "--types", "types", default=None, metavar="TYPE,...",
    help=f"Export only these item types (comma-separated: {', '.join(ITEM_TYPES)}).",
)
@click.option(
    "--state", "state_path", type=click.Path(path_type=Path), default=None,
    help="The release record (default: anki-release.json in the content's decks folder).",
)
@click.option(
    "--release", is_flag=True,
    help="Also write the release record: the stamps, hashes and cloze gaps this export shipped.",
)
@course_option()
@click.pass_context
def anki(
    ctx: click.Context, output: str | None, deck_name: str | None, banks: tuple[Path, ...],
    types: str | None, state_path: Path | None, release: bool,
) -> None:
    """Write an Anki package of the course (or the given deck or banks).

    Re-importing a newer export updates the notes already in Anki (same note ids, review
    history kept); notes unchanged since the release record are left alone. Set
    SOURCE_DATE_EPOCH for a byte-identical file from the same content.
    """
    if output == "-":  # refused before any work
        output_path(output, DEFAULT_OUTPUT)
    # Imported here, not at the top: genanki (and its yaml/chevron setup) is only needed by this
    # command, and `validate`/`stats` must not pay for it.
    from backhip_learn.export.anki import ExportError, build_export, source_date_epoch, stamp_notes, write_apkg

    given = chosen_banks(ctx, banks)
    lib = load_content(given)
    for problem in lib.warnings:
        click.echo(str(problem), err=True)
    if lib.errors:
        for problem in lib.errors:
            click.echo(str(problem), err=True)
        fail(f"{len(lib.errors)} error(s) in the content; nothing was written")

    wanted = tuple(t.strip() for t in (types or "").split(",") if t.strip())
    unknown = [t for t in wanted if t not in ITEM_TYPES]
    if unknown:
        raise click.BadParameter(f"unknown item type(s) {', '.join(unknown)} (types: {', '.join(ITEM_TYPES)})",
                                 param_hint="'--types'")
    try:
        timestamp = source_date_epoch()
        export = build_export(lib, deck=deck_name, types=wanted)
        if state_path is None:
            state_path = default_state_path(given or default_content_paths())
        if release and state_path is None:
            raise ExportError("--release needs a release record: give --state FILE")
        after = stamp_notes(export, load_state(state_path), timestamp, retire=deck_name is None and not wanted)
    except (ExportError, ReleaseError) as exc:
        fail(str(exc))

    target = output_path(output, str(_default_output(lib, deck_name)))
    reason = _check_output(target)
    if reason:
        fail(f"cannot write {target}: {reason}")
    try:
        write_apkg(export, target, timestamp=timestamp)
    except OSError as exc:
        fail(f"cannot write {target}: {exc.strerror or exc}")

    if release and state_path is not None:
        try:
            save_state(after, state_path)
        except OSError as exc:
            fail(f"cannot write {state_path}: {exc.strerror or exc}")
    for item_id, why in export.skipped:
        click.echo(f"skipped {item_id}: {why}", err=True)
    click.echo(f"new or changed since the release record: {len(export.changed)} notes"
               + (f" (recorded in {state_path})" if release else ""))

    where = course_location()
    _print_summary(export, target, "" if where.bundled or banks else f"{lib.outline.title} ({where.describe()})")


def _default_output(lib: Library, deck_name: str | None) -> Path:
    """``backhip-learn.apkg`` for the bundled course, ``<course id>.apkg`` for another; ``-<deck id>`` with --deck."""
    course_id = lib.outline.course_id
    stem = DEFAULT_OUTPUT.removesuffix(".apkg") if course_id == BUNDLED_COURSE_ID else course_id
    return Path(f"{stem}-{_deck_slug(lib, deck_name)}.apkg" if deck_name else f"{stem}.apkg")


def _deck_slug(lib: Library, name: str) -> str:
    """The deck's manifest id (a slug, safe in a file name) for the default output name."""
    node = find_deck(lib, name)
    return node.deck.id if node else "deck"


def _print_summary(export: AnkiExport, output: Path, lib_title: str = "") -> None:
    """Notes and cards by type, decks with their note counts, and where the file went."""
    notes, cards = export.notes_by_type(), export.cards_by_type()
    click.echo(f"{'type':<12}{'notes':>7}{'cards':>7}")
    for t in (*ITEM_TYPES, "retired"):
        if notes.get(t):
            click.echo(f"{t:<12}{notes[t]:>7}{cards[t]:>7}")
    click.echo(f"{'total':<12}{sum(notes.values()):>7}{sum(cards.values()):>7}")
    per_deck = export.notes_by_deck()
    decks = export.decks
    click.echo(f"decks: {len(decks)}")
    for row in decks:
        click.echo(f"  {row.name}  ({per_deck.get(row.anki_id, 0)} notes, id {row.anki_id})")
    click.echo(f"wrote {output}")
    if lib_title:
        click.echo(f"course: {lib_title}")
