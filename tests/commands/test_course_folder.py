"""A course is a folder: `new` makes one, and every command uses the course it is pointed at (or stands in)."""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from backhip_learn.cli import COMMANDS, main
from backhip_learn.content.load import load_paths


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A starter course made by `new`, with the working directory somewhere else and no course variable."""
    monkeypatch.delenv("BACKHIP_LEARN_COURSE", raising=False)
    monkeypatch.chdir(tmp_path)
    code, out = run("new", "ankle-course")
    assert code == 0, out
    return tmp_path / "ankle-course"


def test_new_writes_every_kind_of_file_with_schema_modelines(course: Path) -> None:
    names = sorted(p.relative_to(course).as_posix() for p in course.rglob("*") if p.is_file())
    assert names == [
        "01-basics.yaml", "course.yaml", "deck.yaml", "exam-basics.yaml", "glossary.yaml", "misconceptions.yaml",
        "schemas/bank.schema.json", "schemas/course.schema.json", "schemas/deck.schema.json",
        "schemas/exam.schema.json", "schemas/glossary.schema.json", "schemas/misconceptions.schema.json",
    ]
    for yaml_file in course.glob("*.yaml"):
        first = yaml_file.read_text("utf-8").splitlines()[0]
        schema = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert schema and (course / schema.group(1)).is_file(), (yaml_file, first)
        json.loads((course / schema.group(1)).read_text("utf-8"))
    lib = load_paths([course])
    assert lib.courses[0].id == "ankle-course"
    assert sorted({i.type for i in lib.items}) == sorted(
        ["basic", "mcq", "multi", "true_false", "short", "cloze", "matching", "ordering"])
    assert all(i.objective and i.level for i in lib.items)
    typed = [i for i in lib.items if i.type in ("short", "cloze")]
    assert typed and all(i.examples for i in typed)  # type: ignore[union-attr]
    assert lib.glossaries and lib.misconceptions and lib.exams and lib.decks


def test_new_validates_strict_clean_from_its_folder(course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(course)
    code, out = run("validate", "--strict")
    assert code == 0, out
    assert out.splitlines()[0] == "course: Ankle course (the course in the current folder)"
    assert out.splitlines()[-1] == "6 files, 8 items: 0 errors, 0 warnings"


def test_each_new_course_gets_its_own_anki_ids(tmp_path: Path, course: Path) -> None:
    run("new", "second")
    ids = [load_paths([c]).decks[0].deck.anki_id for c in (course, tmp_path / "second")]
    assert ids[0] != ids[1]


def test_new_refuses_a_folder_that_is_not_empty(course: Path) -> None:
    code, out = run("new", str(course))
    assert code == 2 and "is not empty" in out
    code, out = run("new", "--id", "Café", "other")
    assert code == 2 and "ASCII" in out


def test_course_option_and_variable_choose_the_course(course: Path) -> None:
    code, out = run("list", "--course", str(course))
    assert code == 0 and "basics" in out and "Ankle course" in out, out
    code, out = run("--course", str(course), "list")
    assert code == 0 and "basics" in out
    code, out = run("list", env={"BACKHIP_LEARN_COURSE": str(course)})
    assert code == 0 and "basics" in out
    code, out = run("list")  # from the parent folder: the bundled course
    assert "basics" not in out and "anatomy" in out
    code, out = run("list", "--course", str(course.parent))
    assert code == 2 and "not a course folder" in out
    code, out = run("list", env={"BACKHIP_LEARN_COURSE": str(course / "nope")})
    assert code == 2 and "no such folder" in out



def _every_command() -> Iterator[tuple[str, click.Command]]:
    """Each command of the CLI and each subcommand of its groups, named as typed (``export anki``)."""
    for name, (module, _help) in COMMANDS.items():
        command = importlib.import_module(f"backhip_learn.commands.{module}").command
        yield name, command
        if isinstance(command, click.Group):
            yield from ((f"{name} {sub}", cmd) for sub, cmd in command.commands.items())


def test_every_command_that_reads_a_course_takes_the_one_course_option() -> None:
    [root] = [p for p in main.params if p.name == "course"]
    seen = set()
    for name, command in _every_command():
        options = [p for p in command.params if p.name == "course"]
        if name in ("new", "schema"):  # one makes a course, the other prints the format
            assert not options, name
            continue
        assert len(options) == 1, name
        assert options[0].callback is root.callback and options[0].is_eager, name
        seen.add(name)
    assert {"export anki", "cards history", "cards reset", "validate", "study"} <= seen


@pytest.mark.parametrize("where", [
    "list {c}", "{c} list", "export {c} anki", "export anki {c}", "{c} export anki", "cards {c}",
    "cards history x {c}", "cards reset x {c}", "{c} cards unsuspend x", "coverage {c}", "try x y {c}",
    "stats {c}", "study {c}", "quiz x {c}", "preview x {c}", "{c}",
])
def test_a_folder_that_is_no_course_is_a_usage_error_wherever_course_is_given(course: Path, where: str) -> None:
    args = [a for word in where.split() for a in (["--course", str(course.parent)] if word == "{c}" else [word])]
    code, out = run(*args)
    assert code == 2, out
    assert "Invalid value for '--course'" in out and "not a course folder" in out, out


@pytest.mark.parametrize("args", [["cards", "history", "x"], ["export", "anki"], []])
def test_a_bad_course_variable_is_named_in_its_usage_error(course: Path, args: list[str]) -> None:
    code, out = run(*args, env={"BACKHIP_LEARN_COURSE": str(course / "nope")})
    assert code == 2, out
    assert "Invalid value for $BACKHIP_LEARN_COURSE" in out and "no such folder" in out, out


@pytest.mark.parametrize("args", [["export", "--course", "{c}", "anki"], ["export", "anki", "--course", "{c}"]])
def test_a_group_subcommand_uses_the_course_given_either_side(course: Path, tmp_path: Path, args: list[str]) -> None:
    out_file = tmp_path / "out.apkg"
    code, out = run(*[str(course) if a == "{c}" else a for a in args], "-o", str(out_file))
    assert code == 0, out
    assert "course: Ankle course" in out and out_file.is_file()
    code, out = run("cards", "--course", str(course), "--data-dir", str(tmp_path / "data"), "--json")
    assert code == 0, out
    assert {card["id"] for card in json.loads(out)} == set(load_paths([course]).item_index)
    # The course's own progress, as `study` and `stats` keep it, never the bundled course's file.
    assert [p.name for p in (tmp_path / "data").glob("*.sqlite3")] == ["progress-ankle-course.sqlite3"]


def test_the_outline_comes_from_the_course_file(course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(course)
    code, out = run("coverage")
    assert code == 0, out
    assert "format.items" in out and "format.checks" in out and "anatomy" not in out
    assert "0 of 2 sections have no items" in out
    # A section of the bundled article is no section of this course.
    bank = course / "01-basics.yaml"
    bank.write_text(bank.read_text("utf-8").replace("source: format.items   #", "source: anatomy.si-joint   #"), "utf-8")
    code, out = run("validate")
    assert code == 1
    assert "01-basics.yaml:9:9: error: bank 'basics': source 'anatomy.si-joint' is not a section of the course outline" in out


def test_exam_scores_per_part_of_the_course(course: Path) -> None:
    from backhip_learn.study.exam import draw_exam, score_exam

    lib = load_paths([course])
    paper = draw_exam(lib, "exam-basics", seed=1)
    score = score_exam(paper, {})
    assert list(score.parts) == ["format"]


def test_export_anki_names_come_from_the_course(course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from backhip_learn.export.anki import NOTE_TYPES, build_export

    monkeypatch.chdir(course)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    code, out = run("export", "anki")
    assert code == 0, out
    assert (course / "ankle-course.apkg").is_file()
    assert "course: Ankle course (the course in the current folder)" in out
    export = build_export(load_paths([course]))
    tags = {t for n in export.notes for t in n.tags}
    assert "ankle-course::type::mcq" in tags and "ankle-course::section::format::items" in tags
    assert not any(t.startswith("backhip::") for t in tags)
    names = {nt.name for nt in export.note_types.values()}
    assert names == {nt.name.replace("backhip-learn", "Ankle course") for nt in NOTE_TYPES.values()}
    ids = {nt.model_id for nt in export.note_types.values()}
    assert not ids & {nt.model_id for nt in NOTE_TYPES.values()}  # never the bundled course's note types
    assert [d.name for d in export.decks] == ["Ankle course", "Ankle course::Basics"]
    assert all(n.fields[-2] for n in export.notes if n.note_type == "basic")  # Section field from the course


def test_progress_is_kept_per_course(course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from backhip_learn.paths import database_path

    data = tmp_path / "data"
    assert database_path(data).name == "progress.sqlite3"  # the bundled course keeps its file
    assert database_path(data, "backhip").name == "progress.sqlite3"
    assert database_path(data, "ankle-course").name == "progress-ankle-course.sqlite3"
    monkeypatch.chdir(course)
    code, out = run("stats", "--json", "--data-dir", str(data))
    assert code == 0, out
    assert json.loads(out)["database"] == str(data / "progress-ankle-course.sqlite3")


def test_one_file_is_checked_with_the_rest_of_its_course(course: Path) -> None:
    code, out = run("validate", "--strict", str(course / "01-basics.yaml"))
    assert code == 0, out  # its misconception and objectives live in sibling files: no W114, no E026
    assert "W114" not in out and "E026" not in out
    assert out.splitlines()[-1] == "1 file, 8 items: 0 errors, 0 warnings"
    (course / "exam-basics.yaml").write_text("kind: exam\nid: broken\n", "utf-8")
    code, out = run("validate", str(course / "01-basics.yaml"))
    assert code == 0, out  # a sibling's problems are not this file's


def test_study_and_preview_start_on_the_course_from_its_folder(course: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from backhip_learn.tui.app import StudyApp

    started: list[object] = []

    def start(self: StudyApp, *args: object, **kwargs: object) -> None:
        started.append(self._first_screen())

    monkeypatch.setattr(StudyApp, "run", start)
    monkeypatch.setattr("backhip_learn.commands.common.require_terminal", lambda: None)  # CliRunner's stdin is no tty
    monkeypatch.chdir(course)
    code, out = run("study", "--data-dir", str(tmp_path / "data"))
    assert code == 0, out
    [screen] = started
    assert set(screen.backend.queue.items) == set(load_paths([course]).cards)  # type: ignore[attr-defined]
    assert screen.backend.outline.course_id == "ankle-course"  # type: ignore[attr-defined]
    assert (tmp_path / "data" / "progress-ankle-course.sqlite3").is_file()
    code, out = run("preview", "01-basics.yaml")
    assert code == 0, out
    assert len(started) == 2 and len(started[1].preview.items) == 8  # type: ignore[attr-defined]


@pytest.mark.parametrize("damage", ["\tbroken: [\n", "id: twice\n", "kind: bank\n"])
def test_a_bank_that_fails_to_load_is_reported_once(course: Path, damage: str) -> None:
    """A tab, a duplicate key: the bank's own error, not the deck, exam and misconception findings that follow."""
    bank = course / "01-basics.yaml"
    bank.write_text(bank.read_text("utf-8") + damage, "utf-8")
    code, out = run("validate", "--course", str(course))
    assert code == 1
    problems = [line for line in out.splitlines() if ": error: " in line or ": warning: " in line]
    assert len(problems) == 1 and problems[0].startswith("ankle-course/01-basics.yaml:"), out
