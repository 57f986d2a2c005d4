"""Daily use: check-ins, the "what went wrong" journal, and the contact log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from regroup.domain.dates import parse_date, parse_whole_number, today_in
from regroup.domain.text import JOURNAL_MAX, NOTE_MAX, WORDS_MAX, clean_line, clean_notes, safe_for_terminal
from regroup.errors import InvalidInput

MOODS = {1: "awful", 2: "low", 3: "okay", 4: "good", 5: "great"}
CONTACT_WAYS = ("text", "call", "in person")
RETRY_DAYS = 2  # seed 004: no answer? try again after a couple of days
TALK_AFTER_DAYS = 30  # seed 002: a month or more of friendly outings before the honest talk


@dataclass(frozen=True, slots=True)
class CheckIn:
    day: date
    mood: int
    words: str = ""
    at: str = ""

    def to_doc(self) -> dict:
        return {"date": self.day.isoformat(), "mood": self.mood, "words": self.words, "at": self.at}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> CheckIn:
        return cls(
            date.fromisoformat(doc["date"]),
            int(doc["mood"]),
            safe_for_terminal(str(doc.get("words") or "")),
            safe_for_terminal(str(doc.get("at") or "")),
        )


MOOD_RANGE = "from 1 (awful) to 5 (great)"


def check_mood(value: object) -> int:
    """A mood from 1 to 5: an int, or text in the digits 0-9 ("٣" and "３" are refused)."""
    if isinstance(value, str):
        value = parse_whole_number(value, "The mood", MOOD_RANGE)
    if isinstance(value, bool) or not isinstance(value, int) or value not in MOODS:
        raise InvalidInput(f"The mood must be a whole number {MOOD_RANGE}.")
    return value


def make_checkin(
    day: str | date, mood: object, words: str, zone: str, now: datetime | None = None, back_days: int = 1
) -> CheckIn:
    """Today's check-in, or one added late: up to ``back_days`` back (yesterday in the
    app; a week from the shell); never further back or ahead."""
    from regroup.domain.model import utc_stamp

    when = day if isinstance(day, date) else parse_date(day, "The check-in date", today_in(zone, now))
    today = today_in(zone, now)
    if when > today:
        raise InvalidInput(
            f"A check-in cannot be for a day to come ({when.isoformat()}); today is {today.isoformat()}."
        )
    if when < today - timedelta(days=back_days):
        if back_days == 1:
            raise InvalidInput("A check-in can be for today or yesterday only.")
        raise InvalidInput(
            f"A check-in can be for today or up to {back_days} days back ({(today - timedelta(days=back_days)).isoformat()})."
        )
    return CheckIn(when, check_mood(mood), clean_line(words, "The words", limit=WORDS_MAX), utc_stamp(now))


@dataclass(frozen=True, slots=True)
class JournalEntry:
    id: int
    day: date
    wrong: str  # what went wrong?
    differently: str  # what will I do differently?
    created: str = ""
    edited: str = ""

    def to_doc(self) -> dict:
        return {
            "id": self.id,
            "date": self.day.isoformat(),
            "wrong": self.wrong,
            "differently": self.differently,
            "created": self.created,
            "edited": self.edited,
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> JournalEntry:
        return cls(
            int(doc["id"]),
            date.fromisoformat(doc["date"]),
            safe_for_terminal(str(doc.get("wrong") or ""), keep="\n\t"),
            safe_for_terminal(str(doc.get("differently") or ""), keep="\n\t"),
            safe_for_terminal(str(doc.get("created") or "")),
            safe_for_terminal(str(doc.get("edited") or "")),
        )

    def matches(self, needle: str) -> bool:
        return needle in self.wrong.casefold() or needle in self.differently.casefold()


def make_entry(
    entry_id: int,
    day: str | date,
    wrong: str,
    differently: str,
    zone: str,
    now: datetime | None = None,
    created: str = "",
) -> JournalEntry:
    from regroup.domain.model import utc_stamp

    when = day if isinstance(day, date) else parse_date(day, "The journal date", today_in(zone, now))
    if when > today_in(zone, now):
        raise InvalidInput("A journal entry cannot be dated in the future.")
    wrong = clean_notes(wrong, "What went wrong", limit=JOURNAL_MAX)
    differently = clean_notes(differently, "What you will do differently", limit=JOURNAL_MAX)
    if not wrong and not differently:
        raise InvalidInput("Write something in at least one of the two answers.")
    stamp = utc_stamp(now)
    return JournalEntry(entry_id, when, wrong, differently, created or stamp, stamp if created else "")


@dataclass(frozen=True, slots=True)
class Contact:
    id: int
    day: date
    how: str  # text, call, in person
    answered: bool
    note: str = ""
    at: str = ""

    def to_doc(self) -> dict:
        return {
            "id": self.id,
            "date": self.day.isoformat(),
            "how": self.how,
            "answered": self.answered,
            "note": self.note,
            "at": self.at,
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Contact:
        return cls(
            int(doc["id"]),
            date.fromisoformat(doc["date"]),
            safe_for_terminal(str(doc.get("how", "text"))),
            bool(doc.get("answered", False)),
            safe_for_terminal(str(doc.get("note") or ""), keep="\n\t"),
            safe_for_terminal(str(doc.get("at") or "")),
        )

    @property
    def outing(self) -> bool:
        return self.how == "in person" and self.answered

    @property
    def next_try(self) -> date | None:
        return None if self.answered else self.day + timedelta(days=RETRY_DAYS)


def make_contact(
    contact_id: int, day: str | date, how: str, answered: bool, note: str, zone: str, now: datetime | None = None
) -> Contact:
    from regroup.domain.model import utc_stamp

    when = day if isinstance(day, date) else parse_date(day, "The contact date", today_in(zone, now))
    if when > today_in(zone, now):
        raise InvalidInput("A contact cannot be dated in the future.")
    if how not in CONTACT_WAYS:
        raise InvalidInput(f"How you were in touch must be one of: {', '.join(CONTACT_WAYS)}.")
    return Contact(contact_id, when, how, bool(answered), clean_notes(note, "The note", limit=NOTE_MAX), utc_stamp(now))


def sparkline(moods: list[int | None]) -> str:
    """One character a day, oldest first; a gap where no check-in was kept."""
    bars = " ▁▂▄▆█"
    return "".join("·" if m is None else bars[m] for m in moods)
