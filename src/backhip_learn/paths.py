"""Where things live: the course in use (a folder, or the bundled one) and the learner's data directory.

A course is a folder holding a course file (``course.yaml``) beside its banks, misconceptions,
glossary, decks and exams. The course a command uses is, in order: ``--course DIR``, the
``BACKHIP_LEARN_COURSE`` environment variable, the current folder when it holds a ``course.yaml``,
else the bundled course (``quizzes/`` and ``decks/``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from backhip_learn.record import Record, record

APP_NAME = "backhip-learn"
_PKG = Path(__file__).resolve().parent
COURSE_FILE = "course.yaml"
COURSE_ENV = "BACKHIP_LEARN_COURSE"
# Where ``--course`` is kept for the run: the root click context's ``meta`` (never a module global,
# so one process running many commands, as the tests do, never carries a course over).
COURSE_META = "backhip_learn.course"
# The bundled course's progress file name (older installs have progress there: keep it).
BUNDLED_DATABASE = "progress.sqlite3"
# The bundled course's id (its progress keeps BUNDLED_DATABASE; Anki names stay the first edition's).
BUNDLED_COURSE_ID = "backhip"


class CourseError(ValueError):
    """A course folder that cannot be used (missing, or no course file in it)."""


@record
class CourseLocation(Record):
    """The course a command uses: its folder (None for the bundled course) and what chose it."""

    folder: Path | None
    chosen_by: str  # "--course", the environment variable's name, "the current folder", or "default"

    @property
    def bundled(self) -> bool:
        """Whether this is the bundled course."""
        return self.folder is None

    def describe(self) -> str:
        """``the course in ./ankle (--course)`` or ``the bundled course``, for messages."""
        if self.folder is None:
            return "the bundled course"
        shown = _shown(self.folder)
        if shown == ".":
            return "the course in the current folder"
        return f"the course in {shown} ({self.chosen_by})"



def _shown(folder: Path) -> str:
    """A folder relative to the working directory when inside it (``.`` for the working directory itself)."""
    try:
        rel = folder.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        return str(folder)
    return str(rel)


def check_course_folder(folder: str | os.PathLike[str]) -> Path:
    """The folder if it holds a course file; CourseError saying what is wrong otherwise."""
    path = Path(folder).expanduser()
    if path.is_file() and path.name == COURSE_FILE:
        path = path.parent
    if not path.is_dir():
        raise CourseError(f"{path}: no such folder")
    if not (path / COURSE_FILE).is_file():
        raise CourseError(f"{path}: not a course folder (no {COURSE_FILE} in it; `backhip-learn new DIR` makes one)")
    return path


def _is_bundled(folder: Path) -> bool:
    """Whether a folder is the bundled course's own quizzes/ folder (its decks live beside it, in decks/)."""
    try:
        return folder.resolve() == quizzes_dir().resolve()
    except OSError:
        return False


def course_location() -> CourseLocation:
    """The course the running command uses (see the module docstring for the order)."""
    chosen: tuple[str, str] | None = None
    click = sys.modules.get("click")  # only a command line run sets --course; never import click for it
    ctx = click.get_current_context(silent=True) if click is not None else None
    if ctx is not None and ctx.find_root().meta.get(COURSE_META):
        chosen = (ctx.find_root().meta[COURSE_META], "--course")
    elif os.environ.get(COURSE_ENV, "").strip():
        chosen = (os.environ[COURSE_ENV], COURSE_ENV)
    if chosen is not None:
        folder = check_course_folder(chosen[0])
        return CourseLocation(None if _is_bundled(folder) else folder, chosen[1])
    here = Path.cwd()
    if (here / COURSE_FILE).is_file() and not _is_bundled(here):
        return CourseLocation(here, "the current folder")
    return CourseLocation(None, "default")


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
    """What commands read when no ``--bank`` is given: the course folder in use, or the bundled content."""
    folder = course_location().folder
    return [folder] if folder is not None else [quizzes_dir(), decks_dir()]


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


def database_path(override: str | os.PathLike[str] | None = None, course_id: str | None = None) -> Path:
    """The progress database of a course inside the data directory (one file per course id).

    The bundled course (and a caller that names no course) keeps ``progress.sqlite3``.
    """
    if course_id is None or course_id == BUNDLED_COURSE_ID:
        return data_dir(override) / BUNDLED_DATABASE
    return data_dir(override) / f"progress-{course_id}.sqlite3"


def file_stamp(path: Path) -> tuple[object, ...]:
    """The identity of a file's current version: path, size, mtime, ctime and inode (a cache key)."""
    st = path.stat()
    return (str(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
