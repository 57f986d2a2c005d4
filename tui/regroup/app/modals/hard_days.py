"""Hard days, the support line and the cool-down (D): the hard moments' settings.

One form: the support line, the cool-down of the urge screen, a new hard day (date,
label, every year or once), and the number of a hard day to remove. Everything typed is
checked before anything is saved; each change is then its own entry in the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Input, Label, Select, Static

from regroup.app.modals.form import FormModal
from regroup.domain.dates import long_date
from regroup.domain.moments import (
    COOLDOWN_MAX,
    LABEL_MAX,
    SUPPORT_MAX,
    HardDay,
    upcoming,
)


@dataclass(frozen=True)
class HardMomentsInput:
    support: str
    cooldown: str
    day: str
    label: str
    yearly: bool
    remove: str


def hard_day_list(hard_days: tuple[HardDay, ...], today: date) -> Text:
    """One line a hard day, its number first (user text appended as text)."""
    if not hard_days:
        return Text("No hard days yet. Add one below: their birthday, an anniversary, a holiday.", style="italic")
    next_of = {item.hard_day.id: item for item in upcoming(hard_days, today)}
    out = Text()
    for hard in hard_days:
        item = next_of.get(hard.id)
        when = "passed" if item is None else item.when
        every = "every year" if hard.yearly else "once"
        if out.plain:
            out.append("\n")
        out.append_text(
            Text.assemble(
                (f"{hard.id:>3} ", "bold"), f"{long_date(hard.day)}, {every}: ", hard.label, (f" · {when}", "dim")
            )
        )
    return out


class HardMomentsForm(FormModal[HardMomentsInput]):
    FOCUS = "#hm-support"
    DEFAULT_CSS = """
    #hm-grid { grid-size: 2; grid-columns: 22 1fr; grid-rows: 1; height: auto; margin-top: 1; }
    #hm-grid Label { margin: 0; color: $text-muted; }
    #hm-list { height: auto; max-height: 8; margin-top: 1; }
    """

    def __init__(self, support: str, cooldown: int, hard_days: tuple[HardDay, ...], today: date) -> None:
        super().__init__()
        self.support = support
        self.cooldown = cooldown
        self.hard_days = hard_days
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog--form", id="hard-moments-form"):
            yield Static("Hard days and support", classes="dialog-title")
            yield Static(hard_day_list(self.hard_days, self.today), id="hm-list")
            with Grid(id="hm-grid"):
                yield Label("Support line")
                yield Input(
                    self.support,
                    placeholder="a name and a number, or any text",
                    id="hm-support",
                    compact=True,
                    max_length=SUPPORT_MAX,
                )
                yield Label("Cool-down (minutes)")
                yield Input(str(self.cooldown), placeholder=f"1 to {COOLDOWN_MAX}", id="hm-cooldown", compact=True)
                yield Label("New hard day")
                yield Input("", placeholder="YYYY-MM-DD (empty: none)", id="hm-date", compact=True)
                yield Label("Its label")
                yield Input("", placeholder="their birthday", id="hm-label", compact=True, max_length=LABEL_MAX)
                yield Label("Comes back")
                yield Select(
                    [("Every year", True), ("Once", False)], value=True, allow_blank=False, id="hm-yearly", compact=True
                )
                yield Label("Remove number")
                yield Input("", placeholder="a number from the list (empty: none)", id="hm-remove", compact=True)
            yield Static(
                "The panel names a hard day from three days before; a adds a plan for it to Planned.",
                classes="dialog-note",
                markup=False,
            )
            yield from self.footer()

    def collect(self) -> HardMomentsInput:
        def value(selector: str) -> str:
            return self.query_one(selector, Input).value

        return HardMomentsInput(
            value("#hm-support"),
            value("#hm-cooldown"),
            value("#hm-date"),
            value("#hm-label"),
            bool(self.query_one("#hm-yearly", Select).value),
            value("#hm-remove"),
        )
