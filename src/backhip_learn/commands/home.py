"""Bare `backhip-learn`: the home screen of the study app."""

from __future__ import annotations

import click

from backhip_learn.commands.common import (
    chosen_banks,
    chosen_data_dir,
    load_library_or_exit,
    open_store_or_exit,
    run_app,
)
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.startup import pause_gc, resume_gc


def run_home(ctx: click.Context) -> None:
    """Load content and progress (exiting with a message on errors), then open the home screen."""
    data_dir = chosen_data_dir(ctx, None)  # `--data-dir ''` is a usage error (exit 2), before any content is read
    pause_gc()  # startup builds only long-lived objects: no collections until the first screen is painted
    try:
        library = load_library_or_exit(chosen_banks(ctx, ctx.params.get("banks") or ()))
        store = open_store_or_exit(data_dir, library.outline.course_id)
        # Textual is imported only here: other commands must not pay for it.
        from backhip_learn.tui.app import StudyApp
        from backhip_learn.tui.screens.home import HomeScreen

        context = StudyContext(library, store)
        try:
            run_app(StudyApp(lambda: HomeScreen(context), context=context))
        finally:
            store.close()
    finally:
        resume_gc()
