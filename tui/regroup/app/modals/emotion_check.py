"""The emotion check, asked once when the countdown reaches zero."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from regroup.domain.catalog import load_toml


class EmotionCheck(ModalScreen[str | None]):
    """Dismisses with "ready", "not_yet", or None (asked again next time)."""

    BINDINGS = [
        Binding("y", "answer('ready')", "I'm ready", id="check_ready"),
        Binding("n", "answer('not_yet')", "Not yet", id="check_not_yet"),
        Binding("escape", "answer(None)", "Later", id="check_later"),
    ]

    def compose(self) -> ComposeResult:
        checks = load_toml("checks.toml")
        with Vertical(classes="dialog dialog--form"):
            yield Static("Before you reach out", classes="dialog-title")
            with VerticalScroll(id="check-body"):
                yield Static(checks.get("intro", ""), classes="dialog-text", markup=False)
                for number, q in enumerate(checks.get("question", []), start=1):
                    yield Static(f"{number}. {q['text']}", classes="check-question", markup=False)
                    yield Static(f"   {q['hint']}", classes="dialog-note", markup=False)
                yield Static(checks.get("not_yet", ""), classes="dialog-note check-not-yet", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Not yet: 7 more days (n)", id="not_yet")
                yield Button("Yes to all: I'm ready (y)", id="ready", variant="success")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#check-body"))  # arrows scroll the questions; y / n answer

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)
