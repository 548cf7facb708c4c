"""Where the command tests find their content: the fixtures of the layers they drive."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
FIXTURES = TESTS / "tui" / "fixtures"  # one item of each type, misconceptions, an exam and a deck
GOOD = TESTS / "content" / "fixtures" / "good"  # valid banks without a warning
EXPORT_FIXTURES = TESTS / "export" / "fixtures" / "content"

Writer = Callable[[str, str | bytes], Path]  # the ``write`` fixture: (name, text) -> the file written
