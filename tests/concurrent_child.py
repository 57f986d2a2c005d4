"""Child processes for tests/test_concurrency.py.

    python concurrent_child.py writer NAME COUNT DB ACK   # COUNT changes after "go" on stdin
    python concurrent_child.py holder NAME DB ACK         # keeps writing until "stop" on stdin
    python concurrent_child.py locker DB                  # holds the lock until killed

Every change is acknowledged after the store call returns: one line appended to ACK with
os.write + os.fsync ("add TITLE COLUMN", "move TITLE COLUMN", "slip NOTE").
"""

from __future__ import annotations

import os
import select
import sys
import time
from datetime import UTC, datetime

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


class Acks:
    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def __call__(self, *words: str) -> None:
        os.write(self.fd, (" ".join(words) + "\n").encode())
        os.fsync(self.fd)


def _move(store, title: str, ack: Acks) -> None:
    """Move one of this process's own cards one column on (or back, from done)."""
    from regroup.domain import board as ops

    card = next(c for c in store.board.cards.values() if c.title == title)
    change = store.apply(lambda state: ops.move_card(state.board, card, -1 if card.column == "done" else 1, now=NOW))
    ack("move", title, change.edits[0].after["column"])


def writer(name: str, count: int, db: str, ack_path: str) -> None:
    from regroup.domain import board as ops
    from regroup.domain.plan import make_plan, make_slip
    from regroup.store import Store

    store = Store.open(db)
    ack = Acks(ack_path)
    plan = make_plan(breakup_date="2026-11-01", ended_by="them", tz="UTC", now=NOW)
    print("ready", flush=True)
    sys.stdin.readline()  # "go": both writers start together
    mine: list[str] = []
    for i in range(count):
        title = f"{name}-{i}"
        if i % 25 == 24:
            store.log_slip(make_slip("2026-11-20", f"slip {title}", plan, now=NOW))
            ack("slip", f"slip {title}")
        elif i % 3 == 0:
            card = store.add_card(title)  # what `regroup-tui add` does: the id is chosen under the lock
            mine.append(title)
            ack("add", card.title, card.column)
        elif i % 3 == 1:
            # what the app does: a change made against the board it has in memory, which may
            # be older than the file (the other writer added cards since)
            store.apply(
                lambda state: ops.add_card(state.board, title, column="planned", now=NOW, card_id=state.new_id("cards"))
            )
            mine.append(title)
            ack("add", title, "planned")
        else:
            _move(store, mine[(i * 7) % len(mine)], ack)


def holder(name: str, db: str, ack_path: str) -> None:
    """Like an open app: one Store, changes made against its in-memory board, until "stop"."""
    from regroup.domain import board as ops
    from regroup.store import Store

    store = Store.open(db)
    ack = Acks(ack_path)
    print("ready", flush=True)
    i = 0
    while not select.select([sys.stdin], [], [], 0)[0]:
        title = f"{name}-{i}"
        store.apply(lambda state: ops.add_card(state.board, title, now=NOW, card_id=state.new_id("cards")))
        ack("add", title, "ideas")
        if i % 2:
            _move(store, f"{name}-{i - 1}", ack)
        i += 1
        time.sleep(0.01)
    sys.stdin.readline()
    store.reload_if_changed()  # what the app's poll does
    seen = sorted(card.title for card in store.board.cards.values())
    print("seen", "\t".join(seen), flush=True)


def locker(db: str) -> None:
    from pathlib import Path

    from regroup.store.locking import locked

    with locked(Path(db)):
        print("locked", flush=True)
        time.sleep(120)


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    if mode == "writer":
        writer(args[0], int(args[1]), args[2], args[3])
    elif mode == "holder":
        holder(*args)
    elif mode == "locker":
        locker(*args)
