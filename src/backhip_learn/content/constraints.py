"""The constraints the content model's annotations carry, readable without pydantic.

``Field(...)`` and ``Check(func)`` are plain markers inside ``Annotated``: the model stays a set of
standard dataclasses that anything (``typing.get_type_hints``, a type checker, the content cache)
reads without importing pydantic, and pydantic turns each marker into its own ``Field`` or
``AfterValidator`` through ``__get_pydantic_core_schema__`` when it builds a validator or a JSON Schema.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

SLUG_PATTERN = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"
TEXT_MAX = 4000


class Field:
    """Constraints and a description of a value, with the keywords of pydantic's ``Field``."""

    __slots__ = ("options",)

    def __init__(self, **options: Any) -> None:
        self.options = options

    def __repr__(self) -> str:
        return f"Field({', '.join(f'{k}={v!r}' for k, v in self.options.items())})"

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic import Field as PydanticField

        return handler(Annotated[source, PydanticField(**self.options)])


class Check:
    """A check run on a value after its type and constraints (pydantic's ``AfterValidator``)."""

    __slots__ = ("func",)

    def __init__(self, func: Callable[[Any], Any]) -> None:
        self.func = func

    def __repr__(self) -> str:
        return f"Check({self.func.__name__})"

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic import AfterValidator

        return AfterValidator(self.func).__get_pydantic_core_schema__(source, handler)


def _no_separator(name: str) -> str:
    if "::" in name:
        raise ValueError("deck names must not contain '::' (use children for subdecks)")
    return name


Slug = Annotated[str, Field(pattern=SLUG_PATTERN, min_length=1, max_length=80)]
Text = Annotated[str, Field(min_length=1, max_length=TEXT_MAX)]
DeckName = Annotated[Text, Check(_no_separator)]
