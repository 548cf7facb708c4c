"""Body maps and item pictures: region names, media checks, and the region references of items.

A course's map file (``kind: map``) names the regions of its SVG picture. A folder of banks
without a map file (``validate one-bank.yaml``, ``--bank``) uses the bundled map, the way a
section id is checked against the bundled outline.
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from backhip_learn.content.library import Library
from backhip_learn.content.media import check_svg, resolve_media
from backhip_learn.content.model import Bank, BodyMap, Region
from backhip_learn.content.problems import Problem, clip
from backhip_learn.paths import file_stamp, quizzes_dir

if TYPE_CHECKING:
    from backhip_learn.content.yamlsafe import Parsed

BUNDLED_MAP_FILE = Path("media") / "body-map.yaml"


@lru_cache(maxsize=1)
def bundled_map() -> tuple[BodyMap, str] | None:
    """The bundled body map and the absolute path of its SVG, or None when the course has none."""
    import yaml  # imported here: only a folder without its own map file needs it

    file = quizzes_dir() / BUNDLED_MAP_FILE
    if not file.is_file():
        return None
    raw = yaml.safe_load(file.read_text("utf-8"))
    body = BodyMap(
        kind="map", id=raw["id"], title=raw["title"], image=raw["image"],
        regions=tuple(Region(id=r["id"], name=r["name"], view=r["view"]) for r in raw["regions"]),
    )
    return body, str((file.parent / body.image).resolve())


def map_for(lib: Library, name: str | None = None) -> tuple[BodyMap, str] | None:
    """The map an item names (or the course's only map) with its SVG path; the bundled map for a folder without one."""
    if lib.maps:
        body = lib.body_map(name)
        if body is None:
            return None
        return body, lib.map_images.get(body.id, "")
    bundled = bundled_map()
    if bundled is None or (name is not None and bundled[0].id != name):
        return None
    return bundled


def region_names(lib: Library) -> dict[str, str]:
    """Region id -> display name over every map in use."""
    maps = lib.maps or ([bundled[0]] if (bundled := bundled_map()) else [])
    return {r.id: r.name for m in maps for r in m.regions}


def check_file_media(
    lib: Library, path: str, model: object, parsed: Parsed, indices: list[int] | None, root: Path
) -> list[Problem]:
    """Problems with the pictures a file names; checked pictures are recorded in ``lib``."""
    problems: list[Problem] = []
    base = Path(path).parent
    if isinstance(model, BodyMap) and lib.body_map(model.id) is model:
        target, code, message = resolve_media(model.image, base, root)
        line, col = parsed.at(("image",))
        if target is None:
            return [Problem(path, line, col, "error", f"map '{model.id}': {message}", code)]
        svg_problems, ids = check_svg(target)
        _stamp(lib, target)
        problems += svg_problems
        if not svg_problems:
            lib.map_images[model.id] = str(target)
            for k, region in enumerate(model.regions):
                if region.id not in ids:
                    line, col = parsed.at(("regions", k, "id"))
                    problems.append(Problem(
                        path, line, col, "error",
                        f"map '{model.id}': region '{region.id}' has no element with that id in {model.image}", "E050",
                    ))
    elif isinstance(model, Bank):
        for n, item in enumerate(model.items):
            if item.image is None or lib.item_index.get(item.id) is None or lib.bank_of.get(item.id) != model.id:
                continue
            i = indices[n] if indices is not None else n
            line, col = parsed.at(("items", i, "image"))
            target, code, message = resolve_media(item.image, base, root)
            if target is None:
                problems.append(Problem(path, line, col, "error", f"item '{item.id}': {message}", code))
                continue
            svg_problems, _ = check_svg(target)
            _stamp(lib, target)
            problems += svg_problems
            if not svg_problems:
                lib.media[item.id] = str(target)
    return problems


def _stamp(lib: Library, path: Path) -> None:
    lib.media_stamps[str(path)] = file_stamp(path)


def check_regions(lib: Library, *, lint: bool) -> list[Problem]:
    """E050 for an unknown region, E051 for an unknown map; with lint, W150 for a question showing its answer."""
    problems: list[Problem] = []
    for item_id, name, region, where in lib.region_refs:
        found = map_for(lib, name)
        if found is None:
            known = ", ".join(m.id for m in lib.maps) or "none"
            problems.append(Problem(
                where.path, where.line, where.col, "error",
                f"item '{item_id}': no map '{name}' (maps loaded: {known})" if name
                else f"item '{item_id}': names region '{clip(region)}' but the course has no map file",
                "E051",
            ))
            continue
        body = found[0]
        if body.region(region) is None:
            ids = [r.id for r in body.regions]
            close = difflib.get_close_matches(region, ids, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (its regions: {', '.join(ids[:6])}, ...)"
            problems.append(Problem(
                where.path, where.line, where.col, "error",
                f"item '{item_id}': '{clip(region)}' is not a region of map '{body.id}'{hint}", "E050",
            ))
    if lint:
        for item in lib.items:
            picked = {c.region for c in item.choice_list() if c.region and c.correct}
            if item.map is not None and item.map.highlight and picked and picked <= set(item.map.regions):
                where = lib.item_where[item.id]
                problems.append(Problem(
                    where.path, where.line, where.col, "warning",
                    f"{item.type} '{item.id}': the map highlights the regions the learner must pick "
                    f"(set 'highlight: false' to show them with the answer)",
                    "W150",
                ))
    return problems
