"""Card backs fit a phone: rendered at 390 px wide in headless Chromium, the median back is under one screen."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from backhip_learn.content.sources import load_content
from backhip_learn.export.anki import build_export, write_apkg

from .helpers import import_apkg
from .phone import PHONE_HEIGHT, chromium, measure

pytestmark = pytest.mark.skipif(
    chromium() is None, reason="headless Chromium not installed (Debian: apt-get install chromium); .ci/run installs it"
)


def test_bundled_backs_fit_a_phone(tmp_path: Path, collection: object) -> None:
    lib = load_content()
    if lib.errors or not lib.items:
        pytest.skip("bundled content does not validate (see validate)")
    write_apkg(build_export(lib), tmp_path / "b.apkg", timestamp=1_700_000_000)
    import_apkg(collection, tmp_path / "b.apkg")
    cards = [collection.get_card(cid) for cid in collection.find_cards("")]  # type: ignore[attr-defined]
    outputs = [c.render_output() for c in cards]
    css = outputs[0].css
    heights = measure([o.answer_text for o in outputs], css, tmp_path)
    by_id = sorted(zip(heights, (c.note()["Id"] for c in cards)), reverse=True)
    median = statistics.median(heights)
    print(f"\nbacks at 390 px: {len(heights)} cards, median {median:.0f} px, max {by_id[0][0]} px ({by_id[0][1]})")
    assert median < PHONE_HEIGHT, by_id[:10]
    # The measurement is real: a back with the whole explanation is taller than a bare front.
    fronts = measure([o.question_text for o in outputs[:20]], css, tmp_path)
    assert statistics.median(fronts) < statistics.median(heights[:20])
