"""The safe positional YAML reader: data, positions, and every refusal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from backhip_learn.content.yamlsafe import MAX_ALIAS_NODES, parse_text, read_yaml


def test_plain_data_matches_safe_yaml_types() -> None:
    text = "a: [1, 'x', !!str 3, 1.5, null, yes, 2024-01-02]\nb: {c: d}\n"
    parsed = parse_text("f.yaml", text)
    assert parsed.problems == []
    assert parsed.data == {"a": [1, "x", "3", 1.5, None, True, dt.date(2024, 1, 2)], "b": {"c": "d"}}


def test_positions_of_values_and_keys_are_one_based() -> None:
    text = "id: bank\nitems:\n  - id: q1\n    choices:\n      - text: A\n      - text: \"B\"\n"
    parsed = parse_text("f.yaml", text)
    assert parsed.values[("id",)] == (1, 5)
    assert parsed.keys[("items",)] == (2, 1)
    assert parsed.values[("items", 0)] == (3, 5)
    assert parsed.values[("items", 0, "choices", 1)] == (6, 9)
    assert parsed.values[("items", 0, "choices", 1, "text")] == (6, 15)
    assert parsed.keys[("items", 0, "choices", 1, "text")] == (6, 9)


def test_at_falls_back_to_the_deepest_known_parent() -> None:
    parsed = parse_text("f.yaml", "items:\n  - id: q1\n")
    assert parsed.at(("items", 0, "choices", 3, "text")) == (2, 5)
    assert parsed.at(("items", 0, "id"), key=True) == (2, 5)
    assert parsed.at(("nothing",)) == (1, 1)


def test_columns_count_characters_not_bytes() -> None:
    parsed = parse_text("f.yaml", "é: [éé, x]\n")
    assert parsed.values[("é", 1)] == (1, 9)


def test_duplicate_key_names_both_lines() -> None:
    parsed = parse_text("f.yaml", "a: 1\nb: 2\na: 3\n")
    [p] = parsed.problems
    assert (p.line, p.col, p.code) == (3, 1, "E004")
    assert "duplicate key 'a'" in p.message and "line 1" in p.message


def test_duplicate_key_in_nested_mapping() -> None:
    parsed = parse_text("f.yaml", "items:\n  - id: a\n    id: b\n")
    [p] = parsed.problems
    assert (p.line, p.col) == (3, 5)


def test_unsafe_and_custom_tags_are_refused_without_constructing() -> None:
    for text in ("a: !!python/object/apply:os.system [echo hi]\n", "a: !foo x\n", "a: !!python/name:os.system\n",
                 "a: !!binary aGk=\n", "a: !!set {x}\n"):
        parsed = parse_text("f.yaml", text)
        [p] = parsed.problems
        assert p.code == "E003" and (p.line, p.col) == (1, 4), text
        assert parsed.data is None


def test_bad_explicit_scalar_is_one_error() -> None:
    [p] = parse_text("f.yaml", "a: !!int twelve\n").problems
    assert p.code == "E003" and "not a valid int" in p.message


def test_alias_shares_and_merge_keys_work() -> None:
    text = "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\nl: *b\n"
    parsed = parse_text("f.yaml", text)
    assert parsed.problems == []
    assert parsed.data == {"base": {"x": 1, "y": 2}, "m": {"x": 1, "y": 3}, "l": {"x": 1, "y": 2}}
    assert parsed.values[("m", "x")] == (3, 7)  # merged values point at the merge


def test_billion_laughs_is_one_alias_error() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join(f"*{prev}" for _ in range(9)) + "]")
    [p] = parse_text("f.yaml", "\n".join(lines) + "\n").problems
    assert p.code == "E005" and str(MAX_ALIAS_NODES) in p.message


def test_undefined_alias() -> None:
    [p] = parse_text("f.yaml", "a: *nope\n").problems
    assert (p.code, p.line, p.col) == ("E005", 1, 4)


def test_deep_nesting_is_refused_without_recursion() -> None:
    for text in ("[" * 5000 + "]" * 5000, "- " * 5000 + "1\n", "a: " + "{b: " * 150 + "1" + "}" * 150):
        [p] = parse_text("f.yaml", text).problems
        assert p.code == "E006" and p.message == "nesting deeper than 100 levels", p


def test_block_nesting_just_under_the_limit_is_fine() -> None:
    text = "".join("  " * d + "k:\n" for d in range(98)) + "  " * 98 + "k: 1\n"
    assert parse_text("f.yaml", text).problems == []


def test_tabs_get_a_specific_message() -> None:
    [p] = parse_text("f.yaml", "a:\n\tb: 1\n").problems
    assert p.code == "E002" and "tab" in p.message and p.line == 2


def test_syntax_error_has_line_and_column() -> None:
    [p] = parse_text("f.yaml", "a: 1\nb: [1, 2\nc: 3\n").problems
    assert p.code == "E002" and p.line is not None and p.line >= 2


def test_empty_and_comment_only_files() -> None:
    for text in ("", "   \n", "# just a comment\n", "~\n"):
        [p] = parse_text("f.yaml", text).problems
        assert p.code == "E007" and "empty" in p.message


def test_several_documents_are_refused() -> None:
    [p] = parse_text("f.yaml", "a: 1\n---\nb: 2\n").problems
    assert (p.code, p.line) == ("E007", 2)


def test_complex_keys_are_refused() -> None:
    [p] = parse_text("f.yaml", "? [a, b]\n: 1\n").problems
    assert p.code == "E002" and "key" in p.message


def test_file_checks(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: b\n" * 10)
    [p] = read_yaml(big, max_bytes=20).problems
    assert p.code == "E001" and "larger" in p.message
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"a: 1\nb: \x00\x01\x02")
    [p] = read_yaml(binary).problems
    assert (p.code, p.line) == ("E001", 2) and "binary" in p.message
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("a: 1\nb: caf\xe9\n".encode("latin-1"))
    [p] = read_yaml(latin).problems
    assert (p.code, p.line, p.col) == ("E001", 2, 7) and "UTF-8" in p.message
    [p] = read_yaml(tmp_path / "missing.yaml").problems
    assert p.code == "E001"
    bom = tmp_path / "bom.yaml"
    bom.write_bytes("\ufeffa: 1\n".encode())
    assert read_yaml(bom).data == {"a": 1}


def test_unprintable_character_is_located() -> None:
    [p] = parse_text("f.yaml", "a: 1\nb: x\x07y\n").problems
    assert (p.code, p.line, p.col) == ("E001", 2, 5)


def test_syntax_hints_for_common_mistakes() -> None:
    [p] = parse_text("f.yaml", "id: a\nquestion: What: is this?\n").problems
    assert (p.line, p.col) == (2, 15) and "put the text in quotes" in p.message
    [p] = parse_text("f.yaml", "id: a\nitems:\n  - id: b\n   type: c\n").problems
    assert (p.line, p.col) == (4, 4) and "indentation" in p.message
    [p] = parse_text("f.yaml", "a: 'unclosed\nb: 2\nc: 3\n").problems
    assert (p.line, p.col) == (1, 4) and "never closed" in p.message
    [p] = parse_text("f.yaml", "a: `x`\n").problems
    assert (p.line, p.col) == (1, 4) and "cannot start with '`'" in p.message
