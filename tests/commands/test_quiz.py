"""`quiz PATH`: an edited copy of a loaded exam replaces it; odd paths say what they are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from backhip_learn.cli import main
from backhip_learn.commands.options import CommandError
from backhip_learn.commands.quiz import resolve_exam
from backhip_learn.content.load import load_paths

from .helpers import FIXTURES


def test_an_edited_copy_of_a_loaded_exam_replaces_it(tmp_path: Path) -> None:
    """`cp quizzes/exam-final.yaml /tmp/x/ && quiz /tmp/x/exam-final.yaml` gave E021 'duplicate exam id'."""
    library = load_paths([FIXTURES])
    copy = tmp_path / "exam.yaml"
    copy.write_text((FIXTURES / "exam.yaml").read_text("utf-8").replace("Fixture exam", "Edited exam"), "utf-8")
    exam = resolve_exam(library, str(copy), [str(FIXTURES)])
    assert (exam.id, exam.title) == ("fx-exam", "Edited exam")
    assert [e.title for e in library.exams] == ["Edited exam"]


def test_the_copy_is_still_checked_against_the_banks(tmp_path: Path) -> None:
    library = load_paths([FIXTURES])
    copy = tmp_path / "exam.yaml"
    copy.write_text((FIXTURES / "exam.yaml").read_text("utf-8").replace("tui-fixture", "no-such-bank"), "utf-8")
    with pytest.raises(CommandError) as exc:
        resolve_exam(library, str(copy), [str(FIXTURES)])
    assert exc.value.exit_code == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_not_called_missing(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "exam.yaml")
    result = CliRunner().invoke(main, ["--bank", str(FIXTURES), "quiz", str(tmp_path / "exam.yaml"),
                                       "--data-dir", str(tmp_path / "d")], catch_exceptions=False)
    assert result.exit_code == 2
    assert "is a FIFO (named pipe), not a regular file" in result.output and "no such" not in result.output
