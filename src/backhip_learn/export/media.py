"""Pictures in the Anki package: body maps with a card's regions highlighted, and the course's own SVGs.

Every picture is an SVG file of the package's media, named from a hash of its content (the same
pattern on two cards is one file) and shown with a plain ``<img>``: no JavaScript, so it works on
desktop and phone alike. A card with a map shows it on the front (its pattern highlighted, or the
plain map with the letters of its region choices) and, when the answer adds a pattern, the
highlighted map again with the answer.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, MutableMapping, Sequence
from functools import lru_cache
from pathlib import Path

from backhip_learn.content.bodymap import map_for
from backhip_learn.content.library import Library
from backhip_learn.content.model import MCQ, Item, Multi
from backhip_learn.export.fields import esc, shuffled

HIGHLIGHT_FILL = "#d62728"
_LETTERS = "ABCDEFGH"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@lru_cache(maxsize=8)
def _base(path: str) -> tuple[str, dict[str, tuple[float, float]]]:
    """A map's SVG text and the middle of each region's outline (where a letter goes)."""
    import xml.etree.ElementTree as ET  # the SVG passed the loader's safety check

    text = Path(path).read_text("utf-8")
    middles: dict[str, tuple[float, float]] = {}
    for element in ET.fromstring(text).iter():
        ident, d = element.get("id"), element.get("d")
        if ident and d:
            numbers = [float(n) for n in _NUMBER.findall(d)]
            xs, ys = numbers[0::2], numbers[1::2]
            if xs and ys:
                middles[ident] = (sum(xs) / len(xs), sum(ys) / len(ys))
    return text, middles


def map_svg(path: str, highlight: Sequence[str], labels: Mapping[str, str] | None = None) -> str:
    """The map at ``path`` with ``highlight`` filled in red (and hatched) and ``labels`` written on their regions."""
    text, middles = _base(path)
    extra = []
    if highlight:
        selector = ",".join(f"#{r}" for r in highlight)
        extra.append(f"<style>{selector}{{fill:{HIGHLIGHT_FILL};stroke:#6b0f10;stroke-width:2.5}}</style>")
    for region, letter in (labels or {}).items():
        if region in middles:
            x, y = middles[region]
            extra.append(
                f'<text x="{x:.1f}" y="{y + 5:.1f}" text-anchor="middle" '
                f'style="font:bold 15px sans-serif;fill:#0b3d91;stroke:#ffffff;stroke-width:3;paint-order:stroke">'
                f"{letter}</text>"
            )
    end = text.rindex("</svg>")
    return text[:end] + "".join(extra) + text[end:]


def _store(media: MutableMapping[str, bytes], prefix: str, data: bytes) -> str:
    name = f"{prefix}-{hashlib.sha256(data).hexdigest()[:16]}.svg"
    media[name] = data
    return name


def _img(name: str, alt: str) -> str:
    return (f'<div class="bh-picture"><img src="{name}" alt="{esc(alt)}" '
            f'style="max-width:100%;height:auto;max-height:60vh"></div>')


def add_pictures(
    lib: Library, item: Item, field_names: Sequence[str], fields: tuple[str, ...], media: MutableMapping[str, bytes]
) -> tuple[str, ...]:
    """The note's fields (named ``field_names``) with its pictures: front in the question, back in the explanation."""
    front, back = "", ""
    regions = item.picked_regions()
    if item.map is not None or regions:
        found = map_for(lib, item.map.name if item.map else None)
        if found is not None and found[1]:
            body, path = found
            names = {r.id: r.name for r in body.regions}
            labels = _labels(item)
            shown = item.map.regions if item.map is not None and item.map.highlight else ()
            svg = map_svg(path, shown, labels)
            alt = "Body map" + (": " + ", ".join(names.get(r, r) for r in shown) + " highlighted" if shown else "")
            front = _img(_store(media, "bh-map", svg.encode("utf-8")), alt)
            pattern = item.pattern()
            if tuple(pattern) != tuple(shown):
                svg = map_svg(path, pattern, labels)
                alt = "Body map: " + ", ".join(names.get(r, r) for r in pattern) + " highlighted"
                back = _img(_store(media, "bh-map", svg.encode("utf-8")), alt)
    picture = lib.media.get(item.id)
    if picture is not None:
        front += _img(_store(media, "bh-img", Path(picture).read_bytes()), f"Picture: {Path(picture).name}")
    if not front and not back:
        return fields
    out = list(fields)
    out[0] += front
    if back:
        at = field_names.index("Explanation") if "Explanation" in field_names else field_names.index("Extra")
        out[at] = back + out[at]
    return tuple(out)


def _labels(item: Item) -> dict[str, str]:
    """Region id -> the letter its choice has on the card (the same order as the options board)."""
    choices = item.choice_list()
    shuffle = isinstance(item, (MCQ, Multi)) and item.shuffle
    order = shuffled(item.id, len(choices), avoid_identity=False) if shuffle else range(len(choices))
    labels: dict[str, str] = {}
    for pos, idx in enumerate(order):
        region = choices[idx].region
        if region:
            labels[region] = _LETTERS[pos]
    return labels
