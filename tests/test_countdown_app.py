"""Pilot tests for the plan: first run, plan settings, the emotion check and slips.
Each checks the file after reopening it. The clock is frozen with time-machine."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import panel_text, planned, reopen, seed
from regroup.app.app import RegroupApp
from regroup.app.modals.emotion_check import EmotionCheck
from regroup.app.modals.plan_settings import PlanSettings
from regroup.app.modals.slip import SlipForm
from regroup.app.screens.first_run import FirstRunScreen
from regroup.app.screens.main import MainScreen
from regroup.app.widgets.countdown import CountdownPanel

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def frozen(frozen_evening):
    return frozen_evening


def digits(app) -> str:
    return app.screen.query_one("#cd-digits").value


async def test_first_run_form_saves_the_plan(db_path):
    store = seed(db_path)
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FirstRunScreen)
        await pilot.press(*"2026-11-10")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "Tue 1 Dec 2026" in panel_text(app)
    plan = reopen(db_path).journey.plan
    assert plan.breakup_date == date(2026, 11, 10)
    assert plan.guide == "space-21" and plan.days == 21


@pytest.mark.parametrize(
    "typed, words",
    [("2026-02-30", "does not exist"), ("2027-01-01", "in the future"), ("", "missing"), ("10/11/2026", "not a date")],
)
async def test_first_run_refuses_bad_dates(db_path, typed, words):
    store = seed(db_path)
    before = db_path.read_bytes()
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        if typed:
            await pilot.press(*typed)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FirstRunScreen)
        assert words in str(app.screen.query_one("#error").render())
    assert db_path.read_bytes() == before


async def test_first_run_unknown_zone(db_path):
    store = seed(db_path)
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*"2026-11-10")
        app.screen.query_one("#tz").value = "Mars/Olympus"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Unknown time zone" in str(app.screen.query_one("#error").render())
    assert reopen(db_path).journey.plan is None


async def test_first_run_me_defaults_to_letter_and_adds_the_letter_card(db_path):
    store = seed(db_path)
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*"2026-11-10")
        app.screen.query_one("#ended").value = "me"
        await pilot.pause()
        assert app.screen.query_one("#guide").value == "letter-14"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Not started yet" in panel_text(app)
        assert digits(app) == "--:--:--:--"
    saved = reopen(db_path)
    assert saved.journey.plan.guide == "letter-14"
    assert any("apology" in c.title.lower() for c in saved.board.column("ideas"))


async def test_countdown_shows_frozen_digits_and_ticks(db_path, frozen):
    # breakup 15 Nov Berlin + 21 days -> Sun 6 Dec 00:00 Berlin; now 25 Nov 18:30:05
    app = RegroupApp(planned(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert digits(app) == "10:05:29:55"
        text = panel_text(app)
        assert "days to go" not in text  # one count on screen: the digits (issue 13, item 10)
        assert "Earliest contact: Sun 6 Dec 2026" in text
        assert "Three weeks of space" in text and "“What To Do To Get Him Back”" in text
        assert ".txt" not in text
        assert "A month for yourself → Tue 15 Dec" in text
        frozen.shift(1)
        app.screen.query_one(CountdownPanel).tick()
        await pilot.pause()
        assert digits(app) == "10:05:29:54"


async def test_plan_settings_switch_guide_moves_the_countdown(db_path):
    app = RegroupApp(planned(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PlanSettings)
        app.screen.query_one("#guide").value = "month-30"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "Tue 15 Dec 2026" in panel_text(app)
        assert digits(app).startswith("19:")
    plan = reopen(db_path).journey.plan
    assert (plan.guide, plan.days) == ("month-30", 30)


async def test_plan_settings_custom_days_refused_then_fixed(db_path):
    app = RegroupApp(planned(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        app.screen.query_one("#guide").value = "custom"
        await pilot.pause()
        days = app.screen.query_one("#days")
        for bad in ("0", "366", "-1", "abc", ""):
            days.value = bad
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, PlanSettings), bad
            assert "days" in str(app.screen.query_one("#error").render()).lower()
        assert reopen(db_path).journey.plan.guide == "space-21"
        days.value = "45"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    plan = reopen(db_path).journey.plan
    assert (plan.guide, plan.days) == ("custom", 45)


async def test_plan_settings_letter_sent_starts_the_count(db_path):
    app = RegroupApp(planned(db_path, ended_by="me"), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Not started yet" in panel_text(app)
        await pilot.press("p")
        await pilot.pause()
        app.screen.query_one("#letter").value = "2026-11-20"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Fri 4 Dec 2026" in panel_text(app)
    assert reopen(db_path).journey.plan.letter_sent == date(2026, 11, 20)


async def test_plan_settings_escape_changes_nothing(db_path):
    app = RegroupApp(planned(db_path), poll=False)
    before = db_path.read_bytes()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        app.screen.query_one("#guide").value = "month-30"
        await pilot.press("escape")  # something was changed: it asks first
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert db_path.read_bytes() == before


async def test_slip_restarts_the_count(db_path):
    app = RegroupApp(planned(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, SlipForm)
        await pilot.press("tab")  # the date comes first (today's); the note next
        await pilot.press(*"texted late at night")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        text = panel_text(app)
        assert "Wed 16 Dec 2026" in text  # 25 Nov + 21
        assert "21 days from the slip of Wed 25 Nov" in text
    journey = reopen(db_path).journey
    assert [(s.day, s.note) for s in journey.slips] == [(date(2026, 11, 25), "texted late at night")]


async def test_slip_without_restart_keeps_the_date(db_path):
    store = planned(db_path, restart_on_slip=False)
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("exclamation_mark")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "Sun 6 Dec 2026" in panel_text(app)
    assert len(reopen(db_path).journey.slips) == 1


async def test_slip_in_the_future_is_refused(db_path):
    app = RegroupApp(planned(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("exclamation_mark")
        await pilot.pause()
        app.screen.query_one("#slip-date").value = "2026-12-24"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SlipForm)  # asked again, nothing saved
        await pilot.press("escape")
        await pilot.pause()
    assert reopen(db_path).journey.slips == ()


async def test_emotion_check_opens_once_and_not_yet_extends(db_path, frozen):
    store = planned(db_path, breakup_date="2026-11-04")  # contact day is 25 Nov: today
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, EmotionCheck)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        text = panel_text(app)
        assert "Wed 2 Dec 2026" in text and "28 days from the breakup (+7 after “not yet”)" in text
    journey = reopen(db_path).journey
    assert [(e.day, e.days) for e in journey.extensions] == [(date(2026, 11, 25), 7)]
    assert [c.answer for c in journey.checks] == ["not_yet"]
    # reopening the app the same day does not ask again: the new date is a week away
    async with RegroupApp(reopen(db_path), poll=False).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(pilot.app.screen, MainScreen)


async def test_emotion_check_ready_is_recorded_and_not_asked_again(db_path):
    store = planned(db_path, breakup_date="2026-11-04")
    async with RegroupApp(store, poll=False).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(pilot.app.screen, EmotionCheck)
        await pilot.press("y")
        await pilot.pause()
        assert "Contact phase" in panel_text(pilot.app)
    assert [c.answer for c in reopen(db_path).journey.checks] == ["ready"]
    assert reopen(db_path).journey.extensions == ()
    async with RegroupApp(reopen(db_path), poll=False).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(pilot.app.screen, MainScreen)


async def test_reaching_zero_while_open_asks_the_check(db_path, frozen):
    store = planned(db_path, breakup_date="2026-11-05")  # contact 26 Nov 00:00 Berlin
    frozen.move_to(datetime(2026, 11, 25, 23, 59, 59, tzinfo=BERLIN))
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert digits(app) == "00:00:00:01"
        assert isinstance(app.screen, MainScreen)
        frozen.shift(1)
        app.screen.query_one(CountdownPanel).tick()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, EmotionCheck)
