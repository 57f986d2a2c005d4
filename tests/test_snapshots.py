"""SVG snapshots of every screen at 120x40 and 80x24, clock frozen.

Regenerate after a deliberate change with ``pytest tests/test_snapshots.py --snapshot-update``
and look at ``snapshot_report.html`` or the SVGs before committing.
"""

from __future__ import annotations

import pytest
import time_machine

from conftest import FIXED_NOW, seed
from regroup.app.app import RegroupApp

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(FIXED_NOW, tick=False):
        yield


def app_for(db_path) -> RegroupApp:
    return RegroupApp(seed(db_path), poll=False)


@pytest.mark.parametrize("size", SIZES)
def test_board(snap_compare, db_path, size):
    assert snap_compare(app_for(db_path), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_board_after_moves(snap_compare, db_path, size):
    assert snap_compare(app_for(db_path), press=["L", "l", "j"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_empty_board(snap_compare, db_path, size):
    app = RegroupApp(seed(db_path, cards=[]), poll=False)
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
