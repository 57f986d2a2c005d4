"""Nothing is final (issue 15): u undoes the last change of any kind and ctrl+r (or U)
redoes it, each checked in the file reopened; the history outlives the app; an undo is
refused rather than erase what another process saved; add and import join the history;
the timeline corrects, removes and brings back, and all of it is undoable."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from conftest import FIXED_NOW, planned, reopen, running, said
from regroup import cli
from regroup.app.app import RegroupApp
from regroup.app.modals.confirm import Confirm
from regroup.app.screens.main import MainScreen
from regroup.app.screens.timeline import TimelineScreen
from regroup.domain import board as ops
from regroup.domain.daily import make_checkin, make_contact, make_entry
from regroup.domain.journey import Check
from regroup.domain.plan import make_slip
from regroup.store import Store


@pytest.fixture(autouse=True)
def frozen(frozen_evening):
    return frozen_evening


def state(db_path) -> dict:
    """The user's records as the file holds them (not the history, not _meta)."""
    data = json.loads(db_path.read_bytes())
    return {t: rows for t, rows in data.items() if t not in ("history", "_meta", "deleted") and rows}


async def do_undo_redo(db_path, keys, pilot_setup=None):
    """Press ``keys`` (a change), then u, then ctrl+r, then U after another u: return the
    file's records after each step."""
    app = RegroupApp(reopen(db_path), poll=False)
    steps = {"before": state(db_path)}
    async with running(app) as pilot:
        await pilot.pause()
        for key in keys:
            if callable(key):
                await key(app, pilot)
            else:
                await pilot.press(key)
            await pilot.pause()
        await pilot.pause()
        steps["done"] = state(db_path)
        for name, key in (("undone", "u"), ("redone", "ctrl+r"), ("undone again", "u"), ("redone with U", "U")):
            while not isinstance(app.screen, MainScreen):
                await pilot.press("escape")
                await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            steps[name] = state(db_path)
        app_ = app
    assert steps["done"] != steps["before"], "the change was not made"
    assert steps["undone"] == steps["before"] == steps["undone again"]
    assert steps["redone"] == steps["done"] == steps["redone with U"]
    return app_


def typed(selector: str, value: str):
    async def fill(app, pilot):
        widget = app.screen.query_one(selector)
        if hasattr(widget, "load_text"):  # a TextArea
            widget.load_text(value)
        else:
            widget.value = value

    return fill


# --- every kind of change ------------------------------------------------------------


async def test_card_changes(db_path):
    planned(db_path)
    await do_undo_redo(db_path, ["L"])
    await do_undo_redo(db_path, ["J"])
    await do_undo_redo(db_path, ["n", *"Salsa", "ctrl+s"])
    await do_undo_redo(db_path, ["e", typed("#title", "Pottery on Fridays"), "ctrl+s"])
    await do_undo_redo(db_path, ["d", "y"])


async def test_plan_settings(db_path):
    planned(db_path)
    await do_undo_redo(db_path, ["p", typed("#name", "Sam"), "ctrl+s"])
    await do_undo_redo(db_path, ["p", typed("#tz", "Asia/Tokyo"), "ctrl+s"])


async def test_a_slip_and_its_toast_in_words(db_path):
    planned(db_path)
    app = await do_undo_redo(db_path, ["exclamation_mark", typed("#slip-date", "2026-11-21"), "ctrl+s"])
    assert said(app, "Undone: slip of Sat 21 Nov; the count runs from Sun 15 Nov again")


async def test_check_in_journal_and_contact(db_path, frozen):
    planned(db_path)
    await do_undo_redo(db_path, ["c", "4", "ctrl+s"])
    await do_undo_redo(db_path, ["w", "n", typed("#entry-wrong", "I stopped listening."), "ctrl+s", "escape"])
    frozen.move_to(FIXED_NOW.replace(month=12, day=8, hour=12))  # past the contact date (6 Dec)
    store = reopen(db_path)
    store.log_check(Check(date(2026, 12, 6), "ready"))
    await do_undo_redo(db_path, ["t", typed("#contact-note", "coffee"), "ctrl+s"])


async def test_the_emotion_check_and_its_extension(db_path, frozen):
    planned(db_path)
    frozen.move_to(FIXED_NOW.replace(month=12, day=6, hour=12))  # the contact date: the check is asked
    from regroup.app.modals.emotion_check import EmotionCheck

    app = RegroupApp(reopen(db_path), poll=False)
    async with running(app) as pilot:
        while not isinstance(app.screen, EmotionCheck):  # asked as the board opens
            await pilot.pause()
        await pilot.press("n")  # not yet: 7 more days
        await pilot.pause()
        assert len(reopen(db_path).journey.extensions) == 1
        await pilot.press("u")
        await pilot.pause()
        again = reopen(db_path).journey
        assert again.extensions == () and again.checks == ()
        while not isinstance(app.screen, EmotionCheck):  # unanswered again: it is asked again
            await pilot.pause()
        await pilot.press("escape", "ctrl+r")  # later; and the answer comes back
        await pilot.pause()
        assert len(reopen(db_path).journey.extensions) == 1


async def test_moved_on_and_archiving(db_path, frozen):
    planned(db_path)
    frozen.move_to(FIXED_NOW.replace(month=12, day=8, hour=12))
    reopen(db_path).log_check(Check(date(2026, 12, 6), "ready"))
    app = RegroupApp(reopen(db_path), poll=False)
    async with running(app) as pilot:
        await pilot.press("t")
        await pilot.pause()
        app.screen.query_one("#contact-moved-on").value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")  # archive the plan
        await pilot.pause()
        plan = reopen(db_path).journey.plan
        assert plan.archived and plan.moved_on == date(2026, 12, 8)
        await pilot.press("u")  # the archiving; the contact log still says they moved on
        await pilot.pause()
        plan = reopen(db_path).journey.plan
        assert not plan.archived and plan.moved_on == date(2026, 12, 8) and len(reopen(db_path).journey.contacts) == 1
        await pilot.press("u")  # the contact, and with it "moved on"
        await pilot.pause()
        assert reopen(db_path).journey.contacts == () and reopen(db_path).journey.plan.moved_on is None
        await pilot.press("ctrl+r", "ctrl+r")
        await pilot.pause()
    assert reopen(db_path).journey.plan.archived


# --- the history outlives the app; others' changes are never erased ------------------


async def test_u_after_a_relaunch_undoes_the_change_made_before_quitting(db_path):
    planned(db_path)
    app = RegroupApp(reopen(db_path), poll=False)
    async with running(app) as pilot:
        await pilot.press("L")
        await pilot.press("q")
    assert reopen(db_path).board.cards[1].column == "planned"
    app = RegroupApp(reopen(db_path), poll=False)
    async with running(app) as pilot:
        await pilot.press("u")
        await pilot.pause()
        assert said(app, "Undone: moved “Pottery class on Thursdays” to Planned")
    assert reopen(db_path).board.cards[1].column == "ideas"


async def test_an_undo_is_refused_when_another_process_changed_the_same_record(db_path):
    planned(db_path)
    app = RegroupApp(reopen(db_path), poll=False)
    async with running(app) as pilot:
        await pilot.press("L")
        await pilot.pause()
        other = Store.open(db_path)  # another window moves the card on
        other.apply(ops.move_card(other.board, other.board.cards[1], +1), session="other", record=True)
        before = db_path.read_bytes()
        await pilot.press("u")
        await pilot.pause()
        assert db_path.read_bytes() == before
        assert said(app, "Cannot undo that change: “Pottery class on Thursdays” was changed in another window since")
        await pilot.press("u")  # the refused one is passed over: nothing of this window's is left
        await pilot.pause()
    assert reopen(db_path).board.cards[1].column == "doing"


async def test_add_from_the_shell_joins_the_history(db_path, capsys):
    planned(db_path)
    assert cli.main(["add", "Salsa night", "--db", str(db_path)]) == 0
    app = RegroupApp(reopen(db_path), poll=False)
    async with running(app) as pilot:
        await pilot.press("u")
        await pilot.pause()
        assert said(app, "Undone: added “Salsa night” to Ideas")
    assert "Salsa night" not in {c.title for c in reopen(db_path).board.cards.values()}


async def test_import_joins_the_history_and_u_takes_it_back(db_path, tmp_path, capsys):
    planned(db_path)
    export = tmp_path / "export.json"
    assert cli.main(["export", "--format", "json", "--out", str(export), "--db", str(db_path)]) == 0
    reopen(db_path).add_card("Added after the export")
    before_import = state(db_path)
    assert cli.main(["import", str(export), "--db", str(db_path)]) == 0
    assert "u in the app takes the import back" in capsys.readouterr().out
    app = RegroupApp(reopen(db_path), poll=False)
    async with running(app) as pilot:
        await pilot.press("u")
        await pilot.pause()
        assert said(app, "Undone: import of export.json")
    assert state(db_path) == before_import


# --- the timeline ------------------------------------------------------------------------


async def test_a_wrong_slip_is_corrected_in_the_timeline_and_the_correction_undone(db_path):
    store = planned(db_path)
    store.log_slip(make_slip("2026-11-24", "texted at 2am", store.journey.plan, now=FIXED_NOW))
    app = RegroupApp(reopen(db_path), poll=False)
    async with running(app) as pilot:
        await pilot.press("T")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        assert app.screen.current.kind == "slip"
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#correct-first").value = "2026-11-22"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [s.day for s in reopen(db_path).journey.slips] == [date(2026, 11, 22)]
        await pilot.press("u")
        await pilot.pause()
        assert [s.day for s in reopen(db_path).journey.slips] == [date(2026, 11, 24)]


async def test_removing_a_check_in_from_the_timeline_asks_and_is_undoable(db_path):
    store = planned(db_path)
    store.save_checkin(make_checkin("2026-11-25", 2, "low", "Europe/Berlin", now=FIXED_NOW))
    app = RegroupApp(reopen(db_path), poll=False)
    async with running(app) as pilot:
        await pilot.press("T", "d")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await pilot.pause()
        assert reopen(db_path).journey.checkins == ()
        await pilot.press("u")
        await pilot.pause()
    assert [c.mood for c in reopen(db_path).journey.checkins] == [2]


async def test_a_deleted_card_comes_back_from_the_timeline_after_the_history_forgot_it(db_path, monkeypatch):
    from regroup.domain import history

    monkeypatch.setattr(history, "HISTORY_SIZE", 3)
    planned(db_path)
    app = RegroupApp(reopen(db_path), poll=False)
    async with running(app) as pilot:
        await pilot.press("d", "y")  # Pottery class deleted
        await pilot.press("j", "L", "L", "H", "H")  # four more changes: the deletion leaves the history
        await pilot.pause()
        assert not any("Deleted" in e.change.label for e in reopen(db_path).history())
        await pilot.press("T", *["f"] * 8)  # the filter's kind: Deleted
        await pilot.pause()
        assert app.screen.current.kind == "deleted"
        await pilot.press("enter", "y")
        await pilot.pause()
    card = reopen(db_path).board.cards[1]
    assert (card.title, card.column, card.position) == ("Pottery class on Thursdays", "ideas", 1)
    assert json.loads(db_path.read_bytes()).get("deleted", {}) == {}


def test_what_was_deleted_over_a_month_ago_is_forgotten_on_a_later_save(db_path):
    store = planned(db_path)
    store.apply(ops.delete_card(store.board, store.board.cards[1]), now=FIXED_NOW, record=True)
    assert len(json.loads(db_path.read_bytes())["deleted"]) == 1
    later = FIXED_NOW + timedelta(days=29)
    store.apply(ops.move_card(store.board, store.board.cards[2], +1, later), now=later, record=True)
    assert len(json.loads(db_path.read_bytes())["deleted"]) == 1
    later = FIXED_NOW + timedelta(days=31)
    store.apply(ops.move_card(store.board, store.board.cards[2], +1, later), now=later, record=True)
    assert json.loads(db_path.read_bytes()).get("deleted", {}) == {}


def test_the_markdown_export_shows_the_timeline_and_the_json_export_round_trips_the_history(db_path, tmp_path, capsys):
    store = planned(db_path)
    store.apply(ops.move_card(store.board, store.board.cards[1], +1), now=FIXED_NOW, record=True)
    store.save_entry(make_entry(0, "2026-11-20", "I stopped listening.", "", "Europe/Berlin", now=FIXED_NOW))
    store.log_contact(make_contact(0, "2026-11-24", "text", False, "hi", "Europe/Berlin", now=FIXED_NOW))
    assert cli.main(["export", "--format", "markdown", "--db", str(db_path)]) == 0
    markdown = capsys.readouterr().out
    timeline = markdown[markdown.index("## Timeline") :]
    assert (
        timeline.index("Contact (text)")
        < timeline.index("Journal: I stopped listening")
        < timeline.index("The breakup")
    )
    export = tmp_path / "export.json"
    assert cli.main(["export", "--format", "json", "--out", str(export), "--db", str(db_path)]) == 0
    fresh = tmp_path / "fresh.json"
    assert cli.main(["import", str(export), "--db", str(fresh)]) == 0
    assert reopen(fresh).history() == reopen(db_path).history()
