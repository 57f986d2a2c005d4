"""The plan: one per database. Its dates, the guide, the zone, and what happened since."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from regroup.domain.dates import check_days, check_zone, parse_date, today_in, usable_zone
from regroup.domain.guides import default_guide, guide
from regroup.domain.text import NOTE_MAX, clean_name, clean_notes, safe_for_terminal
from regroup.errors import InvalidInput

ENDED_BY = ("them", "me", "mutual")
EXTENSION_DAYS = 7


@dataclass(frozen=True, slots=True)
class Plan:
    breakup_date: date
    ended_by: str
    guide: str
    days: int
    tz: str
    letter_sent: date | None = None
    name: str = ""
    restart_on_slip: bool = True
    moved_on: date | None = None  # the day the user recorded that they have moved on
    archived: bool = False
    support: str = ""  # a line to turn to when it is too much (a name and a number, any text)
    cooldown_minutes: int = 10  # the urge screen's cool-down

    def to_doc(self) -> dict:
        doc = asdict(self)
        doc["breakup_date"] = self.breakup_date.isoformat()
        doc["letter_sent"] = self.letter_sent.isoformat() if self.letter_sent else None
        doc["moved_on"] = self.moved_on.isoformat() if self.moved_on else None
        return doc

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Plan:
        """Raises ValueError for a plan the countdown could not use (a hand-edited file).

        A time zone this machine cannot load (a name edited by hand, or one an older
        version took) is kept as it is: ``zone`` and ``zone_warning`` say what is used
        instead, so the user is never locked out of their plan by it."""
        from regroup.domain.guides import guides

        if doc.get("guide", "space-21") not in guides() or doc.get("ended_by", "them") not in ENDED_BY:
            raise ValueError("unknown guide or ended_by")
        try:
            days = check_days(doc.get("days", 21))
        except InvalidInput as error:
            raise ValueError(str(error)) from None
        return cls(
            breakup_date=date.fromisoformat(doc["breakup_date"]),
            ended_by=str(doc.get("ended_by", "them")),
            guide=str(doc.get("guide", "space-21")),
            days=days,
            tz=safe_for_terminal(str(doc.get("tz") or "UTC")),
            letter_sent=date.fromisoformat(doc["letter_sent"]) if doc.get("letter_sent") else None,
            name=safe_for_terminal(str(doc.get("name") or "")),
            restart_on_slip=bool(doc.get("restart_on_slip", True)),
            moved_on=date.fromisoformat(doc["moved_on"]) if doc.get("moved_on") else None,
            archived=bool(doc.get("archived", False)),
            support=safe_for_terminal(str(doc.get("support") or "")),
            cooldown_minutes=_cooldown(doc.get("cooldown_minutes", 10)),
        )

    @property
    def them(self) -> str:
        """How the app speaks of the other person."""
        return self.name or "them"

    @property
    def moved_on_words(self) -> str:
        """ "Sam has moved on", or "they have moved on" when no name was given."""
        return f"{self.name} has moved on" if self.name else "they have moved on"

    @property
    def zone(self) -> str:
        """The zone the plan is counted in: ``tz``, or UTC when ``tz`` cannot be loaded."""
        return usable_zone(self.tz)[0]

    @property
    def zone_warning(self) -> str | None:
        """One sentence when ``tz`` cannot be used (and UTC is used instead), else None."""
        return usable_zone(self.tz)[1]


def _cooldown(value: object) -> int:
    """The stored cool-down, or the default for a value no form would have saved."""
    return value if type(value) is int and 1 <= value <= 120 else 10


def check_ended_by(value: object) -> str:
    if value not in ENDED_BY:
        shown = f", not {value!r}" if isinstance(value, str) and value.isprintable() and len(value) < 30 else ""
        raise InvalidInput(f"Who ended it must be one of them, me or mutual{shown}.")
    return str(value)


def make_plan(
    *,
    breakup_date: str | date,
    ended_by: str,
    guide_id: str | None = None,
    days: str | int | None = None,
    tz: str | None = None,
    letter_sent: str | date | None = None,
    name: str = "",
    restart_on_slip: bool = True,
    now: datetime | None = None,
    support: object = "",
    cooldown_minutes: object = 10,
) -> Plan:
    """Check every field (one clear sentence for the first that is wrong) and build a Plan."""
    from regroup.domain.moments import check_cooldown, clean_support

    zone = check_zone(tz) if tz is not None else check_zone("UTC")
    ended = check_ended_by(ended_by)
    g = guide(guide_id) if guide_id else default_guide(ended)
    today = today_in(zone, now)
    breakup = breakup_date if isinstance(breakup_date, date) else parse_date(breakup_date, "The breakup date", today)
    if breakup > today:
        raise InvalidInput(
            f"The breakup date {breakup.isoformat()} is in the future; today is {today.isoformat()} in {zone}."
        )
    if days is None:
        n = g.days
    else:
        n = check_days(days)
        if not g.custom and n != g.days:
            raise InvalidInput(f"The guide {g.id} is {g.days} days; choose the custom guide for another length.")
    sent: date | None = None
    if isinstance(letter_sent, date):
        sent = letter_sent
    elif isinstance(letter_sent, str) and letter_sent.strip():
        sent = parse_date(letter_sent, "The date the letter was sent", today)
    if sent is not None:
        if sent > today:
            raise InvalidInput(f"The letter date {sent.isoformat()} is in the future; today is {today.isoformat()}.")
        if sent < breakup:
            raise InvalidInput("The letter cannot have been sent before the breakup.")
    return Plan(
        breakup_date=breakup,
        ended_by=ended,
        guide=g.id,
        days=n,
        tz=zone,
        letter_sent=sent,
        name=clean_name(name),
        restart_on_slip=bool(restart_on_slip),
        support=clean_support(support),
        cooldown_minutes=check_cooldown(cooldown_minutes),
    )


@dataclass(frozen=True, slots=True)
class Slip:
    day: date
    note: str = ""
    logged: str = ""

    def to_doc(self) -> dict:
        return {"date": self.day.isoformat(), "note": self.note, "logged": self.logged}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Slip:
        note = safe_for_terminal(str(doc.get("note") or ""), keep="\n\t")
        return cls(date.fromisoformat(doc["date"]), note, safe_for_terminal(str(doc.get("logged") or "")))


def make_slip(day: str | date, note: str, plan: Plan, now: datetime | None = None) -> Slip:
    from regroup.domain.model import utc_stamp

    today = today_in(plan.zone, now)
    when = day if isinstance(day, date) else parse_date(day, "The date of the slip", today)
    if when > today:
        raise InvalidInput(f"The slip date {when.isoformat()} is in the future; today is {today.isoformat()}.")
    if when < plan.breakup_date:
        raise InvalidInput("A slip cannot come before the breakup date.")
    return Slip(when, clean_notes(note, "The note", limit=NOTE_MAX), utc_stamp(now))


@dataclass(frozen=True, slots=True)
class Extension:
    day: date  # when it was asked for (local date)
    days: int = EXTENSION_DAYS
    reason: str = "not yet"

    def to_doc(self) -> dict:
        return {"date": self.day.isoformat(), "days": self.days, "reason": self.reason}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Extension:
        return cls(
            date.fromisoformat(doc["date"]),
            int(doc.get("days", EXTENSION_DAYS)),
            safe_for_terminal(str(doc.get("reason", ""))),
        )
