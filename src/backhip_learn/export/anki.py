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
import glob
import hashlib
import itertools
import json
import os
import re
import sqlite3
import stat
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import genanki
from genanki.util import BASE91_TABLE

from backhip_learn import DISCLAIMER, __version__
from backhip_learn.content.answerable import unanswerable
from backhip_learn.content.glossary import Lexicon, glossary_forms
from backhip_learn.content.load import Library
from backhip_learn.content.model import (
    CLOZE_RE,
    MCQ,
    NOTE_LABEL,
    Basic,
    Cloze,
    Deck,
    Item,
    Matching,
    Misconception,
    Multi,
    Ordering,
    Preset,
    Short,
    TrueFalse,
)
from backhip_learn.content.outline import BUNDLED_COURSE_ID, Outline, load_outline
from backhip_learn.content.select import DeckNode, deck_items, deepest_decks, find_deck, walk_decks
from backhip_learn.export import templates
from backhip_learn.export.fields import GUID_NAMESPACE, esc
from backhip_learn.export.fields import shuffled as _shuffled
from backhip_learn.export.media import add_pictures
from backhip_learn.export.release import Released, ReleaseState, content_hash, next_state, stamp_for
from backhip_learn.record import Record, record

# Where items that no deck takes go when there is more than one root deck (fixed: never change).
DEFAULT_DECK_ID = 1_738_290_200
DEFAULT_DECK_NAME = "backhip-learn"
TAG_ROOT = "backhip"


@record
class NoteType(Record):
    """One of our note types. Once released, its id, name and field list never change."""

    key: str
    model_id: int
    name: str
    fields: tuple[str, ...]
    front: str
    back: str
    cloze: bool = False


# Frozen. Changing a field list means a new NoteType with a new name and id (see module docstring).
# The first edition's note types (ids 1738290101-1738290106, "... v1") are retired: never reuse
# their ids. A first-edition collection moves to these with one import with "Merge note types".
MY_NOTES = "My notes"
NOTE_TYPES: dict[str, NoteType] = {
    nt.key: nt
    for nt in (
        NoteType("basic", 1_738_290_111, "backhip-learn basic v2",
                 ("Prompt", "Answer", "Explanation", "Section", "Id", MY_NOTES),
                 templates.BASIC_FRONT, templates.BASIC_BACK),
        NoteType("cloze", 1_738_290_112, "backhip-learn cloze v2",
                 ("Text", "Extra", "Section", "Id", MY_NOTES),
                 templates.CLOZE_FRONT, templates.CLOZE_BACK, cloze=True),
        NoteType("typed", 1_738_290_113, "backhip-learn typed answer v2",
                 ("Prompt", "Answer", "Accepted", "Explanation", "Section", "Id", MY_NOTES),
                 templates.TYPED_FRONT, templates.TYPED_BACK),
        NoteType("choice", 1_738_290_114, "backhip-learn choice v2",
                 ("Prompt", "Instruction", "Options", "Feedback", "Explanation", "Section", "Id", MY_NOTES),
                 templates.CHOICE_FRONT, templates.CHOICE_BACK),
    )
}

# Matching and ordering become cloze notes: one card per pair, one card per position (the
# minimum-information rule: each card asks one thing).
NOTE_TYPE_OF_ITEM = {
    "basic": "basic",
    "cloze": "cloze",
    "short": "typed",
    "mcq": "choice",
    "multi": "choice",
    "true_false": "choice",
    "matching": "cloze",
    "ordering": "cloze",
}

INSTRUCTIONS = {
    "mcq": "Choose one.",
    "multi": "Choose all that apply.",
    "true_false": "True or false?",
    "matching": "Recall what each item is matched with.",
    "ordering": "Recall the step at each position.",
}


class ExportError(Exception):
    """A problem with what was asked for (unknown deck, nothing to export)."""


@record
class DeckRow(Record):
    """A deck of the package: stable id and full ``Root::Part`` name."""

    anki_id: int
    name: str
    description: str = ""
    preset: Preset | None = None  # written into the package as the deck's options preset


class NoteRow(NamedTuple):
    """One note, ready for genanki: escaped fields, plain sort field, tags, GUID, deck.

    A NamedTuple rather than a ``@record``: as immutable, and four times cheaper to build, once per note
    (BENCHMARKS.md).
    """

    item_id: str
    item_type: str
    note_type: str
    fields: tuple[str, ...]
    sort_field: str
    tags: tuple[str, ...]
    guid: str
    deck_id: int
    ords: tuple[int, ...]  # card template ordinals: (0,) or, for a cloze, gap number - 1

    @property
    def cards(self) -> int:
        """How many cards Anki makes of this note."""
        return len(self.ords)


@dataclass
class AnkiExport:
    """Everything one .apkg holds, before genanki writes it."""

    decks: list[DeckRow] = field(default_factory=list)
    notes: list[NoteRow] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    # Each note's modification time (item id -> seconds): see ``stamp_notes``. A note without a
    # stamp is written with the package's time.
    stamps: dict[str, int] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)  # notes new or changed since the release record
    retired: list[str] = field(default_factory=list)  # released items now gone: their stubs are in ``notes``
    due: dict[str, int] = field(default_factory=dict)  # new-card position of each note (see ``interleave``)
    about: str = ""  # HTML appended to each root deck's description: source, version, licence, disclaimer
    # Media files of the package (body maps, pictures): file name -> content. See export/media.py.
    media: dict[str, bytes] = field(default_factory=dict)
    note_types: Mapping[str, NoteType] = field(default_factory=lambda: NOTE_TYPES)

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


_INSTRUCTIONS_HTML = {k: esc(v) for k, v in INSTRUCTIONS.items()}


def _esc_cloze_text(text: str) -> str:
    """Text of a cloze field: every brace hidden, so no brace next to a live gap can join it."""
    return esc(text).replace("{", "&#123;").replace("}", "&#125;")


def _esc_gap(text: str) -> str:
    """Text inside a cloze gap: also hide ':' so '::' in content cannot start a hint."""
    return _esc_cloze_text(text).replace(":", "&#58;")


def cloze_field(text: str) -> str:
    """A cloze text with its gaps live and everything else escaped."""
    out: list[str] = []
    pos = 0
    for m in CLOZE_RE.finditer(text):
        out.append(_esc_cloze_text(text[pos : m.start()]))
        pos = m.end()
        if not m.group(2).strip():
            # A gap without an answer (lint W105) would make a card whose answer is blank: leave it out.
            continue
        gap = f"{{{{c{int(m.group(1))}::{_esc_gap(m.group(2))}"
        if m.group(3) is not None:
            gap += f"::{_esc_gap(m.group(3))}"
        out.append(gap + "}}")
    out.append(_esc_cloze_text(text[pos:]))
    return "".join(out)


_TAG_BAD = re.compile(r"[\s\"]+")


@lru_cache(maxsize=4096)
def sanitize_tag(tag: str) -> str:
    """An Anki-safe tag: whitespace runs become '_', quotes go, stray '::' edges are trimmed."""
    return _TAG_BAD.sub("_", tag.strip()).strip(":_")


def item_tags(item: Item, aliases: Mapping[str, str] | None = None, root: str = TAG_ROOT) -> tuple[str, ...]:
    """The item's tags, under the course's namespace (``backhip::`` for the bundled course), one per idea, sanitised.

    ``type``, ``section``, ``objective``, ``level``, ``difficulty`` and ``misconception`` come
    from the item; its own tags go under ``backhip::topic::`` (renamed by the manifests'
    ``tag_aliases``), except one that only repeats its section's name.
    """
    miscs = tuple(o.misconception for o in item.choice_list() if o.misconception)
    own = tuple((aliases or {}).get(t, t) for t in item.tags)
    return _tags(item.type, item.source, item.objective, item.level, item.difficulty, miscs, own, root)


@lru_cache(maxsize=4096)
def _tags(
    kind: str, source: str | None, objective: str | None, level: str | None, difficulty: str | None,
    miscs: tuple[str, ...], own: tuple[str, ...], root: str = TAG_ROOT,
) -> tuple[str, ...]:
    # Cached: items of one bank share most of these, and this runs for every item.
    tags = [f"{root}::type::{kind}"]
    section_leaf = ""
    if source:
        tags.append(_section_tag(source, root))
        section_leaf = sanitize_tag(source.rsplit(".", 1)[-1])
    if objective:
        tags.append(f"{root}::objective::{sanitize_tag(objective)}")
    if level:
        tags.append(f"{root}::level::{level}")
    if difficulty:
        tags.append(f"{root}::difficulty::{difficulty}")
    tags.extend(f"{root}::misconception::{m}" for m in miscs)
    for t in own:
        clean = sanitize_tag(t)
        if clean and clean != section_leaf:
            tags.append(f"{root}::topic::{clean}")
    return tuple(dict.fromkeys(t for t in tags if t))


@lru_cache(maxsize=1024)
def _section_tag(source: str, root: str = TAG_ROOT) -> str:
    return f"{root}::section::" + "::".join(sanitize_tag(p) for p in source.split("."))


# ---------------------------------------------------------------------------------------------
# Names that come from the course


@record
class CourseNames(Record):
    """What a course's export is called in Anki: the tag namespace, the fallback deck, the note types.

    The bundled course keeps the first edition's names and ids (learners' collections hold them);
    any other course gets its own, derived from its id and title, so two courses never share a note
    type (Anki matches note types by id: a shared id would keep the first course's name and fields).
    """

    tag_root: str
    deck_name: str
    deck_id: int
    note_types: Mapping[str, NoteType]


def course_names(outline: Outline) -> CourseNames:
    """The Anki names and ids of a course's export."""
    if outline.course_id == BUNDLED_COURSE_ID:
        return CourseNames(TAG_ROOT, DEFAULT_DECK_NAME, DEFAULT_DECK_ID, NOTE_TYPES)
    cid = outline.course_id
    title = (outline.title or cid).replace("::", ":")
    types = {
        key: replace(nt, model_id=stable_deck_id(f"{cid}:note-type:{nt.name}"),
                     name=nt.name.replace("backhip-learn", title, 1))
        for key, nt in NOTE_TYPES.items()
    }
    return CourseNames(sanitize_tag(cid), title, stable_deck_id(f"{cid}:default-deck"), types)


def section_label(source: str | None, outline: Outline | None = None) -> str:
    """The section as a reader sees it: part name and heading (plain text), from the course's outline."""
    if not source:
        return ""
    outline = outline or load_outline()
    section = outline.get(source)
    if section is None:
        return source
    part = outline.part_name(section.part)
    return section.heading if part == section.heading else f"{part} \u203a {section.heading}"


def _section_html(source: str | None, outline: Outline | None = None) -> str:
    return esc(section_label(source, outline))


def plain(text: str) -> str:
    """A one-line plain-text form (the sort field): whitespace collapsed."""
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------
# Fields per item type


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Precomputed label spans: these builders run for thousands of items.
_LETTER_TAG = [f'<span class="bh-tag">{c}</span>' for c in _LETTERS]
_STEP_TAG = [f'<span class="bh-tag">{i}.</span>' for i in range(27)]


def _choice_fields(
    item: MCQ | Multi | TrueFalse, misconceptions: Mapping[str, Misconception]
) -> tuple[str, str]:
    """The options (one field, right ones marked by a class) and what teaches about the wrong ones.

    The front shows every option; the back's CSS shows only the right ones (the answer first),
    so an option is edited in one place. The feedback holds each distinct wrong idea once: the
    options it covers are named by letter, a misconception shared by several options is
    explained once, and feedback on a right option is left to the explanation (unless there is none).
    """
    choices = item.choice_list()
    shuffle = isinstance(item, (MCQ, Multi)) and item.shuffle
    order = _shuffled(item.id, len(choices), avoid_identity=False) if shuffle else range(len(choices))
    n = len(choices)
    escaped = [esc(c.text) for c in choices] + [esc(c.feedback or "") for c in choices]
    options = []
    # What teaches, once each: key (a misconception id or the feedback itself) -> (html, letters).
    groups: dict[str, tuple[str, list[str]]] = {}
    for pos, idx in enumerate(order):
        c = choices[idx]
        text = _LETTER_TAG[pos] + escaped[idx]
        options.append(f'<li class="bh-right">{text}</li>' if c.correct else f"<li>{text}</li>")
        fb = escaped[n + idx]
        misc = misconceptions.get(c.misconception) if c.misconception and not c.correct else None
        if misc is not None:
            # One explanation per misconception, however many options stand for it.
            html = f'<span class="bh-misc">{esc(misc.label)}:</span> {fb or esc(misc.correction)}'
            groups.setdefault(f"misc:{misc.id}", (html, []))[1].append(_LETTERS[pos])
        elif fb and (not c.correct or not item.explanation.strip()):
            groups.setdefault(fb, (fb, []))[1].append(_LETTERS[pos])
    feedback = "".join(
        f'<li><span class="bh-tag">{", ".join(letters)}</span>{html}</li>' for html, letters in groups.values()
    )
    return (
        '<ol class="bh-list bh-options">' + "".join(options) + "</ol>",
        f'<ul class="bh-list bh-feedback">{feedback}</ul>' if feedback else "",
    )


def _matching_text(item: Matching) -> str:
    """A cloze text: one gap per pair (its right side), so each card asks one pair."""
    rows = [esc(p.left) for p in item.pairs]
    return _esc_cloze_text(item.question) + '<ul class="bh-list bh-pairs">' + "".join(
        f"<li>{rows[i]} \u2192 {{{{c{i + 1}::{_esc_gap(p.right)}}}}}</li>" for i, p in enumerate(item.pairs)
    ) + "</ul>"


def _ordering_text(item: Ordering) -> str:
    """A cloze text: one gap per position, so each card asks which step comes at one place."""
    return _esc_cloze_text(item.question) + '<ol class="bh-list bh-steps">' + "".join(
        f"<li>{_STEP_TAG[i + 1]}{{{{c{i + 1}::{_esc_gap(step)}}}}}</li>" for i, step in enumerate(item.steps)
    ) + "</ol>"


def _explanation_html(item: Item) -> str:
    """The explanation, then the item's clinical note marked as beyond the article (both escaped).

    The note rides in the Explanation field (Extra for cloze) because the note types' field lists
    are frozen; it has its own block and label so a learner never takes it for the article's words.
    """
    expl = esc(item.explanation)
    if not (item.note or "").strip():
        return expl
    note = f'<div class="bh-note"><span class="bh-label">{NOTE_LABEL}</span> {esc(item.note or "")}</div>'
    return f"{expl}{note}" if expl else note


def accepted_html(item: Short, lexicon: Lexicon | None = None) -> str:
    """What else the app marks right for a short answer: its variants, its parts, the glossary's synonyms."""
    out = [esc(a) for a in item.accept]
    if item.parts:
        out.append("the parts in any order: " + ", ".join(esc(p) for p in item.parts))
    if lexicon:
        for term, forms in glossary_forms(item.accepted(), lexicon):
            if forms:
                out.append(f"{esc(term)} = " + ", ".join(esc(f) for f in forms))
    return " \u00b7 ".join(out)


def note_fields(
    item: Item, misconceptions: Mapping[str, Misconception] | None = None, lexicon: Lexicon | None = None,
    outline: Outline | None = None, *, section: str | None = None,
) -> tuple[str, tuple[str, ...]]:
    """The note type key and the escaped field values for one item (in the note type's order).

    The last field, *My notes*, is the learner's: always exported empty.

    ``lexicon`` is the course glossary: a typed answer's card lists the synonyms it accepts.

    ``section`` is the Section field when the caller has it already (the export builds each once).
    """
    misconceptions = misconceptions or {}
    # Item ids are slugs ([a-z0-9._-]): nothing to escape.
    if section is None:
        section = _section_html(item.source, outline)
    expl, iid = _explanation_html(item), item.id
    if isinstance(item, Basic):
        return "basic", (esc(item.front), esc(item.back), expl, section, iid, "")
    if isinstance(item, Cloze):
        return "cloze", (cloze_field(item.text), expl, section, iid, "")
    if isinstance(item, Short):
        return "typed", (esc(item.question), esc(item.answer), accepted_html(item, lexicon), expl, section, iid, "")
    if isinstance(item, (MCQ, Multi, TrueFalse)):
        options, feedback = _choice_fields(item, misconceptions)
        return "choice", (esc(item.prompt), _INSTRUCTIONS_HTML[item.type], options, feedback, expl, section, iid, "")
    if isinstance(item, Matching):
        return "cloze", (_matching_text(item), expl, section, iid, "")
    if isinstance(item, Ordering):
        return "cloze", (_ordering_text(item), expl, section, iid, "")
    raise TypeError(f"no Anki note type for item type {item.type!r}")


def item_guid(item: Item, course_id: str = BUNDLED_COURSE_ID) -> str:
    """The GUID of an item's note: ``note_guid(item.id)``, or for matching and ordering (cloze notes
    since the second edition) ``guid_for("backhip-learn", item.id, "cloze")``.

    Anki cannot move a note from a regular note type to a cloze one, so the first edition's matching
    and ordering notes stay as they were and the clozes arrive as new notes (slugs never hold "__").
    Another course's item ids are qualified by its course id ("/" is in no slug), so two courses with
    an item of the same id never share a note in one collection; the bundled course keeps its GUIDs.
    """
    key = item.id if course_id == BUNDLED_COURSE_ID else f"{course_id}/{item.id}"
    if item.type in ("matching", "ordering"):
        return note_guid(f"{key}__cloze")
    return note_guid(key)


def note_guid(item_id: str) -> str:
    """The note's GUID: from the item id only, so text edits update the same note.

    Exactly ``genanki.guid_for("backhip-learn", item_id)`` (a test holds them equal), computed
    with ``int.from_bytes``/``divmod`` instead of genanki's byte and digit loops: this runs once
    per note.
    """
    n = int.from_bytes(hashlib.sha256(f"{GUID_NAMESPACE}__{item_id}".encode()).digest()[:8], "big")
    # Two base-91 digits per step (a 91*91 table), then the leading one or two without padding.
    pairs = []
    while n >= _PAIR_BASE:
        n, r = divmod(n, _PAIR_BASE)
        pairs.append(_PAIRS[r])
    # n >= 1 here unless the hash was 0 (then genanki returns "", and so do we).
    lead = _PAIRS[n] if n >= 91 else (_BASE91[n] if n else "")
    return lead + "".join(reversed(pairs))


_BASE91 = "".join(BASE91_TABLE)
_PAIR_BASE = 91 * 91
_PAIRS = [a + b for a in _BASE91 for b in _BASE91]


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


def anki_deck_names(lib: Library) -> dict[int, str]:
    """Each deck's full name in Anki, by anki_id: the manifest's path, numbered where it asks.

    Anki gathers new cards from subdecks in name order; a ``numbered`` manifest prefixes each
    subdeck with its place among its siblings ("1 Overview", "2 Referred pain", ...; zero-padded
    past nine) so the deck is studied in the intended order. Only names change, never ids.
    """
    names: dict[int, str] = {}

    def walk(deck: Deck, prefix: str, label: str, numbered: bool) -> None:
        path = f"{prefix}::{label}" if prefix else label
        names[deck.anki_id] = path
        width = len(str(len(deck.children)))
        for i, child in enumerate(deck.children, 1):
            walk(child, path, f"{i:0{width}d} {child.name}" if numbered else child.name, numbered)

    for manifest in lib.decks:
        walk(manifest.deck, "", manifest.deck.name, manifest.numbered)
    return names


def deck_presets(lib: Library) -> dict[int, Preset]:
    """Each deck's study preset, by anki_id: its own, else its parent's, else its manifest's."""
    presets: dict[int, Preset] = {}

    def walk(deck: Deck, inherited: Preset) -> None:
        own = deck.preset or inherited
        presets[deck.anki_id] = own
        for child in deck.children:
            walk(child, own)

    for manifest in lib.decks:
        walk(manifest.deck, manifest.preset)
    return presets


def plan_decks(
    lib: Library, deck: str | None = None, names: CourseNames | None = None
) -> tuple[list[DeckRow], list[Item], dict[str, int]]:
    """The decks to write, the items to export, and each item's deck id.

    With manifests: their tree (or the subtree named by ``deck``), each item in its deepest deck;
    items no deck takes go to the root deck (or a fixed default deck when there are several
    roots). Without manifests: one deck named after the banks, its id derived from the bank ids.
    """
    names = names or course_names(lib.outline)
    default_id, default_name = names.deck_id, names.deck_name
    all_nodes = list(walk_decks(lib))
    if deck is not None:
        found = find_deck(lib, deck)
        if found is None:
            known = ", ".join(n.path for n in all_nodes) or "none"
            raise ExportError(f"no deck named {deck!r} (decks: {known})")
        nodes = _subtree(lib, found)
        items = deck_items(lib, found.deck)
        # Parents of the subtree go in too (empty) so the names nest under the same ids.
        ancestors = [n for n in all_nodes if n.depth < found.depth and found.path.startswith(n.path + "::")]
        deck_names, presets = anki_deck_names(lib), deck_presets(lib)
        rows = [DeckRow(n.deck.anki_id, deck_names[n.deck.anki_id], n.deck.description, presets[n.deck.anki_id])
                for n in (*ancestors, *nodes)]
        best = deepest_decks(lib, nodes, items)
        return rows, items, {it.id: best[it.id].deck.anki_id for it in items}
    items = list(lib.items)
    if all_nodes:
        deck_names, presets = anki_deck_names(lib), deck_presets(lib)
        rows = [DeckRow(n.deck.anki_id, deck_names[n.deck.anki_id], n.deck.description, presets[n.deck.anki_id])
                for n in all_nodes]
        roots = [n for n in all_nodes if n.depth == 0]
        fallback = roots[0].deck.anki_id if len(roots) == 1 else default_id
        best = deepest_decks(lib, all_nodes, items)
        deck_of = {it.id: (best[it.id].deck.anki_id if it.id in best else fallback) for it in items}
        if fallback == default_id and default_id in deck_of.values():
            rows.append(DeckRow(default_id, default_name))
        return rows, items, deck_of
    used = [b for b in lib.banks if b.items]
    # The course's title, else the one bank's, else the project's name: never every title joined.
    if lib.courses:
        name = lib.courses[0].title
    elif len(used) == 1:
        name = used[0].title
    else:
        name = default_name
    name = name.replace("::", ":")
    anki_id = stable_deck_id("+".join(sorted(b.id for b in used))) if used else default_id
    desc = " ".join(b.description for b in used if b.description)
    return [DeckRow(anki_id, name, desc)], items, {it.id: anki_id for it in items}


# ---------------------------------------------------------------------------------------------
# Building and writing


def _card_ords(item: Item) -> tuple[int, ...]:
    """The card ordinals Anki makes: one per distinct gap number for a cloze, one per pair or step, else one."""
    if isinstance(item, Matching):
        return tuple(range(len(item.pairs)))
    if isinstance(item, Ordering):
        return tuple(range(len(item.steps)))
    if isinstance(item, Cloze):
        # From the regex directly: cheaper than building the item's Gap models.
        # Gaps without an answer are left out of the field (see cloze_field): they make no card.
        return tuple(sorted({int(m.group(1)) - 1 for m in CLOZE_RE.finditer(item.text) if m.group(2).strip()}))
    return (0,)


# The deck's licence: the project's (pyproject.toml).
DECK_LICENCE = "MIT"


def about_html(lib: Library) -> str:
    """Where the deck comes from, for the root deck's description: source, version, licence, disclaimer."""
    course = lib.courses[0] if lib.courses else None
    lines = []
    if course is not None:
        source = course.source.citation or course.source.title
        lines.append(f"Source: {esc(source)}" + (f" ({esc(course.source.url)})" if course.source.url else ""))
    lines.append(f"Made with backhip-learn {__version__} \u00b7 Licence: {DECK_LICENCE}")
    lines.append(esc(course.disclaimer if course is not None and course.disclaimer else DISCLAIMER))
    return '<div class="bh-about">' + "".join(f"<p>{line}</p>" for line in lines) + "</div>"


def interleave(items: Sequence[Item]) -> list[Item]:
    """New-card order: sections taken in turn, and within a section its objectives in turn.

    Anki shows new cards by position and buries only siblings of one note, so items on one
    objective (or one section) written one after another would arrive together; this spreads
    them while keeping each section's and objective's own order. Deterministic.
    """
    sections: dict[str, dict[str, list[Item]]] = {}
    for it in items:
        sections.setdefault(it.source or "", {}).setdefault(it.objective or f"item:{it.id}", []).append(it)

    def round_robin(queues: list[list[Item]]) -> list[Item]:
        # One from each queue in turn; a queue that runs out drops out of the turn.
        return [it for turn in itertools.zip_longest(*queues) for it in turn if it is not None]

    # Items without an objective form one-item queues: they keep their bank order among themselves.
    per_section = [round_robin(_merge_singletons(list(objs.values()))) for objs in sections.values()]
    return round_robin(per_section)


def _merge_singletons(queues: list[list[Item]]) -> list[list[Item]]:
    """Queues of items that name no objective joined into one queue, so they are not all dealt first."""
    named = [q for q in queues if q[0].objective]
    loose = [it for q in queues if not q[0].objective for it in q]
    return named + ([loose] if loose else [])


def build_export(lib: Library, *, deck: str | None = None, types: Sequence[str] = ()) -> AnkiExport:
    """Every note and deck of the export (pure: nothing is written).

    ``types`` keeps only those item types; an item with ``anki: false`` is always left out.
    """
    names = course_names(lib.outline)
    rows, items, deck_of = plan_decks(lib, deck, names)
    out = AnkiExport(decks=rows, about=about_html(lib), note_types=names.note_types)
    outline = lib.outline
    sections: dict[str | None, str] = {}  # the Section field of each source, built once
    misconceptions = lib.misconceptions
    aliases = {k: v for m in lib.decks for k, v in m.tag_aliases.items()}
    wanted = set(types)
    by_deck: dict[int, list[Item]] = {}
    for item in items:
        if not getattr(item, "anki", True) or (wanted and item.type not in wanted):
            continue
        by_deck.setdefault(deck_of[item.id], []).append(item)
    position = 0
    ordered: list[Item] = []
    for row in rows:  # Anki gathers new cards deck by deck: positions follow the deck order
        for item in interleave(by_deck.get(row.anki_id, ())):
            out.due[item.id] = position
            position += 1
            ordered.append(item)
    for item in ordered:
        ords = _card_ords(item)
        if not ords:
            gapless = not CLOZE_RE.search(item.text)  # type: ignore[union-attr]
            out.skipped.append((item.id, "cloze without gaps makes no card" if gapless
                                else "cloze whose gaps have no answer makes no card"))
            continue
        if item.source not in sections:
            sections[item.source] = _section_html(item.source, outline)
        if unanswerable(item, item.id) is not None:  # E045: an error the commands refuse; never a card either
            out.skipped.append((item.id, "no answer to it can be right (E045)"))
            continue
        key, fields = note_fields(item, misconceptions, lib.lexicon, section=sections[item.source])
        if item.has_picture():  # export/media.py
            fields = add_pictures(lib, item, NOTE_TYPES[key].fields, fields, out.media)
        out.notes.append(
            NoteRow(  # positional: item_id, item_type, note_type, fields, sort_field, tags, guid, deck_id, ords
                item.id, item.type, key, fields, plain(item.prompt), item_tags(item, aliases, names.tag_root),
                item_guid(item, outline.course_id), deck_of[item.id], ords,
            )
        )
    if not out.notes:
        raise ExportError("nothing to export: no items found")
    return out


RETIRED_TAG = f"{TAG_ROOT}::retired"
RETIRED_TEXT = (
    "Retired: this item was removed from the course. Its card is suspended in new collections;"
    " suspend or delete it (search: tag:backhip::retired)."
)


# Where a retired stub's cards go in a collection that never had the item: a deck with no new
# cards a day (its preset), out of the way. A learner's existing cards stay where they are.
RETIRED_DECK_TEXT = "Cards of items removed from the course: suspended, never studied. Safe to delete."


def stamp_notes(export: AnkiExport, state: ReleaseState, now: float, *, retire: bool = True) -> ReleaseState:
    """Give every note its modification time from the release record; return the record after this export.

    An unchanged note keeps its released stamp (Anki's importer then leaves it, and the learner's
    tags and notes on it, alone); a new or changed one gets ``now``. With ``retire`` (a full
    export), every released item that is gone gets a retired stub (see ``_retired_row``).
    """
    stamp_now = int(max(now, _EARLIEST))
    shipped: dict[str, Released] = {}
    export.changed = []
    for row in export.notes:
        digest = content_hash(row.note_type, row.fields, row.tags)
        stamp = stamp_for(state, row.item_id, digest, stamp_now)
        released = state.notes.get(row.item_id)
        if released is None or released.hash != digest or released.retired:
            export.changed.append(row.item_id)
        export.stamps[row.item_id] = stamp
        gaps = tuple(o + 1 for o in row.ords) if row.note_type == "cloze" else ()
        if released is not None and released.gaps:
            gaps = tuple(sorted({*gaps, *released.gaps}))  # a gap once released stays on record
        shipped[row.item_id] = Released(digest, stamp, row.note_type, row.guid, gaps)
    retired: dict[str, Released] = {}
    if retire and export.decks:
        root = export.decks[0]
        retired_deck = DeckRow(stable_deck_id(f"{root.anki_id}:retired"), f"{root.name}::Retired", RETIRED_DECK_TEXT,
                               Preset(new_per_day=0, reviews_per_day=0))
        for item_id, released in sorted(state.notes.items()):
            stub = _retired_row(item_id, released, retired_deck.anki_id)
            if item_id in shipped or stub is None:
                continue
            digest = content_hash(stub.note_type, stub.fields, stub.tags)
            same = released.retired and released.hash == digest
            stamp = released.stamp if same else max(stamp_now, released.stamp + 1)
            if not same:
                export.changed.append(item_id)
            export.notes.append(stub)
            export.stamps[item_id] = stamp
            export.retired.append(item_id)
            retired[item_id] = Released(digest, stamp, stub.note_type, stub.guid, released.gaps, retired=True)
        if retired:
            export.decks.append(retired_deck)
    return next_state(state, shipped, retired)


def _retired_row(item_id: str, released: Released, deck_id: int) -> NoteRow | None:
    """A stub replacing a removed item's note: a retired notice, tagged, its cards kept renderable.

    Anki's importer never changes a learner's cards, so it cannot suspend them: the stub says so on
    the card and carries the tag to find them by. A cloze stub keeps every released gap number, so
    no card is left asking for a gap that no longer exists.
    """
    nt = NOTE_TYPES.get(released.note_type)
    if nt is None or not released.guid:
        return None
    first = esc(RETIRED_TEXT)
    ords: tuple[int, ...] = (0,)
    if nt.cloze:
        gaps = released.gaps or (1,)
        first += " " + " ".join(f"{{{{c{g}::retired}}}}" for g in gaps)
        ords = tuple(g - 1 for g in gaps)
    fields = [first] + [""] * (len(nt.fields) - 1)
    fields[nt.fields.index("Id")] = item_id
    return NoteRow(item_id, "retired", nt.key, tuple(fields), "Retired: " + item_id, (RETIRED_TAG,),
                   released.guid, deck_id, ords)


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


class _Note(genanki.Note):
    """A genanki note whose fields are known to be valid HTML and whose cards are known.

    Every field is built here from escaped text and our own fixed tags, so genanki's per-field
    regex scan for malformed tags (a warning aimed at unescaped input) is skipped, and the cards
    are the ones counted in ``build_export`` rather than re-derived from the templates: on a
    large bank these two are a quarter of genanki's writing time.
    """

    def __init__(self, *, ords: Sequence[int], mod: int | None = None, suspend: bool = False, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.cards = [genanki.Card(o, suspend=suspend) for o in ords]  # fills genanki's cached property
        self.mod = mod

    def write_to_db(self, cursor: object, timestamp: float, deck_id: int, id_gen: object) -> None:
        # The note's own stamp (see ``stamp_notes``), so that only changed notes are newer than a learner's copy.
        super().write_to_db(cursor, timestamp if self.mod is None else self.mod, deck_id, id_gen)

    def _check_invalid_html_tags_in_fields(self) -> None:
        return None


def make_package(export: AnkiExport) -> genanki.Package:
    """The genanki package: one genanki deck per deck row, notes in export order."""
    models = {key: genanki_model(nt) for key, nt in export.note_types.items()}
    decks = {
        row.anki_id: genanki.Deck(
            row.anki_id, row.name,
            description=esc(row.description) + (export.about if "::" not in row.name else ""),
        )
        for row in export.decks
    }
    for row in export.notes:
        decks[row.deck_id].add_note(
            _Note(
                model=models[row.note_type],
                fields=list(row.fields),
                sort_field=row.sort_field,
                tags=list(row.tags),
                guid=row.guid,
                ords=row.ords,
                mod=export.stamps.get(row.item_id),
                suspend=row.item_type == "retired",
                due=export.due.get(row.item_id, 0),
            )
        )
    return genanki.Package(list(decks.values()))


# Zip dates run from 1980 to the end of 2107. An earlier SOURCE_DATE_EPOCH is clamped to 1980 (as
# reproducible-builds advise), for the zip entries and, so that ids and times stay sane, for the
# collection too; a later one, a negative one or one that is no whole number is an error.
_EARLIEST = 315_532_800.0
LATEST = 4_354_819_198  # 2107-12-31 23:59:58 UTC, the zip format's last (even) second


def source_date_epoch(default: float | None = None) -> float:
    """``SOURCE_DATE_EPOCH`` if set (reproducible builds), else ``default`` or the current time.

    Raises ``ExportError`` when it is not a whole number from 0 to ``LATEST``.
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return time.time() if default is None else default
    shown = raw if len(raw) <= 40 else raw[:40] + "..."
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 12 or int(raw) > LATEST:
        raise ExportError(
            f"SOURCE_DATE_EPOCH must be an integer number of seconds from 0 to {LATEST} "
            f"(1970 to 2107, the last date a zip file holds), got {shown!r}"
        )
    return float(int(raw))


def _zip_date(timestamp: float) -> tuple[int, int, int, int, int, int]:
    t = dt.datetime.fromtimestamp(timestamp, dt.timezone.utc)
    return (t.year, t.month, t.day, t.hour, t.minute, t.second)


def _write_presets(cursor: sqlite3.Cursor, decks: Sequence[DeckRow]) -> None:
    """Add each distinct deck preset to the collection's deck options and point its decks at it.

    genanki writes every deck with Anki's default options (id 1); Anki imports the presets of a
    package when *Import any deck presets* is ticked. Preset ids are derived from the first deck
    that uses the preset, so a later release updates the same preset.
    """
    dconf = json.loads(cursor.execute("SELECT dconf FROM col").fetchone()[0])
    decks_json = json.loads(cursor.execute("SELECT decks FROM col").fetchone()[0])
    ids: dict[Preset, int] = {}
    for row in decks:
        if row.preset is None or str(row.anki_id) not in decks_json:
            continue
        conf_id = ids.get(row.preset)
        if conf_id is None:
            conf_id = ids[row.preset] = stable_deck_id(f"preset:{row.anki_id}") % (1 << 52)
            conf = json.loads(json.dumps(dconf["1"]))  # a copy of the default options
            p = row.preset
            conf.update(id=conf_id, name=f"backhip-learn: {row.name.rsplit('::', 1)[-1]}",
                        desiredRetention=p.desired_retention)
            conf["new"].update(perDay=p.new_per_day, delays=[float(m) for m in p.learning_steps_minutes])
            conf["rev"].update(perDay=p.reviews_per_day)
            conf["lapse"].update(delays=[float(m) for m in p.relearning_steps_minutes])
            dconf[str(conf_id)] = conf
        decks_json[str(row.anki_id)]["conf"] = conf_id
    cursor.execute("UPDATE col SET dconf = ?, decks = ?", (json.dumps(dconf), json.dumps(decks_json)))


def collection_bytes(package: genanki.Package, timestamp: float, decks: Sequence[DeckRow] = ()) -> bytes:
    """The package's collection.anki2, built by genanki in an in-memory SQLite database.

    In memory rather than in a temporary file (as genanki's ``write_to_file`` does): no disk
    writes, syncs or clean-up for a file that only goes into the zip.
    """
    conn = sqlite3.connect(":memory:")
    try:
        cursor = conn.cursor()
        package.write_to_db(cursor, timestamp, itertools.count(int(timestamp * 1000)))
        _write_presets(cursor, decks)
        conn.commit()
        return conn.serialize()
    finally:
        conn.close()


# Deflated at the fastest level: a collection still shrinks about fivefold; higher levels save
# a fifth more bytes at several times the cost on a large bank.
ZIP_LEVEL = 1


def write_package(
    package: genanki.Package,
    path: str | os.PathLike[str],
    *,
    timestamp: float,
    decks: Sequence[DeckRow] = (),
    media: Mapping[str, bytes] | None = None,
) -> None:
    """Write an .apkg whose bytes depend only on the package and ``timestamp``.

    genanki's ``write_to_file`` stamps the zip entries with the current time; this writes the
    same collection but fixes every zip entry's date, and replaces ``path`` atomically, keeping
    the mode of the file it replaces. The temporary ``.NAME.*.part`` file is locked while it is
    written: one left by a killed export (unlocked) is removed by the next export to the same place.
    """
    # Through a symlink: update the file it points to rather than replace the link itself.
    path = Path(os.path.realpath(path))
    timestamp = max(timestamp, _EARLIEST)
    data = collection_bytes(package, timestamp, decks)
    date = _zip_date(timestamp)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)  # an overwritten file keeps its permissions
    except OSError:
        mode = 0o644  # a new .apkg is meant to be shared
    remove_stale_parts(path)
    fd, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            _lock(fh.fileno())  # held until the rename: the part file is alive while locked
            with zipfile.ZipFile(fh, "w") as zf:
                # Media files are the zip entries "0", "1", ...; the "media" entry maps them to their names.
                files = sorted((media or {}).items())
                index = json.dumps({str(k): name for k, (name, _) in enumerate(files)}).encode("utf-8")
                entries = [("collection.anki2", data), *((str(k), body) for k, (_, body) in enumerate(files))]
                for name, content in (*entries, ("media", index)):
                    info = zipfile.ZipInfo(name, date_time=date)
                    info.external_attr = 0o644 << 16
                    info.create_system = 3  # unix, whatever the host
                    # Given here: an entry built as a ZipInfo ignores the ZipFile's own settings.
                    zf.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL)
            fh.flush()
            os.chmod(partial, mode)  # mkstemp makes 0600
            os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def _lock(fd: int, *, wait: bool = True) -> bool:
    """An exclusive advisory lock on ``fd`` (False when ``wait`` is off and another process holds it)."""
    try:
        import fcntl
    except ImportError:  # no flock (Windows): a part file is never taken for stale
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        return False
    return True


def remove_stale_parts(path: Path) -> list[Path]:
    """Remove the ``.NAME.*.part`` files beside ``path`` that no running export holds; returns them."""
    removed = []
    for name in glob.glob(glob.escape(str(path.parent / f".{path.name}.")) + "*.part"):
        part = Path(name)
        try:
            fd = os.open(part, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode) and _lock(fd, wait=False):
                part.unlink(missing_ok=True)
                removed.append(part)
        finally:
            os.close(fd)
    return removed


def write_apkg(export: AnkiExport, path: str | os.PathLike[str], *, timestamp: float) -> None:
    """Write the export as an .apkg at ``path``."""
    write_package(make_package(export), path, timestamp=timestamp, decks=export.decks, media=export.media)
