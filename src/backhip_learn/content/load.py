"""Load YAML content files into a ``Library``, collecting every problem with its file:line:col.

Every file is read even when others fail. A bank with schema errors still contributes the
items that are valid on their own (so duplicate ids and exam draws are checked across
everything), but its errors are reported and ``Library.errors`` is not empty.
"""

from __future__ import annotations

import difflib
import errno
import os
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backhip_learn.content.answerable import unanswerable
from backhip_learn.content.glossary import build_lexicon, check_glossary
from backhip_learn.content.library import Library, Where
from backhip_learn.content.model import (
    Bank,
    BodyMap,
    Course,
    DeckManifest,
    Exam,
    Glossary,
    Item,
    MisconceptionList,
    TaggedFile,
    TaggedItem,
)
from backhip_learn.content.problems import CODES, Problem, Severity, clip

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from backhip_learn.content.yamlsafe import DataPath, Parsed, Position

# Startup cost: YAML, the error explainer, the outline and pydantic's validators are imported or
# built only when a file is actually parsed, so a start from the content cache (``cache.py``) and
# every module that only needs ``Library`` skip them.

__all__ = [
    "CODES", "Library", "Problem", "Severity", "Where", "folder_entries", "is_yaml_name", "iter_content_files",
    "link_problem", "load_paths", "load_texts", "not_regular", "parse_file", "real_path",
    "validate_data",
]

YAML_SUFFIXES = (".yaml", ".yml")
# Problems listed per file: enough to fix a file in one go, and a bound on time and memory when a
# file holds hundreds of thousands of mistakes (the rest are counted, never explained).
MAX_PROBLEMS = 100


@cache
def _adapter(kind: str) -> TypeAdapter[Any]:
    """The validator of a whole content file ("file"), of one item ("item") or of a bank's header ("bank")."""
    from backhip_learn.content.rules import adapter

    return adapter({"file": TaggedFile, "item": TaggedItem, "bank": Bank}[kind])


ContentModel = Bank | Exam | MisconceptionList | DeckManifest | Glossary | Course | BodyMap
# A file without 'kind' is a bank, unless a key only another kind has says otherwise.
_KIND_HINTS = {"draw": "exam", "deck": "deck", "misconceptions": "misconceptions", "terms": "glossary",
               "sections": "course", "regions": "map"}


class FileProblems:
    """The problems of one file: the first ``limit`` kept, the rest only counted."""

    def __init__(self, path: str, limit: int = MAX_PROBLEMS) -> None:
        self.path, self.limit = path, limit
        self.kept: list[Problem] = []
        self.more_errors = self.more_warnings = 0

    @property
    def full(self) -> bool:
        """Whether further problems are only counted."""
        return len(self.kept) >= self.limit

    def add(self, problem: Problem) -> None:
        """Keep ``problem``, or count it once ``limit`` are kept."""
        if not self.full:
            self.kept.append(problem)
        elif problem.severity == "error":
            self.more_errors += 1
        else:
            self.more_warnings += 1

    def count(self, errors: int) -> None:
        """Count ``errors`` more errors without building them."""
        self.more_errors += errors

    def problems(self) -> list[Problem]:
        """The problems kept, then one saying how many were left out (when any were)."""
        more = self.more_errors + self.more_warnings
        if not more:
            return self.kept
        what = (f"{self.more_errors} error(s) and {self.more_warnings} warning(s)"
                if self.more_errors and self.more_warnings
                else f"{more} {'error(s)' if self.more_errors else 'warning(s)'}")
        return [*self.kept, Problem(
            self.path, None, None, "error" if self.more_errors else "warning",
            f"{what} more in this file left out: only the first {self.limit} problems of a file are listed "
            "(fix these and validate again)", "E042" if self.more_errors else "W142",
        )]


def is_yaml_name(path: Path) -> bool:
    """A YAML file name (``.yaml``/``.yml``, any case), not a dot-file (``._x.yaml`` macOS forks, ``.hidden.yaml``)."""
    return path.suffix.lower() in YAML_SUFFIXES and not path.name.startswith(".")


def folder_entries(folder: Path) -> list[Path]:
    """The YAML-named entries under ``folder`` (sorted), regular files or not; dot-files and dot-folders skipped."""
    return sorted(
        f for f in folder.rglob("*")
        if is_yaml_name(f) and not f.is_dir()
        and not any(part.startswith(".") for part in f.relative_to(folder).parts[:-1])
    )


def not_regular(path: Path) -> str:
    """Why a path that is not a regular file cannot be read: 'is a folder', 'is a FIFO', 'no such file or folder'..."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return "is a broken symbolic link" if path.is_symlink() else "no such file or folder"
    if stat.S_ISDIR(mode):
        return "is a folder"
    kinds = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
    what = next((name for test, name in kinds if test(mode)), "not a regular file")
    return f"is {what}, not a regular file" if what != "not a regular file" else what


def real_path(path: Path | str) -> Path:
    """The path with every symbolic link followed; a link loop is left unresolved, never an exception.

    ``Path.resolve`` raises ``RuntimeError`` (Python 3.11-3.12) or ``OSError`` (3.13) on a loop.
    """
    return Path(os.path.realpath(path))


def link_problem(path: Path) -> Problem | None:
    """Why a symbolic link to content is refused (a loop: E040; it leads out of its folder: E041), else None.

    A link is followed only to a file in the link's own folder or below it: a course folder
    that links to ``/etc/shadow`` or ``~/.aws/credentials`` must never get their lines quoted
    back in a message. A file named directly is judged the same way (its folder is where it is).
    """
    if not path.is_symlink():
        return None
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Problem(str(path), None, None, "error",
                           "symbolic link loop (the link leads back to itself): refused", "E040")
        return None  # a broken link: ``not_regular`` says so
    home = real_path(path.parent)
    if not real_path(path).is_relative_to(home):
        return Problem(str(path), None, None, "error",
                       "symbolic link to a file outside its folder: refused without reading it "
                       "(copy the file into the course folder instead)", "E041")
    return None


def iter_content_files(paths: Iterable[Path], problems: list[Problem]) -> list[Path]:
    """Expand folders into their YAML entries (sorted); report given paths that are missing or not regular files.

    A folder's entries that are not regular files (a dangling symlink, a FIFO named ``*.yaml``) are
    kept in the list, so that callers which re-list paths (``validate``'s de-duplication) keep them
    too; ``load_paths`` reports each as an error instead of reading it.
    """
    out: list[Path] = []
    for p in paths:
        link = None if p.is_dir() else link_problem(p)  # a folder given by its link is the user's choice
        if link is not None:
            problems.append(link)
        elif p.is_dir():
            out.extend(folder_entries(p))
        elif p.is_file():
            out.append(p)
        else:
            problems.append(Problem(str(p), None, None, "error", not_regular(p), "E001"))
    return out


def parse_file(path: Path) -> tuple[object | None, list[Problem], dict[DataPath, Position]]:
    """Parse one YAML file safely: its data, its problems, and a map from data paths to (line, col).

    Lines and columns are 1-based. See ``yamlsafe.read_yaml`` for key positions too.
    """
    from backhip_learn.content.yamlsafe import read_yaml

    parsed = read_yaml(path)
    return parsed.data, parsed.problems, parsed.values


def validate_data(
    path: str, data: object, marks: dict[DataPath, Position] | Parsed
) -> tuple[ContentModel | None, list[Problem]]:
    """Validate parsed data against the model; map pydantic's error locations to lines.

    The model is None when there is any problem (``load_paths`` salvages valid items instead).
    """
    from backhip_learn.content.yamlsafe import Parsed

    parsed = marks if isinstance(marks, Parsed) else Parsed(data=data, values=marks)
    model, problems, _ = _validate(path, data, parsed)
    return (None if problems else model), problems


def _validate(
    path: str, data: object, parsed: Parsed, sink: FileProblems | None = None
) -> tuple[ContentModel | None, list[Problem], list[int] | None]:
    """The model (possibly salvaged), its problems, and the data index of each bank item kept.

    The index list is None when every item was kept in order. With ``sink`` the problems go there
    (the returned list is empty), and schema errors past its limit are counted, not explained.
    """
    from pydantic import ValidationError

    from backhip_learn.content.explain import describe

    out = sink if sink is not None else FileProblems(path, limit=10**9)
    if not isinstance(data, dict):
        # Not quoted: a file that is not a content file at all (a key file named *.yaml) is never echoed.
        found = "text" if isinstance(data, str) else describe(data)
        out.add(Problem(
            path, 1, 1, "error",
            f"expected a mapping at the top level (a bank, exam, deck or misconceptions file), found {found}",
            "E007",
        ))
        return None, ([] if sink is not None else out.kept), None
    if "kind" not in data:
        for key, kind in _KIND_HINTS.items():
            if key in data and "items" not in data:
                line, col = parsed.at((key,), key=True)
                out.add(Problem(
                    path, line, col, "error",
                    f"field 'kind' is required: this looks like a {kind} file, add 'kind: {kind}' at the top",
                    "E010",
                ))
                return None, ([] if sink is not None else out.kept), None
        data = {"kind": "bank", **data}
    try:
        return _adapter("file").validate_python(data), [], None
    except ValidationError as exc:
        _explain_errors(path, data, parsed, exc, out)
    bank, kept = _salvage_bank(data)
    return bank, ([] if sink is not None else out.problems()), kept


# Past this many schema errors in one file, a bank's errors are gathered item by item, so that
# pydantic's list of every error (hundreds of thousands for a hostile file) is never built.
_MANY_ERRORS = 1_000


def _explain_errors(path: str, data: dict, parsed: Parsed, exc: Any, out: FileProblems) -> None:
    """The schema errors of ``exc`` as problems in ``out``: explained while it has room, then counted."""
    from pydantic import ValidationError

    from backhip_learn.content.explain import explain, skip

    def take(errors: Any, prefix: tuple[object, ...] = ()) -> None:
        for err in errors.errors(include_url=False):
            if skip(err):
                continue
            if out.full:
                out.count(1)
            else:
                if prefix:
                    err = {**err, "loc": (*prefix, *err["loc"])}
                out.add(explain(path, data, parsed, err))

    items = data.get("items")
    if exc.error_count() <= _MANY_ERRORS or data.get("kind") != "bank" or not isinstance(items, list):
        take(exc)
        return
    header = {k: v for k, v in data.items() if k != "items"}
    for adapter, raw, prefix in (("bank", header, ("bank",)),
                                 *(("item", item, ("bank", "items", i)) for i, item in enumerate(items))):
        try:
            _adapter(adapter).validate_python(raw)
        except ValidationError as err:
            if out.full:
                out.count(err.error_count())
            else:
                take(err, prefix)


def _salvage_bank(data: dict) -> tuple[Bank | None, list[int] | None]:
    """A bank whose header is valid, with only the items valid on their own, and their indices."""
    from pydantic import ValidationError

    if data.get("kind") != "bank":
        return None, None
    items = data.get("items")
    header = {k: v for k, v in data.items() if k != "items"}
    try:
        bank = _adapter("bank").validate_python(header)
    except ValidationError:
        return None, None
    kept: list[Item] = []
    indices: list[int] = []
    for i, raw in enumerate(items if isinstance(items, list) else ()):
        try:
            kept.append(_adapter("item").validate_python(raw))
        except ValidationError:
            continue
        indices.append(i)
    return replace(bank, items=tuple(kept)), indices


def load_paths(paths: Sequence[Path | str], *, lint: bool = False) -> Library:
    """Load every content file under ``paths``; never raises on bad content.

    With ``lint`` the instructor warnings of ``lint.py`` are added to ``problems``.
    """
    from backhip_learn.content.yamlsafe import read_yaml

    lib = Library()
    files: list[Path] = []
    given = [Path(p) for p in paths]
    for f in iter_content_files(given, lib.problems):
        link = link_problem(f)
        if link is not None:  # an entry of a folder: refused before anything is read
            lib.problems.append(link)
        elif f.is_file():
            files.append(f)
        else:  # never opened (a FIFO would block) and never skipped silently
            lib.problems.append(Problem(str(f), None, None, "error", not_regular(f), "E001"))
    roots = {str(f): _course_root(f, given) for f in files}
    return _load(lib, ((str(f), partial(read_yaml, f)) for f in files), lint, roots)


def _course_root(file: Path, given: Sequence[Path]) -> Path:
    """The folder a file's media must stay inside: the folder given that holds it, else its own folder."""
    for folder in given:
        if folder.is_dir() and file.is_relative_to(folder):
            return folder
    return file.parent


def load_texts(files: Mapping[str, str | bytes], *, lint: bool = False) -> Library:
    """Load content given as {name: text or bytes} (tests, editors, previews): same checks as files."""

    from backhip_learn.content.yamlsafe import MAX_BYTES, Parsed, decode, parse_text

    def parse(raw: str | bytes, name: str) -> Parsed:
        if isinstance(raw, bytes):
            if len(raw) > MAX_BYTES:
                return Parsed(problems=[Problem(name, None, None, "error", "file larger than 5 MB: refused", "E001")])
            text, problems = decode(name, raw)
            if text is None:
                return Parsed(problems=problems)
            raw = text
        return parse_text(name, raw)

    return _load(Library(), ((n, partial(parse, r, n)) for n, r in files.items()), lint)


def _load(
    lib: Library,
    sources: Iterable[tuple[str, Callable[[], Parsed]]],
    lint: bool,
    roots: Mapping[str, Path] | None = None,
) -> Library:
    read_files: list[tuple[str, Parsed]] = []
    tested: list[tuple[str, Bank, Parsed, list[int] | None]] = []  # banks whose answer tests run at the end
    for name, read in sources:
        lib.files.append(name)
        read_files.append((name, read()))
    # Map files first: a region choice takes its text from its region's name.
    read_files.sort(key=lambda entry: not _is_map(entry[1].data))
    for name, parsed in read_files:
        root = roots.get(name) if roots else None
        root = root if root is not None else Path(name).parent
        sink = FileProblems(name)
        try:
            for problem in parsed.problems:
                sink.add(problem)
            sink.more_errors += parsed.left_out[0]
            sink.more_warnings += parsed.left_out[1]
            if any(p.severity == "error" for p in parsed.problems):
                lib.unread.append(name)
                continue
            if not _is_map(parsed.data):
                for problem in _fill_region_texts(name, parsed, lib):
                    sink.add(problem)
            model, _, indices = _validate(name, parsed.data, parsed, sink)
            if model is None:
                lib.unread.append(name)
                continue
            start = len(lib.problems)  # the file's own problems found while filing it go through the sink
            _add(lib, name, model, parsed, indices)
            from backhip_learn.content.bodymap import check_file_media  # only loading files runs map checks

            lib.problems.extend(check_file_media(lib, name, model, parsed, indices, root))
            for problem in lib.problems[start:]:
                sink.add(problem)
            del lib.problems[start:]
            if isinstance(model, Bank):
                for problem in _unanswerable(name, model, parsed, indices):
                    sink.add(problem)
                for problem in _dropped_duplicates(lib, name, parsed, indices):
                    sink.add(problem)
            if lint and isinstance(model, Bank):
                from backhip_learn.content.lint import lint_bank

                for problem in lint_bank(name, model, parsed, indices):
                    sink.add(problem)
                tested.append((name, model, parsed, indices))
        finally:
            lib.problems.extend(sink.problems())
            if sink.more_errors or sink.more_warnings:
                lib.left_out[name] = (sink.more_errors, sink.more_warnings)
    lib.lexicon = build_lexicon(lib.glossaries)
    lib.cards  # noqa: B018 - built now, so that the content cache holds it too
    if tested:
        # After every file: the glossary the tests grade through may be in any of them.
        from backhip_learn.content.answer_tests import check_answer_tests

        for name, bank, parsed, indices in tested:
            sink = FileProblems(name)
            for problem in check_answer_tests(name, bank, parsed, indices, lib.lexicon):
                sink.add(problem)
            lib.problems.extend(sink.problems())
            if sink.more_errors or sink.more_warnings:
                errors, warnings = lib.left_out.get(name, (0, 0))
                lib.left_out[name] = (errors + sink.more_errors, warnings + sink.more_warnings)
    # Imported here: crossref uses select.py, which imports this module.
    from backhip_learn.content.crossref import check_library

    later = [*_check_sources(lib), *check_library(lib, lint=lint)]
    if lib.unread:  # a file that failed to load is reported once, not again by everything naming what it defines
        later = [p for p in later if p.code not in FOLLOW_ON]
    lib.problems.extend(later)
    return lib


def _is_map(data: object) -> bool:
    return isinstance(data, dict) and data.get("kind") == "map"


def _fill_region_texts(path: str, parsed: Parsed, lib: Library) -> list[Problem]:
    """Give each region choice without text its region's name; a choice with neither is an error."""
    data = parsed.data
    items = data.get("items") if isinstance(data, dict) else None
    problems: list[Problem] = []
    names: dict[str, str] | None = None
    for i, item in enumerate(items if isinstance(items, list) else ()):
        choices = item.get("choices") if isinstance(item, dict) else None
        for j, choice in enumerate(choices if isinstance(choices, list) else ()):
            if not isinstance(choice, dict) or "text" in choice:
                continue
            region = choice.get("region")
            if isinstance(region, str):
                from backhip_learn.content.bodymap import region_names  # only loading files runs map checks

                names = region_names(lib) if names is None else names
                choice["text"] = names.get(region, region)  # an unknown region is reported by crossref (E050)
            else:
                line, col = parsed.at(("items", i, "choices", j))
                problems.append(Problem(path, line, col, "error",
                                        "a choice needs 'text', or a 'region' whose name is its text", "E010"))
    return problems


def _dropped_duplicates(lib: Library, path: str, parsed: Parsed, indices: list[int] | None) -> list[Problem]:
    """E020 for items left out for their own errors whose id another item has too (every duplicate in one run)."""
    raw = parsed.data.get("items") if isinstance(parsed.data, dict) else None
    if indices is None or not isinstance(raw, list):
        return []
    kept = set(indices)
    out = []
    for i, entry in enumerate(raw):
        ident = entry.get("id") if isinstance(entry, dict) else None
        if i in kept or not isinstance(ident, str):
            continue
        where = Where(path, *parsed.at(("items", i, "id")))
        first = lib.item_where.get(ident) or lib.dropped_ids.get(ident)
        if first is not None:
            out.append(Problem(path, where.line, where.col, "error",
                               f"duplicate item id '{ident}': also defined at {first} "
                               "(ids must be unique across all banks)",
                               "E020"))
        else:
            lib.dropped_ids[ident] = where
    return out


def _unanswerable(path: str, bank: Bank, parsed: Parsed, indices: list[int] | None) -> list[Problem]:
    """E045 for every item of a bank that no answer can get right (checked on every load: such items never ship)."""
    out = []
    for n, item in enumerate(bank.items):
        found = unanswerable(item, f"{item.type} '{item.id}'")
        if found is not None:
            i = indices[n] if indices is not None else n
            line, col = parsed.at(("items", i, *found[0]))
            out.append(Problem(path, line, col, "error", found[1], "E045"))
    return out


# Cross-file findings that a file which failed to load can cause (its bank, section, objective or
# misconception unknown, a draw or deck left short): left out while any file is unread.
FOLLOW_ON = frozenset({"E022", "E023", "E024", "E026", "W114", "W118", "W119", "W129"})


def _check_sources(lib: Library) -> list[Problem]:
    """E022 for every source naming no section of the loaded course's outline (read once every file is)."""
    if not lib.source_refs:
        return []
    ids = lib.outline.ids()
    known = frozenset(ids)
    return [_unknown_source(where, source, owner, ids)
            for owner, source, where in lib.source_refs if source not in known]


def _add(
    lib: Library,
    path: str,
    model: ContentModel,
    parsed: Parsed,
    indices: list[int] | None,
) -> None:
    """File one validated model into the library, resolving bank defaults and duplicate ids."""
    at = parsed.at
    if isinstance(model, Bank):
        if model.id in lib.bank_where:
            _duplicate(lib, path, at(("id",)), "bank", model.id, lib.bank_where[model.id])
            return
        lib.banks.append(model)
        lib.bank_where[model.id] = Where(path, *at(("id",)))
        if model.source is not None:
            lib.source_refs.append((f"bank '{model.id}'", model.source, Where(path, *at(("source",)))))
        bank_tags = model.tags
        for n, item in enumerate(model.items):
            i = indices[n] if indices is not None else n
            line, col = at(("items", i))
            if item.id in lib.item_index or item.id in lib.dropped_ids:
                first = lib.item_where.get(item.id) or lib.dropped_ids[item.id]
                id_line, id_col = at(("items", i, "id"))
                lib.problems.append(Problem(
                    path, id_line, id_col, "error",
                    f"duplicate item id '{item.id}': also defined at {first} (ids must be unique across all banks)",
                    "E020",
                ))
                continue
            if item.source is not None:
                lib.source_refs.append((f"item '{item.id}'", item.source, Where(path, *at(("items", i, "source")))))
            update: dict[str, object] = {}
            if item.source is None and model.source is not None:
                update["source"] = model.source
            if bank_tags:
                update["tags"] = tuple(dict.fromkeys((*bank_tags, *item.tags)))
            resolved = replace(item, **update) if update else item  # type: ignore[arg-type]
            lib.items.append(resolved)
            lib.item_index[item.id] = resolved
            lib.item_where[item.id] = Where(path, line, col)
            lib.bank_of[item.id] = model.id
            if item.type in ("mcq", "multi"):
                for j, choice in enumerate(item.choices):
                    if choice.misconception:
                        lib.misconception_refs.append(
                            (choice.misconception, Where(path, *at(("items", i, "choices", j, "misconception"))))
                        )
            elif item.type == "true_false" and item.misconception:
                lib.misconception_refs.append(
                    (item.misconception, Where(path, *at(("items", i, "misconception"))))
                )
            if item.objective is not None:
                lib.objective_refs.append((item.id, item.objective, Where(path, *at(("items", i, "objective")))))
            if item.map is not None:
                for k, region in enumerate(item.map.regions):
                    where = Where(path, *at(("items", i, "map", "regions", k)))
                    lib.region_refs.append((item.id, item.map.name, region, where))
            for j, choice in enumerate(item.choice_list() if item.type == "multi" or item.type == "mcq" else ()):
                if choice.region:
                    where = Where(path, *at(("items", i, "choices", j, "region")))
                    lib.region_refs.append((item.id, item.map.name if item.map else None, choice.region, where))
    elif isinstance(model, Exam):
        if model.id in lib.exam_where:
            _duplicate(lib, path, at(("id",)), "exam", model.id, lib.exam_where[model.id])
            return
        lib.exams.append(model)
        lib.exam_where[model.id] = Where(path, *at(("id",)))
        lib.positions[path] = parsed
    elif isinstance(model, MisconceptionList):
        for i, mis in enumerate(model.misconceptions):
            pos = at(("misconceptions", i, "id"))
            if mis.id in lib.misconception_where:
                _duplicate(lib, path, pos, "misconception", mis.id, lib.misconception_where[mis.id])
                continue
            if mis.source is not None:
                lib.source_refs.append(
                    (f"misconception '{mis.id}'", mis.source, Where(path, *at(("misconceptions", i, "source")))))
            lib.misconceptions[mis.id] = mis
            lib.misconception_where[mis.id] = Where(path, *pos)
    elif isinstance(model, Glossary):
        lib.problems.extend(check_glossary(path, model, at, lib.glossary_entries))
        lib.glossaries.append(model)
        lib.glossary_where.append(path)
    elif isinstance(model, BodyMap):
        if lib.body_map(model.id) is not None:
            first_file = lib.map_files[[m.id for m in lib.maps].index(model.id)]
            _duplicate(lib, path, at(("id",)), "map", model.id, Where(first_file))
            return
        lib.maps.append(model)
        lib.map_files.append(path)
    elif isinstance(model, Course):
        lib.courses.append(model)
        lib.course_files.append(path)
        lib.positions[path] = parsed
    else:
        lib.decks.append(model)
        lib.deck_files.append(path)
        lib.positions[path] = parsed


def _duplicate(lib: Library, path: str, pos: Position | tuple[None, None], what: str, ident: str, first: Where) -> None:
    lib.problems.append(Problem(
        path, pos[0], pos[1], "error", f"duplicate {what} id '{ident}': also defined at {first}", "E021"
    ))


def _unknown_source(where: Where, source: str, owner: str, ids: Sequence[str]) -> Problem:
    close = difflib.get_close_matches(source, ids, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else " (see `backhip-learn coverage` for the section ids)"
    return Problem(where.path, where.line, where.col, "error",
                   f"{owner}: source '{clip(source)}' is not a section of the course outline{hint}", "E022")
