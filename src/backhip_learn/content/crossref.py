"""Checks across files, run once every file is loaded: exams, decks and misconception ids."""

from __future__ import annotations

from collections.abc import Iterator

from backhip_learn.content.load import Library, Where
from backhip_learn.content.model import Deck
from backhip_learn.content.outline import load_outline
from backhip_learn.content.problems import Problem, clip
from backhip_learn.content.select import deck_items, select_items
from backhip_learn.content.yamlsafe import DataPath, Parsed


def check_library(lib: Library, *, lint: bool = False) -> list[Problem]:
    """Problems that only show once everything is loaded; lint adds the cross-file warnings."""
    problems: list[Problem] = []
    tags = {t for item in lib.items for t in item.tags}
    problems += _check_exams(lib, tags)
    problems += _check_decks(lib, tags, lint=lint)
    if lint:
        for ident, where in lib.misconception_refs:
            if ident not in lib.misconceptions:
                problems.append(Problem(
                    where.path, where.line, where.col, "warning",
                    f"misconception '{ident}' is not defined in any loaded misconceptions file",
                    "W114",
                ))
    return problems


def _unknown_sections(selectors: tuple[str, ...]) -> list[tuple[int, str]]:
    outline = load_outline()
    return [(k, s) for k, s in enumerate(selectors) if not outline.matching(s)]


def _check_exams(lib: Library, tags: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    for exam in lib.exams:
        where = lib.exam_where[exam.id]
        parsed = lib.positions.get(where.path, Parsed())

        def add(at: DataPath, message: str) -> None:
            line, col = parsed.at(at)
            problems.append(Problem(where.path, line, col, "error", f"exam '{exam.id}': {message}", "E023"))

        for j, rule in enumerate(exam.draw):
            bad = False
            for k, s in _unknown_sections(rule.sections):
                add(("draw", j, "sections", k), f"draw[{j}] names unknown section '{clip(s)}'")
                bad = True
            for k, b in enumerate(rule.banks):
                if b not in lib.bank_where:
                    add(("draw", j, "banks", k), f"draw[{j}] names unknown bank '{clip(b)}'")
                    bad = True
            for k, t in enumerate(rule.tags):
                if t not in tags:
                    add(("draw", j, "tags", k), f"draw[{j}] names tag '{clip(t)}' that no item has")
                    bad = True
            if bad:
                continue
            found = len(select_items(lib, sections=rule.sections, tags=rule.tags, banks=rule.banks, types=rule.types))
            if found == 0:
                add(("draw", j), f"draw[{j}] matches no item")
            elif rule.count is not None and rule.count > found:
                add(("draw", j, "count"), f"draw[{j}] asks for {rule.count} items but only {found} match")
    return problems


def _walk(deck: Deck, at: DataPath) -> Iterator[tuple[Deck, DataPath]]:
    """Every deck of a tree with its data path, parents first (iterative: trees may be deep)."""
    stack = [(deck, at)]
    while stack:
        node, path = stack.pop()
        yield node, path
        for k in range(len(node.children) - 1, -1, -1):
            stack.append((node.children[k], path + ("children", k)))


def _has_own_items(lib: Library, deck: Deck, cache: dict[int, bool]) -> bool:
    key = id(deck)
    if key not in cache:
        cache[key] = bool(deck_items(lib, deck, include_children=False))
    return cache[key]


def _check_decks(lib: Library, tags: set[str], *, lint: bool) -> list[Problem]:
    problems: list[Problem] = []
    anki_ids: dict[int, Where] = {}
    own: dict[int, bool] = {}  # id(deck) -> takes items itself; each deck is scanned once
    for manifest, path in zip(lib.decks, lib.deck_files):
        parsed = lib.positions[path]
        for deck, at in _walk(manifest.deck, ("deck",)):

            def add(sub: DataPath, message: str, code: str, severity: str = "error") -> None:
                line, col = parsed.at(at + sub)
                problems.append(Problem(path, line, col, severity, f"deck '{deck.id}': {message}", code))  # type: ignore[arg-type]

            first = lib.deck_where.get(deck.id)
            if first is not None:
                add(("id",), f"duplicate deck id: also defined at {first}", "E021")
            else:
                lib.deck_where[deck.id] = Where(path, *parsed.at(at + ("id",)))
            other = anki_ids.get(deck.anki_id)
            if other is not None:
                add(("anki_id",), f"anki_id {deck.anki_id} is also used at {other}: Anki would merge the decks", "E025")
            else:
                anki_ids[deck.anki_id] = Where(path, *parsed.at(at + ("anki_id",)))
            for k, b in enumerate(deck.banks):
                if b not in lib.bank_where:
                    add(("banks", k), f"names unknown bank '{clip(b)}'", "E024")
            for k, s in _unknown_sections(deck.sections):
                add(("sections", k), f"names unknown section '{clip(s)}'", "E024")
            if lint:
                for k, t in enumerate(deck.tags):
                    if t not in tags:
                        add(("tags", k), f"tag '{clip(t)}' is on no item", "W119", "warning")
                if not any(_has_own_items(lib, d, own) for d, _ in _walk(deck, ())):
                    add((), "takes no items (nor do its subdecks)", "W118", "warning")
    return problems
