"""Saves run on the writer thread after the frame: the change is on screen first, on disk
before the next change is made, never lost on quit, and a failure is still reported."""

from __future__ import annotations

import threading

from conftest import column_titles, refuse_writes, reopen
from regroup.app import writer
from regroup.app.app import RegroupApp
from regroup.store import Store


def hold_writes(monkeypatch):
    """Make every app save wait until ``gate`` is set; ``log`` records what the file held
    when each save began."""
    gate = threading.Event()
    log: list[list[str]] = []
    real = Store.apply

    def apply(self, change):
        gate.wait(5)
        log.append(column_titles(Store.open(self.path, create=False), "planned"))
        return real(self, change)

    monkeypatch.setattr(Store, "apply", apply)
    return gate, log


async def test_the_move_is_on_screen_before_it_is_on_disk(store, db_path, monkeypatch):
    gate, _ = hold_writes(monkeypatch)
    before = db_path.read_bytes()
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("L")
        await pilot.pause()
        assert app.screen.board_view.column("planned").cards[0].title == "Pottery class on Thursdays"
        assert db_path.read_bytes() == before  # still being written
        gate.set()
    assert column_titles(reopen(db_path), "planned")[0] == "Pottery class on Thursdays"


async def test_the_next_change_waits_for_the_write_in_flight(store, db_path, monkeypatch):
    gate, log = hold_writes(monkeypatch)
    from regroup.app.screens import main

    built_after: list[bool] = []  # for each change made: was every earlier write finished?
    real_move = main.ops.move_card

    def move_card(board, card_id, step, now=None):
        built_after.append(all(w is None for w in [main_screen()._saving]))
        return real_move(board, card_id, step, now)

    monkeypatch.setattr(main.ops, "move_card", move_card)
    app = RegroupApp(store, poll=False)
    main_screen = lambda: app.screen  # noqa: E731
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("L")
        threading.Timer(0.2, gate.set).start()  # the disk is slow
        await pilot.press("L")  # the same card on to doing: made only once the first move is on disk
        await pilot.pause()
        assert len(app.screen.undo_stack) == 2
    assert built_after == [True, True]
    # the first write found the file as it was; the second found the first move in it
    assert "Pottery class on Thursdays" not in log[0]
    assert "Pottery class on Thursdays" in log[1]
    assert column_titles(reopen(db_path), "doing")[0] == "Pottery class on Thursdays"


async def test_undo_right_after_a_move_takes_back_that_move(store, db_path, monkeypatch):
    gate, _ = hold_writes(monkeypatch)
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("L")
        threading.Timer(0.1, gate.set).start()
        await pilot.press("u")
        await pilot.pause()
    saved = reopen(db_path)
    assert column_titles(saved, "ideas")[0] == "Pottery class on Thursdays"
    assert "Pottery class on Thursdays" not in column_titles(saved, "planned")


async def test_quit_waits_for_the_write_in_flight(store, db_path, monkeypatch):
    gate, _ = hold_writes(monkeypatch)
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("L")
        threading.Timer(0.2, gate.set).start()
        await pilot.press("q")
    assert app.return_code is None or app.return_code == 0
    # read straight from the file, without waiting for the writer thread
    assert column_titles(Store.open(db_path, create=False), "planned")[0] == "Pottery class on Thursdays"


async def test_quit_with_changes_the_disk_refused_warns_first(store, db_path, monkeypatch):
    before = db_path.read_bytes()
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        refuse_writes(monkeypatch)
        await pilot.press("L")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running  # not yet: it says what would be lost
        assert any("press q again" in n.message for n in app._notifications)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    writer.drain()
    assert db_path.read_bytes() == before


async def test_quit_saves_what_the_disk_refused_once_it_takes_it(store, db_path, monkeypatch):
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        refuse_writes(monkeypatch)
        await pilot.press("L")
        await pilot.pause()
        monkeypatch.undo()  # space was freed
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert column_titles(Store.open(db_path, create=False), "planned")[0] == "Pottery class on Thursdays"


def test_held_writes_start_in_order_and_drain_starts_them():
    """A write is held until the frame is shown; whatever starts one starts every write
    made before it first, and drain (the command line calls it when the app has
    stopped) starts and finishes them all."""
    done: list[str] = []
    first = writer.submit(done.append, "first")
    second = writer.submit(done.append, "second")
    third = writer.submit(done.append, "third")
    second.start()
    second.future.result(timeout=5)
    assert done == ["first", "second"]
    assert not third.future.done()
    writer.drain()
    assert done == ["first", "second", "third"]
    assert first.future.done() and third.future.done()
