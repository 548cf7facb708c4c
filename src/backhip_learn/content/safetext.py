"""Control characters: what content may not hold, and how any text is made safe to print.

A terminal obeys escape sequences wherever they appear: an OSC 52 in a question sets the
clipboard, ``ESC c`` resets the terminal. Content files are refused when a value holds a C0 or C1
control character (``yamlsafe``), and every output path (text output, JSON, the study app) passes
text through ``printable`` or ``dumps`` as well, so that nothing from a file, a file name or a
database reaches the terminal as a control sequence whatever its source.
"""

from __future__ import annotations

import json
import re

# C0 controls except tab and newline, DEL, and C1 controls (U+0080-U+009F: U+009B is a one-character CSI).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates: legitimate in right-to-left text, but they can
# make a line read differently from what it holds ("Trojan Source").
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")

_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x0D: "CR", 0x1B: "ESC", 0x7F: "DEL",
          0x9B: "CSI", 0x9D: "OSC", 0x90: "DCS", 0x85: "NEL"}


def describe_char(char: str) -> str:
    """``U+001B (ESC)``: a control or bidi character named without printing it."""
    code = ord(char)
    name = _NAMES.get(code)
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def _escape(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def printable(text: str) -> str:
    r"""``text`` with every control character but tab and newline shown as ``\xNN``: safe on a terminal."""
    return CONTROL.sub(_escape, text) if CONTROL.search(text) else text


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def dumps(data: object, *, indent: int | None = 2) -> str:
    """JSON text with non-ASCII kept readable but every control character escaped (``\\u009b``).

    ``json.dumps(ensure_ascii=False)`` escapes C0 controls but writes DEL and the C1 controls raw;
    outside strings JSON holds none, so escaping them in the whole text is exact.
    """
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    return CONTROL.sub(_json_escape, text)
