"""How typed answers are read: text folding, words and separators, and the course glossary.

Pure and standard-library only: the grader (``study/grading.py``) and the loader both use it, and a
start from the content cache unpickles the compiled ``Lexicon`` without importing anything heavy.

- ``tokens(text)``: the words of an answer, folded (case, accents), with list separators (``,`` ``;``
  ``/`` ``&`` ``+`` "and" "or" "and/or") as the one token ``/``, leading articles dropped and spinal
  level ranges written out ("L4-S3" and "L4 to S3" are ``l4 / l5 / s1 / s2 / s3``).
- ``normalise(text)``: those tokens joined by spaces (idempotent).
- ``stem(word)``: a plural ``-s`` dropped, so "hips" reads as "hip".
- ``Lexicon``: every glossary of a course compiled into phrase -> term and confusable words;
  ``build_lexicon(glossaries)``.
- ``check_glossary(...)``: the glossary problems of one file (duplicates, a synonym that is a
  confusable), with their line:col.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from typing import TYPE_CHECKING

from backhip_learn.content.problems import Problem, clip
from backhip_learn.record import Record, record

if TYPE_CHECKING:
    from backhip_learn.content.model import Glossary

SEP = "/"
ARTICLES = frozenset({"the", "a", "an"})
SEPARATOR_WORDS = frozenset({"and", "or"})
_SEPARATOR_CHARS = frozenset(",;/&+")
_TOKEN_RE = re.compile(r"[^\W_]+|[,;/&+]", re.UNICODE)
_DOTTED = re.compile(r"\b(?:[^\W\d_]\.){2,}")  # "G.P." is "GP", "e.g." is "eg"
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})

# Spinal levels in order, so that a range names every level between its ends.
LEVELS = (
    *(f"c{i}" for i in range(1, 8)), *(f"t{i}" for i in range(1, 13)),
    *(f"l{i}" for i in range(1, 6)), *(f"s{i}" for i in range(1, 6)),
)
_LEVEL_INDEX = {name: i for i, name in enumerate(LEVELS)}
_RANGE_RE = re.compile(
    r"\b([ctls])(\d{1,2})\s*(?:-|\bto\b|\bthrough\b|\bthru\b)\s*(?:([ctls])(\d{1,2})|(\d{1,2}))\b"
)


def fold(text: str) -> str:
    """Case and accents folded (NFKD, combining marks dropped, casefold), dashes made plain hyphens."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    # casefold can reintroduce decomposable characters (rare), so fold once more.
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_DASHES)


def _expand_range(match: re.Match[str]) -> str:
    """``l4-s3`` -> ``l4 / l5 / s1 / s2 / s3``; anything that is not an increasing range stays as it was."""
    first = f"{match.group(1)}{int(match.group(2))}"
    last = f"{match.group(3)}{int(match.group(4))}" if match.group(3) else f"{match.group(1)}{int(match.group(5))}"
    i, j = _LEVEL_INDEX.get(first), _LEVEL_INDEX.get(last)
    if i is None or j is None or j <= i:
        return match.group(0)
    return " / ".join(LEVELS[i : j + 1])


def tokens(text: str) -> tuple[str, ...]:
    """The words of an answer and ``/`` for each list separator (see the module docstring)."""
    folded = _RANGE_RE.sub(_expand_range, _DOTTED.sub(lambda m: m.group(0).replace(".", "") + " ", fold(text)))
    raw = _TOKEN_RE.findall(folded)
    out: list[str] = []
    for tok in raw:
        if tok in _SEPARATOR_CHARS or tok in SEPARATOR_WORDS:
            if out and out[-1] != SEP:
                out.append(SEP)
        else:
            out.append(tok)
    while out and out[-1] == SEP:
        out.pop()
    words = [t for t in raw if t not in _SEPARATOR_CHARS]
    if not out:  # an answer that is only "and" or "or" is still that word
        return tuple(words)
    return _drop_articles(out)


def _drop_articles(toks: list[str]) -> tuple[str, ...]:
    """Articles at the start of each list element dropped, never an element's last word."""
    out: list[str] = []
    start = True
    for k, tok in enumerate(toks):
        if start and tok in ARTICLES and k + 1 < len(toks) and toks[k + 1] != SEP:
            continue
        out.append(tok)
        start = tok == SEP
    return tuple(out)


def normalise(text: str) -> str:
    """Fold case, accents, punctuation, spacing and separators so that equal answers compare equal.

    Idempotent: ``normalise(normalise(s)) == normalise(s)``.
    """
    return " ".join(tokens(text))


def stem(word: str) -> str:
    """A plural ending dropped: "-ies" -> "-y" ("radiculopathies"), "-s" from 4+ letters ("hips"), not -ss, -us, -is."""
    if len(word) >= 4 and word[-1] == "s" and word.isalpha():
        if len(word) >= 6 and word.endswith("ies"):
            return word[:-3] + "y"
        if word[-2] not in "sui":
            return word[:-1]
    return word


def stems(toks: Iterable[str]) -> tuple[str, ...]:
    """``stem`` of every token."""
    return tuple(stem(t) for t in toks)


# --------------------------------------------------------------------------- the compiled glossary

TERM_MARK = "\x00"  # term tokens start with it: no typed word can


@record
class Lexicon(Record):
    """Every glossary of a course, compiled: phrase (stemmed tokens) -> term key, and confusable words."""

    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)
    forms: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)  # term key -> every phrase
    terms: dict[str, str] = field(default_factory=dict)  # term key -> the term as written
    written: dict[tuple[str, ...], str] = field(default_factory=dict)  # phrase -> synonym as written
    confusable: dict[str, frozenset[str]] = field(default_factory=dict)  # stemmed word/phrase -> look-alikes
    longest: int = 0

    def __bool__(self) -> bool:
        return bool(self.phrases or self.confusable)

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other

    def substitute(
        self, toks: Sequence[str], spans: list[tuple[str, tuple[str, ...]]] | None = None
    ) -> tuple[str, ...]:
        """Stemmed tokens with every glossary phrase (longest first, left to right) replaced by its term token.

        ``spans`` collects (term token, phrase replaced) for each replacement.
        """
        if not self.phrases:
            return tuple(toks)
        out: list[str] = []
        i, n = 0, len(toks)
        while i < n:
            for size in range(min(self.longest, n - i), 0, -1):
                key = self.phrases.get(tuple(toks[i : i + size]))
                if key is not None:
                    out.append(key)
                    if spans is not None:
                        spans.append((key, tuple(toks[i : i + size])))
                    i += size
                    break
            else:
                out.append(toks[i])
                i += 1
        return tuple(out)

    def looks_like(self, word: str) -> frozenset[str]:
        """The confusable look-alikes of a stemmed word (or phrase)."""
        return self.confusable.get(word, frozenset())


EMPTY_LEXICON = Lexicon()


def glossary_forms(texts: Iterable[str], lexicon: Lexicon) -> list[tuple[str, tuple[str, ...]]]:
    """The glossary entries ``texts`` use (as the glossary writes them), each with the term's other forms.

    For showing what counts as right: ``[("physician", ("doctor", "GP", ...))]``.
    """
    first: dict[str, tuple[str, ...]] = {}  # term key -> the first phrase of it the texts use
    used: set[tuple[str, ...]] = set()
    for text in texts:
        spans: list[tuple[str, tuple[str, ...]]] = []
        lexicon.substitute(stems(tokens(text)), spans)
        for key, phrase in spans:
            used.add(phrase)
            first.setdefault(key, phrase)
    return [
        (lexicon.written.get(phrase, " ".join(phrase)),
         tuple(lexicon.written[p] for p in lexicon.forms.get(key, ()) if p not in used))
        for key, phrase in first.items()
    ]


def phrase_key(text: str) -> tuple[str, ...]:
    """How a glossary entry is looked up: its stemmed tokens."""
    return stems(tokens(text))


def build_lexicon(glossaries: Iterable[Glossary]) -> Lexicon:
    """Compile glossaries; an entry already taken by an earlier term is skipped (``check_glossary`` reports it)."""
    phrases: dict[tuple[str, ...], str] = {}
    forms: dict[str, list[tuple[str, ...]]] = {}
    terms: dict[str, str] = {}
    written: dict[tuple[str, ...], str] = {}
    confusable: dict[str, set[str]] = {}
    for glossary in glossaries:
        for term in glossary.terms:
            key = f"{TERM_MARK}{len(terms)}"
            terms[key] = term.term
            own: list[tuple[str, ...]] = []
            for text in (term.term, *term.synonyms):
                phrase = phrase_key(text)
                if not phrase or phrase in phrases:
                    continue
                phrases[phrase] = key
                written[phrase] = text
                own.append(phrase)
            forms[key] = own
            for text in term.confusable:
                look = " ".join(phrase_key(text))
                for phrase in own:
                    mine = " ".join(phrase)
                    if look and look != mine:
                        confusable.setdefault(mine, set()).add(look)
                        confusable.setdefault(look, set()).add(mine)
    return Lexicon(
        phrases=phrases,
        forms={k: tuple(v) for k, v in forms.items()},
        terms=terms,
        written=written,
        confusable={k: frozenset(v) for k, v in confusable.items()},
        longest=max((len(p) for p in phrases), default=0),
    )


# --------------------------------------------------------------------------- checks of a glossary file

At = Callable[[tuple[object, ...]], "tuple[int, int] | tuple[None, None]"]


def check_glossary(
    path: str, glossary: Glossary, at: At, seen: dict[tuple[str, ...], tuple[str, str]]
) -> list[Problem]:
    """Problems of one glossary file; ``seen`` (phrase -> (term, where)) carries entries across files.

    A term or synonym listed twice, in one term or two, is E032 (which term would a learner's word
    mean?); a confusable that is also one of the term's own forms is E033.
    """
    problems: list[Problem] = []

    def add(data_path: tuple[object, ...], message: str, code: str) -> None:
        line, col = at(data_path)
        problems.append(Problem(path, line, col, "error", message, code))

    for i, term in enumerate(glossary.terms):
        own: dict[tuple[str, ...], str] = {}
        entries: list[tuple[tuple[object, ...], str]] = [(("terms", i, "term"), term.term)]
        entries += [(("terms", i, "synonyms", k), s) for k, s in enumerate(term.synonyms)]
        for data_path, text in entries:
            phrase = phrase_key(text)
            if not phrase:
                add(data_path, f"term '{clip(term.term)}': '{clip(text)}' has no letters or digits", "E032")
                continue
            if phrase in own:
                if " ".join(tokens(text)) == " ".join(tokens(own[phrase])):
                    add(data_path, f"term '{clip(term.term)}': '{clip(text)}' is listed twice", "E032")
                continue  # a plural listed beside its singular is the same entry: harmless
            first = seen.get(phrase)
            if first is not None:
                add(data_path, f"'{clip(text)}' is already an entry of term '{clip(first[0])}' at {first[1]}: "
                               "a word may mean one term only", "E032")
                continue
            own[phrase] = text
            line, col = at(data_path)
            seen[phrase] = (term.term, ":".join(str(x) for x in (path, line, col) if x is not None))
        for k, text in enumerate(term.confusable):
            phrase = phrase_key(text)
            if phrase in own:
                add(("terms", i, "confusable", k),
                    f"term '{clip(term.term)}': confusable '{clip(text)}' is also one of its own synonyms", "E033")
    return problems
