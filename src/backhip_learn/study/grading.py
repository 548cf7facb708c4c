"""Turn a learner's response to an item into an outcome and a suggested FSRS rating (calls: docs/engine.md).

Pure, no I/O: the TUI, the study queue and the answer tests are its clients. Typed answers are
compared forgivingly (case, spacing, punctuation, accents, accepted variants, the course glossary, a
one-letter typo in a word of 5+ letters); display orders of options are seeded from the item id.
Suggested rating: don't-know or wrong -> Again; partial credit, a typo, or right but ``sure=False``
-> Hard; right -> Good; right and ``sure=True`` -> Easy. The learner may always override it.
"""

from __future__ import annotations

import bisect
import difflib
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from backhip_learn.content.cards import ClozeCard
from backhip_learn.content.glossary import (
    ARTICLES,
    EMPTY_LEXICON,
    SEP,
    TERM_MARK,
    Lexicon,
    normalise,
    stems,
    tokens,
)
from backhip_learn.content.model import (
    MCQ,
    Basic,
    Cloze,
    Item,
    Matching,
    Multi,
    Ordering,
    Short,
    TrueFalse,
)
from backhip_learn.record import Record, record

if TYPE_CHECKING:
    from fsrs import Rating

# fsrs (for Rating) is imported where a rating is made: the question widgets import this module, and
# the study app's first card should not wait for the scheduler library.

class ResponseError(ValueError):
    """A response that does not fit the item (wrong kind, index out of range)."""


# --------------------------------------------------------------------------- responses


@record
class DontKnow(Record):
    """The learner pressed "I don't know"."""

    kind: str = field(default="dont_know", init=False)


@record
class Revealed(Record):
    """The learner looked at the answer and says whether they knew it (basic cards, or giving up)."""

    knew: bool = True
    kind: str = field(default="revealed", init=False)


@record
class Choices(Record):
    """Picked options: indices into ``item.choice_list()`` (YAML order, not display order)."""

    indices: tuple[int, ...]
    kind: str = field(default="choices", init=False)


@record
class Typed(Record):
    """A typed answer."""

    text: str
    kind: str = field(default="typed", init=False)


@record
class ClozeAnswers(Record):
    """Typed text per gap: gap index in ``item.gaps()`` order -> text (missing gaps count as blank)."""

    answers: Mapping[int, str]
    kind: str = field(default="cloze", init=False)


OPEN = -1  # a matching row the learner left unpaired


@record
class Pairs(Record):
    """Matching: ``mapping[i]`` indexes ``item.pairs`` for the right side chosen for left ``i`` (or is ``OPEN``)."""

    mapping: tuple[int, ...]
    kind: str = field(default="pairs", init=False)


@record
class Order(Record):
    """Ordering: the learner's sequence of original step indices."""

    order: tuple[int, ...]
    kind: str = field(default="order", init=False)


Response = DontKnow | Revealed | Choices | Typed | ClozeAnswers | Pairs | Order


def response_to_dict(response: Response) -> dict[str, Any]:
    """A JSON-friendly form of a response (``kind`` plus its fields)."""
    d = asdict(response)
    if isinstance(response, ClozeAnswers):
        # JSON object keys are strings; keep them sorted for stable logs.
        d["answers"] = {str(k): v for k, v in sorted(response.answers.items())}
    for key in ("indices", "mapping", "order"):
        if key in d:
            d[key] = list(d[key])
    return d


def response_from_dict(data: Mapping[str, Any]) -> Response:
    """Rebuild a response from ``response_to_dict`` output."""
    kind = data.get("kind")
    if kind == "dont_know":
        return DontKnow()
    if kind == "revealed":
        return Revealed(bool(data.get("knew", True)))
    if kind == "choices":
        return Choices(tuple(int(i) for i in data["indices"]))
    if kind == "typed":
        return Typed(str(data["text"]))
    if kind == "cloze":
        return ClozeAnswers({int(k): str(v) for k, v in data["answers"].items()})
    if kind == "pairs":
        return Pairs(tuple(int(i) for i in data["mapping"]))
    if kind == "order":
        return Order(tuple(int(i) for i in data["order"]))
    raise ResponseError(f"unknown response kind {kind!r}")


# --------------------------------------------------------------------------- outcome

DiffSegment = tuple[str, str]


@record
class PartResult(Record):
    """How one part of an item went: a choice, a gap, a left side, or a position in an ordering."""

    index: int  # choice index / gap index / left index / position
    correct: bool  # this part was answered right (for a choice: picked iff it is correct)
    given: str = ""  # what the learner gave: choice text, typed text, right side chosen, step placed
    expected: str = ""  # the right answer for this part
    selected: bool = False  # choices: the learner picked it
    is_answer: bool = False  # choices: this option is a correct one
    feedback: str | None = None  # choices: the option's feedback
    misconception: str | None = None  # choices: misconception id of the option (if picked or not)
    typo: bool = False  # typed: right, but with a one-letter slip
    diff: tuple[DiffSegment, ...] = ()  # typed: character diff against the closest accepted answer
    via: str = ""  # typed: the glossary entries the match went through ("SIJ = sacroiliac joint")

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        d = asdict(self)
        d["diff"] = [list(seg) for seg in self.diff]
        return d

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PartResult:
        """Rebuild from ``to_dict`` output."""
        d = dict(data)
        d["diff"] = tuple((str(op), str(text)) for op, text in d.get("diff", ()))
        return cls(**d)


@record
class Outcome(Record):
    """The graded result of one response."""

    item_id: str
    item_type: str
    correct: bool
    score: float  # 0..1 partial credit
    suggested: Rating
    parts: tuple[PartResult, ...] = ()
    misconceptions: tuple[str, ...] = ()  # misconception ids of the wrong options picked
    typo: bool = False  # counted right despite a one-letter slip somewhere
    dont_know: bool = False
    revealed: bool = False
    sure: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form for the review log."""
        return {
            "item_id": self.item_id,
            "item_type": self.item_type,
            "correct": self.correct,
            "score": self.score,
            "suggested": int(self.suggested),
            "parts": [p.to_dict() for p in self.parts],
            "misconceptions": list(self.misconceptions),
            "typo": self.typo,
            "dont_know": self.dont_know,
            "revealed": self.revealed,
            "sure": self.sure,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Outcome:
        """Rebuild from ``to_dict`` output."""
        from fsrs import Rating

        return cls(
            item_id=str(data["item_id"]),
            item_type=str(data["item_type"]),
            correct=bool(data["correct"]),
            score=float(data["score"]),
            suggested=Rating(int(data["suggested"])),
            parts=tuple(PartResult.from_dict(p) for p in data.get("parts", ())),
            misconceptions=tuple(data.get("misconceptions", ())),
            typo=bool(data.get("typo", False)),
            dont_know=bool(data.get("dont_know", False)),
            revealed=bool(data.get("revealed", False)),
            sure=data.get("sure"),
        )


# Partial credit at or above this suggests Hard (FSRS counts Hard as remembered); below it, Again.
PASSING_PARTIAL = 0.75


def suggest_rating(*, correct: bool, score: float, typo: bool = False, sure: bool | None = None) -> Rating:
    """Map a result to an FSRS rating: right -> Good (sure -> Easy; typo or unsure -> Hard); wrong -> Again.

    A partly right answer suggests Hard only when nearly all of it is right (``PASSING_PARTIAL``):
    Hard counts as remembered, so an answer that is mostly wrong must not earn it.
    """
    from fsrs import Rating

    if correct:
        if typo or sure is False:
            return Rating.Hard
        return Rating.Easy if sure else Rating.Good
    return Rating.Hard if score >= PASSING_PARTIAL else Rating.Again


# --------------------------------------------------------------------------- typed answers

TYPO_MIN_LENGTH = 5  # any one-letter slip counts only in a word this long: "L4" vs "L5" is a real error
SWAP_MIN_LENGTH = 4  # a 4-letter word forgives two neighbours swapped ("bakc") or a letter doubled
MAX_REALISATIONS = 64  # glossary spellings tried per accepted answer when looking for a typo


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by exactly one insertion, deletion, substitution or swap."""
    if a == b:
        return False
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return _swapped(a, b, diffs)
    if la > lb:
        a, b = b, a
    # b is one longer: skipping one char of b must give a.
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def _swapped(a: str, b: str, diffs: list[int] | None = None) -> bool:
    """Equal-length words that differ only by two neighbouring letters swapped."""
    if len(a) != len(b):
        return False
    if diffs is None:
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
    return (
        len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
    )


def _runs(word: str) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for ch in word:
        if out and out[-1][0] == ch:
            out[-1] = (ch, out[-1][1] + 1)
        else:
            out.append((ch, 1))
    return out


def _doubling(a: str, b: str) -> bool:
    """Words that differ only in one or two letters written single instead of double, or double instead of single."""
    ra, rb = _runs(a), _runs(b)
    if a == b or len(ra) != len(rb):
        return False
    changed = 0
    for (ca, na), (cb, nb) in zip(ra, rb):
        if ca != cb:
            return False
        if na != nb:
            if {na, nb} != {1, 2}:
                return False
            changed += 1
    return changed <= 2


def _slip(given: str, expected: str) -> bool:
    """One word typed with a slip that is safe to forgive, by the length of the expected word.

    The first letter must be right (but for two swapped neighbours): "deferred" is not "referred".
    """
    n = len(expected)
    if given[:1] != expected[:1]:
        return n >= SWAP_MIN_LENGTH and _swapped(given, expected)
    if n >= TYPO_MIN_LENGTH:
        return _one_edit(given, expected) or _doubling(given, expected)
    if n >= SWAP_MIN_LENGTH:
        return _swapped(given, expected) or _doubling(given, expected)
    return False


def typo_word(given: str, expected: str, lexicon: Lexicon = EMPTY_LEXICON) -> bool:
    """A forgivable slip of one (stemmed) word: never with digits, never onto or near a confusable look-alike."""
    if given == expected or not given.isalpha() or not expected.isalpha():
        return False
    looks = lexicon.looks_like(expected)
    if given in looks or any(given == c or _slip(given, c) for c in looks):
        return False
    return _slip(given, expected)


@record
class TypedMatch(Record):
    """The result of comparing a typed answer with the accepted answers."""

    correct: bool
    typo: bool
    matched: str  # the accepted answer it matched, or the closest one when wrong
    diff: tuple[DiffSegment, ...]
    via: str = ""  # the glossary entries that bridged it ("SIJ = sacroiliac joint"), if any


def char_diff(given: str, expected: str) -> tuple[DiffSegment, ...]:
    """Character diff for display: ``equal``, ``extra`` (typed, not expected), ``missing`` (expected, not typed).

    Compared case-insensitively; ``equal`` and ``extra`` text comes from ``given``, ``missing`` from ``expected``.
    """
    g, e = given.strip(), expected.strip()
    gl, el = g.lower(), e.lower()
    if len(gl) != len(g) or len(el) != len(e):  # lower() changed lengths (rare scripts): compare as is
        gl, el = g, e
    out: list[DiffSegment] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, gl, el, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", g[i1:i2])
        else:
            add("extra", g[i1:i2])
            add("missing", e[j1:j2])
    return tuple(out)


@record
class _Reading(Record):
    """A text read for matching: stemmed tokens, and the same with glossary phrases as term tokens."""

    plain: tuple[str, ...]
    terms: tuple[str, ...]
    spans: tuple[tuple[str, tuple[str, ...]], ...]  # (term token, the phrase it replaced)
    raw: tuple[str, ...]  # the tokens before stemming (a slip may land on a final s)


def _read(text: str, lexicon: Lexicon) -> _Reading:
    raw = tokens(text)
    plain = stems(raw)
    spans: list[tuple[str, tuple[str, ...]]] = []
    return _Reading(plain, lexicon.substitute(plain, spans), tuple(spans), raw)


@lru_cache(maxsize=8192)
def _read_accepted(text: str, lexicon: Lexicon) -> _Reading:
    """Accepted answers are read once per lexicon (the same few hundred strings come back every review)."""
    return _read(text, lexicon)


def _segments(toks: Sequence[str]) -> list[tuple[str, ...]]:
    out: list[list[str]] = [[]]
    for t in toks:
        if t == SEP:
            out.append([])
        else:
            out[-1].append(t)
    return [tuple(s) for s in out if s]


def _compact(toks: Sequence[str]) -> tuple[str, ...]:
    """Neighbouring plain words run together, so "sacro iliac" and "sacroiliac" read the same."""
    out: list[str] = []
    glue = False
    for t in toks:
        plain = t != SEP and not t.startswith(TERM_MARK)
        if plain and glue:
            out[-1] += t
        else:
            out.append(t)
        glue = plain
    return tuple(out)


def _same(given: tuple[str, ...], accepted: tuple[str, ...]) -> bool:
    """Equal as read, run together, or as the same list in another order."""
    if given == accepted or _compact(given) == _compact(accepted):
        return True
    if SEP in given and SEP in accepted:
        return sorted(map(_compact, _segments(given))) == sorted(map(_compact, _segments(accepted)))
    return False


@lru_cache(maxsize=4096)
def _realisations(toks: tuple[str, ...], lexicon: Lexicon) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The accepted tokens with each term token kept or written out as each of its glossary phrases.

    Each comes with the glossary entries it wrote out ("doctor = doctor", for a note on the match).
    """
    out: list[tuple[tuple[str, ...], tuple[str, ...]]] = [((), ())]
    for t in toks:
        options: list[tuple[tuple[str, ...], tuple[str, ...]]] = [((t,), ())]
        if t.startswith(TERM_MARK):
            options += [(f, (f"{lexicon.written.get(f, ' '.join(f))} = {lexicon.terms[t]}",))
                        for f in lexicon.forms.get(t, ())]
        out = [(prefix + opt, notes + more) for prefix, notes in out for opt, more in options][:MAX_REALISATIONS]
    return out


def _typo_same(given: tuple[str, ...], accepted: tuple[str, ...], lexicon: Lexicon) -> bool:
    """Word by word equal but for forgivable slips (at least one), term tokens and separators exact."""
    if len(given) != len(accepted):
        return False
    slips = 0
    for g, e in zip(given, accepted):
        if g == e:
            continue
        if g == SEP or e == SEP or g.startswith(TERM_MARK) or e.startswith(TERM_MARK) or not typo_word(g, e, lexicon):
            return False
        slips += 1
    return slips > 0


def _via(given: _Reading, accepted: _Reading, lexicon: Lexicon) -> str:
    """The glossary entries a match went through: the learner's phrase = the term, where the answer says otherwise."""
    theirs = {key: phrase for key, phrase in accepted.spans}
    notes = [
        f"{lexicon.written.get(phrase, ' '.join(phrase))} = {lexicon.terms[key]}"
        for key, phrase in given.spans
        if theirs.get(key) != phrase and key in lexicon.terms
    ]
    return "; ".join(dict.fromkeys(notes))


def _match(given: str, accepted: Sequence[str], lex: Lexicon) -> tuple[str, bool, str] | None:
    """(accepted form matched, whether as a typo, glossary note) when ``given`` is right; None when wrong."""
    reading = _read(given, lex)
    if not reading.plain:
        return None
    readings = [(a, _read_accepted(a, lex)) for a in accepted]
    for a, r in readings:
        if _same(reading.terms, r.terms) or _same(reading.plain, r.plain):
            return a, False, _via(reading, r, lex)
    lengths = {len(reading.terms), len(reading.plain), len(reading.raw)}
    for a, r in readings:
        for form, notes in ((r.raw, ()), *_realisations(r.terms, lex)):
            if len(form) in lengths and (
                _typo_same(reading.terms, form, lex) or _typo_same(reading.plain, form, lex)
                or _typo_same(reading.raw, form, lex)
            ):
                return a, True, "; ".join(dict.fromkeys([*filter(None, [_via(reading, r, lex)]), *notes]))
    return None


def _closest(given: str, accepted: Sequence[str], lex: Lexicon) -> str:
    """The accepted answer most like ``given``: difflib's ratio over the two likeliest by its quick bound."""
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(" ".join(_read(given, lex).plain))  # seq2 is the one difflib indexes: once
    scored = []
    for k, a in enumerate(accepted):
        matcher.set_seq1(" ".join(_read_accepted(a, lex).plain))
        scored.append((matcher.quick_ratio(), -k, a))
    best, best_ratio = accepted[0], -1.0
    for _, _, a in sorted(scored, reverse=True)[:2]:
        matcher.set_seq1(" ".join(_read_accepted(a, lex).plain))
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = a, ratio
    return best


def compare_typed(given: str, accepted: Sequence[str], lexicon: Lexicon | None = None) -> TypedMatch:
    """Compare a typed answer with every accepted answer, forgivingly, through the glossary when given one."""
    if not accepted:
        raise ResponseError("no accepted answers to compare with")
    lex = lexicon if lexicon is not None else EMPTY_LEXICON
    found = _match(given, accepted, lex)
    if found is not None:
        a, typo, via = found
        return TypedMatch(True, typo, a, char_diff(given, a), via)
    # Wrong: show the diff against the closest accepted answer.
    closest = _closest(given, accepted, lex)
    return TypedMatch(False, False, closest, char_diff(given, closest))


@record
class PartsMatch(Record):
    """A list answer marked part by part."""

    found: tuple[bool, ...]  # per part of the item: named in the answer
    typo: tuple[bool, ...]  # per part: named with a slip
    extra: tuple[str, ...]  # list elements that name no part (wrong additions)

    @property
    def score(self) -> float:
        """Right parts minus wrong additions, over the number of parts (0..1)."""
        n = len(self.found)
        return max(0.0, (sum(self.found) - len(self.extra)) / n) if n else 0.0

    @property
    def correct(self) -> bool:
        """Every part named and nothing wrong added."""
        return all(self.found) and not self.extra


def _find(toks: tuple[str, ...], part: tuple[str, ...], used: list[bool], lexicon: Lexicon) -> tuple[int, bool]:
    """Where ``part`` sits among unused tokens (exactly, else with slips), and whether with a slip; -1 if nowhere."""
    n = len(part)
    for typo in (False, True):
        for i in range(len(toks) - n + 1):
            if any(used[i : i + n]):
                continue
            window = toks[i : i + n]
            same = (window == part if not typo
                    else any(_typo_same(window, f, lexicon) for f, _ in _realisations(part, lexicon)))
            if same:
                return i, typo
    return -1, False


def compare_parts(
    given: str, parts: Sequence[str], lexicon: Lexicon | None = None, filler: frozenset[str] = frozenset()
) -> PartsMatch:
    """Mark a list answer by the parts it names, in any order and with any separators.

    Longer parts are looked for first, so "hip flexor" is not read as "hip". ``filler`` words
    (stemmed; e.g. "nerve", "roots" from the question) may stand beside a part without counting as
    a wrong addition; any other leftover word makes its list element one.
    """
    lex = lexicon if lexicon is not None else EMPTY_LEXICON
    wanted = [_read_accepted(p, lex).terms for p in parts]
    toks = _read(given, lex).terms
    used = [False] * len(toks)
    found = [False] * len(parts)
    slipped = [False] * len(parts)
    for k in sorted(range(len(parts)), key=lambda k: -len(wanted[k])):
        if not wanted[k]:
            continue
        at, typo = _find(toks, wanted[k], used, lex)
        if at >= 0:
            found[k], slipped[k] = True, typo
            used[at : at + len(wanted[k])] = [True] * len(wanted[k])
    extra: list[str] = []
    ends = [*(i for i, t in enumerate(toks) if t == SEP), len(toks)]
    written = normalise(given).split(f" {SEP} ")  # each element as typed (folded), for the report
    start = 0
    for n, end in enumerate(ends):
        element = toks[start:end]
        left = [t for t, u in zip(element, used[start:end]) if not u and t not in filler and t not in ARTICLES]
        if left:
            extra.append(written[n] if len(written) == len(ends) else " ".join(lex.terms.get(t, t) for t in element))
        start = end + 1
    return PartsMatch(tuple(found), tuple(slipped), tuple(extra))


def filler_words(item: Short, lexicon: Lexicon | None = None) -> frozenset[str]:
    """Words an answer to ``item`` may add around its parts: those of its question and answers that are in no part."""
    lex = lexicon if lexicon is not None else EMPTY_LEXICON
    words = {t for text in (item.question, *item.accepted()) for t in _read_accepted(text, lex).terms}
    in_parts = {t for p in item.parts for t in _read_accepted(p, lex).terms}
    return frozenset(words - in_parts - {SEP})


# --------------------------------------------------------------------------- grading


def grade(
    item: Item,
    response: Response,
    *,
    sure: bool | None = None,
    glossary: Lexicon | None = None,
    card: int | None = None,
) -> Outcome:
    """Grade a response to an item; raises ``ResponseError`` when the response does not fit the item.

    ``glossary`` is the course's compiled glossary (``Library.lexicon``): typed answers match through
    it. ``card`` is a cloze card's gap number: only the gaps of that number are graded (a
    ``ClozeCard`` names its own; a whole ``Cloze``, as in an exam, has every gap graded).
    """
    lex = glossary if glossary is not None else EMPTY_LEXICON
    if card is None and isinstance(item, ClozeCard):
        card = item.number
    if isinstance(response, DontKnow):
        rating = suggest_rating(correct=False, score=0.0)  # Again
        return Outcome(item.id, item.type, False, 0.0, rating, parts=_reveal_parts(item, card), dont_know=True,
                       sure=sure)
    if isinstance(response, Revealed):
        rating = suggest_rating(correct=response.knew, score=1.0 if response.knew else 0.0, sure=sure)
        return Outcome(
            item.id, item.type, response.knew, 1.0 if response.knew else 0.0, rating,
            parts=_reveal_parts(item, card), revealed=True, sure=sure,
        )
    if isinstance(item, (MCQ, Multi, TrueFalse)) and isinstance(response, Choices):
        return _grade_choices(item, response, sure)
    if isinstance(item, Short) and isinstance(response, Typed):
        return _grade_short(item, response.text, sure, lex)
    if isinstance(item, Basic) and isinstance(response, Typed):
        m = compare_typed(response.text, (item.back,), lex)
        part = PartResult(0, m.correct, response.text, m.matched, typo=m.typo, diff=m.diff, via=m.via)
        return _outcome(item, (part,), 1.0 if m.correct else 0.0, m.correct, sure, typo=m.typo)
    if isinstance(item, Cloze) and isinstance(response, ClozeAnswers):
        return _grade_cloze(item, response, sure, lex, card)
    if isinstance(item, Matching) and isinstance(response, Pairs):
        return _grade_matching(item, response, sure)
    if isinstance(item, Ordering) and isinstance(response, Order):
        return _grade_ordering(item, response, sure)
    raise ResponseError(f"a {type(response).__name__} response does not fit {item.type} item '{item.id}'")


def _grade_short(item: Short, text: str, sure: bool | None, lex: Lexicon) -> Outcome:
    """A short answer: matched whole against its accepted forms, else (with ``parts``) part by part."""
    m = compare_typed(text, item.accepted(), lex)
    whole = PartResult(0, m.correct, text, m.matched, typo=m.typo, diff=m.diff, via=m.via)
    if m.correct or not item.parts:
        found = tuple(PartResult(k + 1, m.correct, p if m.correct else "", p) for k, p in enumerate(item.parts))
        return _outcome(item, (whole, *found), 1.0 if m.correct else 0.0, m.correct, sure, typo=m.typo)
    pm = compare_parts(text, item.parts, lex, filler_words(item, lex))
    typo = pm.correct and any(pm.typo)
    whole = PartResult(0, pm.correct, text, item.answer, typo=typo, diff=char_diff(text, item.answer))
    named = tuple(
        PartResult(k + 1, ok, p if ok else "", p, typo=slip)
        for k, (p, ok, slip) in enumerate(zip(item.parts, pm.found, pm.typo))
    )
    wrong = tuple(PartResult(len(item.parts) + 1 + j, False, e, "") for j, e in enumerate(pm.extra))
    score = 1.0 if pm.correct else pm.score
    return _outcome(item, (whole, *named, *wrong), score, pm.correct, sure, typo=typo)


def _outcome(
    item: Item,
    parts: tuple[PartResult, ...],
    score: float,
    correct: bool,
    sure: bool | None,
    *,
    typo: bool = False,
    misconceptions: tuple[str, ...] = (),
) -> Outcome:
    return Outcome(
        item.id, item.type, correct, score,
        suggest_rating(correct=correct, score=score, typo=typo, sure=sure),
        parts=parts, misconceptions=misconceptions, typo=typo, sure=sure,
    )


def _reveal_parts(item: Item, card: int | None = None) -> tuple[PartResult, ...]:
    """Parts showing the right answers, for don't-know and revealed outcomes."""
    choices = item.choice_list()
    if choices:
        return tuple(
            PartResult(i, False, "", c.text if c.correct else "", is_answer=c.correct, feedback=c.feedback,
                       misconception=c.misconception)
            for i, c in enumerate(choices)
        )
    if isinstance(item, Cloze):
        return tuple(PartResult(i, False, "", item.gaps()[i].answer) for i in cloze_gap_indices(item, card))
    if isinstance(item, Short):
        return (PartResult(0, False, "", item.answer),)
    if isinstance(item, Basic):
        return (PartResult(0, False, "", item.back),)
    if isinstance(item, Matching):
        return tuple(PartResult(i, False, "", p.right) for i, p in enumerate(item.pairs))
    if isinstance(item, Ordering):
        return tuple(PartResult(i, False, "", s) for i, s in enumerate(item.steps))
    return ()


def _check_indices(values: Sequence[int], n: int, what: str, item: Item) -> None:
    bad = [v for v in values if not 0 <= v < n]
    if bad:
        raise ResponseError(f"{what} {bad} out of range 0..{n - 1} for item '{item.id}'")


def _grade_choices(item: MCQ | Multi | TrueFalse, response: Choices, sure: bool | None) -> Outcome:
    choices = item.choice_list()
    _check_indices(response.indices, len(choices), "choice index", item)
    picked = set(response.indices)
    parts = tuple(
        PartResult(
            i, (i in picked) == c.correct, c.text if i in picked else "", c.text if c.correct else "",
            selected=i in picked, is_answer=c.correct, feedback=c.feedback, misconception=c.misconception,
        )
        for i, c in enumerate(choices)
    )
    misconceptions = tuple(
        dict.fromkeys(
            c.misconception for i, c in enumerate(choices) if i in picked and not c.correct and c.misconception
        )
    )
    correct = all(p.correct for p in parts)
    if isinstance(item, Multi):
        # Right picks minus wrong picks over the number of right options: guessing everything scores 0.
        n_right = sum(c.correct for c in choices) or 1
        hits = sum(1 for i in picked if choices[i].correct)
        false = len(picked) - hits
        score = 1.0 if correct else max(0.0, (hits - false) / n_right)
        score = min(score, 1.0)
        if not correct and score >= 1.0:
            score = 0.99
    else:
        score = 1.0 if correct else 0.0
    return _outcome(item, parts, score, correct, sure, misconceptions=misconceptions)


def cloze_gap_indices(item: Cloze, card: int | None = None) -> tuple[int, ...]:
    """Indices (into ``item.gaps()``) of the gaps a card asks for: those numbered ``card``, or all."""
    return tuple(i for i, g in enumerate(item.gaps()) if card is None or g.number == card)


def gap_accepted(item: Cloze, index: int) -> tuple[str, ...]:
    """What one gap accepts: its own answer, ``accept: {cN: ...}`` (every gap numbered N), ``cN.k`` (the k-th only)."""
    gaps = item.gaps()
    gap = gaps[index]
    k = 1 + sum(1 for g in gaps[:index] if g.number == gap.number)
    return (gap.answer, *item.accept.get(f"c{gap.number}", ()), *item.accept.get(f"c{gap.number}.{k}", ()))


# Text between two gaps that makes them one list ("{{c1::core}}, {{c2::gluteal}} and ..."): answered in any order.
_LIST_GLUE = re.compile(r"\s*(?:[,;/&+]\s*)?(?:(?:and|or|and/or)\s+)?", re.IGNORECASE)


def cloze_lists(item: Cloze, indices: Sequence[int]) -> list[tuple[int, ...]]:
    """The asked gaps in runs that form one list in the text (only separators between them); others alone."""
    gaps = item.gaps()
    asked = set(indices)
    groups: list[list[int]] = []
    for i in sorted(asked):
        prev = groups[-1][-1] if groups else None
        if prev is not None and prev == i - 1 and _LIST_GLUE.fullmatch(item.text[gaps[prev].end : gaps[i].start]):
            groups[-1].append(i)
        else:
            groups.append([i])
    return [tuple(g) for g in groups]


def _grade_cloze(item: Cloze, response: ClozeAnswers, sure: bool | None, lex: Lexicon, card: int | None) -> Outcome:
    gaps = item.gaps()
    _check_indices(list(response.answers), len(gaps), "gap index", item)
    indices = cloze_gap_indices(item, card)
    if not indices:
        raise ResponseError(f"cloze '{item.id}' has no gap c{card}")
    results: dict[int, PartResult] = {}
    for group in cloze_lists(item, indices):
        # Each blank is graded against its own accepted forms; in a list, against any blank not yet claimed.
        free = list(group)
        pending: list[int] = []
        for i in group:
            given = response.answers.get(i, "")
            m = compare_typed(given, gap_accepted(item, i), lex)
            if m.correct:
                free.remove(i)
                results[i] = PartResult(i, True, given, m.matched, typo=m.typo, diff=m.diff, via=m.via)
            else:
                pending.append(i)
                results[i] = PartResult(i, False, given, m.matched, diff=m.diff)
        for i in pending:
            given = response.answers.get(i, "")
            for j in list(free):
                found = _match(given, gap_accepted(item, j), lex) if given.strip() else None
                if found is not None:
                    free.remove(j)
                    matched, typo, via = found
                    results[i] = PartResult(i, True, given, matched, typo=typo, diff=char_diff(given, matched), via=via)
                    break
    parts = tuple(results[i] for i in indices)
    n_ok = sum(p.correct for p in parts)
    score = n_ok / len(parts) if parts else 0.0
    correct = bool(parts) and n_ok == len(parts)
    return _outcome(item, parts, score, correct, sure, typo=any(p.typo for p in parts))


def _grade_matching(item: Matching, response: Pairs, sure: bool | None) -> Outcome:
    n = len(item.pairs)
    if len(response.mapping) != n:
        raise ResponseError(f"matching '{item.id}' needs {n} choices, got {len(response.mapping)}")
    _check_indices([j for j in response.mapping if j != OPEN], n, "right index", item)
    parts = tuple(
        PartResult(i, j == i, "" if j == OPEN else item.pairs[j].right, item.pairs[i].right)
        for i, j in enumerate(response.mapping)
    )
    # Right pairs minus wrong pairs (open rows neither): pairing at random cannot earn credit.
    n_ok = sum(p.correct for p in parts)
    n_wrong = sum(1 for j, p in zip(response.mapping, parts) if j != OPEN and not p.correct)
    return _outcome(item, parts, max(0.0, (n_ok - n_wrong) / n), n_ok == n, sure)


def longest_ordered_run(order: Sequence[int]) -> int:
    """Length of the longest subsequence of ``order`` that is in increasing (correct) order."""
    tails: list[int] = []
    for value in order:
        i = bisect.bisect_left(tails, value)
        if i == len(tails):
            tails.append(value)
        else:
            tails[i] = value
    return len(tails)


def _grade_ordering(item: Ordering, response: Order, sure: bool | None) -> Outcome:
    n = len(item.steps)
    if sorted(response.order) != list(range(n)):
        raise ResponseError(f"ordering '{item.id}' needs a permutation of 0..{n - 1}, got {list(response.order)}")
    parts = tuple(PartResult(p, s == p, item.steps[s], item.steps[p]) for p, s in enumerate(response.order))
    # Scored by sequence, not position: one step moved from top to bottom leaves the other n-1 in
    # order, which position-by-position scoring would call all wrong.
    in_order = longest_ordered_run(response.order)
    return _outcome(item, parts, in_order / n, in_order == n, sure)


# --------------------------------------------------------------------------- display orders


def _rng(item: Item, seed: int | str) -> random.Random:
    # str seeds hash with sha512 in random (version 2): stable across runs and machines.
    return random.Random(f"{item.id}:{seed}")


def shuffled_choice_order(item: Item, seed: int | str = 0) -> tuple[int, ...]:
    """Display order of ``item.choice_list()`` indices: shuffled unless the item says ``shuffle: false``."""
    n = len(item.choice_list())
    order = list(range(n))
    if isinstance(item, (MCQ, Multi)) and item.shuffle:
        _rng(item, seed).shuffle(order)
    return tuple(order)


def _derange(item: Item, n: int, seed: int | str) -> tuple[int, ...]:
    order = list(range(n))
    _rng(item, seed).shuffle(order)
    if n > 1 and order == sorted(order):
        order = order[1:] + order[:1]  # never show the answer already in place
    return tuple(order)


def shuffled_pairs(item: Matching, seed: int | str = 0) -> tuple[int, ...]:
    """Display order of the right-hand sides (indices into ``item.pairs``), never the solved order."""
    return _derange(item, len(item.pairs), seed)


def shuffled_steps(item: Ordering, seed: int | str = 0) -> tuple[int, ...]:
    """The steps' starting order for display (indices into ``item.steps``), never the solved order."""
    return _derange(item, len(item.steps), seed)
