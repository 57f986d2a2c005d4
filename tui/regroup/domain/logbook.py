"""The changes to the plan and to what is logged against it (slips, emotion checks,
extensions, check-ins, journal entries, contacts), built the way ``board.py`` builds card
changes: from what the file holds now, expecting what the user saw."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from regroup.domain.board import Board
from regroup.domain.board import created as card_created
from regroup.domain.catalog import starter_activities
from regroup.domain.changes import Change, Edit, update
from regroup.domain.daily import CheckIn, Contact, JournalEntry
from regroup.domain.dates import short_date
from regroup.domain.journey import Check, Journey
from regroup.domain.model import Card, utc_stamp
from regroup.domain.plan import Extension, Plan, Slip

PLAN_KEY = 1


@dataclass(frozen=True, slots=True)
class State:
    """What a change is built against, under the lock: the file as it is now.

    ``new_id(table)`` hands out the next id of a table (ids are never reused);
    ``records(table)`` gives its documents by id, as the domain reads them."""

    board: Board
    journey: Journey
    new_id: Callable[[str], int]
    records: Callable[[str], Mapping[int, Mapping[str, Any]]]


def _created(table: str, key: int, doc: Mapping[str, Any]) -> Edit:
    return Edit(table, key, None, dict(doc))


# --- the plan ---------------------------------------------------------------------------


def plan_set(state: State, new: Plan, seen: Plan | None, now: datetime | None = None) -> Change | None:
    """Save the plan. Only the fields that differ from ``seen`` (what the form showed) are
    written, and each must still hold what was seen. The first time a plan says
    ``ended_by = me``, the starter cards meant only for that (the apology letter) join the
    board."""
    current = state.journey.plan
    edits: list[Edit] = []
    if seen is None:
        if current is not None:
            # a plan was saved elsewhere meanwhile: expect none, so the check refuses it
            edits.append(Edit("plan", PLAN_KEY, None, new.to_doc()))
        else:
            edits.append(_created("plan", PLAN_KEY, new.to_doc()))
    else:
        edit = update("plan", PLAN_KEY, seen.to_doc(), new.to_doc())
        if edit is not None:
            edits.append(edit)
    if current is None or current.ended_by != new.ended_by:
        edits += [card_created(card) for card in _starters_for(state, new.ended_by, now)]
    if not edits:
        return None
    return Change(tuple(edits), "the plan" if seen is None else _plan_label(seen, new))


def _plan_label(old: Plan, new: Plan) -> str:
    names = {
        "breakup_date": "breakup date",
        "ended_by": "who ended it",
        "guide": "guide",
        "days": "days",
        "tz": "time zone",
        "letter_sent": "letter sent",
        "name": "name",
        "restart_on_slip": "slip setting",
        "moved_on": "moved on",
        "archived": "archive",
        "support": "support line",
        "cooldown_minutes": "cool-down",
    }
    changed = [label for field, label in names.items() if getattr(old, field) != getattr(new, field)]
    return "plan settings (" + ", ".join(changed) + ")" if changed else "the plan"


def _starters_for(state: State, ended_by: str, now: datetime | None) -> list[Card]:
    board = state.board
    titles = {card.title for card in board.cards.values()}
    extra = [a for a in starter_activities(ended_by) if a.only_if_ended_by and a.title not in titles]
    top = board.top_position("ideas")
    return [
        Card(
            state.new_id("cards"),
            a.title,
            a.category,
            "ideas",
            top - len(extra) + i,
            a.notes,
            utc_stamp(now),
            source=a.source,
        )
        for i, a in enumerate(extra)
    ]


# --- logs -------------------------------------------------------------------------------


def slip_logged(state: State, slip: Slip) -> Change:
    return Change((_created("slips", state.new_id("slips"), slip.to_doc()),), f"slip of {short_date(slip.day)}")


def extension_logged(state: State, extension: Extension) -> Change:
    return Change((_created("extensions", state.new_id("extensions"), extension.to_doc()),), "plan extended by 7 days")


def check_logged(state: State, check: Check, extension: Extension | None = None) -> Change:
    """The answer to the emotion check, and the extension a "not yet" brings, together."""
    edits = [_created("checks", state.new_id("checks"), check.to_doc())]
    if extension is not None:
        edits.append(_created("extensions", state.new_id("extensions"), extension.to_doc()))
    label = f"emotion check ({'not yet: 7 more days' if extension else 'ready'})"
    return Change(tuple(edits), label)


def checkin_saved(state: State, checkin: CheckIn, seen: CheckIn | None) -> Change | None:
    """One check-in per day: a second one the same day replaces the first, if it is still
    the one the form showed."""
    day = checkin.day.isoformat()
    existing = next((key for key, doc in state.records("checkins").items() if doc.get("date") == day), None)
    label = f"check-in of {short_date(checkin.day)}"
    if existing is None:
        return Change((_created("checkins", state.new_id("checkins"), checkin.to_doc()),), label)
    if seen is None:  # one was saved elsewhere since the form opened: refused by the check
        return Change((Edit("checkins", existing, None, checkin.to_doc()),), label)
    edit = update("checkins", existing, seen.to_doc(), checkin.to_doc())
    return Change((edit,), label) if edit is not None else None


def entry_saved(state: State, entry: JournalEntry, seen: JournalEntry | None) -> Change | None:
    """A new journal entry (``seen`` None), or the fields of one that changed."""
    if seen is None:
        key = state.new_id("journal")
        return Change(
            (_created("journal", key, replace(entry, id=key).to_doc()),), f"journal entry of {short_date(entry.day)}"
        )
    edit = update("journal", seen.id, seen.to_doc(), replace(entry, id=seen.id).to_doc())
    if edit is None:
        return None
    return Change((edit,), f"journal entry of {short_date(entry.day)} (edited)")


def entry_deleted(state: State, seen: JournalEntry) -> Change:
    """Delete a journal entry, if it is still as the user read it (the store keeps it in
    the deleted table, restorable for a month)."""
    doc = state.records("journal").get(seen.id)
    current = JournalEntry.from_doc(dict(doc, id=seen.id)) if doc is not None else None
    before = dict(doc) if doc is not None and current == seen else seen.to_doc()
    return Change((Edit("journal", seen.id, before, None),), f"journal entry of {short_date(seen.day)} (deleted)")


def contact_logged(state: State, contact: Contact) -> Change:
    key = state.new_id("contacts")
    return Change(
        (_created("contacts", key, replace(contact, id=key).to_doc()),), f"contact of {short_date(contact.day)}"
    )


def setting_set(state: State, key: str, value: Any) -> Change | None:
    current = dict(state.records("settings").get(1, {}))
    if 1 not in state.records("settings"):
        return Change((_created("settings", 1, {key: value}),), "Settings saved")
    edit = update("settings", 1, current, dict(current, **{key: value}))
    return Change((edit,), "Settings saved") if edit is not None else None
