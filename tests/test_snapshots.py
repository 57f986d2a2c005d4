"""SVG snapshots of every screen at 120x40, 80x24 and 60x20, clock frozen.

Regenerate after a deliberate change with ``pytest tests/test_snapshots.py --snapshot-update``
and look at ``snapshot_report.html`` or the SVGs before committing.
"""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from conftest import FIXED_NOW, seed
from regroup.app.app import RegroupApp

SIZES = [
    pytest.param((120, 40), id="120x40"),
    pytest.param((80, 24), id="80x24"),
    pytest.param((60, 20), id="60x20"),  # a short screen: the compact panel, dialogs that still fit
]


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(FIXED_NOW, tick=False):
        yield


def app_for(db_path) -> RegroupApp:
    return RegroupApp(seed(db_path, plan=True), poll=False)


@pytest.mark.parametrize("size", SIZES)
def test_board(snap_compare, db_path, size):
    assert snap_compare(app_for(db_path), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_board_after_moves(snap_compare, db_path, size):
    assert snap_compare(app_for(db_path), press=["L", "l", "j"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_empty_board(snap_compare, db_path, size):
    app = RegroupApp(seed(db_path, cards=[], plan=True), poll=False)
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_filter(snap_compare, db_path, size):
    assert snap_compare(app_for(db_path), press=["slash", *"wr"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_card_form(snap_compare, db_path, size):
    assert snap_compare(app_for(db_path), press=["j", "e"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_confirm_delete(snap_compare, db_path, size):
    assert snap_compare(app_for(db_path), press=["d"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, db_path, size):
    assert snap_compare(app_for(db_path), press=["question_mark"], terminal_size=size)


# --- the countdown in each state, and the plan's screens ---------------------------

from datetime import date  # noqa: E402

from regroup.domain.journey import Check  # noqa: E402
from regroup.domain.plan import Extension, Slip, make_plan  # noqa: E402


def plan_app(db_path, *, slips=(), check=None, extension=None, **plan) -> RegroupApp:
    store = seed(db_path)
    args: dict[str, Any] = dict(breakup_date="2026-11-15", ended_by="them", tz="Europe/Berlin")
    args.update(plan)
    store.set_plan(make_plan(now=FIXED_NOW, **args), now=FIXED_NOW)
    for slip in slips:
        store.log_slip(slip)
    if check is not None:
        store.log_check(check, extension)
    return RegroupApp(store, poll=False)


@pytest.mark.parametrize("size", SIZES)
def test_countdown_not_started(snap_compare, db_path, size):
    assert snap_compare(plan_app(db_path, ended_by="me"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_countdown_day_of(snap_compare, db_path, size):
    app = plan_app(db_path, breakup_date="2026-11-04", check=Check(date(2026, 11, 25), "ready"))
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_countdown_extended(snap_compare, db_path, size):
    app = plan_app(
        db_path,
        breakup_date="2026-11-04",
        check=Check(date(2026, 11, 25), "not_yet"),
        extension=Extension(date(2026, 11, 25)),
    )
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_countdown_after_slip(snap_compare, db_path, size):
    app = plan_app(db_path, slips=[Slip(date(2026, 11, 20), "answered a message")])
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_emotion_check(snap_compare, db_path, size):
    assert snap_compare(plan_app(db_path, breakup_date="2026-11-04"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_first_run(snap_compare, db_path, size, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    assert snap_compare(RegroupApp(seed(db_path), poll=False), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_plan_settings(snap_compare, db_path, size):
    assert snap_compare(app_for(db_path), press=["p"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_slip_form(snap_compare, db_path, size):
    assert snap_compare(app_for(db_path), press=["exclamation_mark"], terminal_size=size)


# --- daily use -----------------------------------------------------------------------

from regroup.domain.daily import CheckIn, make_contact, make_entry  # noqa: E402


def daily_app(db_path, *, contact_phase=False, archived=False) -> RegroupApp:
    app = plan_app(db_path, breakup_date="2026-11-01" if contact_phase else "2026-11-15", name="Sam")
    store = app.store
    for day, mood, words in [
        ("2026-11-20", 2, "rough day"),
        ("2026-11-22", 3, "a long walk"),
        ("2026-11-24", 4, "pottery!"),
    ]:
        store.save_checkin(CheckIn(date.fromisoformat(day), mood, words))
    store.save_entry(
        make_entry(
            0, "2026-11-18", "We stopped making time for each other.", "One evening a week for us.", "Europe/Berlin"
        )
    )
    store.save_entry(
        make_entry(0, "2026-11-23", "I got defensive when things were hard.", "Listen first.", "Europe/Berlin")
    )
    if contact_phase:
        store.log_check(Check(date(2026, 11, 22), "ready"))
        store.log_contact(make_contact(0, "2026-11-23", "in person", True, "coffee, easy", "Europe/Berlin"))
        store.log_contact(make_contact(0, "2026-11-25", "text", False, "", "Europe/Berlin"))
    if archived:
        from dataclasses import replace

        plan = store.journey.plan
        assert plan is not None
        store.set_plan(replace(plan, moved_on=date(2026, 11, 25), archived=True))
    return app


@pytest.mark.parametrize("size", SIZES)
def test_daily_panel(snap_compare, db_path, size):
    assert snap_compare(daily_app(db_path), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_checkin_form(snap_compare, db_path, size):
    assert snap_compare(daily_app(db_path), press=["c"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_journal(snap_compare, db_path, size):
    assert snap_compare(daily_app(db_path), press=["w"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_journal_entry_form(snap_compare, db_path, size):
    assert snap_compare(daily_app(db_path), press=["w", "e"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_contact_phase(snap_compare, db_path, size):
    assert snap_compare(daily_app(db_path, contact_phase=True), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_contact_form(snap_compare, db_path, size):
    assert snap_compare(daily_app(db_path, contact_phase=True), press=["t"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_archived(snap_compare, db_path, size):
    assert snap_compare(daily_app(db_path, contact_phase=True, archived=True), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_timeline(snap_compare, db_path, size):
    app = daily_app(db_path, contact_phase=True)
    assert snap_compare(app, press=["T", "j"], terminal_size=size)
