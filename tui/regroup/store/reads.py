"""What is read from the file as it stands, without building the board: the card counts,
the settings, the next id of a table, and what the habits need. Mixed into Store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from regroup.domain.board import Board
from regroup.domain.model import Card
from regroup.domain.schedule import TICKS
from regroup.store import schema

if TYPE_CHECKING:
    from collections.abc import Mapping

    from regroup.domain.habits import Ticks

    class _Base:
        """What these reads use of the Store they are mixed into (store.py)."""

        _counts: dict[str, int] | None
        _board: Board
        _raw: dict[str, Any] | None

        def _records(self, table: str) -> Mapping[int, Mapping[str, Any]]: ...

else:
    _Base = object


class FileReads(_Base):
    def card_counts(self) -> dict[str, int]:
        """Cards per column: counted while the file was checked when the cards were not
        built (``status``), else from the board."""
        return dict(self._counts) if self._counts is not None else self._board.counts()

    @property
    def settings(self) -> dict[str, Any]:
        """Preferences of the app (the theme), kept in the same file."""
        doc = (self._raw or {}).get("settings", {}).get("1", {})
        return dict(doc) if isinstance(doc, dict) else {}

    def next_id(self, table: str) -> int:
        """The id the next record of ``table`` would get, as the file stands."""
        handed = schema.meta(self._raw or {}).get("last_ids", {})
        keys = (self._raw or {}).get(table, {})
        return max([int(key) for key in keys] + [int(handed.get(table, 0) or 0)], default=0) + 1

    def scheduled_cards(self) -> Board:
        """The cards that repeat or have a day: from the board, or (``status``, which
        builds no cards) from the file's records, only those built."""
        if self._counts is None:
            return Board.from_cards(
                c for c in self._board.cards.values() if c.per_week is not None or c.day is not None
            )
        docs = (self._raw or {}).get("cards", {}).values()
        return Board.from_cards(
            Card.from_doc(d) for d in docs if d.get("per_week") is not None or d.get("day") is not None
        )

    def ticks(self) -> Ticks:
        """The habits' ticks, by card (see domain/habits.py)."""
        from regroup.domain.habits import Ticks

        return Ticks(self._records(TICKS))
