"""The review screen: one card at a time, answer, feedback, grade. Enter then Enter always advances.

ctrl+s on the question side says "I'm sure": a right answer then suggests Easy, and a wrong one says so
(a confident error is the one worth another look). A ctrl chord, so it works while a typed answer has focus.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Coroutine, Mapping
from typing import Any, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static

from backhip_learn.content.model import Item, Misconception
from backhip_learn.content.outline import Outline, load_outline
from backhip_learn.store.errors import StoreError
from backhip_learn.study.grading import DontKnow, Outcome, Response, grade
from backhip_learn.tui.backend import ReviewBackend
from backhip_learn.tui.card_keys import GAP_AND_PAGE_KEYS, page
from backhip_learn.tui.messages import BrowseCards, CardShown, StoreFailed, StoreRecovered, ends_on_store_error
from backhip_learn.tui.saving import run_save, save_off_loop
from backhip_learn.tui.widgets.feedback_panel import FeedbackPanel
from backhip_learn.tui.widgets.grade_bar import GradeBar
from backhip_learn.tui.widgets.key_footer import KeyFooter
from backhip_learn.tui.widgets.more_below import MoreBelow
from backhip_learn.tui.widgets.progress_header import ProgressHeader
from backhip_learn.tui.widgets.question import LETTERS, Question, make_question

T = TypeVar("T")

TYPE_HINTS = {
    "basic": "Flashcard · recall the answer, then Enter",
    "mcq": "Multiple choice · one answer: press its letter (or ↑↓), then Enter",
    "multi": "Select all that apply · letters (or ↑↓ and space) toggle, then Enter",
    "true_false": "True or false · press T or F, then Enter",
    "short": "Short answer · type it, then Enter",
    "cloze": "Fill the gaps · Tab moves between gaps, then Enter",
    "matching": "Matching · ↑↓ picks a row, a letter pairs it, then Enter",
    "ordering": "Ordering · ↑↓ moves, space picks a step up (or shift+↑↓), then Enter",
}
UNDONE = {"answer": "Last grade undone.", "bury": "Bury undone.", "suspend": "Suspend undone.",
          "flag": "Flag change undone."}
TYPE_NAMES = {
    "basic": "Flashcard", "mcq": "Multiple choice", "multi": "Multiple answers", "true_false": "True or false",
    "short": "Short answer", "cloze": "Cloze", "matching": "Matching", "ordering": "Ordering",
}


def section_heading(section: str | None, outline: Outline | None = None) -> str | None:
    """The heading of a section id in the course's outline (or the id itself when unknown)."""
    if not section:
        return None
    found = (outline or load_outline()).get(section)
    return found.heading if found else section


def type_line(item: Item) -> Text:
    """``Multiple choice  ·  one answer: press A-D (or ↑↓), then Enter``."""
    out = Text(TYPE_NAMES.get(item.type, item.type), style="bold")
    out.append("  ·  ")
    hint = TYPE_HINTS.get(item.type, "")
    if item.type == "mcq":
        hint = hint.replace("its letter", f"A-{LETTERS[len(item.choice_list()) - 1]}")
    out.append(hint.split(" · ", 1)[-1])
    return out


class ReviewScreen(Screen[None]):
    """Study cards from a backend; every grade is recorded before the next card shows."""

    BINDINGS = [
        Binding("enter", "enter", "Check / next", show=True),
        # Not shown in the footer (it is in the hint line); Textual 8 binds nothing to ctrl+s, Input neither.
        Binding("ctrl+s", "toggle_sure", "I'm sure (before checking): right → Easy suggested", show=False),
        Binding("1", "grade(1)", "Again (forgot)", show=False),
        Binding("2", "grade(2)", "Hard", show=False),
        Binding("3", "grade(3)", "Good", show=False),
        Binding("4", "grade(4)", "Easy", show=False),
        Binding("u,ctrl+z", "undo", "Undo", show=True),
        # ctrl chords: never an option letter, a grade digit or a key a typed answer's Input owns
        # (Input takes ctrl+a/e/d/k/u/w/x/c/v).
        Binding("ctrl+b", "bury", "Bury until tomorrow", show=False),
        Binding("ctrl+o", "suspend", "Suspend (out of every queue until unsuspended)", show=False),
        Binding("ctrl+f", "flag", "Flag / unflag", show=False),
        Binding("ctrl+l", "browse", "Card browser", show=False),
        Binding("question_mark", "app.help", "Help", show=True),
        Binding("escape", "leave", "End session (summary)", show=True),
        *GAP_AND_PAGE_KEYS,
    ]

    # The question (or its first input) has the keys. Textual focuses it as part of showing the screen,
    # inside the first frame; focusing it from on_mount would restyle it after that frame is laid out,
    # and the first frame would reach the terminal without the question's options.
    AUTO_FOCUS = "#question, #question Input"

    def __init__(self, backend: ReviewBackend, misconceptions: Mapping[str, Misconception] | None = None) -> None:
        super().__init__()
        self.backend = backend
        self.misconceptions = misconceptions or {}
        self.item: Item | None = None
        self.outcome: Outcome | None = None
        self.response: Response = DontKnow()
        self.shown_at = 0.0
        self.answered_at = 0.0
        self.busy = False  # a save runs in its thread: keys that touch the progress database wait for it
        self.unsaved = False  # the grade on screen failed to save (NOT SAVED is shown)
        self._unsaved_note: Text | None = None  # the NOT SAVED line, put back after another save's waiting note
        self.sure = False  # the learner said "I'm sure" about the card on screen (reset for each card)
        self._first: Item | None = None  # the card composed with the screen

    def compose(self) -> ComposeResult:
        """Header, scrolling card body, grade bar, footer: with the first card already filled in.

        The first card is composed with the screen, not mounted into it after, so that the very first
        frame on the terminal is the card (no empty frame, one layout).
        """
        self._first = item = self._first_card()
        header, meta, prompt, grades = ProgressHeader(self.backend.title, id="progress"), Static(id="meta"), \
            Static(id="prompt"), GradeBar(id="grades")
        slot = Static(id="map-slot")
        if item is not None:
            self._fill(item, header, meta, prompt, grades)
            self._draw_map(item, slot, revealed=False)
        yield header
        with VerticalScroll(id="body") as body:
            yield meta
            yield prompt
            yield slot
            if item is not None:
                yield make_question(item, seed=self.seed(item))
            yield FeedbackPanel(id="feedback")
        yield MoreBelow(body, id="more")
        yield Static(id="save-error")
        yield grades
        yield KeyFooter()

    @ends_on_store_error
    def _first_card(self) -> Item | None:
        """The session's first card: None when there is none (or the progress database failed: the app ends)."""
        return self.backend.next_card()

    @ends_on_store_error
    def on_mount(self) -> None:
        """The first card is up (or, when there is none, the summary)."""
        self.query_one("#body", VerticalScroll).can_focus = False  # keys go to the question, or to this screen
        if self._first is None:
            self.finish()
        else:
            self._card_up(first=True)

    # ------------------------------------------------------------------ showing cards

    @property
    def question(self) -> Question | None:
        """The current question widget."""
        found = self.query("#question")
        return found.first(Question) if found else None

    async def show_next(self) -> None:
        """The backend's next card, or the end of the session."""
        item = self.backend.next_card()
        if item is None:
            self.finish()
            return
        await self.show_item(item)

    async def show_item(self, item: Item) -> None:
        """Put a card on screen, question side."""
        await self.query("#question").remove()
        feedback = self.query_one(FeedbackPanel)
        await self.query_one("#body").mount(make_question(item, seed=self.seed(item)), before=feedback)
        feedback.clear()
        self._fill(item, self.query_one(ProgressHeader), self.query_one("#meta", Static),
                   self.query_one("#prompt", Static), self.query_one(GradeBar))
        self._draw_map(item, self.query_one("#map-slot", Static), revealed=False)
        self._card_up(first=False)

    def _fill(self, item: Item, header: ProgressHeader, meta: Static, prompt: Static, grades: GradeBar) -> None:
        """Make ``item`` the current card and write it into the widgets around its question (mounted or not)."""
        self.item, self.outcome, self.sure = item, None, False
        meta.update(type_line(item))
        meta.display = True
        prompt.update(Text(item.prompt if item.type != "cloze" else ""))
        prompt.display = item.type != "cloze"  # the cloze widget shows its own text
        grades.ask(self._enter_hint(item))
        header.update(self.backend.counts(), self._flag_note())

    def _draw_map(self, item: Item, slot: Static, *, revealed: bool) -> None:
        """The card's body map or picture, when it has one; the map code is imported only then."""
        slot.display = item.has_picture()
        if slot.display:
            from backhip_learn.tui.widgets.body_map import draw_map  # map code loads with a map

            draw_map(slot, item, revealed=revealed, seed=self.seed(item))

    def _card_up(self, *, first: bool) -> None:
        """The card's widgets are mounted: scroll to its top, give its question the keys, start its clock.

        The screen's first card is at the top already and gets the keys from ``AUTO_FOCUS``.
        """
        if not first:
            self.query_one("#body", VerticalScroll).scroll_home(animate=False)
            self.query_one("#question", Question).focus_question()
        self.shown_at = time.monotonic()
        self.query_one(MoreBelow).check_later()
        self.post_message(CardShown())

    def set_focus(self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False) -> None:
        """Focus as Textual does, except that a question's list (``AUTO_FOCUS`` on the first card) takes the keys
        without scrolling the card away from its top (see ``Question.focus_question``)."""
        super().set_focus(widget, scroll_visible and not isinstance(widget, Question), from_app_focus)

    def seed(self, item: Item) -> int | str:
        """Seed for display orders (choices, pairs, steps): the item and its showing, so a card that comes back
        shows its options in a new order, and the same showing always in the same one."""
        return self.backend.showing(item)

    def _enter_hint(self, item: Item) -> str:
        # Kept within 78 columns so the hint stays one line at 80x24.
        sure = "sure ✓" if self.sure else "ctrl+s sure"
        if item.type == "basic":
            return f"Enter: show answer  ·  {sure}  ·  ^b bury ^o suspend ^f flag  ·  ? keys"
        typed = item.type in ("short", "cloze")
        keys = "F1 all keys" if typed else "? all keys"
        if self.sure:
            return f"Enter: check  ·  sure ✓ (right → Easy; ctrl+s: not sure)  ·  {keys}"
        return f"Enter: check (nothing {'typed' if typed else 'chosen'} = I don't know)  ·  {sure}  ·  {keys}"

    def refresh_counts(self) -> None:
        """Redraw the new / learning / due counts and the progress bar."""
        self.query_one(ProgressHeader).update(self.backend.counts(), self._flag_note())

    def _flag_note(self) -> str:
        return "⚑ flagged" if self.item is not None and self.is_flagged(self.item) else ""

    def is_flagged(self, item: Item) -> bool:
        """Whether the backend has this card flagged (shown in the header)."""
        return self.backend.is_flagged(item)

    # ------------------------------------------------------------------ answering

    def submit(self) -> None:
        """First Enter: grade the response and show the answer side."""
        question, item = self.question, self.item
        if question is None or item is None or self.outcome is not None:
            return
        self.response = question.response()
        # Not toggled means "not said" (None), never "unsure": Enter-Enter keeps suggesting Good.
        self.outcome = outcome = grade(item, self.response, sure=True if self.sure else None,
                                       glossary=self.backend.glossary)
        self.answered_at = time.monotonic()
        question.reveal(outcome)
        self._draw_map(item, self.query_one("#map-slot", Static), revealed=True)
        self.set_focus(None)  # answer side: every key belongs to the screen
        self.query_one("#meta").display = False  # how to answer no longer matters; its lines go to the why
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)  # the answer side starts at the top
        self.query_one(FeedbackPanel).show(
            item, outcome, heading=section_heading(item.source, self.backend.outline),
            misconceptions=self.misconceptions, labels=question.labels(),
        )
        self.query_one(GradeBar).show(self.backend.intervals(item), int(outcome.suggested))
        self.query_one(MoreBelow).check_later()

    def on_resize(self) -> None:
        """A smaller terminal may push the card past the bottom edge; the map is drawn for the new size."""
        if self.item is not None and self.item.has_picture():
            self._draw_map(self.item, self.query_one("#map-slot", Static), revealed=self.outcome is not None)
        self.query_one(MoreBelow).check_later()

    @ends_on_store_error
    async def action_enter(self) -> None:
        """Enter: check on the question side, accept the suggested grade on the answer side."""
        if self.still_saving():
            return
        if self.outcome is None:
            self.submit()
        else:
            await self.action_grade(int(self.outcome.suggested))

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter inside a typed answer or a gap."""
        event.stop()
        await self.action_enter()

    @ends_on_store_error
    async def action_grade(self, rating: int) -> None:
        """Record a grade (saved before the next card appears), then move on.

        The save runs in a worker, off the event loop: a database locked elsewhere makes it wait up to
        the busy timeout, and the screen keeps drawing and taking keys meanwhile. A save that fails for a
        reason that may pass (a lock, a full disk) keeps the card and its grade on screen, marked NOT
        SAVED; the grade key tries again and Esc ends the session. A damaged database ends the app
        (``ends_on_store_error``).
        """
        item, outcome, response = self.item, self.outcome, self.response
        if outcome is None or item is None or self.still_saving():
            return
        seconds = self.answered_at - self.shown_at
        await self._in_worker(self._grade(item, rating, outcome, response, seconds))

    @ends_on_store_error
    async def _grade(self, item: Item, rating: int, outcome: Outcome, response: Response, seconds: float) -> None:
        try:
            await save_off_loop(self, lambda: self.backend.record(item, rating, outcome, response, seconds),
                                self._waiting)
        except StoreError as exc:
            if not exc.transient:
                raise
            self.not_saved(str(exc))
            return
        self.saved()
        await self.show_next()

    async def _in_worker(self, job: Coroutine[Any, Any, None]) -> None:
        """Run a save and what follows it as a worker (``run_save``), ``busy`` until it ends."""
        self.busy = True
        await run_save(self, job, self._not_busy)

    def _not_busy(self) -> None:
        self.busy = False

    async def _off_loop(self, call: Callable[[], T]) -> T:
        """Run a store call (bury, suspend, flag, undo) in a thread; its waiting note goes when it ends."""
        try:
            return await save_off_loop(self, call, self._waiting)
        finally:
            self._waited()

    def still_saving(self) -> bool:
        """Whether a save is running (then say so): the keys that touch the progress database wait for it.

        On the event loop they would block on the same connection until the save's wait for a lock ends.
        """
        if self.busy:
            self.notify("Still saving: waiting for the progress database.", timeout=3)
        return self.busy

    def guard_quit(self) -> bool:
        """ctrl+q while a save runs waits for it, so that a grade is never dropped half-way without a word."""
        return self.still_saving()

    def _waiting(self) -> None:
        """A save is taking long (a lock held elsewhere): say what the screen is waiting for."""
        line = self.query_one("#save-error", Static)
        line.update(Text("Saving… waiting for the progress database (another program is writing to it)."))
        line.add_class("-shown")

    def _waited(self) -> None:
        """A bury, suspend, flag or undo is over: its waiting note goes (a grade NOT SAVED keeps its line)."""
        line = self.query_one("#save-error", Static)
        line.update(self._unsaved_note or "")
        line.set_class(self._unsaved_note is not None, "-shown")

    def not_saved(self, message: str) -> None:
        """Show why the grade on screen is not saved; the app exits non-zero unless a retry saves it."""
        line = self.query_one("#save-error", Static)
        self._unsaved_note = Text(f"NOT SAVED: {message}\nPress a grade key to try again, or Esc to end the session.",
                                  style="bold")
        line.update(self._unsaved_note)
        line.add_class("-shown")
        self.unsaved = True
        self.app.post_message(StoreFailed(f"a grade was NOT SAVED: {message}", fatal=False))

    def saved(self) -> None:
        """A save went through: clear a NOT SAVED line left by an earlier try."""
        line = self.query_one("#save-error", Static)
        line.remove_class("-shown")
        line.update("")
        self._unsaved_note = None
        if self.unsaved:
            self.unsaved = False
            self.app.post_message(StoreRecovered())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grades exist only on the answer side (so 1-4 stay free while a question is open); "sure" only before."""
        if action == "grade":
            return self.outcome is not None
        if action == "toggle_sure":
            return self.outcome is None and self.item is not None
        return True

    def action_toggle_sure(self) -> None:
        """ctrl+s: say (or take back) "I'm sure" before checking; the hint line shows the state."""
        if self.item is None or self.outcome is not None:
            return
        self.sure = not self.sure
        self.query_one(GradeBar).ask(self._enter_hint(self.item))

    # ------------------------------------------------------------------ other keys

    @ends_on_store_error
    async def action_undo(self) -> None:
        """Take back the last grade, bury, suspend or flag and show that card again (in a worker)."""
        if not self.still_saving():
            await self._in_worker(self._undo())

    @ends_on_store_error
    async def _undo(self) -> None:
        try:
            item = await self._off_loop(self.backend.undo)
        except StoreError as exc:
            if not exc.transient:
                raise
            self.notify(f"Not undone: {exc.message}", severity="error", timeout=8)
            return
        if item is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        undone = self.backend.undone
        self.notify(UNDONE.get(undone, "Undone."), timeout=2)
        if undone == "flag" and self.item is not None and item.id == self.item.id:
            self.refresh_counts()  # the card on screen keeps its answer side
            return
        await self.show_item(item)

    @ends_on_store_error
    async def action_bury(self) -> None:
        """Hide this card until tomorrow."""
        await self._mark(self.backend.bury, "buried", "Buried until tomorrow.")

    @ends_on_store_error
    async def action_suspend(self) -> None:
        """Hide this card until unsuspended."""
        await self._mark(self.backend.suspend, "suspended", "Suspended.")

    async def _mark(self, mark: Callable[[Item], None], what: str, done: str) -> None:
        """Bury or suspend the card on screen (in a worker); a save that fails says so and keeps the card."""
        item = self.item
        if item is not None and not self.still_saving():
            await self._in_worker(self._marked(item, mark, what, done))

    @ends_on_store_error
    async def _marked(self, item: Item, mark: Callable[[Item], None], what: str, done: str) -> None:
        try:
            await self._off_loop(lambda: mark(item))
        except StoreError as exc:
            if not exc.transient:
                raise
            self.notify(f"NOT {what.upper()}: {exc.message}", severity="error", timeout=8)
            return
        self.notify(done, timeout=2)
        await self.show_next()

    @ends_on_store_error
    async def action_flag(self) -> None:
        """Flag the card (for a closer look later), in a worker."""
        item = self.item
        if item is not None and not self.still_saving():
            await self._in_worker(self._flag(item))

    @ends_on_store_error
    async def _flag(self, item: Item) -> None:
        try:
            flagged = await self._off_loop(lambda: self.backend.flag(item))
        except StoreError as exc:
            if not exc.transient:
                raise
            self.notify(f"Flag NOT SAVED: {exc.message}", severity="error", timeout=8)
            return
        self.notify("Flagged." if flagged else "Flag removed.", timeout=2)
        self.refresh_counts()

    def action_browse(self) -> None:
        """Open the card browser (when progress is saved); the session waits underneath."""
        if self.still_saving():
            return
        if not self.backend.saves:
            self.notify("The card browser needs saved progress (not available in preview).", timeout=3)
            return
        self.post_message(BrowseCards(f"id:{self.item.id}" if self.item is not None else ""))

    def action_scroll(self, direction: int) -> None:
        """Page the card body (long explanations on small terminals)."""
        page(self.query_one("#body", VerticalScroll), direction)

    @ends_on_store_error
    def action_leave(self) -> None:
        """Escape: end the session and show its summary."""
        if not self.still_saving():
            self.finish()

    def finish(self) -> None:
        """Swap this screen for the session summary."""
        from backhip_learn.tui.screens.summary import SummaryScreen

        backend, misconceptions = self.backend, self.misconceptions
        self.app.switch_screen(SummaryScreen(backend.summary(), resume=lambda: ReviewScreen(backend, misconceptions),
                                             ready=backend.ready))
