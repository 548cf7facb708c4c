"""What every note field is built from: content text escaped as inert HTML, and option orders seeded by item id."""

from __future__ import annotations

import hashlib
import re

GUID_NAMESPACE = "backhip-learn"


def esc(text: str) -> str:
    """Content text as inert HTML: tags shown literally, ``{{``/``}}`` never read as template syntax.

    Only what HTML and Anki need is escaped (``&``, ``<``, ``>``, and brace pairs as entities);
    quotes and apostrophes stay as typed, so Anki's browser finds ``nerve's`` as the learner sees it.
    """
    # This runs on every field of every note (the hot path of a large export), so text without
    # special characters is returned as is.
    if _SPECIAL.search(text) is None:
        return text
    return _esc(text).replace(_SEP, " ")  # Anki's field separator inside a field would corrupt the note


def _esc(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("{{", "&#123;&#123;").replace("}}", "&#125;&#125;")
        .replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")
    )


_SEP = "\x1f"
_SPECIAL = re.compile("[&<>{}\r\n\x1f]")


def shuffled(item_id: str, n: int, *, avoid_identity: bool) -> list[int]:
    """A permutation of range(n) seeded by the item id (the same on every export).

    Sorted by the bytes of one hash of the id: as stable as a seeded shuffle, and several times
    cheaper than seeding a ``random.Random`` per item (this runs for thousands of items).
    """
    digest = hashlib.blake2b(f"{GUID_NAMESPACE}:{item_id}".encode(), digest_size=16).digest()
    order = sorted(range(n), key=digest.__getitem__)  # stable: ties keep index order
    if avoid_identity and n > 1 and order == list(range(n)):
        # Showing the answer in its own order would give it away: rotate by one.
        order = order[1:] + order[:1]
    return order
