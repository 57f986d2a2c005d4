"""First run: no plan yet, so a short form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Static

from regroup.app.dialog_keys import FIRST_RUN_KEYS
from regroup.app.keys import bindings
from regroup.app.modals.form import DIALOG_SHADOWS
from regroup.app.widgets.key_bar import KeyBar
from regroup.app.widgets.plan_form import PlanForm
from regroup.domain import logbook
from regroup.domain.plan import Plan
from regroup.errors import UserError

if TYPE_CHECKING:
    from regroup.app.app import RegroupApp

WELCOME = (
    "Welcome. Tell regroup when things ended: it counts down to the earliest day the guides "
    "suggest reaching out, beside a board of things that are good for you."
)


class FirstRunScreen(Screen[Plan]):
    app: RegroupApp
    BINDINGS = bindings(FIRST_RUN_KEYS) + DIALOG_SHADOWS
    KEYS = FIRST_RUN_KEYS
    HELP_TITLE = "Keys while setting up"

    def compose(self) -> ComposeResult:
        yield Header(icon="◐")
        with Vertical(classes="first-run"):
            yield Static("Set up your plan", classes="dialog-title")
            yield Static(WELCOME, classes="dialog-note")
            yield PlanForm(now=self.app.now)
            yield Static("", id="error", classes="form-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Start (ctrl+s)", id="save", variant="primary", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#breakup", Input))

    def action_leave(self) -> None:
        """Escape: leave without a plan. The file this launch made for it is not kept."""
        self.dismiss(None)

    def action_ignore(self) -> None:
        """q: a letter in a field, and never quit from a list."""

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _submit(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        try:
            plan = self.query_one(PlanForm).read()
            saver = self.app.saver
            saver.commit(lambda state: logbook.plan_set(state, plan, None, self.app.now()))
        except UserError as error:
            self.query_one("#error", Static).update(str(error))
            return
        self.dismiss(plan)
