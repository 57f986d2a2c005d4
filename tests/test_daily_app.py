"""Pilot tests for daily use: check-in, journal, the contact phase. Each checks the file."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import panel_text, planned, reopen, said
from regroup.app.app import RegroupApp
from regroup.app.modals.checkin import CheckInForm
from regroup.app.modals.confirm import Confirm
from regroup.app.modals.contact import ContactForm
from regroup.app.screens.journal import EntryForm, JournalScreen
from regroup.app.screens.main import MainScreen
from regroup.domain.daily import make_checkin, make_contact, make_entry
from regroup.domain.journey import Check

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def frozen(frozen_evening):
    return frozen_evening


def in_contact_phase(db_path):
    store = planned(db_path, breakup_date="2026-11-01", name="Sam")  # contact date 22 Nov
    store.log_check(Check(date(2026, 11, 22), "ready"))
    return store


async def test_checkin_saves_and_a_second_one_edits_it(db_path):
    app = RegroupApp(planned(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CheckInForm)
        await pilot.press("4")
        app.screen.query_one("#checkin-words").value = "Good run 🏃"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "1 check-in" in panel_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert app.screen.query_one("#checkin-words").value == "Good run 🏃"  # today's, to edit
        await pilot.press("2")
        await pilot.press("ctrl+s")
        await pilot.pause()
    checkins = reopen(db_path).journey.checkins
    assert [(c.day, c.mood, c.words) for c in checkins] == [(date(2026, 11, 25), 2, "Good run 🏃")]


async def test_checkin_for_yesterday(db_path):
    app = RegroupApp(planned(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        app.screen.query_one("#checkin-day").value = "2026-11-24"
        await pilot.press("5", "ctrl+s")
        await pilot.pause()
    assert [(c.day, c.mood) for c in reopen(db_path).journey.checkins] == [(date(2026, 11, 24), 5)]


async def test_checkin_refuses_control_characters(db_path):
    store = planned(db_path)
    before = db_path.read_bytes()
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        app.screen.query_one("#checkin-words").value = "ok\x1b[2J"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "control characters" in str(app.screen.query_one("#error").render())  # said in the form
    assert db_path.read_bytes() == before


async def test_journal_write_edit_read_back(db_path):
    app = RegroupApp(planned(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, EntryForm)
        app.screen.query_one("#entry-wrong").text = "We stopped talking about the hard things."
        app.screen.query_one("#entry-differently").text = "Say it early, kindly."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        assert "We stopped talking" in str(app.screen.query_one("#journal-entry").render())
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#entry-differently").text = "Say it early, kindly, and listen."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "and listen" in str(app.screen.query_one("#journal-entry").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    journal = reopen(db_path).journey.journal
    assert len(journal) == 1
    assert journal[0].differently == "Say it early, kindly, and listen."
    assert journal[0].day == date(2026, 11, 25) and journal[0].edited


async def test_journal_empty_entry_is_refused_and_comes_back(db_path):
    store = planned(db_path)
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w", "n")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EntryForm)  # asked again
        await pilot.press("escape")
        await pilot.pause()
    assert reopen(db_path).journey.journal == ()


async def test_filter_searches_the_journal_too(db_path):
    store = planned(db_path)
    store.save_entry(make_entry(0, "2026-11-20", "Too much time at work.", "", "Europe/Berlin"))
    store.save_entry(make_entry(0, "2026-11-21", "Never asked about Maya.", "Ask.", "Europe/Berlin"))
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"maya")
        await pilot.pause()
        info = str(app.screen.query_one("#filter-info").render())
        assert "1 card" in info and "1 journal entry" in info
        await pilot.press("enter", "w")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        options = app.screen.query_one("#journal-list")
        assert options.option_count == 1
        assert "Never asked about Maya" in str(app.screen.query_one("#journal-entry").render())


async def test_contact_before_the_date_points_to_slips(db_path):
    app = RegroupApp(planned(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert said(app, "slip")


async def test_contact_phase_no_answer_sets_next_try(db_path):
    app = RegroupApp(in_contact_phase(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Contact phase" in panel_text(app)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ContactForm)
        app.screen.query_one("#contact-answered").value = False
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = panel_text(app)
        assert "try again on Fri 27 Nov" in text
        # the digits run to the first instant of 27 Nov in Berlin: 1 day 05:29:55
        assert app.screen.query_one("#cd-digits").value == "01:05:29:55"
    contacts = reopen(db_path).journey.contacts
    assert [(c.day, c.how, c.answered) for c in contacts] == [(date(2026, 11, 25), "text", False)]
    assert json.loads(_status(db_path))["next_try"] == "2026-11-27"


def _status(db_path) -> str:
    import contextlib
    import io

    from regroup.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["status", "--json", "--db", str(db_path)]) == 0
    return out.getvalue()


async def test_a_month_of_outings_suggests_the_talk(db_path, frozen):
    store = in_contact_phase(db_path)
    store.log_contact(make_contact(0, "2026-11-23", "in person", True, "coffee", "Europe/Berlin"))
    frozen.move_to(datetime(2026, 12, 24, 12, 0, tzinfo=BERLIN))
    app = RegroupApp(reopen(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "honest talk" in panel_text(app)
        assert "1 outing" in panel_text(app)


async def test_moved_on_offers_to_archive_and_the_board_stays(db_path):
    app = RegroupApp(in_contact_phase(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        app.screen.query_one("#contact-moved-on").value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert "moved on" in app.screen.question
        await pilot.press("y")
        await pilot.pause()
        assert "Plan archived" in panel_text(app)
        assert app.screen.query_one("#cd-digits").value == "--:--:--:--"
    saved = reopen(db_path)
    assert saved.journey.plan.archived and saved.journey.plan.moved_on == date(2026, 11, 25)
    assert len(saved.board) == 7


async def test_status_json_has_the_daily_numbers(db_path):
    store = planned(db_path)
    store.save_checkin(make_checkin("2026-11-25", 4, "", "Europe/Berlin"))
    data = json.loads(_status(db_path))
    assert data["mood_today"] == 4
    assert data["streak_days"] == 10
    assert data["space_days_total"] == 10
