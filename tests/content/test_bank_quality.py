"""Acceptance test for the bundled question bank: the rules it must keep so it cannot silently decay.

It loads the BUNDLED content (``load_content()``) and checks the whole bank at once: counts per
section and per type, what every item must carry, feedback on wrong answers, misconception ids,
banned choice texts, coverage of every name the article uses, and that no item copies a run of
the article's own words.

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
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pytest

from backhip_learn.content.load import Library, load_content
from backhip_learn.content.model import CLOZE_RE, ITEM_TYPES, Cloze, TrueFalse
from backhip_learn.content.outline import load_outline

MIN_ITEMS = 200
MIN_PER_SECTION = 3
MIN_PER_RED_FLAG = 2
MIN_PER_TYPE = 2
PROMPT_LIMIT = 300  # characters: longer prompts read badly on a card
CHOICE_LIMIT = 120
RUN_WORDS = 12  # this many consecutive article words in one field counts as copying

REPO = Path(__file__).resolve().parents[2]
NGRAM_FILE = Path(__file__).resolve().parent / "fixtures" / "article-12grams.txt"

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

BANNED_CHOICE = re.compile(r"\b(all|none|both|neither) of (the )?(above|these|them)\b", re.IGNORECASE)

# Keys of an item that hold identifiers or settings rather than learner-facing text.
_NOT_TEXT = {"id", "type", "source", "difficulty", "tags", "misconception"}


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


# ------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def lib() -> Library:
    """The bundled content, loaded once for every check in this module."""
    return load_content()


def _where(lib: Library, item_id: str) -> str:
    """An item id with its file and line, for failure messages."""
    w = lib.item_where.get(item_id)
    return f"{item_id} ({w.path}:{w.line})" if w else item_id


def _where_mc(lib: Library, mc_id: str) -> str:
    """A misconception id with its file and line, for failure messages."""
    w = getattr(lib, "misconception_where", {}).get(mc_id)
    return f"misconception {mc_id} ({w.path}:{w.line})" if w else f"misconception {mc_id}"


# ------------------------------------------------------------------------------- the rules


def test_no_load_errors(lib: Library) -> None:
    """The bundled content loads without a single error."""
    errors = [str(p) for p in lib.errors]
    assert errors == [], "the bundled content has load errors:\n" + "\n".join(errors)


def test_validate_strict_is_clean() -> None:
    """`validate --strict` would pass: no errors and no lint warnings."""
    # The same check as `backhip-learn validate --strict`: lint warnings count as failures.
    problems = [str(p) for p in load_content(lint=True).problems]
    assert problems == [], "validate --strict is not clean:\n" + "\n".join(problems)


def test_enough_items(lib: Library) -> None:
    """The bank holds at least MIN_ITEMS items."""
    assert len(lib.items) >= MIN_ITEMS, f"{len(lib.items)} items, need at least {MIN_ITEMS}"


def test_every_section_has_items(lib: Library) -> None:
    """Every section of the article outline has at least MIN_PER_SECTION items."""
    counts = Counter(item.source for item in lib.items)
    thin = {s: counts[s] for s in load_outline().ids() if counts[s] < MIN_PER_SECTION}
    assert thin == {}, f"sections with fewer than {MIN_PER_SECTION} items: {thin}"


def test_every_red_flag_has_items(lib: Library) -> None:
    """Each of the six red flags has at least MIN_PER_RED_FLAG items."""
    counts = Counter(item.source for item in lib.items)
    flags = load_outline().matching("red-flags")
    assert len(flags) == 6, f"the outline should list six red flags, found {flags}"
    thin = {s: counts[s] for s in flags if counts[s] < MIN_PER_RED_FLAG}
    assert thin == {}, f"red flags with fewer than {MIN_PER_RED_FLAG} items: {thin}"


def test_every_type_is_used(lib: Library) -> None:
    """All eight item types are used at least MIN_PER_TYPE times."""
    counts = Counter(item.type for item in lib.items)
    rare = {t: counts[t] for t in ITEM_TYPES if counts[t] < MIN_PER_TYPE}
    assert rare == {}, f"item types used fewer than {MIN_PER_TYPE} times: {rare}"


def test_every_item_is_complete(lib: Library) -> None:
    """Every item has an explanation, a known source section, a difficulty and a tag."""
    sections = set(load_outline().ids())
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
    assert bad == [], "incomplete items:\n" + "\n".join(bad)


def test_wrong_answers_have_feedback(lib: Library) -> None:
    """Every wrong choice, and the wrong side of every true/false, says why it is wrong."""
    bad = []
    for item in lib.items:
        for n, choice in enumerate(item.choice_list(), 1):
            if not choice.correct and not (choice.feedback or "").strip():
                what = f"the {choice.text} side" if isinstance(item, TrueFalse) else f"choice {n} {choice.text!r}"
                bad.append(f"{_where(lib, item.id)}: {what} has no feedback")
    assert bad == [], "wrong answers without feedback:\n" + "\n".join(bad)


def test_choices_are_well_formed(lib: Library) -> None:
    """An mcq has exactly one right choice; a multi has right and wrong ones."""
    bad = []
    for item in lib.items:
        if item.type not in ("mcq", "multi"):
            continue
        right = sum(c.correct for c in item.choice_list())
        if item.type == "mcq" and right != 1:
            bad.append(f"{_where(lib, item.id)}: mcq with {right} correct choices")
        if item.type == "multi" and not 0 < right < len(item.choice_list()):
            bad.append(f"{_where(lib, item.id)}: multi needs at least one right and one wrong choice")
    assert bad == [], "\n".join(bad)


def test_misconceptions_are_defined(lib: Library) -> None:
    """Every misconception id a choice names is defined in a misconceptions file."""
    used = {
        (item.id, c.misconception)
        for item in lib.items
        for c in item.choice_list()
        if c.misconception
    }
    undefined = sorted(f"{_where(lib, i)}: {m}" for i, m in used if m not in lib.misconceptions)
    assert undefined == [], "misconception ids used but not defined:\n" + "\n".join(undefined)


def test_no_catch_all_choices(lib: Library) -> None:
    """No 'all of the above' / 'none of the above' style choices."""
    bad = [
        f"{_where(lib, item.id)}: {c.text!r}"
        for item in lib.items
        for c in item.choice_list()
        if BANNED_CHOICE.search(c.text)
    ]
    assert bad == [], "'all/none of the above' style choices:\n" + "\n".join(bad)


def test_texts_fit_on_a_card(lib: Library) -> None:
    """Prompts and choices are short enough for a card."""
    bad = []
    for item in lib.items:
        if len(item.prompt) >= PROMPT_LIMIT:
            bad.append(f"{_where(lib, item.id)}: prompt is {len(item.prompt)} characters")
        for c in item.choice_list():
            if len(c.text) >= CHOICE_LIMIT:
                bad.append(f"{_where(lib, item.id)}: choice {c.text[:40]!r}... is {len(c.text)} characters")
    assert bad == [], f"texts too long (prompts < {PROMPT_LIMIT}, choices < {CHOICE_LIMIT}):\n" + "\n".join(bad)


def test_cloze_items_have_gaps(lib: Library) -> None:
    """Every cloze item has at least one gap."""
    bad = [_where(lib, i.id) for i in lib.items if isinstance(i, Cloze) and not i.gaps()]
    assert bad == [], "cloze items without gaps: " + ", ".join(bad)


def test_every_named_thing_is_asked_about(lib: Library) -> None:
    """Every name in NAMES appears in at least one item."""
    corpus = "\n".join(t for item in lib.items for t in item_texts(item))
    missing = [name for name in NAMES if not name_pattern(name).search(corpus)]
    assert missing == [], f"names from the article that no item mentions: {missing}"


def test_no_item_copies_the_article(lib: Library) -> None:
    """No item or misconception text repeats RUN_WORDS consecutive words of the article."""
    article = read_ngram_file()
    assert len(article) > 1000, f"{NGRAM_FILE} looks truncated ({len(article)} hashes)"
    copied = []
    texts = [(_where(lib, i.id), t) for i in lib.items for t in item_texts(i)]
    texts += [(_where_mc(lib, m.id), t) for m in lib.misconceptions.values() for t in (m.label, m.correction)]
    for owner, text in texts:
        w = words(text)
        for k in range(len(w) - RUN_WORDS + 1):
            if ngram_hash(w[k : k + RUN_WORDS]) in article:
                copied.append(f"{owner}: '{' '.join(w[k : k + RUN_WORDS])}'")
                break
    assert copied == [], f"texts repeating {RUN_WORDS}+ consecutive article words:\n" + "\n".join(copied)


def test_ngram_fixture_matches_the_article() -> None:
    """The committed hashes are those of the current article."""
    article = find_article()
    if article is None:
        pytest.skip("article text not on this machine (set BACKHIP_ARTICLE); the committed hashes are used")
    assert read_ngram_file() == article_hashes(article.read_text("utf-8")), (
        f"{NGRAM_FILE} is out of date: run python tests/content/test_bank_quality.py --write-ngrams"
    )


# ------------------------------------------------------------------------------- the checker checks


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
