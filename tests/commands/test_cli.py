"""The instructor commands through click: exit codes, formats, options, and lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from backhip_learn.cli import main

from .helpers import GOOD as FIXTURES

WARNING_BANK = """\
id: warn-bank
title: Warnings
source: overview
items:
  - id: w1
    type: basic
    front: F
    back: B
"""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_validate_clean_folder() -> None:
    code, out = run("validate", str(FIXTURES))
    assert code == 0
    assert out.strip().splitlines()[-1] == "4 files, 8 items: 0 errors, 0 warnings"


def test_lint_is_an_alias() -> None:
    assert run("lint", str(FIXTURES)) == run("validate", str(FIXTURES))


def test_warnings_pass_but_strict_fails(tmp_path: Path) -> None:
    bank = tmp_path / "w.yaml"
    bank.write_text(WARNING_BANK, "utf-8")
    code, out = run("validate", str(bank))
    assert code == 0
    assert f"{bank}:5:5: warning: basic 'w1': no explanation" in out
    assert "[W108 missing-explanation]" in out
    assert out.strip().endswith("1 file, 1 item: 0 errors, 1 warning")
    code, out = run("validate", "--strict", str(bank))
    assert code == 1
    assert f"{bank}:5:5: error: basic 'w1'" in out and out.strip().endswith("1 error, 0 warnings")


def test_json_format(tmp_path: Path) -> None:
    bank = tmp_path / "w.yaml"
    bank.write_text(WARNING_BANK, "utf-8")
    code, out = run("validate", "--format", "json", "--bank", str(bank))
    report = json.loads(out)
    assert code == 0
    assert report["files"] == 1 and report["items"] == 1 and report["warnings"] == 1 and report["errors"] == 0
    [problem] = report["problems"]
    assert problem == {"path": str(bank), "line": 5, "col": 5, "severity": "warning",
                       "message": "basic 'w1': no explanation (say why the answer is right)",
                       "code": "W108", "name": "missing-explanation"}


def test_errors_exit_one(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: T\nitems:\n  - {id: q, type: mcq}\n", "utf-8")
    code, out = run("validate", str(bad), str(FIXTURES))
    assert code == 1
    assert f"{bad}:4:5: error: items[0] (mcq 'q'): field 'question' is required" in out
    assert "5 files, 8 items: 2 errors, 0 warnings" in out


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    assert run("validate", str(tmp_path / "missing.yaml"))[0] == 2
    assert run("validate", "--format", "xml", str(FIXTURES))[0] == 2
    assert run("validate", "--bank", str(tmp_path / "nope"))[0] == 2
    assert run("--bank", str(tmp_path / "nope"), "validate")[0] == 2
    assert run("schema", "--kind", "quiz")[0] == 2


def test_group_bank_option_is_honoured() -> None:
    code, out = run("--bank", str(FIXTURES), "validate")
    assert code == 0 and "4 files, 8 items" in out


def test_validate_default_is_the_bundled_content() -> None:
    from backhip_learn.content.sources import load_content

    lib = load_content()
    code, out = run("validate")
    assert f"{len(lib.files)} files, {len(lib.items)} items" in out.splitlines()[-1]
    assert code in (0, 1)


def test_schema_kinds() -> None:
    code, out = run("schema")
    schema = json.loads(out)
    assert code == 0 and schema["title"] == "backhip-learn question bank"
    assert "items" in schema["properties"]
    for kind in ("exam", "deck", "misconceptions", "all"):
        code, out = run("schema", "--kind", kind)
        assert code == 0 and json.loads(out)["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_coverage_table_and_json() -> None:
    code, out = run("coverage", "--bank", str(FIXTURES))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["section", "basic", "mcq"]
    assert lines[1].startswith("overview") and lines[1].endswith("<- no items")
    sciatic = next(x for x in lines if x.startswith("anatomy.sciatic-nerve"))
    assert sciatic.split()[-1] == "4"
    code, out = run("coverage", "--json", "--bank", str(FIXTURES))
    data = json.loads(out)
    assert code == 0 and data["total"] == 8
    assert [s["id"] for s in data["sections"]][:2] == ["overview", "referred-pain"]
    assert "overview" in data["empty_sections"] and "anatomy.piriformis" not in data["empty_sections"]


def test_list_text_and_json() -> None:
    code, out = run("list", "--bank", str(FIXTURES))
    assert code == 0
    assert "fixture-anatomy" in out and "8 items" in out
    assert "  Fixture (fixture-root): 8 items" in out and "    Anatomy (fixture-anatomy-deck): 8 items" in out
    assert "fixture-exam" in out and "10 min, pass 70%" in out
    code, out = run("list", "--json", "--bank", str(FIXTURES))
    data = json.loads(out)
    assert data["banks"][0]["items"] == 8
    assert [(d["id"], d["depth"]) for d in data["decks"]] == [("fixture-root", 0), ("fixture-anatomy-deck", 1)]
    assert data["exams"] == [{"id": "fixture-exam", "title": "Fixture exam", "draw": 4, "time_limit_minutes": 10, "pass_mark": 70}]


@pytest.mark.parametrize("command", ["validate", "lint", "schema", "coverage", "list"])
def test_instructor_commands_import_no_textual_or_genanki(command: str) -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from backhip_learn.cli import main\n"
        f"args = [{command!r}] + ([] if {command!r} == 'schema' else ['--bank', {str(FIXTURES)!r}])\n"
        "result = CliRunner().invoke(main, args)\n"
        "assert result.exit_code == 0, result.output\n"
        "print(sorted(m for m in ('textual', 'genanki') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_python_m_runs_validate() -> None:
    out = subprocess.run([sys.executable, "-m", "backhip_learn", "validate", str(FIXTURES)], capture_output=True, text=True)
    assert out.returncode == 0 and "0 errors" in out.stdout and "Traceback" not in out.stderr
