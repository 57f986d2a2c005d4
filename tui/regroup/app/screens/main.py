"""The main screen: the board, and beside it the countdown.

Every card key builds its change from the card as the user sees it and hands it to the
app's ``Saver``, which writes it and only then tells this screen (``StoreChanged``) to
redraw the columns it touched and put the focus on its card. The plan and daily actions
(``plan_actions.py``, ``daily_actions.py``) and the filter (``filtering.py``) are mixed in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Static

from regroup.app.keys import BOARD_KEYS, HARD_KEYS, MAIN_HELP, PLAN_KEYS, bindings
from regroup.app.saving import StoreChanged
from regroup.app.screens.daily_actions import DailyActions
from regroup.app.screens.filtering import Filtering
from regroup.app.screens.habit_actions import HabitActions
from regroup.app.screens.hard_actions import HardActions
from regroup.app.screens.plan_actions import PlanActions
from regroup.app.textual_fixes import FirstResumeWithoutRestyle
from regroup.app.widgets.board import BoardView
from regroup.app.widgets.column import CardColumn, CardPalette
from regroup.app.widgets.countdown import CountdownPanel
from regroup.app.widgets.filter_box import FilterBox
from regroup.app.widgets.hard_moments import HardMomentsPanel
from regroup.app.widgets.key_bar import KeyBar
from regroup.domain import board as ops
from regroup.domain.model import COLUMNS, Card
from regroup.errors import UserError

if TYPE_CHECKING:
    from regroup.app.app import RegroupApp
    from regroup.domain.changes import Change
    from regroup.store.store import Builder

# Below these, the countdown panel is compact (three lines, no digits) and the header goes:
# at 80x24 the focused column then shows six cards and every line of the panel whole.
FULL_PANEL_HEIGHT = 30
FULL_PANEL_WIDTH = 96
# Below this height the panel is one line (the days left), as if hidden with z: at 40x12
# the cards need every row there is.
COMPACT_PANEL_HEIGHT = 18


def panel_mode(width: int, height: int, hidden: bool) -> str:
    if hidden or height < COMPACT_PANEL_HEIGHT:
        return "mini"
    return "full" if height >= FULL_PANEL_HEIGHT and width >= FULL_PANEL_WIDTH else "compact"


# The dialogs and the journal are imported when first opened, not at start-up: the first
# frame needs only the countdown and the board.


class MainScreen(FirstResumeWithoutRestyle, HabitActions, PlanActions, DailyActions, HardActions, Filtering, Screen):
    AUTO_FOCUS = ""  # on_mount focuses the board itself: one focus change (a restyle), not three
    # escape first: while a filter narrows the board, the footer says so before anything else
    BINDINGS = (
        [Binding("escape", "clear_filter", "Clear the filter", id="clear_filter")]
        + bindings(BOARD_KEYS)
        + bindings(HARD_KEYS)  # before the plan's: on a narrow footer, r stays (issue 16)
        + bindings(PLAN_KEYS)
    )
    KEYS = MAIN_HELP
    HELP_TITLE = "Keys on the board"

    app: RegroupApp

    def __init__(self) -> None:
        super().__init__(id="main")

    @property
    def panel_hidden(self) -> bool:
        """The user hid the countdown panel (z); kept in the file, like the theme."""
        return self.app.store.settings.get("panel") == "hidden"

    def compose(self) -> ComposeResult:
        width, height = self.app.size
        self.set_class(height < FULL_PANEL_HEIGHT, "-short")  # before the first frame: one layout
        yield Header(icon="◐")
        # Kept as attributes: every key reaches them, and a query per use walks the tree.
        self.countdown = CountdownPanel(
            now=self.app.now,
            done=lambda: len(self.board.column("done")),
            id="countdown",
            mode=panel_mode(width, height, self.panel_hidden),
        )
        yield self.countdown
        self.hard_panel = HardMomentsPanel(self.app.now, lambda: self.app.store.journey, id="hard-moments")
        yield self.hard_panel
        palette = CardPalette()  # outside the board: a focus change restyles the board, not it
        yield palette
        self.board_view = BoardView(palette, id="board")
        yield self.board_view
        self.filter_info = Static("", id="filter-info", markup=False)
        self.filter_box = FilterBox(
            placeholder="type to narrow the cards and the journal; enter keeps it, escape clears it", id="filter"
        )
        with Vertical(id="filter-bar") as self.filter_bar:  # shown by "/": one layout then, none per letter typed
            yield self.filter_info
            yield self.filter_box
        yield KeyBar()

    def on_mount(self) -> None:
        self.watch(self.filter_box, "value", self._filter_changed, init=False)
        self.countdown.show(self.app.store.journey)
        self.board_view.show(self.board)
        first = next((c for c in self.board_view.columns if c.cards), self.board_view.columns[0])
        self.activate(first)

    def on_resize(self) -> None:
        self._fit_panel()

    def _fit_panel(self) -> None:
        """The panel's size for the terminal's: compact on a short screen, on its own."""
        width, height = self.size
        self.set_class(height < FULL_PANEL_HEIGHT, "-short")
        self.countdown.set_mode(panel_mode(width, height, self.panel_hidden))

    def action_toggle_panel(self) -> None:
        """z: hide the countdown panel (one line stays: the days left), or show it again.
        Remembered in the file, like the theme."""
        from regroup.domain import logbook

        hidden = not self.panel_hidden
        try:
            self.app.store.apply(lambda state: logbook.setting_set(state, "panel", "hidden" if hidden else "shown"))
        except UserError as error:
            self.notify(str(error), title="Not saved", severity="error")
            return
        self._fit_panel()
        focused = self.focused_column
        focused.scroll_to_cursor()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer shows escape only while there is a filter to clear, and not / in the
        filter box (where it is a letter)."""
        if not hasattr(self, "filter_box"):  # asked before compose
            return True
        if action == "clear_filter":
            return self.filter_bar.has_class("visible") or bool(self.board_view.filter_text)
        if action == "filter":
            return not self.filter_box.has_focus
        return True

    def footer_shows(self, action: str) -> bool:
        """The footer shows "space Tick" only while a habit has the focus: elsewhere it
        would push ? and q off a narrow footer (space still says why on other cards)."""
        if action == "tick":
            card = self.focused_card if hasattr(self, "board_view") else None
            return card is not None and card.per_week is not None
        return True

    def command_available(self, action: str) -> bool:
        """What the palette offers now (the plan's commands depend on the plan)."""
        plan = self.app.store.journey.plan
        if action == "archive_plan":
            return plan is not None and not plan.archived
        if action == "resume_plan":
            return plan is not None and plan.archived
        return True

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
        board = self.board_view.board
        if card_id is not None and card_id in board.cards:
            col = self.board_view.column(board.cards[card_id].column)
            index = col.index_of(card_id)
            if index is not None:
                self.activate(col)
                col.move_cursor(index)
                return
        col = self.board_view.column(column) if column else self.focused_column
        self.activate(col)

    # --- the flow of one change: key -> action -> store -> message -> widgets ----------

    @on(StoreChanged)
    def _store_changed(self, message: StoreChanged) -> None:
        """The file holds something new: redraw what it touched and put the focus on the
        card the change names (or keep it where it is)."""
        store = self.app.store
        change = message.change
        column = self.focused_column.column_name
        if change is None:  # read again: redraw everything, the focus stays on its card
            card = self.focused_card
            self.countdown.show(store.journey)
            self.board_view.show(store.board, None, card.id if card else None)
            self.focus_card(card.id if card else None, column)
            return
        cards = change.keys(ops.CARDS)
        if message.everything:  # other windows' changes came in on the way: redraw all
            focus = change.focus if change.focus is not None else (self.focused_card.id if self.focused_card else None)
            self.countdown.show(store.journey)
            self.board_view.show(store.board, None, focus)
            self.focus_card(focus, column)
            return
        if cards:
            columns = ops.columns_touched(self.board_view.board, store.board, cards)
            self.board_view.show(store.board, columns, change.focus)
            self.focus_card(change.focus, column)
            if "done" in columns:
                self.countdown.refresh_daily()
        if change.tables() - {ops.CARDS, "settings", "history", "deleted"}:
            self.countdown.show(store.journey)

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
            now = self.app.now()
            self.app.saver.save(lambda state: ops.move_card(state.board, card, step, now))

    def action_move_up(self) -> None:
        self._reorder(-1)

    def action_move_down(self) -> None:
        self._reorder(+1)

    def _reorder(self, step: int) -> None:
        if card := self._card_or_hint():
            self.app.saver.save(lambda state: ops.reorder_card(state.board, card, step))

    def action_new_card(self) -> None:
        """A new card, right after the focused one (at the end of an empty column)."""
        from regroup.app.modals.card_form import CardForm, CardInput

        column = self.focused_column.column_name
        after = self.focused_card

        def submit(typed: CardInput) -> None:
            now = self.app.now()
            change = self.app.saver.commit(
                lambda state: ops.add_card(
                    state.board,
                    typed.title,
                    column,
                    typed.category,
                    typed.notes,
                    now=now,
                    card_id=state.new_id(ops.CARDS),
                    after=after.id if after else None,
                    **typed.schedule,
                )
            )
            if change is None:
                return
            card = self.board.cards.get(change.focus) if change.focus is not None else None
            if card is not None and self.board_view.hides(card):
                self.notify(f"{change.label}. The filter hides it: escape shows every card.", timeout=6)
            else:
                self.notify(change.label, timeout=3)

        self.app.push_screen(CardForm(column=column, after=after).saving(submit))

    def action_view_card(self) -> None:
        """Read the focused card whole: its title, notes, the article it comes from, dates."""
        from regroup.app.modals.card_view import CardView

        card = self._card_or_hint()
        if card is None:
            return

        def closed(edit: bool | None) -> None:
            if edit:
                self.action_edit_card()

        self.app.push_screen(CardView(card, self.app.store.journey.plan), closed)

    def action_edit_card(self) -> None:
        from regroup.app.modals.card_form import CardForm, CardInput

        card = self._card_or_hint()
        if card is None:
            return

        def submit(typed: CardInput) -> None:
            self._commit_with_toast(
                lambda state: ops.edit_card(
                    state.board, card, typed.title, typed.category, typed.notes, **typed.schedule
                )
            )

        self.app.push_screen(CardForm(card=card).saving(submit))

    def _commit_with_toast(self, build: Change | Builder) -> None:
        change = self.app.saver.commit(build)
        if change is not None:
            self.notify(change.label, timeout=3)

    def action_delete_card(self) -> None:
        from regroup.app.modals.confirm import Confirm

        card = self._card_or_hint()
        if card is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.saver.save(lambda state: ops.delete_card(state.board, card), toast=True)

        self.app.push_screen(Confirm(f"Delete “{card.title}”?\nu brings it back."), answered)
