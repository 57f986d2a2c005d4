"""A column of cards drawn through Textual's line API.

Nothing is built per card: ``render_line`` draws the few lines on screen from the card
tuple, so a column of 10,000 cards costs what a column of ten does. The column draws its
title on its first line too: a title widget and a container per column put eight more
widgets on every row the board redraws, and Textual composites each one of them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from regroup.app.textual_fixes import set_scroll_range
from regroup.domain.model import CATEGORY_ICONS, Card
from regroup.domain.text import safe_for_terminal

CARD_HEIGHT = 3  # title, details, gap
TITLE_HEIGHT = 1  # the column's title, fixed above the cards as they scroll
# Drawn lines kept per column: a few screenfuls. Each Strip carries a dozen small objects
# the cyclic collector must walk on every full pass, so a bigger cache
# made those passes long enough to feel after a few filters (bench/README.md).
STRIP_CACHE = 256
# Rows below the last card that scrolling may reach, so that every card can be the first
# one shown: the view always starts on a card's title row, never on half a card.
SLACK = CARD_HEIGHT - 1


def split_title(title: str, width: int) -> tuple[str, str]:
    """A title that does not fit ``width`` cells, cut after the last whole word that does
    (or inside a word too long for the line): the first line and the rest."""
    if cell_len(title) <= width:
        return title, ""
    head = set_cell_size(title, width)
    cut = head.rfind(" ")
    if cut > 0 and title[len(head)] != " ":
        head = head[:cut]
    return head.rstrip(), title[len(head) :].strip()


def wrapped(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells (for hints, not user text)."""
    return textwrap.wrap(text, max(4, width), break_long_words=False) if text else []


def fit(text: str, width: int) -> str:
    """``text`` cut (with an ellipsis) or padded to exactly ``width`` cells."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


class StyleCache:
    """What a line-drawing widget reads from its styles on every frame (Textual computes
    each of these from the node's ancestors on every read), kept until the
    widget is restyled (``clear``) or the theme changes."""

    def __init__(self, widget: Widget) -> None:
        self.widget = widget
        self.theme = ""
        self.values: dict[str, object] = {}

    def get(self, key: str, compute: Callable[[], object]) -> Any:
        if self.theme != self.widget.app.theme:
            self.theme = self.widget.app.theme
            self.values.clear()
        value = self.values.get(key)
        if value is None:
            value = self.values[key] = compute()
        return value

    def clear(self) -> None:
        self.values.clear()


def direct_lines(widget: Widget, look: StyleCache, crop: Region, width: int) -> list[Strip]:
    """``widget.render_line`` for each line of ``crop``, through the app's line filters
    (whose results each strip caches), skipping Textual's per-line styling pass: for a
    widget with no border, padding or tint that pass adds nothing, and it builds a new
    Strip for every line of every frame."""
    filters = widget.get_line_filters()
    background = look.get("background", lambda: widget.background_colors[1])
    strips = []
    for y in crop.line_range:
        strip = widget.render_line(y)
        for line_filter in filters:
            strip = strip.apply_filter(line_filter, background)
        strips.append(strip)
    x1, x2 = crop.column_span
    if (x1, x2) != (0, width):
        strips = [strip.crop(x1, x2) for strip in strips]
    return strips


class CardPalette(Widget):
    """The card styles (component classes, set in regroup.tcss), held once for the four
    columns: Textual re-applies the stylesheet to every component class of every node on
    each style pass, and start-up makes several (56 applies instead of 14 per pass). Never
    shown; its background is the columns', so colours with alpha blend the same."""

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
        "card--track",
        "card--thumb",
    }


class CardColumn(ScrollView, can_focus=False, inherit_bindings=False):
    """One column: its title and count on the first line, then its cards. Keys are handled
    by the screen; this widget only draws and keeps a cursor.

    The board, not the column, holds Textual's focus: moving the focus between widgets
    repaints the whole screen, so the active column is a flag that repaints its title and
    one card. Scroll offsets count from the first card: virtual row ``1 + 3 * i`` is card
    ``i``, and the title hides whichever row would be under it."""

    def __init__(
        self,
        name: str,
        palette: CardPalette,
        titles: Widget,
        *,
        title: str = "",
        id: str | None = None,
        empty_text: str = "",
    ) -> None:
        super().__init__(id=id)
        self.palette = palette
        self.titles = titles  # holds the title styles, blended over the screen as before
        self.column_name = name
        self.title = title
        self.count = ""  # what the title shows after the name: "12", or "3/12" while filtering
        self.cards: tuple[Card, ...] = ()
        self.cursor = 0
        self.empty_text = empty_text
        self.active = False
        self.extras: dict[int, str] = {}  # a card's habit and day, by id (widgets/habit_line.py)
        self._look = StyleCache(self)
        self._strips: dict[tuple, Strip] = {}  # drawn card lines, by what they show
        self._frame: tuple[int, int, tuple[int, int]] = (0, 0, (0, 0))  # this frame: width, scroll, thumb rows

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
        self._set_virtual_height(self._lines())
        self.refresh()
        self.scroll_to_cursor()

    def _lines(self) -> int:
        """The column's height as it scrolls: its title, its cards, and the slack."""
        return TITLE_HEIGHT + len(self.cards) * CARD_HEIGHT + (SLACK if self.cards else 0)

    def set_extras(self, extras: dict[int, str]) -> None:
        """What each card shows of its habit and day on its second row."""
        if extras != self.extras:
            self.extras = extras
            self.refresh()

    def show_count(self, count: str) -> None:
        if count != self.count:
            self.count = count
            self.refresh(Region(0, 0, self.size.width, TITLE_HEIGHT))

    def _set_virtual_height(self, lines: int) -> None:
        """A new card count changes only this column's scroll range (the scrollbar is
        always there, so nothing else on screen moves)."""
        set_scroll_range(self, Size(self.size.width, lines))

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
            was = self.cards[old].per_week if 0 <= old < len(self.cards) else None
            if self.is_mounted and (was is None) != (self.cards[index].per_week is None):
                self.screen.refresh_bindings()  # the footer's "space Tick" shows on a habit only
        self.scroll_to_cursor()

    @property
    def cards_shown(self) -> int:
        """How many whole cards the column shows at once (at least one)."""
        rows = self.size.height - TITLE_HEIGHT
        return max(1, (rows + 1) // CARD_HEIGHT)  # the last card needs no gap below it

    @property
    def top(self) -> int:
        """The index of the first card shown."""
        return round(self.scroll_offset.y) // CARD_HEIGHT

    def scroll_to_cursor(self, top: int | None = None) -> None:
        """Scroll as little as shows the cursor's card whole, so the view always starts
        on a card (never half of one), and never past the last card (``top``: the first
        card to show, if it can be)."""
        if not self.cards or self.size.height <= TITLE_HEIGHT:
            if self.scroll_offset.y:
                self.scroll_to(y=0, animate=False, immediate=True)
            return
        shown = self.cards_shown
        top = self.top if top is None else top
        if self.cursor < top:
            top = self.cursor
        elif self.cursor >= top + shown:
            top = self.cursor - shown + 1
        top = max(0, min(top, len(self.cards) - shown))
        if top * CARD_HEIGHT != self.scroll_offset.y:
            self.scroll_to(y=top * CARD_HEIGHT, animate=False, immediate=True)

    def _refresh_card(self, index: int) -> None:
        top = TITLE_HEIGHT + index * CARD_HEIGHT - round(self.scroll_offset.y)
        self.refresh(Region(0, max(TITLE_HEIGHT, top), self.size.width, CARD_HEIGHT))

    # --- focus --------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        """A component class's style ('': the column's own), remembered until the stylesheet or theme changes."""
        return self._look.get(
            name, lambda: self.rich_style if not name else self.palette.get_component_rich_style(name)
        )

    def notify_style_update(self) -> None:
        self._look.clear()
        self._strips.clear()
        super().notify_style_update()

    @property
    def allow_vertical_scroll(self) -> bool:
        # The column draws its own scrollbar (below), so Textual's is switched off in the
        # stylesheet; scrolling (to the cursor, or with the wheel) still works.
        return self.is_scrollable

    def set_active(self, active: bool) -> None:
        if active != self.active:
            self.active = active
            self.refresh(Region(0, 0, self.size.width, TITLE_HEIGHT))
            self._refresh_card(self.cursor)

    def on_resize(self) -> None:
        self._set_virtual_height(self._lines())
        self.scroll_to_cursor()

    # --- drawing ------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # What every line of this pass shares, worked out once (Textual's region
        # properties are not free, and a pass draws up to a screenful of lines).
        if self._look.theme != self.app.theme:  # the palette was restyled: so are the lines
            self._strips.clear()
        region = self.scrollable_content_region
        total, height = self.virtual_size.height - TITLE_HEIGHT, region.height - TITLE_HEIGHT
        thumb = (0, 0)
        if height > 0 and total > height:
            size = max(1, round(height * height / total))
            top = round(self.scroll_offset.y * (height - size) / (total - height))
            thumb = (top, top + size)
        self._frame = (region.width, round(self.scroll_offset.y), thumb)
        return direct_lines(self, self._look, crop, region.width)

    def render_line(self, y: int) -> Strip:
        """One line: the column's title, or a card's title row, its details row or the gap
        below it, then one cell of scrollbar. Textual's own scrollbar is a widget that
        re-renders its whole height whenever the column changes; this one costs a
        comparison per line."""
        width, offset, thumb = self._frame
        if y < TITLE_HEIGHT:
            key: tuple = (self.title, self.count, self.active, width)
            strip = self._strips.get(key)
            if strip is None:
                strip = self._keep(key, self._draw_title(width))
            return strip
        card_y = y - TITLE_HEIGHT
        bar = thumb[0] <= card_y < thumb[1]
        index, row = divmod(card_y + offset, CARD_HEIGHT)
        card = self.cards[index] if index < len(self.cards) and row < 2 else None
        kind = ("cursor" if self.active else "selected") if index == self.cursor else ""
        empty = card_y - 1 if not self.cards and card_y >= 1 else -1  # the line of the hint
        extra = self.extras.get(card.id, "") if card else ""
        key = (
            (card.title, card.category, bool(card.notes), kind, row, extra) if card else (self.empty_text, empty),
            width,
            bar,
        )
        strip = self._strips.get(key)
        if strip is None:
            strip = self._keep(key, self._draw(card, kind, row, empty, width, bar))
        return strip

    def _keep(self, key: tuple, strip: Strip) -> Strip:
        if len(self._strips) > STRIP_CACHE:
            self._strips.clear()
        self._strips[key] = strip
        return strip

    def _draw_title(self, width: int) -> Strip:
        name = "board--title-active" if self.active else "board--title"
        base = self._look.get(name, lambda: self.titles.get_component_rich_style(name))
        title = f" {self.title}  " if self.count else f" {self.title}"
        return Strip(
            [Segment(title, base), Segment(self.count, base + Style(dim=True))], len(title) + len(self.count)
        ).adjust_cell_length(width, base)

    def _draw(self, card: Card | None, kind: str, row: int, empty: int, width: int, bar: bool) -> Strip:
        base = self._style("")
        inner = width - 1  # the last cell is the scrollbar
        if card is None:
            lines = wrapped(self.empty_text, inner - 3) if empty >= 0 else []
            if 0 <= empty < len(lines):
                style = base + self._style("card--empty")
                segments = [Segment(fit("  " + lines[empty], inner), style)]
            else:
                segments = [Segment(" " * max(0, inner), base)]
        else:
            title_style = self._style(f"card--{kind}-title" if kind else "card--title")
            meta_style = self._style(f"card--{kind}-meta" if kind else "card--meta")
            bar_style = title_style + Style(color=self._style(f"card--{card.category}").color)
            title = safe_for_terminal(card.title)
            first, rest = split_title(title, inner - 2)  # a title too long for one line takes two
            icon = CATEGORY_ICONS.get(card.category, "·")
            if row == 0:
                segments = [Segment("▌", bar_style), Segment(fit(" " + first, inner - 1), title_style)]
            elif rest:
                meta = f" {icon}" + (" ≡" if card.notes else "") + " "
                if inner - 1 - cell_len(meta) < 8:  # a narrow column: the words first
                    meta = ""
                room = max(0, inner - 1 - cell_len(meta))
                segments = [
                    Segment("▌", bar_style),
                    Segment(fit(" " + rest, room), title_style),
                    Segment(fit(meta, inner - 1 - room), meta_style),
                ]
            else:
                extra = self.extras.get(card.id)
                details = (
                    f" {icon} {extra}" if extra else f" {icon} {card.category}" + ("  ≡ notes" if card.notes else "")
                )
                segments = [Segment("▌", bar_style), Segment(fit(details, inner - 1), meta_style)]
        segments.append(Segment(" ", self._style("card--thumb" if bar else "card--track")))
        return Strip(segments, width)
