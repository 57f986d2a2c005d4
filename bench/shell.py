"""Figure 5: ``regroup-tui status`` on a 10,000-card file, against ``python -c "import
textual.app"``, whole processes in turn."""

from __future__ import annotations

import sys
from pathlib import Path

from bench.common import checked, run_process


def status_command() -> list[str]:
    script = Path(sys.executable).parent / "regroup-tui"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "regroup"]


def bench_status(db: Path, rounds: int, env: dict[str, str]) -> dict:
    status = status_command() + ["status", "--db", str(db)]
    textual = [sys.executable, "-c", "import textual.app"]
    first = checked(run_process(status, env), "regroup-tui status")
    checked(run_process(textual, env), "import textual.app")
    ours: list[float] = []
    theirs: list[float] = []
    for i in range(rounds):
        pair = [(status, ours), (textual, theirs)]
        if i % 2:
            pair.reverse()
        for args, bucket in pair:
            bucket.append(checked(run_process(args, env), " ".join(args[:2])).wall)
    return {"status": ours, "textual": theirs, "line": first.out.strip(), "command": " ".join(status[:1] + ["status"])}
