"""The plan's keys on the board: plan settings (p), a slip (!), the emotion check, and
what follows when the other person has moved on. Each dialog saves through the app's
``Saver`` before it closes; a refusal stays in the dialog with what was typed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from textual import on

from regroup.app.widgets.countdown import CountdownPanel
from regroup.domain import logbook
from regroup.domain.dates import long_date, today_in
from regroup.domain.journey import Check
from regroup.domain.model import utc_stamp
from regroup.domain.plan import Extension, Plan, make_slip

if TYPE_CHECKING:
    from regroup.app.screens.main import MainScreen

    _Base = MainScreen
else:
    from textual.screen import Screen as _Base  # a Screen, so its @on handlers are registered


class PlanActions(_Base):
    """Mixed into MainScreen."""

    def _zone_today(self) -> tuple[str, date]:
        plan = self.app.store.journey.plan
        zone = plan.zone if plan else "UTC"
        return zone, today_in(zone, self.app.now())

    def action_plan_settings(self) -> None:
        from regroup.app.modals.plan_settings import PlanSettings

        seen = self.app.store.journey.plan
        if seen is None:
            return

        def submit(new: Plan) -> None:
            if new != seen:
                self.app.saver.commit(lambda state: logbook.plan_set(state, new, seen, self.app.now()))
                self.notify("Plan saved.", timeout=3)  # at zero, the panel's Reached asks the check

        self.app.push_screen(PlanSettings(seen).saving(submit))

    def action_log_slip(self) -> None:
        from regroup.app.modals.slip import SlipForm, SlipInput

        plan = self.app.store.journey.plan
        if plan is None:
            return
        _, today = self._zone_today()

        def submit(typed: SlipInput) -> None:
            slip = make_slip(typed.day, typed.note, plan, now=self.app.now())
            self.app.saver.commit(lambda state: logbook.slip_logged(state, slip))
            self.notify("Slip logged. Be kind to yourself: the count goes on from here.", timeout=4)

        self.app.push_screen(SlipForm(today.isoformat(), plan.restart_on_slip, plan.them).saving(submit))

    @on(CountdownPanel.Reached)
    def _reached(self) -> None:
        """The panel found the countdown at zero (at start, or ticking over): ask once."""
        if self.app.store.journey.needs_check(self.app.now()):
            self.action_emotion_check()

    def action_emotion_check(self) -> None:
        from regroup.app.modals.emotion_check import EmotionCheck

        state = self.app.store.journey.countdown(self.app.now())
        if state is None or not state.started:
            self.notify("The emotion check comes when the countdown has started.", timeout=3)
            return
        if not state.reached or state.contact_date is None:
            when = long_date(state.contact_date) if state.contact_date else "the contact date"
            self.notify(f"The emotion check opens on {when}.", timeout=3)
            return
        if any(isinstance(screen, EmotionCheck) for screen in self.app.screen_stack):
            return
        contact_date = state.contact_date

        def answered(answer: str | None) -> None:
            if answer is None:
                return
            now = self.app.now()
            check = Check(contact_date, answer, utc_stamp(now))
            plan = self.app.store.journey.plan
            extension = Extension(today_in(plan.zone, now)) if answer == "not_yet" and plan else None
            if self.app.saver.save(lambda state: logbook.check_logged(state, check, extension)) is None:
                return
            if extension:
                self.notify("7 more days added. Looking after yourself comes first.", timeout=5)
            else:
                self.notify("Good luck. Keep the first message light and friendly.", timeout=5)

        self.app.push_screen(EmotionCheck(), answered)

    def _moved_on(self) -> None:
        from regroup.app.modals.confirm import Confirm

        plan = self.app.store.journey.plan
        if plan is None:
            return
        question = (
            f"It sounds like {plan.them} has moved on. That hurts, and it says nothing about what you are worth. "
            "The guides agree: the kindest thing now is to let go and keep building your own life.\n\n"
            "Archive the plan? The countdown stops; your board, check-ins and journal stay."
        )

        def answered(archive: bool | None) -> None:
            _, today = self._zone_today()
            new = replace(plan, moved_on=today, archived=bool(archive))
            if self.app.saver.save(lambda state: logbook.plan_set(state, new, plan, self.app.now())) and archive:
                self.notify("Plan archived. Be gentle with yourself; your board is still here.", timeout=6)

        self.app.push_screen(Confirm(question, yes="Archive the plan", no="Not now"), answered)
