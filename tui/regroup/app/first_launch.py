"""A first launch left without a plan (escape on the first-run form) keeps no file.

The command line opens the database before the app starts, so the file (the starter cards,
no plan) exists by the time the first-run form shows. When the user leaves that form, the
file is removed again if it holds nothing but what a new file is made with: no plan,
nothing logged, no setting, and the starter cards exactly as they came. Anything else (a
card added with ``regroup-tui add``, a theme chosen) keeps it. The check and the removal
happen under the file's lock, so no other window's save can land in between.

The better fix is not to create the file until the plan is saved, which is the command
line's and the store's to do (``cli._run_app``, ``Store.open``); until then, this.
"""

from __future__ import annotations

import os

from regroup.domain.catalog import starter_activities
from regroup.errors import UserError
from regroup.store import Store
from regroup.store.locking import locked


def untouched(store: Store) -> bool:
    """The file holds only what a new file is made with."""
    journey = store.journey
    if journey.plan is not None or store.settings:
        return False
    if any((journey.slips, journey.extensions, journey.checks, journey.checkins, journey.journal, journey.contacts)):
        return False
    cards = sorted(store.board.cards.values(), key=lambda card: card.id)
    starters = starter_activities(None)
    return [(c.title, c.category, c.notes, c.source, c.column, c.started, c.done) for c in cards] == [
        (a.title, a.category, a.notes.strip(), a.source, "ideas", None, None) for a in starters
    ]


def forget_if_unused(store: Store) -> bool:
    """Remove the database if nothing was ever saved in it; say whether. Its lock file
    stays: removing it while another process may be waiting on it would let two
    processes each hold "the" lock."""
    path = store.path
    try:
        with locked(path):
            store.reload_if_changed()
            if not untouched(store):
                return False
            os.unlink(path)
    except (OSError, UserError):  # never let tidying up stop the app from closing
        return False
    return True
