"""`backhip-learn export anki` through click's CliRunner."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from backhip_learn.cli import main


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return CliRunner()


def test_prints_what_it_wrote(runner: CliRunner, content: Path, tmp_path: Path) -> None:
    out = tmp_path / "deck.apkg"
    result = runner.invoke(main, ["export", "anki", "--bank", str(content), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "cloze             2      4" in lines and "matching          1      4" in lines
    assert "total            12     19" in lines
    assert "decks: 4" in lines
    assert any(line.strip().startswith("Fixture Root::Anatomy::Nerves  (1 notes") for line in lines)
    assert lines[-1] == f"wrote {out}"
    assert lines[0] == "new or changed since the release record: 12 notes"
    assert out.stat().st_size > 0


def test_same_epoch_same_bytes_through_the_command(runner: CliRunner, content: Path, tmp_path: Path) -> None:
    for name in ("a.apkg", "b.apkg"):
        assert runner.invoke(main, ["export", "anki", "--bank", str(content), "-o", str(tmp_path / name)]).exit_code == 0
    assert (tmp_path / "a.apkg").read_bytes() == (tmp_path / "b.apkg").read_bytes()


def test_deck_option_and_default_name(runner: CliRunner, content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["export", "anki", "--bank", str(content), "--deck", "Fixture Root::Anatomy::Nerves"])
    assert result.exit_code == 0, result.output
    assert "total             1      3" in result.output.splitlines()
    assert (tmp_path / "backhip-learn-fx-nerves.apkg").is_file()


def test_unknown_deck(runner: CliRunner, content: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["export", "anki", "--bank", str(content), "--deck", "nope", "-o", str(tmp_path / "x.apkg")])
    assert result.exit_code == 1
    assert "no deck named 'nope'" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.apkg").exists()


def test_content_errors_are_listed_with_their_file(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: b\ntitle: B\nitems:\n  - id: x\n    type: basic\n    front: only a front\n")
    out = tmp_path / "x.apkg"
    result = runner.invoke(main, ["export", "anki", "--bank", str(bad), "-o", str(out)])
    assert result.exit_code == 1
    assert f"{bad}:" in result.output and "back" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert not out.exists()


@pytest.mark.parametrize("where", ["missing-folder/x.apkg"])  # a folder gets a file inside: test_targets.py
def test_unwritable_output(runner: CliRunner, content: Path, tmp_path: Path, where: str) -> None:
    target = tmp_path / where
    result = runner.invoke(main, ["export", "anki", "--bank", str(content), "-o", str(target)])
    assert result.exit_code == 1
    assert f"cannot write {target}" in result.output and "Traceback" not in result.output


def test_bank_given_to_the_group(runner: CliRunner, content: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.apkg"
    result = runner.invoke(main, ["--bank", str(content), "export", "anki", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "total            12     19" in result.output.splitlines()


def test_bad_source_date_epoch(content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = CliRunner().invoke(main, ["export", "anki", "--bank", str(content), "-o", str(tmp_path / "x.apkg")])
    assert result.exit_code == 1 and "SOURCE_DATE_EPOCH must be an integer" in result.output


def test_byte_identical_across_processes(content: Path, tmp_path: Path) -> None:
    """Two runs with different hash seeds (set/dict order of strings) give the same bytes."""
    import os
    import subprocess
    import sys

    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"p{seed}.apkg"
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONHASHSEED": seed}
        code = "from backhip_learn.cli import main; main()"
        cmd = [sys.executable, "-c", code, "export", "anki", "--bank", str(content), "-o", str(out)]
        result = subprocess.run(cmd, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_output_that_is_not_a_regular_file_is_refused_and_kept(runner: CliRunner, content: Path, tmp_path: Path) -> None:
    # A device or FIFO given as -o (`-o /dev/full` as root) used to be replaced by the package.
    fifo = tmp_path / "pipe.apkg"
    os.mkfifo(fifo)
    result = runner.invoke(main, ["export", "anki", "--bank", str(content), "-o", str(fifo)])
    assert result.exit_code == 1
    assert f"cannot write {fifo}: not a regular file" in result.output and "Traceback" not in result.output
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert not list(tmp_path.glob(".pipe.apkg.*"))


def test_output_through_a_symlink_updates_its_target(runner: CliRunner, content: Path, tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    target = tmp_path / "shared" / "deck.apkg"
    target.write_bytes(b"old")
    link = tmp_path / "deck.apkg"
    link.symlink_to(target)
    result = runner.invoke(main, ["export", "anki", "--bank", str(content), "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and target.read_bytes()[:2] == b"PK"


def test_a_bank_given_twice_is_exported_once(runner: CliRunner, content: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.apkg"
    result = runner.invoke(main, ["export", "anki", "--bank", str(content), "--bank", str(content / "."), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "total            12     19" in result.output.splitlines()


def test_output_under_a_file_says_so(runner: CliRunner, content: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    target = tmp_path / "notes.txt" / "deck.apkg"
    result = runner.invoke(main, ["export", "anki", "--bank", str(content), "-o", str(target)])
    assert result.exit_code == 1
    assert f"cannot write {target}: {tmp_path / 'notes.txt'} is a file, not a folder" in result.output
