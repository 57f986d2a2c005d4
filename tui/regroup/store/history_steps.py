"""Undo and redo, as the store does them: the change the history names, taken back or put
back under the lock like any change (see domain/history.py for which one). Mixed into Store."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from datetime import datetime
from typing import TYPE_CHECKING, Any

from regroup.domain import history
from regroup.domain.changes import Change, Edit
from regroup.domain.history import HISTORY, Entry
from regroup.errors import Conflict
from regroup.store.locking import live_sessions

if TYPE_CHECKING:
    from pathlib import Path

    class _Base:
        """What these steps use of the Store they are mixed into (store.py)."""

        path: Path
        _raw: dict[str, Any] | None

        def _check(self, change: Change) -> None: ...
        def _new_id(self, table: str) -> int: ...
        def _transaction(self, body: Callable[[], Any]) -> Any: ...
        def _write(self, change: Change, upkeep: list[Edit] | None = None) -> None: ...

else:
    _Base = object


class HistorySteps(_Base):
    def undo(
        self,
        session: str,
        now: datetime | None = None,
        passed: AbstractSet[int] = frozenset(),
        others: bool = True,
    ) -> tuple[Entry, Change] | None:
        """Take back the change ``u`` names (see ``history.to_undo``; entries in ``passed``
        are passed over): its inverse, checked like any change, written with the entry
        marked undone. Returns the entry and what was applied; None when there is nothing
        to undo. ``others``: whether another session's change may be taken back when this
        one has none. A refusal raises ``Conflict`` with ``entry`` set, and writes nothing."""
        return self._step(session, now, passed, others, undo=True)

    def redo(
        self,
        session: str,
        now: datetime | None = None,
        passed: AbstractSet[int] = frozenset(),
        others: bool = True,
    ) -> tuple[Entry, Change] | None:
        """Put back the change ``ctrl+r`` names (see ``history.to_redo``)."""
        return self._step(session, now, passed, others, undo=False)

    def _step(
        self, session: str, now: datetime | None, passed: AbstractSet[int], others: bool, undo: bool
    ) -> tuple[Entry, Change] | None:
        def body() -> tuple[Entry, Change] | None:
            entries = [e for e in self._entries() if e.id not in passed]
            live = live_sessions(self.path) - {session} if others else set()
            target = (history.to_undo if undo else history.to_redo)(entries, session, others, live)
            if target is None:
                return None
            step = target.change.inverse() if undo else target.change
            try:
                if history.replaced_since(entries, target):
                    raise Conflict("imported", "the database")
                self._check(step)
            except Conflict as error:
                error.entry = target
                raise
            seq = max((e.undone_seq for e in self._entries()), default=0) + 1
            mark = (
                history.flipped(target, history.UNDONE, session, seq) if undo else history.flipped(target, history.DONE)
            )
            self._write(Change(step.edits + (mark,), step.label, step.focus, step.undo_focus), upkeep=self._upkeep(now))
            return target, step

        return self._transaction(body)

    def history(self) -> list[Entry]:
        """The history as the file holds it, oldest first."""
        return self._entries()

    def _entries(self) -> list[Entry]:
        raw = (self._raw or {}).get(HISTORY, {})
        return [Entry.from_doc(int(key), doc) for key, doc in sorted(raw.items(), key=lambda kv: int(kv[0]))]

    def _recorded(self, change: Change, session: str, now: datetime | None) -> Change:
        """``change`` plus its history entry, and the entries it retires: this session's
        undone ones (a new change ends what ctrl+r could put back) and the oldest beyond
        the history's size."""
        entries = self._entries()
        dropped = [e for e in entries if e.state == history.UNDONE and e.undone_by == session]
        kept = [e for e in entries if e not in dropped]
        oldest = kept[: max(0, len(kept) + 1 - history.HISTORY_SIZE)]
        return history.recorded(change, self._new_id(HISTORY), session, now, dropped, oldest)

    def _upkeep(self, now: datetime | None) -> list[Edit]:
        """What a save also does, outside the history: forget what was deleted over a
        month ago."""
        deleted = (self._raw or {}).get(history.DELETED)
        if not deleted:
            return []
        return history.expired({int(key): doc for key, doc in deleted.items()}, now)
