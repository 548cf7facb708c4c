"""Body maps and pictures: region references, region choices and SVG media checked with file:line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backhip_learn.content.bodymap import bundled_map, map_for
from backhip_learn.content.load import Library, load_paths
from backhip_learn.content.media import check_svg
from backhip_learn.paths import quizzes_dir

from content_helpers import bank, codes, load, only

PICK = """\
- id: where-pick
  type: multi
  question: Where can piriformis syndrome send pain?
  explanation: Buttock, hip and down the leg.
  choices:
    - {region: buttock-l, correct: true, feedback: The muscle lies in the buttock.}
    - {region: posterior-thigh-l, correct: true, feedback: Down the leg with the nerve.}
    - {region: groin-r, feedback: Not in its pattern.}
    - {text: The lower back itself, region: lower-back, feedback: Not in its pattern.}
"""


def _course(tmp_path: Path, items: str, svg: str | None = None, name: str = "media/pic.svg") -> Path:
    """A course folder holding one bank, the bundled map, and optionally one picture."""
    shutil.copytree(quizzes_dir() / "media", tmp_path / "media")
    (tmp_path / "bank.yaml").write_text(bank(items), "utf-8")
    if svg is not None:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(svg, "utf-8")
    return tmp_path


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if needle in line)


def test_the_bundled_map_names_every_region_of_its_svg() -> None:
    found = bundled_map()
    assert found is not None
    body, svg = found
    problems, ids = check_svg(Path(svg))
    assert problems == []
    assert {r.id for r in body.regions} <= ids
    for needed in ("lower-back", "buttock-l", "groin-r", "lateral-hip-l", "posterior-thigh-r", "lower-leg-r", "foot-r"):
        assert body.region(needed) is not None, needed


def test_the_bundled_content_loads_its_map_and_picture() -> None:
    lib = load_paths([quizzes_dir()])
    assert [m.id for m in lib.maps] == ["lower-body"]
    assert Path(lib.map_images["lower-body"]).name == "body-map.svg"
    assert [p for p in lib.problems if p.code.startswith("E05")] == []


def test_region_choices_take_their_region_name_as_text(tmp_path: Path) -> None:
    lib = load_paths([_course(tmp_path, PICK)])
    assert lib.errors == []
    item = lib.item_index["where-pick"]
    assert [c.text for c in item.choice_list()] == [
        "Left buttock", "Back of the left thigh", "Right groin", "The lower back itself"]
    assert item.picked_regions() == ("buttock-l", "posterior-thigh-l", "groin-r", "lower-back")
    assert item.pattern() == ("buttock-l", "posterior-thigh-l")


def test_an_unknown_region_is_an_error_at_its_line(tmp_path: Path) -> None:
    folder = _course(tmp_path, PICK.replace("region: groin-r", "region: groin-right") + """\
- id: pattern
  type: true_false
  statement: The map shows where SI joint pain can be felt.
  answer: true
  feedback_false: It is the SI pattern.
  explanation: Lower back, buttock, groin.
  map: {regions: [lower-back, buttok-l]}
""")
    lib = load_paths([folder])
    bad = only(lib, "E050")
    assert len(bad) == 2
    assert bad[0].line == _line_of(folder / "bank.yaml", "groin-right")
    assert "did you mean 'groin-r'" in bad[0].message
    assert bad[1].line == _line_of(folder / "bank.yaml", "buttok-l")
    assert "did you mean 'buttock-l'" in bad[1].message


def test_a_bank_alone_is_checked_against_the_bundled_map() -> None:
    lib = load(bank(PICK.replace("buttock-l,", "buttock-x,")))
    assert codes(lib).count("E050") == 1


def test_an_unknown_map_name_is_an_error(tmp_path: Path) -> None:
    folder = _course(tmp_path, PICK.replace("  choices:", "  map: {name: upper-body, highlight: false}\n  choices:"))
    lib = load_paths([folder])
    assert only(lib, "E051") and all("upper-body" in p.message for p in only(lib, "E051"))


def test_a_choice_without_text_or_region_is_an_error() -> None:
    lib = load(bank(PICK.replace("{region: groin-r, feedback", "{feedback")))
    assert [p.line for p in only(lib, "E010")] == [12]


def test_a_map_region_missing_from_its_svg_is_an_error(tmp_path: Path) -> None:
    folder = _course(tmp_path, PICK)
    map_file = folder / "media" / "body-map.yaml"
    map_file.write_text(map_file.read_text("utf-8").replace("{id: sacrum,", "{id: coccyx,"), "utf-8")
    lib = load_paths([folder])
    bad = only(lib, "E050")
    assert [(Path(p.path).name, p.line) for p in bad if "coccyx" in p.message] == [
        ("body-map.yaml", _line_of(map_file, "coccyx"))]


def test_the_picked_pattern_highlighted_in_the_question_is_a_warning(tmp_path: Path) -> None:
    items = PICK.replace("  choices:", "  map: {regions: [buttock-l, posterior-thigh-l]}\n  choices:")
    assert only(load_paths([_course(tmp_path, items)], lint=True), "W150")
    folder = tmp_path / "other"
    folder.mkdir()
    items = items.replace("posterior-thigh-l]}", "posterior-thigh-l], highlight: false}")
    assert not only(load_paths([_course(folder, items)], lint=True), "W150")


SAFE = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect id="a" width="5" height="5"/></svg>\n'
IMAGE_ITEM = """\
- id: pic
  type: basic
  front: What does the picture show?
  back: A square.
  image: {path}
"""


def test_a_safe_picture_is_recorded(tmp_path: Path) -> None:
    lib = load_paths([_course(tmp_path, IMAGE_ITEM.format(path="media/pic.svg"), SAFE)])
    assert lib.errors == []
    assert lib.media["pic"] == str((tmp_path / "media" / "pic.svg").resolve())


@pytest.mark.parametrize(("path", "code"), [
    ("media/none.svg", "E052"),
    ("../outside.svg", "E053"),
    ("/etc/passwd", "E053"),
    ("https://example.org/x.svg", "E053"),
    ("bank.yaml", "E054"),
    ("x" * 900 + ".svg", "E052"),
    ("media/loop.svg", "E052"),
])
def test_a_missing_or_outside_picture_is_an_error_at_the_image_line(tmp_path: Path, path: str, code: str) -> None:
    (tmp_path / "outside.svg").write_text(SAFE, "utf-8")
    folder = tmp_path / "course"
    folder.mkdir()
    _course(folder, IMAGE_ITEM.format(path=path))
    (folder / "media" / "loop.svg").symlink_to(folder / "media" / "loop.svg")
    lib = load_paths([folder])
    assert [(p.code, p.line) for p in lib.errors] == [(code, _line_of(folder / "bank.yaml", "image:"))]
    assert "pic" not in lib.media


@pytest.mark.parametrize(("svg", "line", "words"), [
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script></svg>', 2, "<script>"),
    ('<svg xmlns="http://www.w3.org/2000/svg">\n\n<rect onclick="x()"/></svg>', 3, "onclick"),
    (('<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">\n'
      '<image x:href="http://evil/x.png"/></svg>'), 2, "links outside"),
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<a href="javascript:x()"><rect/></a></svg>', 2, "links outside"),
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<foreignObject><p/></foreignObject></svg>', 2, "<foreignObject>"),
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<rect fill="url(http://evil/p)"/></svg>', 2, "refers outside"),
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<style>@import "http://evil/a.css";</style></svg>', 2, "<style>"),
    ('<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaa">]>\n<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
     2, "DOCTYPE"),
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<rect>\n</svg>', 3, "well-formed"),
    ('<html>\n</html>', 1, "not an <svg>"),
])
def test_an_unsafe_picture_is_an_error_at_its_own_line(tmp_path: Path, svg: str, line: int, words: str) -> None:
    lib = load_paths([_course(tmp_path, IMAGE_ITEM.format(path="media/pic.svg"), svg)])
    bad = only(lib, "E054")
    assert bad, lib.problems
    assert (Path(bad[0].path).name, bad[0].line) == ("pic.svg", line)
    assert words in bad[0].message
    assert "pic" not in lib.media


def test_map_for_falls_back_to_the_bundled_map() -> None:
    found = map_for(Library())
    assert found is not None and found[0].id == "lower-body"
    assert map_for(Library(), "elsewhere") is None


def test_the_content_cache_rechecks_a_changed_picture(tmp_path: Path) -> None:
    from backhip_learn.content.cache import load_cached

    folder = _course(tmp_path / "course", IMAGE_ITEM.format(path="media/pic.svg"), SAFE)
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    assert load_cached([folder], folder=cache).errors == []
    assert load_cached([folder], folder=cache).errors == []  # served from the cache
    (folder / "media" / "pic.svg").write_text(SAFE.replace("<rect", '<rect onload="x()"'), "utf-8")
    assert [p.code for p in load_cached([folder], folder=cache).errors] == ["E054"]


def test_a_path_no_file_system_accepts_is_refused(tmp_path: Path) -> None:
    from backhip_learn.content.media import resolve_media

    assert resolve_media("a\0b.svg", tmp_path, tmp_path)[1] == "E053"
