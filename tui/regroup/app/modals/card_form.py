"""Add or edit a card: title, category, notes."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from regroup.domain.model import CATEGORIES, CATEGORY_ICONS, COLUMN_TITLES, Card, check_category
from regroup.domain.text import TITLE_MAX, clean_notes, clean_title
from regroup.errors import InvalidInput


@dataclass(frozen=True)
class CardInput:
    title: str
    category: str
    notes: str


class CardForm(ModalScreen[CardInput | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form_cancel"),
        Binding("ctrl+s", "save", "Save", id="form_save", priority=True),
    ]

    def __init__(self, card: Card | None = None, column: str = "ideas") -> None:
        super().__init__(classes="dialog-screen")
        self.card = card
        self.column = column

    def compose(self) -> ComposeResult:
        heading = "Edit card" if self.card else f"New card in {COLUMN_TITLES.get(self.column, self.column)}"
        with Vertical(classes="dialog"):
            yield Static(heading, classes="dialog-title")
            yield Label("Title")
            yield Input(
                self.card.title if self.card else "",
                placeholder="What will you do? e.g. Pottery class on Thursdays",
                max_length=TITLE_MAX,
                id="title",
            )
            yield Label("Category")
            yield Select(
                [(f"{CATEGORY_ICONS[c]} {c}", c) for c in CATEGORIES],
                value=self.card.category if self.card else "mind",
                allow_blank=False,
                id="category",
            )
            yield Label("Notes")
            yield TextArea(self.card.notes if self.card else "", id="notes", soft_wrap=True)
            yield Static("", id="error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel (esc)", id="cancel")
                yield Button("Save (ctrl+s)", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    @on(Input.Submitted, "#title")
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_save(self) -> None:
        try:
            result = CardInput(
                title=clean_title(self.query_one("#title", Input).value),
                category=check_category(self.query_one("#category", Select).value),
                notes=clean_notes(self.query_one("#notes", TextArea).text),
            )
        except InvalidInput as error:
            self.query_one("#error", Static).update(str(error))
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)
