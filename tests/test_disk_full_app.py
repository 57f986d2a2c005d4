"""The disk says no: the app keeps the change on screen, says so, and saves it later."""

from __future__ import annotations

from conftest import column_titles, refuse_writes, reopen
from regroup.app.app import RegroupApp
from regroup.app.modals.plan_settings import PlanSettings


async def test_move_on_a_full_disk_stays_on_screen_and_is_saved_later(store, db_path, monkeypatch):
    before = db_path.read_bytes()
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        refuse_writes(monkeypatch)
        await pilot.press("L")
        await pilot.pause()
        view = app.screen.board_view
        assert view.column("planned").cards[0].title == "Pottery class on Thursdays"  # still on screen
        assert db_path.read_bytes() == before  # the file is intact
        assert not list(db_path.parent.glob(".*.tmp"))
        assert any("disk is full" in n.message for n in app._notifications)
        assert app.sub_title.startswith("unsaved")
        await pilot.press("J")  # a second change waits behind the first
        await pilot.pause()
        monkeypatch.undo()
        app.check_file()  # what the poll does every second
        await pilot.pause()
        assert app.sub_title == ""
    saved = reopen(db_path)
    assert column_titles(saved, "planned")[:2] == ["New haircut", "Pottery class on Thursdays"]


async def test_undo_drops_a_change_the_disk_refused(store, db_path, monkeypatch):
    before = db_path.read_bytes()
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        refuse_writes(monkeypatch)
        await pilot.press("L")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert app.screen.board_view.column("ideas").cards[0].title == "Pottery class on Thursdays"
        monkeypatch.undo()
        app.check_file()
        await pilot.pause()
    assert db_path.read_bytes() == before


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
