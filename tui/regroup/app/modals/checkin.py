"""The daily check-in (c): a mood from 1 to 5 and one line of words."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from regroup.domain.daily import MOODS, CheckIn


@dataclass(frozen=True)
class CheckInInput:
    day: str
    mood: int
    words: str


class CheckInForm(ModalScreen[CheckInInput | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="checkin_cancel"),
        Binding("ctrl+s", "save", "Save", id="checkin_save", priority=True),
    ]

    def __init__(self, today: str, yesterday: str, existing: dict[str, CheckIn]) -> None:
        super().__init__(classes="dialog-screen")
        self.today = today
        self.yesterday = yesterday
        self.existing = existing  # by ISO date: today's and yesterday's, if kept

    def compose(self) -> ComposeResult:
        current = self.existing.get(self.today)
        with Vertical(classes="dialog"):
            yield Static("Check in", classes="dialog-title")
            yield Static("How are you today? One number and a few words is plenty.", classes="dialog-note")
            with Grid(id="checkin-grid"):
                yield Label("Day")
                yield Select([(f"Today ({self.today})", self.today), (f"Yesterday ({self.yesterday})", self.yesterday)],
                             value=self.today, allow_blank=False, id="checkin-day", compact=True)
                yield Label("Mood")
                yield Select([(f"{n} · {word}", n) for n, word in MOODS.items()],
                             value=current.mood if current else 3, allow_blank=False, id="checkin-mood", compact=True)
                yield Label("In a few words")
                yield Input(current.words if current else "", placeholder="optional", id="checkin-words", compact=True, max_length=280)
            yield Static(self._status(self.today), id="checkin-status", classes="dialog-hint")
            yield Static("", id="error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel (esc)", id="cancel")
                yield Button("Save (ctrl+s)", id="save", variant="primary")

    def _status(self, day: str) -> str:
        return "You already checked in for this day: saving replaces it." if day in self.existing else ""

    def on_mount(self) -> None:
        self.query_one("#checkin-mood", Select).focus()

    def on_key(self, event) -> None:
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

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        self.dismiss(
            CheckInInput(
                str(self.query_one("#checkin-day", Select).value),
                int(self.query_one("#checkin-mood", Select).value),  # type: ignore[arg-type]
                self.query_one("#checkin-words", Input).value,
            )
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
