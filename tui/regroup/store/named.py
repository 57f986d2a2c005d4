"""Changes by name, for the command line, the demo board and tests: each builds its
change from what the file holds now and goes through ``Store.apply``. Mixed into Store."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from regroup.domain import board as ops
from regroup.domain import logbook
from regroup.domain.changes import Change
from regroup.domain.daily import CheckIn, Contact, JournalEntry
from regroup.domain.journey import Check, Journey
from regroup.domain.logbook import State
from regroup.domain.model import Card
from regroup.domain.plan import Extension, Plan, Slip

if TYPE_CHECKING:
    from datetime import datetime

    from regroup.domain.board import Board
    from regroup.store.store import Builder

    class _Base:
        """What these names use of the Store they are mixed into (store.py)."""

        _board: Board
        _journey: Journey

        def apply(
            self,
            change: Change | Builder | None,
            now: datetime | None = None,
            *,
            session: str = "",
            record: bool = False,
        ) -> Change | None: ...

else:
    _Base = object

_CURRENT: Any = object()  # set_plan's default: expect the plan as the file holds it
CARDS = "cards"


class NamedChanges(_Base):
    def add_card(
        self,
        title: str,
        column: str = "ideas",
        category: str = "mind",
        notes: str = "",
        session: str = "add",
        **schedule: Any,
    ) -> Card:
        """Add one card (``regroup-tui add``: its own change in the history); returns it
        once it is on disk. ``schedule``: per_week, day, time (see domain/schedule.py)."""

        def new_card(state: State) -> Change:
            return ops.add_card(state.board, title, column, category, notes, card_id=state.new_id(CARDS), **schedule)

        change = self.apply(new_card, session=session, record=True)
        assert change is not None
        return self._board.cards[change.edits[0].key]

    def set_plan(self, plan: Plan, now: datetime | None = None, seen: Plan | None = _CURRENT) -> Journey:
        """Save the plan. ``seen``: the plan the user changed (each field changed must still
        hold what was seen); by default, whatever the file holds."""
        self.apply(lambda state: logbook.plan_set(state, plan, state.journey.plan if seen is _CURRENT else seen, now))
        return self._journey

    def log_slip(self, slip: Slip) -> Journey:
        self.apply(lambda state: logbook.slip_logged(state, slip))
        return self._journey

    def log_extension(self, extension: Extension) -> Journey:
        self.apply(lambda state: logbook.extension_logged(state, extension))
        return self._journey

    def log_check(self, check: Check, extension: Extension | None = None) -> Journey:
        self.apply(lambda state: logbook.check_logged(state, check, extension))
        return self._journey

    def save_checkin(self, checkin: CheckIn) -> Journey:
        """One check-in per day: a second one the same day replaces the first."""
        self.apply(lambda state: logbook.checkin_saved(state, checkin, state.journey.checkin_for(checkin.day)))
        return self._journey

    def save_entry(self, entry: JournalEntry) -> Journey:
        """Write a journal entry: new when its id is 0, else the entry with that id."""

        def entry_as_saved(state: State) -> Change | None:
            seen = next((e for e in state.journey.journal if e.id == entry.id), None) if entry.id else None
            return logbook.entry_saved(state, entry, seen)

        self.apply(entry_as_saved)
        return self._journey

    def log_contact(self, contact: Contact) -> Journey:
        self.apply(lambda state: logbook.contact_logged(state, contact))
        return self._journey

    def tick(
        self, seen: Card, day: date, on: bool = True, now: datetime | None = None, session: str = "tick"
    ) -> Change | None:
        """Tick a habit off for ``day`` (or take the tick back): its own change in the
        history. None when the day already was as asked."""
        from regroup.domain.habits import set_tick
        from regroup.domain.schedule import TICKS

        return self.apply(
            lambda state: set_tick(state.board, state.records(TICKS), seen, day, on, state.new_id, now),
            now=now,
            session=session,
            record=True,
        )

    def set_setting(self, key: str, value: str | int | bool | None) -> None:
        self.apply(lambda state: logbook.setting_set(state, key, value))
