"""Checks across files, run once every file is loaded: exams, decks, objectives and misconception ids."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterator

from backhip_learn.content.bodymap import check_regions
from backhip_learn.content.library import Library, Where
from backhip_learn.content.model import Deck
from backhip_learn.content.outline import MAX_PER_OBJECTIVE, MIN_PER_OBJECTIVE, Outline, OutlineObjective
from backhip_learn.content.problems import Problem, Severity, clip
from backhip_learn.content.select import deck_items, draw_items, library_objectives
from backhip_learn.content.yamlsafe import DataPath, Parsed


def check_library(lib: Library, *, lint: bool = False) -> list[Problem]:
    """Problems that only show once everything is loaded; lint adds the cross-file warnings."""
    problems: list[Problem] = []
    tags = {t for item in lib.items for t in item.tags}
    problems += _check_objectives(lib, lint=lint)
    problems += _check_exams(lib, tags)
    problems += _check_decks(lib, tags, lint=lint)

    problems += check_regions(lib, lint=lint)
    if lint:
        for ident, where in lib.misconception_refs:
            if ident not in lib.misconceptions:
                problems.append(Problem(
                    where.path, where.line, where.col, "warning",
                    f"misconception '{ident}' is not defined in any loaded misconceptions file",
                    "W114",
                ))
    return problems


def _unknown_sections(selectors: tuple[str, ...], outline: Outline) -> list[tuple[int, str]]:
    return [(k, s) for k, s in enumerate(selectors) if not outline.matching(s)]


def _check_exams(lib: Library, tags: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    objective_ids = {o.id for o in library_objectives(lib)}
    for exam in lib.exams:
        where = lib.exam_where[exam.id]
        parsed = lib.positions.get(where.path, Parsed())

        # Called only within this iteration, so the loop variables it reads are this exam's.
        def add(at: DataPath, message: str) -> None:
            line, col = parsed.at(at)  # noqa: B023
            problems.append(Problem(where.path, line, col, "error", f"exam '{exam.id}': {message}", "E023"))  # noqa: B023

        for j, rule in enumerate(exam.draw):
            bad = False
            for k, s in _unknown_sections(rule.sections, lib.outline):
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
            for k, o in enumerate(rule.objectives):
                if o not in objective_ids:
                    add(("draw", j, "objectives", k),
                        f"draw[{j}] names unknown objective '{clip(o)}'{_suggest(o, objective_ids)}")
                    bad = True
            if bad:
                continue
            found = len(draw_items(lib, rule))
            if found == 0:
                add(("draw", j), f"draw[{j}] matches no item")
            elif rule.count is not None and rule.count > found:
                add(("draw", j, "count"), f"draw[{j}] asks for {rule.count} items but only {found} match")
    return problems


def _suggest(name: str, known: set[str]) -> str:
    """' (did you mean 'x'?)' for a close known id, else ''."""
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _check_objectives(lib: Library, *, lint: bool) -> list[Problem]:
    """Objective ids defined twice or unknown (errors); with lint, items and objectives that do not fit."""
    problems: list[Problem] = []
    defined: dict[str, Where] = {}
    for course, path in zip(lib.courses, lib.course_files):
        parsed = lib.positions.get(path, Parsed())
        for si, section in enumerate(course.sections):
            for oi, defined_here in enumerate(section.objectives):
                line, col = parsed.at(("sections", si, "objectives", oi, "id"))
                if defined_here.id in defined:
                    problems.append(Problem(
                        path, line, col, "error",
                        f"objective '{defined_here.id}' is defined twice: also at {defined[defined_here.id]} "
                        "(ids are unique in a course)",
                        "E027",
                    ))
                else:
                    defined[defined_here.id] = Where(path, line, col)
    objectives: dict[str, OutlineObjective] = {}
    for o in library_objectives(lib):
        objectives.setdefault(o.id, o)
    for item_id, objective_id, where in lib.objective_refs:
        objective = objectives.get(objective_id)
        if objective is None:
            hint = _suggest(objective_id, set(objectives)) or " (objectives are listed in the course file)"
            problems.append(Problem(
                where.path, where.line, where.col, "error",
                f"item '{item_id}': objective '{clip(objective_id)}' is not an objective of the course{hint}", "E026",
            ))
            continue
        source = lib.item_index[item_id].source
        if lint and source is not None and source != objective.section:
            problems.append(Problem(
                where.path, where.line, where.col, "warning",
                f"item '{item_id}': objective '{objective_id}' belongs to section '{objective.section}' but the "
                f"item's source is '{source}': file the item under the section that teaches it, or pick an "
                f"objective of '{source}'",
                "W128",
            ))
    if lint and defined:  # the whole course is loaded: every item should name what it tests
        problems += _check_objective_spread(lib, defined)
    return problems


def _check_objective_spread(lib: Library, defined: dict[str, Where]) -> list[Problem]:
    """W120 for items without an objective or level, W129 for objectives with too few or too many items."""
    problems: list[Problem] = []
    for item in lib.items:
        missing = [name for name in ("objective", "level") if getattr(item, name) is None]
        if missing:
            where = lib.item_where[item.id]
            problems.append(Problem(
                where.path, where.line, where.col, "warning",
                f"{item.type} '{item.id}': no {' and no '.join(missing)} (name the objective it tests and its "
                f"level: recall, understand, apply or analyse)",
                "W120",
            ))
    counts = Counter(item.objective for item in lib.items)
    for objective_id, where in defined.items():
        n = counts[objective_id]
        if n < MIN_PER_OBJECTIVE or n > MAX_PER_OBJECTIVE:
            advice = "add items that test it" if n < MIN_PER_OBJECTIVE else "split it or drop repeats"
            problems.append(Problem(
                where.path, where.line, where.col, "warning",
                f"objective '{objective_id}' is tested by {n} item{'s' * (n != 1)} "
                f"({MIN_PER_OBJECTIVE} to {MAX_PER_OBJECTIVE} test it without drilling it): {advice}",
                "W129",
            ))
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

            # Called only within this iteration, so the loop variables it reads are this deck's.
            def add(sub: DataPath, message: str, code: str, severity: Severity = "error") -> None:
                line, col = parsed.at(at + sub)  # noqa: B023
                problems.append(Problem(path, line, col, severity, f"deck '{deck.id}': {message}", code))  # noqa: B023

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
            for k, s in _unknown_sections(deck.sections, lib.outline):
                add(("sections", k), f"names unknown section '{clip(s)}'", "E024")
            if lint:
                for k, t in enumerate(deck.tags):
                    if t not in tags:
                        add(("tags", k), f"tag '{clip(t)}' is on no item", "W119", "warning")
                if not any(_has_own_items(lib, d, own) for d, _ in _walk(deck, ())):
                    add((), "takes no items (nor do its subdecks)", "W118", "warning")
    return problems
