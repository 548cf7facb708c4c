"""Anki export: our note types, stable ids and GUIDs, the deck tree, and a reproducible .apkg.

Identity rules (a learner's review history hangs on them, so they never change):

- Note-type ids below are fixed. Their field lists are frozen: a note type whose fields change
  must get a new name *and* a new id (e.g. ``backhip-learn basic v2``), never an edit of v1.
- Deck ids come from the ``anki_id`` of the deck manifests (or, without manifests, from the bank
  ids), never from names.
- A note's GUID is derived from the item id only, so editing an item's text updates the note in
  Anki instead of adding a new one.

Callers import this module lazily (it imports genanki); building the notes is pure otherwise.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import itertools
import os
import random
import re
import sqlite3
import tempfile
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import genanki

from backhip_learn.content.load import Library
from backhip_learn.content.model import (
    CLOZE_RE,
    MCQ,
    Basic,
    Choice,
    Cloze,
    Item,
    Matching,
    Multi,
    Ordering,
    Short,
    TrueFalse,
)
from backhip_learn.content.outline import load_outline
from backhip_learn.content.select import DeckNode, deck_items, find_deck, walk_decks
from backhip_learn.export import templates

GUID_NAMESPACE = "backhip-learn"
# Where items that no deck takes go when there is more than one root deck (fixed: never change).
DEFAULT_DECK_ID = 1_738_290_200
DEFAULT_DECK_NAME = "backhip-learn"
TAG_ROOT = "backhip"


@dataclass(frozen=True)
class NoteType:
    """A frozen note type: id, name and field list never change together with anything else."""

    key: str
    model_id: int
    name: str
    fields: tuple[str, ...]
    front: str
    back: str
    cloze: bool = False


# Frozen. Changing a field list means a new NoteType with a new name and id (see module docstring).
NOTE_TYPES: dict[str, NoteType] = {
    nt.key: nt
    for nt in (
        NoteType("basic", 1_738_290_101, "backhip-learn basic v1",
                 ("Prompt", "Answer", "Explanation", "Section", "Id"),
                 templates.BASIC_FRONT, templates.BASIC_BACK),
        NoteType("cloze", 1_738_290_102, "backhip-learn cloze v1",
                 ("Text", "Extra", "Section", "Id"),
                 templates.CLOZE_FRONT, templates.CLOZE_BACK, cloze=True),
        NoteType("typed", 1_738_290_103, "backhip-learn typed answer v1",
                 ("Prompt", "Answer", "Accepted", "Explanation", "Section", "Id"),
                 templates.TYPED_FRONT, templates.TYPED_BACK),
        NoteType("choice", 1_738_290_104, "backhip-learn choice v1",
                 ("Prompt", "Instruction", "Board", "Key", "Explanation", "Section", "Id"),
                 templates.BOARD_FRONT, templates.BOARD_BACK),
        NoteType("matching", 1_738_290_105, "backhip-learn matching v1",
                 ("Prompt", "Instruction", "Board", "Key", "Explanation", "Section", "Id"),
                 templates.BOARD_FRONT, templates.BOARD_BACK),
        NoteType("ordering", 1_738_290_106, "backhip-learn ordering v1",
                 ("Prompt", "Instruction", "Board", "Key", "Explanation", "Section", "Id"),
                 templates.BOARD_FRONT, templates.BOARD_BACK),
    )
}

NOTE_TYPE_OF_ITEM = {
    "basic": "basic",
    "cloze": "cloze",
    "short": "typed",
    "mcq": "choice",
    "multi": "choice",
    "true_false": "choice",
    "matching": "matching",
    "ordering": "ordering",
}

INSTRUCTIONS = {
    "mcq": "Choose one.",
    "multi": "Choose all that apply.",
    "true_false": "True or false?",
    "matching": "Match each numbered item with a lettered one.",
    "ordering": "Put the lettered steps in order.",
}


class ExportError(Exception):
    """A problem with what was asked for (unknown deck, nothing to export)."""


@dataclass(frozen=True)
class DeckRow:
    """A deck of the package: stable id and full ``Root::Part`` name."""

    anki_id: int
    name: str
    description: str = ""


@dataclass(frozen=True)
class NoteRow:
    """One note, ready for genanki: escaped fields, plain sort field, tags, GUID, deck."""

    item_id: str
    item_type: str
    note_type: str
    fields: tuple[str, ...]
    sort_field: str
    tags: tuple[str, ...]
    guid: str
    deck_id: int
    cards: int


@dataclass
class AnkiExport:
    """Everything one .apkg holds, before genanki writes it."""

    decks: list[DeckRow] = field(default_factory=list)
    notes: list[NoteRow] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def notes_by_type(self) -> Counter[str]:
        """Note counts keyed by item type."""
        return Counter(n.item_type for n in self.notes)

    def cards_by_type(self) -> Counter[str]:
        """Card counts keyed by item type (a cloze makes one card per gap number)."""
        out: Counter[str] = Counter()
        for n in self.notes:
            out[n.item_type] += n.cards
        return out

    def notes_by_deck(self) -> Counter[int]:
        """Note counts keyed by Anki deck id."""
        return Counter(n.deck_id for n in self.notes)


# ---------------------------------------------------------------------------------------------
# Escaping and tags


def esc(text: str) -> str:
    """Content text as inert HTML: tags shown literally, braces never read as template syntax."""
    # Braces become entities so that neither Anki's template engine nor its cloze parser ever
    # sees a literal "{{" coming from content; Anki decodes entities for display, sorting and
    # typed-answer comparison.
    return (
        html.escape(text, quote=True)
        .replace("{", "&#123;")
        .replace("}", "&#125;")
        .replace("\n", "<br>")
    )


def _esc_gap(text: str) -> str:
    """Text inside a cloze gap: also hide ':' so '::' in content cannot start a hint."""
    return esc(text).replace(":", "&#58;")


def cloze_field(text: str) -> str:
    """A cloze text with its gaps live and everything else escaped."""
    out: list[str] = []
    pos = 0
    for m in CLOZE_RE.finditer(text):
        out.append(esc(text[pos : m.start()]))
        gap = f"{{{{c{int(m.group(1))}::{_esc_gap(m.group(2))}"
        if m.group(3) is not None:
            gap += f"::{_esc_gap(m.group(3))}"
        out.append(gap + "}}")
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


_TAG_BAD = re.compile(r"[\s\"]+")


def sanitize_tag(tag: str) -> str:
    """An Anki-safe tag: whitespace runs become '_', quotes go, stray '::' edges are trimmed."""
    return _TAG_BAD.sub("_", tag.strip()).strip(":_")


def item_tags(item: Item) -> tuple[str, ...]:
    """Hierarchical ``backhip::...`` tags plus the item's own tags, sanitised, without repeats."""
    tags = [f"{TAG_ROOT}::type::{item.type}"]
    if item.source:
        tags.append(f"{TAG_ROOT}::section::" + "::".join(sanitize_tag(p) for p in item.source.split(".")))
    if item.difficulty:
        tags.append(f"{TAG_ROOT}::difficulty::{item.difficulty}")
    miscs = [c.misconception for c in item.choice_list() if c.misconception]
    tags.extend(f"{TAG_ROOT}::misconception::{m}" for m in miscs)
    tags.extend(sanitize_tag(t) for t in item.tags)
    return tuple(t for t in dict.fromkeys(tags) if t)


def section_label(source: str | None) -> str:
    """The article section as a reader sees it: part name and heading (plain text)."""
    if not source:
        return ""
    outline = load_outline()
    section = outline.get(source)
    if section is None:
        return source
    part = outline.part_name(section.part)
    return section.heading if part == section.heading else f"{part} \u203a {section.heading}"


def plain(text: str) -> str:
    """A one-line plain-text form (the sort field): whitespace collapsed."""
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------
# Fields per item type


def _letter(i: int) -> str:
    return chr(ord("A") + i)


def _shuffled(item_id: str, n: int, *, avoid_identity: bool) -> list[int]:
    """A permutation of range(n) seeded by the item id (the same on every export)."""
    order = list(range(n))
    random.Random(f"{GUID_NAMESPACE}:{item_id}").shuffle(order)
    if avoid_identity and n > 1 and order == sorted(order):
        # Showing the answer in its own order would give it away: rotate by one.
        order = order[1:] + order[:1]
    return order


def _choice_fields(item: MCQ | Multi | TrueFalse, misconceptions: dict[str, object]) -> tuple[str, str]:
    """The options board (front) and the marked key with feedback (back)."""
    choices: Sequence[Choice] = item.choice_list()
    shuffle = isinstance(item, (MCQ, Multi)) and item.shuffle
    order = _shuffled(item.id, len(choices), avoid_identity=False) if shuffle else list(range(len(choices)))
    board = ['<ol class="bh-list bh-options">']
    key = ['<ol class="bh-list bh-options">']
    for pos, idx in enumerate(order):
        c = choices[idx]
        tag = f'<span class="bh-tag">{_letter(pos)}</span>'
        board.append(f"<li>{tag}{esc(c.text)}</li>")
        mark = "\u2713 correct" if c.correct else "\u2717"
        cls = "bh-correct" if c.correct else "bh-wrong"
        line = f'<li class="{cls}">{tag}{esc(c.text)}<span class="bh-mark">{mark}</span>'
        if c.feedback:
            line += f'<div class="bh-feedback">{esc(c.feedback)}</div>'
        misc = misconceptions.get(c.misconception) if c.misconception else None
        if misc is not None:
            label, correction = getattr(misc, "label", ""), getattr(misc, "correction", "")
            line += (
                f'<div class="bh-misconception">Common misconception: {esc(label)}. {esc(correction)}</div>'
            )
        key.append(line + "</li>")
    board.append("</ol>")
    key.append("</ol>")
    right = ", ".join(_letter(pos) for pos, idx in enumerate(order) if choices[idx].correct)
    key.append(f'<div class="bh-short">Answer: {right or "none"}</div>')
    return "".join(board), "".join(key)


def _matching_fields(item: Matching) -> tuple[str, str]:
    """Front: numbered lefts beside shuffled lettered rights. Back: the correct pairs."""
    n = len(item.pairs)
    order = _shuffled(item.id, n, avoid_identity=True)
    letter_of = {idx: _letter(pos) for pos, idx in enumerate(order)}
    lefts = "".join(
        f'<li><span class="bh-tag">{i + 1}</span>{esc(p.left)}</li>' for i, p in enumerate(item.pairs)
    )
    rights = "".join(
        f'<li><span class="bh-tag">{_letter(pos)}</span>{esc(item.pairs[idx].right)}</li>'
        for pos, idx in enumerate(order)
    )
    board = (
        f'<div class="bh-columns"><ol class="bh-list bh-lefts">{lefts}</ol>'
        f'<ol class="bh-list bh-rights">{rights}</ol></div>'
    )
    rows = "".join(
        f'<tr><td><span class="bh-tag">{i + 1}</span>{esc(p.left)}</td><td class="bh-arrow">\u2192</td>'
        f'<td><span class="bh-tag">{letter_of[i]}</span>{esc(p.right)}</td></tr>'
        for i, p in enumerate(item.pairs)
    )
    short = " \u00b7 ".join(f"{i + 1}\u2013{letter_of[i]}" for i in range(n))
    key = f'<table class="bh-pairs">{rows}</table><div class="bh-short">Answer: {short}</div>'
    return board, key


def _ordering_fields(item: Ordering) -> tuple[str, str]:
    """Front: the steps shuffled and lettered. Back: the steps in order, with their letters."""
    order = _shuffled(item.id, len(item.steps), avoid_identity=True)
    letter_of = {idx: _letter(pos) for pos, idx in enumerate(order)}
    board = '<ol class="bh-list bh-steps">' + "".join(
        f'<li><span class="bh-tag">{_letter(pos)}</span>{esc(item.steps[idx])}</li>'
        for pos, idx in enumerate(order)
    ) + "</ol>"
    key = '<ol class="bh-list bh-steps">' + "".join(
        f'<li class="bh-correct"><span class="bh-tag">{i + 1}.</span>{esc(step)}'
        f'<span class="bh-mark">({letter_of[i]})</span></li>'
        for i, step in enumerate(item.steps)
    ) + "</ol>"
    short = ", ".join(letter_of[i] for i in range(len(item.steps)))
    return board, key + f'<div class="bh-short">Answer: {short}</div>'


def note_fields(item: Item, misconceptions: dict[str, object] | None = None) -> tuple[str, tuple[str, ...]]:
    """The note type key and the escaped field values for one item (in the note type's order)."""
    misconceptions = misconceptions or {}
    expl, section, iid = esc(item.explanation), esc(section_label(item.source)), esc(item.id)
    if isinstance(item, Basic):
        return "basic", (esc(item.front), esc(item.back), expl, section, iid)
    if isinstance(item, Cloze):
        return "cloze", (cloze_field(item.text), expl, section, iid)
    if isinstance(item, Short):
        accepted = ", ".join(esc(a) for a in item.accept)
        return "typed", (esc(item.question), esc(item.answer), accepted, expl, section, iid)
    if isinstance(item, (MCQ, Multi, TrueFalse)):
        board, key = _choice_fields(item, misconceptions)
        return "choice", (esc(item.prompt), esc(INSTRUCTIONS[item.type]), board, key, expl, section, iid)
    if isinstance(item, Matching):
        board, key = _matching_fields(item)
        return "matching", (esc(item.question), esc(INSTRUCTIONS["matching"]), board, key, expl, section, iid)
    if isinstance(item, Ordering):
        board, key = _ordering_fields(item)
        return "ordering", (esc(item.question), esc(INSTRUCTIONS["ordering"]), board, key, expl, section, iid)
    raise TypeError(f"no Anki note type for item type {item.type!r}")


def note_guid(item_id: str) -> str:
    """The note's GUID: from the item id only, so text edits update the same note."""
    return genanki.guid_for(GUID_NAMESPACE, item_id)


# ---------------------------------------------------------------------------------------------
# Decks


def stable_deck_id(key: str) -> int:
    """A deck id derived from a stable key (bank ids), in the range manifests use."""
    digest = int.from_bytes(hashlib.sha256(f"{GUID_NAMESPACE}:deck:{key}".encode()).digest()[:8], "big")
    return (1 << 30) + digest % ((1 << 62) - (1 << 30))


def _subtree(lib: Library, root: DeckNode) -> list[DeckNode]:
    """``root`` and every deck below it, in walk order."""
    nodes = list(walk_decks(lib))
    start = next(i for i, n in enumerate(nodes) if n.deck is root.deck)
    out = [nodes[start]]
    for node in nodes[start + 1 :]:
        if node.depth <= root.depth:
            break
        out.append(node)
    return out


def _deepest_decks(lib: Library, nodes: Sequence[DeckNode], items: Sequence[Item]) -> dict[str, DeckNode]:
    """Each item's deepest deck among ``nodes`` (first in walk order on ties), as ``item_deck`` does.

    Computed once per deck rather than once per item: ``item_deck`` scans every deck for every
    item, which is quadratic on a large bank.
    """
    wanted = {it.id for it in items}
    best: dict[str, DeckNode] = {}
    for node in nodes:
        for it in deck_items(lib, node.deck, include_children=False):
            if it.id in wanted and (it.id not in best or node.depth > best[it.id].depth):
                best[it.id] = node
    return best


def plan_decks(lib: Library, deck: str | None = None) -> tuple[list[DeckRow], list[Item], dict[str, int]]:
    """The decks to write, the items to export, and each item's deck id.

    With manifests: their tree (or the subtree named by ``deck``), each item in its deepest deck;
    items no deck takes go to the root deck (or a fixed default deck when there are several
    roots). Without manifests: one deck named after the banks, its id derived from the bank ids.
    """
    all_nodes = list(walk_decks(lib))
    if deck is not None:
        found = find_deck(lib, deck)
        if found is None:
            names = ", ".join(n.path for n in all_nodes) or "none"
            raise ExportError(f"no deck named {deck!r} (decks: {names})")
        nodes = _subtree(lib, found)
        items = deck_items(lib, found.deck)
        # Parents of the subtree go in too (empty) so the names nest under the same ids.
        ancestors = [n for n in all_nodes if n.depth < found.depth and found.path.startswith(n.path + "::")]
        rows = [DeckRow(n.deck.anki_id, n.path, n.deck.description) for n in (*ancestors, *nodes)]
        best = _deepest_decks(lib, nodes, items)
        return rows, items, {it.id: best[it.id].deck.anki_id for it in items}
    items = list(lib.items)
    if all_nodes:
        rows = [DeckRow(n.deck.anki_id, n.path, n.deck.description) for n in all_nodes]
        roots = [n for n in all_nodes if n.depth == 0]
        fallback = roots[0].deck.anki_id if len(roots) == 1 else DEFAULT_DECK_ID
        best = _deepest_decks(lib, all_nodes, items)
        deck_of = {it.id: (best[it.id].deck.anki_id if it.id in best else fallback) for it in items}
        if fallback == DEFAULT_DECK_ID and DEFAULT_DECK_ID in deck_of.values():
            rows.append(DeckRow(DEFAULT_DECK_ID, DEFAULT_DECK_NAME))
        return rows, items, deck_of
    used = [b for b in lib.banks if b.items]
    name = " + ".join(b.title.replace("::", ":") for b in used) or DEFAULT_DECK_NAME
    anki_id = stable_deck_id("+".join(sorted(b.id for b in used))) if used else DEFAULT_DECK_ID
    desc = " ".join(b.description for b in used if b.description)
    return [DeckRow(anki_id, name, desc)], items, {it.id: anki_id for it in items}


# ---------------------------------------------------------------------------------------------
# Building and writing


def build_export(lib: Library, *, deck: str | None = None) -> AnkiExport:
    """Every note and deck of the export (pure: nothing is written)."""
    rows, items, deck_of = plan_decks(lib, deck)
    out = AnkiExport(decks=rows)
    misconceptions: dict[str, object] = dict(lib.misconceptions)
    for item in items:
        cards = len(item.card_numbers()) if isinstance(item, Cloze) else 1
        if cards == 0:
            out.skipped.append((item.id, "cloze without gaps makes no card"))
            continue
        key, fields = note_fields(item, misconceptions)
        out.notes.append(
            NoteRow(
                item_id=item.id,
                item_type=item.type,
                note_type=key,
                fields=fields,
                sort_field=plain(item.prompt),
                tags=item_tags(item),
                guid=note_guid(item.id),
                deck_id=deck_of[item.id],
                cards=cards,
            )
        )
    if not out.notes:
        raise ExportError("nothing to export: no items found")
    return out


def genanki_model(nt: NoteType) -> genanki.Model:
    """The genanki model of one of our note types."""
    return genanki.Model(
        nt.model_id,
        nt.name,
        fields=[{"name": f} for f in nt.fields],
        templates=[{"name": "Cloze" if nt.cloze else "Card 1", "qfmt": nt.front, "afmt": nt.back}],
        css=templates.CSS,
        model_type=genanki.Model.CLOZE if nt.cloze else genanki.Model.FRONT_BACK,
        sort_field_index=0,
    )


def make_package(export: AnkiExport) -> genanki.Package:
    """The genanki package: one genanki deck per deck row, notes in export order."""
    models = {key: genanki_model(nt) for key, nt in NOTE_TYPES.items()}
    decks = {row.anki_id: genanki.Deck(row.anki_id, row.name, description=esc(row.description)) for row in export.decks}
    for row in export.notes:
        decks[row.deck_id].add_note(
            genanki.Note(
                model=models[row.note_type],
                fields=list(row.fields),
                sort_field=row.sort_field,
                tags=list(row.tags),
                guid=row.guid,
            )
        )
    return genanki.Package(list(decks.values()))


def source_date_epoch(default: float | None = None) -> float:
    """``SOURCE_DATE_EPOCH`` if set (reproducible builds), else ``default`` or the current time."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw:
        try:
            return float(int(raw))
        except ValueError as exc:
            raise ExportError(f"SOURCE_DATE_EPOCH must be an integer, got {raw!r}") from exc
    if default is not None:
        return default
    import time

    return time.time()


def _zip_date(timestamp: float) -> tuple[int, int, int, int, int, int]:
    # Zip dates start in 1980; an earlier SOURCE_DATE_EPOCH is clamped (as reproducible-builds advise).
    t = dt.datetime.fromtimestamp(max(timestamp, 315532800), dt.timezone.utc)
    return (t.year, t.month, t.day, t.hour, t.minute, t.second)


def write_package(package: genanki.Package, path: str | os.PathLike[str], *, timestamp: float) -> None:
    """Write an .apkg whose bytes depend only on the package and ``timestamp``.

    genanki's ``write_to_file`` stamps the zip entries with the current time; this writes the
    same collection but fixes every zip entry's date, and replaces ``path`` atomically.
    """
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="backhip-apkg-") as tmp:
        db = Path(tmp) / "collection.anki2"
        conn = sqlite3.connect(db)
        try:
            package.write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        date = _zip_date(timestamp)
        fd, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
                for name, data in (("collection.anki2", db.read_bytes()), ("media", b"{}")):
                    info = zipfile.ZipInfo(name, date_time=date)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    info.create_system = 3  # unix, whatever the host
                    zf.writestr(info, data)
            os.replace(partial, path)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise


def write_apkg(export: AnkiExport, path: str | os.PathLike[str], *, timestamp: float) -> None:
    """Write the export as an .apkg at ``path``."""
    write_package(make_package(export), path, timestamp=timestamp)
