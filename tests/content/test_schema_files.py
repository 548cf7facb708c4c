"""The committed editor schemas in schemas/ match the model, and every content file points at one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from backhip_learn.cli import main

ROOT = Path(__file__).resolve().parents[2]
KINDS = ("bank", "exam", "deck", "misconceptions")


@pytest.mark.parametrize("kind", KINDS)
def test_committed_schema_matches_the_model(kind: str) -> None:
    """Regenerate with `backhip-learn schema --kind K > schemas/K.schema.json` after a model change."""
    result = CliRunner().invoke(main, ["schema", "--kind", kind])
    assert result.exit_code == 0, result.output
    committed = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text("utf-8"))
    assert json.loads(result.output) == committed


def test_every_content_file_names_an_existing_schema() -> None:
    """The yaml-language-server line of each bundled file resolves to a committed schema."""
    files = sorted((ROOT / "quizzes").glob("*.yaml")) + sorted((ROOT / "decks").glob("*.yaml"))
    assert files
    for f in files:
        first = f.read_text("utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), f
        target = (f.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.is_file(), f"{f}: {target} does not exist"
