"""What every form dialog shares: ctrl+s saves, escape cancels, enter in a one-line field
saves, and a refusal is one sentence under the fields while what was typed stays."""

from __future__ import annotations

from typing import Callable, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from regroup.errors import UserError

T = TypeVar("T")
R = TypeVar("R")


class FormModal(ModalScreen[T | None], Generic[T]):
    """Subclasses compose their fields, end with ``yield from self.footer()``, and
    implement ``collect`` (return the value, or raise UserError to keep the form open)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form_cancel"),
        Binding("ctrl+s", "save", "Save", id="form_save", priority=True),
    ]
    SAVE_LABEL = "Save (ctrl+s)"
    SAVE_VARIANT = "primary"
    FOCUS = ""  # the field that has the focus first

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def footer(self) -> ComposeResult:
        yield Static("", id="error", classes="form-error")
        with Horizontal(classes="dialog-buttons"):
            yield Button("Cancel (esc)", id="cancel")
            yield Button(self.SAVE_LABEL, id="save", variant=self.SAVE_VARIANT)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        if self.FOCUS:
            self.query_one(self.FOCUS).focus()

    def collect(self) -> T:
        raise NotImplementedError

    def show_error(self, message: str) -> None:
        self.query_one("#error", Static).update(message)

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        try:
            value = self.collect()
        except UserError as error:
            self.show_error(str(error))
            return
        self.dismiss(value)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


async def ask(app, make_form: Callable[[T | None], FormModal[T]], save: Callable[[T], R]) -> tuple[T, R] | None:
    """Show a form until what it returns is saved (a toast says why not, and the form comes
    back with what was typed) or it is cancelled (None). ``make_form`` gets the last values."""
    values: T | None = None
    while True:
        result = await app.push_screen_wait(make_form(values))
        if result is None:
            return None
        try:
            return result, save(result)
        except UserError as error:
            app.notify(str(error), title="Not saved", severity="error", timeout=8)
            values = result
