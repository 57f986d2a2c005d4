"""The app's one door for changes: every key that changes something comes through here.

A change is written first (under the lock, against what the file holds now, fsynced and
renamed) and only then shown: ``StoreChanged`` goes to the screens once it is on disk.
A change the store refuses (changed in another window, a full disk) is not shown at all:
one sentence says why, and the screens are redrawn from the file as it is.

Undo and redo are changes like any other: the inverse of a change goes through the same
check, so an undo never erases what another window, ``add`` or ``import`` saved since.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from regroup.domain.changes import Change
from regroup.errors import Conflict, UserError

if TYPE_CHECKING:
    from regroup.app.app import RegroupApp
    from regroup.store.store import Builder

UNDO_LEVELS = 100


class StoreChanged(Message, bubble=False):
    """The file holds something new: ``change`` as written by this app (None: read again
    after a change made elsewhere, or after a refusal)."""

    def __init__(self, change: Change | None) -> None:
        super().__init__()
        self.change = change


class Saver:
    def __init__(self, app: "RegroupApp") -> None:
        self.app = app
        self.done: list[Change] = []  # what u takes back, newest last
        self.undone: list[Change] = []  # what ctrl+r puts back, newest last

    def commit(self, build: "Builder | Change", *, undoable: bool = True) -> Change | None:
        """Write one change and show it; raise ``UserError`` (nothing written, the screens
        redrawn from the file) if the store refuses it. None: nothing to do."""
        store = self.app.store
        try:
            change = store.apply(build, now=self.app.now())
        except UserError:
            self.changed(None)
            raise
        if change is None:
            return None
        if undoable:
            self.done.append(change)
            del self.done[:-UNDO_LEVELS]
            self.undone.clear()
        self.changed(change)
        return change

    def save(self, build: "Builder | Change", *, undoable: bool = True, toast: bool = False) -> Change | None:
        """``commit``, with a refusal said in a toast instead of raised."""
        try:
            change = self.commit(build, undoable=undoable)
        except UserError as error:
            self.app.notify(str(error), title="Not saved", severity="error", timeout=8)
            return None
        if change is not None and toast:
            self.app.notify(change.label, timeout=3)
        return change

    def undo(self) -> None:
        if not self.done:
            self.app.notify("Nothing to undo.", timeout=2)
        elif self._apply(self.done[-1].inverse(), self.done[-1].label, "undo"):
            self.undone.append(self.done.pop())

    def redo(self) -> None:
        if not self.undone:
            self.app.notify("Nothing to redo.", timeout=2)
        elif self._apply(self.undone[-1], self.undone[-1].label, "redo"):
            self.done.append(self.undone.pop())

    def _apply(self, step: Change, label: str, verb: str) -> bool:
        """Undo or redo one change; say what happened, or why not."""
        try:
            applied = self.app.store.apply(step, now=self.app.now())
        except Conflict as error:
            # It can never apply now: drop it, so the one before it can be reached.
            (self.done if verb == "undo" else self.undone).pop()
            self.changed(None)
            what = error.subject()
            self.app.notify(
                f"Cannot {verb} “{label}”: {what[:1].lower() + what[1:]} "
                f"{Conflict.REASONS.get(error.reason, 'was changed elsewhere')} since.",
                title="Not undone" if verb == "undo" else "Not redone",
                severity="error",
                timeout=8,
            )
            return False
        except UserError as error:
            self.changed(None)
            self.app.notify(str(error), title="Not saved", severity="error", timeout=8)
            return False
        self.changed(applied or step)
        self.app.notify(f"{'Undone' if verb == 'undo' else 'Redone'}: {label}", timeout=3)
        return True

    def changed(self, change: Change | None) -> None:
        """Tell every screen that shows the file."""
        for screen in self.app.screen_stack:
            screen.post_message(StoreChanged(change))
