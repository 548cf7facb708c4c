"""Bare `backhip-learn`: the home screen of the study app."""

from __future__ import annotations

from collections.abc import Sequence


def run_home(*, data_dir: str | None = None, banks: Sequence[str] = ()) -> None:
    """Load content and progress (exiting with a message on errors), then open the home screen."""
    from backhip_learn.commands.study import load_library_or_exit, open_store_or_exit, run_app
    from backhip_learn.tui.startup import pause_gc, resume_gc

    if data_dir is not None:
        from backhip_learn.paths import data_dir as check_data_dir

        check_data_dir(data_dir)  # `--data-dir ''` is a usage error (exit 2), before any content is read
    pause_gc()  # startup builds only long-lived objects: no collections until the first screen is painted
    try:
        library = load_library_or_exit(tuple(banks))
        store = open_store_or_exit(data_dir, library.outline.course_id)
        # Textual is imported only here: other commands must not pay for it.
        from backhip_learn.tui.app import StudyApp
        from backhip_learn.tui.context import StudyContext
        from backhip_learn.tui.screens.home import HomeScreen

        context = StudyContext(library, store)
        try:
            run_app(StudyApp(lambda: HomeScreen(context), context=context))
        finally:
            store.close()
    finally:
        resume_gc()
