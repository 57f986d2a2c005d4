"""SVG snapshots of the screens issue 13 added or changed, at 120x40, 80x24 and 60x20 (the
clock frozen): a card read whole, the list of slips, help from the journal and from a
form, the countdown hidden to one line, the board narrowed by a filter, the question
before a typed entry is lost, a plan waiting for its letter, and the contact log before
the day to try again. Regenerate with ``--snapshot-update`` after looking at each."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine

from conftest import FIXED_NOW, seed
from regroup.app.app import RegroupApp
from regroup.domain.daily import make_contact
from regroup.domain.journey import Check
from regroup.domain.model import Card
from regroup.domain.plan import Slip, make_plan
from test_snapshots import SIZES, daily_app

STAMP = "2026-11-20T10:00:00Z"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(FIXED_NOW, tick=False):
        yield


def planned_app(db_path, cards=None, slips=(), **plan) -> RegroupApp:
    store = seed(db_path, cards)
    args: dict[str, Any] = dict(breakup_date="2026-11-15", ended_by="them", tz="Europe/Berlin", name="Sam")
    args.update(plan)
    store.set_plan(make_plan(now=FIXED_NOW, **args), now=FIXED_NOW)
    for slip in slips:
        store.log_slip(slip)
    return RegroupApp(store, poll=False)


def with_a_source(db_path) -> RegroupApp:
    card = Card(
        1,
        "Take a class you've been curious about",
        "mind",
        "ideas",
        1,
        "Cooking, pottery, a language: choose something you have meant to try for ages.\n\nThursdays at 7.",
        created=STAMP,
        source="000_70a1899d46d37979.txt",
    )
    return planned_app(db_path, [card])


@pytest.mark.parametrize("size", SIZES)
def test_card_view(snap_compare, db_path, size):
    assert snap_compare(with_a_source(db_path), press=["v"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_slips_list(snap_compare, db_path, size):
    slips = [Slip(date(2026, 11, 18), "answered a message [late]", STAMP), Slip(date(2026, 11, 21), "", STAMP)]
    assert snap_compare(planned_app(db_path, slips=slips), press=["S"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_journal_help(snap_compare, db_path, size):
    assert snap_compare(daily_app(db_path), press=["w", "question_mark"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_form_help(snap_compare, db_path, size):
    assert snap_compare(planned_app(db_path), press=["e", "f1"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_panel_hidden(snap_compare, db_path, size):
    assert snap_compare(planned_app(db_path), press=["z"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_filter_kept(snap_compare, db_path, size):
    assert snap_compare(planned_app(db_path), press=["slash", *"run", "enter"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_discard_question(snap_compare, db_path, size):
    assert snap_compare(daily_app(db_path), press=["w", "n", *"We stopped talking", "escape"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_waiting_for_the_letter(snap_compare, db_path, size):
    assert snap_compare(planned_app(db_path, ended_by="me"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_contact_before_the_retry_day(snap_compare, db_path, size):
    app = planned_app(db_path, breakup_date="2026-11-01")
    app.store.log_check(Check(date(2026, 11, 22), "ready"))
    app.store.log_contact(make_contact(0, "2026-11-25", "text", False, "", "Europe/Berlin"))
    assert snap_compare(app, press=["t"], terminal_size=size)
