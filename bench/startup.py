"""Figure 1: start-up to the first frame, a whole process, against a bare Textual app
launched in turn."""

from __future__ import annotations

import json
from pathlib import Path

from bench.common import checked, launcher_args, run_process


def bench_startup(dbs: dict[str, Path], rounds: int, env: dict[str, str]) -> dict:
    kinds = list(dbs)
    # warm-up (page cache, .pyc files), not counted
    for kind in kinds:
        checked(run_process(launcher_args("bare", "-"), env), "bare app")
        checked(run_process(launcher_args("regroup", dbs[kind]), env), f"regroup-tui ({kind})")
    bare: list[float] = []
    bare_rss: list[int] = []
    ours: dict[str, list[float]] = {k: [] for k in kinds}
    ours_rss: dict[str, list[int]] = {k: [] for k in kinds}
    pair_ratios: dict[str, list[float]] = {k: [] for k in kinds}
    for i in range(rounds):
        order = kinds[i % len(kinds) :] + kinds[: i % len(kinds)]
        for kind in order:  # bare, ours, bare, ours...
            b = checked(run_process(launcher_args("bare", "-"), env), "bare app")
            r = checked(run_process(launcher_args("regroup", dbs[kind]), env), f"regroup-tui ({kind})")
            bare.append(b.wall)
            bare_rss.append(json.loads(b.out.strip().splitlines()[-1])["hwm_kb"])
            ours[kind].append(r.wall)
            ours_rss[kind].append(json.loads(r.out.strip().splitlines()[-1])["hwm_kb"])
            pair_ratios[kind].append(r.wall / b.wall)
    return {"bare": bare, "bare_rss": bare_rss, "ours": ours, "ours_rss": ours_rss, "pairs": pair_ratios}
