"""The one kind of value class: frozen dataclasses whose shared methods come from a base class.

``@record`` (with base ``Record``) makes positional-or-keyword value records; ``@frozen`` (with base
``Frozen``) makes the keyword-only content model. Both decorators write no ``__repr__``, ``__eq__``
or ``__hash__`` (and ``@frozen`` no ``__init__``): the bases supply them once from the fields, with
the results of a plain frozen dataclass, because the dataclass decorator compiles every method it
writes and that compilation is a measured share of the study app's start-up (BENCHMARKS.md).
``typing.dataclass_transform`` tells type checkers what the decorators make.
"""

from __future__ import annotations

from dataclasses import MISSING, Field, FrozenInstanceError, dataclass, field
from typing import Any, ClassVar, TypeVar, dataclass_transform

_C = TypeVar("_C")


@dataclass_transform(eq_default=True, frozen_default=True, field_specifiers=(field, Field))
def record(cls: type[_C]) -> type[_C]:
    """A frozen value record (subclass ``Record``): fields by position or keyword."""
    return dataclass(frozen=True, repr=False, eq=False)(cls)


@dataclass_transform(eq_default=True, frozen_default=True, kw_only_default=True, field_specifiers=(field, Field))
def frozen(cls: type[_C]) -> type[_C]:
    """A content model class (subclass ``Frozen``): built from keywords only, immutable."""
    # The decorator records the fields (what pydantic, ``dataclasses.fields`` and ``replace`` read);
    # ``Frozen`` supplies __init__ and immutability.
    return dataclass(init=False, repr=False, eq=False, kw_only=True)(cls)


class Record:
    """Base of a ``@record`` or ``@frozen`` class: ``repr``, ``==`` and ``hash`` from the fields."""

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, Any]]

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__dataclass_fields__)

    def __repr__(self) -> str:
        args = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__dataclass_fields__)
        return f"{type(self).__qualname__}({args})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Record)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))


class Frozen(Record):
    """Base of the content model: immutable, built from keywords (pydantic: no unknown keys, text stripped)."""

    __slots__ = ()
    # Read by pydantic for standard dataclasses; a plain dict so that pydantic is not imported here.
    __pydantic_config__: ClassVar[Any] = {"extra": "forbid", "str_strip_whitespace": True}

    def __init__(self, **values: Any) -> None:
        # Pydantic never calls this: it fills validated instances directly.
        for name, f in self.__dataclass_fields__.items():
            if name in values:
                value = values.pop(name)
            elif f.default is not MISSING:
                value = f.default
            elif f.default_factory is not MISSING:
                value = f.default_factory()
            else:
                raise TypeError(f"{type(self).__name__}() missing keyword argument: '{name}'")
            object.__setattr__(self, name, value)
        if values:
            raise TypeError(f"{type(self).__name__}() got an unexpected keyword argument '{next(iter(values))}'")

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field '{name}'")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field '{name}'")
