"""The daily check-in (c): a mood from 1 to 5 and one line of words."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Input, Label, Select, Static

from regroup.app.keys import FORM_KEYS, Key
from regroup.app.modals.form import FormModal
from regroup.domain.daily import MOODS, CheckIn


def human(iso: str) -> str:
    """2026-11-25 as the board writes a date: Wed 25 Nov."""
    from datetime import date

    from regroup.domain.dates import short_date

    return short_date(date.fromisoformat(iso))


@dataclass(frozen=True)
class CheckInInput:
    day: str
    mood: int
    words: str


class CheckInForm(FormModal[CheckInInput]):
    FOCUS = "#checkin-mood"
    HELP_TITLE = "Keys in the check-in"
    KEYS = (
        Key(
            "checkin_mood",
            "",
            "1 to 5",
            "Mood",
            "Set the mood (but in the words field)",
            "In the check-in",
            palette=False,
        ),
    ) + FORM_KEYS

    def __init__(self, today: str, yesterday: str, existing: dict[str, CheckIn]) -> None:
        super().__init__()
        self.today = today
        self.yesterday = yesterday
        self.existing = existing  # by ISO date: today's and yesterday's, if kept

    def compose_dialog(self) -> ComposeResult:
        current = self.existing.get(self.today)
        with Vertical(classes="dialog"):
            yield Static("Check in", classes="dialog-title")
            yield Static("How are you today? One number (1-5) and a few words is plenty.", classes="dialog-note")
            with Grid(id="checkin-grid"):
                yield Label("Day")
                yield Select(
                    [
                        (f"Today ({human(self.today)})", self.today),
                        (f"Yesterday ({human(self.yesterday)})", self.yesterday),
                    ],
                    value=self.today,
                    allow_blank=False,
                    id="checkin-day",
                    compact=True,
                )
                yield Label("Mood")
                yield Select(
                    [(f"{n} · {word}", n) for n, word in MOODS.items()],
                    value=current.mood if current else 3,
                    allow_blank=False,
                    id="checkin-mood",
                    compact=True,
                )
                yield Label("In a few words")
                yield Input(current.words if current else "", placeholder="optional", id="checkin-words", compact=True)
            yield Static(self._status(self.today), id="checkin-status", classes="dialog-hint")
            yield from self.footer()

    def _status(self, day: str) -> str:
        return "You already checked in for this day: saving replaces it." if day in self.existing else ""

    def on_key(self, event) -> None:
        """1 to 5 set the mood, wherever the focus is but in the words."""
        if event.character and event.character in "12345" and not isinstance(self.focused, Input):
            self.query_one("#checkin-mood", Select).value = int(event.character)
            event.stop()

    @on(Select.Changed, "#checkin-day")
    def _day_changed(self, event: Select.Changed) -> None:
        day = str(event.value)
        current = self.existing.get(day)
        if current:
            self.query_one("#checkin-mood", Select).value = current.mood
            self.query_one("#checkin-words", Input).value = current.words
        self.query_one("#checkin-status", Static).update(self._status(day))

    def collect(self) -> CheckInInput:
        return CheckInInput(
            str(self.query_one("#checkin-day", Select).value),
            int(self.query_one("#checkin-mood", Select).value),  # type: ignore[arg-type]
            self.query_one("#checkin-words", Input).value,
        )
