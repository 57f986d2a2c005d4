"""Habits and days on the board: ticks by week, today's agenda, and the tick itself.

A week runs Monday to Sunday. Every day here is a date in the plan's zone: a tick is kept
as the day it was for (``Tick.day``), so counting a week is date arithmetic, and a
daylight-saving change or a late-night tick never moves a tick to another day.

Ticks are records of their own table (``schedule.TICKS``), keyed like any record: a tick
is a change that creates one, taking it back a change that removes it; both are checked
by the store like any change, so they are undoable and refused on conflict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from regroup.domain.board import Board
from regroup.domain.changes import Change, Edit
from regroup.domain.dates import short_date
from regroup.domain.model import COLUMNS, Card, utc_stamp
from regroup.domain.schedule import TICKS, Tick, falls_on, repeat_words
from regroup.errors import InvalidInput

WEEKS_SHOWN = 4  # the small bar of a habit: this week and the three before it
BARS = "▁▂▄▆█"  # a week's count against its target: nothing (a floor, so the bar shows) to met
# The board's columns an agenda or a summary draws from: a card moved to Done is finished
# (its ticks are kept, and counted in the review of a week it was done in).
ACTIVE = tuple(column for column in COLUMNS if column != "done")

Records = Mapping[int, Mapping[str, Any]]


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def week_days(monday: date) -> list[date]:
    return [monday + timedelta(days=n) for n in range(7)]


# --- ticks, read ------------------------------------------------------------------------


class Ticks:
    """Every tick of the file, by card: the days each habit was done, and the record that
    holds each (to take one back)."""

    __slots__ = ("_by_card",)

    def __init__(self, records: Records | Iterable[tuple[int, Tick]] = ()) -> None:
        self._by_card: dict[int, dict[date, int]] = {}
        items = records.items() if isinstance(records, Mapping) else records
        for key, value in items:
            tick = value if isinstance(value, Tick) else Tick.from_doc(dict(value))
            # two windows may have ticked the same day: the day counts once
            self._by_card.setdefault(tick.card, {}).setdefault(tick.day, int(key))

    def days(self, card_id: int) -> set[date]:
        return set(self._by_card.get(card_id, {}))

    def has(self, card_id: int, day: date) -> bool:
        return day in self._by_card.get(card_id, {})

    def key(self, card_id: int, day: date) -> int | None:
        return self._by_card.get(card_id, {}).get(day)

    def count(self, card_id: int, first: date, last: date) -> int:
        """Days ticked from ``first`` to ``last``, both included."""
        return sum(1 for day in self._by_card.get(card_id, {}) if first <= day <= last)

    def in_week(self, card_id: int, monday: date) -> int:
        return self.count(card_id, monday, monday + timedelta(days=6))

    def last_weeks(self, card_id: int, today: date, weeks: int = WEEKS_SHOWN) -> list[int]:
        """The count of each of the last ``weeks`` weeks, oldest first; the last is this
        week (so far)."""
        monday = week_start(today)
        return [self.in_week(card_id, monday - timedelta(weeks=back)) for back in range(weeks - 1, -1, -1)]

    def cards(self) -> set[int]:
        return set(self._by_card)


# --- what a habit card shows --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HabitWeek:
    """A habit this week: "2/3 this week", and the bar of the last four weeks."""

    card: Card
    done: int  # this week so far
    target: int
    weeks: tuple[int, ...]  # the last WEEKS_SHOWN weeks, oldest first, this one last
    ticked_today: bool

    @property
    def met(self) -> bool:
        return self.done >= self.target

    @property
    def line(self) -> str:
        return f"{self.done}/{self.target} this week"

    @property
    def bar(self) -> str:
        return week_bar(self.weeks, self.target)


def week_bar(counts: Iterable[int], target: int) -> str:
    """One character a week: how much of its target each week met."""
    steps = len(BARS) - 1
    return "".join(BARS[min(steps, -(-count * steps // target))] if target else BARS[0] for count in counts)


def habit_week(card: Card, ticks: Ticks, today: date) -> HabitWeek | None:
    if card.per_week is None:
        return None
    return HabitWeek(
        card,
        ticks.in_week(card.id, week_start(today)),
        card.per_week,
        tuple(ticks.last_weeks(card.id, today)),
        ticks.has(card.id, today),
    )


def habits(board: Board, ticks: Ticks, today: date) -> list[HabitWeek]:
    """The habits on the board (not Done), in the board's order: Doing first."""
    out = []
    for column in ("doing", "planned", "ideas"):
        for card in board.column(column):
            week = habit_week(card, ticks, today)
            if week is not None:
                out.append(week)
    return out


# --- today's agenda -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgendaItem:
    card: Card
    kind: str  # "day": the card's day is today; "habit": a habit not yet ticked today

    @property
    def text(self) -> str:
        if self.kind == "day" and self.card.time:
            return f"{self.card.time} {self.card.title}"
        return self.card.title


def agenda(board: Board, ticks: Ticks, today: date) -> list[AgendaItem]:
    """Today's cards (their day is today: by time, then those without one), then the
    habits not yet ticked today whose week is not met yet. Cards in Done are finished."""
    active = [card for column in ("doing", "planned", "ideas") for card in board.column(column)]
    dated = [card for card in active if falls_on(card.day, today)]
    dated.sort(key=lambda card: (card.time is None, card.time or ""))
    items = [AgendaItem(card, "day") for card in dated]
    shown = {card.id for card in dated}
    for week in habits(board, ticks, today):
        if week.card.id not in shown and not week.ticked_today and not week.met:
            items.append(AgendaItem(week.card, "habit"))
    return items


def today_line(items: list[AgendaItem]) -> str:
    """ "Today: 18:30 Pottery class · Run 5 km", or "" when the day holds nothing."""
    return "Today: " + " · ".join(item.text for item in items) if items else ""


# --- ticking --------------------------------------------------------------------------


def tick_label(card: Card, day: date, on: bool = True) -> str:
    return f"{'tick' if on else 'untick'} of “{card.title}” on {short_date(day)}"


def set_tick(
    board: Board,
    records: Records,
    seen: Card,
    day: date,
    on: bool,
    new_id: Callable[[str], int],
    now: datetime | None = None,
) -> Change | None:
    """Tick ``seen`` off for ``day`` (``on``), or take that tick back. Built under the lock
    from the ticks the file holds now (``records``, the ticks table): when the day already is as asked (another window
    did the same), there is nothing to do (None). A card deleted elsewhere, or that no
    longer repeats, is refused with one sentence."""
    card = board.get(seen.id)
    ticks = Ticks(records)
    if card.per_week is None:
        raise InvalidInput(not_a_habit(card))
    if ticks.has(card.id, day) == on:
        return None
    if on:
        key = new_id(TICKS)
        edit = Edit(TICKS, key, None, Tick(card.id, day, utc_stamp(now)).to_doc())
    else:
        found = ticks.key(card.id, day)
        assert found is not None
        edit = Edit(TICKS, found, dict(records[found]), None)  # a removal expects the whole record
    return Change((edit,), tick_label(card, day, on), focus=card.id, undo_focus=card.id)


def not_a_habit(card: Card) -> str:
    return (
        f"“{card.title}” does not repeat, so there is nothing to tick: "
        "give it a number of times a week in its form (e or enter) to make it a habit."
    )


def tick_words(week: HabitWeek, on: bool) -> str:
    """What a toast says once a tick is saved: "Ticked “Run 5 km”: 2/3 this week"."""
    title = week.card.title
    if not on:
        return f"Took back today's tick of “{title}”: {week.line}."
    if week.done == week.target:
        return f"Ticked “{title}”: {week.line}, this week's target is met."
    return f"Ticked “{title}”: {week.line}."


def habit_words(card: Card) -> str:
    """ "3 times a week", for a form or a list."""
    return repeat_words(card.per_week)


def find_card(board: Board, title: str) -> Card:
    """The one card with this title (case and surrounding spaces aside): for
    ``regroup-tui tick "TITLE"``. Refused in one sentence when none or several match."""
    wanted = " ".join(title.split()).casefold()
    matches = [card for card in board.cards.values() if " ".join(card.title.split()).casefold() == wanted]
    if not matches:
        shown = title.strip() if title.strip().isprintable() and len(title.strip()) <= 60 else "that title"
        raise InvalidInput(
            f"There is no card called “{shown}”: check the title with regroup-tui export --format markdown."
        )
    if len(matches) > 1:
        ids = ", ".join(str(card.id) for card in sorted(matches, key=lambda c: c.id))
        raise InvalidInput(
            f"{len(matches)} cards are called “{matches[0].title}” (cards {ids}): rename one so the title says which."
        )
    return matches[0]
