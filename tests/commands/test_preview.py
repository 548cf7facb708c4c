"""`preview PATH`: judged on the file alone (plus its folder's misconceptions), plain errors for odd paths."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from backhip_learn.cli import main
from backhip_learn.tui.preview_backend import PreviewBackend

from .helpers import FIXTURES

EMPTY = "id: empty\ntitle: Empty\nitems: []\n"


@pytest.fixture(autouse=True)
def no_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every case here must be refused before the app starts."""
    from backhip_learn.tui.app import StudyApp

    def refuse(self: StudyApp, *args: object, **kwargs: object) -> None:
        raise AssertionError("the app started")

    monkeypatch.setattr(StudyApp, "run", refuse)


def _preview(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["preview", *args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_a_bank_with_no_items_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_text(EMPTY, "utf-8")
    code, out = _preview(str(tmp_path / "empty.yaml"))
    assert code == 1
    assert out.strip().splitlines() == [f"{tmp_path / 'empty.yaml'}: error: no items to preview "
                                        "(a bank with an empty `items` list, or not a bank)"]


def test_a_folder_is_called_a_folder(tmp_path: Path) -> None:
    code, out = _preview(str(tmp_path))
    assert code == 2 and "is a folder (preview takes one bank file)" in out and "no such file" not in out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_called_a_fifo(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    code, out = _preview(str(tmp_path / "pipe.yaml"))
    assert code == 2 and "is a FIFO (named pipe), not a regular file" in out and "no such file" not in out


def test_errors_in_sibling_files_do_not_block_the_preview(tmp_path: Path) -> None:
    """A sibling bank that repeats this file's ids (and sorts first) is none of this preview's business."""
    for f in FIXTURES.iterdir():
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "bank.yaml").rename(tmp_path / "good.yaml")
    shutil.copy(tmp_path / "good.yaml", tmp_path / "dup2.yaml")  # sorts before good.yaml
    (tmp_path / "broken.yaml").write_text("id: b\ntitle: [unclosed\n", "utf-8")
    backend = PreviewBackend(tmp_path / "good.yaml")
    assert backend.library.problems == []
    assert backend.items and "fx-mcq" in [i.id for i in backend.items]
    assert "fx-wrong-muscle" in backend.library.misconceptions  # its folder's misconceptions still count


def test_the_files_own_errors_are_still_reported(tmp_path: Path) -> None:
    """Judged on its own: an id repeated inside the file is still E020 (in this file)."""
    text = (FIXTURES / "bank.yaml").read_text("utf-8")
    (tmp_path / "bank.yaml").write_text(text.replace("id: fx-tf", "id: fx-mcq"), "utf-8")
    backend = PreviewBackend(tmp_path / "bank.yaml")
    assert [p.code for p in backend.library.problems if p.severity == "error"] == ["E020"]


def test_preview_of_an_exam_file_says_it_takes_a_bank(tmp_path: Path) -> None:
    exam = tmp_path / "exam.yaml"
    exam.write_text("kind: exam\nid: e\ntitle: E\ndraw:\n  - banks: [nowhere]\n", "utf-8")
    code, out = _preview(str(exam))
    assert code == 2 and "this is an exam file; preview takes a bank file" in out
    assert "unknown bank" not in out
