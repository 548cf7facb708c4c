"""Hostile and broken files: one clear error naming the file, no traceback, other files still checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from backhip_learn.cli import main

from content_helpers import FIXTURES

# The fixture bank without its one misconception reference (defined in another fixture file).
GOOD = (FIXTURES / "good" / "anatomy.yaml").read_text("utf-8").replace("        misconception: piriformis-vs-disc\n", "")


def billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join(f"*{prev}" for _ in range(9)) + "]")
    return "\n".join(lines) + "\n"


HOSTILE: dict[str, tuple[bytes | str, str, int | None]] = {
    # name -> (content, fragment of the message, line or None)
    "empty": ("", "empty", 1),
    "latin1": ("id: x\ntitle: caf\xe9\n".encode("latin-1"), "not UTF-8", 2),
    "utf16": ("id: x\n".encode("utf-16"), "not UTF-8", 1),
    "binary": (bytes(range(256)) * 4, "binary", 1),
    "top-list": ("- a\n- b\n", "found a list", 1),
    "top-number": ("42\n", "found the number 42", 1),
    "tabs": ("id: x\ntitle: T\nitems:\n\t- id: y\n", "tab", 4),
    "billion-laughs": (billion_laughs(), "alias bomb", None),
    "python-tag": ("id: x\ntitle: !!python/object/apply:os.system ['touch MARKER']\n", "!!python/object/apply:os.system", 2),
    "custom-tag": ("id: x\ntitle: !include other.yaml\n", "!include", 2),
    "deep-flow": ("[" * 5000 + "]" * 5000, "nest", 1),
    "deep-block": ("- " * 5000 + "1\n", "nest", 1),
    "deep-mapping": ("a: " + "{b: " * 5000 + "1" + "}" * 5000, "nest", 1),
    "duplicate-key": ("id: x\ntitle: T\nid: y\n", "duplicate key 'id' (first at line 1)", 3),
    "two-documents": ("id: x\n---\nid: y\n", "more than one YAML document", 2),
    "control-char": ("id: x\ntitle: a\x1bb\n", "unprintable", 2),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_one_clear_error(name: str, write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    content, fragment, line = HOSTILE[name]
    monkeypatch.chdir(tmp_path)
    write("good.yaml", GOOD)
    bad = write(f"{name}.yaml", content)
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = [x for x in result.output.splitlines() if x.startswith(str(bad))]
    assert len(lines) == 1, result.output
    assert ": error: " in lines[0] and fragment in lines[0], lines[0]
    if line is not None:
        assert lines[0].startswith(f"{bad}:{line}:") or lines[0].startswith(f"{bad}:{line}: "), lines[0]
    # the good file was still checked and loaded
    assert "2 files, 8 items: 1 error, 0 warnings" in result.output, result.output
    assert not (tmp_path / "MARKER").exists()


def test_twenty_megabyte_file_is_refused_without_parsing(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write("good.yaml", GOOD)
    big = tmp_path / "big.yaml"
    chunk = b"- [" + b"1, " * 1000 + b"1]\n"
    with open(big, "wb") as fh:
        for _ in range(20 * 1024 * 1024 // len(chunk) + 1):
            fh.write(chunk)
    assert big.stat().st_size >= 20 * 1024 * 1024
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    [line] = [x for x in result.output.splitlines() if x.startswith(str(big))]
    assert "larger than 5 MB" in line and ": error: " in line
    assert "2 files, 8 items: 1 error" in result.output


def test_unreadable_file_is_an_error(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write("good.yaml", GOOD)
    folder = tmp_path / "dir.yaml"  # a folder named like a YAML file is walked, not read
    folder.mkdir()
    (folder / "inner.yaml").write_text("- x\n", "utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1 and "inner.yaml:1:1: error" in result.output
