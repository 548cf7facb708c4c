"""Turn pydantic validation errors into messages an instructor can act on, at a line and column.

Pydantic says ``items.3.mcq.choices: Field required``; an instructor wants
``quizzes/anatomy.yaml:41:5: error: items[3] (mcq 'sciatic-q1'): field 'choices' is required``.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import fields, is_dataclass
from typing import Any

from backhip_learn.content import model as m
from backhip_learn.content.problems import Problem, clip
from backhip_learn.content.yamlsafe import Parsed

FILE_KINDS = ("bank", "exam", "deck", "misconceptions")


def _all_fields() -> tuple[str, ...]:
    names: set[str] = set()
    for obj in vars(m).values():
        if isinstance(obj, type) and is_dataclass(obj):
            names.update(f.name for f in fields(obj))
    return tuple(sorted(names))


ALL_FIELDS = _all_fields()


def clean_loc(loc: Sequence[Any], data: object) -> tuple[Any, ...]:
    """Drop the discriminator tags pydantic puts in locations (the file kind, each item's type)."""
    parts = list(loc)
    # Errors from the file-level union always start with the file kind ('deck' may follow
    # itself: a deck manifest's field is also called 'deck').
    if parts and isinstance(parts[0], str) and parts[0] in FILE_KINDS:
        parts = parts[1:]
    if len(parts) >= 3 and parts[0] == "items" and isinstance(parts[1], int) and parts[2] in m.ITEM_TYPES:
        del parts[2]
    return tuple(parts)


def _fmt_path(parts: Sequence[Any]) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _get(data: object, parts: Sequence[Any]) -> object:
    for p in parts:
        if isinstance(data, dict):
            data = data.get(p)
        elif isinstance(data, list) and isinstance(p, int) and 0 <= p < len(data):
            data = data[p]
        else:
            return None
    return data


def _subject(data: object, parts: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
    """The thing a location belongs to (``items[3] (mcq 'x')``) and the rest of the location."""
    if len(parts) >= 2 and parts[0] == "items" and isinstance(parts[1], int):
        item = _get(data, parts[:2])
        label = f"items[{parts[1]}]"
        if isinstance(item, dict):
            kind, ident = item.get("type"), item.get("id")
            # Clipped: a 300,000-character id would otherwise be echoed whole in every message of the item.
            desc = " ".join(x for x in (clip(kind) if isinstance(kind, str) else "",
                                        f"'{clip(ident)}'" if isinstance(ident, str) else "") if x)
            if desc:
                label += f" ({desc})"
        return label, parts[2:]
    if len(parts) >= 2 and parts[0] in ("draw", "misconceptions") and isinstance(parts[1], int):
        return f"{parts[0]}[{parts[1]}]", parts[2:]
    return "", parts


def _entries(n: object) -> str:
    """'1 entry', '2 entries'."""
    return f"{n} entry" if n == 1 else f"{n} entries"


def describe(value: object) -> str:
    """A short description of a YAML value for messages."""
    if value is None:
        return "nothing (empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int) and value.bit_length() > 64:
        # Python refuses to print a whole number past 4,300 digits; the reader refuses such numbers
        # anyway, but a value may come from elsewhere (``validate_data``).
        return f"a whole number of {value.bit_length()} bits"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"'{value[:40]}'" + ("..." if len(value) > 40 else "")
    return type(value).__name__


def explain(path: str, data: object, parsed: Parsed, err: dict[str, Any]) -> Problem:
    """One problem for one pydantic error, at the best line:col for it."""
    etype = err["type"]
    loc = clean_loc(err["loc"], data)
    ctx = err.get("ctx") or {}
    value = err.get("input")
    subject, rest = _subject(data, loc)
    field = _fmt_path(rest)
    key_pos = False
    at = loc

    if etype == "missing":
        name = rest[-1] if rest else loc[-1]
        owner = _fmt_path(rest[:-1])
        text = f"field '{name}' is required" + (f" in {owner}" if owner else "")
        at = loc[:-1]
        field = ""
    elif etype in ("extra_forbidden", "unexpected_keyword_argument"):  # the second: a dataclass's unknown key
        name = loc[-1]
        text = f"unknown field '{name}'"
        close = difflib.get_close_matches(str(name), ALL_FIELDS, n=1, cutoff=0.75)
        if close:
            text += f" (did you mean '{close[0]}'?)"
        elif value is None and " " in str(name):
            # `{text: Numbness or a cold, pale foot, correct: true}`: the ', ' split the text into a new field.
            text += (" (a ', ' inside text between { } starts a new field: quote the whole text, "
                     "e.g. text: \"..., ...\")")
        owner = _fmt_path(rest[:-1])
        if owner:
            text += f" in {owner}"
        field = ""
        key_pos = True
    elif etype == "union_tag_invalid":
        tag = ctx.get("tag", "")
        expected = str(ctx.get("expected_tags", "")).replace("'", "")
        what = "file kind" if not loc else "item type"
        text = f"unknown {what} '{tag}' (expected one of: {expected})"
        at = loc + (("kind",) if not loc else ("type",))
        field = ""
    elif etype == "union_tag_not_found":
        text = "field 'type' is required (one of: " + ", ".join(m.ITEM_TYPES) + ")"
        field = ""
    elif etype in ("model_attributes_type", "model_type", "dataclass_type", "dataclass_args_type", "dict_type"):
        text = f"must be a mapping (key: value lines), found {describe(value)}"
    elif etype == "string_type":
        text = f"must be text, found {describe(value)}"
        if isinstance(value, (bool, int, float)) or value is None:
            text += " (YAML reads yes/no/true/false/on/off and numbers as such: put the text in quotes)"
    elif etype in ("bool_type", "bool_parsing"):
        text = f"must be true or false, found {describe(value)}"
    elif etype in ("int_type", "int_parsing", "int_from_float"):
        text = f"must be a whole number, found {describe(value)}"
    elif etype in ("float_type", "float_parsing"):
        text = f"must be a number, found {describe(value)}"
    elif etype in ("tuple_type", "list_type"):
        text = f"must be a list, found {describe(value)}"
    elif etype == "string_too_short":
        text = "must not be empty"
    elif etype == "string_too_long":
        length = len(value) if isinstance(value, str) else "?"
        text = f"is too long ({length} characters, at most {ctx.get('max_length')})"
    elif etype == "string_pattern_mismatch":
        text = ("must be an id of ASCII lowercase letters (a-z) and digits joined by '-', '_' or '.', "
                f"found {describe(value)}")
    elif etype == "too_short":
        found = len(value) if isinstance(value, (list, tuple)) else ctx.get("actual_length")
        text = f"needs at least {_entries(ctx.get('min_length'))}, found {found}"
    elif etype == "too_long":
        found = len(value) if isinstance(value, (list, tuple)) else ctx.get("actual_length")
        text = f"allows at most {_entries(ctx.get('max_length'))}, found {found}"
    elif etype == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        text = f"must be one of: {expected}; found {describe(value)}"
    elif etype in ("greater_than_equal", "greater_than", "less_than", "less_than_equal"):
        bound = {"greater_than_equal": "at least", "greater_than": "more than",
                 "less_than": "less than", "less_than_equal": "at most"}[etype]
        limit = next(iter(ctx.values()), "?")
        text = f"must be {bound} {limit}, found {describe(value)}"
    elif etype == "value_error":
        text = str(ctx.get("error", err["msg"]))
    else:
        text = str(err["msg"]).replace("Input should be", "should be")

    message = text if not field else f"'{field}' {text}"
    if subject:
        message = f"{subject}: {message}"
    line, col = parsed.at(at, key=key_pos)
    return Problem(path, line, col, "error", message, "E010")


def skip(err: dict[str, Any]) -> bool:
    """Errors that only echo another one (a list 'too short' because its entries failed)."""
    if err["type"] == "too_short":
        value, ctx = err.get("input"), err.get("ctx") or {}
        if isinstance(value, (list, tuple)) and len(value) >= int(ctx.get("min_length", 0)):
            return True
    return False
