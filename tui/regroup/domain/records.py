"""The record types of the database, by table: how a stored document reads as a domain
value and back, and how a record is named in a sentence.

The store checks a change against the records as the domain reads them (so a title that
a hand-edited file holds with a control character compares the way the screen shows it).
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from regroup.domain.dates import short_date
from regroup.domain.daily import CheckIn, Contact, JournalEntry
from regroup.domain.journey import Check
from regroup.domain.model import Card
from regroup.domain.plan import Extension, Plan, Slip

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
    names = {
        "slips": "the slip",
        "extensions": "the extension",
        "checks": "the emotion check",
        "checkins": "the check-in",
        "journal": "the journal entry",
        "contacts": "the contact",
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
