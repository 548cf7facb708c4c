"""Immutable value records: frozen dataclasses that share one ``repr``, ``==`` and ``hash``.

``@record`` is ``dataclass(frozen=True, repr=False, eq=False)``; ``Record`` supplies the three methods
from the fields, with the same results as a plain frozen dataclass. The difference is startup time:
the dataclass decorator compiles every method it writes (Python 3.11), and the ~50 records and
content classes on the study app's path to its first card cost ~20 ms that way, about half of it
for methods that are the same for every record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

record = dataclass(frozen=True, repr=False, eq=False)


class Record:
    """Base of a ``@record`` (or any frozen dataclass made with ``repr=False, eq=False``)."""

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
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self._values()))
