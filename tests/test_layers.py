"""The import contract, read from the source: layers, no cycles, and function-local imports only where they pay.

Layers, lowest first (a module may import from its own layer's package and from lower layers):

    record, the package root             value classes, the version
    paths                                file locations: the bundled content, the course, the data folder
    content                              the model, loading, validation, selection
    study.types                          scheduling values the store persists (card state, ``NEW``)
    store                                every SQL statement, behind the ``ProgressStore`` protocol
    study                                grading, scheduling, queue, exams, statistics (over the store)
    export | tui                         two clients of the core, neither importing the other
    commands                             one module per command
    cli                                  the click group (it imports each command module when it runs)
    __main__                             ``python -m backhip_learn``

An import that goes up the layers is listed in ``UPWARD_IMPORTS`` with its reason. A function-local
import defers a heavy library (``LAZY_LIBRARIES``) that its module does not load already (a module
loads what its module-level imports load, through our modules too), or is listed in
``LOCAL_IMPORTS`` with its reason; any other belongs at the top of its module.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

import backhip_learn

PACKAGE = Path(backhip_learn.__file__).parent

LAYERS: tuple[tuple[str, ...], ...] = (
    ("backhip_learn", "backhip_learn.record"),
    ("backhip_learn.paths",),
    ("backhip_learn.content",),
    ("backhip_learn.study.types",),
    ("backhip_learn.store",),
    ("backhip_learn.study",),
    ("backhip_learn.export", "backhip_learn.tui"),
    ("backhip_learn.commands",),
    ("backhip_learn.cli",),
    ("backhip_learn.__main__",),
)

# (importing module, imported module) -> why this one import goes up the layers.
UPWARD_IMPORTS: dict[tuple[str, str], str] = {
    ("backhip_learn.content.answer_tests", "backhip_learn.study.grading"):
        "validate runs answer tests through the grader the app uses, which needs only the model and glossary",
}

# Libraries imported only where needed, so a command that does not use them never pays for them
# (BENCHMARKS.md has the start-up and validate budgets they protect).
LAZY_LIBRARIES = {
    "textual": "the study app's UI: validate, stats, export and --help never load it",
    "rich": "Textual's renderer: as for textual",
    "genanki": "only `export anki` writes a package",
    "pydantic": "only a cold load validates: a warm start from the content cache never imports it",
    "pydantic_core": "as for pydantic",
    "yaml": "only a cold load parses YAML: a warm start from the content cache never imports it",
    "fsrs": "the scheduler: listing, validating and exporting content never schedule",
    "platformdirs": "only the commands that read or write the learner's folders look them up",
    "click": "the core raises click's usage errors only when it refuses a command-line value",
    "anki": "the real Anki backend, for tests only",
    "xml": "the SVG parser: only checking or exporting a picture reads one",
}

# (importing module, imported module) -> why the import stays inside a function.
LOCAL_IMPORTS: dict[tuple[str, str], str] = {
    ("backhip_learn.export.anki", "fcntl"): "POSIX only: the export locks its output where the platform can",
    ("backhip_learn.cli", "backhip_learn.commands.home"): "the bare command loads only when it runs, like every command",
    **{
        (importer, f"backhip_learn.tui.screens.{screen}"): "a screen off the path to the first card loads when opened"
        for importer, screen in (
            ("backhip_learn.tui.app", "help"),
            ("backhip_learn.tui.app", "stats"),
            ("backhip_learn.tui.screens.home", "exam_start"),
            ("backhip_learn.tui.screens.home", "review"),
            ("backhip_learn.tui.screens.exam_start", "exam"),
            ("backhip_learn.tui.screens.exam", "exam_navigator"),
            ("backhip_learn.tui.screens.exam", "exam_result"),
            ("backhip_learn.tui.screens.review", "summary"),
            ("backhip_learn.tui.app", "browser"),
            ("backhip_learn.tui.screens.home", "study_more"),
        )
    },
    ("backhip_learn.tui.screens.home", "backhip_learn.study.exam"): "exams are off the path to the first card",
    **{
        (importer, target): "map code stays off a card without a map (tests/tui/test_body_map.py)"
        for importer, target in (
            ("backhip_learn.content.load", "backhip_learn.content.bodymap"),
            ("backhip_learn.tui.screens.review", "backhip_learn.tui.widgets.body_map"),
            ("backhip_learn.tui.screens.exam", "backhip_learn.tui.widgets.body_map"),
        )
    },
}



def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> tuple[int, str]:
    """The layer index and the layer entry (package or module) a module of ours belongs to."""
    best: tuple[int, str] | None = None
    for index, entries in enumerate(LAYERS):
        for entry in entries:
            matches = module == entry or (entry != "backhip_learn" and module.startswith(entry + "."))
            if matches and (best is None or len(entry) > len(best[1])):
                best = (index, entry)
    assert best is not None, f"{module} is in no layer: add it to LAYERS"
    return best


class Import:
    """One import statement's target, where it is, and whether it runs at import time."""

    def __init__(self, importer: str, target: str, line: int, local: bool, typing_only: bool) -> None:
        self.importer, self.target, self.line, self.local, self.typing_only = importer, target, line, local, typing_only

    def __repr__(self) -> str:
        return f"{self.importer}:{self.line} imports {self.target}"


def _is_type_checking(test: ast.expr) -> bool:
    return "TYPE_CHECKING" in ast.unparse(test)


def _imports(module: str, path: Path) -> Iterator[Import]:
    tree = ast.parse(path.read_text("utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]

    def visit(node: ast.AST, local: bool, typing_only: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield Import(module, alias.name, child.lineno, local, typing_only)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parent = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*parent, *([child.module] if child.module else [])])
                targets = {f"{base}.{a.name}" if f"{base}.{a.name}" in modules() else base for a in child.names}
                for target in sorted(targets):
                    yield Import(module, target, child.lineno, local, typing_only)
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                yield from visit(child, True, typing_only)
            elif isinstance(child, ast.If) and _is_type_checking(child.test):
                yield from visit(child, local, True)
            else:
                yield from visit(child, local, typing_only)

    yield from visit(tree, False, False)


@cache
def all_imports() -> tuple[Import, ...]:
    return tuple(imp for name, path in modules().items() for imp in _imports(name, path))


def ours(target: str) -> bool:
    return target == "backhip_learn" or target.startswith("backhip_learn.")


@cache
def heavy_libraries(module: str) -> frozenset[str]:
    """The lazy libraries importing ``module`` loads (through module-level imports only)."""
    seen: set[str] = set()
    found: set[str] = set()
    stack = [module]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        if not ours(current):
            if current.split(".")[0] in LAZY_LIBRARIES:
                found.add(current.split(".")[0])
            continue
        # Importing a submodule runs its packages' __init__ first.
        parents = [".".join(current.split(".")[:i]) for i in range(1, current.count(".") + 1)]
        stack += [p for p in parents if p in modules()]
        stack += [i.target for i in all_imports() if i.importer == current and not i.local and not i.typing_only]
    return frozenset(found)


def test_the_reader_finds_imports_of_every_kind() -> None:
    """The checks below are only as good as the import reader."""
    found = {(i.importer, i.target, i.local, i.typing_only) for i in all_imports()}
    assert ("backhip_learn.content.load", "backhip_learn.content.model", False, False) in found
    assert ("backhip_learn.content.load", "pydantic", False, True) in found  # under TYPE_CHECKING
    assert any(i == "backhip_learn.export.anki" and t == "fcntl" and local for i, t, local, _ in found)
    assert heavy_libraries("backhip_learn.tui.app") >= {"textual"}
    assert heavy_libraries("backhip_learn.export.anki") >= {"genanki"}
    assert not heavy_libraries("backhip_learn.content.model")


def test_every_module_sits_in_a_layer() -> None:
    for module in modules():
        layer_of(module)


def test_imports_point_down_the_layers() -> None:
    """Every import of ours, at module level, under TYPE_CHECKING or inside a function, goes to a lower layer."""
    wrong = []
    for imp in all_imports():
        if not ours(imp.target):
            continue
        (low, low_entry), (high, high_entry) = layer_of(imp.target), layer_of(imp.importer)
        if (imp.importer, imp.target) in UPWARD_IMPORTS:
            continue
        if low > high or (low == high and low_entry != high_entry):
            wrong.append(f"{imp} ({high_entry} may not import {low_entry})")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles() -> None:
    """Counting function-local imports too (only TYPE_CHECKING ones are left out: they never run)."""
    graph: dict[str, set[str]] = {m: set() for m in modules()}
    for imp in all_imports():
        if ours(imp.target) and not imp.typing_only and imp.target != imp.importer:
            graph[imp.importer].add(imp.target)
    cycles = [c for c in strongly_connected(graph) if len(c) > 1]
    assert not cycles, "import cycles:\n" + "\n".join(" <-> ".join(sorted(c)) for c in cycles)


@pytest.mark.parametrize("imp", [i for i in all_imports() if i.local and not i.typing_only], ids=repr)
def test_a_function_local_import_pays_for_itself(imp: Import) -> None:
    if (imp.importer, imp.target) in LOCAL_IMPORTS:
        return
    target = imp.target
    heavy = {target.split(".")[0]} & set(LAZY_LIBRARIES) if not ours(target) else heavy_libraries(target)
    deferred = heavy - heavy_libraries(imp.importer)
    assert deferred, f"{imp} inside a function defers no heavy library its module lacks: import it at the top"


def test_the_allow_lists_have_no_stale_entries() -> None:
    local = {(i.importer, i.target) for i in all_imports() if i.local}
    assert set(LOCAL_IMPORTS) <= local
    assert set(UPWARD_IMPORTS) <= {(i.importer, i.target) for i in all_imports()}


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                out.append(component)
    return out


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert sorted(sorted(c) for c in strongly_connected(graph) if len(c) > 1) == [["a", "b", "c"]]
