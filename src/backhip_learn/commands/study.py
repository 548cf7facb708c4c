"""`backhip-learn study`: straight into a review session in the terminal app.

Everything that can fail (content errors, an unknown deck, an unusable database) is checked here,
before Textual starts, so the learner gets a plain message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from backhip_learn.commands.common import (
    chosen_banks,
    chosen_data_dir,
    load_library_or_exit,
    open_store_or_exit,
    run_app,
)
from backhip_learn.commands.options import bank_option, course_option, data_dir_option, fail
from backhip_learn.content.library import Library
from backhip_learn.content.outline import load_outline
from backhip_learn.content.select import find_deck, walk_decks
from backhip_learn.store import Store, StoreError
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.engine_backend import StoreBackend
from backhip_learn.tui.startup import pause_gc, resume_gc


@click.command(name="study")
@click.option("--deck", default=None, help="Deck id, name or Root::Child path.")
@click.option("--tag", "tags", multiple=True, help="Only items with this tag (repeatable).")
@click.option("--section", "sections", multiple=True,
              help="Only items from this section or part of the course (repeatable).")
@click.option("--cram", is_flag=True, help="Every card of the deck/section/tag now, due or not, no daily limits.")
@data_dir_option()
@bank_option()
@course_option()
@click.pass_context
def command(ctx: click.Context, deck: str | None, tags: tuple[str, ...], sections: tuple[str, ...], cram: bool,
            data_dir: str | None, banks: tuple[Path, ...]) -> None:
    """Study today's cards: Enter checks an answer, Enter again accepts the suggested grade."""
    pause_gc()  # startup builds only long-lived objects: no collections until the first card is painted
    try:
        _study(ctx, deck, tags, sections, cram, data_dir, banks)
    finally:
        resume_gc()


def _study(ctx: click.Context, deck: str | None, tags: tuple[str, ...], sections: tuple[str, ...], cram: bool,
           data_dir: str | None, banks: tuple[Path, ...]) -> None:
    data_dir = chosen_data_dir(ctx, data_dir)  # `--data-dir ''` is refused (exit 2) before any content is read
    library = load_library_or_exit(chosen_banks(ctx, banks))
    if deck is not None and find_deck(library, deck) is None:
        names = ", ".join(n.path for n in walk_decks(library)) or "none"
        fail(f"no deck named '{deck}' (decks: {names})", 2)
    for section in sections:
        if not library.outline.matching(section):
            fail(f"no section or part '{section}' in the course (see `backhip-learn coverage`)", 2)
    store = open_store_or_exit(data_dir, library.outline.course_id)
    run_study(library, store, deck=deck, sections=sections, tags=tags, cram=cram)


def session_label(deck: str | None, sections: Sequence[str] = (), tags: Sequence[str] = (), *,
                  cram: bool = False) -> str:
    """What a session studies: ``Anatomy``, ``Red flags · #exam``, ``Section 4.2 Disc herniation``, ``All cards``."""
    parts = [deck] if deck else []
    if sections:
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
    # Textual is imported only here: the checks above report their failures without paying for it.
    from backhip_learn.tui.app import StudyApp
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
