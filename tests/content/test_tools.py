"""Schema generation, coverage and the inventory, on fixture content."""

from __future__ import annotations

import json
from dataclasses import replace

from backhip_learn.content.coverage import coverage, exam_size, inventory
from backhip_learn.content.load import load_paths, load_texts
from backhip_learn.content.model import ITEM_TYPES
from backhip_learn.content.outline import load_outline
from backhip_learn.content.schema import KINDS, json_schema

from content_helpers import FIXTURES, bank


def _refs(node: object) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "$ref"] + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_schemas_are_self_contained_draft7() -> None:
    for kind in KINDS:
        schema = json_schema(kind)
        json.dumps(schema)
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        for ref in _refs(schema):
            assert ref.startswith("#/definitions/") and ref.split("/")[-1] in schema["definitions"], ref


def test_bank_schema_lists_every_item_type_and_forbids_unknown_keys() -> None:
    schema = json_schema("bank")
    variants = schema["properties"]["items"]["items"]["oneOf"]
    names = {ref["$ref"].split("/")[-1] for ref in variants}
    types = {schema["definitions"][n]["properties"]["type"]["const"] for n in names}
    assert types == set(ITEM_TYPES)
    assert all(schema["definitions"][n]["additionalProperties"] is False for n in names)
    assert "kind" not in schema.get("required", [])


def test_coverage_counts_by_section_and_type_in_article_order() -> None:
    lib = load_paths([FIXTURES / "good"])
    cov = coverage(lib)
    assert [r.id for r in cov.rows] == list(load_outline().ids())
    rows = {r.id: r for r in cov.rows}
    assert rows["anatomy.sciatic-nerve"].counts == {**dict.fromkeys(ITEM_TYPES, 0), "basic": 1, "cloze": 1, "matching": 1, "ordering": 1}
    assert rows["anatomy.piriformis"].total == 1 and rows["overview"].total == 0
    assert "overview" in [r.id for r in cov.empty]
    assert sum(cov.totals().values()) == 8 and sum(cov.unassigned.values()) == 0


def test_items_without_a_known_section_are_unassigned() -> None:
    header = "id: nb\ntitle: No source\nitems:\n"
    lib = load_texts({"b.yaml": bank("- {id: a, type: basic, front: F, back: B}\n- {id: b, type: short, question: Q, answer: A, source: nowhere}", header)})
    cov = coverage(lib)
    assert cov.unassigned["basic"] == 1 and cov.unassigned["short"] == 1
    assert cov.to_dict()["total"] == 2


def test_exam_size_caps_each_rule_by_what_matches() -> None:
    lib = load_paths([FIXTURES / "good"])
    exam = lib.exams[0]
    assert exam_size(lib, exam) == 3 + 1
    unlimited = replace(exam, draw=(replace(exam.draw[0], count=None),))
    assert exam_size(lib, unlimited) == 7  # every item but the self-graded basic card


def test_inventory() -> None:
    inv = inventory(load_paths([FIXTURES / "good"]))
    assert inv["banks"] == [{"id": "fixture-anatomy", "title": "Fixture anatomy", "items": 8,
                             "path": str(FIXTURES / "good" / "anatomy.yaml")}]
    assert [(d["name"], d["items"], d["own_items"]) for d in inv["decks"]] == [("Fixture", 8, 0), ("Anatomy", 8, 8)]
