"""Learning objectives across files: defined once, known, filed in their section, 2-5 items each, drawn by exams."""

from __future__ import annotations

from backhip_learn.content.coverage import coverage
from backhip_learn.content.load import load_texts
from backhip_learn.study.exam import draw_exam

from content_helpers import bank, only

COURSE = """\
kind: course
id: t-course
title: T
source: {title: T}
parts: [{id: anatomy, name: Anatomy}]
sections:
  - id: anatomy.piriformis
    part: anatomy
    heading: Piriformis
    objectives:
      - {id: obj-piri, text: Locate the piriformis}
      - {id: obj-piri-mimic, text: Tell piriformis syndrome from a disc}
  - id: anatomy.gluteals
    part: anatomy
    heading: Gluteals
    objectives:
      - {id: obj-glut, text: Name the gluteals}
"""


def item(ident: str, objective: str, level: str = "recall", extra: str = "") -> str:
    # Typed answers, not basic cards: exams never draw self-graded flashcards.
    return (f"- {{id: {ident}, type: short, question: Which {ident}?, answer: ans {ident}, explanation: E, "
            f"objective: {objective}, level: {level}, examples: {{right: [ans {ident}], wrong: [other]}}{extra}}}\n")


PIRI = item("p1", "obj-piri") + item("p2", "obj-piri", "apply")
MIMIC = item("m1", "obj-piri-mimic", "analyse") + item("m2", "obj-piri-mimic", "understand")
GLUT = "".join(item(f"g{k}", "obj-glut", "apply", ", source: anatomy.gluteals") for k in range(6))


def test_a_clean_course_has_no_objective_problems() -> None:
    lib = load_texts({"course.yaml": COURSE, "b.yaml": bank(PIRI + MIMIC + GLUT.replace("g5", "x").split("- {id: x")[0])},
                     lint=True)
    assert [str(p) for p in lib.problems] == []


def test_objective_tested_by_too_few_or_too_many_items() -> None:
    lib = load_texts({"course.yaml": COURSE, "b.yaml": bank(PIRI + item("m1", "obj-piri-mimic") + GLUT)}, lint=True)
    found = {(p.path, p.line, p.col): p.message for p in only(lib, "W129")}
    assert found == {
        ("course.yaml", 12, 14): "objective 'obj-piri-mimic' is tested by 1 item (2 to 5 test it without drilling it): add items that test it",
        ("course.yaml", 17, 14): "objective 'obj-glut' is tested by 6 items (2 to 5 test it without drilling it): split it or drop repeats",
    }
    assert [p.code for p in lib.problems] == ["W129", "W129"]


def test_objective_counts_need_the_course_file_and_lint() -> None:
    course_less = load_texts({"b.yaml": bank(item("p1", "obj-piri"))}, lint=True)
    assert only(course_less, "W129") == [] and only(course_less, "W120") == []
    no_lint = load_texts({"course.yaml": COURSE, "b.yaml": bank(item("p1", "obj-piri"))})
    assert no_lint.problems == []


def test_objective_defined_twice_is_an_error() -> None:
    twice = COURSE.replace("obj-glut, text", "obj-piri, text")
    lib = load_texts({"course.yaml": twice, "b.yaml": bank(PIRI)})
    [p] = only(lib, "E027")
    assert (p.path, p.line, p.col, p.severity) == ("course.yaml", 17, 14, "error")
    assert "also at course.yaml:11:14" in p.message


def test_unknown_objective_is_checked_against_the_loaded_course() -> None:
    lib = load_texts({"course.yaml": COURSE, "b.yaml": bank(PIRI + item("p3", "obj-pirii"))})
    [p] = only(lib, "E026")
    assert (p.path, p.line, p.col) == ("b.yaml", 7, 91)
    assert "objective 'obj-pirii' is not an objective of the course (did you mean 'obj-piri'?)" in p.message


def test_unknown_objective_without_a_course_file_uses_the_bundled_course() -> None:
    lib = load_texts({"b.yaml": bank(item("p1", "no-such-objective-anywhere"))})
    assert [p.code for p in lib.problems] == ["E026"]


def test_coverage_counts_objectives_and_levels() -> None:
    lib = load_texts({"course.yaml": COURSE, "b.yaml": bank(PIRI + item("m1", "obj-piri-mimic", "analyse") + GLUT)})
    cov = coverage(lib)
    rows = {r.id: (r.section, r.total, dict(r.levels), r.flag) for r in cov.objectives}
    assert rows == {
        "obj-piri": ("anatomy.piriformis", 2, {"recall": 1, "understand": 0, "apply": 1, "analyse": 0, "none": 0}, ""),
        "obj-piri-mimic": ("anatomy.piriformis", 1, {"recall": 0, "understand": 0, "apply": 0, "analyse": 1, "none": 0}, "few"),
        "obj-glut": ("anatomy.gluteals", 6, {"recall": 0, "understand": 0, "apply": 6, "analyse": 0, "none": 0}, "many"),
    }
    assert cov.levels == {"recall": 1, "understand": 0, "apply": 7, "analyse": 1, "none": 0}
    assert cov.higher_share == 8 / 9
    data = cov.to_dict()
    assert data["levels"]["apply"] == 7 and data["apply_analyse_share"] == round(8 / 9, 3)
    assert [o["id"] for o in data["objectives"] if o["flag"]] == ["obj-piri-mimic", "obj-glut"]


EXAM = "kind: exam\nid: ex\ntitle: Exam\ndraw:\n{draw}"


def test_exam_draws_by_objective() -> None:
    files = {"course.yaml": COURSE, "b.yaml": bank(PIRI + MIMIC),
             "e.yaml": EXAM.format(draw="  - {objectives: [obj-piri-mimic], count: 2}\n  - {objectives: [obj-piri], count: 1}\n")}
    lib = load_texts(files)
    assert lib.problems == []
    for seed in range(5):
        paper = draw_exam(lib, "ex", seed)
        drawn = [i.id for i in paper.items]
        assert sorted(drawn[:0] + [d for d in drawn if d.startswith("m")]) == ["m1", "m2"]
        assert len(drawn) == 3 and len({d for d in drawn if d.startswith("p")}) == 1


def test_exam_draw_unknown_objective_or_too_many_items() -> None:
    files = {"course.yaml": COURSE, "b.yaml": bank(PIRI),
             "e.yaml": EXAM.format(draw="  - {objectives: [obj-piri, obj-pirri]}\n  - {objectives: [obj-piri], count: 3}\n"
                                   "  - {objectives: [obj-glut]}\n")}
    found = {(p.line, p.col): p.message for p in only(load_texts(files), "E023")}
    assert found == {
        (5, 29): "exam 'ex': draw[0] names unknown objective 'obj-pirri' (did you mean 'obj-piri'?)",
        (6, 37): "exam 'ex': draw[1] asks for 3 items but only 2 match",
        (7, 5): "exam 'ex': draw[2] matches no item",
    }


def test_coverage_and_list_commands_show_objectives(write, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from click.testing import CliRunner

    from backhip_learn.cli import main

    write("c/course.yaml", COURSE)
    write("c/b.yaml", bank(PIRI + item("m1", "obj-piri-mimic", "analyse") + GLUT))
    folder = str(tmp_path / "c")
    text = CliRunner().invoke(main, ["coverage", "--bank", folder])
    assert text.exit_code == 0, text.output
    lines = text.stdout.splitlines()
    assert next(ln for ln in lines if ln.startswith("obj-piri-mimic")).split() == [
        "obj-piri-mimic", ".", ".", ".", "1", ".", "1", "<-", "fewer", "than", "2", "items"]
    assert next(ln for ln in lines if ln.startswith("obj-glut")).endswith("6  <- more than 5 items")
    assert "2 of 3 objectives have fewer than 2 or more than 5 items; 0 items name no objective of the course." in lines
    assert "Levels: recall 1, understand 0, apply 7, analyse 1, none 0; apply or analyse: 89% of 9 items." in lines
    data = json.loads(CliRunner().invoke(main, ["coverage", "--json", "--bank", folder]).stdout)
    assert data["apply_analyse_share"] == 0.889 and data["objective_limits"] == [2, 5]
    listing = CliRunner().invoke(main, ["list", "--bank", folder])
    assert "Objectives: 3, 9 items name one; 1 have 2-5 items, 2 do not (see `backhip-learn coverage`)" in listing.stdout
    inventory = json.loads(CliRunner().invoke(main, ["list", "--json", "--bank", folder]).stdout)
    assert inventory["objectives"][0] == {"id": "obj-piri", "section": "anatomy.piriformis", "items": 2}
