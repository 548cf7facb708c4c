"""The README stays true: its YAML example is a lint-clean bank and its commands exist."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from backhip_learn.cli import COMMANDS, main
from backhip_learn.content.load import load_texts

README = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")


def test_yaml_example_is_a_clean_bank() -> None:
    (block,) = re.findall(r"```yaml\n(.*?)```", README, re.DOTALL)
    lib = load_texts({"README.md": block}, lint=True)
    assert [str(p) for p in lib.problems] == []
    assert {i.type for i in lib.items} == {"short", "mcq"}


def test_every_command_named_in_the_readme_exists_and_has_help() -> None:
    shell = "\n".join(re.findall(r"```bash\n(.*?)```", README, re.DOTALL))
    named = set(re.findall(r"backhip-learn (\w+)", shell))
    assert named >= {"study", "quiz", "stats", "export", "validate", "coverage", "list", "schema", "preview"}
    runner = CliRunner()
    for name in sorted(named):
        assert name in COMMANDS, name
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)


def test_setup_commands_match_ci() -> None:
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text("utf-8")
    test_cmd = "pip install -e '.[test]' && ruff check src tests && mypy && pytest"
    assert test_cmd in README and test_cmd in ci
    assert "pip install . && backhip-learn\n" in README
