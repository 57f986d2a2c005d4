"""Daily use from the board: the check-in (c), the journal (w), the contact log (t)."""

from __future__ import annotations

from datetime import timedelta

from regroup.app.screens.board_base import BoardBase
from regroup.domain import logbook
from regroup.domain.changes import Change
from regroup.domain.daily import MOODS, make_checkin, make_contact


class DailyActions(BoardBase):
    """Mixed into MainScreen."""

    def action_checkin(self) -> None:
        from regroup.app.modals.checkin import CheckInForm, CheckInInput

        zone, today = self._zone_today()
        yesterday = today - timedelta(days=1)
        journey = self.app.store.journey
        existing = {c.day.isoformat(): c for c in journey.checkins if c.day in (today, yesterday)}

        def submit(typed: CheckInInput) -> None:
            checkin = make_checkin(typed.day, typed.mood, typed.words, zone, self.app.now())
            seen = existing.get(checkin.day.isoformat())
            self.app.saver.commit(lambda state: logbook.checkin_saved(state, checkin, seen))
            self.notify(f"Checked in: {MOODS[checkin.mood]}. Thank you for looking after yourself.", timeout=4)

        self.app.push_screen(CheckInForm(today.isoformat(), yesterday.isoformat(), existing).saving(submit))

    def action_journal(self) -> None:
        from regroup.app.screens.journal import JournalScreen

        self.app.push_screen(JournalScreen(self.board_view.filter_text))

    def action_timeline(self) -> None:
        from regroup.app.screens.timeline import TimelineScreen

        self.app.push_screen(TimelineScreen())

    def action_log_contact(self) -> None:
        from dataclasses import replace

        from regroup.app.modals.contact import ContactForm, ContactInput
        from regroup.app.screens.plan_actions import together
        from regroup.domain.dates import short_date

        journey = self.app.store.journey
        plan = journey.plan
        if plan is None:
            return
        now = self.app.now()
        state = journey.countdown(now)
        if state is None or not state.reached:
            self.notify("Not yet: before the date, contact is a slip (! logs one).", timeout=5)
            return
        zone, today = self._zone_today()
        retry = journey.next_try()
        wait = (
            f"No answer yet to your last try: the guides suggest waiting until {short_date(retry)}."
            if (retry is not None and retry > today)
            else ""
        )

        def submit(typed: ContactInput) -> None:
            contact = make_contact(0, typed.day, typed.how, typed.answered, typed.note, zone, self.app.now())

            def contact_and_moved_on(state: logbook.State) -> Change | None:  # one change: undone together
                logged = logbook.contact_logged(state, contact)
                if not typed.moved_on or plan.moved_on is not None:
                    return logged
                moved = logbook.plan_set(state, replace(plan, moved_on=contact.day), plan, self.app.now())
                return together(f"{logged.label}; {plan.moved_on_words}", logged, moved)

            self.app.saver.commit(contact_and_moved_on)
            if typed.moved_on:
                return  # the question comes once the form has closed
            if contact.next_try is not None:
                self.notify(f"No answer is an answer for now. Try again on {short_date(contact.next_try)}.", timeout=6)
            else:
                self.notify("Contact logged.", timeout=3)

        def closed(typed: ContactInput | None) -> None:
            if typed is not None and typed.moved_on:
                self._ask_to_archive()

        self.app.push_screen(ContactForm(today.isoformat(), plan.them, wait=wait).saving(submit), closed)
