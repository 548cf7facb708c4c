"""`backhip-learn new DIR`: a starter course folder that validates `--strict` clean at once.

The starter teaches its own file format, so every item in it is true as written and shows one
item type with its fields commented: an instructor replaces the items one by one. The deck gets a
fresh random ``anki_id`` (two courses made from this starter never share an Anki deck id).
"""

from __future__ import annotations

import json
import re
import secrets
import sys
from pathlib import Path

import click

from backhip_learn.content.constraints import SLUG_PATTERN

# Schema files written into DIR/schemas, by file kind: editors (the YAML language server) read the
# modeline at the top of each file and complete and check fields as they are typed.
SCHEMA_KINDS = ("course", "bank", "misconceptions", "glossary", "deck", "exam")

COURSE = """\
# yaml-language-server: $schema=schemas/course.schema.json
# The course file: what this course teaches, from which source, in which parts and sections, and
# the learning objectives of each section. A section may be an article's section, a lecture or a
# chapter. Items name a section in `source` and an objective in `objective`. Ids are ASCII
# lowercase letters, digits, '.', '_' and '-', and never change once learners use them: progress,
# exam scores and Anki notes hang on them.
kind: course
id: {course_id}
title: {title}
source:
  title: "How to write a backhip-learn course"
  citation: "docs/authoring.md of backhip-learn (the instructors' guide)."
disclaimer: >-
  Study material, not advice. Replace this with what your course is and is not.
parts:
  - id: format
    name: "The file format"
sections:
  - id: format.items
    part: format
    heading: "Items and their types"
    objectives:
      - id: items.choose-type
        text: "Choose the item type that fits what a learner should do with a fact"
  - id: format.checks
    part: format
    heading: "Checking a course before it ships"
    objectives:
      - id: checks.read-problems
        text: "Read a validator problem and find the line and field it names"
"""

BANK = """\
# yaml-language-server: $schema=schemas/bank.schema.json
# A question bank: one file per part (or lecture) of the course. One item of each type follows,
# each with its fields explained; replace them with your own. Item ids never change once written.
# Quote any text holding '#' or ': ' ("grade #2", "ratio: 2 to 1"): unquoted, '#' starts a comment.
kind: bank
id: basics
title: The basics of a course file
description: Items, their types, and the checks the validator runs.
source: format.items   # the default section of every item below (an item's own `source` wins)
tags: [starter]
items:
  # A multiple-choice item: exactly one choice is `correct: true`; every wrong choice says why.
  - id: basics-mcq-correct-field
    type: mcq
    objective: items.choose-type   # an objective id from course.yaml
    level: recall                  # recall | understand | apply | analyse
    difficulty: easy               # easy | medium | hard
    question: In a multiple-choice item, how is the right choice marked?
    choices:
      - text: "It carries `correct: true`"
        correct: true
        feedback: Yes. Exactly one choice of an mcq carries it.
      - text: It is always the first choice listed
        feedback: No. Choices are shuffled when shown, so their order in the file marks nothing.
        misconception: mc-first-choice-is-right   # a named wrong idea (misconceptions.yaml)
      - text: It is the longest choice
        feedback: No. Length marks nothing; a key longer than every distractor even gives it away.
    explanation: The validator checks that exactly one choice is correct.

  # Several right answers: `multi`; each correct choice counts.
  - id: basics-multi-typed
    type: multi
    objective: items.choose-type
    level: understand
    difficulty: medium
    question: Which item types ask the learner to type an answer? Select all that apply.
    choices:
      - text: short
        correct: true
        feedback: Yes. The learner types the answer.
      - text: cloze
        correct: true
        feedback: Yes. The learner types each gap.
      - text: mcq
        feedback: No. The learner picks one choice.
      - text: true_false
        feedback: No. The learner picks true or false.
    explanation: Typed answers are marked against `answer`, `accept` and the glossary.

  # A statement that is true or false; each feedback explains the answer the learner gave.
  - id: basics-tf-shuffle
    type: true_false
    objective: items.choose-type
    level: understand
    difficulty: easy
    statement: The order of an mcq's choices in the file is the order the learner sees.
    answer: false
    feedback_true: No. Choices are shuffled (the same way each time for one item).
    feedback_false: Right. Choices are shuffled, so the order in the file tells nothing.
    explanation: A fixed order would let learners remember a position instead of the answer.

  # A typed answer: `answer`, other accepted forms in `accept`, and answer tests in `examples`
  # (validate marks every `right` one right and every `wrong` one wrong, or reports it).
  - id: basics-short-validate
    type: short
    objective: checks.read-problems
    level: recall
    difficulty: easy
    source: format.checks
    question: Which backhip-learn command checks every file of a course and reports each problem?
    answer: validate
    accept: [backhip-learn validate, lint]
    examples:
      right: [validate, Validate, backhip-learn validate]
      wrong: [preview, export]
    explanation: "`validate` reads every file and prints each problem as file:line:col."

  # A cloze: each {{c1::...}} gap is typed; `accept` and `examples` work per gap.
  - id: basics-cloze-location
    type: cloze
    objective: checks.read-problems
    level: recall
    difficulty: easy
    source: format.checks
    text: "Every problem is printed as the file, then the {{c1::line}}, then the column."
    accept:
      c1: [line number]
    examples:
      c1: {right: [line, line number], wrong: [column, file]}
    explanation: file:line:col takes an editor straight to the place.

  # Matching: the right sides must all differ (or no one could match them correctly).
  - id: basics-matching-types
    type: matching
    objective: items.choose-type
    level: apply
    difficulty: medium
    question: Match each task to the item type that fits it.
    pairs:
      - left: Recall a term exactly
        right: short
      - left: Put the steps of a procedure in sequence
        right: ordering
      - left: Judge one claim
        right: true_false
    explanation: Pick the type by what the learner must do, not by what is quickest to write.

  # Ordering: the steps in their right order; the learner sees them shuffled.
  - id: basics-ordering-workflow
    type: ordering
    objective: checks.read-problems
    level: apply
    difficulty: medium
    source: format.checks
    question: Put the steps from an edited bank to an Anki import in order.
    steps:
      - Run validate and fix every problem
      - Walk the bank with preview
      - Run export anki
      - Import the .apkg file in Anki
    explanation: Check first, then look at it as a learner would, then export.

  # A flashcard: the learner turns it over and grades themself (never drawn for an exam).
  - id: basics-basic-strict
    type: basic
    objective: checks.read-problems
    level: understand
    difficulty: easy
    source: format.checks
    front: What does validate --strict do with warnings?
    back: It treats them as errors, so the command fails on any.
    explanation: Use --strict before a release so no warning ships unnoticed.
"""

MISCONCEPTIONS = """\
# yaml-language-server: $schema=schemas/misconceptions.schema.json
# Named wrong ideas: a distractor points here by id (`misconception:`), and the app and the Anki
# card show the correction when a learner picks it. Ids never change once written.
kind: misconceptions
misconceptions:
  - id: mc-first-choice-is-right
    label: The right answer is the first choice
    correction: Choices are shuffled when shown; only `correct` marks the right one.
    source: format.items
"""

GLOSSARY = """\
# yaml-language-server: $schema=schemas/glossary.schema.json
# Terms and the other ways a learner may write them: typed answers match through it everywhere.
# `confusable` lists look-alike words that must never be accepted for the term.
kind: glossary
terms:
  - term: validate
    synonyms: [validation]
    confusable: [validated]
"""

DECK = """\
# yaml-language-server: $schema=schemas/deck.schema.json
# The deck tree, shared by the study app and the Anki export. Anki matches decks by NAME on
# import: renaming a deck here makes a new deck in Anki (the cards stay in the old one). Keep
# each anki_id (a random number made by `backhip-learn new`) and never reuse one in another course.
kind: deck
deck:
  id: {course_id}
  name: {title}
  anki_id: {anki_id}
  description: The starter course; rename it and describe your own.
  children:
    - id: {course_id}-basics
      name: Basics
      anki_id: {child_id}
      banks: [basics]
"""

EXAM = """\
# yaml-language-server: $schema=schemas/exam.schema.json
# An exam: rules that draw items by section, tag, bank, type or objective. Flashcards (basic) are
# never drawn: an exam counts only answers it can check.
kind: exam
id: exam-basics
title: The basics check
description: Every checkable item of the starter bank.
pass_mark: 80
draw:
  - banks: [basics]
"""


def _slug(name: str) -> str:
    """An ASCII course id from a folder name (``My Course`` -> ``my-course``)."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "course"


def _anki_id() -> int:
    """A fresh random deck id in the range deck manifests use."""
    return (1 << 40) + secrets.randbelow((1 << 52) - (1 << 40))


def starter_files(course_id: str, title: str) -> dict[str, str]:
    """The starter course's files (path relative to the folder -> text)."""
    from backhip_learn.content.schema import json_schema

    fill = {"course_id": course_id, "title": json.dumps(title), "anki_id": _anki_id(), "child_id": _anki_id()}
    files = {
        "course.yaml": COURSE.format(**fill),
        "01-basics.yaml": BANK,
        "misconceptions.yaml": MISCONCEPTIONS,
        "glossary.yaml": GLOSSARY,
        "deck.yaml": DECK.format(**fill),
        "exam-basics.yaml": EXAM,
    }
    for kind in SCHEMA_KINDS:
        files[f"schemas/{kind}.schema.json"] = json.dumps(json_schema(kind), indent=2) + "\n"
    return files


@click.command(name="new")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--id", "course_id", default=None, help="The course id (ASCII; default: from the folder name).")
@click.option("--title", default=None, help="The course title (default: from the folder name).")
def command(folder: Path, course_id: str | None, title: str | None) -> None:
    """Make a starter course in FOLDER (new or empty): course file, bank, misconceptions, glossary, deck, exam."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        what = "is not a folder" if not folder.is_dir() else "is not empty"
        click.echo(f"error: {folder} {what}: `new` writes into a new or empty folder only", err=True)
        sys.exit(2)
    name = folder.resolve().name
    course_id = course_id or _slug(name)

    if not re.fullmatch(SLUG_PATTERN, course_id):
        click.echo(f"error: course id '{course_id}': use ASCII lowercase letters, digits, '.', '_' and '-'", err=True)
        sys.exit(2)
    title = title or name.replace("-", " ").replace("_", " ").strip().capitalize() or "My course"
    try:
        for rel, text in starter_files(course_id, title).items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except OSError as exc:
        click.echo(f"error: {folder}: cannot write the course: {exc.strerror or exc}", err=True)
        sys.exit(1)
    click.echo(f"Made the course '{course_id}' in {folder}. Next, from inside that folder:")
    click.echo("  backhip-learn validate --strict      check every file")
    click.echo("  backhip-learn preview 01-basics.yaml walk the bank as a learner sees it")
    click.echo("  backhip-learn study                  study it")
    click.echo("  backhip-learn export anki            write an Anki package")
