"""Log a slip (!): contact made before the date. Kept, never erased."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Input, Label, Static

from regroup.app.modals.form import FormModal


@dataclass(frozen=True)
class SlipInput:
    day: str
    note: str


class SlipForm(FormModal[SlipInput]):
    SAVE_LABEL = "Log it (ctrl+s)"
    SAVE_VARIANT = "warning"
    FOCUS = "#slip-note"

    def __init__(self, today: str, restarts: bool, them: str = "them", note: str = "") -> None:
        super().__init__()
        self.today = today
        self.restarts = restarts
        self.them = them
        self.note = note

    def compose(self) -> ComposeResult:
        effect = (
            "The count starts again from that day; the days you already kept still count in your history."
            if self.restarts
            else "Your plan is set to keep the count going after a slip."
        )
        with Vertical(classes="dialog"):
            yield Static("Log a slip", classes="dialog-title")
            yield Static(
                f"It happens. Note when you were in touch with {self.them}, and move on. {effect}",
                classes="dialog-note",
                markup=False,
            )
            with Grid(id="slip-grid"):
                yield Label("Date")
                yield Input(self.today, placeholder="YYYY-MM-DD", id="slip-date", compact=True)
                yield Label("What happened")
                yield Input(
                    self.note, placeholder="optional, for you only", id="slip-note", compact=True, max_length=2000
                )
            yield from self.footer()

    def collect(self) -> SlipInput:
        return SlipInput(self.query_one("#slip-date", Input).value, self.query_one("#slip-note", Input).value)
