"""What the habits need from the file, read cheaply. Mixed into Store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from regroup.domain.board import Board
from regroup.domain.model import Card
from regroup.domain.schedule import TICKS

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from regroup.domain.habits import Ticks

    class _Base:
        """What these reads use of the Store they are mixed into (store.py)."""

        _counts: dict[str, int] | None
        _board: Board
        _raw: dict[str, Any] | None

        def _records(self, table: str) -> Mapping[int, Mapping[str, Any]]: ...

else:
    _Base = object


class HabitReads(_Base):
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
