"""The validation rules of the content model, for pydantic (imported only to validate or make a schema).

``model.py`` holds plain frozen dataclasses whose annotations name the rules below (``Text``,
``Slug``, ...) as unevaluated strings. ``adapter(tp)`` builds pydantic's validator for a model class
(or union) with these names in scope, so pydantic resolves ``text: Text`` to a string of 1-4000
characters, ``Field(...)`` to its constraints and descriptions, and the item and file unions to
discriminated unions. Nothing that only reads content (the study app from the cache, the Anki
export of loaded items) imports this module or pydantic.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints, TypeAdapter

from backhip_learn.content.model import SLUG_PATTERN, TEXT_MAX, ContentFile, Item

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=TEXT_MAX)]


def _no_separator(name: str) -> str:
    if "::" in name:
        raise ValueError("deck names must not contain '::' (use children for subdecks)")
    return name


DeckName = Annotated[Text, AfterValidator(_no_separator)]
TaggedItem = Annotated[Item, Field(discriminator="type")]
TaggedFile = Annotated[ContentFile, Field(discriminator="kind")]

# Every name the model's annotations use that model.py does not define.
_RULES = (Field, Slug, Text, DeckName, TaggedItem)


@lru_cache(maxsize=None)
def adapter(tp: Any) -> TypeAdapter[Any]:
    """Pydantic's validator (and JSON Schema) for a model class or union, built once per type."""
    # TypeAdapter resolves the string annotations of the dataclasses it meets in the module of each
    # class, then in the locals of the frame that creates it: these locals are the rules.
    Field, Slug, Text, DeckName, TaggedItem = _RULES  # noqa: F841, N806
    return TypeAdapter(tp)
