"""The main screen: the board (and, beside it, the countdown)."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable
from datetime import date, timedelta

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.containers import Vertical
from textual.widgets import Header, Input, Static

from regroup.app import writer
from regroup.app.keys import BOARD_KEYS, PLAN_KEYS, bindings
from regroup.app.modals.form import ask
from regroup.domain.daily import MOODS, make_checkin, make_contact
from regroup.app.widgets.countdown import CountdownPanel
from regroup.domain.dates import today_in
from regroup.domain.journey import Check
from regroup.domain.model import utc_stamp
from regroup.domain.plan import Extension, make_slip
from regroup.app.widgets.board import BoardView
from regroup.app.widgets.column import CardColumn, CardPalette
from regroup.app.widgets.key_bar import KeyBar
from regroup.app.widgets.filter_box import FilterBox
from regroup.domain import board as ops
from regroup.domain.board import Board, Change
from regroup.domain.model import COLUMNS, Card
from regroup.errors import SaveFailed, UserError

UNDO_LEVELS = 100

# The dialogs and the journal are imported when first opened, not at start-up: the first
# frame needs only the countdown and the board (see bench/run.py).


class BoardChanged(Message):
    """The store holds a new board: redraw these columns and put the focus on this card."""

    def __init__(self, columns: set[str] | None, focus_id: int | None = None, column: str | None = None) -> None:
        super().__init__()
        self.columns = columns
        self.focus_id = focus_id
        self.column = column


class Saved(Message):
    """The writer thread has finished the write in flight (see ``MainScreen.settle``)."""


class MainScreen(Screen):
    AUTO_FOCUS = ""  # on_mount focuses the board itself: one focus change (a restyle), not three
    BINDINGS = bindings(BOARD_KEYS) + bindings(PLAN_KEYS) + [Binding("escape", "clear_filter", show=False, id="clear_filter")]

    def __init__(self) -> None:
        super().__init__(id="main")
        self.undo_stack: list[Change] = []
        self.pending: list[Change] = []  # changes on screen that could not be saved yet
        # The change being written on the writer thread: (its future, the change, the board
        # it shows, whether undo may take it back).
        self._saving: tuple[writer.Write, Change, Board, bool] | None = None
        self._styled_at_mount = True

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """The first resume comes right after the mount, which has just styled every
        widget, and Textual's handler would style the whole screen again: 54 stylesheet
        applications, a third of the styling before the first frame. Later resumes (back
        from a dialog or the journal) restyle as usual."""
        if self._styled_at_mount and event.refresh_styles:
            self._styled_at_mount = False
            event.prevent_default()  # Screen's handler runs here, once, without the restyle
            Screen._on_screen_resume(self, events.ScreenResume(refresh_styles=False))

    @property
    def store(self):
        """The store, once the write in flight (if any) is done and taken in."""
        self.settle()
        return self.app.store  # type: ignore[attr-defined]

    @property
    def board(self) -> Board:
        """What the user sees: the saved board (or the one being written), plus any change
        the disk refused so far."""
        board = self._saving[2] if self._saving else self.app.store.board  # type: ignore[attr-defined]
        for change in self.pending:
            board = board.apply(change)
        return board

    def compose(self) -> ComposeResult:
        yield Header(icon="◐")
        # Kept as attributes: every key reaches them, and a query per use walks the tree.
        self.countdown = CountdownPanel(now=self.app.now, done=lambda: len(self.board.column("done")), id="countdown")
        yield self.countdown
        palette = CardPalette()  # outside the board: a focus change restyles the board, not it
        yield palette
        self.board_view = BoardView(palette, id="board")
        yield self.board_view
        self.filter_info = Static("", id="filter-info")
        self.filter_box = FilterBox(
            placeholder="type to narrow the cards and the journal; enter keeps it, escape clears it", id="filter"
        )
        with Vertical(id="filter-bar") as self.filter_bar:  # shown by "/": one layout then, none per letter typed
            yield self.filter_info
            yield self.filter_box
        yield KeyBar()

    def on_mount(self) -> None:
        self.watch(self.filter_box, "value", self._filter_changed, init=False)
        self.countdown.show(self.store.journey)
        self.board_view.show(self.board)
        first = next((c for c in self.board_view.columns if c.cards), self.board_view.columns[0])
        self.activate(first)

    # --- where the focus is ---------------------------------------------------------

    @property
    def focused_column(self) -> CardColumn:
        return self.board_view.active_column

    def activate(self, column: CardColumn) -> None:
        """Give the board the focus, with ``column`` active."""
        self.board_view.activate(column.column_name)
        self.set_focus(self.board_view)

    @property
    def focused_card(self) -> Card | None:
        return self.focused_column.current

    def focus_card(self, card_id: int | None, column: str | None = None) -> None:
        """Put the focus on a card by id (or on a column), never nowhere."""
        if card_id is not None and card_id in self.board.cards:
            name = self.board.cards[card_id].column
            col = self.board_view.column(name)
            index = col.index_of(card_id)
            if index is not None:
                self.activate(col)
                col.move_cursor(index)
                return
        col = self.board_view.column(column) if column else self.focused_column
        self.activate(col)

    # --- the flow of one change: action -> store -> message -> widgets ----------------

    def build(self, make: Callable[[], Change | None]) -> Change | None:
        """A change from the domain, or None with a toast when it refuses (a card deleted
        in another window, say). The write in flight is finished first: a change is made
        against what is on disk."""
        self.settle()
        try:
            return make()
        except UserError as error:
            self.notify(str(error), title="Not saved", severity="error")
            return None

    def commit(self, change: Change | None, *, undoable: bool = True, toast: bool = False) -> bool:
        """Show ``change`` at once and write it on the writer thread. The next change waits
        for this write (``settle``); a write that fails keeps the change on screen, says so
        and is retried on every poll."""
        if change is None:
            return False
        self.settle()
        before = self.board
        columns = change.columns(before)
        if self.pending:  # keep the order: this one waits behind those the disk refused
            self.pending.append(change)
            self.flush_pending()
        else:
            write = writer.submit(self.app.store.apply, change)  # type: ignore[attr-defined]
            self._saving = (write, change, before.apply(change), undoable)
            write.future.add_done_callback(lambda _: self.post_message(Saved()))
            # Once the change is on screen. The screen's first idle comes before the widgets
            # have asked it to repaint (its callbacks would run before the frame, and the
            # write's Python half would hold the interpreter the frame needs): ask again
            # from there, which runs after the frame.
            self.call_after_refresh(self.call_after_refresh, write.start)
        if toast:
            self.notify(change.label, timeout=3)
        self.post_message(BoardChanged(columns, change.focus, self.focused_column.column_name))
        return True

    @on(Saved)
    def settle(self) -> None:
        """Wait for the write in flight, if any, and take in how it went."""
        if self._saving is None:
            return
        write, change, shown, undoable = self._saving
        self._saving = None
        try:
            inverse = write.result()
        except SaveFailed as error:
            self.pending.append(change)
            self.app.sub_title = "unsaved changes: retrying"
            self.notify(
                f"{error} Your change stays on screen and is saved as soon as the disk allows.",
                title="Not saved yet",
                severity="error",
                timeout=10,
            )
        except UserError as error:  # it no longer applies (changed in another window)
            self.notify(str(error), title="Not saved", severity="error")
            self._redraw()
        else:
            if undoable:
                self.undo_stack.append(inverse)
                del self.undo_stack[:-UNDO_LEVELS]
            if self.app.store.board != shown:  # type: ignore[attr-defined]
                self._redraw()  # the file held changes from elsewhere, or an id was taken

    def _redraw(self) -> None:
        card = self.focused_card
        self.post_message(BoardChanged(None, card.id if card else None, self.focused_column.column_name))

    def flush_pending(self) -> None:
        """Try again to save what the disk refused (called on every poll and every change)."""
        while self.pending:
            try:
                inverse = self.store.apply(self.pending[0])
            except SaveFailed:
                return
            except UserError as error:  # no longer applies (changed elsewhere): drop it, say so
                self.notify(str(error), title="Not saved", severity="error")
            else:
                self.undo_stack.append(inverse)
            self.pending.pop(0)
        if self.app.sub_title.startswith("unsaved"):
            self.app.sub_title = ""
            self.notify("Everything is saved now.", timeout=4)
            self._redraw()

    @on(BoardChanged)
    def _board_changed(self, message: BoardChanged) -> None:
        self.board_view.show(self.board, message.columns, message.focus_id)
        if message.columns is None or "done" in message.columns:
            self.countdown.refresh_daily()
        self.focus_card(message.focus_id, message.column)

    def refresh_from_store(self) -> None:
        """The file changed elsewhere: redraw everything, keeping the focus on its card."""
        self.countdown.show(self.store.journey)
        self._redraw()

    # --- focus keys ----------------------------------------------------------------

    def action_focus_left(self) -> None:
        self._focus_column(-1)

    def action_focus_right(self) -> None:
        self._focus_column(+1)

    def _focus_column(self, step: int) -> None:
        current = self.focused_column
        index = COLUMNS.index(current.column_name) + step
        if 0 <= index < len(COLUMNS):
            target = self.board_view.columns[index]
            # keep the same row, as the eye expects
            target.cursor = min(current.cursor, max(0, len(target.cards) - 1)) if target.cards else 0
            self.activate(target)
            target.scroll_to_cursor()

    def action_cursor_up(self) -> None:
        col = self.focused_column
        col.move_cursor(col.cursor - 1)

    def action_cursor_down(self) -> None:
        col = self.focused_column
        col.move_cursor(col.cursor + 1)

    def action_cursor_first(self) -> None:
        self.focused_column.move_cursor(0)

    def action_cursor_last(self) -> None:
        col = self.focused_column
        col.move_cursor(len(col.cards) - 1)

    # --- card keys -----------------------------------------------------------------

    def _card_or_hint(self) -> Card | None:
        card = self.focused_card
        if card is None:
            self.notify("This column is empty: n adds a card.", timeout=3)
        return card

    def action_move_left(self) -> None:
        self._move(-1)

    def action_move_right(self) -> None:
        self._move(+1)

    def _move(self, step: int) -> None:
        if card := self._card_or_hint():
            self.commit(self.build(lambda: ops.move_card(self.board, card.id, step)))

    def action_move_up(self) -> None:
        if card := self._card_or_hint():
            self.commit(self.build(lambda: ops.reorder_card(self.board, card.id, -1)))

    def action_move_down(self) -> None:
        if card := self._card_or_hint():
            self.commit(self.build(lambda: ops.reorder_card(self.board, card.id, +1)))

    @work(exclusive=True, group="form")
    async def action_new_card(self) -> None:
        from regroup.app.modals.card_form import CardForm

        column = self.focused_column.column_name
        result = await self.app.push_screen_wait(CardForm(column=column))
        if result is not None:
            self.commit(
                self.build(lambda: ops.add_card(self.board, result.title, column, result.category, result.notes)),
                toast=True,
            )

    @work(exclusive=True, group="form")
    async def action_edit_card(self) -> None:
        from regroup.app.modals.card_form import CardForm

        card = self._card_or_hint()
        if card is None:
            return
        result = await self.app.push_screen_wait(CardForm(card=card))
        if result is not None:
            self.commit(
                self.build(lambda: ops.edit_card(self.board, card.id, result.title, result.category, result.notes)),
                toast=True,
            )

    @work(exclusive=True, group="form")
    async def action_delete_card(self) -> None:
        from regroup.app.modals.confirm import Confirm

        card = self._card_or_hint()
        if card is None:
            return
        if await self.app.push_screen_wait(Confirm(f"Delete “{card.title}”?\nu brings it back.")):
            self.commit(self.build(lambda: ops.delete_card(self.board, card.id)), toast=True)

    def action_undo(self) -> None:
        self.settle()
        if self.pending:  # the newest change is one the disk has not taken yet: just drop it
            change = self.pending.pop()
            self.notify(f"Undone: {change.label}", timeout=3)
            if not self.pending:
                self.app.sub_title = ""
            self.post_message(BoardChanged(None, change.focus))
            return
        if not self.undo_stack:
            self.notify("Nothing to undo.", timeout=2)
            return
        change = self.undo_stack.pop()
        label = change.label
        if self.commit(change, undoable=False):
            self.notify(f"Undone: {label}", timeout=3)

    # --- the plan ------------------------------------------------------------------

    @work(exclusive=True, group="form")
    async def action_plan_settings(self) -> None:
        from regroup.app.modals.plan_settings import PlanSettings

        plan = self.store.journey.plan
        if plan is None:
            return
        def save(new):
            return None if new == plan else self.store.set_plan(new, now=self.app.now())

        outcome = await ask(self.app, lambda typed: PlanSettings(typed or plan), save)
        if outcome is None or outcome[1] is None:
            return
        journey = outcome[1]
        self.countdown.show(journey)
        self.board_view.show(self.board)
        self.notify("Plan saved.", timeout=3)  # at zero, the panel's Reached asks the check

    @work(exclusive=True, group="form")
    async def action_log_slip(self) -> None:
        from regroup.app.modals.slip import SlipForm

        plan = self.store.journey.plan
        if plan is None:
            return
        today = today_in(plan.tz, self.app.now()).isoformat()
        outcome = await ask(
            self.app,
            lambda typed: SlipForm(typed.day if typed else today, plan.restart_on_slip, plan.them, typed.note if typed else ""),
            lambda typed: self.store.log_slip(make_slip(typed.day, typed.note, plan, now=self.app.now())),
        )
        if outcome is None:
            return
        self.countdown.show(outcome[1])
        self.notify("Slip logged. Be kind to yourself: the count goes on from here.", timeout=4)

    @on(CountdownPanel.Reached)
    def _reached(self) -> None:
        """The panel found the countdown at zero (at start, or ticking over): ask once."""
        if self.store.journey.needs_check(self.app.now()):
            self.action_emotion_check()

    @work(group="check")
    async def action_emotion_check(self) -> None:
        from regroup.app.modals.emotion_check import EmotionCheck

        state = self.store.journey.countdown(self.app.now())
        if state is None or not state.started:
            self.notify("The emotion check comes when the countdown has started.", timeout=3)
            return
        if not state.reached:
            self.notify(f"The emotion check opens on {state.contact_date.isoformat()}.", timeout=3)
            return
        if any(isinstance(screen, EmotionCheck) for screen in self.app.screen_stack):
            return
        answer = await self.app.push_screen_wait(EmotionCheck())
        if answer is None:
            return
        now = self.app.now()
        check = Check(state.contact_date, answer, utc_stamp(now))
        plan = self.store.journey.plan
        extension = Extension(today_in(plan.tz, now)) if answer == "not_yet" and plan else None
        try:
            journey = self.store.log_check(check, extension)
        except UserError as error:
            self.notify(str(error), title="Not saved", severity="error")
            return
        self.countdown.show(journey)
        if extension:
            self.notify("7 more days added. Looking after yourself comes first.", timeout=5)
        else:
            self.notify("Good luck. Keep the first message light and friendly.", timeout=5)

    # --- daily use -----------------------------------------------------------------

    def _zone_today(self) -> tuple[str, "date"]:
        plan = self.store.journey.plan
        zone = plan.tz if plan else "UTC"
        return zone, today_in(zone, self.app.now())

    @work(exclusive=True, group="form")
    async def action_checkin(self) -> None:
        from regroup.app.modals.checkin import CheckInForm

        zone, today = self._zone_today()
        yesterday = today - timedelta(days=1)
        journey = self.store.journey
        existing = {c.day.isoformat(): c for c in journey.checkins if c.day in (today, yesterday)}
        result = await self.app.push_screen_wait(CheckInForm(today.isoformat(), yesterday.isoformat(), existing))
        if result is None:
            return
        try:
            checkin = make_checkin(result.day, result.mood, result.words, zone, self.app.now())
            journey = self.store.save_checkin(checkin)
        except UserError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=8)
            return
        self.countdown.show(journey)
        self.notify(f"Checked in: {MOODS[checkin.mood]}. Thank you for looking after yourself.", timeout=4)

    def action_journal(self) -> None:
        from regroup.app.screens.journal import JournalScreen

        self.app.push_screen(JournalScreen(self.board_view.filter_text))

    @work(exclusive=True, group="form")
    async def action_log_contact(self) -> None:
        from regroup.app.modals.contact import ContactForm

        journey = self.store.journey
        plan = journey.plan
        if plan is None:
            return
        now = self.app.now()
        state = journey.countdown(now)
        if state is None or not state.reached:
            self.notify("Not yet: before the date, contact is a slip (! logs one).", timeout=5)
            return
        zone, today = self._zone_today()

        def save(typed):
            contact = make_contact(0, typed.day, typed.how, typed.answered, typed.note, zone, now)
            return contact, self.store.log_contact(contact)

        outcome = await ask(self.app, lambda typed: ContactForm(today.isoformat(), plan.them, typed), save)
        if outcome is None:
            return
        result, (contact, journey) = outcome
        self.countdown.show(journey)
        if result.moved_on:
            self._moved_on()
        elif not contact.answered:
            self.notify(f"No answer is an answer for now. Try again on {contact.next_try.isoformat()}.", timeout=6)
        else:
            self.notify("Contact logged.", timeout=3)

    @work(exclusive=True, group="moved-on")
    async def _moved_on(self) -> None:
        from regroup.app.modals.confirm import Confirm

        plan = self.store.journey.plan
        if plan is None:
            return
        question = (
            f"It sounds like {plan.them} has moved on. That hurts, and it says nothing about what you are worth. "
            "The guides agree: the kindest thing now is to let go and keep building your own life.\n\n"
            "Archive the plan? The countdown stops; your board, check-ins and journal stay."
        )
        archive = await self.app.push_screen_wait(Confirm(question, yes="Archive the plan", no="Not now"))
        _, today = self._zone_today()
        try:
            journey = self.store.set_plan(replace(plan, moved_on=today, archived=bool(archive)), now=self.app.now())
        except UserError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=8)
            return
        self.countdown.show(journey)
        if archive:
            self.notify("Plan archived. Be gentle with yourself; your board is still here.", timeout=6)

    # --- filter --------------------------------------------------------------------

    def action_filter(self) -> None:
        self.filter_bar.add_class("visible")
        self._filter_info()
        self.set_focus(self.filter_box)  # at once, not on the next tick: "/run" typed fast must land in the box

    def _filter_changed(self, value: str) -> None:
        """Watches the box's value: runs in the same turn as the key, so the box and the
        narrowed board reach the screen in one frame (a Changed message would come a
        frame later)."""
        self.board_view.filter_text = value.strip()
        self.board_view.show(self.board)
        self._filter_info()

    def _filter_info(self) -> None:
        needle = self.board_view.filter_text.casefold()
        info = self.filter_info
        if not needle:
            info.update("Filter", layout=False)
            return
        found = sum(1 for entry in self.store.journey.journal if entry.matches(needle))
        cards = sum(len(c.cards) for c in self.board_view.columns)
        info.update(
            f"Filter: {cards} card{'s' if cards != 1 else ''} · {found} journal entr{'ies' if found != 1 else 'y'} match"
            + (" (w shows them)" if found else ""),
            layout=False,  # one fixed line
        )

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.action_clear_filter()
        else:
            self.focus_card(None, self.focused_column.column_name)

    def action_clear_filter(self) -> None:
        had = bool(self.board_view.filter_text) or self.filter_bar.has_class("visible")
        self.filter_box.value = ""
        self.filter_bar.remove_class("visible")
        self.board_view.filter_text = ""
        self._filter_info()
        if had:
            card = self.focused_card
            self.board_view.show(self.board, None, card.id if card else None)
            self.focus_card(card.id if card else None, self.focused_column.column_name)
