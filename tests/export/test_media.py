"""Body maps and pictures in the .apkg: SVG media present in the real Anki collection and referenced by the cards."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

from backhip_learn.content.load import load_paths
from backhip_learn.export.anki import build_export, write_apkg
from backhip_learn.export.media import HIGHLIGHT_FILL
from backhip_learn.paths import quizzes_dir

from .helpers import import_apkg

MAPS = Path(__file__).resolve().parents[1] / "tui" / "fixtures_maps" / "maps.yaml"
PICTURE = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect id="sq" width="5" height="5"/></svg>\n'
IMAGE_ITEM = """\
  - id: fx-picture
    type: basic
    front: What shape is drawn?
    back: A square.
    image: media/square.svg
"""


def course(tmp_path: Path) -> Path:
    """The map fixture bank, the bundled map, and one item with a picture of its own."""
    folder = tmp_path / "course"
    shutil.copytree(quizzes_dir() / "media", folder / "media")
    (folder / "media" / "square.svg").write_text(PICTURE, "utf-8")
    (folder / "maps.yaml").write_text(MAPS.read_text("utf-8") + IMAGE_ITEM, "utf-8")
    return folder


def images(html: str) -> list[str]:
    return re.findall(r'<img src="([^"]+)"', html)


def test_pictures_reach_the_anki_collection(tmp_path: Path, collection: object) -> None:
    lib = load_paths([course(tmp_path)])
    assert not lib.errors, lib.errors
    exp = build_export(lib)
    out = tmp_path / "maps.apkg"
    write_apkg(exp, out, timestamp=1_700_000_000)
    with zipfile.ZipFile(out) as zf:
        index = json.loads(zf.read("media"))
        assert sorted(index.values()) == sorted(exp.media)
    log = import_apkg(collection, out)
    assert len(log.new) == 3
    media_dir = Path(collection.media.dir())  # type: ignore[attr-defined]
    seen = {}
    for cid in collection.find_cards(""):  # type: ignore[attr-defined]
        card = collection.get_card(cid)  # type: ignore[attr-defined]
        seen[card.note()["Id"]] = card.render_output()
    for item_id, rendered in seen.items():
        for name in images(rendered.question_text) + images(rendered.answer_text):
            assert (media_dir / name).is_file(), (item_id, name)

    pattern = seen["fx-map-pattern"]
    [front] = images(pattern.question_text)
    svg = (media_dir / front).read_text("utf-8")
    assert "#lower-back,#sacrum,#buttock-r,#groin-r{fill:" + HIGHLIGHT_FILL in svg
    assert images(pattern.answer_text) == [front]  # nothing more to reveal: the pattern was the question

    pick = seen["fx-map-pick"]
    [plain_map] = images(pick.question_text)
    question_svg = (media_dir / plain_map).read_text("utf-8")
    assert HIGHLIGHT_FILL not in question_svg  # the regions to pick are not given away
    assert [m for m in re.findall(r">([A-E])</text>", question_svg)] == ["A", "B", "C", "D", "E"]
    back = [n for n in images(pick.answer_text) if n != plain_map]
    assert len(back) == 1
    assert "#lower-back,#buttock-r,#groin-r{fill:" in (media_dir / back[0]).read_text("utf-8")
    assert "<script" not in pick.question_text + pick.answer_text

    [picture] = images(seen["fx-picture"].question_text)
    assert (media_dir / picture).read_text("utf-8") == PICTURE


def test_the_same_pattern_is_one_file_and_names_are_stable(tmp_path: Path) -> None:
    lib = load_paths([course(tmp_path)])
    first, second = build_export(lib), build_export(lib)
    assert first.media == second.media
    assert len(first.media) == 3 + 1  # pattern, plain pick map, pick answer, the picture
    assert all(name.endswith(".svg") for name in first.media)


def test_an_export_without_pictures_has_an_empty_media_index(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "b.yaml").write_text(
        "id: b\ntitle: B\nsource: overview\nitems:\n  - {id: b1, type: basic, front: F, back: B}\n", "utf-8")
    lib = load_paths([folder])
    out = tmp_path / "b.apkg"
    write_apkg(build_export(lib), out, timestamp=1_700_000_000)
    with zipfile.ZipFile(out) as zf:
        assert zf.namelist() == ["collection.anki2", "media"]
        assert zf.read("media") == b"{}"
