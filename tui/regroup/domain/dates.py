"""Dates and zones as the user types them, checked with one clear sentence each."""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from regroup.errors import InvalidInput

# ASCII digits only: Python's \d, int() and arrow also take Arabic-Indic, fullwidth and
# other digits ("٣٠" is 30 to int()), which no one types in a date on purpose.
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,6}")
DATE_EXAMPLE = "write it as YYYY-MM-DD, for example 2026-11-03"
ZONE_MAX = 60
FALLBACK_ZONE = "UTC"

# Names zoneinfo can load that are not time zones one lives in: copies of the whole
# database under other rules (posix/, right/), the machine's own setting (localtime), the
# default rules file (posixrules), and a placeholder zone (Factory).
NOT_ZONES = frozenset(("localtime", "posixrules", "factory", "local"))
NOT_ZONE_FOLDERS = ("posix/", "right/")


def _shown(value: str, limit: int = 40) -> str:
    """The value inside a sentence, or 'that' when it cannot be shown as it is."""
    return repr(value) if value.isprintable() and len(value) <= limit else "that"


def _named(what: str, value: str, limit: int = 40) -> str:
    """'The breakup date '25.11.2026'', or just 'The breakup date' when the value cannot
    be shown as it is (too long, or holding characters a terminal would not show)."""
    return f"{what} {value!r}" if value.isprintable() and len(value) <= limit else what


def _has_surrogates(value: str) -> bool:
    return not value.isascii() and any("\ud800" <= ch <= "\udfff" for ch in value)


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_AGO = re.compile(r"(?:([0-9]{1,4})|an?|one) (day|week|month|year)s? ago")
RELATIVE_EXAMPLE = "YYYY-MM-DD, or as people say it: yesterday, 3 weeks ago, last friday"


def relative_day(value: str, today: date) -> date | None:
    """A day said the way people say it, counted back from ``today`` in calendar days:
    today, yesterday, "3 weeks ago", "a month ago", "friday" (the last one, today
    included), "last friday" (before today). None for anything else."""
    said = " ".join(value.casefold().split())
    if said == "today":
        return today
    if said == "yesterday":
        return today - timedelta(days=1)
    weekday = said.removeprefix("last ")
    if weekday in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS.index(weekday)) % 7
        return today - timedelta(days=back or (7 if said.startswith("last ") else 0))
    match = _AGO.fullmatch(said)
    if match is None:
        return None
    count = int(match.group(1) or 1)
    import arrow  # imported only here: the forms and init, never status

    try:  # calendar arithmetic: a month ago from 31 March is the last day of February
        shift: dict[str, Any] = {match.group(2) + "s": -count}
        return arrow.get(today).shift(**shift).date()
    except (ValueError, OverflowError):
        return None


def parse_date(text: object, what: str = "The date", today: date | None = None) -> date:
    """A calendar date written YYYY-MM-DD in ASCII digits (2026-02-30 and friends are
    refused); with ``today``, also "yesterday", "3 weeks ago", "last friday"..."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(f"{what} is missing: {DATE_EXAMPLE}.")
    if _has_surrogates(text):
        raise InvalidInput(f"{what} is not valid text (invalid UTF-8).")
    value = text.strip()
    if today is not None and not ISO_DATE.fullmatch(value) and len(value) <= 40:
        day = relative_day(value, today)
        if day is not None:
            return day
    if len(value) > 40 or not ISO_DATE.fullmatch(value):
        if today is not None and not any(ch.isdigit() and not ch.isascii() for ch in value[:40]):
            raise InvalidInput(f"{_named(what, value)} is not a date: write it as {RELATIVE_EXAMPLE}.")
        if any(ch.isdigit() and not ch.isascii() for ch in value[:40]):
            raise InvalidInput(f"{what} must be written with the digits 0-9: {DATE_EXAMPLE}.")
        raise InvalidInput(f"{_named(what, value)} is not a date: {DATE_EXAMPLE}.")
    try:
        return date(int(value[:4]), int(value[5:7]), int(value[8:10]))
    except ValueError:
        raise InvalidInput(f"{what} {value} does not exist in the calendar: check the day and the month.") from None


def parse_whole_number(text: str, what: str, expected: str) -> int:
    """A whole number typed in ASCII digits (an optional sign); ``expected`` says the range."""
    if _has_surrogates(text):
        raise InvalidInput(f"{what} is not valid text (invalid UTF-8).")
    value = text.strip()
    if not value:
        raise InvalidInput(f"{what} is missing: choose a whole number {expected}.")
    if not WHOLE_NUMBER.fullmatch(value):
        if any(ch.isdigit() and not ch.isascii() for ch in value[:20]):
            raise InvalidInput(f"{what} must be written with the digits 0-9: use a whole number {expected}.")
        raise InvalidInput(f"{_named(what, value, 20)} is not a whole number: use {expected}.")
    return int(value)


# --- time zones --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _tzdata_names() -> dict[str, str]:
    """The zones of the tzdata package, by case-folded name: one small file, read on
    demand (the package is not imported at start-up)."""
    try:
        import tzdata  # type: ignore[import-untyped]

        text = (Path(tzdata.__file__).parent / "zones").read_text(encoding="utf-8")
    except (ImportError, OSError, UnicodeDecodeError, TypeError):
        return {}
    return {name.casefold(): name for name in text.split() if _plausible(name)}


@lru_cache(maxsize=1)
def zone_names() -> dict[str, str]:
    """Every canonical zone name this machine or the tzdata package knows, by case-folded
    name. Read once, on demand (it opens every file under /usr/share/zoneinfo),
    for a name the tzdata list lacks and for suggestions."""
    from zoneinfo import available_timezones

    names = {name.casefold(): name for name in available_timezones() if _plausible(name)}
    names.update(_tzdata_names())
    return names


def canonical_zone(name: str) -> str | None:
    """The IANA spelling of ``name`` (any case) when it is a zone this machine can load."""
    if not _plausible(name):
        return None
    folded = name.casefold()
    found = _tzdata_names().get(folded) or zone_names().get(folded)
    return found if found is not None and _loads(found) else None


def _plausible(name: str) -> bool:
    """Cheap checks that rule out what is not an IANA name, before anything is loaded."""
    folded = name.casefold()
    return (
        0 < len(name) <= ZONE_MAX
        and name.isascii()
        and name.isprintable()
        and " " not in name
        and ".." not in name
        and not name.startswith(("/", "."))
        and not name.endswith("/")
        and "//" not in name
        and folded not in NOT_ZONES
        and not folded.startswith(NOT_ZONE_FOLDERS)
        and "." not in name.rsplit("/", 1)[-1]  # zone.tab, tzdata.zi, leap-seconds.list
    )


@lru_cache(maxsize=64)
def _loads(name: str) -> bool:
    try:
        ZoneInfo(name)
        return True
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False


def check_zone(name: object) -> str:
    """An IANA time zone name such as Europe/Berlin, returned as IANA spells it: typed in
    any case (europe/paris gives Europe/Paris), with a suggestion for a close misspelling.
    Names zoneinfo loads that are not zones (posix/..., right/..., localtime, posixrules,
    Factory) are refused."""
    if not isinstance(name, str) or not name.strip():
        raise InvalidInput("The time zone is missing: use an IANA name such as Europe/Berlin.")
    if _has_surrogates(name):
        raise InvalidInput("The time zone is not valid text (invalid UTF-8).")
    value = name.strip()
    canonical = canonical_zone(value)
    if canonical is not None:
        return canonical
    raise InvalidInput(f"{_named('Unknown time zone', value, ZONE_MAX)}: {_suggest(value)}")


def _suggest(value: str) -> str:
    import difflib

    hint = "use an IANA name such as Europe/Berlin or America/New_York."
    if not value.isprintable() or len(value) > ZONE_MAX:
        return hint
    folded = value.casefold()
    for prefix in NOT_ZONE_FOLDERS:  # posix/Europe/Berlin: the zone without the prefix
        if folded.startswith(prefix) and folded[len(prefix) :] in zone_names():
            return f"did you mean {zone_names()[folded[len(prefix) :]]}?"
    close = difflib.get_close_matches(folded, zone_names().keys(), n=1, cutoff=0.75)
    if not close:  # a city alone: "berlin", "new york"
        cities = {key.rsplit("/", 1)[-1]: key for key in zone_names()}
        city = difflib.get_close_matches(folded.replace(" ", "_"), cities.keys(), n=1, cutoff=0.8)
        close = [cities[city[0]]] if city else []
    return f"did you mean {zone_names()[close[0]]}?" if close else hint


@lru_cache(maxsize=64)
def usable_zone(name: str) -> tuple[str, str | None]:
    """The zone to count in for a stored name, and a warning when that is not the name
    (a file edited by hand, or written by another version, may name a zone this machine
    cannot load): then UTC is used rather than locking the user out of their plan.
    Cheap for a good name (no list of zones is read): ``status`` calls it every time."""
    if isinstance(name, str) and _plausible(name) and _loads(name):
        return name, None
    canonical = canonical_zone(name) if isinstance(name, str) else None
    if canonical is not None:
        return canonical, None
    shown = _shown(name, ZONE_MAX) if isinstance(name, str) else "that"
    return FALLBACK_ZONE, (
        f"The plan's time zone {shown} cannot be used, so days are counted in UTC; "
        "set the zone with regroup-tui init --force --tz AREA/CITY (or p in the app)."
    )


@lru_cache(maxsize=64)
def zone_info(name: str) -> ZoneInfo:
    """The ZoneInfo for a stored name, UTC for one that cannot be loaded (see usable_zone)."""
    return ZoneInfo(usable_zone(name)[0])


def system_zone() -> str:
    """The machine's IANA zone name: $TZ, then /etc/localtime, then /etc/timezone, else UTC."""
    return system_zone_and_notice()[0]


def system_zone_and_notice() -> tuple[str, str | None]:
    """The machine's zone, and one sentence when $TZ is set but is not an IANA name (a
    POSIX rule such as EST+5 or <+03>-3): then the zone found after it is used, and the
    user should know that rather than be surprised by it."""
    candidates: list[str] = []
    notice = None
    tz = os.environ.get("TZ", "")
    if tz.strip():
        name = tz.lstrip(":")
        if "zoneinfo/" in name:  # TZ=/usr/share/zoneinfo/Europe/Berlin
            name = name.split("zoneinfo/", 1)[1]
        try:
            return check_zone(name), None
        except InvalidInput:
            notice = f"TZ={_shown(tz, ZONE_MAX)} is not an IANA time zone name"
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    try:
        candidates.append(Path("/etc/timezone").read_text().strip())
    except (OSError, UnicodeDecodeError):
        pass
    found = FALLBACK_ZONE
    for name in candidates:
        try:
            found = check_zone(name)
            break
        except InvalidInput:
            continue
    if notice:
        notice += f", so the plan uses {found}; give --tz AREA/CITY to choose another."
    return found, notice


def today_in(zone: str, now: datetime | None = None) -> date:
    moment = now or datetime.now(UTC)
    return moment.astimezone(zone_info(zone)).date()


def check_days(value: object) -> int:
    """A whole number of days from 1 to 365."""
    if isinstance(value, bool):
        raise InvalidInput("The number of days must be a whole number from 1 to 365.")
    if isinstance(value, str):
        value = parse_whole_number(value, "The number of days", "from 1 to 365")
    if not isinstance(value, int) or not 1 <= value <= 365:
        raise InvalidInput(f"The number of days must be from 1 to 365; {value} is outside that.")
    return value


def long_date(day: date) -> str:
    """Thu 10 Dec 2026"""
    return day.strftime("%a ") + str(day.day) + day.strftime(" %b %Y")


def short_date(day: date) -> str:
    """Thu 10 Dec"""
    return day.strftime("%a ") + str(day.day) + day.strftime(" %b")


def ago(day: date, today: date) -> str:
    """How long ago ``day`` was, as people say it: "today", "yesterday", "3 weeks ago"."""
    if day == today:
        return "today"
    if day == today - timedelta(days=1):
        return "yesterday"
    import arrow

    days = (today - day).days
    # the unit chosen here: arrow's own choice says "a month ago" from 21 days on
    unit: Literal["day", "week", "month", "year"] = (
        "day" if abs(days) < 14 else "week" if abs(days) < 61 else "month" if abs(days) < 730 else "year"
    )
    return arrow.get(day).humanize(arrow.get(today), granularity=unit)
