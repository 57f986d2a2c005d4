"""What every form dialog shares: ctrl+s saves, escape cancels, enter in a one-line field
saves, and a refusal is one sentence under the fields while what was typed stays."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from regroup.errors import UserError

T = TypeVar("T")


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
        self._submit: Callable[[T], Any] | None = None

    def saving(self, submit: Callable[[T], Any]) -> FormModal[T]:
        """Save what the form collects with ``submit`` before it closes: a refusal (a
        ``UserError``) is shown under the fields and the form stays open with what was
        typed."""
        self._submit = submit
        return self

    def footer(self) -> ComposeResult:
        yield Static("", id="error", classes="form-error", markup=False)
        with Horizontal(classes="dialog-buttons"):
            yield Button("Cancel (esc)", id="cancel")
            yield Button(self.SAVE_LABEL, id="save", variant=self.SAVE_VARIANT)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        if self.FOCUS:
            self.set_focus(self.query_one(self.FOCUS))  # now, not on the app's next turn

    def collect(self) -> T:
        raise NotImplementedError

    def show_error(self, message: str) -> None:
        self.query_one("#error", Static).update(message)

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        try:
            value = self.collect()
            if self._submit is not None:
                self._submit(value)
        except UserError as error:
            self.show_error(str(error))
            return
        self.dismiss(value)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
