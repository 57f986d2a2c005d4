"""The urge screen (r): "I want to reach out right now".

Calm, and short: the days left and what contact now would do to the count, one card to
do instead (Doing, else Planned; enter moves it to Doing and closes), a cool-down that
counts down on screen (the plan's minutes, 10 by default) and may be left at any time,
and after 22:00 a line about sleeping on it. The urge was recorded when the screen
opened; the keys here say how strong it is and how it ended. Every write goes through
the app's Saver; the words come from data/hard_moments.toml.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from regroup.app.keys import Key, bindings
from regroup.app.widgets.key_bar import KeyBar
from regroup.domain import board as ops
from regroup.domain import hard_changes
from regroup.domain.model import Card
from regroup.domain.moments import Urge, contact_lines, contact_now, moment_of, words

if TYPE_CHECKING:
    from regroup.app.app import RegroupApp

# what the screen returns when it closes: how the urge ended, or None (left, still open)
PASSED, REACHED_OUT, DID_CARD = "passed", "reached_out", "card"


GROUP = "The urge to reach out"
URGE_KEYS: tuple[Key, ...] = (
    *(
        Key(
            f"urge_strength_{n}",
            str(n),
            "1-5" if n == 1 else "",
            "Strength",
            "How strong it is, 1 to 5",
            GROUP,
            action=f"strength({n})",
            palette=False,
            help_row=None if n == 1 else ("", "", ""),
        )
        for n in range(1, 6)
    ),
    Key(
        "urge_do_card",
        "enter,d",
        "enter d",
        "Do it instead",
        "Do the card offered instead (to Doing)",
        GROUP,
        footer=True,
        action="do_card",
        palette=False,
    ),
    Key(
        "urge_passed", "p", "p", "It passed", "The urge has passed", GROUP, footer=True, action="passed", palette=False
    ),
    Key(
        "urge_reached_out",
        "o,exclamation_mark",
        "o !",
        "I reached out",
        "I reached out: log the slip",
        GROUP,
        footer=True,
        action="reached_out",
        palette=False,
    ),
    Key("urge_cover", "b", "b", "Cover", "Cover the screen at once", GROUP, action="app.cover", palette=False),
    Key(
        "urge_leave",
        "escape,q",
        "escape",
        "Leave",
        "Leave (the urge stays noted)",
        GROUP,
        footer=True,
        action="leave",
        palette=False,
    ),
    Key("urge_help", "question_mark,f1", "? f1", "Help", "These keys", GROUP, action="app.help", palette=False),
)


class UrgeScreen(ModalScreen[str | None]):
    KEYS = URGE_KEYS
    HELP_TITLE = "Keys while the urge is on screen"
    BINDINGS = bindings(URGE_KEYS)
    DEFAULT_CSS = """
    UrgeScreen { align: center middle; }
    UrgeScreen #urge { width: 76; max-width: 100%; height: auto; max-height: 100%; border: round $primary;
                       padding: 0 2; background: $surface; }
    UrgeScreen .urge-line { margin-top: 1; }
    UrgeScreen #urge-title { text-style: bold; }
    UrgeScreen #urge-timer { text-style: bold; }
    UrgeScreen #urge-keys { margin-top: 1; color: $text-muted; }
    """

    app: RegroupApp

    def __init__(self, urge_id: int, card: Card | None) -> None:
        super().__init__(id="urge-screen")
        self.urge_id = urge_id
        self.card = card

    # --- what it shows ---------------------------------------------------------------

    @property
    def urge(self) -> Urge | None:
        """The urge as the file holds it now."""
        return next((u for u in self.app.store.journey.urges if u.id == self.urge_id), None)

    def compose(self) -> ComposeResult:
        text = words()["urge"]
        journey = self.app.store.journey
        now = self.app.now()
        with Vertical(id="urge"):
            yield Static(text["title"], id="urge-title", markup=False)
            yield Static(text["intro"], classes="urge-line", markup=False)
            yield Static(
                "\n".join(contact_lines(contact_now(journey, now))), id="urge-count", classes="urge-line", markup=False
            )
            night = Static(text["night"], id="urge-night", classes="urge-line", markup=False)
            night.display = journey.is_night(now)  # and from 22:00 if the screen is still open (tick)
            yield night
            yield Static(self._instead(), id="urge-instead", classes="urge-line")
            yield Static("", id="urge-timer", classes="urge-line", markup=False)
            yield Static("", id="urge-strength", markup=False)
            yield Static("", id="urge-keys", markup=False)
        yield KeyBar()

    def _instead(self) -> Text:
        text = words()["urge"]
        if self.card is None:
            return Text(text["nothing_instead"])
        move = "enter moves it to Doing" if self.card.column != "doing" else "enter: do it now"
        return Text.assemble(  # the article is the source of the advice, not of the card
            text["instead"].rstrip(":"),
            (f" (the advice of “{text['instead_source']}”):", "dim"),
            "\n  ",
            (self.card.title, "bold"),
            (f"  ({move})", "dim"),
        )

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1.0, self.tick, name="urge-cooldown")

    def remaining(self, now: datetime | None = None) -> int:
        """Seconds of the cool-down left, from the moment the urge came."""
        plan = self.app.store.journey.plan
        minutes = plan.cooldown_minutes if plan else 10
        urge = self.urge
        start = moment_of(urge.at) if urge else None
        if start is None:
            return 0
        elapsed = ((now or self.app.now()) - start).total_seconds()
        return max(0, math.ceil(minutes * 60 - elapsed))

    def tick(self) -> None:
        text = words()["urge"]
        plan = self.app.store.journey.plan
        left = self.remaining()
        if left > 0:
            minutes = plan.cooldown_minutes if plan else 10
            line = f"{text['cooldown'].format(minutes=f'{minutes} minute' + ('s' if minutes != 1 else ''))}  {left // 60:02d}:{left % 60:02d}"
        else:
            line = text["cooldown_done"]
        self.query_one("#urge-timer", Static).update(line)
        night = self.query_one("#urge-night", Static)
        is_night = self.app.store.journey.is_night(self.app.now())
        if night.display != is_night:
            night.display = is_night
        urge = self.urge
        strength = urge.strength if urge else None
        self.query_one("#urge-strength", Static).update(
            f"How strong is it? {strength} of 5 (1-5 changes it)" if strength else "How strong is it? Press 1 to 5."
        )
        self.query_one("#urge-keys", Static).update(
            "p it passed · o I reached out · b cover · esc leave (the urge stays noted)"
        )

    # --- the keys ------------------------------------------------------------------------

    def action_strength(self, strength: int) -> None:
        urge = self.urge
        if urge is not None:
            self.app.saver.save(lambda state: hard_changes.urge_rated(state, urge, strength))
            self.tick()

    def _end(self, outcome: str) -> bool:
        urge = self.urge
        if urge is None:  # taken back meanwhile (undone in another window)
            return True
        now = self.app.now()
        saved = self.app.saver.save(lambda state: hard_changes.urge_ended(state, urge, outcome, now))
        return saved is not None or self.urge is not None and self.urge.outcome == outcome

    def action_do_card(self) -> None:
        card = self.card
        if card is None:  # nothing offered: enter must not end the urge by chance
            self.notify("No card to do instead: p if the urge has passed, escape to leave.", timeout=4)
            return
        if card.column == "planned":
            now = self.app.now()
            if self.app.saver.save(lambda state: ops.move_card(state.board, card, +1, now)) is None:
                return  # refused (said in a toast): the screen stays
        if self._end(PASSED):
            self.dismiss(DID_CARD)

    def action_passed(self) -> None:
        if self._end(PASSED):
            self.dismiss(PASSED)

    def action_reached_out(self) -> None:
        if self._end(REACHED_OUT):
            self.dismiss(REACHED_OUT)

    def action_leave(self) -> None:
        self.dismiss(None)
