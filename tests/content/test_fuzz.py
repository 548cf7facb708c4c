"""Hypothesis: random bytes and random YAML-ish text never make the loader raise."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backhip_learn.content.load import load_texts
from backhip_learn.content.yamlsafe import decode, parse_text

TOKENS = [
    "id: a", "title: T", "items:", "- ", "  ", "    ", "type: mcq", "type: cloze", "choices:", "text: x",
    "correct: true", "&a ", "*a", "<<: *a", "!!python/object:os.system", "!!str", "!x", "{", "}", "[", "]",
    ",", ":", "? ", "---", "...", "#c", "\t", "'", '"', "|", ">", "{{c1::x}}", "kind: exam", "draw:",
    "kind: deck", "deck:", "anki_id: 1", "kind: misconceptions", "misconceptions:", "~", "null", "1e5",
    "0x1F", "2024-01-01", "é", "\\", "%YAML 1.1", "!!binary aGk=", "\n",
]
yamlish = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)
SETTINGS = settings(derandomize=True, max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(raw: bytes) -> None:
    lib = load_texts({"r.yaml": raw}, lint=True)
    text, problems = decode("r.yaml", raw)
    assert (text is None) == bool(problems)
    for p in lib.problems:
        assert p.path == "r.yaml" and p.severity in ("error", "warning")
        assert p.line is None or p.line >= 1


@SETTINGS
@given(yamlish)
def test_random_yamlish_text_never_raises(text: str) -> None:
    parsed = parse_text("y.yaml", text)
    assert (parsed.data is None) == bool(parsed.problems) or parsed.problems == []
    lib = load_texts({"y.yaml": text, "z.yaml": "id: z\ntitle: Z\nitems: []\n"}, lint=True)
    assert all(str(p).startswith(("y.yaml", "z.yaml")) for p in lib.problems)


@SETTINGS
@given(st.text(max_size=300))
def test_random_unicode_text_never_raises(text: str) -> None:
    load_texts({"u.yaml": text}, lint=True)


ITEM_KEYS = st.sampled_from(["id", "type", "question", "front", "back", "choices", "text", "correct", "answer",
                             "accept", "pairs", "steps", "left", "right", "statement", "feedback", "source",
                             "tags", "explanation", "misconception", "difficulty"])
values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=8),
              st.sampled_from(["mcq", "cloze", "basic", "true_false", "short", "matching", "ordering", "multi", "{{c1::a}}", "anatomy"])),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(ITEM_KEYS, inner, max_size=6)),
    max_leaves=20,
)


@SETTINGS
@given(st.lists(st.dictionaries(ITEM_KEYS, values, max_size=8), max_size=5))
def test_random_item_structures_never_raise(items: list[dict[str, object]]) -> None:
    import json

    # JSON is valid YAML: this drives the schema-error path with odd but parseable shapes.
    text = json.dumps({"id": "fz", "title": "Fuzz", "items": items})
    lib = load_texts({"f.yaml": text}, lint=True)
    for p in lib.problems:
        assert p.line is not None and p.col is not None, str(p)


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=12),
    st.sampled_from(["yes", "No", "on", "~", "1_000", "0x1F", "0o17", "1e3", ".inf", "2024-01-01", "12:30", "<<", "=", "-"]),
)
trees = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)), max_leaves=25)


@SETTINGS
@given(trees, st.booleans())
def test_data_matches_pyyaml_safe_load(tree: object, flow: bool) -> None:
    import yaml

    text = yaml.safe_dump({"root": tree}, default_flow_style=flow, allow_unicode=True)
    parsed = parse_text("d.yaml", text)
    # Control and bidi characters are reported (E008, W140) but the data is still composed.
    assert [p for p in parsed.problems if p.code not in ("E008", "W140")] == []
    assert parsed.data == yaml.safe_load(text)


@SETTINGS
@given(yamlish)
def test_agrees_with_pyyaml_whenever_both_accept(text: str) -> None:
    import yaml

    try:
        expected = yaml.load(text, Loader=yaml.CSafeLoader)
    except Exception:  # noqa: BLE001 - PyYAML refuses (with any of its errors): nothing to compare
        return
    parsed = parse_text("y.yaml", text)
    if not parsed.problems:
        assert parsed.data == expected
