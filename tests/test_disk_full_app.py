"""The disk says no: nothing is shown that is not on disk. The change is not made, one
sentence says why, and the same key works once there is room again."""

from __future__ import annotations

from conftest import column_titles, refuse_writes, reopen, said
from regroup.app.app import RegroupApp
from regroup.app.modals.plan_settings import PlanSettings


async def test_a_move_on_a_full_disk_is_not_shown_and_works_once_there_is_room(store, db_path, monkeypatch):
    before = db_path.read_bytes()
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        refuse_writes(monkeypatch)
        await pilot.press("L")
        await pilot.pause()
        view = app.screen.board_view
        assert view.column("ideas").cards[0].title == "Pottery class on Thursdays"  # not moved on screen
        assert app.screen.focused_card.title == "Pottery class on Thursdays"
        assert db_path.read_bytes() == before  # the file is intact
        assert not list(db_path.parent.glob(".*.tmp"))
        assert said(app, "disk is full")
        monkeypatch.undo()  # space was freed
        await pilot.press("L")
        await pilot.pause()
        assert view.column("planned").cards[0].title == "Pottery class on Thursdays"
    saved = reopen(db_path)
    assert column_titles(saved, "planned")[0] == "Pottery class on Thursdays"


async def test_an_undo_on_a_full_disk_is_refused_and_works_once_there_is_room(store, db_path, monkeypatch):
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("L")
        await pilot.pause()
        moved = db_path.read_bytes()
        refuse_writes(monkeypatch)
        await pilot.press("u")
        await pilot.pause()
        assert app.screen.board_view.column("planned").cards[0].title == "Pottery class on Thursdays"
        assert db_path.read_bytes() == moved
        assert said(app, "disk is full")
        monkeypatch.undo()
        await pilot.press("u")
        await pilot.pause()
        assert app.screen.board_view.column("ideas").cards[0].title == "Pottery class on Thursdays"
    assert column_titles(reopen(db_path), "ideas")[0] == "Pottery class on Thursdays"


async def test_plan_settings_come_back_with_what_was_typed(store, db_path, monkeypatch):
    before = db_path.read_bytes()
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        app.screen.query_one("#name").value = "Sam 🌙"
        refuse_writes(monkeypatch)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, PlanSettings)
        assert app.screen.query_one("#name").value == "Sam 🌙"
        assert db_path.read_bytes() == before
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert reopen(db_path).journey.plan.name == "Sam 🌙"
