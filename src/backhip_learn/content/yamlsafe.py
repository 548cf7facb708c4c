"""Read one YAML content file safely, keeping the line and column of every key and value.

PyYAML's loaders compose recursively (5,000 nested brackets raise RecursionError), silently keep
the last of two duplicate keys, expand aliases without limit, and forget where each value came
from. This module reads the parser's event stream (libyaml when available) with an iterative
composer of its own that:

- builds plain Python data (dict, list, str, int, float, bool, None, date) and two position
  maps, ``values`` and ``keys``, from data paths such as ``("items", 3, "choices", 1, "text")``
  to 1-based ``(line, col)``;
- resolves plain scalars with YAML's safe resolver and refuses any other tag (``!!python/...``,
  ``!custom``): nothing is ever constructed from a tag;
- reports duplicate keys with both lines, caps alias expansion, nesting depth and file size;
- turns every failure into one ``Problem`` naming the file, never an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from backhip_learn.content.problems import Problem
from backhip_learn.content.safetext import BIDI, CONTROL, describe_char

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 100
# Nodes that aliases may add beyond the file's own: generous for sharing a list of choices,
# tiny next to an alias bomb (nine levels of nine aliases is 387 million nodes).
MAX_ALIAS_NODES = 100_000
# Whole numbers beyond 64 bits fit no field (Anki ids and SQLite stop at 2**63) and a huge one
# cannot even be printed (Python refuses int -> str past 4,300 digits).
MAX_INT_BITS = 64
# Keys in one mapping: no content mapping has more than a few dozen, and a file of hundreds of
# thousands of unknown keys would otherwise cost as many schema errors.
MAX_KEYS = 1_000
# Control and bidi findings kept per file (as many as the loader lists): the rest are counted.
MAX_FINDINGS = 100

Position = tuple[int, int]
DataPath = tuple[object, ...]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _FLOAT = _TAG + "str", _TAG + "null", _TAG + "bool", _TAG + "int", _TAG + "float"
_TIMESTAMP, _MERGE, _SEQ, _MAP = _TAG + "timestamp", _TAG + "merge", _TAG + "seq", _TAG + "map"
_SCALAR_TAGS = {_STR, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP}
_RESOLVERS = Resolver.yaml_implicit_resolvers
_CONSTRUCTOR = SafeConstructor()


class YamlProblem(Exception):
    """Internal: stops composing a file at its first fatal problem."""

    def __init__(self, message: str, line: int | None, col: int | None, code: str) -> None:
        super().__init__(message)
        self.message, self.line, self.col, self.code = message, line, col, code


@dataclass
class Parsed:
    """The data of one YAML file, where each part of it is, and what went wrong."""

    data: object = None
    values: dict[DataPath, Position] = field(default_factory=dict)
    keys: dict[DataPath, Position] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Control and bidi findings past ``MAX_FINDINGS``: counted (errors, warnings), never built.
    left_out: tuple[int, int] = (0, 0)

    def at(self, path: DataPath, *, key: bool = False) -> Position | tuple[None, None]:
        """The position of ``path`` (its key when ``key``), else of its deepest known parent."""
        parts = tuple(path)
        if key and parts in self.keys:
            return self.keys[parts]
        while True:
            if parts in self.values:
                return self.values[parts]
            if not parts:
                return None, None
            parts = parts[:-1]


_MERGE_KEY = object()  # marks a pending '<<' key


class _Frame:
    """One open mapping or sequence while composing."""

    __slots__ = ("anchor", "container", "is_map", "key", "key_pos", "merged", "path", "seen", "start_count")

    def __init__(
        self, container: dict[object, object] | list[object], path: DataPath, is_map: bool, start_count: int,
        anchor: str | None,
    ) -> None:
        # A dict when is_map, else a list: the flag, not the type, says which (one check per event).
        self.container: Any = container
        self.path = path
        self.is_map = is_map
        self.key: object = None
        self.key_pos: Position | None = None  # set while a key waits for its value
        self.seen: dict[object, int] = {}
        self.merged: set[object] = set()
        self.start_count = start_count
        self.anchor = anchor


def _scalar(value: str, tag: str | None, implicit: tuple[bool, bool], line: int, col: int) -> object:
    """The Python value of a scalar event, using only YAML's safe types."""
    if tag is None or tag == "!":
        if not implicit[0]:
            return value
        resolvers = _RESOLVERS.get(value[0] if value else "", ())
        tag = _STR
        for candidate, regexp in resolvers:
            if regexp.match(value):
                tag = candidate
                break
        if tag == _STR:
            return value
    if tag == _STR:
        return value
    if tag == _MERGE:
        return _MERGE_KEY
    if tag not in _SCALAR_TAGS:
        raise YamlProblem(_tag_message(tag), line, col, "E003")
    node = ScalarNode(tag, value)
    try:
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return _CONSTRUCTOR.construct_yaml_bool(node)
        if tag == _INT:
            number = _CONSTRUCTOR.construct_yaml_int(node)
            if number.bit_length() >= MAX_INT_BITS:
                raise YamlProblem(
                    f"whole number too large ({len(value)} characters; at most {MAX_INT_BITS - 1} bits): "
                    "put it in quotes if it is text", line, col, "E009",
                )
            return number
        if tag == _FLOAT:
            return _CONSTRUCTOR.construct_yaml_float(node)
        return _CONSTRUCTOR.construct_yaml_timestamp(node)
    except (ValueError, TypeError, ConstructorError, IndexError, KeyError, OverflowError):
        short = tag.removeprefix(_TAG)
        raise YamlProblem(f"'{value[:40]}' is not a valid {short}", line, col, "E003") from None


def _tag_message(tag: str) -> str:
    shown = "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
    return f"tag {shown[:60]} is not allowed: content files use plain YAML (text, numbers, lists, mappings)"


def _describe_key(key: object) -> str:
    return repr(key) if not isinstance(key, str) else f"'{key[:60]}'"


Finding = tuple[int, int, str, str]  # line, col, code, message


class _Findings:
    """Control and bidi characters met in scalars (keys and values), the first ``MAX_FINDINGS`` kept."""

    __slots__ = ("kept", "more_errors", "more_warnings")

    def __init__(self) -> None:
        self.kept: list[Finding] = []
        self.more_errors = self.more_warnings = 0

    def check(self, value: str, line: int, col: int) -> None:
        """Record a control character (an error) or a bidi override (a warning) in one scalar's text."""
        bad = CONTROL.search(value)
        if bad is not None:
            self._add((line, col, "E008", (
                f"control character {describe_char(bad.group())} in text: content may hold no control "
                "characters but tab and newline (a \\e, \\x.., \\u00.. or \\a escape in double quotes?)"
            )))
        bidi = BIDI.search(value)
        if bidi is not None:
            self._add((line, col, "W140", (
                f"bidirectional control {describe_char(bidi.group())} in text: it can make the text read "
                "differently from what it holds (remove it unless the text is right-to-left)"
            )))

    def cut(self, line: int, col: int, value: str) -> None:
        """Record text that a '#' on its line cut short (YAML reads the rest as a comment)."""
        self._add((line, col, "W145", (
            f"quote the text: '#' starts a comment, so this text ends at '{value[-30:]}' and the rest of the "
            "line is dropped (write it in quotes: \"... #2 ...\")"
        )))

    def _add(self, finding: Finding) -> None:
        if len(self.kept) < MAX_FINDINGS:
            self.kept.append(finding)
        elif finding[2] == "E008":
            self.more_errors += 1
        else:
            self.more_warnings += 1


# Raw characters that make every scalar worth checking: C1 controls (NEL is printable to the
# reader) and bidi controls. Other control characters only arrive through double-quoted escapes.
_RAW_SUSPECT = re.compile("[\x80-\x9f\u202a-\u202e\u2066-\u2069]")


def compose(
    text: str, findings: _Findings | None = None
) -> tuple[object, dict[DataPath, Position], dict[DataPath, Position]]:
    """Compose one YAML document from ``text`` without recursion.

    Returns (data, value positions, key positions); raises ``YamlProblem`` or ``yaml.YAMLError``.
    Control and bidi characters in scalars are recorded in ``findings`` (when given).
    """
    suspect = findings is not None and _RAW_SUSPECT.search(text) is not None
    values: dict[DataPath, Position] = {}
    keys: dict[DataPath, Position] = {}
    anchors: dict[str, tuple[object, int]] = {}  # name -> (value, node count)
    open_anchors: set[str] = set()
    stack: list[_Frame] = []
    root: object = None
    documents = 0
    count = 0  # nodes composed so far, aliases counted at their expanded size
    alias_nodes = 0
    loader = _Loader(text)
    get_event = loader.get_event
    try:
        while True:
            ev = get_event()
            cls = ev.__class__
            if cls is StreamEndEvent or ev is None:
                break
            if cls is StreamStartEvent or cls is DocumentEndEvent:
                continue
            if cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    m = ev.start_mark
                    raise YamlProblem(
                        "more than one YAML document ('---') in one file: put each in its own file",
                        m.line + 1, m.column + 1, "E007",
                    )
                continue
            m = ev.start_mark
            line, col = m.line + 1, m.column + 1
            if cls is MappingEndEvent or cls is SequenceEndEvent:
                frame = stack.pop()
                value = frame.container
                if frame.is_map and frame.key_pos is not None:  # cannot happen with a valid parser
                    raise YamlProblem("mapping key without value", line, col, "E002")
                if frame.anchor is not None:
                    anchors[frame.anchor] = (value, count - frame.start_count)
                    open_anchors.discard(frame.anchor)
                if not stack:
                    root = value
                    continue
                parent = stack[-1]
                if parent.is_map:
                    if parent.key is _MERGE_KEY:
                        _merge(parent, value, values, parent.key_pos or (line, col))
                    else:
                        parent.container[parent.key] = value
                    parent.key_pos = None
                else:
                    parent.container.append(value)
                continue

            count += 1
            anchor = getattr(ev, "anchor", None)
            if cls is ScalarEvent:
                if findings is not None:
                    if suspect or ev.style == '"':
                        findings.check(ev.value, line, col)
                    if not ev.style:
                        _check_cut(text, ev, findings)
                value = _scalar(ev.value, ev.tag, ev.implicit, line, col)
                if anchor is not None:
                    anchors[anchor] = (value, 1)
            elif cls is AliasEvent:
                if anchor in open_anchors:
                    raise YamlProblem(f"alias *{anchor} refers to its own anchor (a loop)", line, col, "E005")
                if anchor not in anchors:
                    raise YamlProblem(f"alias *{anchor} has no anchor &{anchor} before it", line, col, "E005")
                value, size = anchors[anchor]
                count += size - 1
                alias_nodes += size
                if alias_nodes > MAX_ALIAS_NODES:
                    raise YamlProblem(
                        f"aliases expand to more than {MAX_ALIAS_NODES} nodes (an alias bomb?): "
                        "refused without expanding", line, col, "E005",
                    )
            else:  # a collection starts
                tag = ev.tag
                is_map = cls is MappingStartEvent
                if tag is not None and tag != "!" and tag != (_MAP if is_map else _SEQ):
                    raise YamlProblem(_tag_message(tag), line, col, "E003")
                if len(stack) >= MAX_DEPTH:
                    raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels", line, col, "E006")
                if stack:
                    parent = stack[-1]
                    if parent.is_map:
                        if parent.key_pos is None:
                            raise YamlProblem(
                                "a list or mapping used as a mapping key: keys must be plain text",
                                line, col, "E002",
                            )
                        path = parent.path if parent.key is _MERGE_KEY else parent.path + (parent.key,)
                    else:
                        path = parent.path + (len(parent.container),)
                else:
                    path = ()
                if not (stack and stack[-1].is_map and stack[-1].key is _MERGE_KEY):
                    values[path] = (line, col)
                if anchor is not None:
                    open_anchors.add(anchor)
                stack.append(_Frame({} if is_map else [], path, is_map, count, anchor))
                continue

            # A scalar or alias value: attach it.
            if not stack:
                values[()] = (line, col)
                root = value
                continue
            parent = stack[-1]
            if not parent.is_map:
                values[parent.path + (len(parent.container),)] = (line, col)
                parent.container.append(value)
            elif parent.key_pos is None:  # a key
                if isinstance(value, (dict, list)):
                    raise YamlProblem("a list or mapping used as a mapping key: keys must be plain text",
                                      line, col, "E002")
                if value is not _MERGE_KEY:
                    first = parent.seen.get(value)
                    if first is not None:
                        raise YamlProblem(
                            f"duplicate key {_describe_key(value)} (first at line {first}): "
                            "YAML would silently keep only the last one", line, col, "E004",
                        )
                    if len(parent.seen) >= MAX_KEYS:
                        raise YamlProblem(
                            f"more than {MAX_KEYS} keys in one mapping: no content file needs so many "
                            "(refused without reading further)", line, col, "E043",
                        )
                    parent.seen[value] = line
                    keys[parent.path + (value,)] = (line, col)
                parent.key = value
                parent.key_pos = (line, col)
            else:
                if parent.key is _MERGE_KEY:
                    _merge(parent, value, values, (line, col))
                else:
                    parent.container[parent.key] = value
                    values[parent.path + (parent.key,)] = (line, col)
                parent.key_pos = None
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose is not None:
            dispose()
    return root, values, keys


# Blanks then '#' right after a plain scalar, on its line: a comment that may have cut text short.
_COMMENT_AFTER = re.compile(r"[ \t]+#(\S?)")


def _check_cut(text: str, ev: ScalarEvent, findings: _Findings) -> None:
    """W145 for a plain text followed by '#' on its line when the '#' looks like part of the text.

    A '#' with no blank after it (``grade #2``), or one blank away from unfinished prose (``a grade
    # two sprain``), is taken for cut text; a comment set apart by two blanks or after a finished
    sentence or an id (``source: anatomy.si-joint  # the SI joint``) is an author's and passes.
    """
    end = ev.end_mark.index
    m = _COMMENT_AFTER.match(text, end)
    if m is None:
        return
    one_blank = m.end() - len(m.group(1)) - 1 - end == 1
    prose = " " in ev.value and not ev.value.rstrip().endswith((".", "?", "!", ")", ":"))
    if not (m.group(1) or (one_blank and prose)):
        return
    hash_at = m.end() - len(m.group(1)) - 1
    findings.cut(ev.end_mark.line + 1, ev.end_mark.column + 1 + (hash_at - end), ev.value)


def _merge(frame: _Frame, value: object, values: dict[DataPath, Position], pos: Position) -> None:
    """Apply a ``<<: *defaults`` merge: keys already written in the mapping win."""
    sources = value if isinstance(value, list) else [value]
    for source in sources:
        if not isinstance(source, dict):
            raise YamlProblem("'<<' (merge) needs a mapping or a list of mappings", pos[0], pos[1], "E002")
        for k, v in source.items():
            if k in frame.seen or k in frame.merged:
                continue
            frame.container[k] = v
            frame.merged.add(k)
            values[frame.path + (k,)] = pos


def _line_col(text: str, index: int) -> Position:
    """1-based line and column of a character index."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _syntax_problem(path: str, text: str, exc: yaml.YAMLError) -> Problem:
    """One readable problem from a PyYAML/libyaml error."""
    mark = getattr(exc, "problem_mark", None)
    line = col = None
    if mark is not None:
        line, col = mark.line + 1, mark.column + 1
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    if isinstance(exc, yaml.reader.ReaderError):
        position = getattr(exc, "position", None)
        if isinstance(position, int) and 0 <= position <= len(text):
            line, col = _line_col(text, position)
        char = getattr(exc, "character", None)
        shown = f"{char:#04x}" if isinstance(char, int) else repr(char)
        return Problem(path, line, col, "error", f"unprintable character {shown}: is this a text file?", "E001")
    if (problem and ("'\\t'" in problem or "tab" in problem)) or _tab_at(text, line):
        return Problem(
            path, line, col, "error",
            "a tab character where YAML expects spaces: indent with spaces, never tabs", "E002",
        )
    if problem and "nesting depth" in problem:  # libyaml's own limit on brackets
        return Problem(path, line, col, "error", f"nesting deeper than {MAX_DEPTH} levels", "E006")
    message = " ".join(str(p) for p in (context, problem) if p) or str(exc).splitlines()[0]
    context_mark = getattr(exc, "context_mark", None)
    if problem and "end of stream" in problem and context and "quoted" in context and context_mark is not None:
        # Point at the opening quote, not at the end of the file.
        return Problem(path, context_mark.line + 1, context_mark.column + 1, "error",
                       "YAML syntax: this quoted text is never closed", "E002")
    hint = _hint(problem or "", text, line, col)
    return Problem(path, line, col, "error", f"YAML syntax: {message}{hint}", "E002")


def _hint(problem: str, text: str, line: int | None, col: int | None) -> str:
    """A plain-words hint for the libyaml messages instructors meet most."""
    if "mapping values are not allowed" in problem:
        return " (a ': ' inside unquoted text? put the text in quotes; or a key indented too far)"
    if "did not find expected ',' or '}'" in problem:
        return (" (a ': ' or ', ' inside text between { } ends the text there: put the text in quotes, "
                "e.g. {text: \"Ratio: 2 to 1\", ...})")
    if "did not find expected key" in problem or "expected '-' indicator" in problem:
        return " (check the indentation of this line against the lines above)"
    if "cannot start any token" in problem and line is not None and col is not None:
        row = text.split("\n", line)[line - 1] if text.count("\n") >= line - 1 else ""
        char = row[col - 1: col]
        if char:
            return f" (text cannot start with {char!r} unless it is in quotes)"
    return ""


def _tab_at(text: str, line: int | None) -> bool:
    """Whether the error line is indented with a tab (libyaml's message does not say so)."""
    if line is None:
        return False
    lines = text.split("\n", line)
    if len(lines) < line:
        return False
    row = lines[line - 1]
    return "\t" in row[: len(row) - len(row.lstrip(" \t"))]


_NUL = re.compile(b"\x00")
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"),
)


def decode(path: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """UTF-8 text from file bytes, or one problem saying why not (binary, other encoding)."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            problem = Problem(path, 1, 1, "error", f"not UTF-8 text (it is {name}): save the file as UTF-8", "E001")
            return None, [problem]
    nul = _NUL.search(raw)
    if nul:
        line = raw.count(b"\n", 0, nul.start()) + 1
        return None, [Problem(path, line, None, "error", "binary file (contains NUL bytes), not YAML text", "E001")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Problem(
            path, line, col, "error",
            f"not UTF-8 text (byte {raw[exc.start]:#04x}): save the file as UTF-8", "E001",
        )]
    return text.removeprefix("\ufeff"), []


def parse_text(path: str, text: str) -> Parsed:
    """Parse YAML text into a ``Parsed``; problems instead of exceptions."""
    out = Parsed()
    findings = _Findings()
    try:
        out.data, out.values, out.keys = compose(text, findings)
    except YamlProblem as exc:
        out.problems.append(Problem(path, exc.line, exc.col, "error", exc.message, exc.code))
        return out
    except yaml.YAMLError as exc:
        out.problems.append(_syntax_problem(path, text, exc))
        return out
    except (RecursionError, MemoryError):  # defence in depth: the composer does not recurse
        out.problems.append(Problem(path, None, None, "error", "file too deeply nested or too large", "E006"))
        return out
    if out.data is None:
        out.problems.append(Problem(path, 1, 1, "error", "file is empty (no YAML content)", "E007"))
        out.values, out.keys = {}, {}
    for line, col, code, message in findings.kept:
        out.problems.append(Problem(path, line, col, "error" if code[0] == "E" else "warning", message, code))
    out.left_out = (findings.more_errors, findings.more_warnings)
    return out


def read_yaml(path: Path | str, *, max_bytes: int = MAX_BYTES) -> Parsed:
    """Read and parse one file: size, encoding and YAML checked, every failure a ``Problem``."""
    name = str(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        return Parsed(problems=[Problem(name, None, None, "error", f"cannot read: {exc.strerror or exc}", "E001")])
    if len(raw) > max_bytes:
        return Parsed(problems=[Problem(
            name, None, None, "error",
            f"file larger than {max_bytes // (1024 * 1024)} MB: refused without parsing (split the bank)", "E001",
        )])
    text, problems = decode(name, raw)
    if text is None:
        return Parsed(problems=problems)
    return parse_text(name, text)
