"""Acceptance test for the bundled question bank (second edition): the rules it must keep so it cannot decay.

Each rule is a function ``check_*(lib, ...) -> list[str]`` that takes a ``Library`` and returns its
failures (empty when the rule holds). The ``test_bundled_*`` tests run them on the BUNDLED content
(``load_content()``); the ``test_checks_*`` tests run the same functions on a small second-edition
fixture course (``fixtures/second-edition``, where they pass) and on broken variants of it (where
they fail), so every rule is shown able to fail and to pass.

The second edition's rules: every item names an objective and a cognitive level; every objective
has 2-5 items; every section is covered; at least 80 vignettes, 15 red-flag-spotting and 15
look-alike items; at least 40% of items at apply/analyse; at least 220 items; ``validate
--strict`` clean (the item-writing lint rules W120-W129 included: catch-all choices, cues, ...);
every sitting of the final exam draws every part and the conclusion; every sitting of the
red-flags check draws every sign, from choice-based items only; plus what every item must carry, feedback on wrong answers, misconception ids, coverage of every
name the article uses, and that no item copies a run of the article's own words.

The article itself lives outside the repository, so the copy check runs against a committed list
of hashed 12-word runs (``fixtures/article-12grams.txt``): it works on a fresh clone without
shipping the article's text. When the article is present (``$BACKHIP_ARTICLE``, or
``../shared/source/article.txt`` next to the checkout) a second test proves the list is current.
Regenerate it with ``python tests/content/test_bank_quality.py --write-ngrams``.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path

import pytest

from backhip_learn.content.load import Library, load_paths
from backhip_learn.content.model import CLOZE_RE, ITEM_TYPES, Cloze, TrueFalse
from backhip_learn.content.outline import course_objectives, load_outline
from backhip_learn.content.select import draw_items, section_matches
from backhip_learn.content.sources import load_content
from backhip_learn.study.exam import draw_exam

MIN_ITEMS = 220
MIN_PER_SECTION = 2  # an objective's minimum: a covered section has at least one objective tested twice
MIN_PER_TYPE = 2
# Orderings only where the article has a real sequence of four or more steps whose order must be known:
# the bank may rightly have none.
OPTIONAL_TYPES = frozenset({"ordering"})
MIN_PER_OBJECTIVE, MAX_PER_OBJECTIVE = 2, 5
MIN_TAGGED = {"vignette": 80, "red-flag-spot": 15, "lookalike": 15}
MIN_HIGHER_SHARE = 0.4  # of items at apply or analyse level
FINAL_EXAM, RED_FLAG_EXAM = "exam-final", "exam-red-flags"
SITTINGS = 20  # seeds tried: an exam's spread must hold in every sitting, not on average
TYPED_TYPES = frozenset({"short", "cloze", "basic"})  # answers typed or self-graded, not chosen
PROMPT_LIMIT = 300  # characters: longer prompts read badly on a card (vignettes: lint's 500)
CHOICE_LIMIT = 120
RUN_WORDS = 12  # this many consecutive article words in one field counts as copying

REPO = Path(__file__).resolve().parents[2]
NGRAM_FILE = Path(__file__).resolve().parent / "fixtures" / "article-12grams.txt"
SECOND_EDITION = Path(__file__).resolve().parent / "fixtures" / "second-edition"

# Every muscle, ligament, joint, nerve, condition, red flag and management strategy the article
# names: each must appear in at least one item (whole-word start, case-insensitive; a space or
# hyphen in a name also matches a space, hyphen or en dash, so "L4-S3" matches "L4–S3").
NAMES: tuple[str, ...] = (
    # anatomy
    "lumbar spine", "sacrum", "ilium", "femur", "pelvis", "hip joint", "sacroiliac", "SI joint",
    "sciatic", "L4-S3", "gluteus maximus", "gluteus medius", "gluteus minimus", "gluteal",
    "piriformis", "iliopsoas", "psoas", "iliacus", "iliolumbar", "sacrotuberous", "sacrospinous",
    "greater trochanter", "bursa", "transverse abdominis", "multifidus", "hamstring", "hip flexor",
    # mechanisms and conditions
    "referred pain", "radiculopathy", "sciatica", "lordosis", "hypermobility", "hypomobility",
    "trigger point", "disc herniation", "spinal stenosis", "osteoarthritis", "spondylosis",
    "trochanteric bursitis", "piriformis syndrome", "muscle strain", "cauda equina", "lumbopelvic",
    # red flags
    "persistent", "progressive", "numbness", "tingling", "weakness", "bowel", "bladder", "sudden",
    "fever", "chills", "weight loss", "night",
    # management
    "bed rest", "gentle movement", "ice", "heat", "NSAID", "ibuprofen", "core stability",
    "hip mobility", "gluteal strengthening", "stretch", "low-impact", "walking", "swimming",
    "cycling", "lifting", "neutral spine", "posture", "weight management", "anti-inflammatory",
    "stress", "physical therap", "chiropract", "physician", "corticosteroid", "muscle relaxant",
    "neuropathic", "surgery",
)

# Keys of an item that hold identifiers or settings rather than learner-facing text.
_NOT_TEXT = {"id", "type", "source", "difficulty", "tags", "misconception", "objective", "level"}


# ------------------------------------------------------------------------------- helpers


def words(text: str) -> list[str]:
    """Case- and punctuation-free words of a text; cloze markup becomes its answers."""
    text = CLOZE_RE.sub(lambda m: f" {m.group(2)} ", text)
    text = unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'")
    return re.findall(r"[a-z0-9]+", text)


def ngram_hash(run: list[str] | tuple[str, ...]) -> str:
    """A short stable hash of a run of words (16 hex digits)."""
    return hashlib.blake2b(" ".join(run).encode("utf-8"), digest_size=8).hexdigest()


def article_hashes(text: str, n: int = RUN_WORDS) -> set[str]:
    """Hashes of every run of ``n`` consecutive words of the article."""
    w = words(text)
    return {ngram_hash(w[i : i + n]) for i in range(len(w) - n + 1)}


def text_fields(value: object, key: str = "") -> Iterator[str]:
    """Every learner-facing string inside an item's data (one field at a time)."""
    if isinstance(value, str):
        if key not in _NOT_TEXT:
            yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k not in _NOT_TEXT:
                yield from text_fields(v, k)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from text_fields(v, key)


def item_texts(item: object) -> list[str]:
    """The learner-facing strings of one item."""
    return list(text_fields(asdict(item)))  # type: ignore[call-overload]


def name_pattern(name: str) -> re.Pattern[str]:
    """A case-insensitive pattern for a name: whole-word start, flexible spaces and hyphens."""
    parts = [re.escape(p) for p in re.split(r"[\s\-\u2013]+", name)]
    return re.compile(r"\b" + r"[\s\-\u2013]*".join(parts), re.IGNORECASE)


def find_article() -> Path | None:
    """The article text, if this machine has it."""
    env = os.environ.get("BACKHIP_ARTICLE")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared" / "source" / "article.txt")
    return next((p for p in candidates if p.is_file()), None)


def read_ngram_file(path: Path = NGRAM_FILE) -> set[str]:
    """The committed hashes (comment lines start with '#')."""
    lines = path.read_text("utf-8").splitlines()
    return {ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")}


def write_ngram_file(article: Path, path: Path = NGRAM_FILE) -> int:
    """Write the hashed runs of ``article`` to ``path``; returns how many."""
    hashes = sorted(article_hashes(article.read_text("utf-8")))
    header = (
        f"# blake2b-64 hashes of every run of {RUN_WORDS} consecutive words of the article\n"
        "# (lower-cased, punctuation dropped), used by test_bank_quality.py to catch copied text.\n"
        "# Regenerate: python tests/content/test_bank_quality.py --write-ngrams\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "\n".join(hashes) + "\n", "utf-8")
    return len(hashes)


# ------------------------------------------------------------------------------- the rules


def _where(lib: Library, item_id: str) -> str:
    """An item id with its file and line, for failure messages."""
    w = lib.item_where.get(item_id)
    return f"{item_id} ({w.path}:{w.line})" if w else item_id


def _where_mc(lib: Library, mc_id: str) -> str:
    """A misconception id with its file and line, for failure messages."""
    w = getattr(lib, "misconception_where", {}).get(mc_id)
    return f"misconception {mc_id} ({w.path}:{w.line})" if w else f"misconception {mc_id}"


def _sections(lib: Library) -> tuple[str, ...]:
    """Section ids of the loaded course file, else of the bundled outline."""
    if lib.courses:
        return tuple(s.id for c in lib.courses for s in c.sections)
    return load_outline().ids()


def check_no_errors(lib: Library) -> list[str]:
    """The content loads without a single error (for ``validate --strict``: without a warning either)."""
    return [str(p) for p in lib.problems]


def check_enough_items(lib: Library, minimum: int = MIN_ITEMS) -> list[str]:
    """The bank holds at least ``minimum`` items."""
    return [] if len(lib.items) >= minimum else [f"{len(lib.items)} items, need at least {minimum}"]


def check_every_section_covered(lib: Library, minimum: int = MIN_PER_SECTION) -> list[str]:
    """Every section of the course has at least ``minimum`` items."""
    counts = Counter(item.source for item in lib.items)
    return [f"section {s}: {counts[s]} items (need {minimum})" for s in _sections(lib) if counts[s] < minimum]


def check_objective_and_level(lib: Library) -> list[str]:
    """Every item names the objective it tests and its cognitive level."""
    out = []
    for item in lib.items:
        missing = [name for name in ("objective", "level") if getattr(item, name) is None]
        if missing:
            out.append(f"{_where(lib, item.id)}: no {' and no '.join(missing)}")
    return out


def check_objective_spread(lib: Library, lo: int = MIN_PER_OBJECTIVE, hi: int = MAX_PER_OBJECTIVE) -> list[str]:
    """The course defines objectives, and each is tested by ``lo`` to ``hi`` items."""
    objectives = course_objectives(lib.courses)
    if not objectives:
        return ["the course file defines no learning objectives"]
    counts = Counter(item.objective for item in lib.items)
    first = {o.id: o for o in reversed(objectives)}  # an id defined twice is reported once (and is E027)
    return [f"objective {o.id} ({o.section}): {counts[o.id]} items (need {lo}-{hi})"
            for o in first.values() if not lo <= counts[o.id] <= hi][::-1]


def check_tagged(lib: Library, minimums: dict[str, int] = MIN_TAGGED) -> list[str]:
    """At least so many items carry each tag (vignettes, red-flag spotting, look-alikes)."""
    counts = Counter(t for item in lib.items for t in set(item.tags))
    return [f"tag {tag}: {counts[tag]} items (need {n})" for tag, n in minimums.items() if counts[tag] < n]


def check_higher_levels(lib: Library, share: float = MIN_HIGHER_SHARE) -> list[str]:
    """At least ``share`` of the items test at apply or analyse level."""
    higher = sum(item.level in ("apply", "analyse") for item in lib.items)
    total = len(lib.items)
    if total and higher / total >= share:
        return []
    return [f"{higher} of {total} items at apply/analyse (need {round(100 * share)}%)"]


def check_every_type_used(lib: Library, minimum: int = MIN_PER_TYPE) -> list[str]:
    """Every item type but the optional ones is used at least ``minimum`` times."""
    counts = Counter(item.type for item in lib.items)
    return [f"type {t}: {counts[t]} items (need {minimum})"
            for t in ITEM_TYPES if t not in OPTIONAL_TYPES and counts[t] < minimum]


def check_items_complete(lib: Library) -> list[str]:
    """Every item has an explanation, a known source section, a difficulty and a tag."""
    sections = set(_sections(lib))
    bad = []
    for item in lib.items:
        missing = []
        if not item.explanation.strip():
            missing.append("explanation")
        if item.source not in sections:
            missing.append(f"known source (has {item.source!r})")
        if item.difficulty is None:
            missing.append("difficulty")
        if not item.tags:
            missing.append("tags")
        if missing:
            bad.append(f"{_where(lib, item.id)}: no {', '.join(missing)}")
    return bad


def check_wrong_answers_have_feedback(lib: Library) -> list[str]:
    """Every wrong choice, and the wrong side of every true/false, says why it is wrong."""
    bad = []
    for item in lib.items:
        for n, choice in enumerate(item.choice_list(), 1):
            if not choice.correct and not (choice.feedback or "").strip():
                what = f"the {choice.text} side" if isinstance(item, TrueFalse) else f"choice {n} {choice.text!r}"
                bad.append(f"{_where(lib, item.id)}: {what} has no feedback")
    return bad


def check_misconceptions_defined(lib: Library) -> list[str]:
    """Every misconception id a choice names is defined in a misconceptions file."""
    used = {(item.id, c.misconception) for item in lib.items for c in item.choice_list() if c.misconception}
    return sorted(f"{_where(lib, i)}: {m}" for i, m in used if m not in lib.misconceptions)


def check_texts_fit(lib: Library) -> list[str]:
    """Prompts (but a vignette's, which lint limits) and choices are short enough for a card."""
    bad = []
    for item in lib.items:
        if len(item.prompt) >= PROMPT_LIMIT and "vignette" not in item.tags:
            bad.append(f"{_where(lib, item.id)}: prompt is {len(item.prompt)} characters")
        for c in item.choice_list():
            if len(c.text) >= CHOICE_LIMIT:
                bad.append(f"{_where(lib, item.id)}: choice {c.text[:40]!r}... is {len(c.text)} characters")
    return bad


def check_cloze_gaps(lib: Library) -> list[str]:
    """Every cloze item has at least one gap."""
    return [_where(lib, i.id) for i in lib.items if isinstance(i, Cloze) and not i.gaps()]


def check_names_asked(lib: Library, names: tuple[str, ...] = NAMES) -> list[str]:
    """Every name in ``names`` appears in at least one item."""
    corpus = "\n".join(t for item in lib.items for t in item_texts(item))
    return [name for name in names if not name_pattern(name).search(corpus)]


def check_no_copies(lib: Library, article: set[str]) -> list[str]:
    """No item or misconception text repeats RUN_WORDS consecutive words of the article (hashed runs)."""
    copied = []
    texts = [(_where(lib, i.id), t) for i in lib.items for t in item_texts(i)]
    texts += [(_where_mc(lib, m.id), t) for m in lib.misconceptions.values() for t in (m.label, m.correction)]
    for owner, text in texts:
        w = words(text)
        for k in range(len(w) - RUN_WORDS + 1):
            if ngram_hash(w[k : k + RUN_WORDS]) in article:
                copied.append(f"{owner}: '{' '.join(w[k : k + RUN_WORDS])}'")
                break
    return copied


def check_exam_sittings_cover(
    lib: Library, exam_id: str, selectors: tuple[str, ...], seeds: range = range(SITTINGS)
) -> list[str]:
    """Every sitting of the exam (one per seed) draws at least one item from each part or section."""
    exam = lib.exam(exam_id)
    if exam is None:
        return [f"no exam {exam_id}"]
    out = []
    for seed in seeds:
        items = draw_exam(lib, exam, seed).items
        missing = [s for s in selectors if not any(section_matches(i.source, (s,)) for i in items)]
        if missing:
            out.append(f"{exam_id}, sitting {seed}: nothing from {', '.join(missing)}")
    return out


def check_exam_choice_only(lib: Library, exam_id: str) -> list[str]:
    """Every item the exam can draw is answered by choosing, not typing (100% measures recognition, not spelling)."""
    exam = lib.exam(exam_id)
    if exam is None:
        return [f"no exam {exam_id}"]
    return sorted({f"{exam_id}: can draw {_where(lib, i.id)}, a {i.type} item"
                   for rule in exam.draw for i in draw_items(lib, rule) if i.type in TYPED_TYPES})


# ------------------------------------------------------------------------------- the bundled bank


@pytest.fixture(scope="module")
def lib() -> Library:
    """The bundled content, loaded once for every check in this module."""
    return load_content()


def _fail(title: str, failures: list[str]) -> str:
    return f"{title}:\n" + "\n".join(failures)


def test_bundled_loads_without_errors(lib: Library) -> None:
    """The bundled content loads without a single error."""
    errors = [p for p in check_no_errors(lib) if ": error: " in p]
    assert errors == [], _fail("the bundled content has load errors", errors)


def test_bundled_validate_strict_is_clean() -> None:
    """`validate --strict` would pass: no errors and no lint warnings (the item-writing rules included)."""
    failures = check_no_errors(load_content(lint=True))
    assert failures == [], _fail("validate --strict is not clean", failures)


def test_bundled_enough_items(lib: Library) -> None:
    """The bank holds at least MIN_ITEMS items."""
    assert check_enough_items(lib) == []


def test_bundled_every_section_covered(lib: Library) -> None:
    """Every section of the article has at least MIN_PER_SECTION items."""
    failures = check_every_section_covered(lib)
    assert failures == [], _fail("sections not covered", failures)


def test_bundled_every_item_has_objective_and_level(lib: Library) -> None:
    """Every item names its objective and level."""
    failures = check_objective_and_level(lib)
    assert failures == [], _fail(f"{len(failures)} items without objective or level", failures)


def test_bundled_every_objective_has_two_to_five_items(lib: Library) -> None:
    """Every objective of the course is tested by 2-5 items."""
    failures = check_objective_spread(lib)
    assert failures == [], _fail("objectives outside 2-5 items", failures)


def test_bundled_vignettes_red_flag_spotting_and_lookalikes(lib: Library) -> None:
    """At least 80 vignettes, 15 red-flag-spot and 15 lookalike items."""
    failures = check_tagged(lib)
    assert failures == [], _fail("too few tagged items", failures)


def test_bundled_enough_items_at_apply_or_analyse(lib: Library) -> None:
    """At least 40% of the items test at apply or analyse level."""
    assert check_higher_levels(lib) == []


def test_bundled_every_type_is_used(lib: Library) -> None:
    """Every item type but orderings is used at least MIN_PER_TYPE times."""
    assert check_every_type_used(lib) == []


def test_bundled_every_item_is_complete(lib: Library) -> None:
    """Every item has an explanation, a known source section, a difficulty and a tag."""
    failures = check_items_complete(lib)
    assert failures == [], _fail("incomplete items", failures)


def test_bundled_wrong_answers_have_feedback(lib: Library) -> None:
    """Every wrong choice, and the wrong side of every true/false, says why it is wrong."""
    failures = check_wrong_answers_have_feedback(lib)
    assert failures == [], _fail("wrong answers without feedback", failures)


def test_bundled_misconceptions_are_defined(lib: Library) -> None:
    """Every misconception id a choice names is defined in a misconceptions file."""
    failures = check_misconceptions_defined(lib)
    assert failures == [], _fail("misconception ids used but not defined", failures)


def test_bundled_texts_fit_on_a_card(lib: Library) -> None:
    """Prompts and choices are short enough for a card."""
    failures = check_texts_fit(lib)
    assert failures == [], _fail(f"texts too long (prompts < {PROMPT_LIMIT}, choices < {CHOICE_LIMIT})", failures)


def test_bundled_cloze_items_have_gaps(lib: Library) -> None:
    """Every cloze item has at least one gap."""
    assert check_cloze_gaps(lib) == []


def test_bundled_every_named_thing_is_asked_about(lib: Library) -> None:
    """Every name in NAMES appears in at least one item."""
    missing = check_names_asked(lib)
    assert missing == [], f"names from the article that no item mentions: {missing}"


def test_bundled_no_item_copies_the_article(lib: Library) -> None:
    """No item or misconception text repeats RUN_WORDS consecutive words of the article."""
    article = read_ngram_file()
    assert len(article) > 1000, f"{NGRAM_FILE} looks truncated ({len(article)} hashes)"
    failures = check_no_copies(lib, article)
    assert failures == [], _fail(f"texts repeating {RUN_WORDS}+ consecutive article words", failures)


def test_bundled_final_exam_draws_every_part_and_the_conclusion(lib: Library) -> None:
    """Every sitting of the final exam has items from every part of the article, the conclusion included."""
    selectors = (*(p for p, _ in load_outline().parts), "conclusion")
    failures = check_exam_sittings_cover(lib, FINAL_EXAM, selectors)
    assert failures == [], _fail("final exam sittings missing a part", failures)


def test_bundled_red_flag_exam_draws_every_sign_by_choice(lib: Library) -> None:
    """Every sitting of the red-flags check covers all six signs, with choice-based items only."""
    signs = load_outline().matching("red-flags")
    failures = check_exam_sittings_cover(lib, RED_FLAG_EXAM, signs) + check_exam_choice_only(lib, RED_FLAG_EXAM)
    assert failures == [], _fail("red-flags check", failures)


def test_ngram_fixture_matches_the_article() -> None:
    """The committed hashes are those of the current article."""
    article = find_article()
    if article is None:
        pytest.skip("article text not on this machine (set BACKHIP_ARTICLE); the committed hashes are used")
    assert read_ngram_file() == article_hashes(article.read_text("utf-8")), (
        f"{NGRAM_FILE} is out of date: run python tests/content/test_bank_quality.py --write-ngrams"
    )


# ------------------------------------------------------------------------------- the checker checks

# The fixture course is small: the counting rules run on it at its scale.
FIXTURE_NAMES = ("piriformis", "sciatic", "bladder", "saddle")
FIXTURE_CHECKS: dict[str, Callable[[Library], list[str]]] = {
    "no_errors": check_no_errors,
    "enough_items": lambda lib: check_enough_items(lib, 8),
    "sections": check_every_section_covered,
    "objective_and_level": check_objective_and_level,
    "objective_spread": check_objective_spread,
    "tagged": lambda lib: check_tagged(lib, {"vignette": 3, "red-flag-spot": 1, "lookalike": 1}),
    "higher_levels": check_higher_levels,
    "types": lambda lib: check_every_type_used(lib, 1),
    "complete": check_items_complete,
    "feedback": check_wrong_answers_have_feedback,
    "misconceptions": check_misconceptions_defined,
    "texts_fit": check_texts_fit,
    "cloze_gaps": check_cloze_gaps,
    "names": lambda lib: check_names_asked(lib, FIXTURE_NAMES),
    "no_copies": lambda lib: check_no_copies(lib, article_hashes(
        "Aching that eases when walking is a harmless detail we borrowed for this sentence on purpose today")),
    "final_exam": lambda lib: check_exam_sittings_cover(lib, "fx2-exam-final", ("anatomy", "red-flags")),
    "red_flag_exam": lambda lib: check_exam_sittings_cover(lib, "fx2-exam-red-flags", ("red-flags.bowel-bladder",))
    + check_exam_choice_only(lib, "fx2-exam-red-flags"),
}

# check -> (file, text to replace, replacement): a second-edition bank broken in the way the check catches.
BREAKS: dict[str, tuple[str, str, str]] = {
    "no_errors": ("anatomy.yaml", "    level: recall\n", ""),
    "enough_items": ("red-flags.yaml", "  - id: fx2-rf-cloze", "  - id: fx2-rf-cloze\n    type: no-such-type"),
    "sections": ("red-flags.yaml", "source: red-flags.bowel-bladder", "source: anatomy.piriformis"),
    "objective_and_level": ("anatomy.yaml", "    objective: fx2-piri-locate\n    level: recall\n", ""),
    "objective_spread": ("red-flags.yaml", "objective: fx2-rf-spot", "objective: fx2-rf-cauda"),
    "tagged": ("anatomy.yaml", "tags: [vignette, lookalike]", "tags: [vignette]"),
    "higher_levels": ("red-flags.yaml", "level: analyse", "level: understand"),
    "types": ("anatomy.yaml", "type: matching\n", "type: matching\n    tags: [x]\n  - id: x\n    type: nope\n"),
    "complete": ("anatomy.yaml", "    difficulty: easy\n", ""),
    "feedback": ("red-flags.yaml", "{text: Working at a desk, feedback: Desk work is a common and harmless detail.}",
                 "{text: Working at a desk}"),
    "misconceptions": ("red-flags.yaml", "{text: Working at a desk, feedback:",
                       "{text: Working at a desk, misconception: mc-nowhere, feedback:"),
    "texts_fit": ("anatomy.yaml", "Which large nerve usually runs just beneath the piriformis?",
                  "Which large nerve usually runs just beneath the piriformis? " + "Think it through. " * 20),
    "cloze_gaps": ("red-flags.yaml", "{{c1::bladder::an organ}}", "bladder"),
    "names": ("red-flags.yaml", "Numbness of the saddle area is", "Numb skin where one sits is"),
    "no_copies": ("red-flags.yaml", "Pain eased by movement is mechanical.",
                  "Aching that eases when walking is a harmless detail we borrowed for this sentence on purpose."),
    # one draw over both parts: some sittings miss a part
    "final_exam": ("exam-final.yaml", "  - sections: [anatomy]\n    count: 2\n  - sections: [red-flags]\n",
                   "  - sections: [anatomy, red-flags]\n"),
    "red_flag_exam": ("exam-red-flags.yaml", "    types: [mcq, multi, true_false]\n", ""),
}


def second_edition(break_: tuple[str, str, str] | None = None) -> Library:
    """The fixture course loaded with lint (as `validate --strict` would), optionally broken one way."""
    texts = {p.name: p.read_text("utf-8") for p in sorted(SECOND_EDITION.glob("*.yaml"))}
    if break_ is not None:
        name, old, new = break_
        assert old in texts[name], (name, old)
        texts[name] = texts[name].replace(old, new)
    from backhip_learn.content.load import load_texts

    return load_texts(texts, lint=True)


def test_checks_pass_on_a_second_edition_fixture() -> None:
    """Every rule holds on a small course written to the second edition's standard."""
    lib = second_edition()
    assert load_paths([SECOND_EDITION], lint=True).problems == []  # the same files, read from disk
    assert {name: check(lib) for name, check in FIXTURE_CHECKS.items()} == {name: [] for name in FIXTURE_CHECKS}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_checks_fail_on_a_broken_fixture(name: str) -> None:
    """Each rule reports the way its fixture is broken."""
    assert set(BREAKS) == set(FIXTURE_CHECKS)
    assert FIXTURE_CHECKS[name](second_edition(BREAKS[name])) != []



def test_copy_check_catches_a_copied_run() -> None:
    """The copy check flags a copied run despite case and punctuation, and passes a rephrased one."""
    sample = "One two three four five six seven eight nine ten eleven twelve thirteen"
    hashes = article_hashes(sample)
    copied = "Quiz: ONE two, three four five six seven eight nine ten eleven twelve!"
    rephrased = "One two three four five six seven eight nine ten eleven and twelve"
    assert any(ngram_hash(words(copied)[k : k + 12]) in hashes for k in range(len(words(copied)) - 11))
    assert not any(ngram_hash(words(rephrased)[k : k + 12]) in hashes for k in range(len(words(rephrased)) - 11))


def test_words_unwrap_cloze_and_fold_case() -> None:
    """Cloze markup becomes its answer; case, dashes and punctuation are dropped."""
    assert words("The {{c1::Sciatic::nerve}} nerve, L4–S3.") == ["the", "sciatic", "nerve", "l4", "s3"]


def test_name_pattern_is_flexible_but_whole_word() -> None:
    """Name patterns tolerate dashes, spaces and plurals but not word fragments."""
    assert name_pattern("L4-S3").search("roots L4–S3")
    assert name_pattern("L4-S3").search("roots L4 - S3")
    assert name_pattern("NSAID").search("NSAIDs such as ibuprofen")
    assert not name_pattern("ice").search("advice only")
    assert name_pattern("low-impact").search("Low impact aerobics")


if __name__ == "__main__":
    # Maintenance entry point: refresh the hashed article runs after the article changes.
    if sys.argv[1:] == ["--write-ngrams"]:
        found = find_article()
        if found is None:
            sys.exit("article not found: set BACKHIP_ARTICLE to its path")
        print(f"wrote {write_ngram_file(found)} hashes to {NGRAM_FILE}")
    else:
        sys.exit("usage: python tests/content/test_bank_quality.py --write-ngrams")
