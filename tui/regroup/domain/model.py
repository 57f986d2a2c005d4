"""The things on the board: cards, columns, categories."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import Any

from regroup.domain.text import safe_for_terminal
from regroup.errors import InvalidInput

COLUMNS: tuple[str, ...] = ("ideas", "planned", "doing", "done")
COLUMN_TITLES = {"ideas": "Ideas", "planned": "Planned", "doing": "Doing", "done": "Done"}
CATEGORIES: tuple[str, ...] = ("body", "mind", "heart", "social", "look")
SCHEDULE_FIELDS = ("per_week", "day", "time")  # optional: see schedule.py
CATEGORY_ICONS = {"body": "▲", "mind": "◆", "heart": "♥", "social": "●", "look": "★"}


def utc_stamp(now: datetime | None = None) -> str:
    """An ISO 8601 UTC timestamp with seconds, for created/started/done."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def check_column(value: object) -> str:
    if value not in COLUMNS:
        raise InvalidInput(f"Unknown column {value!r}: choose one of {', '.join(COLUMNS)}.")
    return str(value)


def check_category(value: object) -> str:
    if value not in CATEGORIES:
        raise InvalidInput(f"Unknown category {value!r}: choose one of {', '.join(CATEGORIES)}.")
    return str(value)


@dataclass(frozen=True, slots=True)
class Card:
    id: int
    title: str
    category: str
    column: str
    position: int
    notes: str = ""
    created: str = ""
    started: str | None = None
    done: str | None = None
    source: str = ""
    per_week: int | None = None  # a habit: times a week, 1-7 (see schedule.py)
    day: str | None = None  # a date YYYY-MM-DD, or a weekday ("thursday")
    time: str | None = None  # HH:MM on that day, in the plan's zone

    @property
    def repeats(self) -> bool:
        return self.per_week is not None

    def to_doc(self) -> dict:
        """The card as stored. The schedule fields are left out while unset, so a card
        that neither repeats nor has a day is stored as before they existed."""
        doc = asdict(self)
        for name in SCHEDULE_FIELDS:
            if doc[name] is None:
                del doc[name]
        return doc

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Card:
        """Raises ValueError for a card no column or category can hold (a hand-edited file)."""
        if doc.get("column", "ideas") not in COLUMNS or doc.get("category", "mind") not in CATEGORIES:
            raise ValueError(f"card {doc.get('id')!r} has an unknown column or category")
        return cls(
            id=int(doc["id"]),
            title=safe_for_terminal(str(doc["title"])),
            category=str(doc.get("category", "mind")),
            column=str(doc.get("column", "ideas")),
            position=int(doc.get("position", 0)),
            notes=safe_for_terminal(str(doc.get("notes") or ""), keep="\n\t"),
            created=safe_for_terminal(str(doc.get("created") or "")),
            started=None if doc.get("started") is None else safe_for_terminal(str(doc["started"])),
            done=None if doc.get("done") is None else safe_for_terminal(str(doc["done"])),
            source=safe_for_terminal(str(doc.get("source") or "")),
            per_week=None if doc.get("per_week") is None else int(doc["per_week"]),
            day=None if doc.get("day") is None else safe_for_terminal(str(doc["day"])),
            time=None if doc.get("time") is None else safe_for_terminal(str(doc["time"])),
        )

    def moved_to(self, column: str, position: int, now: datetime | None = None) -> Card:
        """The card in another column, with its started/done stamps kept honest."""
        stamp = utc_stamp(now)
        started = self.started
        done = self.done
        if column in ("doing", "done") and not started:
            started = stamp
        if column == "done":
            done = done if self.column == "done" else stamp
        else:
            done = None
        return replace(self, column=column, position=position, started=started, done=done)
