"""``regroup-tui export --format ics``: the dates that matter, as iCalendar (RFC 5545)
all-day events a calendar app can show."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

from regroup import __version__
from regroup.domain.board import Board
from regroup.domain.guides import guide
from regroup.domain.journey import Journey
from regroup.domain.text import drop_unsafe
from regroup.errors import UserError

# --- ics ---------------------------------------------------------------------------


def ics_text(value: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and newline escaped, other
    control characters, direction controls and U+2028/U+2029 dropped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = drop_unsafe(value, keep="\n\t")  # C0, C1, DEL, lone surrogates, direction controls
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (continuations start with a space), never inside
    a UTF-8 character."""
    parts: list[str] = []
    current, size, limit = "", 0, 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = " ", 1, 75
        current += ch
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def _event(uid: str, day: date, summary: str, description: str, stamp: str, rule: str = "") -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        *([f"RRULE:{rule}"] if rule else []),
        f"SUMMARY:{ics_text(summary)}",
        f"DESCRIPTION:{ics_text(description)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def _hard_day_events(journey: Journey, key: str, stamp: str) -> list[str]:
    """Each hard day, all day; a yearly one as a yearly event (29 February as the last day
    of February, so that it falls on the 28th in the years without a 29th, as in the app)."""
    lines: list[str] = []
    for hard in journey.hard_days:
        rule = ""
        if hard.yearly:
            leap_day = (hard.day.month, hard.day.day) == (2, 29)
            rule = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1" if leap_day else "FREQ=YEARLY"
        every = "Every year. " if hard.yearly else ""
        lines += _event(
            f"hard-day-{key}-{hard.id}@regroup-tui",
            hard.day,
            f"Hard day: {hard.label}",
            f"{every}A day that may hurt: plan it with people you like.",
            stamp,
            rule,
        )
    return lines


def to_ics(journey: Journey, now: datetime | None = None, board: Board | None = None) -> str:
    """The contact date and every next-try date as all-day events, and (with ``board``)
    the cards that have a day (see ics_cards.py).

    UIDs are stable for an event across exports (they depend on the plan's breakup date
    and the event, not on the time of the export), so re-importing updates, not duplicates.
    """
    now = (now or datetime.now(UTC)).astimezone(UTC)
    plan = journey.plan
    if plan is None:
        if journey.hard_days:
            stamp = now.strftime("%Y%m%dT%H%M%SZ")
            return _calendar(_hard_day_events(journey, "no-plan", stamp))
        raise UserError("There is nothing to put in a calendar yet: set up the plan first (run regroup-tui).")
    g = guide(plan.guide)
    source = f" (from {g.source})" if g.source else ""
    key = hashlib.sha256(f"{plan.breakup_date.isoformat()}|{plan.ended_by}".encode()).hexdigest()[:12]
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    events: list[str] = []
    state = journey.countdown(now)
    if state is not None and state.started and state.contact_date is not None:
        events += _event(
            f"contact-date-{key}@regroup-tui",
            state.contact_date,
            f"Earliest day to contact {plan.them}",
            f"Guide: {g.name}, {g.id}{source}. {state.no_contact_days} days of no contact from the "
            f"{state.anchor_kind} on {state.anchor.isoformat() if state.anchor else '?'}. Keep it casual.",
            stamp,
        )
    for contact in journey.contacts:
        if contact.next_try is None:
            continue
        events += _event(
            f"next-try-{key}-{contact.id}@regroup-tui",
            contact.next_try,
            f"Try {plan.them} again",
            f"No answer to your {contact.how} on {contact.day.isoformat()}: try again after a couple of days "
            f"(004_603b761a7f2df040.txt). Guide: {g.name}, {g.id}{source}.",
            stamp,
        )
    zone_lines: list[str] = []
    if board is not None:
        from regroup.domain.dates import today_in
        from regroup.ics_cards import card_events

        cards, zone_lines = card_events(board, plan.zone, key, stamp, today_in(plan.zone, now), ics_text, fold)
        events += cards
    events += _hard_day_events(journey, key, stamp)
    if not events:
        raise UserError(
            "There is nothing to put in a calendar yet: the countdown starts when you mark the letter sent."
        )
    return _calendar(events, zone_lines)


def _calendar(events: list[str], zone_lines: list[str] | None = None) -> str:
    """The calendar around ``events`` (and the time zones their times need)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//regroup-tui//regroup-tui {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *(zone_lines or []),
        *events,
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
