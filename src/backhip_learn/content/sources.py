"""Which content a command reads: the bundled course or the ``--bank`` paths, from the cache when asked."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from backhip_learn.content.cache import load_cached
from backhip_learn.content.library import Library
from backhip_learn.content.load import load_paths
from backhip_learn.paths import default_content_paths


def load_content(banks: Sequence[str | Path] = (), *, lint: bool = False, cache: bool = False) -> Library:
    """The bundled content, or the given ``--bank`` files/folders instead.

    With ``cache`` (and without ``lint``) an unchanged set of files comes from the validated-content
    cache (``cache.py``; its libraries carry no ``positions``).
    """
    paths = list(banks) if banks else default_content_paths()
    if cache and not lint:
        return load_cached(paths)
    return load_paths(paths, lint=lint)
