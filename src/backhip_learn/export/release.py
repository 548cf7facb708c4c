"""The record of what the last Anki release shipped: per-note content hash, stamp and cloze gaps.

Anki's importer updates a note only when the package's note is newer than the collection's, and
then replaces every field and tag of it. So each note carries, as its modification time, the
stamp of the release that last changed *its own* content: an unchanged note is never newer than
the copy a learner already has (their tags and personal notes stay), and a changed one carries
the new release's time (newer than anything the learner did before that release).

The record is a small JSON file committed beside the deck manifests (``decks/anki-release.json``
for the bundled content). ``export anki`` reads it; ``export anki --release`` also writes it back
with the stamps it used. The record also names the cloze gap numbers each released note had, so
the validator can warn before a released gap number disappears, and the items a release shipped,
so a later export can retire the notes of removed items.

Pure: no genanki, no Anki.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from pathlib import Path

from backhip_learn.content.library import Library
from backhip_learn.content.model import CLOZE_RE, Cloze, Matching, Ordering
from backhip_learn.content.problems import Problem
from backhip_learn.record import Record, record

RELEASE_FILE = "anki-release.json"
FORMAT = 1


@record
class Released(Record):
    """What one release shipped for one item."""

    hash: str
    stamp: int
    note_type: str = ""
    guid: str = ""
    gaps: tuple[int, ...] = ()
    retired: bool = False


@record
class ReleaseState(Record):
    """Every item a release shipped, keyed by item id."""

    notes: Mapping[str, Released] = field(default_factory=dict)

    def to_json(self) -> str:
        """The committed form: sorted keys, one item per line, so diffs stay readable."""
        lines = []
        for item_id in sorted(self.notes):
            r = self.notes[item_id]
            entry: dict[str, object] = {"hash": r.hash, "stamp": r.stamp, "type": r.note_type, "guid": r.guid}
            if r.gaps:
                entry["gaps"] = list(r.gaps)
            if r.retired:
                entry["retired"] = True
            lines.append(f"    {json.dumps(item_id)}: {json.dumps(entry, sort_keys=True)}")
        body = ",\n".join(lines)
        return f'{{\n  "format": {FORMAT},\n  "notes": {{\n{body}\n  }}\n}}\n' if lines else (
            f'{{\n  "format": {FORMAT},\n  "notes": {{}}\n}}\n'
        )


class ReleaseError(Exception):
    """The release record cannot be read."""


def load_state(path: Path | None) -> ReleaseState:
    """The record at ``path``; an empty one when there is no file (nothing released yet)."""
    if path is None or not path.is_file():
        return ReleaseState()
    try:
        raw = json.loads(path.read_text("utf-8"))
        notes = {
            str(k): Released(
                hash=str(v["hash"]), stamp=int(v["stamp"]), note_type=str(v.get("type", "")),
                guid=str(v.get("guid", "")), gaps=tuple(int(g) for g in v.get("gaps", ())),
                retired=bool(v.get("retired", False)),
            )
            for k, v in raw["notes"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ReleaseError(f"{path}: not a release record ({exc})") from None
    return ReleaseState(notes)


def save_state(state: ReleaseState, path: Path) -> None:
    """Write the record atomically."""
    partial = path.with_name(f".{path.name}.part")
    partial.write_text(state.to_json(), "utf-8")
    os.replace(partial, path)


def content_hash(note_type: str, fields: Sequence[str], tags: Iterable[str]) -> str:
    """A stable hash of what an import writes into a note: its note type, fields and tags."""
    h = hashlib.blake2b(digest_size=12)
    h.update(note_type.encode())
    for value in (*fields, "\x1e", *sorted(tags)):
        h.update(b"\x1f" + value.encode())
    return h.hexdigest()


def stamp_for(state: ReleaseState, item_id: str, digest: str, now: int) -> int:
    """The note's modification time: its released stamp if its content is unchanged, else ``now``."""
    released = state.notes.get(item_id)
    if released is not None and released.hash == digest and not released.retired:
        return released.stamp
    # A changed note must be newer than the released one even if the clock (or the epoch) is behind it.
    return max(now, released.stamp + 1) if released is not None else now


def next_state(
    state: ReleaseState,
    shipped: Mapping[str, Released],
    retired: Mapping[str, Released],
) -> ReleaseState:
    """The record after a release: what it shipped, plus what it retired (kept, marked retired)."""
    notes = dict(shipped)
    notes.update(retired)
    return ReleaseState(notes)


def default_state_path(content_paths: Sequence[Path]) -> Path | None:
    """The release record of a content set: ``anki-release.json`` in its first ``decks`` folder."""
    for p in content_paths:
        if p.is_file() and p.parent.name == "decks":
            return p.parent / RELEASE_FILE
        if p.is_dir() and p.name == "decks":
            return p / RELEASE_FILE
        if p.is_dir() and (p / "decks").is_dir():
            return p / "decks" / RELEASE_FILE
    return None


def released_gap_problems(lib: Library, state: ReleaseState) -> list[Problem]:
    """W160: an item whose released cloze gap numbers (or pairs, or steps) are no longer all there.

    A learner's card for a removed gap number would render Anki's "No cloze N found" error: keep
    the number (renumber nothing), or retire the item under a new id.
    """
    out = []
    for item in lib.items:
        released = state.notes.get(item.id)
        if released is None or released.retired or not released.gaps:
            continue
        if isinstance(item, Matching):
            now = set(range(1, len(item.pairs) + 1))
        elif isinstance(item, Ordering):
            now = set(range(1, len(item.steps) + 1))
        elif isinstance(item, Cloze):
            now = {int(m.group(1)) for m in CLOZE_RE.finditer(item.text) if m.group(2).strip()}
        else:
            continue
        gone = sorted(set(released.gaps) - now)
        if gone:
            where = lib.item_where.get(item.id)
            if where is None:
                continue
            numbers = ", ".join(f"c{g}" for g in gone)
            out.append(Problem(
                where.path, where.line, where.col, "warning",
                f"'{item.id}': released Anki card(s) {numbers} would lose their gap (learners' cards show"
                " 'No cloze found'); keep the gap numbers, or retire the item and give its new form a new id",
                "W160",
            ))
    return out
