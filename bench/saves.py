"""Figure 6: one durable save (a move) at 100, 1,000 and 10,000 cards, the first after
opening and the next ones, and how often the file is parsed (``python -m bench.saves N
PATH...`` is the child that does it)."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

from bench.common import checked, run_process


def saves_child(n: int, paths: list[str]) -> dict:
    from regroup.domain import board as ops
    from regroup.domain.changes import Change
    from regroup.domain.logbook import State
    from regroup.domain.model import Card
    from regroup.store import Store

    out = {}
    for path in paths:
        store = Store.open(path, create=False)
        cards = len(store.board)
        card = store.board.column("ideas")[0]
        parses0 = store.parses
        times = []
        first = None
        for i in range(n + 1):  # the first save after opening, then n more
            seen = store.board.cards[card.id]

            def move(state: State, seen: Card = seen, i: int = i) -> Change | None:
                return ops.move_card(state.board, seen, +1 if i % 2 == 0 else -1)

            t0 = time.perf_counter()
            store.apply(move)
            if first is None:
                first = time.perf_counter() - t0
            else:
                times.append(time.perf_counter() - t0)
        own = store.parses - parses0
        # one change from elsewhere (a second store on the same file, as `regroup-tui add`
        # would be), then the poll twice and one more save: the file should be parsed once
        other = Store.open(path, create=False)
        other.add_card("Changed elsewhere")
        parses1 = store.parses
        store.reload_if_changed()
        store.reload_if_changed()
        seen = store.board.cards[card.id]
        store.apply(lambda state: ops.move_card(state.board, seen, +1))
        external = store.parses - parses1
        out[str(cards)] = {
            "times": times,
            "first": first,
            "own_parses": own,
            "external_parses": external,
            "bytes": os.path.getsize(path),
        }
    return out


def bench_saves(dbs: dict[int, Path], n: int, env: dict[str, str], tmp: Path) -> dict:
    copies = []
    for size, db in dbs.items():
        copy = tmp / f"saves-{size}.json"
        shutil.copyfile(db, copy)
        copies.append(str(copy))
    out = checked(run_process([sys.executable, "-m", "bench.saves", str(n), *copies], env), "save bench")
    return json.loads(out.out.strip().splitlines()[-1])


if __name__ == "__main__":
    print(json.dumps(saves_child(int(sys.argv[1]), sys.argv[2:])))
