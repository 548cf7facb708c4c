"""Instructor commands (validate, list, coverage) on odd inputs, through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from backhip_learn.cli import main

from .helpers import Writer

GOOD = """\
id: qa-bank
title: QA bank
source: anatomy.si-joint
items:
  - id: qa-one
    type: short
    question: Name the joint where the sacrum meets the ilium.
    answer: SI joint
    explanation: Sacrum plus ilium.
"""


def _run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("how", ["twice", "folder and file", "dot path", "group and command"])
def test_the_same_file_given_twice_is_read_once(write: Writer, tmp_path: Path, how: str) -> None:
    path = write("banks/good.yaml", GOOD)
    args = {
        "twice": ["validate", str(path), str(path)],
        "folder and file": ["validate", str(tmp_path / "banks"), str(path)],
        "dot path": ["validate", str(path), str(tmp_path / "banks" / "." / "good.yaml")],
        "group and command": ["--bank", str(path), "validate", "--bank", str(path)],
    }[how]
    code, out, _ = _run([*args, "--format", "json"])
    report = json.loads(out)
    assert (code, report["files"], report["errors"]) == (0, 1, 0), report["problems"]


def test_an_empty_folder_is_not_the_bundled_content(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    _, out, _ = _run(["validate", str(tmp_path / "empty"), "--format", "json"])
    assert json.loads(out)["files"] == 0


@pytest.mark.parametrize("command", [["list"], ["list", "--json"], ["coverage"], ["coverage", "--json"]])
def test_list_and_coverage_name_content_errors_and_fail(write: Writer, command: list[str]) -> None:
    good = write("good.yaml", GOOD)
    broken = write("broken.yaml", "id: broken\ntitle: Broken\nitems:\n  - id: b-1\n    type: nope\n")
    code, out, err = _run([*command, "--bank", str(good), "--bank", str(broken)])
    assert code == 1
    assert f"{broken}:5:11: error:" in err and "1 content error;" in err
    if "--json" in command:
        json.loads(out)  # the report of what could be read is still whole JSON


def test_list_without_banks_says_none(write: Writer) -> None:
    misc = write("m.yaml", "kind: misconceptions\nmisconceptions:\n  - {id: mc-x, label: X, correction: Y}\n")
    code, out, _ = _run(["list", "--bank", str(misc)])
    assert code == 0
    assert out.splitlines()[:2] == ["Banks:", "  (none)"]


@pytest.mark.parametrize("where", ["argument", "--bank", "group --bank"])
def test_missing_path_with_json_format_is_json_and_exit_2(tmp_path: Path, where: str) -> None:
    missing = str(tmp_path / "nothere.yaml")
    args = {
        "argument": ["validate", missing, "--format", "json"],
        "--bank": ["validate", "--bank", missing, "--format", "json"],
        "group --bank": ["--bank", missing, "validate", "--format", "json"],
    }[where]
    code, out, _ = _run(args)
    assert code == 2
    report = json.loads(out)
    assert report["errors"] == 1 and report["problems"][0]["path"] == missing
    assert report["problems"][0]["code"] == "E001"


def test_missing_path_in_text_format_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = _run(["validate", str(tmp_path / "nothere.yaml")])
    assert code == 2 and "no such file or folder" in err and "nothere.yaml" in err
