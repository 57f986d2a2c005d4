"""What a card shows of its habit and its day ("↻ 2/3 this week ▂▄█▆", "◷ Thursdays at
18:30"), and the countdown panel's "Today: …" line. Text only, worked out from domain
values: the columns draw it on a card's second row (column.py's ``extras``)."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from regroup.domain.board import Board
from regroup.domain.habits import Ticks, habit_week
from regroup.domain.model import Card
from regroup.domain.schedule import DAILY, day_words, falls_on

REPEAT_MARK = "↻"
DAY_MARK = "◷"


def card_extra(card: Card, ticks: Ticks, today: date) -> str:
    """The card's day, then the habit's count and bar, then "this week": what a narrow
    column cuts first is the words, never the count or the bar; "" for neither."""
    parts = []
    if card.day is not None:
        words = "today" if falls_on(card.day, today) else day_words(card.day)
        parts.append(f"{DAY_MARK} {words}{' ' + card.time if card.time else ''}")
    week = habit_week(card, ticks, today)
    if week is not None:
        done = " ✓" if week.ticked_today else ""
        parts.append(f"{REPEAT_MARK} {week.done}/{week.target}{done} {week.bar} this week")
    return "  ".join(parts)


def card_extras(board: Board, ticks: Ticks, today: date) -> dict[int, str]:
    """``card_extra`` of every card that repeats or has a day, by id."""
    return {
        card.id: card_extra(card, ticks, today)
        for card in board.cards.values()
        if card.per_week is not None or card.day is not None
    }


class TodayLine(Static):
    """One line under the countdown: the day's cards and the habits not yet ticked.
    Hidden when the day holds nothing (an empty day says nothing)."""

    DEFAULT_CSS = """
    TodayLine {
        height: 1;
        color: $text;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.text = ""
        self.display = False

    def show(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.update(" " + text if text else "")  # in line with the panel's other lines
            self.display = bool(text)


def schedule_fields(card: Card | None) -> ComposeResult:
    """The card form's row for the schedule: times a week, day, time (each may stay blank)."""
    per_week = (
        "" if card is None or card.per_week is None else "daily" if card.per_week == DAILY else str(card.per_week)
    )
    with Horizontal(id="schedule-row"):
        with Vertical(classes="schedule-field"):
            yield Label("Times a week")
            yield Input(per_week, placeholder="1-7, daily", id="repeat", max_length=10, compact=True)
        with Vertical(classes="schedule-field"):
            yield Label("Day")
            yield Input(
                card.day or "" if card else "", placeholder="thu, 2026-12-03", id="day", max_length=20, compact=True
            )
        with Vertical(classes="schedule-field"):
            yield Label("At")
            yield Input(card.time or "" if card else "", placeholder="18:30", id="time", max_length=5, compact=True)


SCHEDULE_CSS = """
#schedule-row { height: auto; }
.schedule-field { width: 1fr; height: auto; margin-right: 1; }
"""
