"""The value classes: what the two decorators make, and a model type checkers and pydantic read alike."""

from __future__ import annotations

import dataclasses
import typing

import pytest

from backhip_learn.content import model
from backhip_learn.content.constraints import Field
from backhip_learn.record import Frozen, Record, frozen, record


@record
class Point(Record):
    x: int
    y: int = 0


@frozen
class Label(Frozen):
    text: str
    tags: tuple[str, ...] = ()
    extra: dict[str, int] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class Plain:
    x: int
    y: int = 0


def test_a_record_compares_hashes_and_prints_like_a_frozen_dataclass() -> None:
    assert Point(1, 2) == Point(x=1, y=2) != Point(1)
    assert hash(Point(1, 2)) == hash(Point(1, 2))
    assert repr(Point(1, 2)) == repr(Plain(1, 2)).replace("Plain", "Point")
    assert Point(1, 2) != Plain(1, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        Point(1).x = 3  # type: ignore[misc]
    assert dataclasses.replace(Point(1, 2), y=5) == Point(1, 5)


@record
class Tagged(Record):
    name: str
    size: int = 1
    kind: str = dataclasses.field(default="tagged", init=False)
    seen: list[str] = dataclasses.field(default_factory=list)


def test_a_record_takes_fields_by_position_or_keyword_as_a_dataclass_does() -> None:
    tagged = Tagged("a", 2)
    assert (tagged.name, tagged.size, tagged.kind, tagged.seen) == ("a", 2, "tagged", [])
    assert Tagged("a", seen=["x"]) == Tagged(name="a", size=1, seen=["x"])
    assert Tagged("a").seen is not tagged.seen  # a fresh default from the factory
    assert [f.name for f in dataclasses.fields(Tagged)] == ["name", "size", "kind", "seen"]
    with pytest.raises(TypeError, match="missing argument: 'name'"):
        Tagged()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="multiple values for argument 'name'"):
        Tagged("a", name="b")  # type: ignore[misc]
    with pytest.raises(TypeError, match="takes 3 arguments, got 4"):
        Tagged("a", 1, [], "extra")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'kind'"):
        Tagged("a", kind="other")  # type: ignore[call-arg]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del tagged.name
    assert dataclasses.replace(tagged, size=3) == Tagged("a", 3)
    assert dataclasses.asdict(tagged) == {"name": "a", "size": 2, "kind": "tagged", "seen": []}


def test_a_frozen_class_takes_keywords_only_and_fills_defaults() -> None:
    label = Label(text="a")
    assert (label.tags, label.extra) == ((), {})
    assert Label(text="a").extra is not label.extra  # a fresh default from the factory
    with pytest.raises(TypeError, match="missing keyword argument: 'text'"):
        Label()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        Label(text="a", colour="red")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Label("a")  # type: ignore[call-arg]
    with pytest.raises(dataclasses.FrozenInstanceError):
        label.text = "b"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del label.text
    assert label == Label(text="a") != Label(text="a", tags=("t",))


def test_the_decorators_tell_type_checkers_what_they_make() -> None:
    for decorator, kw_only in ((frozen, True), (record, False)):
        transform = decorator.__dataclass_transform__  # type: ignore[attr-defined]
        assert transform["kw_only_default"] is kw_only
        assert transform["kwargs"]["frozen_default"] is True  # a keyword of its own from Python 3.12


@pytest.mark.parametrize("cls", [*model.ITEM_CLASSES, *model.FILE_CLASSES, model.Choice, model.Deck, model.Draw])
def test_model_annotations_resolve_on_their_own(cls: type) -> None:
    """``get_type_hints`` needs nothing but the model's own module (no pydantic, no rules module)."""
    hints = typing.get_type_hints(cls, include_extras=True)
    assert {f.name for f in dataclasses.fields(cls)} <= set(hints)


def test_constraint_markers_carry_pydantic_field_options() -> None:
    hints = typing.get_type_hints(model.Exam, include_extras=True)
    (marker,) = [m for m in hints["pass_mark"].__metadata__ if isinstance(m, Field)]
    assert marker.options == {"ge": 0, "le": 100, "description": "Percent needed to pass."}
