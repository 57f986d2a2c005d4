"""What the file holds: its schema version, a new file's contents, the migrations from older
versions, and the reading of its tables into domain values."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from regroup.domain.board import Board
from regroup.domain.catalog import starter_activities
from regroup.domain.daily import CheckIn, Contact, JournalEntry
from regroup.domain.journey import Check, Journey
from regroup.domain.model import COLUMNS, Card, utc_stamp
from regroup.domain.moments import Dismissal, HardDay, Urge
from regroup.domain.plan import Extension, Plan, Slip
from regroup.errors import FileRefused

SCHEMA_VERSION = 2
# What each schema added; a file of an older version is migrated (after a backup) step by step.
#   1: cards, plan, slips, extensions, checks
#   2: every card has "source", the plan has "restart_on_slip", _meta records migrations
#      (later, still 2: tables a file may leave out, and plan fields with defaults, so an
#      older regroup-tui reads the file as before: urges, hard_days, dismissals; the plan's
#      support and cooldown_minutes)
META = "_meta"
CARDS = "cards"
PLAN = "plan"


def new_database(now: datetime | None = None, ended_by: str | None = None) -> dict[str, Any]:
    """The contents of a new file: the schema, and the starter activities in ``ideas``."""
    stamp = utc_stamp(now)
    cards = {}
    for index, activity in enumerate(starter_activities(ended_by), start=1):
        card = Card(
            id=index,
            title=activity.title,
            category=activity.category,
            column="ideas",
            position=index,
            notes=activity.notes,
            created=stamp,
            source=activity.source,
        )
        cards[str(index)] = card.to_doc()
    meta = {"schema": SCHEMA_VERSION, "created": stamp, "last_ids": {CARDS: len(cards)}}
    return {META: {"1": meta}, CARDS: cards}


class NeedsMigration(Exception):
    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version


def _migrate_1_to_2(data: dict[str, Any]) -> None:
    for doc in data.get(CARDS, {}).values():
        doc.setdefault("source", "")
    for doc in data.get(PLAN, {}).values():
        doc.setdefault("restart_on_slip", True)


MIGRATIONS = {1: _migrate_1_to_2}


def migrate(data: dict[str, Any], version: int, backup_name: str) -> None:
    """Bring ``data`` from ``version`` to SCHEMA_VERSION in place, noting it in _meta."""
    for step in range(version, SCHEMA_VERSION):
        MIGRATIONS[step](data)
    meta = data.setdefault(META, {}).setdefault("1", {})
    meta["schema"] = SCHEMA_VERSION
    meta.setdefault("migrations", []).append(
        {"from": version, "to": SCHEMA_VERSION, "at": utc_stamp(), "backup": backup_name}
    )


def check_schema(data: dict[str, Any], path: Path) -> None:
    """Raises FileRefused for a file we must not touch, NeedsMigration for an older one."""
    meta = data.get(META, {}).get("1")
    version = meta.get("schema") if isinstance(meta, dict) else None
    if not isinstance(version, int) or isinstance(version, bool):
        raise FileRefused(
            f"{path} is not a regroup-tui database (it has no schema version); "
            "it was left untouched: pass another file with --db."
        )
    if version > SCHEMA_VERSION:
        raise FileRefused(
            f"{path} was written by a newer regroup-tui (schema {version}; this one reads "
            f"up to {SCHEMA_VERSION}); upgrade regroup-tui to open it. The file was left untouched."
        )
    if version < 1:
        raise FileRefused(
            f"{path} has an unknown schema version {version}; it was left untouched: "
            "restore it from a backup or pass another file with --db."
        )
    if version < SCHEMA_VERSION:
        raise NeedsMigration(version)


def check_records(data: dict[str, Any], path: Path) -> None:
    """Every record of every table is what the domain's description says it may be
    (domain/records.py): else FileRefused, naming the table, the record and the field."""
    from regroup.domain.records import refusal, table_problem

    problem = table_problem(data) or _meta_problem(data)
    if problem is not None:
        raise FileRefused(
            f"{path} cannot be used: {refusal(*problem)}; it was left untouched: fix it by hand or restore a backup."
        )


def _meta_problem(data: dict[str, Any]) -> tuple[str, str, str, str] | None:
    handed = meta(data).get("last_ids", {})
    if type(handed) is not dict or not all(
        type(name) is str and type(n) is int and 0 <= n < 10**9 for name, n in handed.items()
    ):
        return (META, "1", "last_ids", "an object of whole numbers from 0 to 999,999,999")
    return None


def meta(data: dict[str, Any]) -> dict[str, Any]:
    doc = data.get(META, {}).get("1")
    return doc if isinstance(doc, dict) else {}


def read_board(data: dict[str, Any], path: Path) -> Board:
    try:
        return Board.from_cards(Card.from_doc(doc) for doc in data.get(CARDS, {}).values())
    except (KeyError, TypeError, ValueError):
        raise FileRefused(
            f"{path} holds a card that cannot be read; it was left untouched: "
            "restore it from a backup or fix the card by hand."
        ) from None


def count_cards(data: dict[str, Any]) -> dict[str, int]:
    """Cards per column, none built (for ``status``; the records are checked already)."""
    counts = dict.fromkeys(COLUMNS, 0)
    for doc in data.get(CARDS, {}).values():
        counts[doc.get("column", "ideas")] += 1
    return counts


def read_journey(data: dict[str, Any], path: Path) -> Journey:
    try:
        return _journey(data)
    except (KeyError, TypeError, ValueError):
        raise FileRefused(
            f"{path} holds a plan or a log entry that cannot be read; it was left untouched: "
            "restore it from a backup or fix it by hand."
        ) from None


def _journey(data: dict[str, Any]) -> Journey:
    plans = data.get(PLAN, {})
    plan = Plan.from_doc(plans["1"]) if "1" in plans else None

    def rows(table: str) -> list[tuple[int, dict]]:
        raw = data.get(table, {})
        return [(int(key), raw[key]) for key in sorted(raw, key=int)]

    return Journey(
        plan=plan,
        slips=tuple(Slip.from_doc(doc) for _, doc in rows("slips")),
        extensions=tuple(Extension.from_doc(doc) for _, doc in rows("extensions")),
        checks=tuple(Check.from_doc(doc) for _, doc in rows("checks")),
        checkins=tuple(sorted((CheckIn.from_doc(doc) for _, doc in rows("checkins")), key=lambda c: c.day)),
        journal=tuple(
            sorted(
                (JournalEntry.from_doc(dict(doc, id=key)) for key, doc in rows("journal")),
                key=lambda e: (e.day, e.id),
            )
        ),
        contacts=tuple(
            sorted(
                (Contact.from_doc(dict(doc, id=key)) for key, doc in rows("contacts")),
                key=lambda c: (c.day, c.id),
            )
        ),
        urges=tuple(
            sorted((Urge.from_doc(dict(doc, id=key)) for key, doc in rows("urges")), key=lambda u: (u.at, u.id))
        ),
        hard_days=tuple(HardDay.from_doc(dict(doc, id=key)) for key, doc in rows("hard_days")),
        dismissals=tuple(Dismissal.from_doc(doc) for _, doc in rows("dismissals")),
    )
