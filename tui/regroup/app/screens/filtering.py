"""The board's filter (/): narrows the cards as letters are typed, escape clears it."""

from __future__ import annotations

from textual import on
from textual.widgets import Input

from regroup.app.screens.board_base import BoardBase


class Filtering(BoardBase):
    """Mixed into MainScreen."""

    _views: dict | None = None  # each column's card and view before the filter narrowed them

    def action_filter(self) -> None:
        if not self.filter_bar.has_class("visible") and not self.board_view.filter_text:
            self._views = self.board_view.views()
        self.filter_bar.add_class("visible")
        self._filter_info()
        self.set_focus(self.filter_box)  # at once: "/run" typed fast must land in the box

    def _filter_changed(self, value: str) -> None:
        """Watches the box's value: runs in the same turn as the key, so the box and the
        narrowed board reach the screen in one frame (a Changed message would come a
        frame later)."""
        self.board_view.filter_text = value.strip()
        self.board_view.show(self.board)
        self._filter_info()

    def _filter_info(self) -> None:
        needle = self.board_view.filter_text.casefold()
        info = self.filter_info
        if not needle:
            info.update("Filter", layout=False)
            return
        found = sum(1 for entry in self.app.store.journey.journal if entry.matches(needle))
        cards = sum(len(c.cards) for c in self.board_view.columns)
        info.update(
            f"Filter: {cards} card{'s' if cards != 1 else ''} · {found} journal entr{'ies' if found != 1 else 'y'} match"
            + (" (w shows them)" if found else ""),
            layout=False,  # one fixed line
        )

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.action_clear_filter()
        else:
            self.focus_card(None, self.focused_column.column_name)

    def action_clear_filter(self) -> None:
        had = bool(self.board_view.filter_text) or self.filter_bar.has_class("visible")
        self.filter_box.value = ""
        self.filter_bar.remove_class("visible")
        self.board_view.filter_text = ""
        self._filter_info()
        if had:
            card = self.focused_card
            self.board_view.show(self.board, None, card.id if card else None)
            self.focus_card(card.id if card else None, self.focused_column.column_name)
            if self._views is not None:  # the other columns as they were before the filter
                self.board_view.restore(self._views, skip=self.focused_column.column_name)
                self._views = None
