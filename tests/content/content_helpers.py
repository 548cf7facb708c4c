"""Helpers for the content tests (imported as `content_helpers`): small banks built in memory or in tmp_path."""

from __future__ import annotations

import textwrap
from pathlib import Path

from backhip_learn.content.load import Library, Problem, load_texts

FIXTURES = Path(__file__).parent / "fixtures"

HEADER = """\
id: t-bank
title: Test bank
source: anatomy.piriformis
items:
"""


def bank(items_yaml: str, header: str = HEADER) -> str:
    """A bank file whose items are ``items_yaml`` (dedented, indented under ``items:``)."""
    body = textwrap.indent(textwrap.dedent(items_yaml).strip("\n"), "  ")
    return header + body + "\n"


def load(text: str, *, name: str = "t.yaml", lint: bool = True, extra: dict[str, str] | None = None) -> Library:
    """Load one text (plus ``extra`` files) as a library."""
    return load_texts({name: text, **(extra or {})}, lint=lint)


def codes(lib: Library) -> list[str]:
    """The codes of every problem, in order."""
    return [p.code for p in lib.problems]


def only(lib: Library, code: str) -> list[Problem]:
    """The problems with this code."""
    return [p for p in lib.problems if p.code == code]


