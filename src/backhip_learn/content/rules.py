"""Pydantic's validators for the content model (imported only to validate or make a schema).

Nothing that only reads content (the study app from the cache, the Anki export of loaded items)
imports this module or pydantic.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import TypeAdapter


@cache
def adapter(tp: Any) -> TypeAdapter[Any]:
    """Pydantic's validator (and JSON Schema) for a model class or union, built once per type."""
    return TypeAdapter(tp)
