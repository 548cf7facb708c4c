"""Where things live: the bundled content and the learner's data directory."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "backhip-learn"
_PKG = Path(__file__).resolve().parent


def content_root() -> Path:
    """The folder holding the bundled ``quizzes/`` and ``decks/``.

    In a wheel they are copied into the package (``_content``); in a source checkout
    (editable install, tests) they are the repository's own top-level folders.
    """
    bundled = _PKG / "_content"
    if (bundled / "quizzes").is_dir():
        return bundled
    return _PKG.parent.parent


def quizzes_dir() -> Path:
    """The bundled question banks and exams."""
    return content_root() / "quizzes"


def decks_dir() -> Path:
    """The bundled deck manifests."""
    return content_root() / "decks"


def default_content_paths() -> list[Path]:
    """What commands read when no ``--bank`` is given."""
    return [quizzes_dir(), decks_dir()]


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The learner's data directory (``--data-dir``, ``$BACKHIP_LEARN_DATA``, or the platform's).

    An empty ``--data-dir ''`` is a usage error (click's exit 2), not a silent fall-back to the default folder.
    """
    if isinstance(override, str) and not override.strip():
        # Imported here: click is only needed when refusing a command-line value.
        import click

        raise click.BadParameter("must not be empty (leave the option out for the default folder)",
                                 param_hint="'--data-dir'")
    if override:
        return Path(override).expanduser()
    env = os.environ.get("BACKHIP_LEARN_DATA")
    if env:
        return Path(env).expanduser()
    # Imported here: platformdirs is only needed by commands that touch progress.
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def database_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The progress database inside the data directory."""
    return data_dir(override) / "progress.sqlite3"
