"""Helpers for the store tests: the study fixture content and a fixed time."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

FIXTURES = Path(__file__).parent.parent / "study" / "fixtures"
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
