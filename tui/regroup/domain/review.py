"""The weekly review: what last week held (cards done, habits against their targets,
check-in moods, urges passed, slips) and three suggestions from Ideas, taken from the
categories least touched lately. It reports, it never scolds: a week with nothing done
says so plainly, and the suggestions are there to start again.

Everything is worked out from the records as the file holds them, in the plan's zone; the
moves the review offers are ordinary card moves (``board.move_card``), so undoable.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from regroup.domain.board import Board
from regroup.domain.daily import MOODS
from regroup.domain.dates import short_date, zone_info
from regroup.domain.habits import Ticks, week_start
from regroup.domain.journey import Journey
from regroup.domain.model import CATEGORIES, Card
from regroup.domain.plan import Slip

SUGGESTIONS = 3
LATELY_DAYS = 28  # "touched lately": started, done or ticked in the last four weeks
REVIEW_WEEK = "review_week"  # the setting that records the Monday of the week last reviewed
URGES = "urges"  # issue 16's table (see urges_passed)

Records = Callable[[str], Mapping[int, Mapping[str, Any]]]


def stamp_day(stamp: str | None, zone: str) -> date | None:
    """The day (in ``zone``) of a UTC stamp "2026-11-25T09:30:00Z"; None if it is not one."""
    if not stamp or type(stamp) is not str or len(stamp) != 20 or stamp[-1] != "Z" or stamp[10] != "T":
        return None
    try:  # fromisoformat: strptime is twenty times slower, and a board has a stamp per card
        moment = datetime.fromisoformat(stamp[:-1]).replace(tzinfo=UTC)
    except ValueError:
        return None
    return moment.astimezone(zone_info(zone)).date()


@dataclass(frozen=True, slots=True)
class HabitResult:
    card: Card
    done: int
    target: int

    @property
    def met(self) -> bool:
        return self.done >= self.target

    @property
    def text(self) -> str:
        return f"{self.card.title}: {self.done}/{self.target}" + (" (met)" if self.met else "")


@dataclass(frozen=True, slots=True)
class Review:
    monday: date  # the week reviewed, Monday to Sunday
    done: tuple[Card, ...] = ()
    habits: tuple[HabitResult, ...] = ()
    moods: tuple[tuple[date, int], ...] = ()
    slips: tuple[Slip, ...] = ()
    urges_passed: int | None = None  # None: the file keeps no urges (see urges_passed)
    suggestions: tuple[Card, ...] = field(default=())

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def quiet(self) -> bool:
        """Nothing was done, ticked or logged that week."""
        return not (self.done or any(h.done for h in self.habits) or self.moods or self.slips or self.urges_passed)

    @property
    def title(self) -> str:
        return f"The week of {short_date(self.monday)} to {short_date(self.sunday)}"

    def sections(self) -> list[tuple[str, list[str]]]:
        """The review as (heading, lines) in words: what the screen, the markdown export
        and tests show. An empty section says so without judging."""
        out: list[tuple[str, list[str]]] = []
        if self.quiet:
            out.append(
                (
                    "",
                    [
                        "A quiet week: nothing was done, ticked or logged. That happens; "
                        "a new week starts now, and the ideas below are one way in."
                    ],
                )
            )
        out.append(("Cards done", [card.title for card in self.done] or ["None this week."]))
        if self.habits:
            met = sum(1 for h in self.habits if h.met)
            out.append((f"Habits ({met} of {len(self.habits)} met)", [h.text for h in self.habits]))
        moods = [f"{short_date(day)}: {mood} · {MOODS.get(mood, '?')}" for day, mood in self.moods]
        out.append(("Check-ins", moods or ["None this week."]))
        if self.urges_passed is not None:
            out.append(("Urges passed", [str(self.urges_passed)]))
        slips = [short_date(slip.day) + (f": {slip.note.splitlines()[0]}" if slip.note else "") for slip in self.slips]
        out.append(("Slips", slips or ["None."]))
        return out


def reviewed_week(today: date) -> date:
    """The Monday of the week the review is of: the one before ``today``'s."""
    return week_start(today) - timedelta(weeks=1)


def urges_passed(records: Records, first: date, last: date, zone: str = "UTC") -> int | None:
    """The urges (issue 16) that passed from ``first`` to ``last``, each counted on its day
    in ``zone`` (the plan's). None (the review leaves the line out) while the file holds
    no urge at all: a line "0" for someone who never used the urge key is noise."""
    from regroup.domain.moments import Urge

    if not records(URGES):
        return None
    count = 0
    for key, doc in records(URGES).items():
        urge = Urge.from_doc(dict(doc, id=key))
        day = urge.day(zone)
        if urge.outcome == "passed" and day is not None and first <= day <= last:
            count += 1
    return count


def weekly_review(board: Board, journey: Journey, records: Records, today: date, zone: str) -> Review:
    """The review of the week before ``today``'s, with suggestions as of ``today``."""
    monday = reviewed_week(today)
    sunday = monday + timedelta(days=6)
    ticks = Ticks(records("ticks"))

    def within(day: date | None) -> bool:
        return day is not None and monday <= day <= sunday

    done = sorted(
        (card for card in board.cards.values() if card.column == "done" and within(stamp_day(card.done, zone))),
        key=lambda card: (card.done or "", card.id),
    )
    results = []
    for card in sorted(board.cards.values(), key=lambda c: c.id):
        if card.per_week is None:
            continue
        created = stamp_day(card.created, zone)
        finished = stamp_day(card.done, zone) if card.column == "done" else None
        count = ticks.in_week(card.id, monday)
        # a habit that began after the week, or was finished before it, is not held to it
        if not count and ((created is not None and created > sunday) or (finished is not None and finished < monday)):
            continue
        results.append(HabitResult(card, count, card.per_week))
    return Review(
        monday,
        tuple(done),
        tuple(results),
        tuple((c.day, c.mood) for c in journey.checkins if within(c.day)),
        tuple(slip for slip in journey.slips if within(slip.day)),
        urges_passed(records, monday, sunday, zone),
        tuple(suggestions(board, ticks, today, zone)),
    )


def touches(board: Board, ticks: Ticks, today: date, zone: str, days: int = LATELY_DAYS) -> dict[str, int]:
    """How often each category was touched in the last ``days`` days: a card of it
    started, done, or ticked off."""
    since = today - timedelta(days=days)
    counts = dict.fromkeys(CATEGORIES, 0)
    for card in board.cards.values():
        if card.category not in counts:
            continue
        for stamp in (card.started, card.done):
            day = stamp_day(stamp, zone)
            if day is not None and since < day <= today:
                counts[card.category] += 1
        counts[card.category] += ticks.count(card.id, since + timedelta(days=1), today)
    return counts


def suggestions(board: Board, ticks: Ticks, today: date, zone: str, count: int = SUGGESTIONS) -> list[Card]:
    """Up to ``count`` cards from Ideas: the top idea of the least touched category, then
    of the next least touched, and so on round again (ties go in the categories' order),
    so the same file on the same day always suggests the same cards."""
    touched = touches(board, ticks, today, zone)
    order = sorted(CATEGORIES, key=lambda c: (touched[c], CATEGORIES.index(c)))
    ideas = {category: [card for card in board.column("ideas") if card.category == category] for category in order}
    picked: list[Card] = []
    depth = 0
    while len(picked) < count and any(len(cards) > depth for cards in ideas.values()):
        for category in order:
            if len(picked) < count and len(ideas[category]) > depth:
                picked.append(ideas[category][depth])
        depth += 1
    return picked


def review_due(settings: Mapping[str, Any], review: Review, today: date, uses_habits: bool = True) -> bool:
    """The review opens by itself on the first launch of a week: when the week it last
    showed is not this one. Before it was ever shown, only for someone who keeps habits
    or days (``uses_habits``) and whose last week holds something: a first run, or a
    board that never used them, is not greeted by a review it did not ask for (the
    palette's "Week" opens it, and from then on it comes each week)."""
    shown = settings.get(REVIEW_WEEK)
    if shown == week_start(today).isoformat():
        return False
    return shown is not None or (uses_habits and not review.quiet)
