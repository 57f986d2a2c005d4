#!/usr/bin/env python3
"""regroup-tui benchmarks (issue 5): `python bench/run.py [--quick]`.

Run it with the interpreter of an environment where Textual, TinyDB and arrow are
installed (the dev virtualenv: `/work/venv/bin/python bench/run.py`). It measures the
source tree it lives in: every child process gets `<this tree>/tui` first on PYTHONPATH,
so a scratch copy of the repository can be measured the same way.

Figures (each printed with its label, the target from issue 5 and whether it is met):
  1. startup to first frame, whole process, headless 120x40, median, ratio to a bare app
     (Header, Static, Footer) run alternately in the same run;
  2. key to screen on a 1,000-card board (move, reorder, filter one character);
  3. idle CPU with the app open on a 10,000-card board;
  4. peak RSS at 10,000 cards vs the bare app;
  5. `regroup-tui status` on a 10,000-card file vs `python -c "import textual.app"`;
  6. one durable save at 100, 1,000 and 10,000 cards, and how often the file was parsed.

Options: --quick (5 startup rounds, 30 presses, a 10 s idle window), --only 1,2 (some
figures only; 3 and 4 come together), --json PATH (every raw sample).

Nothing here is part of the test run; no test asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TUI = ROOT / "tui"
if str(TUI) not in sys.path:
    sys.path.insert(0, str(TUI))

SIZE = (120, 40)
SIZE_ARG = f"{SIZE[0]}x{SIZE[1]}"

# Issue 5's targets.
T_STARTUP = {"default": 1.25, "1k": 1.5, "10k": 2.0}
T_KEY_MEDIAN_MS = 16.0
T_KEY_P99_MS = 50.0
T_IDLE_CPU_PCT = 1.0
T_RSS_OVER_BARE_MB = 40.0
T_STATUS_RATIO = 0.5
T_SAVE_10K_MS = 50.0

# --------------------------------------------------------------------------------------
# The child launched for startup, idle and memory figures.
#
#   python -c LAUNCHER bare|regroup DB IDLE_SECONDS
#
# It runs either a bare Textual app (Header, Static, Footer) or the real command line
# (`regroup.cli.main(["--db", DB])`), both headless at 120x40. App._display is wrapped:
# every frame is also encoded to terminal sequences (the work the headless driver skips),
# and the first frame that shows the app's own screen (the Static of the bare app, the
# board of regroup-tui) either exits at once (IDLE_SECONDS == 0: the startup figure) or,
# SETTLE seconds later, opens an idle window of IDLE_SECONDS, at the end of which the app
# exits. One JSON line is printed after the app has exited: the peak RSS (VmHWM), and for
# an idle run the process CPU time over the window and what was repainted in it.
# --------------------------------------------------------------------------------------
LAUNCHER = r'''
import json, resource, sys, time
MODE, DB, IDLE = sys.argv[1], sys.argv[2], float(sys.argv[3])
from textual.app import App
SIZE = (120, 40)
state = {"first": None, "frames": 0, "idle_frames": 0, "updated": {}, "layouts": 0, "lines": 0, "idle": False}
TARGET = "#bare-hello" if MODE == "bare" else "#board"

SETTLE = 2.0  # seconds after the first frame before the idle window opens

def hwm():
    """Peak RSS of this process image in kB (VmHWM). Not ru_maxrss: on Linux that one
    keeps the high-water mark of the parent that forked us."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0

def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime

def finish(app):
    state["t1"], state["c1"] = time.perf_counter(), cpu()
    state["idle"] = False
    try:
        state["parses"] = app.store.parses - state.get("parses0", 0)
    except Exception:
        pass
    app.exit()

_display = App._display
def display(self, screen, renderable):
    _display(self, screen, renderable)
    if renderable is None:
        return
    if hasattr(renderable, "render_segments"):
        renderable.render_segments(self.console)
    state["frames"] += 1
    if state["idle"]:
        state["idle_frames"] += 1
    if state["first"] is None and screen.query(TARGET):
        state["first"] = time.perf_counter()
        state["hwm_first_kb"] = hwm()
        if IDLE <= 0:
            self.exit()
            return
        self.set_timer(SETTLE, lambda: begin(self))
App._display = display

def begin(app):
    try:
        state["parses0"] = app.store.parses
    except Exception:
        pass
    state["t0"], state["c0"] = time.perf_counter(), cpu()
    state["idle"] = True
    app.set_timer(IDLE, lambda: finish(app))

if IDLE > 0:  # diagnostics for the idle window: what the tick repaints
    from textual._compositor import Compositor
    from textual.screen import Screen
    _update = Compositor.update_widgets
    def update_widgets(self, widgets):
        if state["idle"]:
            for w in widgets:
                key = f"{type(w).__name__}#{w.id}" if w.id else type(w).__name__
                state["updated"][key] = state["updated"].get(key, 0) + 1
        return _update(self, widgets)
    Compositor.update_widgets = update_widgets
    _layout = Screen._refresh_layout
    def refresh_layout(self, *a, **k):
        if state["idle"]:
            state["layouts"] += 1
        return _layout(self, *a, **k)
    Screen._refresh_layout = refresh_layout
    if MODE != "bare":
        try:
            from regroup.app.widgets.column import CardColumn
            _rl = CardColumn.render_line
            def render_line(self, y):
                if state["idle"]:
                    state["lines"] += 1
                return _rl(self, y)
            CardColumn.render_line = render_line
        except Exception:
            pass

_run = App.run
def run(self, *a, **k):
    k["headless"] = True
    k["size"] = SIZE
    return _run(self, *a, **k)
App.run = run

if MODE == "bare":
    from textual.app import ComposeResult
    from textual.widgets import Footer, Header, Static
    class Bare(App):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello from a bare Textual app.", id="bare-hello")
            yield Footer()
    Bare().run()
    code = 0
else:
    from regroup.cli import main
    code = main(["--db", DB])

out = {k: v for k, v in state.items() if k not in ("idle",)}
out["hwm_kb"] = hwm()
if "t1" in state:
    out["idle_wall"] = state["t1"] - state["t0"]
    out["idle_cpu"] = state["c1"] - state["c0"]
print(json.dumps(out))
if state["first"] is None:
    print("no first frame was seen", file=sys.stderr)
    sys.exit(3)
sys.exit(code or 0)
'''


# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------


def child_env(tmp: Path) -> dict[str, str]:
    drop = ("REGROUP_DB", "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX", "PYTHONPROFILEIMPORTTIME")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL") and k not in drop}
    # Byte code is cached (as it is for any installed package), but in the temp folder,
    # never in the source tree; the warm-up runs fill it.
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    env["PYTHONPATH"] = str(TUI) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
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
        watchdog = threading.Timer(CHILD_TIMEOUT, lambda: (killed.set(), proc.kill()))
        watchdog.start()
        try:
            proc.wait()
        finally:
            watchdog.cancel()
        wall = time.perf_counter() - t0
        if killed.is_set():
            raise SystemExit(f"bench: {' '.join(args[:2])}... did not finish in {CHILD_TIMEOUT:.0f} s "
                             "(for the app: no frame showing #board, or it hung)")
        out.seek(0)
        err.seek(0)
        return Result(wall, proc.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


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


# --------------------------------------------------------------------------------------
# the boards
# --------------------------------------------------------------------------------------

NOW = datetime.now(timezone.utc).replace(microsecond=0)
WORDS = (
    "walk run swim call read cook paint write learn plan visit tidy sort join try build sing "
    "stretch journal breathe garden bake hike climb cycle draw knit sew dance photograph "
    "mum dad sister friends neighbour library park museum river market forest coast city "
    "morning evening weekend lunch dinner breakfast class course club team choir studio "
    "new old quiet long short early late slow gentle brave honest kind small big whole"
).split()
NOTES = (
    "Bring a bottle of water and the good shoes.",
    "Ask Sam whether Thursday still works.",
    "Book before the end of the month; it fills up.",
    "Ten minutes is enough on a bad day.",
    "Write three lines, not a novel.\nThen stop.",
)
CATS = ("body", "mind", "heart", "social", "look")
SHARE = (("ideas", 0.03), ("planned", 0.02), ("doing", 0.01))  # the rest is done


def column_sizes(n: int) -> dict[str, int]:
    sizes = {name: max(1, round(n * share)) for name, share in SHARE}
    sizes["done"] = n - sum(sizes.values())
    return sizes


def generate_cards(n: int):
    from regroup.domain.model import Card

    rng = random.Random(n)
    cards = []
    next_id = 1
    for column, count in column_sizes(n).items():
        for position in range(1, count + 1):
            words = [rng.choice(WORDS) for _ in range(rng.randint(2, 9))]
            title = " ".join(words).capitalize()
            created = NOW - timedelta(days=rng.randint(1, 400), seconds=rng.randint(0, 86399))
            stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
            later = (created + timedelta(hours=rng.randint(1, 200))).strftime("%Y-%m-%dT%H:%M:%SZ")
            cards.append(
                Card(
                    id=next_id,
                    title=title,
                    category=CATS[next_id % len(CATS)],
                    column=column,
                    position=position,
                    notes=rng.choice(NOTES) if rng.random() < 0.35 else "",
                    created=stamp,
                    started=later if column in ("doing", "done") else None,
                    done=later if column == "done" else None,
                )
            )
            next_id += 1
    return cards


def default_plan():
    from regroup.domain.plan import make_plan

    breakup = (NOW - timedelta(days=5)).date().isoformat()
    return make_plan(breakup_date=breakup, ended_by="them", tz="Europe/Berlin", now=NOW)


def build_db(path: Path, n_cards: int | None) -> Path:
    """A database written with the store API: a new file with a plan (n_cards None keeps
    the starter cards: the default board), else n_cards generated cards."""
    from regroup.domain.board import put_cards
    from regroup.store import Store

    store = Store.open(path, now=NOW)
    store.set_plan(default_plan(), now=NOW)
    if n_cards is not None:
        store.apply(lambda state: put_cards(state.board, removes=tuple(state.board.cards)))
        store.apply(lambda state: put_cards(state.board, generate_cards(n_cards)))
    return path


# --------------------------------------------------------------------------------------
# 1. startup (and the RSS of those runs)
# --------------------------------------------------------------------------------------


def launcher_args(mode: str, db: Path | str, idle: float = 0.0) -> list[str]:
    return [sys.executable, "-c", LAUNCHER, mode, str(db), str(idle)]


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
        order = kinds[i % len(kinds):] + kinds[: i % len(kinds)]
        for kind in order:  # bare, ours, bare, ours...
            b = checked(run_process(launcher_args("bare", "-"), env), "bare app")
            r = checked(run_process(launcher_args("regroup", dbs[kind]), env), f"regroup-tui ({kind})")
            bare.append(b.wall)
            bare_rss.append(json.loads(b.out.strip().splitlines()[-1])["hwm_kb"])
            ours[kind].append(r.wall)
            ours_rss[kind].append(json.loads(r.out.strip().splitlines()[-1])["hwm_kb"])
            pair_ratios[kind].append(r.wall / b.wall)
    return {"bare": bare, "bare_rss": bare_rss, "ours": ours, "ours_rss": ours_rss, "pairs": pair_ratios}


# --------------------------------------------------------------------------------------
# 3 & 4. idle CPU and peak RSS (regroup-tui on 10k cards and the bare app, side by side)
# --------------------------------------------------------------------------------------


def bench_idle(db: Path, seconds: float, env: dict[str, str], tmp: Path) -> dict:
    copy = tmp / "idle-10k.json"
    shutil.copyfile(db, copy)
    results: dict[str, Result] = {}
    import threading

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


# --------------------------------------------------------------------------------------
# 5. the shell path
# --------------------------------------------------------------------------------------


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
    ours, theirs = [], []
    for i in range(rounds):
        pair = [(status, ours), (textual, theirs)]
        if i % 2:
            pair.reverse()
        for args, bucket in pair:
            bucket.append(checked(run_process(args, env), " ".join(args[:2])).wall)
    return {"status": ours, "textual": theirs, "line": first.out.strip(), "command": " ".join(status[:1] + ["status"])}


# --------------------------------------------------------------------------------------
# 6. saves (runs in a child: `run.py --_saves N PATH...`)
# --------------------------------------------------------------------------------------


def saves_child(n: int, paths: list[str]) -> dict:
    from regroup.domain import board as ops
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
            t0 = time.perf_counter()
            store.apply(lambda state, seen=seen, i=i: ops.move_card(state.board, seen, +1 if i % 2 == 0 else -1))
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
        out[str(cards)] = {"times": times, "first": first, "own_parses": own, "external_parses": external,
                           "bytes": os.path.getsize(path)}
    return out


def bench_saves(dbs: dict[int, Path], n: int, env: dict[str, str], tmp: Path) -> dict:
    copies = []
    for size, db in dbs.items():
        copy = tmp / f"saves-{size}.json"
        shutil.copyfile(db, copy)
        copies.append(str(copy))
    out = checked(run_process([sys.executable, str(Path(__file__).resolve()), "--_saves", str(n), *copies], env), "save bench")
    return json.loads(out.out.strip().splitlines()[-1])


# --------------------------------------------------------------------------------------
# the report
# --------------------------------------------------------------------------------------


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
        f"machine:   nproc {nproc}, {cpu}, {platform.system()} {platform.release()}, {fs_type(tmp)} for the files in {tmp}",
        f"python:    {platform.python_implementation()} {platform.python_version()} ({sys.executable})",
        f"versions:  textual {ver('textual')}, rich {ver('rich')}, tinydb {ver('tinydb')}, regroup-tui {regroup.__version__} from {Path(regroup.__file__).parent}",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description="regroup-tui benchmarks (issue 5)")
    parser.add_argument("--quick", action="store_true", help="fewer rounds and presses, a 10 s idle window")
    parser.add_argument("--only", metavar="N,N", help="run only these figures (1-6; 3 and 4 come together)")
    parser.add_argument("--json", metavar="PATH", help="also write every raw sample to this file")
    parser.add_argument("--_saves", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args._saves:
        print(json.dumps(saves_child(int(args._saves[0]), args._saves[1:])))
        return 0

    only = {int(x) for x in args.only.split(",")} if args.only else {1, 2, 3, 4, 5, 6}
    if only & {3, 4}:
        only |= {3, 4}
    quick = args.quick
    startup_rounds = 5 if quick else 10
    presses = 30 if quick else 100
    idle_seconds = 10.0 if quick else 30.0
    status_rounds = 5 if quick else 10
    save_rounds = 10 if quick else 30

    tmp = Path(tempfile.mkdtemp(prefix="regroup-bench-"))
    env = child_env(tmp)
    started = time.perf_counter()
    summary: list[tuple[str, str, str, str]] = []  # figure, measured, target, verdict
    raw: dict = {}
    try:
        print("regroup-tui benchmarks (issue 5)" + (" --quick" if quick else ""))
        for line in machine(tmp):
            print(line)
        sys.stdout.flush()

        dbs = {
            "default": build_db(tmp / "default.json", None),
            "100": build_db(tmp / "cards-100.json", 100),
            "1k": build_db(tmp / "cards-1000.json", 1000),
            "10k": build_db(tmp / "cards-10000.json", 10000),
        }
        print(
            "boards:    default = a new file with a plan (the starter cards); generated boards: 3% ideas, 2% planned, "
            f"1% doing, the rest done (10k: {column_sizes(10000)}); 10k file {os.path.getsize(dbs['10k']) / 1e6:.1f} MB"
        )
        print()

        if 1 in only:
            s = bench_startup({k: dbs[k] for k in ("default", "1k", "10k")}, startup_rounds, env)
            raw["startup"] = s
            bare = median(s["bare"])
            print(f"1. Startup to first frame (whole process, headless {SIZE_ARG}, median of {startup_rounds}; "
                  "every regroup-tui run right after a bare-app run)")
            print(f"   bare Textual app (Header, Static, Footer): {ms(bare)}  (median of {len(s['bare'])})")
            for kind, label in (("default", "default board"), ("1k", "1,000 cards"), ("10k", "10,000 cards")):
                ours = median(s["ours"][kind])
                ratio = ours / bare
                pair = median(s["pairs"][kind])
                ok = ratio <= T_STARTUP[kind]
                print(f"   regroup-tui, {label:<14} {ms(ours):>10}  = {ratio:.2f}x bare  (median of paired ratios "
                      f"{pair:.2f}x; target <= {T_STARTUP[kind]}x: {verdict(ok)})")
                summary.append((f"1. startup, {label}", f"{ratio:.2f}x ({ms(ours)} vs {ms(bare)})", f"<= {T_STARTUP[kind]}x", verdict(ok)))
            print()
            sys.stdout.flush()

        if 2 in only:
            print("2. Keys: measured in a real terminal against a bare app by bench/keys.py "
                  "(python -m bench.keys); see bench/README.md.")
            print()

        if 3 in only:
            idle = bench_idle(dbs["10k"], idle_seconds, env, tmp)
            raw["idle"] = idle
            ours, other = idle["ours"], idle["bare"]
            pct = 100 * ours["idle_cpu"] / ours["idle_wall"]
            bare_pct = 100 * other["idle_cpu"] / other["idle_wall"]
            ok = pct < T_IDLE_CPU_PCT
            print(f"3. The tick: idle CPU over {idle_seconds:.0f} s, from 2 s after the first frame "
                  "(process CPU time / wall time)")
            print(f"   regroup-tui, 10,000 cards: {pct:.2f}% of one core  (target < {T_IDLE_CPU_PCT}%: {verdict(ok)})")
            print(f"   bare Textual app:          {bare_pct:.2f}% of one core  (same window, run alongside)")
            updated = ", ".join(f"{name} x{count}" for name, count in sorted(ours["updated"].items(), key=lambda kv: -kv[1]))
            print(f"   repainted while idle: {ours['idle_frames']} frames, {ours['layouts']} layouts, "
                  f"{ours['lines']} card lines drawn; widgets: {updated or 'none'}")
            if "parses" in ours:
                print(f"   file parses while idle (1 s poll): {ours['parses']}")
            summary.append(("3. idle CPU, 10,000 cards", f"{pct:.2f}% (bare {bare_pct:.2f}%)", f"< {T_IDLE_CPU_PCT}%", verdict(ok)))
            print()
            rss, bare_rss = ours["hwm_kb"] / 1024, other["hwm_kb"] / 1024
            over = rss - bare_rss
            ok = over <= T_RSS_OVER_BARE_MB
            print("4. Memory: peak RSS of the child process (VmHWM at exit; ru_maxrss would carry the parent's peak "
                  "over fork/exec)")
            print(f"   regroup-tui, 10,000 cards, open {idle_seconds + 2:.0f} s: {rss:.1f} MB; bare app: {bare_rss:.1f} MB; "
                  f"difference {over:+.1f} MB  (target <= +{T_RSS_OVER_BARE_MB:.0f} MB: {verdict(ok)})")
            if "startup" in raw:
                s = raw["startup"]
                startup_rss = {kind: median(v) / 1024 for kind, v in s["ours_rss"].items()}
                print(f"   startup runs (exit at the first frame), median: bare {median(s['bare_rss']) / 1024:.1f} MB, "
                      + ", ".join(f"{kind} {value:.1f} MB" for kind, value in startup_rss.items()))
            summary.append(("4. peak RSS, 10,000 cards", f"{over:+.1f} MB ({rss:.1f} vs {bare_rss:.1f} MB)",
                            f"<= +{T_RSS_OVER_BARE_MB:.0f} MB", verdict(ok)))
            print()
            sys.stdout.flush()

        if 5 in only:
            st = bench_status(dbs["10k"], status_rounds, env)
            raw["status"] = st
            ours_s, textual_s = median(st["status"]), median(st["textual"])
            ratio = ours_s / textual_s
            ok = ratio <= T_STATUS_RATIO
            print(f"5. The shell path (whole process, median of {status_rounds}, alternating)")
            print(f"   {st['command']} on 10,000 cards: {ms(ours_s)}   -> {st['line']}")
            print(f"   python -c \"import textual.app\":      {ms(textual_s)}")
            print(f"   ratio {ratio:.2f}  (target <= {T_STATUS_RATIO}: {verdict(ok)})")
            summary.append(("5. status, 10,000 cards", f"{ratio:.2f} of import textual.app ({ms(ours_s)} vs {ms(textual_s)})",
                            f"<= {T_STATUS_RATIO}", verdict(ok)))
            print()
            sys.stdout.flush()

        if 6 in only:
            sv = bench_saves({100: dbs["100"], 1000: dbs["1k"], 10000: dbs["10k"]}, save_rounds, env, tmp)
            raw["saves"] = sv
            print(f"6. Save cost: one durable Store.apply (a move), median of {save_rounds}; "
                  "file parses counted by store.parses")
            for size, data in sv.items():
                med = median(data["times"])
                line = (f"   {int(size):>6,} cards ({data['bytes'] / 1e6:5.2f} MB): first {ms(data['first']):>9}, then median {ms(med):>9}  "
                        f"max {ms(max(data['times'])):>9}; parses in its own {len(data['times'])} saves: "
                        f"{data['own_parses']}; after one external change (2 polls + 1 save): {data['external_parses']}")
                if int(size) >= 10000:
                    ok = med * 1000 < T_SAVE_10K_MS
                    line += f"  (target < {T_SAVE_10K_MS:.0f} ms: {verdict(ok)})"
                    summary.append(("6. save, 10,000 cards", ms(med), f"< {T_SAVE_10K_MS:.0f} ms", verdict(ok)))
                print(line)
            parses_ok = all(d["own_parses"] == 0 and d["external_parses"] <= 1 for d in sv.values())
            print(f"   parsed at most once per external change, never for its own saves: {verdict(parses_ok)}")
            summary.append(("6. parses per external change", ", ".join(
                f"{int(n):,}: {d['own_parses']} own / {d['external_parses']} external" for n, d in sv.items()),
                "0 own, <= 1 external", verdict(parses_ok)))
            print()

        print("Summary")
        width = max(len(row[0]) for row in summary) if summary else 10
        for figure, measured, target, result in summary:
            print(f"   {figure:<{width}}  {result:<6}  {measured}  (target {target})")
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"(bench took {time.perf_counter() - started:.0f} s; load average at the end: {load})")
        if args.json:
            Path(args.json).write_text(json.dumps(raw, indent=1))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
