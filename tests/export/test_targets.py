"""`export anki` against odd targets and dates (issue 13): folders, `-`, modes, killed exports, SOURCE_DATE_EPOCH."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from backhip_learn.cli import main
from backhip_learn.export.anki import ZIP_LEVEL


def export(content: Path, *args: str, epoch: str | None = "1700000000") -> Result:
    env = {"SOURCE_DATE_EPOCH": epoch}
    return CliRunner(env=env).invoke(main, ["export", "anki", "--bank", str(content), *args])


@pytest.mark.parametrize("epoch", [
    "253402300800",  # 10000-01-01: past what datetime holds
    "4354819200",  # 2108-01-01 00:00:00: past the last zip date
    "-1", "-315532800", "1e9", "1.5", " 17 00", "yesterday",
    pytest.param("9" * 5000, id="5000-digits"), pytest.param("\uff11\uff12", id="full-width-digits"),
])
def test_a_source_date_epoch_out_of_range_is_a_clear_error(content: Path, tmp_path: Path, epoch: str) -> None:
    out = tmp_path / "x.apkg"
    result = export(content, "-o", str(out), epoch=epoch)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "SOURCE_DATE_EPOCH must be an integer number of seconds from 0 to 4354819198" in result.output
    assert len(result.output) < 400 and not out.exists()


@pytest.mark.parametrize("epoch, year", [("4354819198", 2107), ("0", 1980), ("315532800", 1980)])
def test_the_edges_of_the_zip_dates(content: Path, tmp_path: Path, epoch: str, year: int) -> None:
    out = tmp_path / "x.apkg"
    result = export(content, "-o", str(out), epoch=epoch)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as zf:
        assert {info.date_time[0] for info in zf.infolist()} == {year}


def test_an_existing_folder_gets_the_default_name_inside(content: Path, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    for given in (str(tmp_path / "out"), str(tmp_path / "out") + "/", str(tmp_path / ".")):
        result = export(content, "-o", given)
        assert result.exit_code == 0, result.output
        assert result.output.splitlines()[-1] == f"wrote {Path(given) / 'backhip-learn.apkg'}"
    assert (tmp_path / "out" / "backhip-learn.apkg").is_file() and (tmp_path / "backhip-learn.apkg").is_file()
    result = export(content, "-o", str(tmp_path / "out") + "/", "--deck", "fx-nerves")
    assert result.exit_code == 0 and (tmp_path / "out" / "backhip-learn-fx-nerves.apkg").is_file(), result.output


def test_a_trailing_slash_on_a_missing_folder_is_refused(content: Path, tmp_path: Path) -> None:
    result = export(content, "-o", str(tmp_path / "newdir") + "/")
    assert result.exit_code == 1 and f"cannot write into {tmp_path / 'newdir'}/: no such folder" in result.output
    assert not (tmp_path / "newdir").exists()


def test_standard_output_is_refused_before_any_work(content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = export(content / "nope", "-o", "-")  # refused before the (missing) content is even read
    assert result.exit_code == 1 and "cannot write to standard output (-o -)" in result.output
    assert not (tmp_path / "-").exists() and result.stdout == ""


def test_overwriting_keeps_the_mode_and_a_new_file_is_644(content: Path, tmp_path: Path) -> None:
    private = tmp_path / "private.apkg"
    private.write_bytes(b"old")
    private.chmod(0o600)
    fresh = tmp_path / "fresh.apkg"
    for out in (private, fresh):
        assert export(content, "-o", str(out)).exit_code == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o600 and private.read_bytes()[:2] == b"PK"
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644


CHILD = """
import sys, time, zipfile
write = zipfile.ZipFile.writestr
def slow(self, *args, **kwargs):
    write(self, *args, **kwargs)
    print("writing", flush=True)
    time.sleep(120)
zipfile.ZipFile.writestr = slow
from backhip_learn.cli import main
main(["export", "anki", "--bank", sys.argv[1], "-o", sys.argv[2]])
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and flock")
def test_a_killed_export_leaves_no_part_file_after_the_next_one(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "deck.apkg"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(content), str(out)], stdout=subprocess.PIPE, env=env, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline() == "writing\n"
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    [part] = tmp_path.glob(".deck.apkg.*.part")  # what a kill leaves: nothing ran to remove it
    assert not out.exists()
    result = export(content, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert not part.exists() and not list(tmp_path.glob(".*")) and out.is_file()


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_the_part_file_of_a_running_export_is_left_alone(content: Path, tmp_path: Path) -> None:
    import fcntl

    out = tmp_path / "deck.apkg"
    running = tmp_path / ".deck.apkg.abcd1234.part"
    with open(running, "wb") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)  # as a running export holds its own
        assert export(content, "-o", str(out)).exit_code == 0
        assert running.exists()
    assert export(content, "-o", str(out)).exit_code == 0
    assert not running.exists()


def test_a_hostile_file_name_is_printed_without_its_escape_sequences(content: Path, tmp_path: Path) -> None:
    name = "deck\x1b]52;c;ZWNobyBvd25lZA==\x07\x1b]0;owned\x07\x1b[2J\x1bc\x9b31m.apkg"
    result = CliRunner(env={"SOURCE_DATE_EPOCH": "1700000000"}).invoke(
        main, ["export", "anki", "--bank", str(content), "-o", str(tmp_path / name)], color=True)
    assert result.exit_code == 0 and (tmp_path / name).is_file(), result.output
    assert result.output.splitlines()[-1] == f"wrote {tmp_path}/deck\\x1b]52;c;ZWNobyBvd25lZA==\\x07\\x1b]0;owned\\x07" \
        "\\x1b[2J\\x1bc\\x9b31m.apkg"
    assert not any(ch in result.output for ch in "\x1b\x07\x9b")


def test_every_entry_is_deflated_at_the_fastest_level(content: Path, tmp_path: Path) -> None:
    # A ZipInfo entry ignores the ZipFile's compresslevel: the level has to reach each entry.
    out = tmp_path / "x.apkg"
    assert export(content, "-o", str(out)).exit_code == 0
    with zipfile.ZipFile(out) as zf:
        for info in zf.infolist():
            packer = zlib.compressobj(ZIP_LEVEL, zlib.DEFLATED, -15)  # raw deflate, as a zip entry holds it
            expected = len(packer.compress(zf.read(info)) + packer.flush())
            assert (info.compress_type, info.compress_size) == (zipfile.ZIP_DEFLATED, expected), info.filename
