"""The one kind of value class: frozen dataclasses whose methods come from a base class.

``@record`` (with base ``Record``) makes value records built by position or keyword; ``@frozen``
(with base ``Frozen``) makes the keyword-only content model. The decorators only record the fields
(what ``dataclasses.fields``, ``replace``, ``asdict`` and pydantic read); the base supplies
``__init__``, immutability, ``repr``, ``==`` and ``hash`` from those fields, with the results of a
plain frozen dataclass. The dataclass decorator would compile each of those methods for every class,
a measured share of the study app's start-up (BENCHMARKS.md). ``typing.dataclass_transform`` tells
type checkers what the decorators make.
"""

from __future__ import annotations

from dataclasses import MISSING, Field, FrozenInstanceError, dataclass, field, fields
from typing import Any, ClassVar, TypeVar, cast, dataclass_transform

_C = TypeVar("_C")


@dataclass_transform(eq_default=True, frozen_default=True, field_specifiers=(field, Field))
def record(cls: type[_C]) -> type[_C]:
    """A frozen value record (subclass ``Record``): fields by position or keyword."""
    return _with_fields(dataclass(init=False, repr=False, eq=False)(cls))


@dataclass_transform(eq_default=True, frozen_default=True, kw_only_default=True, field_specifiers=(field, Field))
def frozen(cls: type[_C]) -> type[_C]:
    """A content model class (subclass ``Frozen``): built from keywords only, immutable."""
    return _with_fields(dataclass(init=False, repr=False, eq=False, kw_only=True)(cls))


def _with_fields(cls: type[_C]) -> type[_C]:
    """Keep the class's fields, in order, where the base's methods read them."""
    found = fields(cast(Any, cls))
    setattr(cls, "_fields", found)  # noqa: B010 - class attributes the base declares, on a class mypy sees as _C
    setattr(cls, "_names", tuple(f.name for f in found))  # noqa: B010
    return cls


class Record:
    """Base of a ``@record`` class: ``__init__``, immutability, ``repr``, ``==`` and ``hash`` from the fields."""

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, Any]]
    _fields: ClassVar[tuple[Field[Any], ...]] = ()
    _names: ClassVar[tuple[str, ...]] = ()
    _positional: ClassVar[bool] = True  # fields may be given by position

    def __init__(self, *args: Any, **values: Any) -> None:
        if args:
            values = self._by_name(args, values)
        for f in self._fields:
            if f.init and f.name in values:
                value = values.pop(f.name)
            elif f.default is not MISSING:
                value = f.default
            elif f.default_factory is not MISSING:
                value = f.default_factory()
            else:
                kind = "argument" if self._positional else "keyword argument"
                raise TypeError(f"{type(self).__name__}() missing {kind}: '{f.name}'")
            object.__setattr__(self, f.name, value)
        if values:
            raise TypeError(f"{type(self).__name__}() got an unexpected keyword argument '{next(iter(values))}'")

    def _by_name(self, args: tuple[Any, ...], values: dict[str, Any]) -> dict[str, Any]:
        """Positional arguments named after the fields they fill, in order, merged with the keywords."""
        name = type(self).__name__
        if not self._positional:
            raise TypeError(f"{name}() takes keyword arguments only")
        fields = [f.name for f in self._fields if f.init]
        if len(args) > len(fields):
            raise TypeError(f"{name}() takes {len(fields)} arguments, got {len(args)}")
        for field_name, value in zip(fields, args):
            if field_name in values:
                raise TypeError(f"{name}() got multiple values for argument '{field_name}'")
            values[field_name] = value
        return values

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._names)

    def __repr__(self) -> str:
        args = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._names)
        return f"{type(self).__qualname__}({args})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Record)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field '{name}'")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field '{name}'")


class Frozen(Record):
    """Base of the content model: immutable, built from keywords (pydantic: no unknown keys, text stripped)."""

    __slots__ = ()
    _positional: ClassVar[bool] = False
    # Read by pydantic for standard dataclasses; a plain dict so that pydantic is not imported here.
    __pydantic_config__: ClassVar[Any] = {"extra": "forbid", "str_strip_whitespace": True}
