"""What every figure of the benchmarks shares: the child processes' environment, timing
a whole process, and the small statistics."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TUI = ROOT / "tui"
SIZE_ARG = "120x40"


def child_env(tmp: Path) -> dict[str, str]:
    drop = ("REGROUP_DB", "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX", "PYTHONPROFILEIMPORTTIME")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL") and k not in drop}
    # Byte code is cached (as it is for any installed package), but in the temp folder,
    # never in the source tree; the warm-up runs fill it.
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    paths = [str(TUI), str(ROOT), env.get("PYTHONPATH", "")]
    env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    env["XDG_DATA_HOME"] = str(tmp / "xdg-data")  # never the real data folder
    env.setdefault("TERM", "xterm-256color")
    return env


class Result:
    def __init__(self, wall: float, code: int, out: str, err: str) -> None:
        self.wall, self.code, self.out, self.err = wall, code, out, err


CHILD_TIMEOUT = 300.0  # a child that never shows its first frame (or hangs) is killed


def run_process(args: list[str], env: dict[str, str]) -> Result:
    """Spawn, wait, time from spawn to exit. (A child's peak RSS comes from the child
    itself, as VmHWM: the ru_maxrss of a child keeps the high-water mark of this parent.)"""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
        # A blocking wait, with a watchdog for the time limit: Popen.wait(timeout=...)
        # polls with sleeps of up to 50 ms, which rounded every wall time to ~50 ms.
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            proc.kill()

        watchdog = threading.Timer(CHILD_TIMEOUT, kill)
        watchdog.start()
        try:
            proc.wait()
        finally:
            watchdog.cancel()
        wall = time.perf_counter() - t0
        if killed.is_set():
            raise SystemExit(
                f"bench: {' '.join(args[:2])}... did not finish in {CHILD_TIMEOUT:.0f} s "
                "(for the app: no frame showing #board, or it hung)"
            )
        out.seek(0)
        err.seek(0)
        return Result(
            wall, proc.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
        )


def checked(result: Result, what: str) -> Result:
    if result.code != 0:
        raise SystemExit(f"bench: {what} failed with exit status {result.code}:\n{result.err[-3000:]}")
    return result


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p99 of 100 samples is the 99th smallest)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-pct * len(ordered) // 100))))
    return ordered[rank - 1]


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def fs_type(path: Path) -> str:
    best, kind = "", "?"
    try:
        with open("/proc/mounts") as mounts:
            for line in mounts:
                parts = line.split()
                if len(parts) >= 3 and str(path).startswith(parts[1]) and len(parts[1]) > len(best):
                    best, kind = parts[1], parts[2]
    except OSError:
        pass
    return kind


def machine(tmp: Path) -> list[str]:
    from importlib.metadata import PackageNotFoundError, version

    def ver(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "?"

    cpu = "?"
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:
        nproc = os.cpu_count() or 0
    import regroup

    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    return [
        f"date:      {datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}  (load average at start: {load})",
        f"machine:   nproc {nproc}, {cpu}, {platform.system()} {platform.release()}, {fs_type(tmp)} for the boards",
        f"python:    {platform.python_implementation()} {platform.python_version()}",
        f"versions:  textual {ver('textual')}, rich {ver('rich')}, tinydb {ver('tinydb')}, regroup-tui {regroup.__version__}"
        f" ({'this source tree' if Path(regroup.__file__).is_relative_to(Path(__file__).parent.parent) else 'installed'})",
    ]


def launcher_args(mode: str, db: Path | str, idle: float = 0.0) -> list[str]:
    """The launcher (bench/launcher.py) on ``db``: ``mode`` is bare or regroup."""
    return [sys.executable, "-m", "bench.launcher", mode, str(db), str(idle)]
