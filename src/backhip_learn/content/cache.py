"""A cache of validated content, so that a warm start skips YAML parsing and validation.

``load_cached(paths)`` returns what ``load_paths(paths)`` would, from a pickle in the user cache
folder when that pickle was written for exactly the same files: every content file under
``paths`` with the same path, size, mtime_ns, ctime_ns and inode, the same package version, and
the same content code (the modules and outline of this package, by size and mtime, so an
editable checkout never reads an entry written by older code). Anything else is a miss: the
files are loaded as usual and the entry is rewritten. A missing, unreadable, truncated or
corrupt cache file is a miss too, never an error, and a cache folder that cannot be written is
skipped silently.

Only libraries without errors are cached (broken content is reported fresh each time), and a
library from the cache, or one about to be cached, has no ``positions``: those YAML position
maps serve the loader's own cross-file checks, which have already run.

The pickle is the learner's own file in their own cache folder, read with the same trust as
the rest of their home directory; a file another user owns or may write is never unpickled.
One entry per distinct list of content paths, the newest ``MAX_ENTRIES`` kept.
``$BACKHIP_LEARN_CACHE_DIR`` moves the cache (``off`` disables it: the test suite's conftest sets
it, so tests never share state through the user's cache).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Sequence
from importlib.util import find_spec
from pathlib import Path

from backhip_learn import __version__
from backhip_learn.content.library import Library
from backhip_learn.content.load import folder_entries, load_paths
from backhip_learn.paths import file_stamp

CACHE_ENV = "BACKHIP_LEARN_CACHE_DIR"
FORMAT = 2  # bump when the pickled layout changes
MAX_ENTRIES = 8
_CODE_DIR = Path(__file__).resolve().parent

Stamp = tuple[object, ...]


def cache_dir() -> Path | None:
    """Where cache files go, or None when caching is off."""
    env = os.environ.get(CACHE_ENV)
    if env is not None:
        return None if env.strip().lower() in ("", "off", "0", "no", "false") else Path(env).expanduser()
    # Imported here: only the commands that start the study app use the cache.
    from platformdirs import user_cache_path

    return user_cache_path("backhip-learn", appauthor=False)


def content_stamps(paths: Sequence[Path]) -> tuple[Stamp, ...]:
    """One stamp per content file under ``paths`` (the files ``load_paths`` would read)."""
    # The loader's own folder walk, so cache and loader never disagree on which files count.
    out: list[Stamp] = []
    for p in paths:
        if p.is_dir():
            out.extend(file_stamp(f) if f.is_file() else (str(f), "not a regular file") for f in folder_entries(p))
        elif p.is_file():
            out.append(file_stamp(p))
        else:
            out.append((str(p), "missing"))
    return tuple(out)


def code_stamp() -> tuple[object, ...]:
    """The versions and content code that shaped a cached library.

    Pydantic validated it, so its install counts too, stamped without importing it (a warm start
    never imports pydantic: the cached model is plain dataclasses).
    """
    files = sorted(f for f in _CODE_DIR.iterdir() if f.suffix in (".py", ".yaml"))
    spec = find_spec("pydantic")
    validator = Path(spec.origin).with_name("version.py") if spec and spec.origin else None
    return (FORMAT, __version__, sys.version, file_stamp(validator) if validator else None,
            tuple((f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in files))


def cache_file(paths: Sequence[Path | str], folder: Path) -> Path:
    """The cache file for this list of content paths (as given, and absolute: messages quote them as given)."""
    key = "\0".join(f"{p}\0{Path(p).absolute()}" for p in paths).encode("utf-8", "surrogateescape")
    return folder / f"content-{hashlib.sha256(key).hexdigest()[:20]}.pickle"


def read_entry(file: Path, header: tuple[object, ...]) -> Library | None:
    """The library stored in ``file`` when its header equals ``header``; None on any mismatch or damage.

    A file that another user owns or may write is never unpickled (a cache folder set to a shared place).
    """
    try:
        with file.open("rb") as f:
            st = os.fstat(f.fileno())
            if st.st_uid != os.getuid() or st.st_mode & 0o022:
                return None
            if pickle.load(f) != header:
                return None
            library = pickle.load(f)
    except Exception:  # noqa: BLE001 - a damaged or foreign cache file is a miss, never an error
        return None
    return library if isinstance(library, Library) else None


def write_entry(file: Path, header: tuple[object, ...], library: Library) -> None:
    """Write atomically (another process may be reading); give up silently if the folder is unusable."""
    tmp = file.with_name(f"{file.name}.{os.getpid()}.tmp")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        # Mode 0o644 whatever the umask (a umask only removes bits): read_entry refuses group-writable files.
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), "wb") as f:
            pickle.dump(header, f, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(library, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, file)
        _prune(file)
    except Exception:  # noqa: BLE001 - an unwritable folder or an unpicklable value: run uncached
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _prune(keep: Path) -> None:
    """Keep the newest ``MAX_ENTRIES`` entries (one per distinct set of ``--bank`` paths)."""
    entries = sorted(keep.parent.glob("content-*.pickle"), key=lambda f: f.stat().st_mtime_ns, reverse=True)
    for old in [f for f in entries if f != keep][MAX_ENTRIES - 1:]:
        old.unlink(missing_ok=True)


def _media_unchanged(library: Library) -> bool:
    """Whether every picture the cached library checked is the same file still (pictures are not YAML)."""
    try:
        return all(file_stamp(Path(path)) == stamp for path, stamp in library.media_stamps.items())
    except OSError:
        return False


def load_cached(paths: Sequence[Path | str], *, folder: Path | None = None) -> Library:
    """``load_paths(paths)``, served from the cache when every file is unchanged (see the module doc)."""
    folder = folder if folder is not None else cache_dir()
    if folder is None:
        return load_paths(paths)
    resolved = [Path(p).absolute() for p in paths]
    try:
        header = (code_stamp(), content_stamps(resolved))
    except OSError:  # a file vanished while being listed: load it the ordinary way
        return load_paths(paths)
    file = cache_file(paths, folder)
    cached = read_entry(file, header)
    if cached is not None and _media_unchanged(cached):
        return cached
    library = load_paths(paths)
    if not library.errors:
        library.positions = {}
        write_entry(file, header, library)
    return library
