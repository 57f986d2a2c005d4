"""A card, read whole (v or space on the board): title, notes, the article it comes from,
when it was added, started and finished. e edits it."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from regroup.app.dialog_keys import VIEW_KEYS
from regroup.app.keys import bindings
from regroup.app.modals.form import DIALOG_SHADOWS
from regroup.app.sources import cited
from regroup.app.widgets.key_bar import KeyBar
from regroup.domain.dates import long_date, zone_info
from regroup.domain.model import CATEGORY_ICONS, COLUMN_TITLES, Card
from regroup.domain.plan import Plan
from regroup.domain.text import safe_for_terminal


def local_day(stamp: str | None, zone: str) -> str:
    """A stored UTC stamp as the day it was in the plan's zone ("" if unreadable)."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return ""
    return long_date(moment.astimezone(zone_info(zone)).date())


def card_text(card: Card, zone: str) -> tuple[Text, Text]:
    """What the view shows: the details line and the body (notes, source, dates)."""
    icon = CATEGORY_ICONS.get(card.category, "·")
    details = Text(f"{icon} {card.category} · in {COLUMN_TITLES.get(card.column, card.column)}", style="dim")
    body = Text()
    notes = safe_for_terminal(card.notes, keep="\n\t")
    body.append(notes if notes else "No notes yet: e adds some.", style="" if notes else "italic dim")
    source = cited(card.source)
    if source:
        body.append("\n\nAn idea " + source + ".", style="dim")
    dates = [
        (what, day)
        for what, day in (
            ("added", local_day(card.created, zone)),
            ("started", local_day(card.started, zone)),
            ("done", local_day(card.done, zone)),
        )
        if day
    ]
    if dates:
        body.append("\n\n" + " · ".join(f"{what.capitalize()} {day}" for what, day in dates), style="dim")
    return details, body


class CardView(ModalScreen[bool | None]):
    """Dismisses with True when the user asks to edit the card."""

    KEYS = VIEW_KEYS
    HELP_TITLE = "Keys on a card"
    BINDINGS = bindings(VIEW_KEYS) + DIALOG_SHADOWS

    def __init__(self, card: Card, plan: Plan | None) -> None:
        super().__init__(classes="dialog-screen")
        self.card = card
        self.zone = plan.zone if plan else "UTC"

    def compose(self) -> ComposeResult:
        details, body = card_text(self.card, self.zone)
        with Vertical(classes="dialog dialog--view"):
            yield Static(Text(safe_for_terminal(self.card.title)), classes="dialog-title")
            yield Static(details)
            with VerticalScroll(id="view-body"):
                yield Static(body, id="view-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#view-body"))  # long notes scroll with the arrows

    def action_edit(self) -> None:
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_ignore(self) -> None:
        """q: not quit, from a card."""
