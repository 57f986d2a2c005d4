"""The plan with everything logged against it: slips, extensions, emotion checks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from regroup.domain import moments
from regroup.domain.clock import Countdown, countdown
from regroup.domain.daily import TALK_AFTER_DAYS, CheckIn, Contact, JournalEntry
from regroup.domain.dates import today_in
from regroup.domain.moments import Dismissal, HardDay, Upcoming, Urge
from regroup.domain.plan import Extension, Plan, Slip
from regroup.domain.text import safe_for_terminal


@dataclass(frozen=True, slots=True)
class Check:
    contact_date: date
    answer: str  # "ready" or "not_yet"
    at: str = ""

    def to_doc(self) -> dict:
        return {"contact_date": self.contact_date.isoformat(), "answer": self.answer, "at": self.at}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Check:
        return cls(
            date.fromisoformat(doc["contact_date"]),
            safe_for_terminal(str(doc.get("answer", ""))),
            safe_for_terminal(str(doc.get("at") or "")),
        )


@dataclass(frozen=True, slots=True)
class Journey:
    plan: Plan | None
    slips: tuple[Slip, ...] = ()
    extensions: tuple[Extension, ...] = ()
    checks: tuple[Check, ...] = field(default=())
    checkins: tuple[CheckIn, ...] = ()
    journal: tuple[JournalEntry, ...] = ()
    contacts: tuple[Contact, ...] = ()
    urges: tuple[Urge, ...] = ()
    hard_days: tuple[HardDay, ...] = ()
    dismissals: tuple[Dismissal, ...] = ()

    def countdown(self, now: datetime | None = None) -> Countdown | None:
        if self.plan is None:
            return None
        return countdown(self.plan, now, self.slips, self.extensions)

    def check_for(self, contact: date | None) -> Check | None:
        for check in reversed(self.checks):
            if check.contact_date == contact:
                return check
        return None

    def needs_check(self, now: datetime | None = None) -> bool:
        """The countdown is at zero and the emotion check was not answered for this date."""
        state = self.countdown(now)
        return bool(state and state.reached and self.check_for(state.contact_date) is None)

    # --- daily use -------------------------------------------------------------------

    def today(self, now: datetime | None = None) -> date | None:
        return today_in(self.plan.zone, now) if self.plan else None

    def checkin_for(self, day: date | None) -> CheckIn | None:
        for checkin in self.checkins:
            if checkin.day == day:
                return checkin
        return None

    def moods(self, now: datetime | None = None, days: int = 30) -> list[int | None]:
        """The mood of each of the last ``days`` days, oldest first (None: no check-in)."""
        today = self.today(now)
        if today is None:
            return []
        by_day = {c.day: c.mood for c in self.checkins}
        return [by_day.get(today - timedelta(days=n)) for n in range(days - 1, -1, -1)]

    def streak_days(self, now: datetime | None = None) -> int:
        """Whole days of no contact since the breakup or the last slip."""
        today = self.today(now)
        if today is None or self.plan is None:
            return 0
        start = max([self.plan.breakup_date] + [s.day for s in self.slips])
        return max(0, (today - start).days)

    def space_days_total(self, now: datetime | None = None) -> int:
        """Days of space since the breakup, less the days with a slip: what a slip cannot take away."""
        today = self.today(now)
        if today is None or self.plan is None:
            return 0
        slip_days = {s.day for s in self.slips if self.plan.breakup_date <= s.day <= today}
        return max(0, (today - self.plan.breakup_date).days - len(slip_days))

    # --- the contact phase -----------------------------------------------------------

    def in_contact_phase(self, now: datetime | None = None) -> bool:
        """The date is reached and the emotion check said ready (or contacts were logged)."""
        return self.contact_phase_at(self.countdown(now))

    def contact_phase_at(self, state: Countdown | None) -> bool:
        """``in_contact_phase`` for a countdown already computed (the panel's tick has one)."""
        if state is None or not state.reached:
            return False
        check = self.check_for(state.contact_date)
        return bool(check and check.answer == "ready") or bool(self.contacts)

    def next_try(self) -> date | None:
        """After an unanswered contact, the day to try again (seed 004)."""
        if not self.contacts:
            return None
        last = max(self.contacts, key=lambda c: (c.day, c.id))
        return last.next_try

    def outings(self) -> list[Contact]:
        return [c for c in self.contacts if c.outing]

    def time_for_the_talk(self, now: datetime | None = None) -> bool:
        """A month of friendly outings: time for the honest talk (seed 002)."""
        outings = self.outings()
        today = self.today(now)
        return bool(outings and today and (today - min(o.day for o in outings)).days >= TALK_AFTER_DAYS)

    # --- the hard moments (domain/moments.py) -----------------------------------------

    @property
    def zone(self) -> str:
        return self.plan.zone if self.plan else "UTC"

    def urges_today(self, now: datetime | None = None) -> int:
        return moments.urges_on(self.urges, today_in(self.zone, now), self.zone)

    def urges_passed(self) -> int:
        return moments.urges_passed(self.urges)

    def next_hard_day(self, now: datetime | None = None) -> Upcoming | None:
        return moments.next_hard_day(self.hard_days, today_in(self.zone, now))

    def near_hard_days(self, now: datetime | None = None) -> list[Upcoming]:
        """The hard days the panel names: from three days before to the day."""
        return moments.near(self.hard_days, today_in(self.zone, now))

    def safety_net_due(self, now: datetime | None = None) -> bool:
        """Check-ins of 2 or less on three days in a row, not put away for today."""
        if self.plan is None:
            return False
        moods = {c.day: c.mood for c in self.checkins}
        return moments.safety_net_due(moods, self.dismissals, today_in(self.zone, now))

    def is_night(self, now: datetime | None = None) -> bool:
        return moments.is_night(self.zone, now)
