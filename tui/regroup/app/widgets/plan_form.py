"""The fields of a plan, shared by the first-run screen and the plan settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.suggester import Suggester
from textual.widgets import Input, Label, Select, Static

from regroup.app.sources import cited
from regroup.domain.dates import system_zone
from regroup.domain.guides import default_guide, guide, guides
from regroup.domain.plan import ENDED_BY, Plan, make_plan
from regroup.errors import InvalidInput

ENDED_LABELS = {"them": "They did", "me": "I did", "mutual": "We both did"}


class ZoneSuggester(Suggester):
    """Completes IANA zone names as they are typed, in any case ("europe/pa" offers
    Europe/Paris; → takes it). The list of zones is read on the first letter typed."""

    def __init__(self) -> None:
        super().__init__(use_cache=True, case_sensitive=False)

    async def get_suggestion(self, value: str) -> str | None:
        from regroup.domain.dates import zone_names

        if not value:
            return None
        names = zone_names()
        if value in names:
            return names[value]
        found = sorted(key for key in names if key.startswith(value))
        return names[found[0]] if found else None


class PlanForm(Vertical):
    """Compact rows of label + field; ``read()`` returns a checked Plan or raises."""

    def __init__(
        self, plan: Plan | None = None, *, settings: bool = False, now: Callable[[], datetime] | None = None
    ) -> None:
        super().__init__(id="plan-form")
        self.plan = plan
        self.settings = settings
        self._now = now or (lambda: datetime.now(UTC))
        self._guide_touched = plan is not None

    def compose(self) -> ComposeResult:
        plan = self.plan
        ended = plan.ended_by if plan else "them"
        gid = plan.guide if plan else default_guide(ended).id
        with Grid(id="plan-grid"):
            yield Label("Breakup date")
            yield Input(
                plan.breakup_date.isoformat() if plan else "", placeholder="YYYY-MM-DD", id="breakup", compact=True
            )
            yield Label("Who ended it")
            yield Select(
                [(ENDED_LABELS[e], e) for e in ENDED_BY], value=ended, allow_blank=False, id="ended", compact=True
            )
            yield Label("Guide")
            yield Select(
                [(f"{g.name} ({g.id})", g.id) for g in guides().values()],
                value=gid,
                allow_blank=False,
                id="guide",
                compact=True,
            )
            yield Label("Days of no contact")
            yield Input(
                str(plan.days if plan else guide(gid).days), id="days", compact=True, disabled=not guide(gid).custom
            )
            yield Label("Time zone")
            yield Input(
                plan.tz if plan else system_zone(),
                placeholder="Area/City, e.g. Europe/Berlin (→ completes)",
                id="tz",
                compact=True,
                suggester=ZoneSuggester(),
            )
            yield Label("Their name (optional)")
            yield Input(
                plan.name if plan else "", placeholder="the app says “them” without it", id="name", compact=True
            )
            if self.settings:
                yield Label("Letter sent on")
                yield Input(
                    plan.letter_sent.isoformat() if plan and plan.letter_sent else "",
                    placeholder="YYYY-MM-DD, empty if not sent",
                    id="letter",
                    compact=True,
                )
                yield Label("A slip restarts the count")
                yield Select(
                    [("Yes", True), ("No", False)],
                    value=plan.restart_on_slip if plan else True,
                    allow_blank=False,
                    id="restart",
                    compact=True,
                )
        yield Static(self._guide_text(gid), id="guide-help", markup=False)

    def _guide_text(self, gid: str) -> str:
        g = guide(gid)
        source = cited(g.source, short=True)  # the articles by title, never a file name
        return f"{g.summary}. The idea comes {source}." if source else f"{g.summary}."

    @on(Select.Changed, "#ended")
    def _ended_changed(self, event: Select.Changed) -> None:
        if not self._guide_touched and isinstance(event.value, str):
            self.query_one("#guide", Select).value = default_guide(event.value).id
            self._guide_touched = False

    @on(Select.Changed, "#guide")
    def _guide_changed(self, event: Select.Changed) -> None:
        if not isinstance(event.value, str):
            return
        g = guide(event.value)
        days = self.query_one("#days", Input)
        days.disabled = not g.custom
        if not g.custom:
            days.value = str(g.days)
        self.query_one("#guide-help", Static).update(self._guide_text(g.id))

    def on_descendant_focus(self, event) -> None:
        if getattr(event.widget, "id", None) == "guide":
            self._guide_touched = True

    def read(self) -> Plan:
        def value(selector: str) -> str:
            return self.query_one(selector, Input).value

        gid = self.query_one("#guide", Select).value
        if guide(str(gid)).custom and not value("#days").strip():
            raise InvalidInput("The number of days is missing: choose a whole number from 1 to 365.")
        letter = value("#letter") if self.settings else (self.plan.letter_sent if self.plan else None)
        restart = (
            self.query_one("#restart", Select).value
            if self.settings
            else (self.plan.restart_on_slip if self.plan else True)
        )
        plan = make_plan(
            breakup_date=value("#breakup"),
            ended_by=str(self.query_one("#ended", Select).value),
            guide_id=str(gid),
            days=value("#days") if guide(str(gid)).custom else None,
            tz=value("#tz"),
            letter_sent=letter,
            name=value("#name"),
            restart_on_slip=bool(restart),
            now=self._now(),
        )
        if self.plan is not None:  # what the form does not show is kept
            plan = replace(
                plan,
                moved_on=self.plan.moved_on,
                archived=self.plan.archived,
                support=self.plan.support,
                cooldown_minutes=self.plan.cooldown_minutes,
            )
        return plan
