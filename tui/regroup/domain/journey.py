"""The plan with everything logged against it: slips, extensions, emotion checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from regroup.domain.clock import Countdown, countdown
from regroup.domain.plan import Extension, Plan, Slip


@dataclass(frozen=True, slots=True)
class Check:
    contact_date: date
    answer: str  # "ready" or "not_yet"
    at: str = ""

    def to_doc(self) -> dict:
        return {"contact_date": self.contact_date.isoformat(), "answer": self.answer, "at": self.at}

    @classmethod
    def from_doc(cls, doc: dict) -> "Check":
        return cls(date.fromisoformat(doc["contact_date"]), str(doc.get("answer", "")), str(doc.get("at", "")))


@dataclass(frozen=True, slots=True)
class Journey:
    plan: Plan | None
    slips: tuple[Slip, ...] = ()
    extensions: tuple[Extension, ...] = ()
    checks: tuple[Check, ...] = field(default=())

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
