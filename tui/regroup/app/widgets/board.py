"""The four columns side by side, each with a title showing its count."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from regroup.app.widgets.column import CardColumn, CardPalette, Look, direct_lines
from regroup.domain.board import Board
from regroup.domain.model import COLUMN_TITLES, COLUMNS, Card

EMPTY_TEXT = {
    "ideas": "No ideas yet: n adds one",
    "planned": "Nothing planned: L moves a card here",
    "doing": "Nothing on the go yet",
    "done": "Done cards land here",
}


def matches(card: Card, needle: str) -> bool:
    """What the filter keeps (``BoardView._narrow`` tests the same with its folded-text cache)."""
    return needle in card.title.casefold() or needle in card.notes.casefold() or needle == card.category


class ColumnTitle(Widget):
    """A column's name and count on one line. A Static would re-parse markup and re-render
    through the general text path on every count change (about 0.6 ms a move, twice).
    Being the active column is a flag drawn with a component style, not a CSS class: a
    class change restyles the widget (about 1 ms each, two per move to another column)."""

    COMPONENT_CLASSES = {"column-title--active"}

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = title
        self.count = ""
        self.active = False
        self._drawn: tuple | None = None
        self._look = Look(self)

    def show(self, count: str) -> None:
        if count != self.count:
            self.count = count
            self.refresh()

    def set_active(self, active: bool) -> None:
        if active != self.active:
            self.active = active
            self.refresh()

    def notify_style_update(self) -> None:
        self._drawn = None
        self._look.clear()
        super().notify_style_update()

    def render_lines(self, crop: Region) -> list[Strip]:
        return direct_lines(self, self._look, crop, self.size.width)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        key = (self.title, self.count, self.active, width, self.app.theme)
        if self._drawn is None or self._drawn[0] != key:
            if self.active:
                base = self._look.get("active", lambda: self.get_component_rich_style("column-title--active"))
            else:
                base = self._look.get("base", lambda: self.rich_style)
            title = f" {self.title}  " if self.count else f" {self.title}"
            strip = Strip(
                [Segment(title, base), Segment(self.count, base + Style(dim=True))], len(title) + len(self.count)
            ).adjust_cell_length(width, base)
            self._drawn = (key, strip)
        return self._drawn[1] if y == 0 else Strip.blank(width, self._look.get("base", lambda: self.rich_style))


class BoardView(Horizontal, can_focus=True):
    """Draws a ``Board``; owns no data of its own beyond what it was last given. It is the
    one focusable widget of the board and knows which column is active."""

    def __init__(self, palette: CardPalette, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.palette = palette  # outside the board: a focus change restyles the board, not it
        self.active_name = COLUMNS[0]
        self.board = Board()
        self.filter_text = ""
        self._folds: dict[int, tuple[Card, str]] = {}  # card id -> (that card, its folded text)
        self._texts: dict[str, tuple[tuple[Card, ...], list[str]]] = {}  # column -> (its cards, their texts)
        # Built here and kept: every key asks for a column or a title, and a DOM query
        # per ask walks the tree.
        self._titles = {name: ColumnTitle(COLUMN_TITLES[name], id=f"title-{name}") for name in COLUMNS}
        self._columns = {
            name: CardColumn(name, palette, id=f"cards-{name}", empty_text=EMPTY_TEXT[name]) for name in COLUMNS
        }

    def compose(self) -> ComposeResult:
        for name in COLUMNS:
            with Vertical(classes="column", id=f"col-{name}"):
                yield self._titles[name]
                yield self._columns[name]

    @property
    def active_column(self) -> CardColumn:
        return self.column(self.active_name)

    def activate(self, name: str) -> CardColumn:
        """Make ``name`` the active column: its cursor shows, its title lights up."""
        if name != self.active_name or not self.column(name).active:
            self.active_name = name
            for column_name in COLUMNS:
                self.column(column_name).set_active(column_name == name)
                self._titles[column_name].set_active(column_name == name)
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
        board: a call to ``matches`` per card cost ~1.5 ms at 1,000 cards)."""
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
            focus = board.cards.get(focus_id) if focus_id is not None else None
            column.set_cards(cards, focus.id if focus and focus.column == name else None)
            self._titles[name].show(f"{len(cards)}/{total}" if needle else f"{total}")
