"""The contact log (t): each contact after the date, how it went, and what comes next."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Input, Label, Select, Static

from regroup.app.modals.form import FormModal
from regroup.domain.daily import CONTACT_WAYS


@dataclass(frozen=True)
class ContactInput:
    day: str
    how: str
    answered: bool
    note: str
    moved_on: bool = False


class ContactForm(FormModal[ContactInput]):
    FOCUS = "#contact-how"

    HELP_TITLE = "Keys in the contact log"

    def __init__(self, today: str, them: str = "them", values: ContactInput | None = None, wait: str = "") -> None:
        super().__init__()
        self.today = today
        self.them = them
        self.values = values
        self.wait = wait  # before the day to try again: said at the top

    def compose_dialog(self) -> ComposeResult:
        v = self.values
        with Vertical(classes="dialog"):
            yield Static(f"Log a contact with {self.them}", classes="dialog-title", markup=False)
            yield Static(
                "Keep it light and friendly. No answer? Give it a couple of days before you try again.",
                classes="dialog-note",
            )
            if self.wait:
                yield Static(self.wait, id="contact-wait", classes="dialog-hint form-warning", markup=False)
            with Grid(id="contact-grid"):
                yield Label("Date")
                yield Input(v.day if v else self.today, placeholder="YYYY-MM-DD", id="contact-date", compact=True)
                yield Label("How")
                yield Select(
                    [(w, w) for w in CONTACT_WAYS],
                    value=v.how if v else "text",
                    allow_blank=False,
                    id="contact-how",
                    compact=True,
                )
                yield Label("Did they answer?")
                yield Select(
                    [("Yes", True), ("No, not yet", False)],
                    value=v.answered if v else True,
                    allow_blank=False,
                    id="contact-answered",
                    compact=True,
                )
                yield Label("A note")
                yield Input(v.note if v else "", placeholder="optional, for you only", id="contact-note", compact=True)
                yield Label("They have moved on")
                yield Select(
                    [("No", False), ("Yes, they have", True)],
                    value=v.moved_on if v else False,
                    allow_blank=False,
                    id="contact-moved-on",
                    compact=True,
                )
            yield from self.footer()

    def collect(self) -> ContactInput:
        return ContactInput(
            self.query_one("#contact-date", Input).value,
            str(self.query_one("#contact-how", Select).value),
            bool(self.query_one("#contact-answered", Select).value),
            self.query_one("#contact-note", Input).value,
            bool(self.query_one("#contact-moved-on", Select).value),
        )
