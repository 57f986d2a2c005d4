"""The four columns side by side, each with a title showing its count."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal

from regroup.app.widgets.column import CardColumn, CardPalette
from regroup.domain.board import Board
from regroup.domain.model import COLUMN_TITLES, COLUMNS, Card

EMPTY_TEXT = {
    "ideas": "No ideas yet: n adds one.",
    "planned": "Nothing planned yet: L moves a card here from Ideas.",
    "doing": "Nothing on the go yet: L moves a planned card here.",
    "done": "Finished cards land here.",
}
FILTERED_EMPTY = "No card here matches the filter; escape shows them all."


def matches(card: Card, needle: str) -> bool:
    """What the filter keeps (``BoardView._narrow`` tests the same with its folded-text cache)."""
    return needle in card.title.casefold() or needle in card.notes.casefold() or needle == card.category


class BoardView(Horizontal, can_focus=True):
    """Draws a ``Board``; owns no data of its own beyond what it was last given. It is the
    one focusable widget of the board and knows which column is active. Its component
    classes style the columns' titles, which each column draws on its first line."""

    COMPONENT_CLASSES = {"board--title", "board--title-active"}

    def __init__(self, palette: CardPalette, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.active_name = COLUMNS[0]
        self.board = Board()
        self.filter_text = ""
        self._folds: dict[int, tuple[Card, str]] = {}  # card id -> (that card, its folded text)
        self._texts: dict[str, tuple[tuple[Card, ...], list[str]]] = {}  # column -> (its cards, their texts)
        # Built here and kept: every key asks for a column, and a DOM query per ask walks
        # the tree.
        self._columns = {
            name: CardColumn(
                name, palette, self, title=COLUMN_TITLES[name], id=f"cards-{name}", empty_text=EMPTY_TEXT[name]
            )
            for name in COLUMNS
        }

    def compose(self) -> ComposeResult:
        yield from self._columns.values()

    def watch_has_focus(self, has_focus: bool) -> None:
        """No style of the board or its columns depends on its focus (the active column is
        a flag the columns draw; tests/test_board_keys.py checks the stylesheet has no such
        rule), so gaining or losing the focus restyles nothing. Textual's watcher would
        restyle the board and its four columns, which then draw every line again: most of
        the time "/" and escape took."""

    @property
    def active_column(self) -> CardColumn:
        return self.column(self.active_name)

    def activate(self, name: str) -> CardColumn:
        """Make ``name`` the active column: its cursor shows, its title lights up."""
        if name != self.active_name or not self.column(name).active:
            self.active_name = name
            for column_name in COLUMNS:
                self.column(column_name).set_active(column_name == name)
            if self.is_mounted:
                self.screen.refresh_bindings()  # the footer's "space Tick" follows the card
        return self.column(name)

    def column(self, name: str) -> CardColumn:
        return self._columns[name]

    @property
    def columns(self) -> list[CardColumn]:
        return list(self._columns.values())

    def _narrow(self, name: str, cards: tuple[Card, ...], needle: str) -> tuple[Card, ...]:
        """The cards of a column that ``matches`` keeps. Each card's title and notes are
        case-folded once per version of the card and joined by a NUL, which no typed
        needle holds, so one ``in`` tests both (a filter letter tests every card of the
        board, so a call to ``matches`` per card would be felt on a big board)."""
        if "\0" in needle:
            return tuple([card for card in cards if matches(card, needle)])
        kept = self._texts.get(name)
        if kept is None or kept[0] is not cards:
            folds = self._folds
            texts = []
            for card in cards:
                fold = folds.get(card.id)
                if fold is None or fold[0] is not card:
                    fold = folds[card.id] = (card, f"{card.title.casefold()}\0{card.notes.casefold()}")
                texts.append(fold[1])
            kept = self._texts[name] = (cards, texts)
        return tuple([card for card, text in zip(cards, kept[1]) if needle in text or needle == card.category])

    def show(self, board: Board, columns: set[str] | None = None, focus_id: int | None = None) -> None:
        """Redraw the given columns (all by default) from ``board``."""
        self.board = board
        needle = self.filter_text.casefold()
        for name in columns or COLUMNS:
            cards = board.column(name)
            total = len(cards)
            if needle:
                cards = self._narrow(name, cards, needle)
            column = self.column(name)
            column.empty_text = FILTERED_EMPTY if needle and total else EMPTY_TEXT[name]
            focus = board.cards.get(focus_id) if focus_id is not None else None
            column.set_cards(cards, focus.id if focus and focus.column == name else None)
            column.show_count(f"{len(cards)}/{total}" if needle else f"{total}")

    def hides(self, card: Card) -> bool:
        """The filter hides this card."""
        needle = self.filter_text.casefold()
        return bool(needle) and not matches(card, needle)

    def views(self) -> dict[str, tuple[int | None, int]]:
        """Each column's focused card and first card shown, to come back to."""
        return {
            name: (column.current.id if column.current else None, column.top) for name, column in self._columns.items()
        }

    def restore(self, views: dict[str, tuple[int | None, int]], skip: str) -> None:
        """Put each column but ``skip`` back on the card and the view it had."""
        for name, (card_id, top) in views.items():
            column = self.column(name)
            if name == skip:
                continue
            index = column.index_of(card_id) if card_id is not None else None
            if index is not None:
                column.cursor = index
            column.scroll_to_cursor(top)
            column.refresh()
