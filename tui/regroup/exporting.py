"""``regroup-tui export`` and ``regroup-tui import``: the whole database as Markdown to read
back, JSON to back up and restore, or iCalendar (RFC 5545) for a calendar app.

Never imports Textual. Files are written through the store's ``atomic_write`` (0600).
"""

from __future__ import annotations

import hashlib
import json
import re
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
from regroup.domain.text import drop_unsafe, safe_for_terminal
from regroup.errors import FileRefused, UserError

FORMATS = ("markdown", "json", "ics")
EXPORT_FORMAT = "regroup-tui-export"
# The largest json export (and so the largest database) that import takes: the whole
# `regroup-tui import` of a 31 MB export (read, checked, opened as a store, written with a
# backup) took 1.0 s with 7,500 long cards and 1.35 s with 61,000 short ones on the
# development machine; 46-62 MB took 1.2-2.5 s. ``export --format json`` refuses a database
# whose export would be larger, so every export can be imported back.
MAX_IMPORT_BYTES = 32 * 1024 * 1024
MAX_IMPORT_MB = MAX_IMPORT_BYTES // (1024 * 1024)

# --- markdown ----------------------------------------------------------------------

# User text is escaped so that a renderer shows it as typed: every character that has a
# meaning anywhere in a line (emphasis, code, links, HTML, entities, tables, strikethrough,
# math) gets a backslash, and so do the characters that only mean something at the start
# of a line (headings and quotes are covered above; lists, setext underlines, numbered
# lists: "1." and "1)").
_MD_ANYWHERE = re.compile(r"([\\`*_\[\]<>#|~&$])")
_MD_LINE_START = re.compile(r"^([ \t]*)(?:([-+=])|([0-9]+)([.)]))", re.MULTILINE)


def md(text: str | None) -> str:
    """User text for the markdown export: no control or direction characters, and no
    markup: ``<img src=x onerror=...>``, ``# heading``, code fences, ``*``, ``_``, ``[``
    and backticks all show as typed."""
    if not text:
        return ""
    text = safe_for_terminal(text, keep="\n\t")
    text = _MD_ANYWHERE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\{m.group(4)}"), text)


def _when(stamp: str | None) -> str:
    return md(stamp.replace("T", " ").replace("Z", " UTC")) if stamp else ""


def _block(text: str, indent: str = "  ") -> str:
    """Multi-line user text under a list item, escaped: continuation lines indented."""
    return md(text).replace("\n", "\n" + indent)


def to_markdown(journey: Journey, board: Board, now: datetime | None = None, records=None) -> str:  # type: ignore[no-untyped-def]
    """``records`` (the store's ``records``) adds the timeline: every event, newest first."""
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
            f"- The other person: {md(plan.name) or '(no name given)'}",
            f"- Guide: {g.name} ({g.id}), {plan.days} days of no contact" + (f"; source: {g.source}" if g.source else ""),
            f"- Time zone: {md(plan.tz)}" + (f" (it cannot be used here: days are counted in {plan.zone})" if plan.zone_warning else ""),
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
            out.append(f"- Recorded that {md(plan.them)} has moved on: {long_date(plan.moved_on)}")
        if plan.archived:
            out.append("- The plan is archived")
        next_try = journey.next_try()
        if next_try:
            out.append(f"- Next try after no answer: {long_date(next_try)}")
        out.append("")
    out += ["### Slips", ""]
    out += [f"- {long_date(s.day)}" + (f": {_block(s.note)}" if s.note else "") for s in journey.slips] or ["None."]
    out += ["", "### Extensions", ""]
    out += [f"- {long_date(e.day)}: {e.days} more days ({md(e.reason)})" for e in journey.extensions] or ["None."]
    out += ["", "### Emotion checks", ""]
    answers = {"ready": "ready", "not_yet": "not yet"}
    out += [
        f"- For {long_date(c.contact_date)}: {answers.get(c.answer) or md(c.answer)}" + (f" ({_when(c.at)})" if c.at else "")
        for c in journey.checks
    ] or ["None."]
    out += ["", "## The board", ""]
    for column in COLUMNS:
        cards = board.column(column)
        out += [f"### {COLUMN_TITLES[column]} ({len(cards)})", ""]
        for card in cards:
            out.append(f"- **{md(card.title)}** ({card.category})")
            if card.notes:
                out.append(f"  {_block(card.notes)}")
            stamps = [f"{name} {_when(value)}" for name, value in (("started", card.started), ("done", card.done)) if value]
            if stamps:
                out.append(f"  {', '.join(stamps)}")
        out += ["None.", ""] if not cards else [""]
    out += ["## Check-ins", ""]
    out += [
        f"- {long_date(c.day)}: mood {c.mood} ({MOODS.get(c.mood, '?')})" + (f": {md(c.words)}" if c.words else "")
        for c in journey.checkins
    ] or ["None."]
    out += ["", "## Journal", ""]
    if not journey.journal:
        out += ["None.", ""]
    for entry in journey.journal:
        out += [f"### {long_date(entry.day)}", "", "**What went wrong?**", "", md(entry.wrong) or "-", ""]
        out += ["**What will I do differently?**", "", md(entry.differently) or "-", ""]
    out += ["## Contacts", ""]
    for c in journey.contacts:
        answer = "answered" if c.answered else f"no answer; try again {long_date(c.next_try)}" if c.next_try else "no answer"
        out.append(f"- {long_date(c.day)}, {md(c.how)}: {answer}" + (f": {_block(c.note)}" if c.note else ""))
    if not journey.contacts:
        out.append("None.")
    if records is not None:
        from regroup.domain.dates import today_in
        from regroup.domain.timeline import events

        today = today_in(plan.zone if plan else "UTC", now)
        out += ["", "## Timeline", "", "Every event, newest first.", ""]
        for event in events(plan, board, records, today):
            detail = event.detail.splitlines()[0] if event.detail and event.kind != "journal" else ""
            out.append(f"- {long_date(event.day)}: {md(event.title)}" + (f" ({md(detail)})" if detail else ""))
    # Whatever slipped through (nothing should): no control or direction character leaves.
    return safe_for_terminal("\n".join(out).rstrip("\n") + "\n", keep="\n\t")


# --- json --------------------------------------------------------------------------


def read_raw(path: Path) -> dict[str, Any]:
    """The raw tables of a database that ``Store.open`` has just validated."""
    return json.loads(path.read_bytes())


def to_json(raw: dict[str, Any], now: datetime | None = None) -> str:
    from regroup.store import SCHEMA_VERSION

    envelope = {"format": EXPORT_FORMAT, "exported": utc_stamp(now), "schema": SCHEMA_VERSION, "data": raw}
    return json.dumps(envelope, ensure_ascii=True, indent=2) + "\n"


def json_export(db_path: Path, now: datetime | None = None) -> str:
    """The json export of the database at ``db_path`` (which ``Store.open`` has just
    checked), refused when it would be larger than what ``import`` takes back."""
    text = to_json(read_raw(db_path), now)
    if len(text) > MAX_IMPORT_BYTES:  # ASCII: one byte a character
        size = -(-len(text) // (1024 * 1024))
        raise FileRefused(
            f"The json export of {db_path} would be {size} MB, more than the {MAX_IMPORT_MB} MB that "
            "regroup-tui import takes back, so it was not made: copy the database file itself to keep a backup."
        )
    return text


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


def load_export(source: Path) -> tuple[bytes, dict[str, int], str | None]:
    """Check an export file in full and return the database bytes to write, at our schema,
    with a count of what it holds and a warning about its plan (a time zone that cannot be
    used here), if any. Raises ``FileRefused`` (one sentence) for anything else.

    Anything but a regular file (a FIFO, a device such as /dev/zero, a folder) is refused
    before a byte is read, and so is a file larger than MAX_IMPORT_BYTES."""
    from regroup.store import SCHEMA_VERSION, Store
    from regroup.store.files import check_regular, read_regular

    name = source
    too_large = (
        f"{name} is larger than {MAX_IMPORT_MB} MB, the most a regroup-tui export can be; nothing was changed."
    )
    try:  # os.stat first: a FIFO is never opened, even without blocking
        check_regular(source, "a regroup-tui export", "nothing was changed")
        raw = read_regular(source, "a regroup-tui export", MAX_IMPORT_BYTES, too_large, "; nothing was changed")
    except FileNotFoundError:
        raise FileRefused(f"There is no file at {name}; nothing was changed.") from None
    except OSError as error:
        raise FileRefused(f"Cannot read {name}: {(error.strerror or str(error)).lower()}; nothing was changed.") from None
    except ValueError:  # a NUL in the name
        raise FileRefused(f"There is no file at {name!r}; nothing was changed.") from None
    try:
        envelope = json.loads(raw)
    except (ValueError, RecursionError):  # bad JSON or UTF-8, or an integer of 4,300+ digits
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
            store.journey.countdown()  # an unknown guide would break the app
        except (UserError, KeyError, TypeError, ValueError, OverflowError):
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
        warning = journey.plan.zone_warning if journey.plan else None
        return trial.read_bytes(), counts, warning  # migrated to our schema if it was older


def restore(source: Path, db_path: Path) -> tuple[dict[str, int], Path | None, str | None, bool]:
    """Replace the database with the export at ``source``; return what was restored, the
    0600 backup kept of the previous database (None when there was none), a warning about
    the plan it holds (see ``load_export``) and whether the import can be undone (``u`` in
    the app takes it back like any change; see store/restore.py).

    Only a regroup-tui database is replaced: a file at ``db_path`` that is something else
    (a copy of /etc/passwd, another program's JSON) or was written by a newer regroup-tui
    is refused and left as it is."""
    from regroup.store.files import check_regular
    from regroup.store.restore import replace_database

    check_regular(db_path, "the database", "pass a file path with --db")
    payload, counts, warning = load_export(source)
    checked = _current(db_path)
    if checked is not None:  # before the lock: a refused file gets no lock file beside it
        _check_replaceable(db_path, checked)
    backup, undoable = replace_database(db_path, payload, f"import of {source.name}", checked)
    return counts, backup, warning, undoable


def _current(db_path: Path) -> bytes | None:
    """The bytes of the database import would replace, None when there is none."""
    from regroup.store.files import read_regular

    try:
        return read_regular(db_path, "the database", 1 << 40, "", "; pass a file path with --db")
    except FileNotFoundError:
        return None
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise FileRefused(f"Cannot read {db_path} ({reason}), so it was not replaced; nothing was changed.") from None


def _check_replaceable(db_path: Path, current: bytes) -> None:
    """Refuse (one sentence) to replace a file that is not a regroup-tui database this
    version reads. An empty file and one that starts as our files start (a damaged
    database, which the refusals elsewhere tell the user to restore from a backup) may be
    replaced: the backup keeps them."""
    from regroup.store import SCHEMA_VERSION

    head = current.lstrip()
    if not head:
        return
    try:
        data = json.loads(current)
    except (ValueError, RecursionError):  # bad JSON or UTF-8, or an integer of 4,300+ digits
        if head.startswith(b'{"_meta":'):
            return  # ours, damaged
        data = None
    meta = data.get("_meta") if isinstance(data, dict) else None
    meta = meta.get("1") if isinstance(meta, dict) else None
    schema = meta.get("schema") if isinstance(meta, dict) else None
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise FileRefused(
            f"{db_path} is not a regroup-tui database, so import will not replace it: "
            "pass another file with --db or move it away; nothing was changed."
        )
    if schema > SCHEMA_VERSION:
        raise FileRefused(
            f"{db_path} was written by a newer regroup-tui (schema {schema}; this one reads up to "
            f"{SCHEMA_VERSION}), so import will not replace it: upgrade regroup-tui; nothing was changed."
        )


SINGULAR = {"cards": "card", "check-ins": "check-in", "journal entries": "journal entry", "contacts": "contact"}


def describe(counts: dict[str, int]) -> str:
    """'the plan, 7 cards, 1 check-in, 2 journal entries and 0 contacts'"""
    parts = ["the plan" if counts.get("plan") else "no plan"]
    parts += [f"{n} {SINGULAR[what] if n == 1 else what}" for what, n in counts.items() if what != "plan"]
    return ", ".join(parts[:-1]) + " and " + parts[-1]
