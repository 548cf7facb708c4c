"""Hostile content (issue 13): control characters, huge numbers, symlinks, and files of a million mistakes.

Each test feeds what an outside attack fed the tools and checks the clear error (file:line:col, a
code, non-zero exit) and that nothing reaches the terminal as a control sequence or a traceback.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from backhip_learn.cli import main
from backhip_learn.content.load import Library, Problem, load_paths
from backhip_learn.content.safetext import dumps, printable

from content_helpers import FIXTURES, bank, load, only

# What the attack put into banks, titles and file names: OSC 52 (set the clipboard), OSC 0 (the
# window title), OSC 8 (a hidden link), clear the screen, reset the terminal, and C1 CSI/OSC.
OSC52 = "\x1b]52;c;ZWNobyBvd25lZA==\x07"
OSC0 = "\x1b]0;owned\x07"
OSC8 = "\x1b]8;;http://example.invalid/\x1b\\click\x1b]8;;\x1b\\"
PAYLOAD = f"T{OSC52}{OSC0}{OSC8}\x1b[2J\x1bc\x9b31m\x9d0;t\x9c"
# Any C0 control but tab and newline, DEL, any C1 control: what no output may hold.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> bool:
    """Whether ``text`` can go to a terminal without a single control character being obeyed."""
    return RAW_CONTROL.search(text) is None


def run(args: list[str], **kwargs: object) -> Result:
    # color=True: click would otherwise strip some CSI sequences itself and hide a missing filter.
    return CliRunner().invoke(main, args, color=True, **kwargs)  # type: ignore[arg-type]


GOOD = FIXTURES / "good"


# -- 1. control characters in content -------------------------------------------------------------


@pytest.mark.parametrize("escape, shown", [
    ("\\e", "U+001B (ESC)"), ("\\x1b", "U+001B (ESC)"), ("\\a", "U+0007 (BEL)"), ("\\u009b", "U+009B (CSI)"),
    ("\\r", "U+000D (CR)"), ("\\x7f", "U+007F (DEL)"), ("\\N", "U+0085 (NEL)"),
])
def test_a_control_character_from_an_escape_is_an_error_at_its_value(escape: str, shown: str) -> None:
    text = bank(f"""
        - id: q1
          type: basic
          front: "Front {escape}[2J"
          back: Back
          explanation: E
    """)
    lib = load(text)
    [p] = only(lib, "E008")
    assert (p.line, p.col) == (7, 12) and p.severity == "error" and shown in p.message
    assert not lib.items  # the file is refused: none of its text reaches a learner


def test_a_control_character_in_a_key_and_in_a_title_each_reported() -> None:
    text = 'id: t\ntitle: "A \\e]0;x\\a title"\nitems:\n  - {id: q, type: basic, front: F, back: B, "k\\x9dy": 1}\n'
    errors = only(load(text), "E008")
    key_col = text.splitlines()[3].index('"k') + 1
    assert [(p.line, p.col) for p in errors] == [(2, 8), (4, key_col)]


def test_tab_and_newline_stay_allowed() -> None:
    lib = load(bank('- {id: q, type: basic, front: "a\\tb\\nc", back: B, explanation: E}'))
    assert not lib.errors and lib.items[0].front == "a\tb\nc"  # type: ignore[union-attr]


def test_a_bidi_override_is_a_warning_and_the_item_still_loads() -> None:
    lib = load(bank('- {id: q, type: basic, front: "abc \\u202e cba", back: "x \u2066y\u2069", explanation: E}'))
    assert [p.code for p in lib.problems] == ["W140", "W140"] and len(lib.items) == 1
    assert "U+202E" in lib.problems[0].message


def test_control_findings_are_capped_per_file() -> None:
    items = "".join(f'  - {{id: q{i}, type: basic, front: "\\e{i}", back: B}}\n' for i in range(150))
    problems = load("id: t\ntitle: T\nitems:\n" + items).problems
    assert len(only_code(problems, "E008")) == 100  # 100 listed, then one saying how many more
    assert problems[-1].code == "E042" and problems[-1].message.startswith("50 error(s) more in this file left out")


def only_code(problems: list[Problem], code: str) -> list[Problem]:
    return [p for p in problems if p.code == code]


def test_a_problem_never_prints_a_control_character() -> None:
    p = Problem(f"bank{OSC0}.yaml", 3, 4, "warning", f"wrong choice 2 '{PAYLOAD}' has no feedback", "W109")
    assert clean(str(p)) and "\\x1b]0;owned\\x07" in str(p)
    assert json.loads(dumps(p.to_dict()))["message"] == p.message and clean(dumps(p.to_dict()))


def test_printable_and_dumps() -> None:
    assert printable("a\tb\nc\x1b[2J\x9b") == "a\tb\nc\\x1b[2J\\x9b"
    assert dumps({"t": "\x9b\x7f\x1b é"}, indent=None) == '{"t": "\\u009b\\u007f\\u001b é"}'


def _hostile_library() -> Library:
    """The fixture content with hostile text in places the loader would refuse: another source (a cache, a plugin)."""
    lib = load_paths([GOOD])
    assert not lib.errors, lib.errors
    lib.banks = [replace(b, title=PAYLOAD) for b in lib.banks]
    lib.decks = [replace(d, deck=replace(d.deck, name=PAYLOAD)) for d in lib.decks]
    lib.problems.append(Problem(f"bad{OSC52}.yaml", 1, 1, "error", f"E {PAYLOAD}", "E010"))
    return lib


@pytest.mark.parametrize("args", [["list"], ["list", "--json"], ["coverage"], ["coverage", "--json"]])
def test_list_and_coverage_print_no_control_character(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    import backhip_learn.commands.coverage as coverage_command
    from backhip_learn.commands import listing

    for module in (listing, coverage_command):
        monkeypatch.setattr(module, "load_content", lambda *a, **k: _hostile_library())
    result = run(args)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert clean(result.stdout) and clean(result.stderr)
    assert "\\x1b]52;c;" in result.stderr  # the bad file name is still named, made visible
    if "--json" in args:
        data = json.loads(result.stdout)
        if args[0] == "list":
            assert data["banks"][0]["title"] == PAYLOAD  # JSON escapes it, it does not lose it


def test_validate_names_a_hostile_file_name_without_obeying_it(tmp_path: Path) -> None:
    folder = tmp_path / "course"
    folder.mkdir()
    name = f"b{OSC0}\x1b[2J.yaml"
    (folder / name).write_text(bank(f'- {{id: q, type: basic, front: "{PAYLOAD.encode("unicode_escape").decode()}", back: B}}'), "utf-8")
    result = run(["validate", str(folder)])
    assert result.exit_code == 1 and clean(result.output) and "[E008 control-character]" in result.output
    assert "b\\x1b]0;owned\\x07\\x1b[2J.yaml:" in result.output
    report = run(["validate", "--format", "json", str(folder)])
    assert clean(report.stdout)
    [problem] = json.loads(report.stdout)["problems"]
    assert problem["path"].endswith(name) and problem["code"] == "E008"


def test_usage_errors_quote_arguments_without_obeying_them(tmp_path: Path) -> None:
    for args in (["validate", str(tmp_path / f"no{OSC52}")], ["--bank", str(GOOD), "study", "--deck", PAYLOAD,
                                                             "--data-dir", str(tmp_path / "d")]):
        result = run(args)
        assert result.exit_code == 2 and clean(result.output), result.output


def test_stats_prints_a_hostile_data_dir_safely(tmp_path: Path) -> None:
    data = tmp_path / f"d{OSC0}"
    for args in (["stats"], ["stats", "--json"]):
        result = run(["--bank", str(GOOD), *args, "--data-dir", str(data)])
        assert result.exit_code == 0, result.output
        assert clean(result.output)
    assert json.loads(result.stdout)["database"].startswith(str(data))
    (data / "progress.sqlite3").mkdir(parents=True)  # unusable: the error names it
    result = run(["--bank", str(GOOD), "stats", "--data-dir", str(data)])
    assert result.exit_code == 1 and clean(result.output) and "d\\x1b]0;owned\\x07" in result.output


# -- 5. huge whole numbers ------------------------------------------------------------------------

HUGE = {"hex": "0x" + "f" * 5000, "octal": "0" + "7" * 5000, "binary": "0b" + "1" * 64, "decimal": "9" * 5000}


@pytest.mark.parametrize("kind", list(HUGE))
def test_a_huge_number_is_a_clear_error(kind: str) -> None:
    text = bank(f"- {{id: q, type: short, prompt: P, answer: {HUGE[kind]}}}")
    [p] = load(text).errors
    col = text.splitlines()[4].index(HUGE[kind]) + 1
    assert p.code == ("E003" if kind == "decimal" else "E009") and (p.line, p.col) == (5, col) and len(str(p)) < 300


def test_a_64_bit_number_still_loads_and_a_huge_one_is_described_not_printed() -> None:
    from backhip_learn.content.explain import describe

    assert load("id: t\ntitle: T\nitems: []\nx: 0x7fffffffffffffff\n").errors[0].code == "E010"  # read, then unknown
    assert describe(int("f" * 5000, 16)) == "a whole number of 20000 bits"


@pytest.mark.parametrize("args", [["validate"], ["list"], ["coverage"], ["stats"], ["export", "anki"], ["study"]])
def test_every_content_command_reports_a_huge_number(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "big.yaml").write_text(bank(f"- {{id: q, type: short, prompt: P, answer: {HUGE['hex']}}}"), "utf-8")
    extra = {"export": ["-o", str(tmp_path / "x.apkg")], "stats": ["--data-dir", str(tmp_path / "d")],
             "study": ["--data-dir", str(tmp_path / "d")]}.get(args[0], [])
    result = run(["--bank", str(tmp_path), *args, *extra])
    assert (result.exit_code == 1 and "Traceback" not in result.output and result.exception is None) or \
        isinstance(result.exception, SystemExit)
    assert result.exit_code == 1 and "[E009 number-too-large]" in result.output


# -- 6. and 7. symbolic links ---------------------------------------------------------------------

SECRET = "aws_secret_access_key = AKIAHOSTILE0SECRET\n"


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """A course folder holding good content, a link loop, links out to secrets, and a link inside the folder."""
    course = tmp_path / "course"
    course.mkdir()
    for f in GOOD.glob("*.yaml"):
        (course / f.name).write_text(f.read_text("utf-8"), "utf-8")
    (course / "a.yaml").symlink_to("b.yaml")
    (course / "b.yaml").symlink_to("a.yaml")
    outside = tmp_path / "credentials"
    outside.write_text(SECRET, "utf-8")
    (course / "creds.yaml").symlink_to(outside)
    (course / "nested").mkdir()
    (course / "nested" / "up.yaml").symlink_to("../../credentials")
    (course / "self.yml").symlink_to("self.yml")
    return course


def test_loops_and_links_out_are_named_and_never_read(linked: Path) -> None:
    lib = load_paths([linked])
    found = sorted((Path(p.path).name, p.code) for p in lib.problems)
    assert found == [("a.yaml", "E040"), ("b.yaml", "E040"), ("creds.yaml", "E041"), ("self.yml", "E040"),
                     ("up.yaml", "E041")]
    assert lib.items  # the good files are read all the same


def test_a_link_inside_the_folder_is_followed(tmp_path: Path) -> None:
    course = tmp_path / "course"
    (course / "shared").mkdir(parents=True)
    (course / "shared" / "b.yaml").write_text((GOOD / "anatomy.yaml").read_text("utf-8"), "utf-8")
    (course / "bank.yaml").symlink_to("shared/b.yaml")
    lib = load_paths([course / "bank.yaml"])
    assert not lib.errors and lib.items


@pytest.mark.parametrize("args", [["validate"], ["list"], ["coverage"], ["stats"], ["export", "anki"], ["study"]])
def test_every_content_command_names_links_without_a_traceback(linked: Path, tmp_path: Path, args: list[str]) -> None:
    extra = {"export": ["-o", str(tmp_path / "x.apkg")], "stats": ["--data-dir", str(tmp_path / "d")],
             "study": ["--data-dir", str(tmp_path / "d")]}.get(args[0], [])
    result = run(["--bank", str(linked), *args, *extra])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, RuntimeError)
    assert "[E040 symlink-loop]" in result.output or "symbolic link loop" in result.output
    assert "AKIA" not in result.output and "aws_secret" not in result.output


def test_a_file_that_is_not_content_is_never_quoted(tmp_path: Path) -> None:
    (tmp_path / "notes.yaml").write_text(SECRET, "utf-8")
    result = run(["validate", str(tmp_path)])
    assert result.exit_code == 1 and "found text [E007 top-level]" in result.output and "AKIA" not in result.output


# -- 11. a bound on what one file can cost -------------------------------------------------------


def test_a_file_of_300000_unknown_keys_stops_at_the_first_thousand(tmp_path: Path) -> None:
    text = "id: m\ntitle: M\nitems: []\n" + "".join(f"k{i:06d}: 1\n" for i in range(300_000))
    (tmp_path / "wide.yaml").write_text(text, "utf-8")
    result = run(["validate", "--format", "json", str(tmp_path / "wide.yaml")])
    [problem] = json.loads(result.stdout)["problems"]
    assert (problem["code"], problem["line"]) == ("E043", 1001)  # id, title, items and 997 more: the 1,001st key


def test_schema_errors_past_the_cap_are_counted_not_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import backhip_learn.content.explain as explain_module

    calls = []
    real = explain_module.explain

    def counting(*args: object) -> Problem:
        calls.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(explain_module, "explain", counting)
    items = "".join(f"  - {{id: q{i}, type: basic, front: F, back: B, extra{i % 7}: 1, more: 2}}\n" for i in range(3000))
    (tmp_path / "spread.yaml").write_text("id: m\ntitle: M\nitems:\n" + items, "utf-8")
    for fmt in ("text", "json"):
        result = run(["validate", "--format", fmt, str(tmp_path / "spread.yaml")])
        assert result.exit_code == 1
        if fmt == "json":
            report = json.loads(result.stdout)
            problems = report["problems"]
            assert report["errors"] == 6000 and len(problems) == 101 and problems[-1]["code"] == "E042"
            assert problems[-1]["message"].startswith("5900 error(s) more in this file left out")
        else:
            lines = result.stdout.splitlines()
            assert len(lines) == 102 and "[E042 problems-left-out]" in lines[-2]
            assert lines[-1] == "1 file, 0 items: 6000 errors, 0 warnings"
    assert len(calls) <= 2 * 100  # each run explains the first 100 errors only, not 6,000


def test_warnings_past_the_cap_are_counted_as_warnings() -> None:
    items = "".join(f"- {{id: q{i}, type: basic, front: F, back: B}}\n" for i in range(150))  # each lacks an explanation
    problems = load(bank(items)).problems
    assert len(problems) == 101 and problems[-1].code == "W142" and problems[-1].severity == "warning"
    assert problems[-1].message.startswith("50 warning(s) more")


def test_the_cap_is_per_file() -> None:
    items = "".join(f"- {{id: q{i}, type: basic, front: F, back: B}}\n" for i in range(150))
    other = "".join(f"- {{id: r{i}, type: basic, front: F, back: B}}\n" for i in range(5))
    problems = load(bank(items), extra={"u.yaml": bank(other).replace("t-bank", "u-bank")}).problems
    assert len([p for p in problems if p.path == "u.yaml"]) == 5

