"""`backhip-learn study`: straight into a review session in the terminal app.

Everything that can fail (content errors, an unknown deck, an unusable database) is checked here,
before Textual starts, so the learner gets a plain message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from backhip_learn.content.load import Library
    from backhip_learn.store import Store
    from backhip_learn.tui.app import StudyApp


def fail(message: str, code: int = 1) -> NoReturn:
    """Print an error and exit without a traceback."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def load_library_or_exit(banks: Sequence[str]) -> Library:
    """The bundled content (or ``--bank`` paths); every error printed as file:line:col, exit 1."""
    from pathlib import Path

    from backhip_learn.commands.validate import unique_files
    from backhip_learn.content.sources import load_content

    # Each file once (a file given twice, or a folder and a file in it), as `validate` reads them.
    files = unique_files([Path(b) for b in banks])
    library = load_content(files, cache=True)  # a warm start skips parsing and validating the YAML
    if library.errors:
        for problem in library.errors:
            click.echo(str(problem), err=True)
        fail(f"{len(library.errors)} error(s) in the content; run `backhip-learn validate` for details.")
    if not library.items:
        from backhip_learn.paths import course_location

        fail("no items found in " + (", ".join(banks) if banks else course_location().describe()))
    return library


def open_store_or_exit(data_dir: str | None, course_id: str | None = None) -> Store:
    """Open (or create) the course's progress database, or exit with a message naming the file."""
    from backhip_learn.paths import database_path
    from backhip_learn.store import Store, StoreError

    try:
        return Store.open(database_path(data_dir, course_id))
    except StoreError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{database_path(data_dir, course_id)}: cannot open the progress database: {exc.strerror or exc}")


def require_terminal() -> None:
    """Exit 2 unless standard input is a terminal: without one the app would wait for keys forever."""
    stdin = sys.stdin
    if stdin is None or not stdin.isatty():
        fail("the study app needs a terminal: standard input is not one (a pipe, a file or /dev/null)", 2)


def run_app(app: StudyApp) -> None:
    """Run the app (in a terminal only); a progress-database error met inside it is printed after it closes, exit 1.

    Any other failure inside the app (Textual prints its traceback) exits with the app's return code.
    """
    require_terminal()
    app.run()
    if app.store_error is not None:
        fail(app.store_error)
    if app.return_code:
        sys.exit(app.return_code)


def root_options(ctx: click.Context, data_dir: str | None, banks: Sequence[str]) -> tuple[str | None, tuple[str, ...]]:
    """``--data-dir`` of the command, else of the group; ``--bank`` of both (the command's first), as `validate`."""
    from backhip_learn.paths import data_dir as check_data_dir

    root = ctx.find_root().params
    chosen = data_dir if data_dir is not None else root.get("data_dir")
    if chosen is not None:
        check_data_dir(chosen)  # `--data-dir ''` is refused here (exit 2), before any content is read
    return chosen, (*banks, *(root.get("banks") or ()))


@click.command(name="study")
@click.option("--deck", default=None, help="Deck id, name or Root::Child path.")
@click.option("--tag", "tags", multiple=True, help="Only items with this tag (repeatable).")
@click.option("--section", "sections", multiple=True, help="Only items from this section or part of the course (repeatable).")
@click.option("--cram", is_flag=True, help="Every card of the deck/section/tag now, due or not, no daily limits.")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None, help="Where progress is kept.")
@click.option("--bank", "banks", multiple=True, type=click.Path(), help="Use these banks (file or folder).")
@click.pass_context
def command(ctx: click.Context, deck: str | None, tags: tuple[str, ...], sections: tuple[str, ...], cram: bool,
            data_dir: str | None, banks: tuple[str, ...]) -> None:
    """Study today's cards: Enter checks an answer, Enter again accepts the suggested grade."""
    from backhip_learn.tui.startup import pause_gc, resume_gc

    pause_gc()  # startup builds only long-lived objects: no collections until the first card is painted
    try:
        _study(ctx, deck, tags, sections, cram, data_dir, banks)
    finally:
        resume_gc()


def _study(ctx: click.Context, deck: str | None, tags: tuple[str, ...], sections: tuple[str, ...], cram: bool,
           data_dir: str | None, banks: tuple[str, ...]) -> None:
    from backhip_learn.content.select import find_deck, walk_decks

    data_dir, banks = root_options(ctx, data_dir, banks)
    library = load_library_or_exit(banks)
    if deck is not None and find_deck(library, deck) is None:
        names = ", ".join(n.path for n in walk_decks(library)) or "none"
        fail(f"no deck named '{deck}' (decks: {names})", 2)
    for section in sections:  # the outline is read only when needed: it costs startup time
        if not library.outline.matching(section):
            fail(f"no section or part '{section}' in the course (see `backhip-learn coverage`)", 2)
    store = open_store_or_exit(data_dir, library.outline.course_id)
    run_study(library, store, deck=deck, sections=sections, tags=tags, cram=cram)


def session_label(deck: str | None, sections: Sequence[str] = (), tags: Sequence[str] = (), *,
                  cram: bool = False) -> str:
    """What a session studies: ``Anatomy``, ``Red flags · #exam``, ``Section 4.2 Disc herniation``, ``All cards``."""
    parts = [deck] if deck else []
    if sections:
        from backhip_learn.content.outline import load_outline

        outline = load_outline()
        for section in sections:
            found = outline.get(section)
            name = found.heading if found else outline.part_name(section)
            parts.append(name if name and name != section else f"section {section}")
    parts += [f"#{tag}" for tag in tags]
    label = " · ".join(parts) or "All cards"
    return f"Cram: {label}" if cram else label


def run_study(library: Library, store: Store, *, deck: str | None = None, sections: Sequence[str] = (),
              tags: Sequence[str] = (), cram: bool = False) -> None:
    """Run the app on a review session (after every check has passed)."""
    # Textual is imported only here: `validate` and `stats` must not pay for it.
    from backhip_learn.store import StoreError
    from backhip_learn.tui.app import StudyApp
    from backhip_learn.tui.context import StudyContext
    from backhip_learn.tui.engine_backend import StoreBackend
    from backhip_learn.tui.screens.review import ReviewScreen

    context = StudyContext(library, store, sections=tuple(sections), tags=tuple(tags), cram=cram)
    try:
        try:  # the queue reads every card: a damaged page past the first is met here, not at open
            queue = context.queue(deck)
            if queue.counts().total == 0 and not queue.items:
                fail("no items match --deck/--section/--tag", 2)
            title = session_label(queue.deck.deck.name if queue.deck else None, sections, tags, cram=cram)
            backend = StoreBackend(queue, title=title, clock=context.clock)
            if queue.next(context.clock()) is None:
                limit = queue.limit_reached()
                if limit:
                    click.echo(f"{limit}: open `backhip-learn` and press m on the deck to study more, "
                               "or run with --cram.")
                elif queue.siblings_buried and not queue.learning:
                    click.echo(f"Nothing to study right now in {title}: {queue.siblings_buried} card(s) wait until "
                               "tomorrow (each shares an objective with a card studied today); --cram takes them now.")
                elif queue.learning:
                    click.echo(f"Nothing to study right now in {title}; the next learning card is due "
                               f"{backend.next_due_text()}.")
                else:
                    click.echo(f"Nothing to study right now in {title}; next card due {backend.next_due_text()}.")
                return
        except StoreError as exc:
            fail(str(exc))
        run_app(StudyApp(lambda: ReviewScreen(backend, library.misconceptions), context=context))
    finally:
        store.close()
