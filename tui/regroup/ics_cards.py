"""The cards that have a day, as iCalendar events (for ``export --format ics``).

A card with a date is one event; a card with a weekday is a weekly event
(RRULE:FREQ=WEEKLY;BYDAY=TH) from the first such day on or after it was made. Without a
time the event is all day; with one it starts then, in the plan's zone, for an hour. A
timed event names the zone (TZID) and the calendar carries that zone's definition
(VTIMEZONE: each change of offset over the years the events span), so a weekly class at
18:30 stays at 18:30 across a daylight-saving change. Cards in Done keep their one-off
day; a weekly card in Done is over, and is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from regroup.domain.board import Board
from regroup.domain.dates import zone_info
from regroup.domain.model import Card
from regroup.domain.review import stamp_day
from regroup.domain.schedule import date_of, repeat_words, weekday_of

BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
EVENT_HOURS = 1


def first_on_or_after(start: date, weekday: int) -> date:
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def card_start(card: Card, zone: str, today: date) -> date | None:
    """The day of the card's (first) event."""
    once = date_of(card.day)
    if once is not None:
        return once
    weekday = weekday_of(card.day)
    if weekday is None:
        return None
    return first_on_or_after(stamp_day(card.created, zone) or today, weekday)


def card_events(
    board: Board, zone: str, key: str, stamp: str, today: date, text: Callable[[str], str], fold: Callable[[str], str]
) -> tuple[list[str], list[str]]:
    """(the VEVENT lines of every card with a day, the VTIMEZONE lines they need).
    ``text`` escapes a TEXT value, ``fold`` folds a line (from export_ics)."""
    events: list[str] = []
    timed: list[date] = []
    for card in sorted(board.cards.values(), key=lambda c: c.id):
        start = card_start(card, zone, today)
        if start is None or (card.column == "done" and weekday_of(card.day) is not None):
            continue
        lines = ["BEGIN:VEVENT", f"UID:card-{key}-{card.id}@regroup-tui", f"DTSTAMP:{stamp}"]
        if card.time:
            hour, minute = (int(part) for part in card.time.split(":"))
            begin = datetime.combine(start, time(hour, minute))
            end = begin + timedelta(hours=EVENT_HOURS)
            lines += [f"DTSTART;TZID={zone}:{begin:%Y%m%dT%H%M%S}", f"DTEND;TZID={zone}:{end:%Y%m%dT%H%M%S}"]
            timed.append(start)
        else:
            lines += [f"DTSTART;VALUE=DATE:{start:%Y%m%d}", f"DTEND;VALUE=DATE:{start + timedelta(days=1):%Y%m%d}"]
        weekday = weekday_of(card.day)
        if weekday is not None:
            lines.append(f"RRULE:FREQ=WEEKLY;BYDAY={BYDAY[weekday]}")
        description = "; ".join(part for part in (repeat_words(card.per_week), card.notes) if part)
        lines += [f"SUMMARY:{text(card.title)}", f"CATEGORIES:{text(card.category)}"]
        if description:
            lines.append(f"DESCRIPTION:{text(description)}")
        lines += ["TRANSP:OPAQUE" if card.time else "TRANSP:TRANSPARENT", "END:VEVENT"]
        events += lines
    if not timed:
        return events, []
    return events, vtimezone(zone, min(timed).year - 1, max(max(timed).year, today.year) + 2)


def transitions(zone: str, first_year: int, last_year: int) -> list[tuple[datetime, timedelta, timedelta, str]]:
    """Each change of the zone's offset from ``first_year`` to ``last_year``: (the local
    time it happens, the offset before, the offset after, its abbreviation)."""
    info = zone_info(zone)
    out = []
    moment = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    offset = moment.astimezone(info).utcoffset()
    step = timedelta(days=1)
    while moment < end:
        later = moment + step
        after = later.astimezone(info).utcoffset()
        if after != offset:
            low, high = moment, later  # the change is in (low, high]: narrow it to the minute
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                if middle.astimezone(info).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            change = high.replace(second=0, microsecond=0)
            if change.astimezone(info).utcoffset() == offset:
                change += timedelta(minutes=1)
            assert offset is not None and after is not None
            local = (change + offset).replace(tzinfo=None)  # wall time before the change
            out.append((local, offset, after, change.astimezone(info).tzname() or ""))
            offset = after
        moment = later
    return out


def _offset(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}{minutes % 60:02d}"


def vtimezone(zone: str, first_year: int, last_year: int) -> list[str]:
    """The zone's definition: its offset at the start, then each change, as observances."""
    info = zone_info(zone)
    start = datetime(first_year, 1, 1, tzinfo=UTC).astimezone(info)
    offset = start.utcoffset() or timedelta(0)
    dst = bool(start.dst())
    kind = "DAYLIGHT" if dst else "STANDARD"
    lines = ["BEGIN:VTIMEZONE", f"TZID:{zone}"]
    lines += [
        f"BEGIN:{kind}",
        f"DTSTART:{first_year:04d}0101T000000",
        f"TZOFFSETFROM:{_offset(offset)}",
        f"TZOFFSETTO:{_offset(offset)}",
        f"TZNAME:{start.tzname() or zone}",
        f"END:{kind}",
    ]
    for local, before, after, name in transitions(zone, first_year, last_year):
        kind = "DAYLIGHT" if after > before else "STANDARD"
        lines += [
            f"BEGIN:{kind}",
            f"DTSTART:{local:%Y%m%dT%H%M%S}",
            f"TZOFFSETFROM:{_offset(before)}",
            f"TZOFFSETTO:{_offset(after)}",
            f"TZNAME:{name or zone}",
            f"END:{kind}",
        ]
    lines.append("END:VTIMEZONE")
    return lines
