"""SVG snapshots for issue 17 at 120x40 and 80x24, clock frozen (Wed 25 Nov 2026): a board
with habits and days (each card's "2/3 this week" and four-week bar, the countdown's
"Today: …" line), and the weekly review. Regenerate after a deliberate change with
``pytest tests/test_habits_snapshots.py --snapshot-update``."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from conftest import FIXED_NOW, seed
from regroup.app.app import RegroupApp

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(FIXED_NOW, tick=False):
        yield


def habit_app(db_path, review_shown: bool) -> RegroupApp:
    store = seed(db_path, plan=True)
    store.add_card("Pottery class", column="planned", category="mind", day="wednesday", time="18:30")
    store.add_card("Dinner with Maya", column="planned", category="social", day="2026-11-27")
    run = store.add_card("Run 5 km", column="doing", category="body", per_week=3)
    sleep = store.add_card("Lights out by 23:00", column="doing", category="heart", per_week=7)
    for day in (9, 11, 16, 18, 20, 23, 24):
        store.tick(run, date(2026, 11, day))
    for day in range(17, 26):
        store.tick(sleep, date(2026, 11, day))
    if review_shown:
        store.set_setting("review_week", "2026-11-23")
    return RegroupApp(store, poll=False)


@pytest.mark.parametrize("size", SIZES)
def test_board_with_habits(snap_compare, db_path, size):
    assert snap_compare(habit_app(db_path, review_shown=True), press=["l", "l"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_weekly_review(snap_compare, db_path, size):
    assert snap_compare(habit_app(db_path, review_shown=False), terminal_size=size)
