"""The hard moments (issue 16): urges to reach out, the days that hurt, and the safety net.

Records (an urge, a hard day, a dismissal of the safety net for a day) and the rules that
read them: the night window, the next time a hard day comes round (every year, if so; a
29 February on a year without one falls on the 28th), three low check-ins in a row, and
what contact now would do to the count. Every day is a day in the plan's zone.

No Textual here: the app, the command line and the exports all read the same rules.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from regroup.domain.catalog import load_toml
from regroup.domain.dates import (
    parse_date,
    parse_whole_number,
    short_date,
    today_in,
    zone_info,
)
from regroup.domain.model import utc_stamp
from regroup.domain.text import clean_line, safe_for_terminal
from regroup.errors import InvalidInput

if TYPE_CHECKING:
    from regroup.domain.journey import Journey

OUTCOMES = ("open", "passed", "reached_out")  # how an urge ended ("open": not said yet)
STRENGTHS = range(1, 6)
LABEL_MAX = 80  # a hard day's label
SUPPORT_MAX = 200  # the support line
COOLDOWN_DEFAULT = 10  # minutes
COOLDOWN_MAX = 120
WARN_DAYS = 3  # the panel names a hard day from this many days before
NIGHT_FROM, NIGHT_UNTIL = 22, 6  # local hours: 22:00 up to (not including) 06:00
LOW_MOOD = 2  # check-ins of this or less...
LOW_DAYS = 3  # ...on this many days in a row bring up the safety net
SAFETY_NET = "safety_net"  # what a dismissal dismisses


@lru_cache(maxsize=1)
def words() -> dict:
    """The texts of data/hard_moments.toml."""
    return load_toml("hard_moments.toml")


# --- records ----------------------------------------------------------------------------


def moment_of(stamp: str) -> datetime | None:
    try:
        return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class Urge:
    id: int
    at: str  # when it came, UTC "2026-11-25T22:30:00Z"
    strength: int | None = None  # 1-5, when given
    outcome: str = "open"
    ended: str = ""  # when the outcome was said

    def to_doc(self) -> dict:
        return {"id": self.id, "at": self.at, "strength": self.strength, "outcome": self.outcome, "ended": self.ended}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Urge:
        strength = doc.get("strength")
        outcome = doc.get("outcome", "open")
        return cls(
            int(doc["id"]),
            safe_for_terminal(str(doc.get("at") or "")),
            strength if type(strength) is int and strength in STRENGTHS else None,
            outcome if outcome in OUTCOMES else "open",
            safe_for_terminal(str(doc.get("ended") or "")),
        )

    def day(self, zone: str) -> date | None:
        """The day it came, in ``zone``."""
        moment = moment_of(self.at)
        return moment.astimezone(zone_info(zone)).date() if moment else None

    def local_time(self, zone: str) -> str:
        moment = moment_of(self.at)
        return moment.astimezone(zone_info(zone)).strftime("%H:%M") if moment else ""


@dataclass(frozen=True, slots=True)
class HardDay:
    id: int
    day: date
    label: str
    yearly: bool = False
    created: str = ""

    def to_doc(self) -> dict:
        return {
            "id": self.id,
            "date": self.day.isoformat(),
            "label": self.label,
            "yearly": self.yearly,
            "created": self.created,
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> HardDay:
        return cls(
            int(doc["id"]),
            date.fromisoformat(doc["date"]),
            safe_for_terminal(str(doc.get("label") or "")),
            bool(doc.get("yearly", False)),
            safe_for_terminal(str(doc.get("created") or "")),
        )

    def on(self, year: int) -> date:
        """The day it falls on in ``year`` (a yearly one): 29 February is the 28th on a
        year without a 29th."""
        if self.day.month == 2 and self.day.day == 29 and not calendar.isleap(year):
            return date(year, 2, 28)
        return self.day.replace(year=year)

    def next_from(self, today: date) -> date | None:
        """The next time it comes, ``today`` included; None for a one-off that has passed."""
        if not self.yearly:
            return self.day if self.day >= today else None
        if today.year < self.day.year:
            return self.day
        this_year = self.on(today.year)
        if this_year >= today:
            return this_year
        return self.on(today.year + 1) if today.year < 9999 else None

    @property
    def named(self) -> str:
        """In a history label: hard day 'their birthday'."""
        return f"hard day '{self.label}'"


@dataclass(frozen=True, slots=True)
class Dismissal:
    """The safety net put away for one day."""

    day: date
    what: str = SAFETY_NET
    at: str = ""

    def to_doc(self) -> dict:
        return {"date": self.day.isoformat(), "what": self.what, "at": self.at}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Dismissal:
        what = doc.get("what", SAFETY_NET)
        return cls(
            date.fromisoformat(doc["date"]),
            what if what == SAFETY_NET else SAFETY_NET,
            safe_for_terminal(str(doc.get("at") or "")),
        )


# --- checks of what the user types ----------------------------------------------------


def check_strength(value: object) -> int | None:
    """1 to 5, or None (not given); text in the digits 0-9."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = parse_whole_number(value, "The strength", "from 1 to 5")
    if isinstance(value, bool) or not isinstance(value, int) or value not in STRENGTHS:
        raise InvalidInput("The strength of the urge must be a whole number from 1 to 5.")
    return value


def check_cooldown(value: object) -> int:
    if isinstance(value, str):
        value = parse_whole_number(value, "The cool-down", f"from 1 to {COOLDOWN_MAX} minutes")
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= COOLDOWN_MAX:
        raise InvalidInput(f"The cool-down must be a whole number of minutes from 1 to {COOLDOWN_MAX}.")
    return value


def clean_support(raw: object) -> str:
    """The support line: one line, optional (empty clears it)."""
    return clean_line(raw, "The support line", limit=SUPPORT_MAX)


def clean_label(raw: object) -> str:
    return clean_line(raw, "The label of the hard day", limit=LABEL_MAX, required=True)


def make_urge(strength: object = None, now: datetime | None = None) -> Urge:
    """An urge that has just come (its id is given by the store)."""
    return Urge(0, utc_stamp(now), check_strength(strength))


def make_hard_day(day: str | date, label: object, yearly: bool, zone: str, now: datetime | None = None) -> HardDay:
    """A hard day: a one-off must be today or later (a yearly one may be any year: a
    birthday of 1990 comes round every year)."""
    today = today_in(zone, now)
    when = day if isinstance(day, date) else parse_date(day, "The date of the hard day", today)
    text = clean_label(label)
    if not yearly and when < today:
        raise InvalidInput(
            f"The hard day {when.isoformat()} has passed (today is {today.isoformat()}): "
            "add --yearly for a day that comes back every year."
        )
    return HardDay(0, when, text, bool(yearly), utc_stamp(now))


# --- the rules --------------------------------------------------------------------------


def is_night(zone: str, now: datetime | None = None) -> bool:
    """Between 22:00 and 06:00 on the clock of ``zone`` (the plan's): what the wall clock
    says, whatever the offset that day (a change of clock moves the window with it)."""
    moment = (now or datetime.now(UTC)).astimezone(zone_info(zone))
    return moment.hour >= NIGHT_FROM or moment.hour < NIGHT_UNTIL


@dataclass(frozen=True, slots=True)
class Upcoming:
    hard_day: HardDay
    day: date
    days_left: int

    @property
    def when(self) -> str:
        """ "today", "tomorrow", "in 3 days (Sat 5 Dec)"."""
        if self.days_left == 0:
            return "today"
        if self.days_left == 1:
            return f"tomorrow ({short_date(self.day)})"
        return f"in {self.days_left} days ({short_date(self.day)})"


def upcoming(hard_days: Iterable[HardDay], today: date) -> list[Upcoming]:
    """Every hard day still to come (today included), soonest first."""
    out = []
    for hard_day in hard_days:
        day = hard_day.next_from(today)
        if day is not None:
            out.append(Upcoming(hard_day, day, (day - today).days))
    out.sort(key=lambda u: (u.day, u.hard_day.id))
    return out


def next_hard_day(hard_days: Iterable[HardDay], today: date) -> Upcoming | None:
    found = upcoming(hard_days, today)
    return found[0] if found else None


def near(hard_days: Iterable[HardDay], today: date, within: int = WARN_DAYS) -> list[Upcoming]:
    """The hard days the panel names: from ``within`` days before, to the day itself."""
    return [u for u in upcoming(hard_days, today) if u.days_left <= within]


def hard_day_card_title(label: str) -> str:
    return words()["hard_day"]["card"].format(label=label)


def warning_line(item: Upcoming) -> str:
    hard = words()["hard_day"]
    if item.days_left == 0:
        return hard["warning_today"].format(label=item.hard_day.label)
    return hard["warning"].format(label=item.hard_day.label, when=item.when)  # the label as typed


def low_streak(moods_by_day: dict[date, int], today: date) -> int:
    """Days in a row with a check-in of LOW_MOOD or less, ending today, or yesterday
    while today has no check-in yet."""
    day = today if today in moods_by_day else today - timedelta(days=1)
    count = 0
    while moods_by_day.get(day, LOW_MOOD + 1) <= LOW_MOOD:
        count += 1
        day -= timedelta(days=1)
    return count


def safety_net_due(moods_by_day: dict[date, int], dismissals: Iterable[Dismissal], today: date) -> bool:
    """Three low days in a row, and not put away for today."""
    if any(d.day == today and d.what == SAFETY_NET for d in dismissals):
        return False
    return low_streak(moods_by_day, today) >= LOW_DAYS


def urges_on(urges: Iterable[Urge], day: date, zone: str) -> int:
    return sum(1 for urge in urges if urge.day(zone) == day)


def urges_passed(urges: Iterable[Urge]) -> int:
    return sum(1 for urge in urges if urge.outcome == "passed")


# --- what contact now would do ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ContactNow:
    """The count as it is, and as a slip today would leave it (per the plan's slip
    setting: restart the count from today, or leave it as it is)."""

    started: bool
    reached: bool
    restarts: bool
    days_left: int
    contact_date: date | None
    days_after: int
    date_after: date | None


def contact_now(journey: Journey, now: datetime | None = None) -> ContactNow | None:
    from regroup.domain.clock import countdown
    from regroup.domain.plan import Slip

    plan = journey.plan
    state = journey.countdown(now)
    if plan is None or state is None:
        return None
    if not state.started or state.reached:
        return ContactNow(
            state.started,
            state.reached,
            False,
            state.days_left,
            state.contact_date,
            state.days_left,
            state.contact_date,
        )
    today = today_in(plan.zone, now)
    if not plan.restart_on_slip:
        return ContactNow(True, False, False, state.days_left, state.contact_date, state.days_left, state.contact_date)
    after = countdown(plan, now, journey.slips + (Slip(today),), journey.extensions)
    return ContactNow(True, False, True, state.days_left, state.contact_date, after.days_left, after.contact_date)


def contact_lines(effect: ContactNow | None) -> list[str]:
    """The days left, and what contact now would do to them, in words."""
    urge = words()["urge"]
    if effect is None or not effect.started:
        return [urge["not_started"], urge["keeps"]]
    if effect.reached:
        return [urge["reached"]]
    when = short_date(effect.contact_date) if effect.contact_date else "?"
    left = urge["day_left"] if effect.days_left == 1 else urge["days_left"]
    lines = [left.format(days_left=effect.days_left, date=when)]
    if effect.restarts and effect.date_after is not None:
        lines.append(urge["restarts"].format(days_after=effect.days_after, date_after=short_date(effect.date_after)))
    else:
        lines.append(urge["keeps"])
    return lines


def safety_lines(support: str) -> list[str]:
    safety = words()["safety"]
    lines = [safety["lead"]]
    lines.append(safety["support"].format(support=support) if support else safety["no_support"])
    return lines
