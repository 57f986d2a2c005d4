"""When a card happens: how often it repeats (a habit) and the day it has (an appointment).

A card may repeat: ``per_week`` is how many times a week it is meant to be done, 1 to 7
(7 is every day), or None for a card that does not repeat. A card may have a ``day``: a
date written YYYY-MM-DD (once), or a weekday in lowercase English ("thursday": every
week), with an optional ``time`` HH:MM (24-hour, in the plan's zone). Both are fields of
the card; the ticks of a habit are records of their own (see ``Tick``): a card moved to
Done, edited or even deleted and brought back keeps its history.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from regroup.domain.dates import ISO_DATE, WEEKDAYS, parse_date
from regroup.domain.text import safe_for_terminal
from regroup.errors import InvalidInput

TICKS = "ticks"
DAILY = 7  # "every day" is seven times a week
PER_WEEK_RANGE = "from 1 to 7"
_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
TIME_EXAMPLE = "write it as HH:MM on a 24-hour clock, for example 18:30"
# Weekdays as people type them: "thu", "Thursday", "thursdays"
_WEEKDAY_NAMES = {name[:3]: name for name in WEEKDAYS} | {name: name for name in WEEKDAYS}


def is_time(value: object) -> bool:
    return type(value) is str and _TIME.fullmatch(value) is not None


def is_day_field(value: object) -> bool:
    """What a card's ``day`` may hold (besides None): a weekday name or a date (the date's
    range is checked by records.py's own test)."""
    return type(value) is str and (value in WEEKDAYS or ISO_DATE.fullmatch(value) is not None)


def check_per_week(value: object) -> int | None:
    """None (does not repeat), or a whole number of times a week from 1 to 7; text in
    ASCII digits is taken ("3"), and so are "daily" and "" (none)."""
    if value is None:
        return None
    if isinstance(value, str):
        said = value.strip().casefold()
        if said in ("", "none", "no"):
            return None
        if said in ("daily", "every day"):
            return DAILY
        if not said.isascii() or not said.isdigit() or len(said) > 3:
            raise InvalidInput(f"Times a week must be a whole number {PER_WEEK_RANGE} (7 is every day).")
        value = int(said)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= DAILY:
        raise InvalidInput(f"Times a week must be a whole number {PER_WEEK_RANGE} (7 is every day).")
    return value


def check_weekday(value: object) -> str:
    """A weekday as stored ("thursday") from what one types: thu, Thursday, thursdays."""
    said = value.strip().casefold() if isinstance(value, str) else ""
    said = said[:-1] if said.endswith("s") and said[:-1] in _WEEKDAY_NAMES else said
    if said not in _WEEKDAY_NAMES:
        shown = repr(value) if isinstance(value, str) and value.isprintable() and len(value) <= 20 else "That"
        raise InvalidInput(f"{shown} is not a day of the week: write one such as thursday or thu.")
    return _WEEKDAY_NAMES[said]


def check_day(value: object) -> str | None:
    """None, a date (YYYY-MM-DD, a real one) or a weekday, as stored."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if text[:1].isdigit():
        return parse_date(text, "The card's day").isoformat()
    return check_weekday(text)


def check_time(value: object) -> str | None:
    """None, or a time of day HH:MM (24-hour clock; 7:05 is taken as 07:05)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip()
    if re.fullmatch(r"[0-9]:[0-5][0-9]", text):
        text = "0" + text
    if not is_time(text):
        shown = repr(text) if text.isprintable() and len(text) <= 20 else "That time"
        raise InvalidInput(f"{shown} is not a time of day: {TIME_EXAMPLE}.")
    return text


def check_schedule(
    per_week: object = None, day: object = None, time: object = None
) -> tuple[int | None, str | None, str | None]:
    """The three fields, checked together: a time needs a day."""
    per_week, day, time = check_per_week(per_week), check_day(day), check_time(time)
    if time is not None and day is None:
        raise InvalidInput("A time needs a day: give the card a date or a weekday as well.")
    return per_week, day, time


def weekday_of(day: str | None) -> int | None:
    """0 (Monday) to 6 for a weekly day, else None."""
    return WEEKDAYS.index(day) if day in WEEKDAYS else None


def date_of(day: str | None) -> date | None:
    """The date of a once-only day, else None."""
    if day is None or day in WEEKDAYS:
        return None
    try:
        return date.fromisoformat(day)
    except ValueError:
        return None


def falls_on(day: str | None, when: date) -> bool:
    """The card's day is ``when``: the same date, or the same weekday."""
    return day is not None and (day == when.isoformat() or day == WEEKDAYS[when.weekday()])


def repeat_words(per_week: int | None) -> str:
    """ "every day", "3 times a week", "once a week", or "" for a card that does not repeat."""
    if per_week is None:
        return ""
    if per_week == DAILY:
        return "every day"
    return "once a week" if per_week == 1 else "twice a week" if per_week == 2 else f"{per_week} times a week"


def day_words(day: str | None, time: str | None = None) -> str:
    """ "Thursdays at 18:30", "Thu 3 Dec", or "" without a day."""
    if day is None:
        return ""
    if day in WEEKDAYS:
        words = day.capitalize() + "s"
    else:
        from regroup.domain.dates import short_date

        when = date_of(day)
        words = short_date(when) if when else day
    return f"{words} at {time}" if time else words


@dataclass(frozen=True, slots=True)
class Tick:
    """A habit done on one day (a date in the plan's zone), kept whatever becomes of the card."""

    card: int
    day: date
    at: str = ""  # when it was ticked, UTC

    def to_doc(self) -> dict:
        return {"card": self.card, "date": self.day.isoformat(), "at": self.at}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Tick:
        return cls(int(doc["card"]), date.fromisoformat(doc["date"]), safe_for_terminal(str(doc.get("at") or "")))
