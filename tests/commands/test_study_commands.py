"""The TUI commands refuse bad input with a plain message before Textual starts."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from backhip_learn.cli import main
from backhip_learn.commands.options import CommandError

from .helpers import FIXTURES


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["study", "--deck", "nope"], 2, "no deck named 'nope' (decks: Fixture)"),
        (["study", "--section", "nowhere"], 2, "no section or part 'nowhere' in the course"),
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
    with pytest.raises(CommandError) as exc:
        resolve_exam(library, str(not_exam), [str(FIXTURES)])
    assert exc.value.exit_code == 2
    bad = tmp_path / "bad-exam.yaml"
    bad.write_text("kind: exam\nid: bad\ntitle: Bad\ndraw:\n  - {tags: [no-such-tag]}\n", "utf-8")
    with pytest.raises(CommandError) as exc:
        resolve_exam(library, str(bad), [str(FIXTURES)])
    assert exc.value.exit_code == 1


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


def test_study_stopped_by_a_limit_names_it(tmp_path: Path) -> None:
    """Unseen cards held back by today's limit: the message names the limit, never "well done"."""
    from datetime import datetime, timezone

    from backhip_learn.content.load import load_paths
    from backhip_learn.store import Store
    from backhip_learn.study.queue import set_today_limits, study_day

    now = datetime.now(timezone.utc)  # the command uses the real clock
    library = load_paths([FIXTURES])
    with Store.open(tmp_path / "progress.sqlite3") as store:
        set_today_limits(store, library, "fx-deck", study_day(now), new_per_day=0)
    result = CliRunner().invoke(main, ["--bank", str(FIXTURES), "study", "--data-dir", str(tmp_path)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == ("New-card limit for Fixture reached (0 today): open `backhip-learn` and press m "
                                     "on the deck to study more, or run with --cram.")


def test_session_label_names_what_is_studied() -> None:
    from backhip_learn.commands.study import session_label

    assert session_label(None) == "All cards"
    assert session_label("Anatomy", tags=("exam",)) == "Anatomy · #exam"
    assert session_label(None, ("red-flags",)) != "All cards"
    assert "section nowhere" in session_label(None, ("nowhere",))
    assert session_label("Anatomy", cram=True) == "Cram: Anatomy"


def test_cards_lists_by_state_and_acts_by_id(tmp_path: Path) -> None:
    """`cards --suspended` lists, `cards unsuspend ID` acts, `--json` for scripts, an unknown id exits 2."""
    import json
    from datetime import datetime, timezone

    from backhip_learn.store import Store
    from backhip_learn.study.scheduling import Scheduling

    with Store.open(tmp_path / "progress.sqlite3") as store:
        store.suspend("fx-tf")
        store.flag("fx-mcq", 1)
        store.record_review("fx-mcq", 1, datetime.now(timezone.utc), Scheduling(enable_fuzzing=False))
    run = CliRunner()
    base = ["--bank", str(FIXTURES), "cards", "--data-dir", str(tmp_path)]
    listed = run.invoke(main, [*base, "--suspended"], catch_exceptions=False)
    assert listed.exit_code == 0 and listed.output.splitlines()[0].startswith("fx-tf ")
    assert listed.output.splitlines()[-1] == "1 card"
    as_json = run.invoke(main, [*base, "--flagged", "--json"], catch_exceptions=False)
    assert [c["id"] for c in json.loads(as_json.output)] == ["fx-mcq"]
    history = run.invoke(main, [*base, "history", "fx-mcq", "--json"], catch_exceptions=False)
    assert [h["rating"] for h in json.loads(history.output)] == ["Again"]
    done = run.invoke(main, [*base, "unsuspend", "fx-tf"], catch_exceptions=False)
    assert done.exit_code == 0 and done.output.strip() == "1 card unsuspended: fx-tf"
    assert run.invoke(main, [*base, "--suspended"]).output.strip() == "0 cards"
    assert run.invoke(main, [*base, "unflag", "fx-mcq"]).exit_code == 0
    assert run.invoke(main, [*base, "reset", "fx-mcq"]).exit_code == 0
    with Store.open(tmp_path / "progress.sqlite3") as store:
        row = store.card("fx-mcq")
        assert row is not None and row.flag == 0 and row.card.is_new
    unknown = run.invoke(main, [*base, "unsuspend", "nope"])
    assert unknown.exit_code == 2 and "no item with id 'nope'" in unknown.output
    bad = run.invoke(main, [*base, "--search", "is:sleepy"])
    assert bad.exit_code == 2 and "unknown state 'sleepy'" in bad.output
