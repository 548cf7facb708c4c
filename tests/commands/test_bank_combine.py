"""stats and export anki: the command's --bank is added to the group's (as validate/study/quiz), each file once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import backhip_learn.commands.export
import backhip_learn.commands.stats
from backhip_learn.cli import main
from backhip_learn.content.load import Library, Problem

from .helpers import Writer


@pytest.mark.parametrize("command", [["stats"], ["export", "anki"]])
def test_command_bank_adds_to_the_group_bank(write: Writer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             command: list[str]) -> None:
    a = write("a.yaml", "id: a\ntitle: A\nitems: []\n")
    b = write("b.yaml", "id: b\ntitle: B\nitems: []\n")
    asked: list[list[str]] = []

    def fake_load_content(banks: Any = (), **kwargs: Any) -> Library:
        asked.append([str(p) for p in banks])
        return Library(problems=[Problem("x.yaml", 1, 1, "error", "stop here", "E001")])  # stop before any output

    module = backhip_learn.commands.stats if command == ["stats"] else backhip_learn.commands.export
    monkeypatch.setattr(module, "load_content", fake_load_content)
    args = ["--bank", str(a), *command, "--bank", str(b)]
    if command == ["stats"]:
        args += ["--data-dir", str(tmp_path / "d")]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 1 and "stop here" in result.output
    assert asked == [[str(b), str(a)]]
