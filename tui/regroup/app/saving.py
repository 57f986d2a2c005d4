"""The app's one door for changes: every key that changes something comes through here.

A change is written first (under the lock, against what the file holds now, fsynced and
renamed) and only then shown: ``StoreChanged`` goes to the screens once it is on disk.
A change the store refuses (changed in another window, a full disk) is not shown at all:
one sentence says why, and the screens are redrawn from the file as it is.

Every change joins the history kept in the file (domain/history.py), as made by this
run of the app (``session``): undo and redo are changes like any other, checked the same
way, so an undo never erases what another window, ``add`` or ``import`` saved since, and
they work after the app is closed and opened again.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from textual.message import Message

from regroup.domain.changes import Change
from regroup.domain.history import Entry
from regroup.errors import Conflict, UserError
from regroup.store.locking import live_sessions

if TYPE_CHECKING:
    from regroup.app.app import RegroupApp
    from regroup.store.store import Builder, Store


class StoreChanged(Message, bubble=False):
    """The file holds something new: ``change`` as written by this app (None: read again
    after a change made elsewhere, or after a refusal). ``everything``: other changes came
    with it (the file was read again on the way), so all is redrawn."""

    def __init__(self, change: Change | None, everything: bool = False) -> None:
        super().__init__()
        self.change = change
        self.everything = everything or change is None


class Saver:
    def __init__(self, app: RegroupApp) -> None:
        from regroup.store.locking import SessionMark

        self.app = app
        self.session = uuid.uuid4().hex[:12]  # this run of the app, in the history
        # held while this run lasts: another window's u leaves this run's work alone
        self.mark = SessionMark(app.store.path, self.session) if not app.store.readonly else None
        self.passed: set[int] = set()  # history entries an undo or redo was refused for
        self.made_changes = False  # once it has, u takes back only this window's own changes

    def commit(self, build: Builder | Change, *, undoable: bool = True) -> Change | None:
        """Write one change and show it; raise ``UserError`` (nothing written, the screens
        redrawn from the file) if the store refuses it. None: nothing to do."""
        store = self.app.store
        try:
            change = store.apply(build, now=self.app.now(), session=self.session, record=undoable)
        except UserError:
            self.changed(None)
            raise
        if change is not None:
            self.made_changes = self.made_changes or undoable
            self.changed(change)
        return change

    def save(self, build: Builder | Change, *, undoable: bool = True, toast: bool = False) -> Change | None:
        """``commit``, with a refusal said in a toast instead of raised."""
        try:
            change = self.commit(build, undoable=undoable)
        except UserError as error:
            self.app.notify(str(error), title="Not saved", severity="error", timeout=8, markup=False)
            return None
        if change is not None and toast:
            self.app.notify(change.label, timeout=3, markup=False)
        return change

    def undo(self) -> None:
        self._step(undo=True)

    def redo(self) -> None:
        self._step(undo=False)

    def _step(self, undo: bool) -> None:
        verb = "undo" if undo else "redo"
        store = self.app.store
        try:
            step = store.undo if undo else store.redo
            done = step(self.session, now=self.app.now(), passed=self.passed, others=not self.made_changes)
        except Conflict as error:
            if isinstance(error.entry, Entry):
                self.passed.add(error.entry.id)  # the next press goes on to the one before it
            self.changed(None)
            what = error.subject()
            self.app.notify(
                f"Cannot {verb} that change: {what[:1].lower() + what[1:]} "
                f"{Conflict.SINCE.get(error.reason, 'was changed elsewhere since')}; "
                f"{'u' if undo else 'ctrl+r'} now goes on to the one before it.",
                title="Not undone" if undo else "Not redone",
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        except UserError as error:
            self.changed(None)
            self.app.notify(str(error), title="Not saved", severity="error", timeout=8, markup=False)
            return
        if done is None:
            if self.made_changes:  # its own were taken out of the history (an import replaced it)
                self.app.notify(f"Nothing of this window's is left to {verb}.", timeout=4)
            elif undo and _others_live_changes(store, self.session):
                self.app.notify(
                    "Nothing to undo here: the changes left are another open window's, and u there takes them back.",
                    timeout=5,
                )
            else:
                self.app.notify("Nothing to undo." if undo else "Nothing to redo.", timeout=2)
            return
        entry, applied = done
        self.changed(applied)
        self.app.notify(said(entry, undo, store), timeout=4, markup=False)

    def changed(self, change: Change | None) -> None:
        """Tell every screen that shows the file. When the store read the file again on
        the way (another window had saved meanwhile), everything is redrawn."""
        store = self.app.store
        everything, store.read_again = store.read_again, False
        for screen in self.app.screen_stack:
            screen.post_message(StoreChanged(change, everything))


def said(entry: Entry, undo: bool, store: Store) -> str:
    """What an undo or redo did, in words: "Undone: slip of Sat 5 Dec; the count runs
    from Fri 20 Nov again"."""
    from regroup.domain.dates import short_date

    label = entry.change.label or "the last change"
    text = f"{'Undone' if undo else 'Redone'}: {label[:1].lower()}{label[1:].rstrip('.')}"
    if entry.change.tables() & {"slips", "plan", "extensions", "checks"}:
        state = store.journey.countdown()
        if state is not None and state.started and state.anchor is not None:
            text += f"; the count runs from {short_date(state.anchor)}{' again' if undo else ''}"
            if state.contact_date is not None and not state.reached:
                text += f" to {short_date(state.contact_date)}"
    return text + "."


def _others_live_changes(store: Store, session: str) -> bool:
    """Another open window has changes in the history that it may still undo."""
    from regroup.domain.history import DONE

    live = live_sessions(store.path) - {session}
    return any(entry.session in live and entry.state == DONE for entry in store.history())
