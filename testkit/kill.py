"""The kill test's machinery, shared by tests/test_kill.py and bench/kill.py.

A child process opens the store and runs a deterministic stream of changes (card adds,
edits, moves, reorders, deletes, undos, a remove-and-add in one change, slips, plan
changes) as fast as it can; after each store call returns it appends the operation's
number to an acknowledgement log with ``os.write`` + ``os.fsync``. The parent SIGKILLs it
at a random moment, then checks the file against a replay model:

* the file is JSON and ``Store.open`` accepts it (no ``FileRefused``);
* what the file holds equals *exactly* the model's state after some operation ``k``;
* ``k`` >= the last acknowledged operation (nothing acknowledged is lost).

Operation ``n`` is a pure function of (seed, n, the state before it), so the child (working on
the real store) and the model (working on domain values in memory) make the same choices as
long as their states agree, and the next child simply continues at ``k + 1`` on the same file.

Children are forked from a "zygote": one ``sys.executable`` subprocess that has already
imported regroup and forks a fresh worker per kill (so a kill costs milliseconds, not an
interpreter start). ``fresh=True`` starts a new interpreter per kill instead.

Run as ``python -m testkit.kill zygote`` or ``... worker PATH ACK START SEED`` (from the
repository root; the parent starts its children so).
"""

from __future__ import annotations

import json
import os
import random
import select
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _child_env() -> dict[str, str]:
    """The children import testkit and regroup as this process does: from the repository."""
    paths = [str(ROOT), str(ROOT / "tui"), os.environ.get("PYTHONPATH", "")]
    return dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in paths if p))


FIXED_NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
GUIDES = ("space-21", "month-30", "letter-14", "custom")
ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo")
NAMES = ("", "Sam", "נועה 🌷")
WORDS = "pottery run swim read café ✨ שלום 🌿 journal bake hike paint sing".split()
MAX_OPS_PER_CHILD = 1_000_000


# --- the workload: operation n as a function of (seed, n, state) --------------------------


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _notes(rng: random.Random) -> str:
    """0-~400 characters, sometimes several lines: the file grows and shrinks."""
    if rng.random() < 0.3:
        return ""
    return "\n".join(_text(rng, rng.randint(1, 12)) for _ in range(rng.randint(1, 5)))


def choose(n: int, seed: int, board, plan, undo_depth: int, next_id: int) -> tuple:
    """Operation n: ("change", Change) | ("undo",) | ("plan", Plan) | ("slip", Slip).
    ``next_id`` is the id the next new card gets (ids are never reused)."""
    from regroup.domain import board as ops
    from regroup.domain.model import CATEGORIES, COLUMNS, Card
    from regroup.domain.plan import ENDED_BY, make_plan, make_slip

    rng = random.Random(f"{seed}:{n}")
    ids = sorted(board.cards)
    r = rng.random()
    add_share = 0.26 if len(ids) < 320 else 0.12  # the board grows, then hovers around 320

    def add() -> tuple:
        return (
            "change",
            ops.add_card(
                board,
                f"op{n} {_text(rng, 2)}",
                column=rng.choice(COLUMNS),
                category=rng.choice(CATEGORIES),
                notes=_notes(rng),
                now=FIXED_NOW,
                card_id=next_id,
            ),
        )

    if not ids or r < add_share:
        return add()
    r = (r - add_share) / (1 - add_share)  # the rest, spread over the other kinds
    card = board.cards[rng.choice(ids)]
    if r < 0.20:
        return (
            "change",
            ops.edit_card(board, card, f"op{n} edited {_text(rng, 1)}", rng.choice(CATEGORIES), _notes(rng)),
        )
    if r < 0.38:
        step = -1 if card.column == "done" or (card.column != "ideas" and rng.random() < 0.3) else 1
        return ("change", ops.move_card(board, card, step, now=FIXED_NOW))
    if r < 0.54:
        column = board.column(card.column)
        if len(column) < 2:
            return add()
        index = next(i for i, c in enumerate(column) if c.id == card.id)
        step = 1 if index == 0 else -1 if index == len(column) - 1 else rng.choice((-1, 1))
        return ("change", ops.reorder_card(board, card, step))
    if r < 0.68:
        return ("change", ops.delete_card(board, card))
    if r < 0.78:
        return ("undo",) if undo_depth else add()
    if r < 0.86:  # one change that removes a card and adds another: must land as one write
        added = ops.add_card(board, f"op{n} swapped in", notes=_notes(rng), now=FIXED_NOW, card_id=next_id)
        new_doc = added.edits[0].after
        assert new_doc is not None  # an added card's edit has an after
        return ("change", ops.put_cards(board, [Card.from_doc(new_doc)], [card.id], label="swap"))
    if r < 0.94 and plan is not None:
        today = FIXED_NOW.date()
        span = max(0, (today - plan.breakup_date).days - 1)
        day = plan.breakup_date + timedelta(days=rng.randint(0, min(span, 30)))
        return ("slip", make_slip(day, f"slip {n}: {_text(rng, rng.randint(0, 6))}", plan, now=FIXED_NOW))
    guide = rng.choice(GUIDES)
    return (
        "plan",
        make_plan(
            breakup_date=date(2026, 10, 1) + timedelta(days=rng.randint(0, 50)),
            ended_by=rng.choice(ENDED_BY),
            guide_id=guide,
            days=rng.randint(1, 365) if guide == "custom" else None,
            tz=rng.choice(ZONES),
            name=rng.choice(NAMES),
            now=FIXED_NOW,
        ),
    )


# --- the replay model: domain values in memory, no file ------------------------------------


@dataclass(frozen=True)
class State:
    """What the file must hold after some operation (immutable, so snapshots are cheap)."""

    board: Any  # regroup.domain.board.Board
    plan: dict | None
    slips: tuple[dict, ...] = ()
    undo: tuple = ()
    high: int = 0  # the highest card id ever handed out

    def plan_value(self):
        from regroup.domain.plan import Plan

        return Plan.from_doc(self.plan) if self.plan is not None else None

    def step(self, n: int, seed: int) -> State:
        op = choose(n, seed, self.board, self.plan_value(), len(self.undo), self.high + 1)
        kind = op[0]
        if kind == "change":
            change = op[1]
            high = max([self.high, *change.keys("cards")])
            return State(self.board.apply(change), self.plan, self.slips, self.undo + (change.inverse(),), high)
        if kind == "undo":
            return State(self.board.apply(self.undo[-1]), self.plan, self.slips, self.undo[:-1], self.high)
        if kind == "slip":
            return State(self.board, self.plan, self.slips + (op[1].to_doc(),), self.undo, self.high)
        plan = op[1]
        board, high = self.board, self.high
        if self.plan is None or self.plan.get("ended_by") != plan.ended_by:
            board, high = _with_starters(board, plan.ended_by, high)
        return State(board, plan.to_doc(), self.slips, self.undo, high)

    def matches(self, data: dict) -> bool:
        return same_state(self, data)


def _with_starters(board, ended_by: str, high: int):
    """What the store does the first time a plan says who ended it (the store's own
    ``logbook._starters_for``, run on the model's board): the cards meant only for that
    answer join the ideas column, above the rest (unless a card has the title)."""
    from regroup.domain.board import put_cards
    from regroup.domain.logbook import State as StoreState
    from regroup.domain.logbook import _starters_for

    ids = iter(range(high + 1, high + 1000))
    state = StoreState(board, None, lambda table: next(ids), lambda table: {})  # type: ignore[arg-type]
    cards = _starters_for(state, ended_by, FIXED_NOW)
    if not cards:
        return board, high
    return board.apply(put_cards(board, cards)), high + len(cards)


def state_from_data(data: dict) -> State:
    """A model state read from a file (the start of a run)."""
    from regroup.domain.board import Board
    from regroup.domain.model import Card

    board = Board.from_cards(Card(**doc) for doc in data.get("cards", {}).values())
    plans = data.get("plan", {})
    slips = data.get("slips", {})
    handed = data.get("_meta", {}).get("1", {}).get("last_ids", {}).get("cards", 0)
    high = max([handed, *board.cards])
    return State(
        board, dict(plans["1"]) if "1" in plans else None, tuple(slips[k] for k in sorted(slips, key=int)), (), high
    )


def same_state(state: State, data: dict) -> bool:
    """The file's cards, plan and slips are exactly the model's (no more, no less)."""
    from regroup.domain.model import Card

    cards = data.get("cards", {})
    if len(cards) != len(state.board.cards):
        return False
    for key, doc in cards.items():
        try:
            if int(key) != doc["id"] or state.board.cards.get(doc["id"]) != Card(**doc):
                return False
        except (KeyError, TypeError, ValueError):
            return False
    plans = data.get("plan", {})
    if (plans.get("1") if plans else None) != state.plan or len(plans) > 1:
        return False
    slips = data.get("slips", {})
    return tuple(slips[k] for k in sorted(slips, key=int)) == state.slips


# --- setting up the board -----------------------------------------------------------------


def setup_board(path: Path, cards: int = 200, seed: int = 1) -> None:
    """A board of ``cards`` cards (the starters plus generated ones) with a plan."""
    from regroup.domain import board as ops
    from regroup.domain.board import Board
    from regroup.domain.changes import Change
    from regroup.domain.model import CATEGORIES, COLUMNS
    from regroup.domain.plan import make_plan
    from regroup.store import Store

    store = Store.open(path, now=FIXED_NOW)
    rng = random.Random(f"setup:{seed}")
    board: Board = store.board
    edits: list = []
    while len(board) < cards:
        change = ops.add_card(
            board,
            f"setup {len(board)} {_text(rng, 2)}",
            column=rng.choice(COLUMNS),
            category=rng.choice(CATEGORIES),
            notes=_notes(rng),
            now=FIXED_NOW,
        )
        board = board.apply(change)
        edits.extend(change.edits)
    store.apply(Change(tuple(edits)))
    store.set_plan(
        make_plan(breakup_date="2026-11-01", ended_by="them", tz="Europe/Berlin", now=FIXED_NOW), now=FIXED_NOW
    )


# --- the child ------------------------------------------------------------------------------


def worker(path: str, ack_path: str, start: int, seed: int, ready_fd: int = 1) -> None:
    """Open the store and run operations start, start+1, ... until killed."""
    from regroup.store import Store

    store = Store.open(path)
    ack = os.open(ack_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    undo: list = []
    os.write(ready_fd, b"ready\n")
    for n in range(start, start + MAX_OPS_PER_CHILD):
        op = choose(n, seed, store.board, store.journey.plan, len(undo), store.next_id("cards"))
        began = time.perf_counter_ns()
        do_op(store, op, undo)
        took = time.perf_counter_ns() - began
        os.write(ack, f"{n} {took}\n".encode())
        os.fsync(ack)


def do_op(store, op: tuple, undo: list) -> None:
    """One store call for operation ``op`` (from ``choose``); ``undo`` is the inverse stack."""
    if op[0] == "change":
        undo.append(store.apply(op[1]).inverse())
    elif op[0] == "undo":
        store.apply(undo.pop())
    elif op[0] == "slip":
        store.log_slip(op[1])
    else:
        store.set_plan(op[1], now=FIXED_NOW)


def zygote() -> None:
    """Read "run PATH ACK START SEED" lines; fork one worker per line; report its pid and
    its end ("exit STATUS") on stdout."""
    import regroup.domain.board
    import regroup.domain.catalog
    import regroup.domain.plan
    import regroup.store

    regroup.domain.catalog.activities()
    import arrow  # noqa: F401

    for line in sys.stdin:
        parts = line.split()
        if not parts or parts[0] == "quit":
            break
        _, path, ack, start, seed = parts
        pid = os.fork()
        if pid == 0:
            status = 0
            try:
                worker(path, ack, int(start), int(seed))
            except BaseException as error:  # reported; the parent fails the run
                os.write(1, f"error {type(error).__name__}: {error}\n".encode("utf-8", "replace"))
                status = 3
            os._exit(status)
        os.write(1, f"pid {pid}\n".encode())
        _, status = os.waitpid(pid, 0)
        os.write(1, f"exit {status}\n".encode())


# --- the parent -----------------------------------------------------------------------------


class Lines:
    """Lines from a pipe, with a timeout."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = b""

    def next(self, timeout: float) -> str | None:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                return None
            chunk = os.read(self.fd, 4096)
            if not chunk:
                raise RuntimeError("the kill-test child closed its output")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode("utf-8", "replace")


class Zygote:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "testkit.kill", "zygote"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
            env=_child_env(),
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None  # both PIPE
        self.stdin = self.proc.stdin
        self.lines = Lines(self.proc.stdout.fileno())

    def start(self, path: Path, ack: Path, start: int, seed: int) -> Child:
        self.stdin.write(f"run {path} {ack} {start} {seed}\n".encode())
        return Child(self.lines, pid=None)

    def close(self) -> None:
        try:
            self.stdin.write(b"quit\n")
            self.stdin.close()
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()


class Fresh:
    """A new interpreter per kill (slow: ~0.25 s each)."""

    def start(self, path: Path, ack: Path, start: int, seed: int) -> Child:
        proc = subprocess.Popen(
            [sys.executable, "-m", "testkit.kill", "worker", str(path), str(ack), str(start), str(seed)],
            env=_child_env(),
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        assert proc.stdout is not None  # PIPE
        child = Child(Lines(proc.stdout.fileno()), pid=proc.pid)
        child.proc = proc
        return child

    def close(self) -> None:
        pass


class Child:
    def __init__(self, lines: Lines, pid: int | None) -> None:
        self.lines = lines
        self.pid = pid
        self.proc: subprocess.Popen | None = None
        self.ready = False
        self.ended: str | None = None

    def _handle(self, line: str) -> None:
        if line.startswith("pid "):
            self.pid = int(line.split()[1])
        elif line == "ready":
            self.ready = True
        elif line.startswith("exit "):
            self.ended = line
        elif line.startswith("error "):
            self.ended = line

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not (self.ready and self.pid is not None):
            line = self.lines.next(max(0.0, deadline - time.monotonic()))
            if line is None:
                raise RuntimeError("the kill-test child did not get ready in time")
            self._handle(line)
            if self.ended:
                raise RuntimeError(f"the kill-test child ended before it was ready: {self.ended}")

    def run_for(self, seconds: float) -> None:
        """Let it work; return early if it ends by itself (it should not)."""
        deadline = time.monotonic() + seconds
        while not self.ended:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            line = self.lines.next(left)
            if line is None:
                return
            self._handle(line)

    def kill(self) -> None:
        if self.ended:
            raise RuntimeError(f"the kill-test child stopped by itself: {self.ended}")
        assert self.pid is not None, "kill() before wait_ready()"
        os.kill(self.pid, signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait()
            assert self.proc.stdout is not None  # Fresh opens it as a PIPE
            self.proc.stdout.close()
            return
        while True:  # the zygote reaps it and says so
            line = self.lines.next(30.0)
            if line is None:
                raise RuntimeError("the killed child was not reaped")
            if line.startswith("exit "):
                return
            if line.startswith("error "):
                raise RuntimeError(f"the kill-test child failed: {line}")


@dataclass
class Result:
    kills: int = 0
    corrupt: int = 0  # not JSON
    refused: int = 0  # Store.open raised FileRefused
    wrong: int = 0  # JSON, but not the state after any operation of the run
    lost_acks: int = 0  # acknowledged operations missing from the file
    kills_losing: int = 0
    kills_leaving_temp: int = 0
    temp_files_left: int = 0
    temps_after_open: int = 0  # temp files still there after the next Store.open (must be 0)
    bad_mode: int = 0
    ops_acked: int = 0
    ops_in_flight_landed: int = 0  # the op being written at the kill was already on disk
    durations_ns: list[int] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    final_cards: int = 0
    final_slips: int = 0
    elapsed: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.durations_ns) / 1e6 if self.durations_ns else float("nan")

    def table(self) -> str:
        rows = [
            ("kills", self.kills),
            ("corrupt (not JSON)", self.corrupt),
            ("refused by Store.open", self.refused),
            ("valid JSON, wrong data", self.wrong),
            ("lost acknowledged ops", self.lost_acks),
            ("kills leaving a temp file", self.kills_leaving_temp),
            ("temp files left (all kills)", self.temp_files_left),
            ("temp files after next Store.open", self.temps_after_open),
            ("file not 0600", self.bad_mode),
            ("ops acknowledged", self.ops_acked),
            ("in-flight op already on disk", self.ops_in_flight_landed),
            ("median ms per op (store call)", f"{self.median_ms:.2f}"),
            ("p90 ms per op", f"{_percentile(self.durations_ns, 0.9) / 1e6:.2f}" if self.durations_ns else "nan"),
            ("file size KB (min-max)", f"{min(self.sizes) // 1024}-{max(self.sizes) // 1024}" if self.sizes else "-"),
            ("cards / slips at the end", f"{self.final_cards} / {self.final_slips}"),
            ("elapsed s", f"{self.elapsed:.1f}"),
        ]
        width = max(len(name) for name, _ in rows)
        lines = [f"| {'measure'.ljust(width)} | value |", f"| {'-' * width} | ----- |"]
        lines += [f"| {name.ljust(width)} | {value} |" for name, value in rows]
        return "\n".join(lines)


def _percentile(values: list[int], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def read_acks(ack: Path) -> list[tuple[int, int]]:
    acks = []
    for line in ack.read_bytes().split(b"\n")[:-1]:  # a torn last line (no newline) is not an ack
        number, took = line.split()
        acks.append((int(number), int(took)))
    return acks


def check_after_kill(
    path: Path,
    state: State,
    start: int,
    acks: list[tuple[int, int]],
    seed: int,
    result: Result,
    save_bad: Path | None = None,
) -> tuple[State, int]:
    """Check the file after a kill; return the model state it holds and its op number."""
    from regroup.errors import FileRefused
    from regroup.store import Store

    label = f"kill {result.kills} (ops from {start})"
    temps = sorted(path.parent.glob(f".{path.name}.*.tmp"))
    if temps:
        result.kills_leaving_temp += 1
        result.temp_files_left += len(temps)
    if os.stat(path).st_mode & 0o777 != 0o600:
        result.bad_mode += 1
        result.problems.append(f"{label}: file mode {os.stat(path).st_mode & 0o777:o}")
    raw = path.read_bytes()
    result.sizes.append(len(raw))
    try:
        data = json.loads(raw)
    except ValueError:
        result.corrupt += 1
        result.problems.append(f"{label}: the file is not JSON ({len(raw)} bytes)")
        if save_bad:
            shutil.copy(path, save_bad / f"corrupt-{result.kills}.json")
        raise RuntimeError(result.problems[-1]) from None
    try:
        store = Store.open(path)
    except FileRefused as error:
        result.refused += 1
        result.problems.append(f"{label}: Store.open refused it: {error}")
        raise RuntimeError(result.problems[-1]) from error
    left = sorted(path.parent.glob(f".{path.name}.*.tmp"))
    result.temps_after_open += len(left)

    last = acks[-1][0] if acks else start - 1
    result.ops_acked += len(acks)
    result.durations_ns.extend(took for _, took in acks)
    if [n for n, _ in acks] != list(range(start, last + 1)):
        result.problems.append(f"{label}: acknowledgements out of order")
    # the model after each op of this run: start-1 (nothing done), ..., last, last + 1 (in flight)
    states = [state]
    for n in range(start, last + 2):
        states.append(states[-1].step(n, seed))
    found = None
    for index in (last - start + 1, last - start + 2):  # the acknowledged state, or one op further
        if states[index].matches(data):
            found = index
            break
    if found is None:
        older = [i for i in range(last - start + 1) if states[i].matches(data)]
        if older:
            result.lost_acks += last - (start - 1 + older[-1])
            result.kills_losing += 1
            result.problems.append(f"{label}: file is the state after op {start - 1 + older[-1]}, last ack was {last}")
        else:
            result.wrong += 1
            op = choose(
                last + 1, seed, states[-2].board, states[-2].plan_value(), len(states[-2].undo), states[-2].high + 1
            )
            what = op[0] + (f" ({op[1].label})" if op[0] == "change" else "")
            result.problems.append(
                f"{label}: file matches no state of ops {start - 1}..{last + 1} (op {last + 1} in flight: {what})"
            )
        if save_bad:
            shutil.copy(path, save_bad / f"bad-{result.kills}.json")
        raise RuntimeError(result.problems[-1])
    if found == last - start + 2:
        result.ops_in_flight_landed += 1
    k = start - 1 + found
    if store.board != states[found].board:
        result.problems.append(f"{label}: Store.open shows another board than the file's")
        raise RuntimeError(result.problems[-1])
    return State(states[found].board, states[found].plan, states[found].slips, (), states[found].high), k


def run(
    path: Path,
    kills: int,
    seed: int = 1,
    max_delay: float = 0.15,
    fresh: bool = False,
    cards: int = 200,
    save_bad: Path | None = None,
    progress=None,
    rng: random.Random | None = None,
) -> Result:
    """Set up the board (if the file does not exist), then kill ``kills`` children."""
    rng = rng or random.Random()
    began = time.monotonic()
    if not path.exists():
        setup_board(path, cards, seed)
    state = state_from_data(json.loads(path.read_bytes()))
    result = Result()
    launcher = Fresh() if fresh else Zygote()
    ack = path.with_name("acks.log")
    k = 0
    try:
        while result.kills < kills:
            ack.write_bytes(b"")
            child = launcher.start(path, ack, k + 1, seed)
            child.wait_ready()
            child.run_for(rng.uniform(0, max_delay))
            child.kill()
            result.kills += 1
            try:
                state, k = check_after_kill(path, state, k + 1, read_acks(ack), seed, result, save_bad)
            except RuntimeError:
                # count it, then carry on from whatever the file holds (if it can be read at all)
                try:
                    state = state_from_data(json.loads(path.read_bytes()))
                    k += len(read_acks(ack)) + 1
                except ValueError:
                    break
            if progress:
                progress(result)
    finally:
        launcher.close()
    data = json.loads(path.read_bytes())
    result.final_cards = len(data.get("cards", {}))
    result.final_slips = len(data.get("slips", {}))
    result.elapsed = time.monotonic() - began
    return result


if __name__ == "__main__":
    if sys.argv[1] == "zygote":
        zygote()
    elif sys.argv[1] == "worker":
        worker(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
