"""Add or edit a card: title, category, notes, and how often it repeats and its day."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Static, TextArea

from regroup.app.modals.form import FormModal
from regroup.app.widgets.habit_line import SCHEDULE_CSS, schedule_fields
from regroup.domain.model import CATEGORIES, CATEGORY_ICONS, COLUMN_TITLES, Card, check_category
from regroup.domain.schedule import check_schedule
from regroup.domain.text import clean_notes, clean_title


@dataclass(frozen=True)
class CardInput:
    title: str
    category: str
    notes: str
    per_week: int | None = None  # a habit: times a week (schedule.py)
    day: str | None = None  # a date or a weekday
    time: str | None = None

    @property
    def schedule(self) -> dict:
        return {"per_week": self.per_week, "day": self.day, "time": self.time}


class CardForm(FormModal[CardInput]):
    FOCUS = "#title"
    HELP_TITLE = "Keys in the card form"
    DEFAULT_CSS = SCHEDULE_CSS

    def __init__(self, card: Card | None = None, column: str = "ideas", after: Card | None = None) -> None:
        super().__init__()
        self.card = card
        self.column = column
        self.after = after

    def compose_dialog(self) -> ComposeResult:
        card = self.card
        where = COLUMN_TITLES.get(self.column, self.column)
        heading = "Edit card" if card else f"New card in {where}" + (", after the focused one" if self.after else "")
        with Vertical(classes="dialog dialog--card"):
            yield Static(Text(heading), classes="dialog-title")
            yield Label("Title")
            # No max_length: Textual would drop a pasted title that is too long without a
            # word; the check on saving says how long it is and what the limit is.
            yield Input(
                card.title if card else "",
                placeholder="What will you do? e.g. Pottery class on Thursdays",
                id="title",
                compact=True,
            )
            yield Label("Category")
            yield Select(
                [(f"{CATEGORY_ICONS[c]} {c}", c) for c in CATEGORIES],
                value=card.category if card else "mind",
                allow_blank=False,
                id="category",
                compact=True,
            )
            yield from schedule_fields(card)
            yield Label("Notes")
            yield TextArea(card.notes if card else "", id="notes", soft_wrap=True)
            yield from self.footer()

    def collect(self) -> CardInput:
        title = clean_title(self.query_one("#title", Input).value)
        per_week, day, time = check_schedule(
            *(self.query_one(f"#{name}", Input).value for name in ("repeat", "day", "time"))
        )
        return CardInput(
            title=title,
            category=check_category(self.query_one("#category", Select).value),
            notes=clean_notes(self.query_one("#notes", TextArea).text),
            per_week=per_week,
            day=day,
            time=time,
        )
