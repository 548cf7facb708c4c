"""`--data-dir ''` is a usage error (exit 2) wherever the option is taken, never the default folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from backhip_learn.cli import main

from .helpers import FIXTURES


@pytest.fixture(autouse=True)
def no_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every case here must be refused before the app starts."""
    from backhip_learn.tui.app import StudyApp

    def refuse(self: StudyApp, *args: object, **kwargs: object) -> None:
        raise AssertionError("the app started")

    monkeypatch.setattr(StudyApp, "run", refuse)


@pytest.mark.parametrize("args", [
    ["study", "--data-dir", ""],
    ["--data-dir", "", "study"],
    ["quiz", "fx-exam", "--data-dir", ""],
    ["--data-dir", "", "quiz", "fx-exam"],
    ["--data-dir", ""],
    ["--data-dir", "", "stats"],
    ["stats", "--data-dir", ""],
])
def test_an_empty_data_dir_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    # Were it accepted, the default folder would be used: point that at tmp_path to see it stays untouched.
    monkeypatch.setenv("BACKHIP_LEARN_DATA", str(tmp_path / "default"))
    result = CliRunner().invoke(main, ["--bank", str(FIXTURES), *args], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert "--data-dir" in result.output and "must not be empty" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "default").exists()


def test_paths_refuses_an_empty_override() -> None:
    import click

    from backhip_learn.paths import data_dir

    with pytest.raises(click.BadParameter):
        data_dir("")
    assert data_dir("x") == Path("x")
