"""Rendered card heights at phone width, measured in headless Chromium (one page, every card)."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

PHONE_WIDTH = 390  # CSS pixels: a common phone's width
PHONE_HEIGHT = 844  # one screen of that phone

# Anki's reviewer pads the card a little; a typed-answer placeholder becomes an input box.
_PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>
body {{ margin: 0; }}
.card {{ width: {width}px; box-sizing: border-box; padding: 10px; display: flow-root; }}
{css}
</style></head><body>{cards}<script>
const h = [...document.querySelectorAll('body > .card')].map(e => Math.round(e.getBoundingClientRect().height));
document.body.setAttribute('data-heights', JSON.stringify(h));
</script></body></html>"""


def chromium() -> str | None:
    """The headless browser, if installed (Debian's `chromium` package)."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _card_html(side: str) -> str:
    side = re.sub(r"\[\[type:[^\]]*\]\]", '<input id="typeans" type="text">', side)
    return f'<div class="card">{side}</div>'


def measure(sides: Sequence[str], css: str, folder: Path) -> list[int]:
    """The rendered height of each card side (HTML from Anki's renderer) at phone width."""
    browser = chromium()
    assert browser is not None
    page = folder / "cards.html"
    page.write_text(_PAGE.format(width=PHONE_WIDTH, css=css, cards="".join(_card_html(s) for s in sides)), "utf-8")
    result = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--window-size={PHONE_WIDTH},{PHONE_HEIGHT}",
         "--dump-dom", page.as_uri()],
        check=False, capture_output=True, text=True, timeout=120,
    )
    found = re.search(r'data-heights="([^"]*)"', result.stdout)
    assert found, result.stderr[-2000:]
    heights = json.loads(html.unescape(found.group(1)))
    assert len(heights) == len(sides)
    return [int(h) for h in heights]
