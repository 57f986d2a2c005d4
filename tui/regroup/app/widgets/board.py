"""The four columns side by side, each with a title showing its count."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from regroup.app.widgets.column import CardColumn
from regroup.domain.board import Board
from regroup.domain.model import COLUMN_TITLES, COLUMNS, Card

EMPTY_TEXT = {
    "ideas": "No ideas yet: n adds one",
    "planned": "Nothing planned: L moves a card here",
    "doing": "Nothing on the go yet",
    "done": "Done cards land here",
}


def matches(card: Card, needle: str) -> bool:
    return needle in card.title.casefold() or needle in card.notes.casefold() or needle == card.category


class BoardView(Horizontal, can_focus=True):
    """Draws a ``Board``; owns no data of its own beyond what it was last given. It is the
    one focusable widget of the board and knows which column is active."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.active_name = COLUMNS[0]
        self.board = Board()
        self.filter_text = ""
        self._titles: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        for name in COLUMNS:
            with Vertical(classes="column", id=f"col-{name}"):
                yield Static(COLUMN_TITLES[name], classes="column-title", id=f"title-{name}")
                yield CardColumn(name, id=f"cards-{name}", empty_text=EMPTY_TEXT[name])

    @property
    def active_column(self) -> CardColumn:
        return self.column(self.active_name)

    def activate(self, name: str) -> CardColumn:
        """Make ``name`` the active column: its cursor shows, its title lights up."""
        if name != self.active_name or not self.column(name).active:
            self.active_name = name
            for column_name in COLUMNS:
                self.column(column_name).set_active(column_name == name)
                self.query_one(f"#title-{column_name}").set_class(column_name == name, "-active")
        return self.column(name)

    def column(self, name: str) -> CardColumn:
        return self.query_one(f"#cards-{name}", CardColumn)

    @property
    def columns(self) -> list[CardColumn]:
        return [self.column(name) for name in COLUMNS]

    def show(self, board: Board, columns: set[str] | None = None, focus_id: int | None = None) -> None:
        """Redraw the given columns (all by default) from ``board``."""
        self.board = board
        needle = self.filter_text.casefold()
        for name in columns or COLUMNS:
            cards = board.column(name)
            total = len(cards)
            if needle:
                cards = tuple(card for card in cards if matches(card, needle))
            column = self.column(name)
            focus = board.cards.get(focus_id) if focus_id is not None else None
            column.set_cards(cards, focus.id if focus and focus.column == name else None)
            count = f"{len(cards)}/{total}" if needle else f"{total}"
            title = f"{COLUMN_TITLES[name]}  [dim]{count}[/]"
            if self._titles.get(name) != title:  # one fixed line: no layout needed
                self._titles[name] = title
                self.query_one(f"#title-{name}", Static).update(title, layout=False)
