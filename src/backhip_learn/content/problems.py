"""Problems found in content files, and the catalogue of their codes.

``Problem`` lives here (not in ``load.py``) so that the YAML reader, the loader and the linter
can all produce problems without importing each other; ``load.py`` re-exports it.
"""

from __future__ import annotations

from typing import Literal

from backhip_learn.content.safetext import printable
from backhip_learn.record import Record, record

Severity = Literal["error", "warning"]

# code -> (short name, what it means). Errors are E..., lint warnings W...; docs/authoring.md
# lists the same table, and a test checks that every code used in the source is listed here.
CODES: dict[str, tuple[str, str]] = {
    "E001": ("read", "the file cannot be read: missing, too large, binary or not UTF-8"),
    "E002": ("yaml-syntax", "the YAML itself is malformed (includes tabs used for indentation)"),
    "E003": ("yaml-tag", "a tag that is not a plain safe YAML type (!!python/..., !custom)"),
    "E004": ("yaml-duplicate-key", "the same key twice in one mapping"),
    "E005": ("yaml-alias", "an alias that is undefined, recursive, or expands too far (alias bomb)"),
    "E006": ("yaml-depth", "nesting deeper than the limit"),
    "E007": ("top-level", "the file is empty, holds several documents, or is not a mapping"),
    "E008": ("control-character",
             "a control character (ESC, BEL, a C1 code...) in a value or key, from a double-quoted escape"),
    "E009": ("number-too-large", "a whole number of 64 bits or more (hex, octal, binary or decimal)"),
    "E010": ("schema", "a field is missing, unknown, or has the wrong type or value"),
    "E020": ("duplicate-item-id", "two items share an id (ids are unique across every bank)"),
    "E021": ("duplicate-file-id", "two banks, exams, decks or misconceptions share an id"),
    "E022": ("unknown-source", "a source that names no section of the article outline"),
    "E023": ("exam-draw",
             "an exam draw naming unknown sections, banks, tags or objectives, or drawing more items than exist"),
    "E024": ("deck-reference", "a deck naming an unknown bank or section"),
    "E025": ("duplicate-anki-id", "two decks share an anki_id"),
    "E026": ("unknown-objective", "an item naming an objective that the course file does not define"),
    "E027": ("duplicate-objective", "the course file defines the same objective id twice"),
    "E030": ("answer-test-rejected", "an answer listed under examples: right is marked wrong by the grader"),
    "E031": ("answer-test-accepted", "an answer listed under examples: wrong is marked right by the grader"),
    "E032": ("glossary-duplicate", "a glossary term or synonym listed twice, in one term or in two"),
    "E033": ("glossary-confusable-synonym", "a glossary confusable that is also one of its own term's synonyms"),
    "E034": ("answer-test-unknown-gap", "a cloze examples key that is not a gap of the text"),
    "E035": ("answer-not-accepted", "a typed item's own answer (or an accepted variant) is marked wrong by its parts"),
    "E040": ("symlink-loop", "a symbolic link in a content folder that leads to itself (a loop)"),
    "E041": ("symlink-outside", "a symbolic link in a content folder that leads outside the folder"),
    "E042": ("problems-left-out", "more problems in one file than are listed; errors among those left out"),
    "E043": ("mapping-too-wide", "a mapping with more than 1,000 keys (no content mapping needs so many)"),
    "E050": ("unknown-region",
             "an item naming a region its map does not define, or a map region with no element in its SVG"),
    "E051": ("unknown-map", "an item naming a map that no map file defines, or regions in a course without a map"),
    "E052": ("media-missing", "a picture (`image`) that does not exist or cannot be read"),
    "E053": ("media-outside", "a picture path that is absolute, a URL, or leads outside the course folder"),
    "E054": ("unsafe-svg",
             "a picture that is not a well-formed, safe SVG (scripts, event handlers, external references, "
             "embedded HTML, DTDs)"),
    "W103": ("duplicate-choice", "two choices with the same text"),
    "W104": ("short-duplicate-variant", "a short answer whose accepted variants repeat (ignoring case and spaces)"),
    "W105": ("cloze-empty-gap", "a cloze gap with no answer (it makes no card), beside gaps that have one"),
    "W106": ("cloze-gap-hole", "cloze gap numbers with a hole (c1, c3) or not starting at c1"),
    "W108": ("missing-explanation", "an item without an explanation"),
    "W109": ("distractor-no-feedback", "a wrong choice without feedback"),
    "W110": ("bad-tag", "an empty tag, or a tag containing spaces"),
    "W111": ("text-too-long", "text too long to read comfortably on a card"),
    "W112": ("ordering-duplicate-step", "an ordering item with two identical steps"),
    "W113": ("true-false-no-feedback", "a true/false item with no feedback for the wrong answer"),
    "W114": ("unknown-misconception", "a misconception id that no misconceptions file defines"),
    "W115": ("no-source", "an item with no source section (neither its own nor its bank's)"),
    "W116": ("cloze-accept-unknown-gap", "cloze accept: a key that is not a gap of the text"),
    "W117": ("multi-all-correct", "a multi item where every choice is correct"),
    "W118": ("empty-deck", "a deck (with its subdecks) that takes no items"),
    "W119": ("unknown-tag", "a deck selecting a tag that no item carries"),
    "W120": ("no-objective", "an item without an objective or a level, in a course that defines objectives"),
    "W121": ("true-false-cue",
             "absolute or hedge words that predict the answer of most of a bank's true/false statements"),
    "W122": ("longest-key", "a key clearly longer than every other option, or a bank whose key is often the longest"),
    "W123": ("multi-lopsided", "a select-all item with all but one choice correct, or only one of five or more"),
    "W124": ("answer-in-prompt", "a typed answer or cloze gap that can be read off its own question, text or hint"),
    "W125": ("catch-all-choice", "an 'all of the above' / 'none of the above' style choice"),
    "W126": ("short-ordering", "an ordering item with fewer than four steps"),
    "W127": ("matching-shared-word", "a matching pair whose two sides share a content word no other pair has"),
    "W128": ("objective-section", "an item whose objective belongs to another section than the item's source"),
    "W129": ("objective-item-count", "an objective tested by fewer than two or more than five items"),
    "W130": ("no-answer-tests", "a typed item (short answer or cloze gap) without examples to test its answers"),
    "W131": ("answer-tests-no-wrong", "answer tests that list no wrong answer (the likely mistakes are the point)"),
    "W132": ("cloze-shared-accept",
             "accept: cN where several gaps share number N (each of them accepts it; use cN.1, cN.2)"),
    "E045": ("unanswerable",
             "an item no answer can get right: an mcq without exactly one correct choice, a multi with none, a "
             "cloze without a gap holding an answer, a matching item with a repeated side"),
    "W145": ("text-cut-by-comment",
             "plain text followed on its line by '#', which YAML reads as a comment: the text is cut there"),
    "W140": ("bidi-control", "a bidirectional override or isolate character (U+202A-U+202E, U+2066-U+2069) in text"),
    "W142": ("problems-left-out", "more problems in one file than are listed; only warnings among those left out"),
    "W150": ("map-shows-answer", "a region-picking item whose map highlights the very regions to pick"),
    # Anki release record (issue 15): W160-W164.
    "W160": ("released-gap-removed",
             "a cloze gap number (or matching pair, ordering step) that a released Anki deck has is gone"),
}


def code_label(code: str) -> str:
    """``W101 mcq-correct-count`` for a known code, the code itself otherwise."""
    entry = CODES.get(code)
    return f"{code} {entry[0]}" if entry else code


@record
class Problem(Record):
    """One problem found in a content file: ``path:line:col: severity: message``."""

    path: str
    line: int | None
    col: int | None
    severity: Severity
    message: str
    code: str = ""

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        tail = f" [{code_label(self.code)}]" if self.code else ""
        # A file name or a quoted value may hold control characters: never print them raw.
        return printable(f"{where}: {self.severity}: {self.message}{tail}")

    def to_dict(self) -> dict[str, object]:
        """A JSON-friendly form."""
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
            "code": self.code,
            "name": CODES.get(self.code, ("",))[0],
        }


def clip(text: str, limit: int = 60) -> str:
    """Text quoted in a message, cut with '...' so a huge value never makes a huge line."""
    return text if len(text) <= limit else text[:limit] + "..."
