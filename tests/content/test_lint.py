"""Every lint rule: one case that warns (at the exact line:col) and one that does not."""

from __future__ import annotations

import pytest

from backhip_learn.content.lint import LIMITS, compare_key
from backhip_learn.content.problems import CODES

from content_helpers import HEADER, bank, load, only

NO_SOURCE_HEADER = "id: t-bank\ntitle: Test bank\nitems:\n"
MISCONCEPTIONS = "kind: misconceptions\nmisconceptions:\n  - {id: known-mis, label: L, correction: C}\n"


def mcq(choices: str, kind: str = "mcq") -> str:
    return f"- id: q\n  type: {kind}\n  question: Q\n  explanation: E\n  choices:\n{choices}"


def tf_bank(answers: tuple[bool, ...]) -> str:
    """True/false items whose statements all carry an absolute word, with these answers."""
    texts = ("Pain only", "Nerves always", "Joints never", "Muscles cannot", "Discs must")
    return "\n".join(
        f"- {{id: tf{k}, type: true_false, statement: {texts[k]} behave this way, answer: {str(a).lower()}, "
        f"feedback_{str(not a).lower()}: F, explanation: E}}"
        for k, a in enumerate(answers)
    )


def course(*objectives: tuple[str, str]) -> str:
    """A course file with these (objective id, section id) pairs, each section in part 'anatomy'."""
    sections = "".join(
        f"  - id: {section}\n    part: anatomy\n    heading: H\n    objectives:\n      - {{id: {ident}, text: T}}\n"
        for ident, section in objectives
    )
    return ("kind: course\nid: t-course\ntitle: T\nsource: {title: T}\nparts: [{id: anatomy, name: Anatomy}]\n"
            "sections:\n" + sections)


# The course file a case loads with (codes about objectives need one).
COURSES = {
    "W120": course(("obj-piri", "anatomy.piriformis")),
    # The bank header's source (anatomy.piriformis) must be a section of the course loaded with it.
    "W128": course(("obj-glut", "anatomy.gluteals")) + "  - {id: anatomy.piriformis, part: anatomy, heading: P}\n",
}


GOOD_CHOICES = "    - {text: Right, correct: true}\n    - {text: Wrong, feedback: Why not.}\n"
LONG = "x" * (LIMITS["prompt"] + 1)
TESTED = ", examples: {right: [iliopsoas], wrong: [gluteus]}"  # typed items carry answer tests (W130)

# code -> (bad items yaml, text where the warning must point, good items yaml[, header])
CASES: dict[str, tuple[str, ...]] = {
    "W103": (mcq("    - {text: Sacrum, correct: true}\n    - {text: ' sacrum ', feedback: F}\n"), "' sacrum '", mcq(GOOD_CHOICES)),
    "W104": (f"- {{id: q, type: short, question: Q, answer: Iliopsoas, explanation: E, accept: [psoas, ' PSOAS']{TESTED}}}",
             "' PSOAS'",
             f"- {{id: q, type: short, question: Q, answer: Iliopsoas, explanation: E, accept: [psoas]{TESTED}}}"),
    "W105": ("- {id: q, type: cloze, text: 'Empty {{c1::}} and {{c2::full}}', explanation: E, examples: {c2: {right: [full], wrong: [hole]}}}", "'Empty",
             "- {id: q, type: cloze, text: 'A {{c1::gap}} and {{c2::full}}', explanation: E, examples: {c1: {right: [gap], wrong: [hole]}, c2: {right: [full], wrong: [hole]}}}"),
    "W106": (("- {id: q, type: cloze, text: 'A {{c1::x}} {{c3::y}}', explanation: E,"
              " examples: {c1: {right: [x], wrong: [w]}, c3: {right: [y], wrong: [w]}}}"), "'A {{",
             ("- {id: q, type: cloze, text: 'A {{c1::x}} {{c2::y}} {{c1::z}}', explanation: E,"
              " examples: {c1: {right: [x, z], wrong: [w]}, c2: {right: [y], wrong: [w]}}}")),
    "W108": ("- {id: q, type: basic, front: F, back: B}", "{id: q", "- {id: q, type: basic, front: F, back: B, explanation: E}"),
    "W109": (mcq("    - {text: A, correct: true}\n    - {text: B}\n"), "{text: B", mcq(GOOD_CHOICES)),
    "W110": ("- {id: q, type: basic, front: F, back: B, explanation: E, tags: [ok, two words]}", "two words",
             "- {id: q, type: basic, front: F, back: B, explanation: E, tags: [ok, two-words]}"),
    "W111": (f"- {{id: q, type: basic, front: {LONG}, back: B, explanation: E}}", "xxx",
             "- {id: q, type: basic, front: F, back: B, explanation: E}"),
    "W112": ("- {id: q, type: ordering, question: Q, explanation: E, steps: [one, two, three, ONE]}", "ONE",
             "- {id: q, type: ordering, question: Q, explanation: E, steps: [one, two, three, four]}"),
    "W113": ("- {id: q, type: true_false, statement: S, answer: true, feedback_true: Yes indeed, explanation: E}", "{id: q",
             "- {id: q, type: true_false, statement: S, answer: true, feedback_false: It is true, explanation: E}"),
    "W114": (mcq("    - {text: A, correct: true}\n    - {text: B, feedback: F, misconception: unknown-mis}\n"), "unknown-mis",
             mcq("    - {text: A, correct: true}\n    - {text: B, feedback: F, misconception: known-mis}\n")),
    "W115": ("- {id: q, type: basic, front: F, back: B, explanation: E}", "{id: q",
             "- {id: q, type: basic, front: F, back: B, explanation: E, source: overview}", NO_SOURCE_HEADER),
    "W116": ("- {id: q, type: cloze, text: 'A {{c1::x}}', explanation: E, accept: {c2: [y]}, examples: {c1: {right: [x], wrong: [w]}}}", "[y]",
             "- {id: q, type: cloze, text: 'A {{c1::x}}', explanation: E, accept: {c1: [y]}, examples: {c1: {right: [y], wrong: [w]}}}"),
    "W117": (mcq("    - {text: A, correct: true}\n    - {text: B, correct: true}\n", "multi"), "[", mcq(GOOD_CHOICES, "multi")),
    "W120": ("- {id: q1, type: basic, front: F, back: B, explanation: E, objective: obj-piri, level: recall}\n"
             "- {id: q2, type: basic, front: G, back: C, explanation: E, objective: obj-piri}", "{id: q2",
             "- {id: q1, type: basic, front: F, back: B, explanation: E, objective: obj-piri, level: recall}\n"
             "- {id: q2, type: basic, front: G, back: C, explanation: E, objective: obj-piri, level: apply}"),
    "W121": (tf_bank((False, False, False, False, True)), "Pain only", tf_bank((False, False, True, True))),
    "W122": (mcq("    - {text: 'The sacrum, the broad bone at the base of the spine', correct: true}\n"
                 "    - {text: The femur, feedback: F}\n    - {text: The tibia, feedback: F}\n"),
             "'The sacrum", mcq("    - {text: The sacrum, correct: true}\n    - {text: The femur, feedback: F}\n"
                                "    - {text: The tibia, feedback: F}\n")),
    "W123": (mcq("    - {text: A, correct: true}\n    - {text: B, correct: true}\n    - {text: C, correct: true}\n"
                 "    - {text: D, feedback: F}\n", "multi"), "[",
             mcq("    - {text: A, correct: true}\n    - {text: B, correct: true}\n    - {text: C, feedback: F}\n"
                 "    - {text: D, feedback: F}\n", "multi")),
    "W124": ("- {id: q, type: short, question: Which sciatic structure lies under the piriformis?, answer: Sciatic, explanation: E,"
             " examples: {right: [sciatic], wrong: [femoral]}}", "Sciatic,",
             "- {id: q, type: short, question: Which nerve lies under the piriformis?, answer: Sciatic nerve, explanation: E,"
             " examples: {right: [sciatic nerve], wrong: [femoral nerve]}}"),
    "W125": (mcq(GOOD_CHOICES + "    - {text: All of the above, feedback: F}\n"), "All of",
             mcq(GOOD_CHOICES + "    - {text: Unsure, feedback: F}\n")),
    "W126": ("- {id: q, type: ordering, question: Q, explanation: E, steps: [one, two, three]}", "[one",
             "- {id: q, type: ordering, question: Q, explanation: E, steps: [one, two, three, four]}"),
    "W127": ("- id: q\n  type: matching\n  question: Q\n  explanation: E\n  pairs:\n"
             "    - {left: Disc herniation, right: Disc material on a root}\n    - {left: Stenosis, right: A narrow canal}\n",
             "{left: Disc", "- id: q\n  type: matching\n  question: Q\n  explanation: E\n  pairs:\n"
             "    - {left: Disc herniation, right: Material pressing on a root}\n    - {left: Stenosis, right: A narrow canal}\n"),
    "W128": ("- {id: q1, type: basic, front: F, back: B, explanation: E, objective: obj-glut, level: recall}\n"
             "- {id: q2, type: basic, front: G, back: C, explanation: E, objective: obj-glut, level: apply, source: anatomy.gluteals}",
             "obj-glut", "- {id: q1, type: basic, front: F, back: B, explanation: E, objective: obj-glut, level: recall, source: anatomy.gluteals}\n"
             "- {id: q2, type: basic, front: G, back: C, explanation: E, objective: obj-glut, level: apply, source: anatomy.gluteals}"),
    "W130": ("- {id: q, type: short, question: Q, answer: Iliopsoas, explanation: E}", "{id: q",
             f"- {{id: q, type: short, question: Q, answer: Iliopsoas, explanation: E{TESTED}}}"),
    "W131": ("- {id: q, type: short, question: Q, answer: Iliopsoas, explanation: E, examples: {right: [iliopsoas, ILIOPSOAS]}}",
             "{right", f"- {{id: q, type: short, question: Q, answer: Iliopsoas, explanation: E{TESTED}}}"),
    "W132": (("- {id: q, type: cloze, text: 'A {{c1::x}} b {{c1::z}}', explanation: E, accept: {c1: [y]},"
              " examples: {c1: {right: [x], wrong: [w]}}}"), "[y]",
             ("- {id: q, type: cloze, text: 'A {{c1::x}} b {{c1::z}}', explanation: E, accept: {c1.2: [y]},"
              " examples: {c1.1: {right: [x], wrong: [y]}, c1.2: {right: [y, z], wrong: [x]}}}")),
}


def position(text: str, needle: str) -> tuple[int, int]:
    """1-based line:col of the first ``needle`` in the items part of ``text`` (independent of the parser)."""
    index = text.index(needle, text.index("items:"))
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _load(items: str, header: str, code: str = "") -> tuple[str, object]:
    text = bank(items, header)
    extra = {"m.yaml": MISCONCEPTIONS}
    if code in COURSES:
        extra["course.yaml"] = COURSES[code]
    return text, load(text, extra=extra)


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_warns_at_the_offending_place(code: str) -> None:
    bad, needle, _good, *rest = CASES[code]
    text, lib = _load(bad, rest[0] if rest else HEADER, code)
    assert not lib.errors, lib.errors
    found = only(lib, code)
    assert len(found) == 1, [str(p) for p in lib.problems]
    assert found[0].severity == "warning"
    # the choices list, for rules about the whole list, is the value after 'choices:'
    if needle == "[":
        needle = "choices:"
        line, _ = position(text, needle)
        assert found[0].line == line + 1 and found[0].col == 7, str(found[0])
    else:
        assert (found[0].line, found[0].col) == position(text, needle), str(found[0])
    assert [p.code for p in lib.problems] == [code], [str(p) for p in lib.problems]


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_quiet_on_good_item(code: str) -> None:
    _bad, _needle, good, *rest = CASES[code]
    _text, lib = _load(good, rest[0] if rest else HEADER, code)
    assert lib.problems == [], [str(p) for p in lib.problems]


def test_every_warning_code_has_a_case_or_a_test_elsewhere() -> None:
    warning_codes = {c for c in CODES if c.startswith("W")}
    elsewhere = {"W118", "W119"}  # deck rules: tests/content/test_crossref.py
    elsewhere |= {"W129"}  # points into the course file: test_objective_tested_by_too_few_or_too_many_items
    elsewhere |= {"W145"}  # text cut by '#': tests/content/test_traps.py
    elsewhere |= {"W140", "W142"}  # bidi controls, problems left out: tests/content/test_hardening.py
    elsewhere |= {"W160"}  # the Anki release record: tests/export/test_updates.py
    elsewhere |= {"W150"}  # a map highlighting its own answer: tests/content/test_body_map.py
    assert warning_codes == set(CASES) | elsewhere


def test_cloze_empty_gap_and_numbering_not_from_one() -> None:
    lib = load(bank("- {id: q, type: cloze, text: 'A {{c2::}} {{c3::x}}', explanation: E,"
                    " examples: {c3: {right: [x], wrong: [y]}}}"))
    assert sorted(p.code for p in lib.problems) == ["W105", "W106"]


def test_empty_tag_on_bank() -> None:
    header = "id: t-bank\ntitle: T\nsource: overview\ntags: ['']\nitems:\n"
    [p] = load(bank("- {id: q, type: basic, front: F, back: B, explanation: E}", header)).problems
    assert (p.code, p.line, p.col) == ("W110", 4, 8) and "empty tag" in p.message


def test_lint_off_gives_no_warnings() -> None:
    bad = CASES["W108"][0]
    assert load(bank(bad), lint=False).problems == []


def test_normalise() -> None:
    assert compare_key("  The   Sciatic\tNerve ") == "the sciatic nerve"


def test_a_huge_tag_is_quoted_short() -> None:
    # A 2,400-character tag with spaces used to be echoed whole: one 2.5 KB line per warning.
    tag = "bad tag " * 300
    lib = load(bank("""
        - id: t-huge-tag
          type: basic
          front: f
          back: b
          explanation: e
    """, header=f"id: t-bank\ntitle: T\nsource: anatomy.piriformis\ntags: ['{tag}']\nitems:\n"))
    (problem,) = [p for p in lib.problems if p.code == "W110"]
    assert "'bad tag bad tag" in problem.message and "...' contains spaces" in problem.message
    assert len(problem.message) < 200


def test_true_false_cue_names_the_statements_and_reads_hedges() -> None:
    items = "\n".join(
        f"- {{id: h{k}, type: true_false, statement: Pain {w} spread to the hip, answer: {a}, feedback_{not a}: F, explanation: E}}"
        .replace("True", "true").replace("False", "false")
        for k, (w, a) in enumerate((("can", True), ("may", True), ("often", True), ("usually", True), ("can only", False)))
    )
    [p] = only(load(bank(items)), "W121")
    assert "4 of its 4 true/false statements with hedge words (can, may, often, usually) are true" in p.message
    assert "h0, h1, h2, h3" in p.message and "h4" not in p.message  # "can only" counts as absolute


def test_longest_key_as_a_habit_of_the_bank() -> None:
    def item(k: int, key: str) -> str:
        return mcq(f"    - {{text: {key}, correct: true}}\n    - {{text: Femur bone, feedback: F}}\n"
                   f"    - {{text: Tibia bone, feedback: F}}\n").replace("id: q", f"id: q{k}")

    # The key is the longest (by a little, no per-item warning) in 3 of 6 items: 50% > 35%.
    items = "".join(item(k, "Sacrum bone" if k % 2 else "Ilium") for k in range(6))
    lib = load(bank(items))
    [p] = only(lib, "W122")
    assert (p.line, p.col) == (1, 5) and "3 of 6 single-answer items (50%" in p.message and "q1, q3, q5" in p.message
    # 2 of 6 (33%) is within the limit.
    items = "".join(item(k, "Sacrum bone" if k in (1, 3) else "Ilium") for k in range(6))
    assert only(load(bank(items)), "W122") == []


def test_multi_with_only_one_of_five_correct() -> None:
    choices = "    - {text: A, correct: true}\n" + "".join(f"    - {{text: {c}, feedback: F}}\n" for c in "BCDE")
    [p] = only(load(bank(mcq(choices, "multi"))), "W123")
    assert "only one of the 5 choices is correct" in p.message
    four = "    - {text: A, correct: true}\n" + "".join(f"    - {{text: {c}, feedback: F}}\n" for c in "BCD")
    assert only(load(bank(mcq(four, "multi"))), "W123") == []


def test_cloze_answer_on_its_own_card() -> None:
    def warnings(text: str) -> list[str]:
        return [p.message for p in only(load(bank(f"- {{id: q, type: cloze, text: '{text}', explanation: E}}")), "W124")]

    # Every gap is a word of the condition's name, which the text spells out.
    [m] = warnings("Trochanteric {{c1::bursitis}} is an inflamed bursa; bursitis hurts at the hip.")
    assert "gap c1 'bursitis' appears elsewhere" in m
    # Each gap's answer is shown (filled in) on the other's card; plurals fold.
    first, second = warnings("The {{c1::muscles}} of the buttock are gluteal {{c2::muscle}}s.")
    assert "gap c1" in first and "gap c2" in second
    # A hint that spells part of the answer.
    [m] = warnings("The hip flexor is the {{c1::iliopsoas::psoas ...}}.")
    assert "hint of gap c1 spells part of its answer ('psoas'" in m
    # Clean: the answer is nowhere else; the same word hidden twice on one card gives nothing away.
    assert warnings("The {{c1::sciatic}} nerve passes below the {{c2::piriformis::a deep buttock muscle}}.") == []
    assert warnings("The {{c1::sacrum}} meets the ilium; the {{c1::sacrum}} is below the spine.") == []


def test_short_answer_part_in_question() -> None:
    item = ("- {id: q, type: short, question: Besides the piriformis which two muscles?, answer: piriformis and gluteus, "
            "parts: [piriformis, gluteus], explanation: E}")
    # the whole answer is not in the question, its first part is
    [p] = only(load(bank(item)), "W124")
    assert "part 1 'piriformis' is already in the question" in p.message


def test_matching_word_shared_by_several_right_sides_is_no_cue() -> None:
    items = ("- id: q\n  type: matching\n  question: Q\n  explanation: E\n  pairs:\n"
             "    - {left: Hip joint wear, right: Joint cartilage thinning}\n"
             "    - {left: SI dysfunction, right: Joint moving too much}\n")
    assert only(load(bank(items)), "W127") == []


def test_catch_all_variants() -> None:
    for text in ("None of these", "both of them", "Neither of the above"):
        assert len(only(load(bank(mcq(GOOD_CHOICES + f"    - {{text: {text}, feedback: F}}\n"))), "W125")) == 1, text
    assert only(load(bank(mcq(GOOD_CHOICES + "    - {text: All of the gluteal muscles, feedback: F}\n"))), "W125") == []
