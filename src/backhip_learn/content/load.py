"""Load YAML content files into the model, collecting every problem with its file:line:col.

Public API (stable: the study engine, export and TUI rely on it):

- ``Problem``: one finding, printed as ``path:line:col: severity: message``.
- ``Library``: everything loaded: banks, exams, decks, misconceptions, and the items with
  their effective ``source`` and ``tags`` already resolved from the bank defaults.
- ``load_paths(paths)``: load files and folders, never raising on bad content.
- ``load_content(banks=())``: the bundled content, or the given ``--bank`` paths.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import TypeAdapter, ValidationError

from backhip_learn.content.model import (
    Bank,
    ContentFile,
    DeckManifest,
    Exam,
    Item,
    Misconception,
    MisconceptionList,
)

Severity = Literal["error", "warning"]
YAML_SUFFIXES = (".yaml", ".yml")
_FILE_ADAPTER: TypeAdapter[Bank | Exam | MisconceptionList | DeckManifest] = TypeAdapter(ContentFile)


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in a content file."""

    path: str
    line: int | None
    col: int | None
    severity: Severity
    message: str
    code: str = ""

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return f"{where}: {self.severity}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        """A JSON-friendly form."""
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
            "code": self.code,
        }


@dataclass(frozen=True)
class Where:
    """Where something was defined."""

    path: str
    line: int | None = None
    col: int | None = None


@dataclass
class Library:
    """Everything loaded from a set of paths."""

    banks: list[Bank] = field(default_factory=list)
    exams: list[Exam] = field(default_factory=list)
    decks: list[DeckManifest] = field(default_factory=list)
    misconceptions: dict[str, Misconception] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # Items in bank order (file order, then item order), with source/tags resolved.
    items: list[Item] = field(default_factory=list)
    item_index: dict[str, Item] = field(default_factory=dict)
    item_where: dict[str, Where] = field(default_factory=dict)
    bank_of: dict[str, str] = field(default_factory=dict)
    bank_where: dict[str, Where] = field(default_factory=dict)
    exam_where: dict[str, Where] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        """Problems of severity error."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems of severity warning."""
        return [p for p in self.problems if p.severity == "warning"]

    def exam(self, name: str) -> Exam | None:
        """The exam with this id, or None."""
        return next((e for e in self.exams if e.id == name), None)


def iter_content_files(paths: Iterable[Path], problems: list[Problem]) -> list[Path]:
    """Expand folders into their YAML files (sorted); report paths that do not exist."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix in YAML_SUFFIXES and f.is_file()))
        elif p.is_file():
            out.append(p)
        else:
            problems.append(Problem(str(p), None, None, "error", "no such file or folder", "missing"))
    return out


def parse_file(path: Path) -> tuple[object | None, list[Problem], dict[tuple[object, ...], tuple[int, int]]]:
    """Parse one YAML file safely: its data, its problems, and a map from data paths to (line, col).

    Lines and columns are 1-based.
    """
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(str(path), None, None, "error", f"cannot read: {exc}", "read")], {}
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        return None, [Problem(str(path), line, col, "error", f"YAML syntax: {exc}", "yaml")], {}
    return data, [], {}


def _locate(marks: dict[tuple[object, ...], tuple[int, int]], loc: Sequence[object]) -> tuple[int | None, int | None]:
    """The mark of the deepest prefix of ``loc`` that exists in ``marks``."""
    parts = list(loc)
    while True:
        if tuple(parts) in marks:
            return marks[tuple(parts)]
        if not parts:
            return None, None
        parts.pop()


def validate_data(
    path: str, data: object, marks: dict[tuple[object, ...], tuple[int, int]]
) -> tuple[Bank | Exam | MisconceptionList | DeckManifest | None, list[Problem]]:
    """Validate parsed data against the model; map pydantic's error locations to lines."""
    if not isinstance(data, dict):
        kind = "empty" if data is None else type(data).__name__
        return None, [Problem(path, 1, 1, "error", f"expected a mapping at the top level, found {kind}", "top")]
    if "kind" not in data:
        data = {"kind": "bank", **data}
    try:
        return _FILE_ADAPTER.validate_python(data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            # Discriminated unions put the tag (e.g. 'mcq') in the location: drop it.
            loc = [p for p in err["loc"] if not (isinstance(p, str) and p in _TAGS)]
            line, col = _locate(marks, loc)
            where = ".".join(str(p) for p in loc) or "(file)"
            problems.append(Problem(path, line, col, "error", f"{where}: {err['msg']}", "schema"))
        return None, problems


_TAGS = {"bank", "exam", "misconceptions", "deck", "basic", "mcq", "multi", "true_false", "cloze", "short", "matching", "ordering"}


def load_paths(paths: Sequence[Path | str]) -> Library:
    """Load every content file under ``paths``; never raises on bad content."""
    lib = Library()
    files = iter_content_files([Path(p) for p in paths], lib.problems)
    for f in files:
        lib.files.append(str(f))
        data, problems, marks = parse_file(f)
        lib.problems.extend(problems)
        if problems:
            continue
        model, problems = validate_data(str(f), data, marks)
        lib.problems.extend(problems)
        if model is None:
            continue
        _add(lib, str(f), model, marks)
    return lib


def _add(lib: Library, path: str, model: object, marks: dict[tuple[object, ...], tuple[int, int]]) -> None:
    """File one validated model into the library, resolving bank defaults and duplicate ids."""
    if isinstance(model, Bank):
        lib.banks.append(model)
        lib.bank_where[model.id] = Where(path, *marks.get((), (None, None)))
        for i, item in enumerate(model.items):
            line, col = marks.get(("items", i), (None, None))
            if item.id in lib.item_index:
                first = lib.item_where[item.id]
                lib.problems.append(
                    Problem(path, line, col, "error",
                            f"duplicate item id '{item.id}' (first defined at {first.path}:{first.line})", "dup-id")
                )
                continue
            resolved = item.model_copy(
                update={
                    "source": item.source or model.source,
                    "tags": tuple(dict.fromkeys((*model.tags, *item.tags))),
                }
            )
            lib.items.append(resolved)
            lib.item_index[item.id] = resolved
            lib.item_where[item.id] = Where(path, line, col)
            lib.bank_of[item.id] = model.id
    elif isinstance(model, Exam):
        lib.exams.append(model)
        lib.exam_where[model.id] = Where(path)
    elif isinstance(model, MisconceptionList):
        for m in model.misconceptions:
            lib.misconceptions[m.id] = m
    elif isinstance(model, DeckManifest):
        lib.decks.append(model)


def load_content(banks: Sequence[str | Path] = ()) -> Library:
    """The bundled content, or the given ``--bank`` files/folders instead."""
    from backhip_learn.paths import default_content_paths

    return load_paths(list(banks) if banks else default_content_paths())
