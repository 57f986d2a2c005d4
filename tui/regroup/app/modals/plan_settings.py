"""Plan settings (p): every field of the plan, and the letter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from regroup.app.modals.form import FormModal
from regroup.app.widgets.plan_form import PlanForm
from regroup.domain.plan import Plan

if TYPE_CHECKING:
    from regroup.app.app import RegroupApp


class PlanSettings(FormModal[Plan]):
    app: RegroupApp
    FOCUS = "#breakup"
    HELP_TITLE = "Keys in the plan settings"

    def __init__(self, plan: Plan) -> None:
        super().__init__()
        self.plan = plan

    def compose_dialog(self) -> ComposeResult:
        with Vertical(classes="dialog dialog--form"):
            yield Static("Plan settings", classes="dialog-title")
            yield PlanForm(self.plan, settings=True, now=self.app.now)
            yield from self.footer()

    def collect(self) -> Plan:
        return self.query_one(PlanForm).read()
