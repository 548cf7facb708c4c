"""The shared options and the one way a command fails, on a small click group built like the real one."""

from __future__ import annotations

from pathlib import Path

import click
from click.testing import CliRunner

from backhip_learn.commands.common import chosen_banks, chosen_data_dir
from backhip_learn.commands.options import bank_option, data_dir_option, fail


@click.group()
@data_dir_option()
@bank_option()
def group(data_dir: str | None, banks: tuple[Path, ...]) -> None:
    """A group with the root's options."""


@group.command()
@data_dir_option()
@bank_option()
@click.option("--code", type=int, default=0)
@click.option("--where", default=None)
@click.pass_context
def show(ctx: click.Context, data_dir: str | None, banks: tuple[Path, ...], code: int, where: str | None) -> None:
    """Print what the command would use, or fail with ``--code``."""
    if code:
        fail("it went wrong", code, where=where)
    click.echo(f"data dir: {chosen_data_dir(ctx, data_dir)}")
    click.echo("banks: " + " ".join(p.name for p in chosen_banks(ctx, banks)))


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(group, list(args))


def test_fail_prints_one_line_on_stderr_with_its_exit_code() -> None:
    result = run("show", "--code", "2")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", "error: it went wrong\n")
    result = run("show", "--code", "1", "--where", "bank.yaml")
    assert (result.exit_code, result.stderr) == (1, "bank.yaml: error: it went wrong\n")


def test_the_command_data_dir_wins_over_the_group(tmp_path: Path) -> None:
    assert "data dir: B" in run("--data-dir", "A", "show", "--data-dir", "B").stdout
    assert "data dir: A" in run("--data-dir", "A", "show").stdout
    assert "data dir: None" in run("show").stdout
    assert run("show", "--data-dir", "").exit_code == 2  # refused, not the default folder


def test_banks_of_command_then_group_each_file_once(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text("id: x\n", "utf-8")
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    result = run("--bank", str(a), "show", "--bank", str(b), "--bank", str(tmp_path))
    assert result.stdout.splitlines()[-1] == "banks: b.yaml a.yaml"


def test_a_missing_group_bank_is_a_usage_error(tmp_path: Path) -> None:
    result = run("--bank", str(tmp_path / "nope"), "show")
    assert result.exit_code == 2 and "no such file or folder" in result.stderr
