"""The timeline: every event of the journey by date, newest first, and the changes that
correct, remove or restore one (each a change like any other: undoable, in the history).

Events come from the records themselves (the plan, slips, extensions, emotion checks,
check-ins, journal entries, contacts, cards done, habits ticked, the days of cards that
have a date, cards and journal entries deleted), so
the timeline is always what the file holds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from regroup.domain.board import Board
from regroup.domain.changes import Change, Edit, update
from regroup.domain.daily import MOODS, CheckIn, Contact, JournalEntry
from regroup.domain.dates import short_date, zone_info
from regroup.domain.history import DELETED, KEEP_DELETED_DAYS
from regroup.domain.journey import Check
from regroup.domain.moments import HardDay, Urge
from regroup.domain.plan import Extension, Plan, Slip
from regroup.domain.schedule import TICKS, Tick, date_of, day_words, repeat_words

KINDS: dict[str, str] = {  # kind -> its name in the filter, in the order the filter goes
    "slip": "Slips",
    "contact": "Contacts",
    "checkin": "Check-ins",
    "journal": "Journal",
    "check": "Emotion checks",
    "extension": "Extensions",
    "done": "Cards done",
    "deleted": "Deleted",
    "plan": "The plan",
    "tick": "Habits ticked",
    "day": "Days",
    "urge": "Urges",
    "hard_day": "Hard days",
}
# what Enter can correct, and what d can remove (the rest is read only there)
CORRECTABLE = {"slip", "contact", "checkin", "journal"}
REMOVABLE = {
    "slip": "slips",
    "contact": "contacts",
    "checkin": "checkins",
    "journal": "journal",
    "check": "checks",
    "extension": "extensions",
    "tick": "ticks",
    "urge": "urges",
    "hard_day": "hard_days",
}

Records = Callable[[str], Mapping[int, Mapping[str, Any]]]


@dataclass(frozen=True, slots=True)
class Event:
    day: date
    kind: str
    title: str  # one line, in words
    detail: str = ""  # what Enter shows
    table: str = ""  # the record behind it, for a correction or a removal
    key: int = 0
    doc: Mapping[str, Any] | None = None  # the record as the file holds it
    order: str = ""  # sorts events of one day (a moment, or "" for the day's start)

    def matches(self, needle: str) -> bool:
        return needle in self.title.casefold() or needle in self.detail.casefold()


def _local_day(stamp: str, zone: str, fallback: date) -> date:
    try:
        moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=zone_info("UTC"))
    except (ValueError, TypeError):
        return fallback
    return moment.astimezone(zone_info(zone)).date()


def events(plan: Plan | None, board: Board, records: Records, today: date) -> list[Event]:
    """Every event, newest first."""
    zone = plan.zone if plan else "UTC"
    them = plan.them if plan else "them"
    out: list[Event] = []
    if plan is not None:
        out.append(
            Event(
                plan.breakup_date,
                "plan",
                "The breakup",
                f"Ended by {dict(them='them', me='you', mutual='both of you')[plan.ended_by]}. "
                "p changes the date in plan settings.",
                order="",
            )
        )
        if plan.letter_sent:
            out.append(Event(plan.letter_sent, "plan", "Apology letter sent", "p changes the date in plan settings."))
        if plan.moved_on:
            out.append(
                Event(
                    plan.moved_on,
                    "plan",
                    f"You noted that {plan.moved_on_words}",
                    "The plan is archived." if plan.archived else "",
                )
            )
    for key, doc in records("slips").items():
        slip = Slip.from_doc(doc)
        out.append(
            Event(
                slip.day,
                "slip",
                "Slip: " + (cut(slip.note.splitlines()[0], 60) if slip.note else f"in touch with {them}"),
                f"In touch with {them}.\n\n{slip.note}" if slip.note else f"In touch with {them}. (no note)",
                "slips",
                key,
                doc,
                slip.logged,
            )
        )
    for key, doc in records("extensions").items():
        ext = Extension.from_doc(doc)
        out.append(
            Event(
                ext.day,
                "extension",
                f"Plan extended by {ext.days} days",
                f"Asked for after the emotion check said “{ext.reason}”." if ext.reason else "",
                "extensions",
                key,
                doc,
            )
        )
    for key, doc in records("checks").items():
        check = Check.from_doc(doc)
        answer = "ready" if check.answer == "ready" else "not yet"
        out.append(
            Event(
                _local_day(check.at, zone, check.contact_date),
                "check",
                f"Emotion check: {answer}",
                f"For the contact date {short_date(check.contact_date)}.",
                "checks",
                key,
                doc,
                check.at,
            )
        )
    for key, doc in records("checkins").items():
        checkin = CheckIn.from_doc(doc)
        out.append(
            Event(
                checkin.day,
                "checkin",
                f"Check-in: {checkin.mood} · {MOODS.get(checkin.mood, '?')}",
                checkin.words or "(no words)",
                "checkins",
                key,
                doc,
                checkin.at,
            )
        )
    for key, doc in records("journal").items():
        entry = JournalEntry.from_doc(dict(doc, id=key))
        first = (entry.wrong or entry.differently).splitlines()[0] if (entry.wrong or entry.differently) else ""
        out.append(
            Event(
                entry.day,
                "journal",
                "Journal: " + cut(first, 60),
                f"What went wrong?\n{entry.wrong or '—'}\n\nWhat will I do differently?\n{entry.differently or '—'}",
                "journal",
                key,
                doc,
                entry.created,
            )
        )
    for key, doc in records("contacts").items():
        contact = Contact.from_doc(dict(doc, id=key))
        answered = "answered" if contact.answered else "no answer"
        out.append(
            Event(
                contact.day,
                "contact",
                f"Contact ({contact.how}): {answered}",
                contact.note or "(no note)",
                "contacts",
                key,
                doc,
                contact.at,
            )
        )
    for key, doc in records("urges").items():
        urge = Urge.from_doc(dict(doc, id=key))
        out.append(
            Event(
                urge.day(zone) or today, "urge", _urge_title(urge), _urge_detail(urge, zone), "urges", key, doc, urge.at
            )
        )
    for key, doc in records("hard_days").items():
        hard = HardDay.from_doc(dict(doc, id=key))
        every = "every year from " if hard.yearly else ""
        out.append(
            Event(
                _local_day(hard.created, zone, hard.day),
                "hard_day",
                f"Hard day noted: {hard.label}",
                f"{every}{short_date(hard.day)} {hard.day.year}. The panel names it from three days before.",
                "hard_days",
                key,
                doc,
                hard.created,
            )
        )
    for card in board.cards.values():
        if card.column == "done" and card.done:
            out.append(
                Event(_local_day(card.done, zone, today), "done", f"Done: {card.title}", card.notes, order=card.done)
            )
    for key, doc in records(TICKS).items():
        tick = Tick.from_doc(dict(doc))
        habit = board.cards.get(tick.card)
        title = habit.title if habit is not None else f"a habit (card {tick.card}, since deleted)"
        out.append(
            Event(
                tick.day,
                "tick",
                f"Ticked: {title}",
                repeat_words(habit.per_week) if habit else "",
                TICKS,
                key,
                doc,
                tick.at,
            )
        )
    for card in board.cards.values():
        when = date_of(card.day)
        if when is not None and when <= today:
            out.append(
                Event(when, "day", f"Day of: {card.title}", day_words(card.day, card.time), order=card.time or "")
            )
    for key, doc in records(DELETED).items():
        what = doc.get("doc") or {}
        title = str(what.get("title")) if doc.get("table") == "cards" else f"journal entry of {what.get('date', '?')}"
        at = str(doc.get("at", ""))
        day = _local_day(at, zone, today)
        out.append(
            Event(
                day,
                "deleted",
                f"Deleted: {title}",
                f"Enter brings it back (until {short_date(day.fromordinal(day.toordinal() + KEEP_DELETED_DAYS))}).",
                DELETED,
                key,
                doc,
                at,
            )
        )
    out.sort(key=lambda e: (e.day, e.order, e.kind, e.key), reverse=True)
    return out


def _urge_title(urge: Urge) -> str:
    ending = {"passed": "it passed", "reached_out": "reached out", "open": "how it ended was not said"}[urge.outcome]
    return f"Urge to reach out: {ending}"


def _urge_detail(urge: Urge, zone: str) -> str:
    strength = f", strength {urge.strength} of 5" if urge.strength else ""
    return f"At {urge.local_time(zone) or '?'}{strength}."


def cut(text: str, width: int) -> str:
    """At a word boundary, with an ellipsis, when longer than ``width``."""
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0] if " " in text[: width - 1] else text[: width - 1]
    return cut.rstrip() + "…"


# --- the changes the timeline makes ------------------------------------------------------


def removed(event: Event) -> Change:
    """The event's record removed, expecting it as shown (a journal entry goes to the
    deleted table: the store keeps it restorable)."""
    assert event.doc is not None
    title = (event.title[:1].lower() + event.title[1:]).rstrip(".")
    return Change((Edit(event.table, event.key, dict(event.doc), None),), f"removed {title}")


def corrected(event: Event, new_doc: Mapping[str, Any]) -> Change | None:
    """The fields of the event's record that ``new_doc`` changes, expecting them as shown."""
    assert event.doc is not None
    edit = update(event.table, event.key, event.doc, new_doc)
    title = (event.title[:1].lower() + event.title[1:]).rstrip(".")
    return Change((edit,), f"corrected {title}") if edit is not None else None


def restored(event: Event) -> Change:
    """A deleted card or journal entry back under its own number, out of the deleted table."""
    assert event.doc is not None
    doc = dict(event.doc)
    what = dict(doc["doc"])
    if doc.get("table") == "cards":
        what = dict(what, column=what.get("column", "ideas"))
    label = f"brought back “{what.get('title')}”" if doc.get("table") == "cards" else "brought back a journal entry"
    focus = int(doc["key"]) if doc.get("table") == "cards" else None
    return Change(
        (Edit(str(doc["table"]), int(doc["key"]), None, what), Edit(DELETED, event.key, doc, None)),
        label,
        focus=focus,
    )
