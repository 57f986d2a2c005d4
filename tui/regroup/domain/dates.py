"""Dates and zones as the user types them, checked with one clear sentence each."""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from regroup.errors import InvalidInput

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(text: object, what: str = "The date") -> date:
    """A calendar date written YYYY-MM-DD; 2026-02-30 and friends are refused."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(f"{what} is missing: write it as YYYY-MM-DD, for example 2026-11-03.")
    value = text.strip()
    if len(value) > 40 or not ISO_DATE.match(value):
        shown = value if value.isprintable() and len(value) <= 40 else "that"
        raise InvalidInput(f"{what} {shown!r} is not a date: write it as YYYY-MM-DD, for example 2026-11-03.")
    import arrow  # deferred: only forms and `init` parse dates

    try:
        return arrow.get(value, "YYYY-MM-DD").date()
    except (arrow.parser.ParserError, ValueError):
        raise InvalidInput(f"{what} {value} does not exist in the calendar: check the day and the month.") from None


def check_zone(name: object) -> str:
    """An IANA time zone name such as Europe/Berlin."""
    if not isinstance(name, str) or not name.strip():
        raise InvalidInput("The time zone is missing: use an IANA name such as Europe/Berlin.")
    value = name.strip()
    bad = "\x00" in value or ".." in value or value.startswith("/") or value.lower() == "local" or len(value) > 60
    if not bad:
        try:
            ZoneInfo(value)
            return value
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    shown = value if value.isprintable() and len(value) <= 60 else "that"
    raise InvalidInput(f"Unknown time zone {shown!r}: use an IANA name such as Europe/Berlin or America/New_York.")


def system_zone() -> str:
    """The machine's IANA zone name: $TZ, then /etc/localtime, then /etc/timezone, else UTC."""
    candidates: list[str] = []
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz:
        candidates.append(tz)
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    try:
        candidates.append(Path("/etc/timezone").read_text().strip())
    except OSError:
        pass
    for name in candidates:
        try:
            return check_zone(name)
        except InvalidInput:
            continue
    return "UTC"


def today_in(zone: str, now: datetime | None = None) -> date:
    moment = now or datetime.now(timezone.utc)
    return moment.astimezone(ZoneInfo(zone)).date()


def check_days(value: object) -> int:
    """A whole number of days from 1 to 365."""
    if isinstance(value, bool):
        raise InvalidInput("The number of days must be a whole number from 1 to 365.")
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise InvalidInput("The number of days is missing: choose a whole number from 1 to 365.")
        if not re.fullmatch(r"[+-]?\d{1,6}", text):
            shown = text if text.isprintable() and len(text) <= 20 else "that"
            raise InvalidInput(f"The number of days {shown!r} is not a whole number: use 1 to 365.")
        value = int(text)
    if not isinstance(value, int) or not 1 <= value <= 365:
        raise InvalidInput(f"The number of days must be from 1 to 365; {value} is outside that.")
    return value


def long_date(day: date) -> str:
    """Thu 10 Dec 2026"""
    return day.strftime("%a ") + str(day.day) + day.strftime(" %b %Y")


def short_date(day: date) -> str:
    """Thu 10 Dec"""
    return day.strftime("%a ") + str(day.day) + day.strftime(" %b")
