"""Plan settings (p): every field of the plan, and the letter."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from regroup.app.widgets.plan_form import PlanForm
from regroup.domain.plan import Plan
from regroup.errors import UserError


class PlanSettings(ModalScreen[Plan | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="plan_cancel"),
        Binding("ctrl+s", "save", "Save", id="plan_save", priority=True),
    ]

    def __init__(self, plan: Plan) -> None:
        super().__init__(classes="dialog-screen")
        self.plan = plan

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog--form"):
            yield Static("Plan settings", classes="dialog-title")
            yield PlanForm(self.plan, settings=True, now=getattr(self.app, "now", None))
            yield Static("", id="error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel (esc)", id="cancel")
                yield Button("Save (ctrl+s)", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#breakup", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _submit(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        try:
            plan = self.query_one(PlanForm).read()
        except UserError as error:
            self.query_one("#error", Static).update(str(error))
            return
        self.dismiss(plan)
