"""JSON Schema of the content files, generated from the model (for editors and other tools)."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from backhip_learn.content.model import Bank, ContentFile, DeckManifest, Exam, MisconceptionList

KINDS: dict[str, Any] = {
    "bank": Bank,
    "exam": Exam,
    "deck": DeckManifest,
    "misconceptions": MisconceptionList,
    "all": ContentFile,
}
_TITLES = {
    "bank": "backhip-learn question bank",
    "exam": "backhip-learn exam definition",
    "deck": "backhip-learn deck manifest",
    "misconceptions": "backhip-learn misconceptions file",
    "all": "backhip-learn content file (bank, exam, deck or misconceptions)",
}


def json_schema(kind: str = "bank") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one file kind, or of any content file with ``all``."""
    schema = TypeAdapter(KINDS[kind]).json_schema()
    out: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": _TITLES[kind]}
    out.update({k: v for k, v in schema.items() if k != "title"})
    return out
