"""regroup-tui benchmarks, every figure in one run: ``python -m bench.run [--quick]``,
from the repository root, with the interpreter of an environment where regroup-tui's
dependencies are installed. It measures the source tree it lives in: every child gets
``<tree>/tui`` first on PYTHONPATH.

Figures (each printed with its label, its target and whether it is met):
  1. start-up to the first frame, against a bare app (bench/startup.py);
  2. keys in a real terminal, against a bare app (bench/keys.py, also on its own);
  3. and 4. idle CPU and peak memory at 10,000 cards (bench/idle.py);
  5. ``regroup-tui status`` at 10,000 cards (bench/shell.py);
  6. one durable save at 100, 1,000 and 10,000 cards (bench/saves.py).

Options: --quick (fewer rounds, a 10 s idle window), --only 1,2 (some figures; 3 and 4
come together), --json PATH (every raw sample). No test asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.boards import build_db, column_sizes
from bench.common import SIZE_ARG, child_env, machine, median, ms, verdict
from bench.idle import bench_idle
from bench.saves import bench_saves
from bench.shell import bench_status
from bench.startup import bench_startup

# The targets (issue 5; issue 11 for the keys).
T_STARTUP = {"default": 1.25, "1k": 1.5, "10k": 2.0}
T_IDLE_CPU_PCT = 1.0
T_RSS_OVER_BARE_MB = 40.0
T_STATUS_RATIO = 0.5
T_SAVE_10K_MS = 50.0


def main() -> int:
    parser = argparse.ArgumentParser(description="regroup-tui benchmarks (issue 5)")
    parser.add_argument("--quick", action="store_true", help="fewer rounds and presses, a 10 s idle window")
    parser.add_argument("--only", metavar="N,N", help="run only these figures (1-6; 3 and 4 come together)")
    parser.add_argument("--json", metavar="PATH", help="also write every raw sample to this file")
    args = parser.parse_args()

    only = {int(x) for x in args.only.split(",")} if args.only else {1, 2, 3, 4, 5, 6}
    if only & {3, 4}:
        only |= {3, 4}
    quick = args.quick
    startup_rounds = 5 if quick else 10
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
            print(
                f"1. Startup to first frame (whole process, headless {SIZE_ARG}, median of {startup_rounds}; "
                "every regroup-tui run right after a bare-app run)"
            )
            print(f"   bare Textual app (Header, Static, Footer): {ms(bare)}  (median of {len(s['bare'])})")
            for kind, label in (("default", "default board"), ("1k", "1,000 cards"), ("10k", "10,000 cards")):
                ours = median(s["ours"][kind])
                ratio = ours / bare
                pair = median(s["pairs"][kind])
                ok = ratio <= T_STARTUP[kind]
                print(
                    f"   regroup-tui, {label:<14} {ms(ours):>10}  = {ratio:.2f}x bare  (median of paired ratios "
                    f"{pair:.2f}x; target <= {T_STARTUP[kind]}x: {verdict(ok)})"
                )
                summary.append(
                    (
                        f"1. startup, {label}",
                        f"{ratio:.2f}x ({ms(ours)} vs {ms(bare)})",
                        f"<= {T_STARTUP[kind]}x",
                        verdict(ok),
                    )
                )
            print()
            sys.stdout.flush()

        if 2 in only:
            from bench import keys

            print("2. Keys in a real terminal (bench/keys.py)")
            raw["keys"] = keys.run_all(presses=20 if quick else 50)
            print()

        if 3 in only:
            idle = bench_idle(dbs["10k"], idle_seconds, env, tmp)
            raw["idle"] = idle
            ours, other = idle["ours"], idle["bare"]
            pct = 100 * ours["idle_cpu"] / ours["idle_wall"]
            bare_pct = 100 * other["idle_cpu"] / other["idle_wall"]
            ok = pct < T_IDLE_CPU_PCT
            print(
                f"3. The tick: idle CPU over {idle_seconds:.0f} s, from 2 s after the first frame "
                "(process CPU time / wall time)"
            )
            print(f"   regroup-tui, 10,000 cards: {pct:.2f}% of one core  (target < {T_IDLE_CPU_PCT}%: {verdict(ok)})")
            print(f"   bare Textual app:          {bare_pct:.2f}% of one core  (same window, run alongside)")
            updated = ", ".join(
                f"{name} x{count}" for name, count in sorted(ours["updated"].items(), key=lambda kv: -kv[1])
            )
            print(
                f"   repainted while idle: {ours['idle_frames']} frames, {ours['layouts']} layouts, "
                f"{ours['lines']} card lines drawn; widgets: {updated or 'none'}"
            )
            if "parses" in ours:
                print(f"   file parses while idle (1 s poll): {ours['parses']}")
            summary.append(
                ("3. idle CPU, 10,000 cards", f"{pct:.2f}% (bare {bare_pct:.2f}%)", f"< {T_IDLE_CPU_PCT}%", verdict(ok))
            )
            print()
            rss, bare_rss = ours["hwm_kb"] / 1024, other["hwm_kb"] / 1024
            over = rss - bare_rss
            ok = over <= T_RSS_OVER_BARE_MB
            print(
                "4. Memory: peak RSS of the child process (VmHWM at exit; ru_maxrss would carry the parent's peak "
                "over fork/exec)"
            )
            print(
                f"   regroup-tui, 10,000 cards, open {idle_seconds + 2:.0f} s: {rss:.1f} MB; bare app: {bare_rss:.1f} MB; "
                f"difference {over:+.1f} MB  (target <= +{T_RSS_OVER_BARE_MB:.0f} MB: {verdict(ok)})"
            )
            if "startup" in raw:
                s = raw["startup"]
                startup_rss = {kind: median(v) / 1024 for kind, v in s["ours_rss"].items()}
                print(
                    f"   startup runs (exit at the first frame), median: bare {median(s['bare_rss']) / 1024:.1f} MB, "
                    + ", ".join(f"{kind} {value:.1f} MB" for kind, value in startup_rss.items())
                )
            summary.append(
                (
                    "4. peak RSS, 10,000 cards",
                    f"{over:+.1f} MB ({rss:.1f} vs {bare_rss:.1f} MB)",
                    f"<= +{T_RSS_OVER_BARE_MB:.0f} MB",
                    verdict(ok),
                )
            )
            print()
            sys.stdout.flush()

        if 5 in only:
            st = bench_status(dbs["10k"], status_rounds, env)
            raw["status"] = st
            ours_s, textual_s = median(st["status"]), median(st["textual"])
            ratio = ours_s / textual_s
            ok = ratio <= T_STATUS_RATIO
            print(f"5. The shell path (whole process, median of {status_rounds}, alternating)")
            print(f"   regroup-tui status on 10,000 cards: {ms(ours_s)}   -> {st['line']}")
            print(f'   python -c "import textual.app":      {ms(textual_s)}')
            print(f"   ratio {ratio:.2f}  (target <= {T_STATUS_RATIO}: {verdict(ok)})")
            summary.append(
                (
                    "5. status, 10,000 cards",
                    f"{ratio:.2f} of import textual.app ({ms(ours_s)} vs {ms(textual_s)})",
                    f"<= {T_STATUS_RATIO}",
                    verdict(ok),
                )
            )
            print()
            sys.stdout.flush()

        if 6 in only:
            sv = bench_saves({100: dbs["100"], 1000: dbs["1k"], 10000: dbs["10k"]}, save_rounds, env, tmp)
            raw["saves"] = sv
            print(
                f"6. Save cost: one durable Store.apply (a move), median of {save_rounds}; "
                "file parses counted by store.parses"
            )
            for size, data in sv.items():
                med = median(data["times"])
                line = (
                    f"   {int(size):>6,} cards ({data['bytes'] / 1e6:5.2f} MB): first {ms(data['first']):>9}, then median {ms(med):>9}  "
                    f"max {ms(max(data['times'])):>9}; parses in its own {len(data['times'])} saves: "
                    f"{data['own_parses']}; after one external change (2 polls + 1 save): {data['external_parses']}"
                )
                if int(size) >= 10000:
                    ok = med * 1000 < T_SAVE_10K_MS
                    line += f"  (target < {T_SAVE_10K_MS:.0f} ms: {verdict(ok)})"
                    summary.append(("6. save, 10,000 cards", ms(med), f"< {T_SAVE_10K_MS:.0f} ms", verdict(ok)))
                print(line)
            parses_ok = all(d["own_parses"] == 0 and d["external_parses"] <= 1 for d in sv.values())
            print(f"   parsed at most once per external change, never for its own saves: {verdict(parses_ok)}")
            summary.append(
                (
                    "6. parses per external change",
                    ", ".join(
                        f"{int(n):,}: {d['own_parses']} own / {d['external_parses']} external" for n, d in sv.items()
                    ),
                    "0 own, <= 1 external",
                    verdict(parses_ok),
                )
            )
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
