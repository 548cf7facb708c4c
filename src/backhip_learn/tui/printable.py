"""The one place where text on its way to the terminal loses its control characters.

Every widget's lines pass through the app's line filters before they are drawn, whatever they
hold: item text, deck names, file names in messages, typed answers. A control character in a
segment's text would be obeyed by the terminal (OSC 52 sets the clipboard, ``ESC c`` resets it);
this filter drops them. Dropped, not replaced: a control character takes no cell, so the line
keeps the width Textual measured. The loader refuses such text (E008) before it gets here.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

# Every C0 control (no tab or newline survives into a drawn line either), DEL and every C1 control.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


class DropControlCharacters(LineFilter):
    """A line filter that removes control characters from the text of every segment."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """The segments, with control characters removed from their text (the same list when there are none)."""
        search = _CONTROL.search
        if not any(search(segment.text) for segment in segments if segment.control is None):
            return segments
        sub = _CONTROL.sub
        return [
            segment if segment.control is not None else Segment(sub("", segment.text), segment.style)
            for segment in segments
        ]
