"""A change as data: the records it creates, edits or removes, each with the values it
expects to find.

A change is checked against what the file holds *now*, under the lock, before anything is
written: an edit that expects a title the file no longer has (another window changed it) is
refused, never written over. Its inverse is just the same edits the other way round, so
undo goes through the same check and can never erase what was saved elsewhere since.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Doc = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Edit:
    """One record of one table. ``before`` holds the fields as they must be found (None:
    the record must not exist), ``after`` the same fields as they become (None: the record
    is removed). A creation's ``after`` and a removal's ``before`` are the whole record."""

    table: str
    key: int
    before: Doc | None
    after: Doc | None

    def inverse(self) -> Edit:
        return Edit(self.table, self.key, self.after, self.before)

    def conflict(self, current: Doc | None) -> str | None:
        """Why this edit cannot be applied to the record as it is now, or None.

        "gone": the record was removed; "taken": a record with this key exists already;
        "changed": a field it changes (or, for a removal, any field) differs from what it
        expects."""
        if self.before is None:
            return "taken" if current is not None else None
        if current is None:
            return "gone"
        if self.after is None:  # a removal: the whole record must be as it was read
            fields = set(self.before) | set(current)
        else:
            fields = set(self.before)
        if any(current.get(name) != self.before.get(name) for name in fields):
            return "changed"
        return None

    def applied_to(self, current: Doc | None) -> dict[str, Any] | None:
        """The record once this edit is applied (None: removed)."""
        if self.after is None:
            return None
        if self.before is None or current is None:
            return dict(self.after)
        return {**current, **self.after}


@dataclass(frozen=True, slots=True)
class Change:
    """What one key (or one command) does to the database, as one atomic write.

    ``focus`` is the card to focus once it is done; ``undo_focus`` once it is undone."""

    edits: tuple[Edit, ...] = ()
    label: str = ""
    focus: int | None = None
    undo_focus: int | None = None

    def inverse(self) -> Change:
        return Change(
            tuple(edit.inverse() for edit in reversed(self.edits)),
            self.label,
            focus=self.undo_focus,
            undo_focus=self.focus,
        )

    def keys(self, table: str) -> list[int]:
        return [edit.key for edit in self.edits if edit.table == table]

    def tables(self) -> set[str]:
        return {edit.table for edit in self.edits}

    def __bool__(self) -> bool:
        return bool(self.edits)


def update(table: str, key: int, old: Doc, new: Doc) -> Edit | None:
    """The edit that takes a record from ``old`` to ``new``, naming only the fields that
    differ (None when nothing does)."""
    names = [name for name in new if old.get(name) != new[name]]
    if not names:
        return None
    return Edit(table, key, {name: old.get(name) for name in names}, {name: new[name] for name in names})
