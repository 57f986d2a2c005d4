"""SIGKILL a writer at random moments: the file is never broken and nothing acknowledged is lost.

The machinery (workload, replay model, zygote, checks) is in testkit/kill.py; bench/kill.py
runs the same with --kills 1000 and prints the table.
"""

from __future__ import annotations

import json
import os
import random
from collections import Counter

import pytest

from regroup.store import Store
from testkit import kill as kill_child
from testkit.kill import State, check_after_kill, choose, do_op, setup_board, state_from_data

KILLS = int(os.environ.get("REGROUP_KILLS", "100"))


def test_sigkill_at_random_moments_never_breaks_or_loses_an_acknowledged_change(tmp_path):
    """The moments of the kills are random; their seed is printed (and taken from
    REGROUP_KILL_SEED to replay a failure)."""
    path = tmp_path / "board.json"
    timing_seed = int(os.environ.get("REGROUP_KILL_SEED") or random.SystemRandom().randrange(2**32))
    print(f"\nkill timing seed: {timing_seed} (REGROUP_KILL_SEED={timing_seed} replays it)")
    result = kill_child.run(path, kills=KILLS, seed=1, max_delay=0.15, rng=random.Random(timing_seed))
    print("\n" + result.table())

    assert result.kills >= 100
    assert result.problems == []
    assert result.corrupt == 0
    assert result.refused == 0
    assert result.wrong == 0
    assert result.lost_acks == 0
    assert result.bad_mode == 0
    # the children really worked between kills, and some kills landed inside a write
    assert result.ops_acked > 2 * result.kills
    assert result.kills_leaving_temp > 0
    # a killed write's temp file is removed by the next Store.open, never left to pile up
    assert result.temps_after_open == 0
    assert not list(tmp_path.glob(".board.json.*.tmp"))
    store = Store.open(path, create=False)
    assert len(store.board) >= 150
    assert store.journey.plan is not None


def _run_in_process(path, first: int, last: int, seed: int, undo: list) -> list[tuple[int, int]]:
    store = Store.open(path)
    acks = []
    for n in range(first, last + 1):
        do_op(store, choose(n, seed, store.board, store.journey.plan, len(undo), store.next_id("cards")), undo)
        acks.append((n, 0))
    return acks


def test_the_check_accepts_the_true_state_and_catches_a_lost_or_altered_change(tmp_path):
    """The replay check must be able to fail: an older file (acknowledged ops missing) and a
    file with one changed title are both caught."""
    path = tmp_path / "board.json"
    setup_board(path, cards=40)
    start = state_from_data(json.loads(path.read_bytes()))
    undo: list = []
    acks = _run_in_process(path, 1, 20, 7, undo)
    after_20 = path.read_bytes()
    acks += _run_in_process(path, 21, 40, 7, undo)

    result = kill_child.Result()
    state, k = check_after_kill(path, start, 1, acks, 7, result)
    assert k == 40 and result.problems == []
    assert isinstance(state, State) and state.matches(json.loads(path.read_bytes()))

    latest = path.read_bytes()
    path.write_bytes(after_20)  # the file as it was 20 acknowledged ops ago
    result = kill_child.Result()
    with pytest.raises(RuntimeError, match="last ack was 40"):
        check_after_kill(path, start, 1, acks, 7, result)
    assert result.lost_acks == 20 and result.kills_losing == 1

    data = json.loads(latest)
    some_card = next(iter(data["cards"].values()))
    some_card["title"] += " (changed)"
    path.write_text(json.dumps(data))
    os.chmod(path, 0o600)
    result = kill_child.Result()
    with pytest.raises(RuntimeError, match="matches no state"):
        check_after_kill(path, start, 1, acks, 7, result)
    assert result.wrong == 1


def test_the_workload_covers_every_kind_of_change(tmp_path):
    path = tmp_path / "board.json"
    setup_board(path, cards=60)
    state = state_from_data(json.loads(path.read_bytes()))
    kinds: Counter = Counter()
    for n in range(1, 400):
        op = choose(n, 1, state.board, state.plan_value(), len(state.undo), state.high + 1)
        kind = op[0]
        if kind == "change":
            change = op[1]
            if change.label == "swap":
                kind = "remove+add"
            else:
                kind = change.label.split(" ", 1)[0].lower()  # Added, Edited, Moved, Deleted
        kinds[kind] += 1
        state = state.step(n, 1)
    for kind in ("added", "edited", "moved", "deleted", "undo", "remove+add", "slip", "plan"):
        assert kinds[kind] > 0, kinds
    assert len(state.board) > 60  # the board grows
