"""Log a slip (!): contact made before the date. Kept, never erased; S lists them, where a
date or a note typed wrong can be corrected."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Input, Label, Static

from regroup.app.modals.form import FormModal
from regroup.domain.dates import ISO_DATE
from regroup.errors import InvalidInput


@dataclass(frozen=True)
class SlipInput:
    day: str
    note: str


class SlipForm(FormModal[SlipInput]):
    SAVE_LABEL = "Log it (ctrl+s)"
    SAVE_VARIANT = "warning"
    FOCUS = "#slip-date"  # the date first: what the countdown counts from
    HELP_TITLE = "Keys in the slip form"

    def __init__(
        self, today: str, restarts: bool, them: str = "them", note: str = "", correcting: bool = False
    ) -> None:
        super().__init__()
        self.today = today
        self.restarts = restarts
        self.them = them
        self.note = note
        self.correcting = correcting
        if correcting:
            self.SAVE_LABEL = "Save (ctrl+s)"

    def compose_dialog(self) -> ComposeResult:
        effect = (
            "The count starts again from that day; the days you already kept still count in your history."
            if self.restarts
            else "Your plan is set to keep the count going after a slip."
        )
        title = "Correct a slip" if self.correcting else "Log a slip"
        intro = (
            f"Change the date or the note of this slip. {effect}"
            if self.correcting
            else f"It happens. Note when you were in touch with {self.them}, and move on. {effect}"
        )
        with Vertical(classes="dialog"):
            yield Static(title, classes="dialog-title")
            yield Static(intro, classes="dialog-note", markup=False)
            with Grid(id="slip-grid"):
                yield Label("Date (YYYY-MM-DD)")
                yield Input(self.today, placeholder="YYYY-MM-DD", id="slip-date", compact=True)
                yield Label("What happened")
                yield Input(self.note, placeholder="optional, for you only", id="slip-note", compact=True)
            yield from self.footer()

    def collect(self) -> SlipInput:
        day = self.query_one("#slip-date", Input).value
        note = self.query_one("#slip-note", Input).value
        if ISO_DATE.fullmatch(note.strip()) and note.strip() != day.strip():
            raise InvalidInput(
                f"“What happened” holds only a date ({note.strip()}): put the date in the Date field "
                "(shift+tab goes back to it), and a few words here if you like."
            )
        return SlipInput(day, note)
