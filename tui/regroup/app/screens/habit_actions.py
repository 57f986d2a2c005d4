"""The main screen's habit keys (issue 17): ``space`` ticks the focused habit off for today
(again: takes the tick back), "Week" in the palette opens the weekly review, which also
opens by itself on the first launch of a new week. The cards' "2/3 this week" and the
"Today: …" line are redrawn from the file after every change. Mixed into MainScreen.

Data flows as everywhere: key -> action -> Saver (the store) -> StoreChanged -> redraw.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from regroup.app.saving import StoreChanged
from regroup.app.screens.board_base import BoardBase
from regroup.app.widgets.habit_line import TodayLine, card_extras
from regroup.domain.board import Board
from regroup.domain.changes import Change
from regroup.domain.dates import today_in
from regroup.domain.habits import agenda, habit_week, not_a_habit, set_tick, tick_words, today_line
from regroup.domain.schedule import TICKS

if TYPE_CHECKING:
    from regroup.app.app import RegroupApp
    from regroup.domain.review import Review


class HabitActions(BoardBase):
    app: RegroupApp

    def today(self) -> date:
        return today_in(self._zone(), self.app.now())

    def on_mount(self) -> None:
        self.today_line = TodayLine(id="cd-today")
        self.countdown.mount(self.today_line)
        self.show_habits()
        self.set_interval(5, self._new_day, name="habits-new-day")  # a date compare: cheap
        self._shown_day = self.today()
        self.call_after_refresh(self._review_if_due)

    def on_store_changed(self, message: StoreChanged) -> None:
        """(By name: @on needs Textual's metaclass, which a mixin does not have.) A change
        that touches no tick and no card that repeats or has a day leaves the habits as
        they are: a move on a 10,000-card board does not walk every card again."""
        if message.everything or message.change is None or _touches_habits(message.change, self.app.store.board):
            self.show_habits()

    def _new_day(self) -> None:
        """Past midnight the counts, the bars and the agenda are another day's."""
        if self.today() != self._shown_day:
            self._shown_day = self.today()
            self.show_habits()

    def show_habits(self) -> None:
        """The cards' habit and day, and the Today line, as the file holds them now."""
        store = self.app.store
        today, ticks = self.today(), store.ticks()
        extras = card_extras(store.board, ticks, today)
        for column in self.board_view.columns:  # all of them: a filter may show any card later
            column.set_extras(extras)
        if hasattr(self, "today_line"):
            self.today_line.show(today_line(agenda(store.board, ticks, today)))

    # --- space: tick -------------------------------------------------------------------

    def action_tick(self) -> None:
        card = self._card_or_hint()
        if card is None:
            return
        if card.per_week is None:
            self.notify(not_a_habit(card), timeout=6, markup=False)
            return
        store, now, today = self.app.store, self.app.now(), self.today()
        on = not store.ticks().has(card.id, today)
        change = self.app.saver.save(
            lambda state: set_tick(state.board, state.records(TICKS), card, today, on, state.new_id, now)
        )
        fresh = store.board.cards.get(card.id)
        week = habit_week(fresh, store.ticks(), today) if fresh is not None else None
        if change is not None and week is not None:
            self.notify(tick_words(week, on), timeout=3, markup=False)

    # --- the weekly review ------------------------------------------------------------

    def action_week_review(self) -> None:
        from regroup.domain.review import weekly_review

        store = self.app.store
        self._open_review(weekly_review(store.board, store.journey, store.records, self.today(), self._zone()))

    def _zone(self) -> str:
        plan = self.app.store.plan
        return plan.zone if plan else "UTC"

    def _review_if_due(self) -> None:
        from regroup.domain.habits import week_start
        from regroup.domain.review import REVIEW_WEEK, review_due, weekly_review

        store = self.app.store
        if store.plan is None or store.readonly or self.app.screen is not self:
            return
        today = self.today()
        shown = store.settings.get(REVIEW_WEEK)
        if shown == week_start(today).isoformat():
            return  # shown this week: nothing to work out (a big board's review takes a while)
        uses = bool(store.records(TICKS)) or any(
            c.per_week is not None or c.day is not None for c in store.board.cards.values()
        )
        if shown is None and not uses:
            return  # never shown, and no habit or day: not greeted by it (review_due says the same)
        review = weekly_review(store.board, store.journey, store.records, today, self._zone())
        if review_due(store.settings, review, today, uses_habits=uses):
            self._open_review(review)

    def _open_review(self, review: Review) -> None:
        from regroup.app.screens.review import ReviewScreen
        from regroup.domain.habits import week_start
        from regroup.domain.logbook import setting_set
        from regroup.domain.review import REVIEW_WEEK

        monday = week_start(self.today()).isoformat()
        if self.app.store.settings.get(REVIEW_WEEK) != monday:  # shown this week: not again by itself
            self.app.saver.save(lambda state: setting_set(state, REVIEW_WEEK, monday), undoable=False)
        self.app.push_screen(ReviewScreen(review))


def _touches_habits(change: Change, board: Board) -> bool:
    """A tick, or a card that repeats or has a day (now, or before the change: an edit
    names only the fields it changes, so the card itself is looked at)."""
    for edit in change.edits:
        if edit.table == TICKS:
            return True
        if edit.table == "cards":
            card = board.cards.get(edit.key)
            if card is not None and (card.per_week is not None or card.day is not None):
                return True
            for doc in (edit.before, edit.after):
                if doc and (doc.get("per_week") is not None or doc.get("day") is not None):
                    return True
    return False
