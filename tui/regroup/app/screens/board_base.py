"""What the board screen's parts share: the widgets and the few methods that one part
(filtering.py, plan_actions.py, daily_actions.py) uses from another or from main.py.

``MainScreen`` is made of these parts; each subclasses ``BoardBase`` (a Screen, so its
``@on`` handlers are registered), which names what they rely on, typed, so a part is read
and checked on its own."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from regroup.domain.board import Board
from regroup.domain.dates import today_in
from regroup.domain.model import Card

if TYPE_CHECKING:
    from regroup.app.app import RegroupApp
    from regroup.app.widgets.board import BoardView
    from regroup.app.widgets.column import CardColumn
    from regroup.app.widgets.countdown import CountdownPanel
    from regroup.app.widgets.filter_box import FilterBox


class BoardBase(Screen[None]):
    app: RegroupApp
    # made by MainScreen.compose
    board_view: BoardView
    filter_bar: Vertical
    filter_box: FilterBox
    filter_info: Static
    countdown: CountdownPanel

    @property
    def board(self) -> Board:
        """The board as the file holds it (every change is on disk before it is shown)."""
        return self.app.store.board

    def _zone_today(self) -> tuple[str, date]:
        """The plan's time zone and today's date there."""
        plan = self.app.store.journey.plan
        zone = plan.zone if plan else "UTC"
        return zone, today_in(zone, self.app.now())

    # --- defined by the parts (main.py, plan_actions.py) ---------------------------------

    if TYPE_CHECKING:

        @property
        def focused_column(self) -> CardColumn: ...

        @property
        def focused_card(self) -> Card | None: ...

        def focus_card(self, card_id: int | None, column: str | None = None) -> None: ...

        def _ask_to_archive(self) -> None: ...

        def _card_or_hint(self) -> Card | None: ...

        def action_archive_plan(self) -> None: ...

        def action_emotion_check(self) -> None: ...

        def action_clear_filter(self) -> None: ...
