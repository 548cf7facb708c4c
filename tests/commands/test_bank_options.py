"""study, quiz and bare `backhip-learn` combine the group's and the command's --bank, each file read once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from backhip_learn.cli import main

from .helpers import FIXTURES

EXTRA = """id: extra-bank
title: Extra
source: anatomy.si-joint
items:
  - id: extra-one
    type: short
    question: Name the joint where the sacrum meets the ilium.
    answer: SI joint
    explanation: Sacrum plus ilium.
"""


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The library each command would open the app on (the app itself never starts)."""
    import backhip_learn.commands.home as home
    import backhip_learn.commands.quiz as quiz
    import backhip_learn.commands.study as study

    got: dict[str, Any] = {}

    def fake_run_study(library: Any, store: Any, **kwargs: Any) -> None:
        got["items"] = [i.id for i in library.items]
        store.close()

    def fake_run_app(app: Any) -> None:
        got["items"] = [i.id for i in app.context.library.items]

    monkeypatch.setattr(study, "run_study", fake_run_study)
    monkeypatch.setattr(study, "run_app", fake_run_app)
    monkeypatch.setattr(quiz, "run_app", fake_run_app)
    monkeypatch.setattr(home, "run_app", fake_run_app)
    return got


@pytest.mark.parametrize("command", ["study", "quiz", "home"])
def test_group_and_command_banks_are_combined(tmp_path: Path, seen: dict[str, Any], command: str) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text(EXTRA, "utf-8")
    data = ["--data-dir", str(tmp_path / "d")]
    args = {
        "study": ["--bank", str(FIXTURES), "study", "--bank", str(extra), *data],
        "quiz": ["--bank", str(FIXTURES), "quiz", "fx-exam", "--seed", "1", "--bank", str(extra), *data],
        "home": ["--bank", str(FIXTURES), "--bank", str(extra), *data],
    }[command]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "extra-one" in seen["items"] and "fx-mcq" in seen["items"]


@pytest.mark.parametrize("command", ["study", "quiz", "home"])
def test_a_bank_given_twice_is_read_once(tmp_path: Path, seen: dict[str, Any], command: str) -> None:
    bank = FIXTURES / "bank.yaml"
    data = ["--data-dir", str(tmp_path / "d")]
    args = {
        "study": ["study", "--bank", str(FIXTURES), "--bank", str(bank), *data],
        "quiz": ["quiz", "fx-exam", "--seed", "1", "--bank", str(bank), "--bank", str(FIXTURES), *data],
        "home": ["--bank", str(FIXTURES), "--bank", str(bank), "--bank", str(FIXTURES / "." / "bank.yaml"), *data],
    }[command]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "duplicate" not in result.output
    assert seen["items"].count("fx-mcq") == 1
