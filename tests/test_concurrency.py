"""Several processes, one file, nothing lost (PRODUCT.md, "Data safety").

Children are real processes (tests/concurrent_child.py) that acknowledge each change after
the store call returns; afterwards every acknowledged change must be in the file.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from regroup.errors import SaveFailed
from regroup.store import Store
from regroup.store.locking import locked

CHILD = str(Path(__file__).with_name("concurrent_child.py"))
SCRIPT = str(Path(sys.executable).with_name("regroup-tui"))


def spawn(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, CHILD, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def wait_line(proc: subprocess.Popen, expected: str) -> str:
    assert proc.stdout is not None  # spawn() opens it as a PIPE
    line = proc.stdout.readline()
    assert line.startswith(expected), f"child said {line!r} (exit {proc.poll()})"
    return line


def read_file(path: Path) -> dict:
    """The file parsed strictly: duplicate keys (two documents with one id) are an error."""

    def no_duplicates(pairs):
        keys = [key for key, _ in pairs]
        assert len(keys) == len(set(keys)), f"duplicate keys {keys}"
        return dict(pairs)

    return json.loads(path.read_bytes(), object_pairs_hook=no_duplicates)


def expected_from_acks(*ack_files: Path) -> tuple[dict[str, str], list[str]]:
    """title -> the column of its last acknowledged add/move; and every acknowledged slip note."""
    columns: dict[str, str] = {}
    slips: list[str] = []
    for ack in ack_files:
        for line in ack.read_text().splitlines():
            kind, rest = line.split(" ", 1)
            if kind == "slip":
                slips.append(rest)
            else:
                title, column = rest.rsplit(" ", 1)
                columns[title] = column
    return columns, slips


def check_everything_acknowledged_is_there(path: Path, columns: dict[str, str], slips: list[str]) -> dict:
    data = read_file(path)
    cards = data["cards"]
    assert all(int(key) == doc["id"] for key, doc in cards.items())
    by_title: dict[str, list[dict]] = {}
    for doc in cards.values():
        by_title.setdefault(doc["title"], []).append(doc)
    missing = [title for title in columns if title not in by_title]
    assert not missing, f"{len(missing)} acknowledged cards missing, e.g. {missing[:5]}"
    twice = [title for title in columns if len(by_title[title]) > 1]
    assert not twice, f"cards stored twice: {twice[:5]}"
    wrong = {t: (by_title[t][0]["column"], c) for t, c in columns.items() if by_title[t][0]["column"] != c}
    assert not wrong, f"acknowledged moves lost (found, expected): {dict(list(wrong.items())[:5])}"
    notes = [doc["note"] for doc in data.get("slips", {}).values()]
    assert sorted(n for n in notes if n in set(slips)) == sorted(slips)
    assert all(int(key) > 0 for key in data.get("slips", {}))
    Store.open(path, create=False)  # and it opens
    return data


def test_two_processes_each_making_300_changes_lose_nothing(tmp_path):
    path = tmp_path / "board.json"
    Store.open(path)
    acks = [tmp_path / "w1.acks", tmp_path / "w2.acks"]
    writers = [spawn("writer", f"w{n}", "300", str(path), str(ack)) for n, ack in enumerate(acks, start=1)]
    try:
        for proc in writers:
            wait_line(proc, "ready")
        for proc in writers:
            proc.stdin.write("go\n")
            proc.stdin.flush()
        for proc in writers:
            assert proc.wait(timeout=120) == 0
    finally:
        for proc in writers:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    columns, slips = expected_from_acks(*acks)
    assert sum(1 for ack in acks for _ in ack.read_text().splitlines()) == 600
    adds = sum(1 for i in range(300) if i % 25 != 24 and i % 3 != 2)
    assert len(columns) == 2 * adds  # every add was acknowledged
    assert len(slips) == 2 * 12
    data = check_everything_acknowledged_is_there(path, columns, slips)
    # both writers' "stale board" adds collided on ids and were given fresh ones, not overwritten
    assert len(data["cards"]) == len(Store.open(path).board.cards)
    assert {doc["column"] for doc in data["cards"].values()} >= {"ideas", "planned", "doing"}


def test_regroup_tui_add_while_another_process_holds_the_store_open_and_writes(tmp_path):
    path = tmp_path / "board.json"
    Store.open(path)
    ack = tmp_path / "holder.acks"
    holder = spawn("holder", "h", str(path), str(ack))
    cli_titles = [f"from the shell {n} ✨" for n in range(4)]
    try:
        wait_line(holder, "ready")
        for title in cli_titles:
            done = subprocess.run(
                [SCRIPT, "add", title, "--db", str(path)],
                capture_output=True,
                text=True,
                timeout=30,
                stdin=subprocess.DEVNULL,
            )
            assert done.returncode == 0, done.stderr
            assert done.stdout.startswith(f"Added “{title}”")
        holder.stdin.write("stop\n")
        holder.stdin.flush()
        seen = wait_line(holder, "seen").rstrip("\n").split(" ", 1)[1].split("\t")
        assert holder.wait(timeout=30) == 0
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    columns, _ = expected_from_acks(ack)
    assert len(columns) >= 10, "the holder wrote while the shell added"
    columns.update({title: "ideas" for title in cli_titles})
    check_everything_acknowledged_is_there(path, columns, [])
    # the open store sees what the shell added once it polls
    assert set(cli_titles) <= set(seen)


def test_a_lock_held_by_a_killed_process_never_blocks_the_next_writer(tmp_path):
    path = tmp_path / "board.json"
    Store.open(path)
    locker = spawn("locker", str(path))
    try:
        wait_line(locker, "locked")
        # while it lives, the lock is real: a writer with a short timeout is refused
        with pytest.raises(SaveFailed, match="busy"):
            with locked(path, timeout=0.3):
                pass
        os.kill(locker.pid, signal.SIGKILL)
        assert locker.wait(timeout=10) == -signal.SIGKILL
    finally:
        if locker.poll() is None:
            locker.kill()
            locker.wait()
    assert path.with_name("board.json.lock").exists()  # the lock file stays; its lock does not

    with locked(path, timeout=0):  # free at once: not one try fails (no waiting, no clock)
        pass
    card = Store.open(path).add_card("After the kill")
    done = subprocess.run(
        [SCRIPT, "add", "Also after the kill", "--db", str(path)],
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    titles = {c.title for c in Store.open(path).board.cards.values()}
    assert {card.title, "Also after the kill"} <= titles


def test_a_change_made_against_an_older_board_never_overwrites_or_resurrects(tmp_path):
    """What an open app does: changes computed from the board it holds, which another
    process has changed since (its poll has not run yet)."""
    from regroup.domain import board as ops
    from regroup.errors import Conflict

    path = tmp_path / "board.json"
    app, shell = Store.open(path), Store.open(path)
    shell.add_card("From the shell")  # takes the id the app's stale board would pick
    stale = ops.add_card(app.board, "From the app")  # built on the old board: refused, not written over
    with pytest.raises(Conflict):
        app.apply(stale)
    added = app.apply(lambda state: ops.add_card(state.board, "From the app", card_id=state.new_id("cards")))
    data = read_file(path)
    titles = sorted(doc["title"] for doc in data["cards"].values())
    assert "From the shell" in titles and "From the app" in titles
    assert app.board == Store.open(path).board
    app.apply(added.inverse())  # undo removes the app's card, not the shell's
    titles = {c.title for c in Store.open(path).board.cards.values()}
    assert "From the shell" in titles and "From the app" not in titles

    seen = app.board.cards[3]
    shell.reload_if_changed()
    shell.apply(ops.delete_card(shell.board, shell.board.cards[3]))
    before = path.read_bytes()
    with pytest.raises(Conflict, match="deleted in another window"):
        app.apply(lambda state: ops.move_card(state.board, seen, +1))  # moved here, deleted there: not brought back
    assert path.read_bytes() == before
    assert 3 not in app.board.cards and 3 not in Store.open(path).board.cards
