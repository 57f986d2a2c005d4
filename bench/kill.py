"""Kill test of the store: SIGKILL a writer at random moments, check nothing breaks or is lost.

    python bench/kill.py --kills 1000

A child process opens a ~200-card board with a plan and runs a deterministic stream of
changes (add/edit/move/reorder/delete/undo, a remove-and-add in one change, slips, plan
changes) as fast as it can, acknowledging each one after the store call returns
(``os.write`` + ``os.fsync`` to a separate log). It is SIGKILLed at a moment uniform in
0-0.15 s after it is ready; then the file must be JSON, open with ``Store.open``, and equal the
replayed model after some op k >= the last acknowledged one. The same file is reused across
kills, so the board keeps changing and growing. The machinery lives in testkit/kill.py
(tests/test_kill.py runs the same with 100+ kills).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from testkit import kill as kill_child


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=1000, help="how many kills (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the operation stream (default 1)")
    parser.add_argument("--max-delay", type=float, default=0.15, help="kill within this many seconds of ready")
    parser.add_argument("--cards", type=int, default=200, help="cards on the board at the start (default 200)")
    parser.add_argument("--fresh", action="store_true", help="a new interpreter per kill instead of a fork")
    parser.add_argument("--dir", type=Path, help="work in this folder (default: a new temporary one)")
    parser.add_argument("--save-bad", action="store_true", help="keep a copy of every bad file in the folder")
    args = parser.parse_args()

    folder = args.dir or Path(tempfile.mkdtemp(prefix="regroup-kill-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "board.json"
    began = time.monotonic()

    def progress(result: kill_child.Result) -> None:
        if result.kills % 100 == 0:
            print(
                f"{result.kills:5d} kills, {result.ops_acked} ops, {time.monotonic() - began:6.1f} s, "
                f"problems {len(result.problems)}",
                file=sys.stderr,
                flush=True,
            )

    result = kill_child.run(
        path,
        args.kills,
        seed=args.seed,
        max_delay=args.max_delay,
        fresh=args.fresh,
        cards=args.cards,
        save_bad=folder if args.save_bad else None,
        progress=progress,
        rng=random.Random(),
    )
    mode = "fresh interpreter per kill" if args.fresh else "forked from a preloaded interpreter"
    print(f"kill test: {path} (seed {args.seed}, kill uniform in 0-{args.max_delay} s after ready, {mode})")
    print(result.table())
    for problem in result.problems[:20]:
        print("PROBLEM:", problem)
    bad = result.corrupt + result.refused + result.wrong + result.lost_acks + result.temps_after_open + result.bad_mode
    return 1 if bad or result.problems else 0


if __name__ == "__main__":
    sys.exit(main())
