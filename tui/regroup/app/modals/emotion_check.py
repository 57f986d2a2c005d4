"""The emotion check, asked once when the countdown reaches zero."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from regroup.app.dialog_keys import CHECK_KEYS
from regroup.app.keys import bindings
from regroup.app.modals.form import DIALOG_SHADOWS
from regroup.app.widgets.key_bar import KeyBar
from regroup.domain.catalog import load_toml


def question_text(text: str, hint: str) -> Text:
    """One question and its hint as a paragraph: the number hangs in its own column, so
    every wrapped line keeps the indent (the grid lays the two columns out)."""
    return Text.assemble((text, "bold"), "\n", (hint, "dim"))


class EmotionCheck(ModalScreen[str | None]):
    """Dismisses with "ready", "not_yet", or None (closed unanswered: asked again next time)."""

    KEYS = CHECK_KEYS
    BINDINGS = bindings(CHECK_KEYS) + DIALOG_SHADOWS

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def compose(self) -> ComposeResult:
        checks = load_toml("checks.toml")
        with Vertical(classes="dialog dialog--check"):
            yield Static("Before you reach out", classes="dialog-title")
            with VerticalScroll(id="check-body"):  # scrolls only on a screen below 80x24
                yield Static(Text(checks.get("intro", "")), classes="dialog-text")
                with Vertical(id="check-questions"):
                    for number, q in enumerate(checks.get("question", []), start=1):
                        with Horizontal(classes="check-row"):
                            yield Static(f"{number}.", classes="check-number")
                            yield Static(question_text(q["text"], q["hint"]), classes="check-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Not yet (n)", id="not_yet", compact=True)
                yield Button("Yes to all: I'm ready (y)", id="ready", variant="success", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#check-body"))  # arrows scroll it on a small screen; y and n answer

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)

    def action_ignore(self) -> None:
        """q: not quit, in a question."""
