"""The loader's folder walk: suffixes in any case, dot-files skipped, odd entries reported by path."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from backhip_learn.cli import main
from backhip_learn.content.cache import content_stamps
from backhip_learn.content.load import load_paths

from content_helpers import bank

GOOD = bank("""
    - id: walk-one
      type: short
      question: Name the joint where the sacrum meets the ilium.
      answer: SI joint
      explanation: Sacrum plus ilium.
""", header="id: walk-bank\ntitle: Walk bank\nsource: anatomy.si-joint\nitems:\n")


def _other(n: int) -> str:
    return GOOD.replace("walk-one", f"walk-{n}").replace("walk-bank", f"walk-bank-{n}")


def test_upper_and_mixed_case_suffixes_are_read(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write("banks/a.YAML", GOOD)
    write("banks/b.Yml", _other(2))
    lib = load_paths([tmp_path / "banks"])
    assert not lib.problems, lib.problems
    assert [i.id for i in lib.items] == ["walk-one", "walk-2"]
    assert len(content_stamps([tmp_path / "banks"])) == 2  # the cache sees the same files


def test_dot_files_and_dot_folders_are_skipped(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write("banks/good.yaml", GOOD)
    write("banks/._good.yaml", b"\x00\x05\x16\x07 macOS resource fork")
    write("banks/.hidden.yaml", GOOD)  # would be a duplicate of every id
    write("banks/.git/x.yaml", GOOD)
    lib = load_paths([tmp_path / "banks"])
    assert not lib.problems, lib.problems
    assert lib.files == [str(tmp_path / "banks" / "good.yaml")]
    assert len(content_stamps([tmp_path / "banks"])) == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_dangling_symlinks_and_fifos_in_a_folder_are_errors_naming_them(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write("banks/good.yaml", GOOD)
    (tmp_path / "banks" / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    os.mkfifo(tmp_path / "banks" / "pipe.yml")
    lib = load_paths([tmp_path / "banks"])
    found = {(Path(p.path).name, p.message, p.code) for p in lib.problems}
    assert found == {("gone.yaml", "is a broken symbolic link", "E001"),
                     ("pipe.yml", "is a FIFO (named pipe), not a regular file", "E001")}
    assert [i.id for i in lib.items] == ["walk-one"]


def test_validate_dev_null_says_it_is_not_a_regular_file() -> None:
    result = CliRunner().invoke(main, ["validate", "/dev/null", "--format", "json"])
    report = json.loads(result.stdout)
    assert result.exit_code != 0
    assert [(p["path"], p["message"]) for p in report["problems"]] == [
        ("/dev/null", "is a character device, not a regular file")]


def test_a_folder_given_as_file_is_not_called_missing(tmp_path: Path) -> None:
    from backhip_learn.content.load import not_regular

    assert not_regular(tmp_path) == "is a folder"
    assert not_regular(tmp_path / "nope.yaml") == "no such file or folder"


def test_unknown_source_is_clipped_in_e022(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    huge = "x" * 5000
    path = write("b.yaml", GOOD.replace("source: anatomy.si-joint", f"source: {huge}"))
    lib = load_paths([path])
    [problem] = [p for p in lib.problems if p.code == "E022"]
    assert len(problem.message) < 300 and "xxx..." in problem.message



@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("command", [["validate"], ["list"], ["study", "--data-dir"]])
def test_commands_that_list_files_first_still_report_a_fifo_in_a_folder(write, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                        command: list[str],
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """validate/list/study de-duplicate the files of a folder first; the FIFO must survive that step."""
    import backhip_learn.commands.study as study

    def no_app(*args: object, **kwargs: object) -> None:
        raise AssertionError("the study app started")

    monkeypatch.setattr(study, "run_study", no_app)
    write("banks/good.yaml", GOOD)
    os.mkfifo(tmp_path / "banks" / "pipe.yaml")
    args = [*command, str(tmp_path / "d")] if command[0] == "study" else command
    result = CliRunner().invoke(main, ["--bank", str(tmp_path / "banks"), *args], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert f"{tmp_path / 'banks' / 'pipe.yaml'}: error: is a FIFO (named pipe), not a regular file" in result.output
