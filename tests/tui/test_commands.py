"""The TUI commands refuse bad input with a plain message before Textual starts."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from backhip_learn.cli import main

from .conftest import FIXTURES


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["study", "--deck", "nope"], 2, "no deck named 'nope' (decks: Fixture)"),
        (["study", "--section", "nowhere"], 2, "no article section or part 'nowhere'"),
        (["study", "--tag", "no-such-tag"], 2, "no items match --deck/--section/--tag"),
        (["quiz", "no-such-exam"], 2, "no exam named 'no-such-exam' (exams: fx-exam)"),
        (["quiz", "missing-exam.yaml"], 2, "missing-exam.yaml: no such exam file"),
        (["preview", "missing.yaml"], 2, "missing.yaml: error: no such file"),
    ],
)
def test_bad_names_exit_with_a_message(tmp_path: Path, args: list[str], code: int, message: str) -> None:
    """Unknown deck, section, exam or file: a one-line reason and a non-zero exit, no traceback."""
    argv = args if args[0] == "preview" else ["--bank", str(FIXTURES), *args, "--data-dir", str(tmp_path)]
    result = CliRunner().invoke(main, argv, catch_exceptions=False)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_invalid_content_is_reported_with_file_and_line(tmp_path: Path) -> None:
    """A broken bank stops `study` (and bare `backhip-learn`) with file:line:col problems, exit 1."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: Bad\nitems:\n  - id: x1\n    type: mcq\n    question: Q?\n", "utf-8")
    for args in (["study"], []):
        result = CliRunner().invoke(main, ["--bank", str(bad), "--data-dir", str(tmp_path / "d"), *args],
                                    catch_exceptions=False)
        assert result.exit_code == 1, result.output
        assert f"{bad}:4" in result.output and "error" in result.output
        assert "Traceback" not in result.output
    assert not (tmp_path / "d").exists()  # nothing created before the checks pass


def test_a_foreign_database_is_refused(tmp_path: Path) -> None:
    """A progress file that is not ours: a message naming it, exit 1."""
    (tmp_path / "progress.sqlite3").write_text("not a database", "utf-8")
    result = CliRunner().invoke(main, ["--bank", str(FIXTURES), "study", "--data-dir", str(tmp_path)],
                                catch_exceptions=False)
    assert result.exit_code == 1
    assert "progress.sqlite3" in result.output and "Traceback" not in result.output


def test_preview_of_a_file_without_items_lists_its_errors(tmp_path: Path) -> None:
    """Preview of an unloadable file prints its problems and exits 1."""
    bad = tmp_path / "broken.yaml"
    bad.write_text("id: b\ntitle: [unclosed\n", "utf-8")
    result = CliRunner().invoke(main, ["preview", str(bad)], catch_exceptions=False)
    assert result.exit_code == 1
    assert f"{bad}:" in result.output and "Traceback" not in result.output


def test_an_exam_can_be_named_by_its_file(tmp_path: Path) -> None:
    """`quiz path/to/exam.yaml` reads that file and takes its exam, even one not in the banks' folders."""
    from backhip_learn.commands.quiz import resolve_exam
    from backhip_learn.content.load import load_paths

    library = load_paths([FIXTURES])
    exam_file = tmp_path / "mini.yaml"
    exam_file.write_text("kind: exam\nid: mini\ntitle: Mini\ndraw:\n  - {types: [mcq]}\n", "utf-8")
    exam = resolve_exam(library, str(exam_file), [str(FIXTURES)])
    assert exam.id == "mini" and library.exam("mini") is exam
    assert resolve_exam(library, "fx-exam").title == "Fixture exam"
    assert resolve_exam(library, str(FIXTURES / "exam.yaml"), [str(FIXTURES)]).id == "fx-exam"  # already loaded
    not_exam = tmp_path / "bank.yaml"
    not_exam.write_text("id: b\ntitle: B\nitems: []\n", "utf-8")
    with pytest.raises(SystemExit) as exc:
        resolve_exam(library, str(not_exam), [str(FIXTURES)])
    assert exc.value.code == 2
    bad = tmp_path / "bad-exam.yaml"
    bad.write_text("kind: exam\nid: bad\ntitle: Bad\ndraw:\n  - {tags: [no-such-tag]}\n", "utf-8")
    with pytest.raises(SystemExit) as exc:
        resolve_exam(library, str(bad), [str(FIXTURES)])
    assert exc.value.code == 1


def test_study_with_nothing_due_says_when_to_come_back(tmp_path: Path) -> None:
    """Every card learned and not yet due: a plain message and exit 0, no empty app."""
    from datetime import datetime, timezone

    from backhip_learn.content.load import load_paths
    from backhip_learn.store import Store
    from backhip_learn.study.scheduling import Scheduling

    now = datetime.now(timezone.utc)  # the command uses the real clock
    with Store.open(tmp_path / "progress.sqlite3") as store:
        for card in load_paths([FIXTURES]).cards:  # every card: a cloze has one per gap number
            store.record_review(card, 4, now, Scheduling(enable_fuzzing=False))
    result = CliRunner().invoke(main, ["--bank", str(FIXTURES), "study", "--data-dir", str(tmp_path)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Nothing to study right now in All cards; next card due in 8d." in result.output
