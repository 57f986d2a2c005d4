"""Figures 3 and 4: idle CPU (the countdown's tick, the file poll) and peak memory of
regroup-tui open on a 10,000-card board, beside a bare app run at the same time."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

from bench.common import Result, checked, launcher_args, run_process


def bench_idle(db: Path, seconds: float, env: dict[str, str], tmp: Path) -> dict:
    copy = tmp / "idle-10k.json"
    shutil.copyfile(db, copy)
    results: dict[str, Result] = {}

    def go(name: str, args: list[str]) -> None:
        results[name] = run_process(args, env)

    threads = [
        threading.Thread(target=go, args=("ours", launcher_args("regroup", copy, seconds))),
        threading.Thread(target=go, args=("bare", launcher_args("bare", "-", seconds))),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out = {}
    for name, res in results.items():
        checked(res, f"idle run ({name})")
        data = json.loads(res.out.strip().splitlines()[-1])
        out[name] = data
    return out
