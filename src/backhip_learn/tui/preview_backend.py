"""A review backend for instructors: walk a bank file in order, nothing saved."""

from __future__ import annotations

import time
from pathlib import Path

from backhip_learn.content.load import Library, Problem, load_paths
from backhip_learn.content.model import Item
from backhip_learn.content.outline import Outline
from backhip_learn.study.grading import Outcome, Response
from backhip_learn.tui.backend import SessionCounts, SessionSummary
from backhip_learn.tui.engine_backend import fresh_intervals


def misconception_files(folder: Path, skip: Path) -> list[Path]:
    """The misconceptions, course and glossary files in ``folder`` (other than ``skip``), found by reading it.

    They give the previewed bank its course: the outline (section headings), objectives, glossary.
    """
    around = load_paths([folder])
    files = dict.fromkeys([*(Path(w.path) for w in around.misconception_where.values()),
                           *map(Path, around.course_files), *map(Path, around.glossary_where)])
    return [f for f in files if f.resolve() != skip]


def file_kind(library: Library, path: Path) -> str | None:
    """The kind of a loaded file other than a bank (exam, deck, course, ...), or None."""
    here = path.resolve()
    found = {
        "exam": [w.path for w in library.exam_where.values()],
        "deck": library.deck_files,
        "course": library.course_files,
        "misconceptions": [w.path for w in library.misconception_where.values()],
        "glossary": library.glossary_where,
    }
    return next((kind for kind, paths in found.items() if any(Path(p).resolve() == here for p in paths)), None)


class PreviewBackend:
    """Shows every item of one file in file order; grades are counted, never stored."""

    saves = False
    undone = "answer"  # preview's undo only ever takes back an answer

    @property
    def outline(self) -> Outline:
        """The outline of the course the previewed bank belongs to."""
        return self.library.outline

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.title = f"Preview: {self.path.name}"
        self.library = Library()
        self.glossary = self.library.lexicon
        self.items: list[Item] = []
        self.position = 0
        self.graded: list[tuple[int, bool]] = []  # (position, correct) per grade, for undo
        self.flags: set[str] = set()
        self.started = time.monotonic()
        self.anchor: str | None = None  # the item the instructor is on; survives a broken reload
        self.reload()

    def reload(self) -> list[Problem]:
        """Read the file again; keep the place (same item id if it still exists). Returns its problems."""
        # The file is judged on its own plus the misconception lists of its folder (its choices name
        # them): a broken or duplicating sibling bank must not block the preview of a good file.
        here = self.path.resolve()
        library = load_paths([*misconception_files(self.path.parent, here), self.path])
        library.problems = [p for p in library.problems if Path(p.path).resolve() == here]
        if self.items and library.errors:
            # The session goes on with the last good reading; the problems stay on screen until the file is fixed.
            return list(library.problems)
        self.library = library
        self.glossary = library.lexicon
        self.items = [i for i in library.items if Path(library.item_where[i.id].path).resolve() == here]
        ids = [i.id for i in self.items]
        if self.anchor is None and ids:
            self.anchor = ids[0]
        self.position = ids.index(self.anchor) if self.anchor in ids else min(self.position, len(self.items))
        return list(self.library.problems)

    def next_card(self) -> Item | None:
        """The item at the current position."""
        return self.items[self.position] if self.position < len(self.items) else None

    def counts(self) -> SessionCounts:
        """Every item left counts as new."""
        return SessionCounts(new=max(0, len(self.items) - self.position), done=self.position)

    def intervals(self, item: Item) -> dict[int, str]:
        """A fresh card's intervals, as a learner meeting the item for the first time would see them."""
        return fresh_intervals()

    def record(self, item: Item, rating: int, outcome: Outcome, response: Response, seconds: float) -> None:
        """Move on to the next item (nothing is saved)."""
        self.graded.append((self.position, outcome.correct))
        self._go(self.position + 1)

    def undo(self) -> Item | None:
        """Step back to the last graded item."""
        if not self.graded:
            return None
        position, _ = self.graded.pop()
        self._go(position)
        return self.next_card()

    def bury(self, item: Item) -> None:
        """Skip the item."""
        self._go(self.position + 1)

    def suspend(self, item: Item) -> None:
        """Skip the item."""
        self._go(self.position + 1)

    def jump(self, item_id: str) -> bool:
        """Start at this item (``preview --item ID``); False when the file has no such item."""
        ids = [i.id for i in self.items]
        if item_id not in ids:
            return False
        self._go(ids.index(item_id))
        return True

    def _go(self, position: int) -> None:
        self.position = position
        self.anchor = self.items[position].id if position < len(self.items) else None

    def flag(self, item: Item) -> bool:
        """Toggle a flag kept for this preview only."""
        self.flags ^= {item.id}
        return item.id in self.flags

    def is_flagged(self, item: Item) -> bool:
        """Whether the item was flagged in this preview."""
        return item.id in self.flags

    def showing(self, item: Item) -> int:
        """Always 0: the instructor sees every item's options in one order."""
        return 0

    def ready(self) -> bool:
        """Never: nothing comes due in a preview."""
        return False

    def summary(self) -> SessionSummary:
        """Items walked and how many were answered right."""
        return SessionSummary(
            cards=len(self.graded),
            correct=sum(ok for _, ok in self.graded),
            seconds=time.monotonic() - self.started,
            next_due="nothing is saved in preview",
        )
