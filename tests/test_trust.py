"""Every key does what it says, in order, and never erases another window's work
(issue 11): keys in a burst act like keys typed slowly; a stale move or an undo never
writes over what another window, ``add`` or ``import`` saved; one database whatever name
reaches it."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import events

from conftest import FIXED_NOW, column_titles, reopen, said, seed
from regroup import cli
from regroup.app.app import RegroupApp
from regroup.domain import board as ops
from regroup.store import Store

# A key, or a few keys that belong together (a dialog opened, filled in and closed).
BOARD_KEYS = ["h", "j", "k", "l", "H", "J", "K", "L", "g", "G", "u", "U", "ctrl+r"]
GROUPS = [
    ["n", "x", "ctrl+s"],
    ["d", "y"],
    ["d", "n"],
    ["e", "!", "ctrl+s"],
    ["e", "escape"],
    ["slash", "o", "enter"],
    ["escape"],
]
TOKENS = st.one_of(st.sampled_from(BOARD_KEYS).map(lambda key: [key]), st.sampled_from(GROUPS))


def character(key: str) -> str | None:
    return {"slash": "/", "escape": "\x1b", "enter": "\r"}.get(key, key if len(key) == 1 else None)


async def settle(pilot) -> None:
    """Wait until every key sent has been taken in (not for a fixed time)."""
    app = pilot.app
    for _ in range(500):
        await pilot.pause()
        if app.keys.idle:
            await pilot.pause()
            return
    raise AssertionError("the keys were never all taken in")


def cards_in(path: Path) -> dict:
    return json.loads(path.read_bytes())["cards"]


async def run_keys(path: Path, keys: list[str], burst: bool) -> tuple[str | None, str]:
    app = RegroupApp(Store.open(path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        if burst:  # as a terminal delivers a fast typist's keys: all queued before any is handled
            for key in keys:
                app.post_message(events.Key(key, character(key)))
            await settle(pilot)
        else:
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
        card = getattr(app.screen, "focused_card", None)
        return (card.title if card else None), type(app.screen).__name__


@settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(TOKENS, min_size=1, max_size=8))
def test_keys_in_a_burst_give_what_the_same_keys_give_one_by_one(tmp_path_factory, tokens):
    """Random board keys (moves, reorders, focus, undo, redo, new, delete, edit, filter),
    sent in one go and one at a time, to copies of one file: the same file, the same
    focused card, the same screen. (Hypothesis prints the keys of any failing example;
    derandomize makes every run try the same ones.)"""
    import asyncio

    keys = [key for token in tokens for key in token]
    folder = tmp_path_factory.mktemp("burst")
    slow, fast = folder / "slow.json", folder / "fast.json"
    with time_machine.travel(FIXED_NOW, tick=False):
        seed(slow, plan=True)
        shutil.copy2(slow, fast)
        one_by_one = asyncio.run(run_keys(slow, keys, burst=False))
        in_a_burst = asyncio.run(run_keys(fast, keys, burst=True))
    assert cards_in(fast) == cards_in(slow), keys
    assert in_a_burst == one_by_one, keys


# --- another window (a second Store on the same file, as a second process would be) ---


def other_window(db_path: Path) -> Store:
    return Store.open(db_path)


def edit_title(store: Store, card_id: int, title: str) -> None:
    seen = store.board.cards[card_id]
    store.apply(ops.edit_card(store.board, seen, title, seen.category, seen.notes))


async def test_undo_keeps_the_title_another_window_saved_since(store, db_path):
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("L")  # Pottery to Planned
        edit_title(other_window(db_path), 1, "Pottery class on Thursdays with Maria")
        await pilot.press("u")
        await pilot.pause()
    saved = reopen(db_path).board.cards[1]
    assert saved.title == "Pottery class on Thursdays with Maria"  # the other window's edit stays
    assert saved.column == "ideas"  # and the move was undone: column and position only


async def test_undo_of_a_move_whose_card_was_deleted_elsewhere_is_refused(store, db_path):
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("L")
        other = other_window(db_path)
        other.apply(ops.delete_card(other.board, other.board.cards[1]))
        before = db_path.read_bytes()
        await pilot.press("u")
        await pilot.pause()
        assert db_path.read_bytes() == before  # not brought back under its old id
        assert said(app, "deleted in another window")
        assert 1 not in app.screen.board_view.board.cards  # the screen shows the file
    assert 1 not in reopen(db_path).board.cards


async def test_undo_after_an_import_does_not_put_back_the_pre_import_card(store, db_path, tmp_path):
    export = tmp_path / "before.json"
    assert cli.main(["export", "--format", "json", "--out", str(export), "--db", str(db_path)]) == 0
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("L")  # Pottery to Planned
        other = other_window(db_path)
        edit_title(other, 3, "Dinner with Maya and Sam")  # saved here, then the import comes
        assert cli.main(["import", str(export), "--db", str(db_path)]) == 0
        imported = db_path.read_bytes()
        await pilot.press("u")
        await pilot.pause()
        assert db_path.read_bytes() == imported  # the import took this window's move out of the history
        assert said(app, "Nothing of this window's is left to undo")
    assert column_titles(reopen(db_path), "ideas")[0] == "Pottery class on Thursdays"


async def test_a_stale_move_keeps_the_edit_another_window_just_saved(store, db_path):
    """The other window saves an edit; this one moves the card before its poll has read
    the file: the move changes the column and position only."""
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        edit_title(other_window(db_path), 1, "Pottery class on Thursdays, 7 pm")
        assert app.screen.focused_card.title == "Pottery class on Thursdays"  # stale on screen
        await pilot.press("L")
        await pilot.pause()
        assert app.screen.focused_card.title == "Pottery class on Thursdays, 7 pm"  # and now the file's
    saved = reopen(db_path).board.cards[1]
    assert (saved.title, saved.column) == ("Pottery class on Thursdays, 7 pm", "planned")


async def test_a_stale_edit_of_a_title_changed_elsewhere_is_refused_with_what_was_typed_kept(store, db_path):
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        edit_title(other_window(db_path), 1, "Pottery on Fridays")
        before = db_path.read_bytes()
        app.screen.query_one("#title").value = "Pottery on Thursdays, 7 pm"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert db_path.read_bytes() == before
        assert "changed in another window" in str(app.screen.query_one("#error").render())
        assert app.screen.query_one("#title").value == "Pottery on Thursdays, 7 pm"
    assert reopen(db_path).board.cards[1].title == "Pottery on Fridays"


# --- one database, whatever name reaches it ------------------------------------------------


def test_a_symlinked_database_stays_one_file(tmp_path, capsys):
    real = tmp_path / "real.json"
    seed(real, plan=True)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert cli.main(["add", "Salsa night", "--db", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert "Salsa night" in column_titles(Store.open(real, create=False), "ideas")
    store = Store.open(link)  # the app's way in: moves land in the real file too
    store.apply(ops.move_card(store.board, store.board.cards[1], +1))
    assert link.is_symlink()
    assert Store.open(real, create=False).board.cards[1].column == "planned"


def test_a_hard_linked_database_is_refused_with_one_sentence(tmp_path, capsys):
    real = tmp_path / "real.json"
    seed(real, plan=True)
    other = tmp_path / "other.json"
    os.link(real, other)
    before = real.read_bytes()
    assert cli.main(["add", "Salsa night", "--db", str(other)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "hard links" in err and "symbolic link" in err
    assert real.read_bytes() == before and os.stat(real).st_nlink == 2
    assert cli.main(["status", "--db", str(other)]) == 0  # reading it is fine
    with pytest.raises(Exception, match="hard links"):
        Store.open(real)  # every name: the app is refused too


# --- found by the hostile review of issue 11 ----------------------------------------------


async def test_u_in_a_window_with_no_changes_never_takes_back_another_open_windows_work(store, db_path):
    """A window that has made no change of its own may take back what a run that has
    ended made (u after a relaunch); never the work of a window still open."""
    from regroup.store.locking import SessionMark

    other = other_window(db_path)
    mark = SessionMark(db_path, "window-b")  # window B is open
    other.apply(lambda s: ops.add_card(s.board, "B-NEW", card_id=s.new_id("cards")), session="window-b", record=True)
    app = RegroupApp(reopen(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("u")
        await pilot.pause()
        assert said(app, "Nothing to undo")
        assert "B-NEW" in column_titles(reopen(db_path), "ideas")
        mark.release()  # B quits: its work is now an ended run's, as after a relaunch
        await pilot.press("u")
        await pilot.pause()
        assert said(app, "Undone: added “B-NEW” to Ideas")
    assert "B-NEW" not in column_titles(reopen(db_path), "ideas")


async def test_a_change_saved_before_the_poll_also_shows_what_other_windows_saved(store, db_path):
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        other = other_window(db_path)
        other.add_card("From window B")
        other.apply(ops.delete_card(other.board, other.board.cards[3]))
        await pilot.press("L")  # saved before this window's poll has read the file
        await pilot.pause()
        shown = {c.title for column in app.screen.board_view.columns for c in column.cards}
        assert "From window B" in shown and "Dinner with Maya" not in shown
        assert app.screen.focused_card.title == "Pottery class on Thursdays"


async def test_an_undo_across_an_import_is_refused_even_when_the_values_match(store, db_path, tmp_path):
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("L")
        await pilot.pause()
        export = tmp_path / "same.json"
        assert cli.main(["export", "--format", "json", "--out", str(export), "--db", str(db_path)]) == 0
        assert cli.main(["import", str(export), "--db", str(db_path)]) == 0  # the same state
        before = db_path.read_bytes()
        await pilot.press("u")
        await pilot.pause()
        assert db_path.read_bytes() == before
        assert said(app, "Cannot undo that change: the database was replaced by an import since")


def test_import_through_a_symlink_takes_the_real_files_lock(tmp_path, capsys):
    real = tmp_path / "real.json"
    seed(real, plan=True)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    export = tmp_path / "export.json"
    assert cli.main(["export", "--format", "json", "--out", str(export), "--db", str(real)]) == 0
    assert cli.main(["import", str(export), "--db", str(link)]) == 0
    assert link.is_symlink() and (tmp_path / "real.json.lock").exists()
    assert not (tmp_path / "link.json.lock").exists()


@pytest.mark.parametrize("command", ["import", "init"])
def test_a_hard_linked_database_is_refused_by_import_and_init_with_status_2_and_no_backup(tmp_path, capsys, command):
    real = tmp_path / "real.json"
    seed(real, plan=True)
    os.link(real, tmp_path / "other.json")
    export = tmp_path / "export.json"
    assert cli.main(["export", "--format", "json", "--out", str(export), "--db", str(real)]) == 0
    capsys.readouterr()
    before = sorted(p.name for p in tmp_path.iterdir())
    args = (
        ["import", str(export)]
        if command == "import"
        else ["init", "--breakup-date", "2026-11-20", "--ended-by", "me", "--force"]
    )
    assert cli.main([*args, "--db", str(real)]) == 2
    assert "hard links" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == before
