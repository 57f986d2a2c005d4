"""Log a slip (!): contact made before the date. Kept, never erased."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static


@dataclass(frozen=True)
class SlipInput:
    day: str
    note: str


class SlipForm(ModalScreen[SlipInput | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="slip_cancel"),
        Binding("ctrl+s", "save", "Save", id="slip_save", priority=True),
    ]

    def __init__(self, today: str, restarts: bool, them: str = "them", note: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.note = note
        self.today = today
        self.restarts = restarts
        self.them = them

    def compose(self) -> ComposeResult:
        effect = (
            "The count starts again from that day; the days you already kept still count in your history."
            if self.restarts
            else "Your plan is set to keep the count going after a slip."
        )
        with Vertical(classes="dialog"):
            yield Static("Log a slip", classes="dialog-title")
            yield Static(f"It happens. Note when you were in touch with {self.them}, and move on. {effect}", classes="dialog-note", markup=False)
            with Grid(id="slip-grid"):
                yield Label("Date")
                yield Input(self.today, placeholder="YYYY-MM-DD", id="slip-date", compact=True)
                yield Label("What happened")
                yield Input(self.note, placeholder="optional, for you only", id="slip-note", compact=True, max_length=2000)
            yield Static("", id="error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel (esc)", id="cancel")
                yield Button("Log it (ctrl+s)", id="save", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#slip-note", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _submit(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        self.dismiss(SlipInput(self.query_one("#slip-date", Input).value, self.query_one("#slip-note", Input).value))

    def show_error(self, message: str) -> None:
        self.query_one("#error", Static).update(message)
