"""Helpers for the study engine tests: the fixture content and a fixed time."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
# A Monday, 10:00 UTC: far from the 4 am rollover unless a test moves it there.
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
