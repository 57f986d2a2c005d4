"""The changes of the hard moments (urges, hard days, the safety net put away for a day),
built the way ``logbook.py`` builds the others: from what the file holds now, each edit
expecting what the user saw, so that every one is undoable, in the history, and refused
rather than written over something saved elsewhere."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from regroup.domain import board as ops
from regroup.domain.changes import Change, Edit, update
from regroup.domain.dates import short_date
from regroup.domain.logbook import State
from regroup.domain.model import utc_stamp
from regroup.domain.moments import (
    OUTCOMES,
    Dismissal,
    HardDay,
    Urge,
    check_strength,
    hard_day_card_title,
    words,
)
from regroup.errors import InvalidInput

URGES, HARD_DAYS, DISMISSALS = "urges", "hard_days", "dismissals"
OUTCOME_WORDS = {"open": "open", "passed": "passed", "reached_out": "reached out"}


def urge_label(urge: Urge, zone: str) -> str:
    """ "urge of Sat 5 Dec"."""
    day = urge.day(zone)
    return f"urge of {short_date(day)}" if day else "urge"


def urge_started(state: State, urge: Urge) -> Change:
    """The urge recorded as it comes (so it counts even if the app is closed mid-way)."""
    key = state.new_id(URGES)
    urge = replace(urge, id=key)
    return Change((Edit(URGES, key, None, urge.to_doc()),), urge_label(urge, _zone(state)))


def urge_rated(state: State, seen: Urge, strength: object) -> Change | None:
    """How strong it is, 1 to 5 (None: not said)."""
    new = replace(seen, strength=check_strength(strength))
    edit = update(URGES, seen.id, seen.to_doc(), new.to_doc())
    if edit is None:
        return None
    return Change((edit,), f"{urge_label(seen, _zone(state))} (strength {new.strength or 'cleared'})")


def urge_ended(state: State, seen: Urge, outcome: str, now: datetime | None = None) -> Change | None:
    """How it ended: "passed" or "reached_out" ("open" puts it back as not said)."""
    if outcome not in OUTCOMES:
        raise InvalidInput(f"An urge ends as one of: {', '.join(OUTCOMES)}.")
    new = replace(seen, outcome=outcome, ended="" if outcome == "open" else utc_stamp(now))
    edit = update(URGES, seen.id, seen.to_doc(), new.to_doc())
    if edit is None:
        return None
    return Change((edit,), f"{urge_label(seen, _zone(state))} ({OUTCOME_WORDS[outcome]})")


def hard_day_added(state: State, hard_day: HardDay) -> Change:
    key = state.new_id(HARD_DAYS)
    hard_day = replace(hard_day, id=key)
    return Change((Edit(HARD_DAYS, key, None, hard_day.to_doc()),), hard_day.named)


def hard_day_removed(state: State, key: int) -> Change:
    """The hard day numbered ``key``, removed as the file holds it."""
    doc = state.records(HARD_DAYS).get(key)
    if doc is None:
        raise InvalidInput(f"There is no hard day number {key}: regroup-tui hard-day list shows them.")
    hard_day = HardDay.from_doc(dict(doc, id=key))
    return Change((Edit(HARD_DAYS, key, dict(doc), None),), f"removed {hard_day.named}")


def safety_net_dismissed(state: State, day: date, now: datetime | None = None) -> Change | None:
    """The safety net put away for ``day`` (it comes back the next day, if still due)."""
    if any(doc.get("date") == day.isoformat() for doc in state.records(DISMISSALS).values()):
        return None
    dismissal = Dismissal(day, at=utc_stamp(now))
    return Change(
        (Edit(DISMISSALS, state.new_id(DISMISSALS), None, dismissal.to_doc()),),
        f"safety net put away for {short_date(day)}",
    )


def hard_day_card(state: State, hard_day: HardDay, now: datetime | None = None) -> Change | None:
    """The card "Plan LABEL with people you like" in Planned (None when a card with that
    title is already on the board, not done)."""
    title = hard_day_card_title(hard_day.label)
    if any(card.title == title and card.column != "done" for card in state.board.cards.values()):
        return None
    return ops.add_card(
        state.board,
        title,
        "planned",
        "social",
        words()["hard_day"]["card_notes"],
        now=now,
        card_id=state.new_id("cards"),
    )


def _zone(state: State) -> str:
    plan = state.journey.plan
    return plan.zone if plan else "UTC"
