"""The validated-content cache: a hit equals a fresh load, any change is a miss, damage is never an error."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from backhip_learn.content import cache as cache_mod
from backhip_learn.content.cache import CACHE_ENV, cache_dir, cache_file, load_cached
from backhip_learn.content.load import Library, load_paths
from backhip_learn.content.sources import load_content

GOOD = Path(__file__).parent / "fixtures" / "good"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the good fixture content that a test may edit."""
    dest = tmp_path / "content"
    shutil.copytree(GOOD, dest)
    return dest


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty cache folder."""
    return tmp_path / "cache"


@pytest.fixture
def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any real load fail, so a test proves its library came from the cache."""

    def refuse(*args: object, **kwargs: object) -> Library:
        raise AssertionError("load_paths called: the cache was not used")

    monkeypatch.setattr(cache_mod, "load_paths", refuse)


def same_library(a: Library, b: Library) -> None:
    """Everything a client reads is equal (positions aside: the cache keeps none)."""
    assert a.items == b.items
    assert [type(i) for i in a.items] == [type(i) for i in b.items]
    assert a.item_index == b.item_index
    assert a.item_where == b.item_where
    assert a.bank_of == b.bank_of
    assert (a.banks, a.exams, a.decks, a.deck_files) == (b.banks, b.exams, b.decks, b.deck_files)
    assert a.misconceptions == b.misconceptions
    assert a.problems == b.problems
    assert a.files == b.files
    assert (a.bank_where, a.exam_where, a.deck_where) == (b.bank_where, b.exam_where, b.deck_where)
    assert a.misconception_refs == b.misconception_refs


def test_a_hit_equals_a_fresh_load_and_parses_nothing(content: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = load_paths([content])
    first = load_cached([content], folder=folder)
    same_library(first, fresh)
    assert first.positions == {}  # documented: dropped once the cross-file checks have run
    assert len(list(folder.glob("content-*.pickle"))) == 1

    monkeypatch.setattr(cache_mod, "load_paths", lambda *a, **k: pytest.fail("parsed again"))
    second = load_cached([content], folder=folder)
    same_library(second, fresh)
    cloze = next(i for i in second.items if i.type == "cloze")
    assert cloze.gaps() == next(i for i in fresh.items if i.type == "cloze").gaps()  # methods work after unpickling


def test_an_edited_file_is_a_miss(content: Path, folder: Path) -> None:
    load_cached([content], folder=folder)
    bank = content / "anatomy.yaml"
    text = bank.read_text("utf-8")
    first_id = load_paths([content]).items[0].id
    bank.write_text(text.replace(f"id: {first_id}\n", f"id: {first_id}-renamed\n", 1), "utf-8")
    again = load_cached([content], folder=folder)
    assert again.items[0].id == f"{first_id}-renamed"


def test_same_size_same_mtime_but_replaced_file_is_a_miss(content: Path, folder: Path) -> None:
    """An editor that saves by writing a new file and renaming it changes the inode (and ctime)."""
    load_cached([content], folder=folder)
    bank = content / "anatomy.yaml"
    st = bank.stat()
    first_id = load_paths([content]).items[0].id
    other = first_id[:-1] + ("x" if first_id[-1] != "x" else "y")  # same length
    new = content / "new.tmp"
    new.write_text(bank.read_text("utf-8").replace(f"id: {first_id}\n", f"id: {other}\n", 1), "utf-8")
    os.utime(new, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(new, bank)
    assert bank.stat().st_size == st.st_size and bank.stat().st_mtime_ns == st.st_mtime_ns
    assert load_cached([content], folder=folder).items[0].id == other


def test_an_added_or_removed_file_is_a_miss(content: Path, folder: Path) -> None:
    base = load_cached([content], folder=folder)
    (content / "more.yaml").write_text(
        "id: more\ntitle: More\nitems:\n  - {id: more-1, type: basic, front: Q, back: A}\n", "utf-8"
    )
    added = load_cached([content], folder=folder)
    assert "more-1" in added.item_index and len(added.items) == len(base.items) + 1
    (content / "more.yaml").unlink()
    assert "more-1" not in load_cached([content], folder=folder).item_index


def test_other_code_or_version_is_a_miss(content: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_cached([content], folder=folder)
    calls: list[object] = []
    real = cache_mod.load_paths

    def counting(*args: object, **kwargs: object) -> Library:
        calls.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cache_mod, "load_paths", counting)
    monkeypatch.setattr(cache_mod, "__version__", "99.0")
    load_cached([content], folder=folder)
    assert len(calls) == 1
    monkeypatch.setattr(cache_mod, "FORMAT", cache_mod.FORMAT + 1)
    load_cached([content], folder=folder)
    assert len(calls) == 2
    load_cached([content], folder=folder)  # the rewritten entry serves the new version
    assert len(calls) == 2


@pytest.mark.parametrize("damage", [b"", b"not a pickle at all", "truncated", "foreign"])
def test_a_damaged_cache_file_is_ignored_and_rewritten(content: Path, folder: Path, damage: bytes | str) -> None:
    load_cached([content], folder=folder)
    (file,) = folder.glob("content-*.pickle")
    if damage == "truncated":
        file.write_bytes(file.read_bytes()[: file.stat().st_size // 2])
    elif damage == "foreign":
        with file.open("rb") as f:
            header = pickle.load(f)
        file.write_bytes(pickle.dumps(header) + pickle.dumps({"not": "a library"}))
    else:
        assert isinstance(damage, bytes)
        file.write_bytes(damage)
    same_library(load_cached([content], folder=folder), load_paths([content]))
    with file.open("rb") as f:  # rewritten whole
        pickle.load(f)
        assert isinstance(pickle.load(f), Library)


def test_content_with_errors_is_not_cached(content: Path, folder: Path) -> None:
    (content / "broken.yaml").write_text("id: broken\ntitle: B\nitems:\n  - {id: b1, type: mcq}\n", "utf-8")
    lib = load_cached([content], folder=folder)
    assert lib.errors
    assert not list(folder.glob("*.pickle"))


def test_an_unusable_cache_folder_is_skipped(content: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", "utf-8")
    lib = load_cached([content], folder=blocker / "cache")  # cannot mkdir under a file
    same_library(lib, load_paths([content]))


def test_paths_as_given_key_the_entry(content: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages quote paths as given, so `--bank content` and `--bank /abs/content` are separate entries."""
    monkeypatch.chdir(content.parent)
    relative = load_cached(["content"], folder=folder)
    absolute = load_cached([content], folder=folder)
    assert relative.files[0].startswith("content")
    assert absolute.files[0].startswith(str(content))
    assert cache_file(["content"], folder) != cache_file([content], folder)


def test_cache_dir_is_the_platform_cache_unless_set(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(CACHE_ENV)
    assert cache_dir() == tmp_path / "xdg" / "backhip-learn"
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    assert cache_dir() == tmp_path
    monkeypatch.setenv(CACHE_ENV, "off")
    assert cache_dir() is None


def test_load_content_uses_the_cache_only_when_asked(content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "c"))
    load_content([content])
    assert not (tmp_path / "c").exists()
    load_content([content], lint=True, cache=True)  # lint runs on fresh parses only
    assert not (tmp_path / "c").exists()
    load_content([content], cache=True)
    assert len(list((tmp_path / "c").glob("*.pickle"))) == 1


def test_a_warm_start_imports_no_yaml_nor_pydantic(content: Path, folder: Path) -> None:
    """What the cache is for: in a fresh process, a hit needs neither YAML nor pydantic (the model is plain dataclasses)."""
    code = (
        "import sys, json; from pathlib import Path; from backhip_learn.content.cache import load_cached; "
        f"lib = load_cached([Path({str(content)!r})], folder=Path({str(folder)!r})); "
        "print(json.dumps([len(lib.items), sorted(m for m in ('yaml', 'backhip_learn.content.explain', "
        "'pydantic') if m in sys.modules)]))"
    )
    cold = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    n = len(load_paths([content]).items)
    assert cold.stdout.strip() == f'[{n}, ["backhip_learn.content.explain", "pydantic", "yaml"]]'
    assert warm.stdout.strip() == f"[{n}, []]"


def test_a_cache_file_others_may_write_is_not_read(content: Path, folder: Path) -> None:
    load_cached([content], folder=folder)
    (file,) = folder.glob("content-*.pickle")
    file.chmod(0o666)
    before = file.stat().st_mtime_ns
    same_library(load_cached([content], folder=folder), load_paths([content]))
    assert file.stat().st_mtime_ns != before  # treated as a miss and replaced
    assert file.stat().st_mode & 0o022 == 0


def test_old_entries_are_pruned(tmp_path: Path, folder: Path) -> None:
    banks = []
    for n in range(cache_mod.MAX_ENTRIES + 3):
        bank = tmp_path / f"b{n}.yaml"
        bank.write_text(f"id: b{n}\ntitle: B\nitems:\n  - {{id: i{n}, type: basic, front: Q, back: A}}\n", "utf-8")
        banks.append(bank)
        load_cached([bank], folder=folder)
    assert len(list(folder.glob("content-*.pickle"))) == cache_mod.MAX_ENTRIES
    assert cache_file([banks[-1]], folder).exists()


def test_entries_are_read_back_under_a_group_writable_umask(content: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = os.umask(0o002)
    try:
        load_cached([content], folder=folder)
    finally:
        os.umask(old)
    monkeypatch.setattr(cache_mod, "load_paths", lambda *a, **k: pytest.fail("parsed again"))
    assert load_cached([content], folder=folder).items
