"""`backhip-learn quiz EXAM`: take an exam (by id, or an exam file's path) in the terminal app."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

import click

from backhip_learn.commands.common import (
    chosen_banks,
    chosen_data_dir,
    load_library_or_exit,
    open_store_or_exit,
    run_app,
    unique_files,
)
from backhip_learn.commands.options import bank_option, course_option, data_dir_option, fail
from backhip_learn.content.library import Library
from backhip_learn.content.load import YAML_SUFFIXES, load_paths, not_regular
from backhip_learn.content.model import Exam
from backhip_learn.paths import default_content_paths
from backhip_learn.study.exam import draw_exam
from backhip_learn.tui.context import StudyContext
from backhip_learn.tui.startup import pause_gc, resume_gc


def resolve_exam(library: Library, exam: str, banks: Sequence[str | Path] = ()) -> Exam:
    """The exam named by id, or by an exam file's path (checked together with the banks); exits on errors."""
    exam_id: str | None = exam
    path = Path(exam)
    if path.suffix.lower() in YAML_SUFFIXES or path.is_file():
        if not path.is_file():
            reason = "no such exam file" if not path.exists() and not path.is_symlink() else not_regular(path)
            fail(f"{path}: {reason}", 2)
        here = path.resolve()
        if here in {Path(f).resolve() for f in library.files}:  # already loaded (e.g. quizzes/exam-final.yaml)
            exam_id = next((e for e, w in library.exam_where.items() if Path(w.path).resolve() == here), None)
        else:
            # Loaded with the banks so that its draw rules are checked against their items, but without
            # the other exam files: an edited copy of a bundled exam replaces it (same id, no E021).
            exam_files = {Path(w.path).resolve() for w in library.exam_where.values()}
            content = [f for f in unique_files([Path(b) for b in banks] or default_content_paths())
                       if f.resolve() not in exam_files]
            extra = load_paths([*content, path])
            errors = [p for p in extra.errors if Path(p.path).resolve() == here]
            if errors:
                for problem in errors:
                    click.echo(str(problem), err=True)
                fail(f"{path}: the exam file has errors", 1)
            mine = [e for e in extra.exams if Path(extra.exam_where[e.id].path).resolve() == here]
            exam_id = mine[0].id if mine else None
            if mine:
                library.exams = [e for e in library.exams if e.id != mine[0].id] + [mine[0]]
        if exam_id is None:
            fail(f"{path}: not an exam file (it needs `kind: exam`)", 2)
    found = library.exam(exam_id) if exam_id else None
    if found is None:
        names = ", ".join(e.id for e in library.exams) or "none"
        fail(f"no exam named '{exam}' (exams: {names})", 2)
    return found


@click.command(name="quiz")
@click.argument("exam")
@click.option("--seed", default=None, help="Draw the same paper again (default: a new draw each time).")
@data_dir_option()
@bank_option()
@course_option()
@click.pass_context
def command(ctx: click.Context, exam: str, seed: str | None, data_dir: str | None, banks: tuple[Path, ...]) -> None:
    """Take an exam: a countdown, answers without feedback, then score, pass/fail and the wrong answers."""
    pause_gc()  # startup builds only long-lived objects: no collections until the first screen is painted
    try:
        _quiz(ctx, exam, seed, data_dir, banks)
    finally:
        resume_gc()


def _quiz(ctx: click.Context, exam: str, seed: str | None, data_dir: str | None, banks: tuple[Path, ...]) -> None:
    data_dir = chosen_data_dir(ctx, data_dir)
    files = chosen_banks(ctx, banks)
    library = load_library_or_exit(files)
    found = resolve_exam(library, exam, files)
    paper = draw_exam(library, found, seed if seed is not None else secrets.token_hex(4))
    if not paper.items:
        fail(f"exam '{found.id}' draws no items from the content", 2)
    store = open_store_or_exit(data_dir, library.outline.course_id)
    # Textual is imported only here: other commands must not pay for it.
    from backhip_learn.tui.app import StudyApp
    from backhip_learn.tui.screens.exam_start import ExamStartScreen

    context = StudyContext(library, store)
    try:
        run_app(StudyApp(lambda: ExamStartScreen(paper, store, library.misconceptions,
                                                 lambda: datetime.now(timezone.utc)),
                         context=context))
    finally:
        store.close()
