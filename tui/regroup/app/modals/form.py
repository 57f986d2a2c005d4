"""What every form dialog shares: ctrl+s saves, escape cancels (asking first when something
was typed), enter in a one-line field saves, and a refusal is one sentence under the fields
while what was typed stays. The footer shows these keys, and ? (or f1) lists them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static, TextArea

from regroup.app.keys import FORM_KEYS, bindings
from regroup.app.widgets.key_bar import KeyBar
from regroup.errors import UserError

T = TypeVar("T")

# In a dialog the board's keys do nothing, so they are not in its footer, and q (a letter
# like any other in a field) never quits from a list or a button.
DIALOG_SHADOWS: list[BindingType] = [
    Binding("q", "ignore", show=False, id="dialog_q"),
    Binding("question_mark", "app.help", show=False, id="dialog_help"),
]


def field_values(screen: ModalScreen) -> tuple:
    """What the fields of a dialog hold, to tell whether anything was typed or chosen."""
    values: list[tuple[str | None, object]] = []
    for widget in screen.query("Input, TextArea, Select"):
        if isinstance(widget, TextArea):
            values.append((widget.id, widget.text.strip()))
        elif isinstance(widget, Input):
            values.append((widget.id, widget.value.strip()))
        elif isinstance(widget, Select):
            values.append((widget.id, widget.value))
    return tuple(values)


class FormModal(ModalScreen[T | None], Generic[T]):
    """Subclasses compose their dialog in ``compose_dialog``, ending with
    ``yield from self.footer()``, and implement ``collect`` (return the value, or raise
    UserError to keep the form open)."""

    KEYS = FORM_KEYS
    BINDINGS = bindings(FORM_KEYS) + DIALOG_SHADOWS
    SAVE_LABEL = "Save (ctrl+s)"
    SAVE_VARIANT = "primary"
    FOCUS = ""  # the field that has the focus first
    ASK_BEFORE_DISCARD = True

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
        self._submit: Callable[[T], Any] | None = None
        self._typed: tuple | None = None  # the fields as the form opened

    def saving(self, submit: Callable[[T], Any]) -> FormModal[T]:
        """Save what the form collects with ``submit`` before it closes: a refusal (a
        ``UserError``) is shown under the fields and the form stays open with what was
        typed."""
        self._submit = submit
        return self

    def compose(self) -> ComposeResult:
        yield from self.compose_dialog()
        yield KeyBar()

    def compose_dialog(self) -> ComposeResult:
        raise NotImplementedError

    def footer(self) -> ComposeResult:
        yield Static("", id="error", classes="form-error", markup=False)
        with Horizontal(classes="dialog-buttons"):
            yield Button("Cancel (esc)", id="cancel", compact=True)
            yield Button(self.SAVE_LABEL, id="save", variant=self.SAVE_VARIANT, compact=True)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self._typed = field_values(self)
        if self.FOCUS:
            self.set_focus(self.query_one(self.FOCUS))  # now, not on the app's next turn

    def collect(self) -> T:
        raise NotImplementedError

    def show_error(self, message: str) -> None:
        self.query_one("#error", Static).update(message)

    def action_ignore(self) -> None:
        """q in a dialog: a letter, not quit."""

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

    @property
    def changed(self) -> bool:
        """Something was typed or chosen since the form opened."""
        return self._typed is not None and field_values(self) != self._typed

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving; if something was typed, ask first (escape or n keeps it)."""
        if not (self.ASK_BEFORE_DISCARD and self.changed):
            self.dismiss(None)
            return
        from regroup.app.modals.confirm import Confirm

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            Confirm("Close without saving? What you typed here will be lost.", yes="Discard it", no="Keep writing"),
            answered,
        )
