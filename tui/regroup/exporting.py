"""``regroup-tui export`` and ``regroup-tui import``: the whole database as Markdown to read
back, JSON to back up and restore, or iCalendar (RFC 5545) for a calendar app.

Never imports Textual. Files are written through the store's ``atomic_write`` (0600).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from regroup import __version__
from regroup.domain.board import Board
from regroup.domain.daily import MOODS
from regroup.domain.dates import long_date
from regroup.domain.guides import guide
from regroup.domain.journey import Journey
from regroup.domain.model import COLUMN_TITLES, COLUMNS, utc_stamp
from regroup.errors import FileRefused, UserError

FORMATS = ("markdown", "json", "ics")
EXPORT_FORMAT = "regroup-tui-export"
MAX_IMPORT_BYTES = 64 * 1024 * 1024

# --- markdown ----------------------------------------------------------------------


def _when(stamp: str | None) -> str:
    return stamp.replace("T", " ").replace("Z", " UTC") if stamp else ""


def _block(text: str, indent: str = "  ") -> str:
    """Multi-line text under a list item: continuation lines indented."""
    return text.replace("\n", "\n" + indent)


def to_markdown(journey: Journey, board: Board, now: datetime | None = None) -> str:
    now = now or datetime.now(timezone.utc)
    plan = journey.plan
    out: list[str] = ["# regroup-tui export", "", f"Exported {_when(utc_stamp(now))}.", "", "## The plan", ""]
    if plan is None:
        out += ["No plan yet.", ""]
    else:
        g = guide(plan.guide)
        state = journey.countdown(now)
        out += [
            f"- Breakup: {long_date(plan.breakup_date)} (ended by {plan.ended_by})",
            f"- The other person: {plan.name or '(no name given)'}",
            f"- Guide: {g.name} ({g.id}), {plan.days} days of no contact" + (f"; source: {g.source}" if g.source else ""),
            f"- Time zone: {plan.tz}",
            f"- Apology letter sent: {long_date(plan.letter_sent) if plan.letter_sent else 'not yet'}",
            f"- A slip restarts the count: {'yes' if plan.restart_on_slip else 'no'}",
        ]
        if state is None or not state.started or state.contact_date is None:
            out.append("- Countdown: not started; it starts when the letter is marked sent")
        else:
            if state.anchor:
                out.append(f"- Counting from: {long_date(state.anchor)} ({state.anchor_kind})")
            out.append(f"- Earliest contact date: {long_date(state.contact_date)} ({state.no_contact_days} days)")
            if state.reached:
                out.append("- Countdown: the contact date is reached")
            else:
                out.append(f"- Countdown: {state.days_left} day{'s' if state.days_left != 1 else ''} left")
        if plan.moved_on:
            out.append(f"- Recorded that {plan.them} has moved on: {long_date(plan.moved_on)}")
        if plan.archived:
            out.append("- The plan is archived")
        next_try = journey.next_try()
        if next_try:
            out.append(f"- Next try after no answer: {long_date(next_try)}")
        out.append("")
    out += ["### Slips", ""]
    out += [f"- {long_date(s.day)}" + (f": {_block(s.note)}" if s.note else "") for s in journey.slips] or ["None."]
    out += ["", "### Extensions", ""]
    out += [f"- {long_date(e.day)}: {e.days} more days ({e.reason})" for e in journey.extensions] or ["None."]
    out += ["", "### Emotion checks", ""]
    answers = {"ready": "ready", "not_yet": "not yet"}
    out += [
        f"- For {long_date(c.contact_date)}: {answers.get(c.answer, c.answer)}" + (f" ({_when(c.at)})" if c.at else "")
        for c in journey.checks
    ] or ["None."]
    out += ["", "## The board", ""]
    for column in COLUMNS:
        cards = board.column(column)
        out += [f"### {COLUMN_TITLES[column]} ({len(cards)})", ""]
        for card in cards:
            out.append(f"- **{card.title}** ({card.category})")
            if card.notes:
                out.append(f"  {_block(card.notes)}")
            stamps = [f"{name} {_when(value)}" for name, value in (("started", card.started), ("done", card.done)) if value]
            if stamps:
                out.append(f"  {', '.join(stamps)}")
        out += ["None.", ""] if not cards else [""]
    out += ["## Check-ins", ""]
    out += [
        f"- {long_date(c.day)}: mood {c.mood} ({MOODS.get(c.mood, '?')})" + (f": {c.words}" if c.words else "")
        for c in journey.checkins
    ] or ["None."]
    out += ["", "## Journal", ""]
    if not journey.journal:
        out += ["None.", ""]
    for entry in journey.journal:
        out += [f"### {long_date(entry.day)}", "", "**What went wrong?**", "", entry.wrong or "-", ""]
        out += ["**What will I do differently?**", "", entry.differently or "-", ""]
    out += ["## Contacts", ""]
    for c in journey.contacts:
        answer = "answered" if c.answered else f"no answer; try again {long_date(c.next_try)}" if c.next_try else "no answer"
        out.append(f"- {long_date(c.day)}, {c.how}: {answer}" + (f": {_block(c.note)}" if c.note else ""))
    if not journey.contacts:
        out.append("None.")
    return "\n".join(out).rstrip("\n") + "\n"


# --- json --------------------------------------------------------------------------


def read_raw(path: Path) -> dict[str, Any]:
    """The raw tables of a database that ``Store.open`` has just validated."""
    return json.loads(path.read_bytes())


def to_json(raw: dict[str, Any], now: datetime | None = None) -> str:
    from regroup.store import SCHEMA_VERSION

    envelope = {"format": EXPORT_FORMAT, "exported": utc_stamp(now), "schema": SCHEMA_VERSION, "data": raw}
    return json.dumps(envelope, ensure_ascii=True, indent=2) + "\n"


# --- ics ---------------------------------------------------------------------------


def ics_text(value: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and newline escaped, other
    control characters dropped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(ch for ch in value if ch in "\n\t" or not (ord(ch) < 32 or ord(ch) == 127))
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


def _event(uid: str, day: date, summary: str, description: str, stamp: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{ics_text(summary)}",
        f"DESCRIPTION:{ics_text(description)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def to_ics(journey: Journey, now: datetime | None = None) -> str:
    """The contact date and every next-try date as all-day events.

    UIDs are stable for an event across exports (they depend on the plan's breakup date
    and the event, not on the time of the export), so re-importing updates, not duplicates.
    """
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    plan = journey.plan
    if plan is None:
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
    if not events:
        raise UserError(
            "There is nothing to put in a calendar yet: the countdown starts when you mark the letter sent."
        )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//regroup-tui//regroup-tui {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *events,
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)


# --- import ------------------------------------------------------------------------


def _is_table(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(key, str) and key.isdigit() and key.isascii() and isinstance(doc, dict) for key, doc in value.items()
    )


def load_export(source: Path) -> tuple[bytes, dict[str, int]]:
    """Check an export file in full and return the database bytes to write, at our schema,
    with a count of what it holds. Raises ``FileRefused`` (one sentence) for anything else."""
    from regroup.store import SCHEMA_VERSION, Store

    name = source
    try:
        if source.is_dir():
            raise FileRefused(f"{name} is a folder, not a regroup-tui export; nothing was changed.")
        if source.stat().st_size > MAX_IMPORT_BYTES:
            raise FileRefused(f"{name} is too large to be a regroup-tui export; nothing was changed.")
        raw = source.read_bytes()
    except FileNotFoundError:
        raise FileRefused(f"There is no file at {name}; nothing was changed.") from None
    except OSError as error:
        raise FileRefused(f"Cannot read {name}: {(error.strerror or str(error)).lower()}; nothing was changed.") from None
    try:
        envelope = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise FileRefused(f"{name} is not valid JSON, so it is not a regroup-tui export; nothing was changed.") from None
    if not isinstance(envelope, dict) or envelope.get("format") != EXPORT_FORMAT:
        raise FileRefused(
            f"{name} is not a regroup-tui export (made by regroup-tui export --format json); nothing was changed."
        )
    schema, data = envelope.get("schema"), envelope.get("data")
    if isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA_VERSION:
        raise FileRefused(
            f"{name} was exported by a newer regroup-tui (schema {schema}; this one reads up to "
            f"{SCHEMA_VERSION}): upgrade regroup-tui to import it; nothing was changed."
        )
    meta = data.get("_meta", {}).get("1") if isinstance(data, dict) and isinstance(data.get("_meta"), dict) else None
    if (
        not isinstance(schema, int)
        or isinstance(schema, bool)
        or schema < 1
        or not isinstance(data, dict)
        or not all(isinstance(table, str) and _is_table(value) for table, value in data.items())
        or not isinstance(meta, dict)
        or meta.get("schema") != schema
    ):
        raise FileRefused(f"{name} is a regroup-tui export whose data has the wrong shape; nothing was changed.")
    with tempfile.TemporaryDirectory(prefix="regroup-import-") as folder:
        trial = Path(folder) / "import.json"
        trial.write_bytes(json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii"))
        try:
            store = Store.open(trial, create=False)
            store.journey.countdown()  # an unknown guide or time zone would break the app
        except (UserError, KeyError, TypeError, ValueError):
            raise FileRefused(
                f"{name} holds a card, a plan or a log entry that regroup-tui cannot read; nothing was changed."
            ) from None
        journey = store.journey
        counts = {
            "cards": len(store.board),
            "plan": int(journey.plan is not None),
            "check-ins": len(journey.checkins),
            "journal entries": len(journey.journal),
            "contacts": len(journey.contacts),
        }
        return trial.read_bytes(), counts  # migrated to our schema if it was older


def restore(source: Path, db_path: Path) -> tuple[dict[str, int], Path | None]:
    """Replace the database with the export at ``source``; return what was restored and
    the 0600 backup kept of the previous database (None when there was none)."""
    from regroup.store.files import atomic_write, ensure_folder, locked

    if db_path.is_dir():
        raise FileRefused(f"{db_path} is a folder, not a database file; pass a file path with --db.")
    payload, counts = load_export(source)
    ensure_folder(db_path.parent)
    backup: Path | None = None
    with locked(db_path):
        if db_path.exists():
            stamp = utc_stamp().replace(":", "").replace("-", "")
            backup = db_path.with_name(f"{db_path.stem}.before-import-{stamp}{db_path.suffix}")
            n = 1
            while backup.exists():
                n += 1
                backup = db_path.with_name(f"{db_path.stem}.before-import-{stamp}-{n}{db_path.suffix}")
            atomic_write(backup, db_path.read_bytes())
        atomic_write(db_path, payload)
    return counts, backup


SINGULAR = {"cards": "card", "check-ins": "check-in", "journal entries": "journal entry", "contacts": "contact"}


def describe(counts: dict[str, int]) -> str:
    """'the plan, 7 cards, 1 check-in, 2 journal entries and 0 contacts'"""
    parts = ["the plan" if counts.get("plan") else "no plan"]
    parts += [f"{n} {SINGULAR[what] if n == 1 else what}" for what, n in counts.items() if what != "plan"]
    return ", ".join(parts[:-1]) + " and " + parts[-1]
