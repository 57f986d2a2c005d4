"""The store: round trip, atomic replace, private mode, schema version, refusals."""

from __future__ import annotations

import errno
import json
import os
import stat

import pytest

from conftest import FIXED_NOW, reopen, sample_cards, seed
from regroup.domain import board as ops
from regroup.errors import FileRefused, SaveFailed
from regroup.store import SCHEMA_VERSION, Store, files, locking


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_new_database_has_schema_starter_cards_and_mode_0600(db_path):
    store = Store.open(db_path, now=FIXED_NOW)
    data = json.loads(db_path.read_text())
    assert data["_meta"]["1"]["schema"] == SCHEMA_VERSION
    assert mode(db_path) == 0o600
    cards = store.board.column("ideas")
    assert len(cards) >= 12
    assert all(card.source.endswith(".txt") for card in cards)
    assert not any("apology" in card.title.lower() for card in cards)


def test_folder_created_0700(tmp_path):
    path = tmp_path / "new" / "deeper" / "board.json"
    Store.open(path)
    assert mode(path.parent) == 0o700
    assert mode(path) == 0o600


def test_round_trip(store, db_path):
    board = store.board
    change = ops.add_card(board, "  Salsa night ✨  ", column="doing", category="body", notes="Tuesdays\nbring water")
    store.apply(change)
    again = reopen(db_path)
    assert again.board == store.board
    card = again.board.column("doing")[-1]
    assert card.title == "Salsa night ✨"
    assert card.notes == "Tuesdays\nbring water"
    assert card.started is not None
    assert set(again.board.cards) == {c.id for c in sample_cards()} | {card.id}


def test_rtl_and_emoji_kept_exactly(store, db_path):
    title = "שיעור קרמיקה 🏺 pottery"
    store.apply(ops.add_card(store.board, title))
    assert reopen(db_path).board.column("ideas")[-1].title == title


def test_write_replaces_the_file_atomically(store, db_path):
    inode = os.stat(db_path).st_ino
    store.apply(ops.move_card(store.board, store.board.cards[1], +1))
    assert os.stat(db_path).st_ino != inode  # a new file renamed over the old one
    assert mode(db_path) == 0o600
    assert not list(db_path.parent.glob(".*.tmp"))


def test_rewrite_tightens_a_loose_file_to_0600(store, db_path):
    os.chmod(db_path, 0o644)
    store.apply(ops.move_card(store.board, store.board.cards[1], +1))
    assert mode(db_path) == 0o600


def test_failed_write_leaves_old_file_and_store_consistent(store, db_path, monkeypatch):
    before = db_path.read_bytes()

    def boom(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "write", boom)
    with pytest.raises(SaveFailed, match="disk is full"):
        store.apply(ops.move_card(store.board, store.board.cards[1], +1))
    monkeypatch.undo()
    assert db_path.read_bytes() == before
    assert store.board.cards[1].column == "ideas"
    assert not list(db_path.parent.glob(".*.tmp"))
    store.apply(ops.move_card(store.board, store.board.cards[2], +1))  # the store still works
    assert reopen(db_path).board.cards[2].column == "planned"


def test_kill_leftover_temp_files_are_cleaned(store, db_path):
    stale = db_path.with_name(f".{db_path.name}.deadbeef.tmp")
    stale.write_text("{half")
    Store.open(db_path)
    assert not stale.exists()


def test_unchanged_file_is_not_parsed_again(store, db_path):
    again = reopen(db_path)
    parses = again.parses
    for _ in range(5):
        assert not again.reload_if_changed()
    assert again.parses == parses
    store.apply(ops.move_card(store.board, store.board.cards[1], +1))
    assert again.reload_if_changed()
    assert again.parses == parses + 1
    assert again.board.cards[1].column == "planned"


def test_undo_change_round_trip(store, db_path):
    original = store.board
    change = store.apply(ops.delete_card(store.board, store.board.cards[3]))
    store.apply(change.inverse())
    assert reopen(db_path).board == original


@pytest.mark.parametrize(
    "content, words",
    [
        (b"", "is empty"),
        (b'{"_meta": {"1": {"schema": 1}}, "cards": {"1": {"id"', "not valid JSON"),
        (b"\x89PNG\r\n\x1a\n", "not valid JSON"),
        (b"[1, 2, 3]", "not a regroup-tui database"),
        (b'{"cards": {}}', "no schema version"),
        (b'{"_meta": {"1": {"schema": 99}}}', "newer regroup-tui"),
    ],
)
def test_bad_files_are_refused_untouched(db_path, content, words):
    db_path.write_bytes(content)
    with pytest.raises(FileRefused, match=words) as info:
        Store.open(db_path)
    assert str(db_path) in str(info.value)
    assert db_path.read_bytes() == content


def test_other_process_change_is_seen_under_the_lock(store, db_path):
    other = reopen(db_path)
    other.add_card("From the shell")
    store.apply(ops.move_card(store.board, store.board.cards[1], +1))  # must not overwrite the other change
    saved = reopen(db_path)
    assert "From the shell" in [c.title for c in saved.board.column("ideas")]
    assert saved.board.cards[1].column == "planned"


def test_lock_is_released_even_if_holder_dies(db_path):
    import subprocess
    import sys

    seed(db_path)
    code = (
        "import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT);"
        "fcntl.flock(fd, fcntl.LOCK_EX); os.kill(os.getpid(), 9)"
    )
    subprocess.run([sys.executable, "-c", code, str(db_path) + ".lock"], check=False)
    with locking.locked(db_path, timeout=1):
        pass


def test_incremental_encoder_writes_exactly_what_json_dumps_writes():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from regroup.store.storage import IncrementalEncoder

    scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.text(), st.floats(allow_nan=False))
    doc = st.dictionaries(st.text(), st.one_of(scalar, st.lists(scalar, max_size=3)), max_size=4)
    data = st.dictionaries(st.text(), st.dictionaries(st.text(), doc, max_size=5), max_size=4)

    encoder = IncrementalEncoder()

    @settings(max_examples=200, deadline=None)
    @given(data, data)
    def check(first, second):
        for value in (first, second, first):
            assert encoder.encode(value) == json.dumps(value, ensure_ascii=True, separators=(",", ":"))

    check()


def test_incremental_encoder_sees_a_change_made_in_place_that_its_hint_names():
    from regroup.store.storage import IncrementalEncoder

    encoder = IncrementalEncoder()
    data = {"cards": {"1": {"id": 1, "title": "a"}}, "_meta": {"1": {"schema": 2, "migrations": []}}}
    encoder.encode(data)
    data["cards"]["1"]["title"] = "b"  # what TinyDB's update does
    data["_meta"]["1"]["migrations"].append({"from": 1})
    assert encoder.encode(data, {"cards": {"1"}, "_meta": {"1"}}) == json.dumps(
        data, ensure_ascii=True, separators=(",", ":")
    )


def test_every_save_of_the_suite_is_checked_against_json_dumps():
    """conftest sets REGROUP_CHECK_ENCODER: each write compares the incremental text with
    a plain json.dumps, so a change the store made without naming it in its hint fails
    the test that made it (a forgotten hint would otherwise write a stale document)."""
    from regroup.store import storage

    assert storage.CHECK_ENCODER


def test_incremental_encoder_with_hints_writes_exactly_what_json_dumps_writes():
    """The store tells the encoder which documents a change touched (every one: that is
    its contract); the rest is copied from memory. After any run of TinyDB-like edits (in place, inserts, removes, the table
    dict rebuilt, the file re-read), the text is still exactly json.dumps."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from regroup.store.storage import IncrementalEncoder

    ops = st.lists(
        st.tuples(
            st.sampled_from(["update", "insert", "remove", "rebuild", "reread", "other-table", "list-doc", "warm"]),
            st.integers(0, 30),
            st.text(max_size=5),
        ),
        max_size=25,
    )

    @settings(max_examples=200, deadline=None)
    @given(ops)
    def check(steps):
        data = {"cards": {str(i): {"id": i, "title": f"t{i}"} for i in range(1, 6)}, "plan": {"1": {"days": 21}}}
        encoder = IncrementalEncoder()
        if steps and steps[0][0] != "warm":  # else the first encode comes after a partial warm-up
            assert encoder.encode(data) == json.dumps(data, ensure_ascii=True, separators=(",", ":"))
        for op, n, text in steps:
            cards = data["cards"]
            keys = list(cards)
            touched: dict[str, set[str]] = {"cards": set()}
            if op == "update" and keys:
                key = keys[n % len(keys)]
                cards[key]["title"] = text  # in place, as TinyDB's update does
                touched["cards"].add(key)
            elif op == "insert":
                key = str(100 + n)
                cards[key] = {"id": 100 + n, "title": text}
                touched["cards"].add(key)
            elif op == "remove" and keys:
                key = keys[n % len(keys)]
                del cards[key]
                touched["cards"].add(key)
            elif op == "rebuild":
                data["cards"] = {key: doc for key, doc in cards.items()}  # same documents, new dict
            elif op == "reread":
                data = json.loads(json.dumps(data))  # another process wrote: all new objects
                if keys:
                    data["cards"][keys[n % len(keys)]]["title"] = text + "!"  # ...and changed one
            elif op == "other-table":
                data["plan"]["1"]["days"] = n  # a change in place in another table, named
                touched = {"plan": {"1"}}
            elif op == "list-doc":
                key = str(200 + n)
                data["cards"][key] = {"id": 200 + n, "tags": [text]}
                touched["cards"].add(key)
            elif op == "warm":  # a slice of the first save's work done ahead, then a change in place
                encoder.warm(data, 1 + n % 3)
                if keys:
                    key = keys[n % len(keys)]
                    cards[key]["title"] = text + "?"
                    touched["cards"].add(key)
            assert encoder.encode(data, touched) == json.dumps(data, ensure_ascii=True, separators=(",", ":"))

    check()


def test_the_store_imports_and_works_where_fcntl_does_not_exist(db_path, monkeypatch):
    """Windows has no fcntl: the package must import there, and lock with msvcrt. Here
    fcntl is made unimportable and msvcrt stands in, built on the same OS lock, so the
    path a Windows run takes is the one exercised: import, save, a second writer waiting."""
    import fcntl as real_fcntl
    import importlib
    import sys
    import types

    from regroup.store import locking

    calls: list[str] = []
    fake = types.ModuleType("msvcrt")
    fake.LK_NBLCK, fake.LK_UNLCK = 2, 0

    def locking_call(fd, mode, nbytes):  # msvcrt.locking's contract: OSError EACCES when held
        calls.append("lock" if mode == fake.LK_NBLCK else "unlock")
        try:
            real_fcntl.flock(
                fd, (real_fcntl.LOCK_EX | real_fcntl.LOCK_NB) if mode == fake.LK_NBLCK else real_fcntl.LOCK_UN
            )
        except BlockingIOError:
            raise OSError(errno.EACCES, "Permission denied") from None

    fake.locking = locking_call
    monkeypatch.setitem(sys.modules, "fcntl", None)  # import fcntl raises ImportError
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    monkeypatch.setattr(locking, "_primitives", None)
    for name in ("regroup.store.files", "regroup.store.locking"):
        importlib.reload(sys.modules[name])  # no import of fcntl at module level
    try:
        store = seed(db_path, plan=True)
        store.apply(ops.move_card(store.board, store.board.cards[1], +1))
        assert reopen(db_path).board.cards[1].column == "planned"
        assert "lock" in calls and "unlock" in calls
        with sys.modules["regroup.store.locking"].locked(db_path):  # held: another writer gives up
            with pytest.raises(SaveFailed, match="busy"):
                with sys.modules["regroup.store.locking"].locked(db_path, timeout=0.05):
                    pass
    finally:
        monkeypatch.undo()
        importlib.reload(sys.modules["regroup.store.files"])
        importlib.reload(sys.modules["regroup.store.locking"])
