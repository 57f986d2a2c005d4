"""The record types of the database, by table: what each field may hold (one
declarative description, checked when a file is opened, when an export is imported and
when a record is written), how a stored document reads as a domain value and back, and
how a record is named in a sentence.

The store checks a change against the records as the domain reads them (so a title that
a hand-edited file holds with a control character compares the way the screen shows it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from regroup.domain.daily import CONTACT_WAYS, MOODS, CheckIn, Contact, JournalEntry
from regroup.domain.dates import short_date
from regroup.domain.guides import guides
from regroup.domain.journey import Check
from regroup.domain.model import CATEGORIES, COLUMNS, Card
from regroup.domain.moments import COOLDOWN_MAX, LABEL_MAX, OUTCOMES, SAFETY_NET, SUPPORT_MAX, Dismissal, HardDay, Urge
from regroup.domain.plan import ENDED_BY, Extension, Plan, Slip
from regroup.domain.schedule import TICKS, Tick, is_day_field, is_time
from regroup.domain.text import JOURNAL_MAX, LINE_MAX, NAME_MAX, NOTE_MAX, NOTES_MAX, TITLE_MAX, WORDS_MAX

# --- what each field may hold ---------------------------------------------------------

FIRST_DAY, LAST_DAY = "1900-01-01", "2199-12-31"  # a day plus any count of days stays a date
POSITION_LIMIT = 10**9  # positions are finite and small: far more than any column needs
ID_LIMIT = 10**9 - 1
_KEY = re.compile(r"[1-9][0-9]{0,8}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _is_day(value: Any) -> bool:
    if type(value) is not str or not _DAY.fullmatch(value) or not FIRST_DAY <= value <= LAST_DAY:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_guide(value: Any) -> bool:
    return type(value) is str and value in guides()


class Field:
    """One field: ``test``, a Python expression on ``v`` that is true for a value the
    field may hold (the names it uses are in ``_NAMES``); ``expects``, the same in words,
    for the sentence that refuses a file; ``optional``, whether a record may leave the
    field out (the reader then uses its default)."""

    __slots__ = ("name", "test", "expects", "optional")

    def __init__(self, name: str, test: str, expects: str, optional: bool = True) -> None:
        self.name, self.test, self.expects, self.optional = name, test, expects, optional


def text(name: str, limit: int, **kw: bool) -> Field:
    return Field(name, f"type(v) is str and len(v) <= {limit}", f"text of at most {limit:,} characters", **kw)


def whole(name: str, low: int, high: int, **kw: bool) -> Field:
    return Field(name, f"type(v) is int and {low} <= v <= {high}", f"a whole number from {low:,} to {high:,}", **kw)


def one_of(name: str, values: tuple[str, ...], **kw: bool) -> Field:
    bound = f"_values_{len(_NAMES)}"  # a name of its own for each field's set of values
    _NAMES[bound] = frozenset(values)
    return Field(name, f"type(v) is str and v in {bound}", "one of " + ", ".join(values), **kw)


def day(name: str, maybe: bool = False, **kw: bool) -> Field:
    words = f"a date written YYYY-MM-DD between {FIRST_DAY} and {LAST_DAY}"
    return Field(name, ("v is None or " if maybe else "") + "_is_day(v)", words + (", or null" if maybe else ""), **kw)


def flag(name: str, **kw: bool) -> Field:
    return Field(name, "type(v) is bool", "true or false", **kw)


def stamp(name: str, maybe: bool = False) -> Field:
    """A moment as UTC ISO text ("2026-11-25T09:30:00Z"), or "" (or null where allowed)."""
    return Field(
        name,
        ("v is None or " if maybe else "") + "_is_stamp(v)",
        "a moment written YYYY-MM-DDTHH:MM:SSZ, or empty" + (", or null" if maybe else ""),
    )


_STAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")


def _is_stamp(value: Any) -> bool:
    return type(value) is str and (value == "" or _STAMP.fullmatch(value) is not None)


def _is_edits(value: Any) -> bool:
    """A history entry's edits: each names a table and a record, and holds objects (or
    null) before and after. What an undo would write is checked again when it is written."""
    return type(value) is list and all(
        type(e) is dict
        and type(e.get("table")) is str
        and type(e.get("key")) is int
        and 0 < e["key"] <= ID_LIMIT
        and (e.get("before") is None or type(e.get("before")) is dict)
        and (e.get("after") is None or type(e.get("after")) is dict)
        for e in value
    )


_NAMES: dict[str, Any] = {
    "_is_day": _is_day,
    "_is_guide": _is_guide,
    "_is_stamp": _is_stamp,
    "_is_edits": _is_edits,
    "_is_day_field": is_day_field,
    "_is_time": is_time,
}

# What no two records of a table may share: one tick per habit and day, one check-in a
# day. A change that would add a second (an undo or redo replaying a record another window
# has since made again) is refused by the store.
UNIQUE: dict[str, tuple[str, ...]] = {TICKS: ("card", "date"), "checkins": ("date",)}

FIELDS: dict[str, tuple[Field, ...]] = {
    "cards": (
        whole("id", 1, ID_LIMIT, optional=False),
        text("title", TITLE_MAX, optional=False),
        one_of("category", CATEGORIES),
        one_of("column", COLUMNS),
        whole("position", -POSITION_LIMIT, POSITION_LIMIT),
        text("notes", NOTES_MAX),
        stamp("created"),
        stamp("started", maybe=True),
        stamp("done", maybe=True),
        text("source", LINE_MAX),
        Field("per_week", "v is None or (type(v) is int and 1 <= v <= 7)", "a whole number from 1 to 7, or null"),
        Field(
            "day",
            "v is None or (_is_day_field(v) and (len(v) != 10 or _is_day(v)))",
            f"a date written YYYY-MM-DD between {FIRST_DAY} and {LAST_DAY}, a weekday such as thursday, or null",
        ),
        Field("time", "v is None or _is_time(v)", "a time written HH:MM (24-hour clock), or null"),
    ),
    TICKS: (whole("card", 1, ID_LIMIT, optional=False), day("date", optional=False), stamp("at")),
    "plan": (
        day("breakup_date", optional=False),
        one_of("ended_by", ENDED_BY),
        Field("guide", "_is_guide(v)", "the id of a guide"),
        whole("days", 1, 365),
        text("tz", LINE_MAX),
        day("letter_sent", maybe=True),
        text("name", NAME_MAX),
        flag("restart_on_slip"),
        day("moved_on", maybe=True),
        flag("archived"),
        text("support", SUPPORT_MAX),
        whole("cooldown_minutes", 1, COOLDOWN_MAX),
    ),
    "slips": (day("date", optional=False), text("note", NOTE_MAX), stamp("logged")),
    "extensions": (day("date", optional=False), whole("days", 1, 365), text("reason", LINE_MAX)),
    "checks": (
        day("contact_date", optional=False),
        one_of("answer", ("ready", "not_yet"), optional=False),
        stamp("at"),
    ),
    "checkins": (
        day("date", optional=False),
        whole("mood", min(MOODS), max(MOODS), optional=False),
        text("words", WORDS_MAX),
        stamp("at"),
    ),
    "journal": (
        whole("id", 1, ID_LIMIT),
        day("date", optional=False),
        text("wrong", JOURNAL_MAX),
        text("differently", JOURNAL_MAX),
        stamp("created"),
        stamp("edited"),
    ),
    "contacts": (
        whole("id", 1, ID_LIMIT),
        day("date", optional=False),
        one_of("how", CONTACT_WAYS),
        flag("answered"),
        text("note", NOTE_MAX),
        stamp("at"),
    ),
    "urges": (
        whole("id", 1, ID_LIMIT),
        stamp("at"),
        Field("strength", "v is None or (type(v) is int and 1 <= v <= 5)", "a whole number from 1 to 5, or null"),
        one_of("outcome", OUTCOMES),
        stamp("ended"),
    ),
    "hard_days": (
        whole("id", 1, ID_LIMIT),
        day("date", optional=False),
        text("label", LABEL_MAX),
        flag("yearly"),
        stamp("created"),
    ),
    "dismissals": (day("date", optional=False), one_of("what", (SAFETY_NET,)), stamp("at")),
    # review_week: the Monday of the last week whose review was shown (shown once a week)
    "settings": (text("theme", LINE_MAX), day("review_week", maybe=True)),
    "history": (
        stamp("at"),
        text("session", LINE_MAX),
        text("label", LINE_MAX),
        Field("edits", "_is_edits(v)", "a list of edits (table, key, before, after)", optional=False),
        Field("focus", "v is None or type(v) is int", "a card's number, or null"),
        Field("undo_focus", "v is None or type(v) is int", "a card's number, or null"),
        one_of("state", ("done", "undone")),
        text("undone_by", LINE_MAX),
        whole("undone_seq", 0, ID_LIMIT),
    ),
    "deleted": (
        one_of("table", ("cards", "journal"), optional=False),
        whole("key", 1, ID_LIMIT, optional=False),
        Field("doc", "type(v) is dict", "the record as it was (an object)", optional=False),
        stamp("at"),
    ),
}
KEYED = {"cards", "journal", "contacts", "urges", "hard_days"}  # records that hold their key as "id" too
SINGLE = {"plan", "settings"}  # tables of one record, key "1"


def _compile(fields: tuple[Field, ...]) -> Callable[[dict], bool]:
    """One function that tests every field of a record in line (a call per field would
    double the cost of checking a 10,000-card file). A field left out is tested as its
    default, which every test accepts; the names a test uses are bound as locals."""
    names = sorted(name for name in _NAMES if any(name in spec.test for spec in fields))
    lines = [
        "def accepts(doc, " + "".join(f"{name}={name}, " for name in names) + "_absent=_absent):",
        "    get = doc.get",
    ]
    for spec in fields:
        default = (
            "_absent"
            if not spec.optional
            else repr(_DEFAULTS[spec.name] if spec.name in _DEFAULTS else _default_for(spec))
        )
        lines.append(f"    v = get({spec.name!r}, {default})")
        lines.append(f"    if {'v is _absent or ' if not spec.optional else ''}not ({spec.test}): return False")
    lines.append("    return True")
    namespace = dict(_NAMES, _absent=object())
    exec("\n".join(lines), namespace)
    return namespace["accepts"]


_DEFAULTS: dict[str, Any] = {
    "category": "mind",
    "column": "ideas",
    "ended_by": "them",
    "guide": "space-21",
    "days": 21,
    "how": "text",
    "answer": "ready",
    "state": "done",
    "outcome": "open",
    "what": SAFETY_NET,
    "cooldown_minutes": 10,
}


def _default_for(spec: Field) -> Any:
    """A value the field's test accepts, standing for a field left out."""
    for value in (None, "", 0, False, 1, "2000-01-01"):
        try:
            if eval(f"lambda v: {spec.test}", dict(_NAMES))(value):
                return value
        except Exception:
            continue
    raise ValueError(f"no default passes the test of {spec.name}")


class _Lazy(dict):
    """Compiled on first use, per key: ``status`` on a file with a few tables compiles
    only their checkers (compiling all at import was most of its import time)."""

    def __init__(self, make: Callable[[Any], Any]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self.make(key)
        return value


_ACCEPTS = _Lazy(lambda table: _compile(FIELDS[table]))
_TESTS = _Lazy(lambda test: eval(f"lambda v: {test}", dict(_NAMES)))


def field_problem(table: str, key: Any, doc: Any) -> tuple[str, str] | None:
    """(field, what it must be) for the first wrong field of this record, or None.
    Field "" stands for the record itself."""
    fields = FIELDS.get(table)
    if fields is None:
        return None
    if type(key) is not str or not _KEY.fullmatch(key) or (table in SINGLE and key != "1"):
        return ("", "a record numbered 1" if table in SINGLE else "numbered from 1 to 999,999,999")
    if type(doc) is not dict:
        return ("", "a JSON object")
    absent = object()
    for spec in fields:
        value = doc.get(spec.name, absent)
        if value is absent:
            if not spec.optional:
                return (spec.name, f"{spec.expects} (it is missing)")
        elif not _TESTS[spec.test](value):
            return (spec.name, spec.expects)
    if table in KEYED and "id" in doc and doc["id"] != int(key):
        return ("id", f"the record's own number, {key}")
    return None


def table_problem(data: Mapping[str, Any]) -> tuple[str, str, str, str] | None:
    """(table, key, field, what it must be) for the first wrong field in ``data``."""
    for table in FIELDS:
        records = data.get(table)
        if records is None:
            continue
        if type(records) is not dict:
            return (table, "", "", "a JSON object of records")
        accepts = _ACCEPTS[table]
        keyed, single = table in KEYED, table in SINGLE
        for key, doc in records.items():
            # the common case in cheap tests; field_problem names what is wrong
            if type(doc) is dict and accepts(doc) and _KEY.fullmatch(key):
                if not (keyed and doc.get("id", int(key)) != int(key)) and not (single and key != "1"):
                    continue
            problem = field_problem(table, key, doc)
            if problem is not None:
                return (table, key, *problem)
    return None


def refusal(table: str, key: str, field: str, expects: str) -> str:
    """The part of a sentence that says what is wrong, naming table, record and field."""
    record = f"record {key}" if key else "the table"
    where = f"field “{field}” of {record}" if field else record
    return f"in the table “{table}”, {where} must be {expects}"


Doc = Mapping[str, Any]

# table -> (document -> domain value -> document), for the tables a change may edit
_READERS: dict[str, Callable[[int, Doc], Any]] = {
    "cards": lambda key, doc: Card.from_doc(doc),
    "plan": lambda key, doc: Plan.from_doc(doc),
    "slips": lambda key, doc: Slip.from_doc(doc),
    "extensions": lambda key, doc: Extension.from_doc(doc),
    "checks": lambda key, doc: Check.from_doc(doc),
    "checkins": lambda key, doc: CheckIn.from_doc(doc),
    "journal": lambda key, doc: JournalEntry.from_doc(dict(doc, id=key)),
    "contacts": lambda key, doc: Contact.from_doc(dict(doc, id=key)),
    "urges": lambda key, doc: Urge.from_doc(dict(doc, id=key)),
    "hard_days": lambda key, doc: HardDay.from_doc(dict(doc, id=key)),
    "dismissals": lambda key, doc: Dismissal.from_doc(doc),
    TICKS: lambda key, doc: Tick.from_doc(doc),
}


def normalized(table: str, key: int, doc: Doc | None) -> dict[str, Any] | None:
    """The document as the domain reads it and would write it back (tables without a
    record type, such as settings, as they are)."""
    if doc is None:
        return None
    reader = _READERS.get(table)
    if reader is None:
        return dict(doc)
    return reader(key, doc).to_doc()


def describe(table: str, doc: Doc | None) -> str:
    """A record named as a person would: “Run 5 km”, the slip of Sat 5 Dec."""
    doc = doc or {}
    if table == "cards":
        title = doc.get("title")
        return f"“{title}”" if isinstance(title, str) and title else "that card"
    if table == "plan":
        return "the plan"
    if table == "settings":
        return "the settings"
    if table == "hard_days":
        label = doc.get("label")
        return f"the hard day ‘{label}’" if isinstance(label, str) and label else "that hard day"
    if table == "urges":
        at = doc.get("at")
        return f"the urge of {at[:10]}" if isinstance(at, str) and at else "that urge"
    names = {
        "slips": "the slip",
        "extensions": "the extension",
        "checks": "the emotion check",
        "checkins": "the check-in",
        "journal": "the journal entry",
        "contacts": "the contact",
        "dismissals": "the safety-net note",
        TICKS: "the tick",
    }
    name = names.get(table, "that record")
    day = doc.get("date") or doc.get("contact_date")
    if isinstance(day, str):
        try:
            from datetime import date

            return f"{name} of {short_date(date.fromisoformat(day))}"
        except ValueError:
            pass
    return name
