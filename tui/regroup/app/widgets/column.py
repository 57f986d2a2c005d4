"""A column of cards drawn through Textual's line API.

Nothing is built per card: ``render_line`` draws the few lines on screen from the card
tuple, so a column of 10,000 cards costs what a column of ten does.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from regroup.domain.model import CATEGORY_ICONS, Card
from regroup.domain.text import safe_for_terminal

CARD_HEIGHT = 3  # title, details, gap


def fit(text: str, width: int) -> str:
    """``text`` cut (with an ellipsis) or padded to exactly ``width`` cells."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


class CardColumn(ScrollView, can_focus=False, inherit_bindings=False):
    """One column. Keys are handled by the screen; this widget only draws and keeps a cursor.

    The board, not the column, holds Textual's focus: moving the focus between widgets
    repaints the whole screen, so the active column is a flag that repaints one card."""

    COMPONENT_CLASSES = {
        "card--title",
        "card--meta",
        "card--cursor-title",
        "card--cursor-meta",
        "card--selected-title",
        "card--selected-meta",
        "card--empty",
        "card--body",
        "card--mind",
        "card--heart",
        "card--social",
        "card--look",
    }

    def __init__(self, name: str, *, id: str | None = None, empty_text: str = "") -> None:
        super().__init__(id=id)
        self.column_name = name
        self.cards: tuple[Card, ...] = ()
        self.cursor = 0
        self.empty_text = empty_text
        self.active = False
        self._styles: dict[str, Style] = {}

    # --- data ---------------------------------------------------------------------

    @property
    def current(self) -> Card | None:
        if 0 <= self.cursor < len(self.cards):
            return self.cards[self.cursor]
        return None

    def set_cards(self, cards: tuple[Card, ...], focus_id: int | None = None) -> None:
        """New contents; the cursor stays on ``focus_id``, else on the card it was on,
        else at the same row."""
        keep = focus_id if focus_id is not None else (self.current.id if self.current else None)
        old_cursor = self.cursor
        self.cards = cards
        index = self.index_of(keep) if keep is not None else None
        self.cursor = index if index is not None else min(old_cursor, max(0, len(cards) - 1))
        self._set_virtual_height(len(cards) * CARD_HEIGHT)
        self.refresh()
        self.scroll_to_cursor()

    def _set_virtual_height(self, lines: int) -> None:
        """A new card count changes only this column's scroll range: update it and the
        scrollbar without the full-screen layout that assigning ``virtual_size`` asks for
        (the scrollbar is always there, so nothing else on screen moves)."""
        size = Size(self.size.width, lines)
        if size != self.virtual_size:
            self.set_reactive(CardColumn.virtual_size, size)
            self._scroll_update(size)

    def index_of(self, card_id: int) -> int | None:
        for index, card in enumerate(self.cards):
            if card.id == card_id:
                return index
        return None

    def move_cursor(self, index: int) -> None:
        if not self.cards:
            return
        index = max(0, min(index, len(self.cards) - 1))
        if index != self.cursor:
            old = self.cursor
            self.cursor = index
            self._refresh_card(old)
            self._refresh_card(index)
        self.scroll_to_cursor()

    def scroll_to_cursor(self) -> None:
        if self.cards and self.size.height:
            self.scroll_to_region(
                Region(0, self.cursor * CARD_HEIGHT, max(1, self.size.width), CARD_HEIGHT),
                animate=False,
                immediate=True,
            )

    def _refresh_card(self, index: int) -> None:
        top = index * CARD_HEIGHT - round(self.scroll_offset.y)
        self.refresh(Region(0, top, self.size.width, CARD_HEIGHT))

    # --- focus --------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        """A component class's style, remembered until the stylesheet or theme changes."""
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name)
        return style

    def notify_style_update(self) -> None:
        self._styles.clear()
        super().notify_style_update()

    def set_active(self, active: bool) -> None:
        if active != self.active:
            self.active = active
            self._refresh_card(self.cursor)

    def on_resize(self) -> None:
        self._set_virtual_height(len(self.cards) * CARD_HEIGHT)
        self.scroll_to_cursor()

    # --- drawing ------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = y + round(self.scroll_offset.y)
        index, row = divmod(line, CARD_HEIGHT)
        base = self.rich_style
        if not self.cards:
            if y == 1 and self.empty_text:
                style = base + self._style("card--empty")
                return Strip([Segment(fit("  " + self.empty_text, width), style)], width)
            return Strip.blank(width, base)
        if index >= len(self.cards) or row == 2:
            return Strip.blank(width, base)
        card = self.cards[index]
        if index == self.cursor:
            kind = "cursor" if self.active else "selected"
            title_style = self._style(f"card--{kind}-title")
            meta_style = self._style(f"card--{kind}-meta")
        else:
            title_style = self._style("card--title")
            meta_style = self._style("card--meta")
        bar_style = title_style + Style(color=self._style(f"card--{card.category}").color)
        if row == 0:
            text = fit(" " + safe_for_terminal(card.title), width - 1)
            return Strip([Segment("▌", bar_style), Segment(text, title_style)], width)
        icon = CATEGORY_ICONS.get(card.category, "·")
        details = f" {icon} {card.category}"
        if card.notes:
            details += "  ≡ notes"
        return Strip([Segment("▌", bar_style), Segment(fit(details, width - 1), meta_style)], width)
