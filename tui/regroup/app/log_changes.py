"""Two changes to what is logged that ``domain/logbook.py`` does not build yet: correcting
a slip (its date or its note; slips are kept, never erased) and deleting a journal entry.

They follow logbook's rules: built from what the file holds now (``State``), expecting
what the user saw, so a record changed or removed elsewhere since is refused, never
written over; their inverses (undo) go through the same check. They belong in
``domain/logbook.py`` and are here only because another worktree owns that file.
"""

from __future__ import annotations

from regroup.domain.changes import Change, Edit, update
from regroup.domain.dates import short_date
from regroup.domain.daily import JournalEntry
from regroup.domain.logbook import State
from regroup.domain.plan import Slip


def slip_key(state: State, seen: Slip) -> int | None:
    """The record of the slip the user saw (the first such, if two are alike)."""
    for key, doc in sorted(state.records("slips").items()):
        if Slip.from_doc(dict(doc)) == seen:
            return key
    return None


def slip_corrected(state: State, seen: Slip, new: Slip) -> Change | None:
    """The date and the note of a slip, as the user corrected them."""
    key = slip_key(state, seen)
    if key is None:  # corrected or gone elsewhere since: expect it anyway, to be refused
        return Change((Edit("slips", 0, seen.to_doc(), new.to_doc()),), "Slip corrected")
    edit = update("slips", key, seen.to_doc(), new.to_doc())
    if edit is None:
        return None
    return Change((edit,), f"Slip of {short_date(seen.day)} corrected")


def entry_deleted(state: State, seen: JournalEntry) -> Change:
    """Delete a journal entry, if it is still as the user read it."""
    doc = state.records("journal").get(seen.id)
    current = JournalEntry.from_doc(dict(doc, id=seen.id)) if doc is not None else None
    before = dict(doc) if doc is not None and current == seen else seen.to_doc()
    return Change((Edit("journal", seen.id, before, None),), f"Journal entry of {short_date(seen.day)} deleted")
