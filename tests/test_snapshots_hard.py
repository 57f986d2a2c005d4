"""SVG snapshots of the hard moments (issue 16) at 120x40 and 80x24, clock frozen at
23:30 in Berlin (Wed 25 Nov 2026): the urge screen (with its night line), the cover, the
hard-day warning and the safety net on the board.

Regenerate after a deliberate change with
``pytest tests/test_snapshots_hard.py --snapshot-update`` and look at the SVGs first.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
import time_machine

from conftest import seed
from regroup.app.app import RegroupApp
from regroup.domain.daily import make_checkin
from regroup.domain.hard_changes import hard_day_added
from regroup.domain.moments import make_hard_day
from regroup.domain.plan import make_plan

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]
LATE = datetime(2026, 11, 25, 22, 30, tzinfo=UTC)  # 23:30 in Berlin


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(LATE, tick=False):
        yield


def hard_app(db_path, *, hard_day: bool = False, low_days: bool = False) -> RegroupApp:
    store = seed(db_path)
    plan = make_plan(breakup_date="2026-11-15", ended_by="them", tz="Europe/Berlin", name="Sam", now=LATE)
    store.set_plan(replace(plan, support="Alex, 0170 1234567"), now=LATE)
    if hard_day:
        made = make_hard_day("1990-11-27", "Sam's birthday", True, "Europe/Berlin", LATE)
        store.apply(lambda s: hard_day_added(s, made))
    if low_days:
        for day, mood in (("2026-11-23", 2), ("2026-11-24", 1), ("2026-11-25", 2)):
            store.save_checkin(make_checkin(day, mood, "", "Europe/Berlin", now=LATE, back_days=7))
    return RegroupApp(store, poll=False)


@pytest.mark.parametrize("size", SIZES)
def test_urge_screen(snap_compare, db_path, size):
    assert snap_compare(hard_app(db_path), press=["r", "3"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_cover_screen(snap_compare, db_path, size):
    assert snap_compare(hard_app(db_path, hard_day=True, low_days=True), press=["b"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_hard_day_warning(snap_compare, db_path, size):
    assert snap_compare(hard_app(db_path, hard_day=True), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_safety_net(snap_compare, db_path, size):
    assert snap_compare(hard_app(db_path, low_days=True), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_hard_days_settings(snap_compare, db_path, size):
    assert snap_compare(hard_app(db_path, hard_day=True), press=["D"], terminal_size=size)
