"""JSON Schema of the content files, generated from the model (for editors and other tools)."""

from __future__ import annotations

from typing import Any

from backhip_learn.content.model import (
    Bank,
    BodyMap,
    Course,
    DeckManifest,
    Exam,
    Glossary,
    MisconceptionList,
    TaggedFile,
)
from backhip_learn.content.rules import adapter

KINDS: dict[str, Any] = {
    "bank": Bank,
    "exam": Exam,
    "deck": DeckManifest,
    "misconceptions": MisconceptionList,
    "glossary": Glossary,
    "course": Course,
    "map": BodyMap,
    "all": TaggedFile,
}
_TITLES = {
    "bank": "backhip-learn question bank",
    "exam": "backhip-learn exam definition",
    "deck": "backhip-learn deck manifest",
    "misconceptions": "backhip-learn misconceptions file",
    "glossary": "backhip-learn glossary",
    "course": "backhip-learn course file",
    "map": "backhip-learn body map",
    "all": "backhip-learn content file (bank, exam, deck, misconceptions, glossary, course or map)",
}


def json_schema(kind: str = "bank") -> dict[str, Any]:
    """The JSON Schema (draft-07) of one file kind, or of any content file with ``all``.

    Draft-07 rather than pydantic's 2020-12 because the YAML language server (editor
    completion) supports draft-07 fully and warns on newer drafts; the schema uses nothing newer.
    """
    schema = adapter(KINDS[kind]).json_schema(ref_template="#/definitions/{model}")
    out: dict[str, Any] = {"$schema": "http://json-schema.org/draft-07/schema#", "title": _TITLES[kind]}
    for key, value in schema.items():
        if key != "title":
            out["definitions" if key == "$defs" else key] = value
    return out
