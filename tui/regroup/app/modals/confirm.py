"""A yes/no question: y answers yes, n answers no, escape closes it unanswered (None)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from regroup.app.dialog_keys import CONFIRM_KEYS
from regroup.app.keys import bindings
from regroup.app.modals.form import DIALOG_SHADOWS
from regroup.app.widgets.key_bar import KeyBar


class Confirm(ModalScreen[bool | None]):
    KEYS = CONFIRM_KEYS
    BINDINGS = bindings(CONFIRM_KEYS) + DIALOG_SHADOWS

    def __init__(self, question: str, yes: str = "Yes, delete", no: str = "Keep it") -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog--small"):
            yield Static(self.question, classes="dialog-text", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.no} (n)", id="no", variant="default", compact=True)
                yield Button(f"{self.yes} (y)", id="yes", variant="error", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#no", Button))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_ignore(self) -> None:
        """q: a letter here, not quit."""
