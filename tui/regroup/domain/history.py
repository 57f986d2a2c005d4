"""The history of changes, kept in the database file so that undo outlives the app.

Each change any window, ``add`` or ``import`` makes is one entry: its edits (with what they
expected and what they set), a label in words, who made it (a session: one run of the
app, one ``add``) and whether it is in effect or undone. ``u`` undoes the newest change
in effect that this session made, or, when it has made none (just opened), the newest
anyone made; ``ctrl+r`` redoes the newest this session undid, or the newest undone. An
undo is the change's inverse, checked against the file like any change, so it is refused
rather than erase something saved since. The last ``HISTORY_SIZE`` entries are kept.

Deleted cards and journal entries also go to a "deleted" table (in the same change, so
undo takes them out again), from which the timeline can restore them for
``KEEP_DELETED_DAYS`` days, even once the history has forgotten the deletion.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from regroup.domain.changes import Change, Edit

HISTORY = "history"
DELETED = "deleted"
HISTORY_SIZE = 200
KEEP_DELETED_DAYS = 30
RESTORABLE = ("cards", "journal")  # what a deletion keeps in DELETED
DONE, UNDONE = "done", "undone"


@dataclass(frozen=True, slots=True)
class Entry:
    """One change of the history, as stored."""

    id: int
    change: Change
    session: str
    at: str
    state: str = DONE
    undone_by: str = ""
    undone_seq: int = 0  # the order of undos, to find the newest undone

    def to_doc(self) -> dict[str, Any]:
        change = self.change
        return {
            "at": self.at,
            "session": self.session,
            "label": change.label,
            "edits": [
                {"table": e.table, "key": e.key, "before": _plain(e.before), "after": _plain(e.after)}
                for e in change.edits
            ],
            "focus": change.focus,
            "undo_focus": change.undo_focus,
            "state": self.state,
            "undone_by": self.undone_by,
            "undone_seq": self.undone_seq,
        }

    @classmethod
    def from_doc(cls, key: int, doc: Mapping[str, Any]) -> Entry:
        edits = tuple(
            Edit(str(e["table"]), int(e["key"]), _plain(e.get("before")), _plain(e.get("after")))
            for e in doc.get("edits", ())
        )
        change = Change(edits, str(doc.get("label", "")), focus=doc.get("focus"), undo_focus=doc.get("undo_focus"))
        return cls(
            key,
            change,
            str(doc.get("session", "")),
            str(doc.get("at", "")),
            str(doc.get("state", DONE)),
            str(doc.get("undone_by") or ""),
            int(doc.get("undone_seq") or 0),
        )


def _plain(doc: Mapping[str, Any] | None) -> dict[str, Any] | None:
    return None if doc is None else dict(doc)


IMPORT = "import"  # the session an import's entry is made by


def to_undo(entries: list[Entry], session: str, others: bool = True, live: set[str] = frozenset()) -> Entry | None:  # type: ignore[assignment]
    """The entry ``u`` takes back: the newest in effect made by ``session``; else, when
    ``others`` (a window that has made no change of its own: just opened), the newest in
    effect made by a run that has ended (not in ``live``: a window still open keeps its
    work), an ``add`` or an ``import``."""
    done = [e for e in entries if e.state == DONE]
    own = [e for e in done if e.session == session]
    ended = [e for e in done if e.session not in live] if others else []
    return max(own or ended, key=lambda e: e.id, default=None)


def to_redo(entries: list[Entry], session: str, others: bool = True, live: set[str] = frozenset()) -> Entry | None:  # type: ignore[assignment]
    """The entry ``ctrl+r`` puts back: the newest undone by ``session``, else (when
    ``others``) the newest undone by a run that has ended."""
    undone = [e for e in entries if e.state == UNDONE]
    own = [e for e in undone if e.undone_by == session]
    ended = [e for e in undone if e.undone_by not in live] if others else []
    return max(own or ended, key=lambda e: e.undone_seq, default=None)


def replaced_since(entries: list[Entry], target: Entry) -> bool:
    """An import (still in effect) came after ``target``: the records it changed were
    replaced, so it is not taken back or put back over them."""
    return any(e.session == IMPORT and e.state == DONE and e.id > target.id for e in entries)


def recorded(
    change: Change, entry_id: int, session: str, now: datetime | None, dropped: list[Entry], oldest: list[Entry]
) -> Change:
    """``change`` with the edits that keep the history: its own entry, the entries of this
    session that a new change makes impossible to redo, and the oldest beyond the size."""
    entry = Entry(entry_id, change, session, _stamp(now))
    edits = list(change.edits) + [Edit(HISTORY, entry_id, None, entry.to_doc())]
    edits += [Edit(HISTORY, e.id, e.to_doc(), None) for e in dropped + oldest]
    return Change(tuple(edits), change.label, change.focus, change.undo_focus)


def flipped(entry: Entry, state: str, session: str = "", seq: int = 0) -> Edit:
    """The edit that marks ``entry`` undone (by ``session``) or done again."""
    new = Entry(
        entry.id,
        entry.change,
        entry.session,
        entry.at,
        state,
        session if state == UNDONE else "",
        seq if state == UNDONE else 0,
    )
    return Edit(HISTORY, entry.id, entry.to_doc(), new.to_doc())


def kept_deleted(change: Change, new_id, now: datetime | None) -> Change:
    """``change`` plus, for each card or journal entry it removes, a copy in DELETED."""
    extra = [
        Edit(DELETED, new_id(DELETED), None, {"table": e.table, "key": e.key, "doc": dict(e.before), "at": _stamp(now)})
        for e in change.edits
        if e.table in RESTORABLE and e.after is None and e.before is not None
    ]
    if not extra:
        return change
    return Change(change.edits + tuple(extra), change.label, change.focus, change.undo_focus)


def expired(deleted: Mapping[int, Mapping[str, Any]], now: datetime | None) -> list[Edit]:
    """The removals of what was deleted more than KEEP_DELETED_DAYS days ago."""
    cutoff = _stamp((now or datetime.now(UTC)) - timedelta(days=KEEP_DELETED_DAYS))
    return [Edit(DELETED, key, dict(doc), None) for key, doc in deleted.items() if str(doc.get("at", "")) < cutoff]


def _stamp(now: datetime | None) -> str:
    from regroup.domain.model import utc_stamp

    return utc_stamp(now)
