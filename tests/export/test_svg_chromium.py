"""The body map SVG rendered by headless Chromium: the highlighted regions' pixels are red, the others are not.

Needs Debian's ``chromium`` package (.ci/run installs it); skipped, saying so, where it is absent.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from backhip_learn.content.bodymap import bundled_map
from backhip_learn.export.media import _base, map_svg

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium not installed (apt-get install chromium; .ci/run installs it)"
)
WIDTH, HEIGHT = 440, 430  # the map's own size in CSS pixels: one SVG unit, one pixel
RED = (0xD6, 0x27, 0x28)


def read_png(data: bytes) -> tuple[int, int, list[bytes], int]:
    """Width, height, unfiltered rows and bytes per pixel of an 8-bit non-interlaced RGB(A) PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and color in (2, 6) and interlace == 0, (depth, color, interlace)
    bpp = 3 if color == 2 else 4
    raw, stride, rows, previous = zlib.decompress(b"".join(chunks)), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, corner = previous[i], previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, rows, bpp


def render(svg: str, tmp_path: Path) -> tuple[list[bytes], int]:
    """Chromium's screenshot of the SVG, as rows of pixels."""
    source, shot = tmp_path / "map.svg", tmp_path / "shot.png"
    source.write_text(svg, "utf-8")
    args = [CHROMIUM, "--headless", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1",
            "--default-background-color=ffffffff", f"--window-size={WIDTH},{HEIGHT}",
            f"--screenshot={shot}", f"--user-data-dir={tmp_path / 'profile'}", source.as_uri()]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.insert(1, "--no-sandbox")  # Chromium refuses to sandbox itself as root (CI containers)
    subprocess.run(args, capture_output=True, timeout=120, check=True)  # type: ignore[arg-type]
    width, height, rows, bpp = read_png(shot.read_bytes())
    assert (width, height) == (WIDTH, HEIGHT)
    return rows, bpp


def pixel(rows: list[bytes], bpp: int, x: float, y: float) -> tuple[int, int, int]:
    row = rows[round(y)]
    i = round(x) * bpp
    return row[i], row[i + 1], row[i + 2]


def near(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return all(abs(p - q) <= 24 for p, q in zip(a, b))


def test_highlighted_regions_render_red_and_the_others_white(tmp_path: Path) -> None:
    found = bundled_map()
    assert found is not None
    body, path = found
    pattern = ["lower-back", "buttock-r", "posterior-thigh-r", "lower-leg-r", "foot-r", "groin-l", "lateral-hip-l"]
    rows, bpp = render(map_svg(path, pattern), tmp_path)
    middles = _base(path)[1]
    for region in body.regions:
        colour = pixel(rows, bpp, *middles[region.id])
        if region.id in pattern:
            assert near(colour, RED), (region.id, colour)
        else:
            assert near(colour, (255, 255, 255)), (region.id, colour)


def test_the_plain_map_has_no_red_pixel(tmp_path: Path) -> None:
    found = bundled_map()
    assert found is not None
    rows, bpp = render(map_svg(found[1], []), tmp_path)
    reds = sum(
        1 for row in rows for i in range(0, len(row), bpp) if near((row[i], row[i + 1], row[i + 2]), RED)
    )
    assert reds == 0
