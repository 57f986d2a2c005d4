"""The hard moments' keys on the board (issue 16): the urge (r), hard days and support
(D), a plan for the hard day ahead (a), the safety net put away for today (x). The cover
(b) is the app's (it works over any screen that does not type the key). Mixed into
MainScreen; every write goes through the app's Saver, then the panel is redrawn from the
file (``StoreChanged``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on

from regroup.app.saving import StoreChanged
from regroup.app.screens.board_base import BoardBase
from regroup.domain import hard_changes, logbook
from regroup.domain.changes import Change
from regroup.domain.logbook import State
from regroup.domain.model import Card
from regroup.domain.moments import check_cooldown, clean_support, make_hard_day, make_urge, words
from regroup.errors import InvalidInput

if TYPE_CHECKING:
    from regroup.app.modals.hard_days import HardMomentsInput
    from regroup.app.widgets.hard_moments import HardMomentsPanel


class HardActions(BoardBase):
    """Mixed into MainScreen, which holds ``hard_panel``."""

    hard_panel: HardMomentsPanel  # made by MainScreen.compose

    if TYPE_CHECKING:  # the other parts' (plan_actions.py, daily_actions.py)

        def action_log_slip(self) -> None: ...

        def action_log_contact(self) -> None: ...

    @on(StoreChanged)
    def _hard_moments_changed(self, message: StoreChanged) -> None:
        panel = getattr(self, "hard_panel", None)
        if panel is not None and panel.is_mounted:
            panel.show()

    # --- the urge --------------------------------------------------------------------------

    def card_instead(self) -> Card | None:
        """The card the urge screen offers: the top of Doing, else of Planned."""
        board = self.app.store.board
        for column in ("doing", "planned"):
            cards = board.column(column)
            if cards:
                return cards[0]
        return None

    def action_urge(self) -> None:
        from regroup.app.screens.urge import DID_CARD, PASSED, REACHED_OUT, UrgeScreen

        if self.app.store.journey.plan is None:
            return
        now = self.app.now()
        change = self.app.saver.save(lambda state: hard_changes.urge_started(state, make_urge(None, now)))
        if change is None:
            return
        card = self.card_instead()

        def closed(result: str | None) -> None:
            text = words()["urge"]
            if result in (PASSED, DID_CARD):
                self.notify(text["passed"], timeout=5, markup=False)
                if result == DID_CARD and card is not None:
                    self.focus_card(card.id)
            elif result == REACHED_OUT:
                self.notify(text["reached_out"], timeout=5, markup=False)
                state = self.app.store.journey.countdown(self.app.now())
                if state is not None and state.reached:
                    self.action_log_contact()
                else:
                    self.action_log_slip()

        self.app.push_screen(UrgeScreen(change.edits[0].key, card), closed)

    # --- hard days, the support line, the cool-down -------------------------------------------

    def action_hard_moments(self) -> None:
        from regroup.app.modals.hard_days import HardMomentsForm

        journey = self.app.store.journey
        plan = journey.plan
        if plan is None:
            return
        zone, today = self._zone_today()

        def submit(typed: HardMomentsInput) -> None:
            self._save_hard_moments(typed, zone)

        form = HardMomentsForm(plan.support, plan.cooldown_minutes, journey.hard_days, today)
        self.app.push_screen(form.saving(submit))

    def _save_hard_moments(self, typed: HardMomentsInput, zone: str) -> None:
        """Everything typed is checked first; then each change is saved on its own."""
        from dataclasses import replace

        from regroup.domain.dates import parse_whole_number

        now = self.app.now()
        seen = self.app.store.journey.plan
        assert seen is not None
        plan = replace(seen, support=clean_support(typed.support), cooldown_minutes=check_cooldown(typed.cooldown))
        hard_day = None
        if typed.day.strip() or typed.label.strip():
            hard_day = make_hard_day(typed.day, typed.label, typed.yearly, zone, now)
        remove = None
        if typed.remove.strip():
            remove = parse_whole_number(typed.remove.strip(), "The number to remove", "a number from the list")
            if not any(h.id == remove for h in self.app.store.journey.hard_days):
                raise InvalidInput(f"There is no hard day number {remove} in the list.")
        saved = []
        if plan != seen and self.app.saver.commit(lambda state: logbook.plan_set(state, plan, seen, now)):
            saved.append("support and cool-down")
        if hard_day is not None and self.app.saver.commit(lambda state: hard_changes.hard_day_added(state, hard_day)):
            saved.append(hard_day.named)
        if remove is not None and self.app.saver.commit(lambda state: hard_changes.hard_day_removed(state, remove)):
            saved.append(f"removed hard day {remove}")
        if saved:
            self.notify("Saved: " + ", ".join(saved) + ".", timeout=4, markup=False)

    def action_plan_hard_day(self) -> None:
        near = self.hard_panel.near
        if not near:
            self.notify("No hard day in the next three days. D lists them.", timeout=4)
            return
        now = self.app.now()

        def first_not_planned(state: State) -> Change | None:
            """The card of the nearest hard day that has none on the board yet."""
            for item in near:
                change = hard_changes.hard_day_card(state, item.hard_day, now)
                if change is not None:
                    return change
            return None

        change = self.app.saver.save(first_not_planned)
        if change is None:
            said = "That plan is" if len(near) == 1 else "Those plans are"
            self.notify(f"{said} on your board already.", timeout=4)
            return
        self.notify(change.label, timeout=4, markup=False)
        self.focus_card(change.focus)

    def action_dismiss_safety_net(self) -> None:
        now = self.app.now()
        if not self.app.store.journey.safety_net_due(now):
            self.notify("Nothing to put away today.", timeout=3)
            return
        _, today = self._zone_today()
        self.app.saver.save(lambda state: hard_changes.safety_net_dismissed(state, today, now))
        self.notify("Put away for today. Take care of yourself.", timeout=4)
