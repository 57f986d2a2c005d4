"""Pilot tests for the hard moments (issue 16): the urge screen (r), the cover (b), the
hard-day warning and its key (a), the safety net and its key (x), and the settings (D).
The clock is frozen (time-machine); each test checks the file after reopening it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from textual.widgets import Static

from conftest import BERLIN_EVENING, planned, reopen
from regroup.app.app import RegroupApp
from regroup.app.modals.hard_days import HardMomentsForm
from regroup.app.modals.slip import SlipForm
from regroup.app.screens.cover import CoverScreen
from regroup.app.screens.main import MainScreen
from regroup.app.screens.urge import UrgeScreen
from regroup.domain.daily import make_checkin
from regroup.domain.hard_changes import hard_day_added
from regroup.domain.moments import make_hard_day

BERLIN = ZoneInfo("Europe/Berlin")
LATE = datetime(2026, 11, 25, 23, 30, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def frozen(frozen_evening):
    return frozen_evening  # Wed 25 Nov 2026, 18:30:05 in Berlin


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def on_screen(app) -> str:
    """Every character the terminal shows (the text of the screenshot, window title aside)."""
    import html
    import re

    svg = app.export_screenshot(title="-")
    shown = html.unescape("".join(re.findall(r">([^<]*)</text>", svg))).replace("\xa0", " ")
    return shown.removeprefix("-")


def hard_panel(app) -> str:
    return str(app.screen.query_one("#hard-moments", Static).render())


async def test_the_urge_screen_shows_the_count_a_card_and_the_cool_down(db_path, frozen):
    app = RegroupApp(planned(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, UrgeScreen)
        count = text_of(screen, "#urge-count")
        assert "11 days of space left, to Sun 6 Dec." in count
        assert "start the count again: 21 days from today, to Wed 16 Dec" in count
        assert "Explore the old town" in text_of(screen, "#urge-instead")  # the top of Doing
        assert "10 minutes" in text_of(screen, "#urge-timer") and "10:00" in text_of(screen, "#urge-timer")
        assert not screen.query_one("#urge-night").display  # 18:30: no night line
        frozen.shift(timedelta(minutes=3, seconds=20))
        screen.tick()
        assert "06:40" in text_of(screen, "#urge-timer")
        frozen.shift(timedelta(minutes=7))
        screen.tick()
        assert "cool-down is over" in text_of(screen, "#urge-timer")
        await pilot.press("4", "p")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "Urges today 1 · passed 1 in all" in hard_panel(app)
    urges = reopen(db_path).journey.urges
    assert [(u.strength, u.outcome, u.at) for u in urges] == [(4, "passed", "2026-11-25T17:30:05Z")]


async def test_the_urge_at_night_says_sleep_on_it(db_path, frozen):
    frozen.move_to(LATE)
    app = RegroupApp(planned(db_path), poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert "Sleep on it" in text_of(app.screen, "#urge-night")
        await pilot.press("escape")  # left: the urge stays noted, its ending not said
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert [(u.outcome, u.day("Europe/Berlin")) for u in reopen(db_path).journey.urges] == [
        ("open", date(2026, 11, 25))
    ]


async def test_the_card_instead_moves_to_doing_and_closes(db_path):
    store = planned(db_path)
    from regroup.domain import board as ops

    store.apply(lambda s: ops.move_card(s.board, s.board.cards[6], +1))  # Doing is empty now
    app = RegroupApp(reopen(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert "New haircut" in text_of(app.screen, "#urge-instead")  # the top of Planned
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.screen.focused_card.title == "New haircut"
    again = reopen(db_path)
    assert again.board.cards[4].column == "doing"
    assert [u.outcome for u in again.journey.urges] == ["passed"]


async def test_i_reached_out_opens_the_slip_form(db_path):
    app = RegroupApp(planned(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r", "o")
        await pilot.pause()
        assert isinstance(app.screen, SlipForm)
        await pilot.press("ctrl+s")
        await pilot.pause()
    again = reopen(db_path).journey
    assert [u.outcome for u in again.urges] == ["reached_out"]
    assert [s.day for s in again.slips] == [date(2026, 11, 25)]


async def test_an_urge_is_undone_like_any_change(db_path):
    app = RegroupApp(planned(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r", "p")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert [u.outcome for u in reopen(db_path).journey.urges] == ["open"]
        await pilot.press("u")
        await pilot.pause()
        assert reopen(db_path).journey.urges == ()
        await pilot.press("U")
        await pilot.pause()
    assert [u.outcome for u in reopen(db_path).journey.urges] == ["open"]


async def test_the_cover_hides_everything_and_any_key_brings_the_board_back(db_path):
    store = planned(db_path, name="Sam")
    store.apply(lambda s: hard_day_added(s, make_hard_day("2026-11-27", "Sam's birthday", False, "Europe/Berlin")))
    app = RegroupApp(reopen(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l", "j")
        await pilot.pause()
        before = (app.screen.focused_column.column_name, app.screen.focused_card.id)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, CoverScreen)
        assert app.title == "Terminal"
        shown = on_screen(app)
        assert shown.strip() == "$"
        for secret in ("Sam", "regroup", "Pottery", "days", "birthday", "Urge", "11"):
            assert secret not in shown, secret
        app.notify("Saved: something about Sam")
        await pilot.pause()
        assert on_screen(app).strip() == "$"
        await pilot.press("q")  # any key, even the one that quits elsewhere
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and app.is_running
        assert (app.screen.focused_column.column_name, app.screen.focused_card.id) == before
        assert app.title == "regroup"
    assert reopen(db_path).journey.plan.name == "Sam"


async def test_the_cover_from_the_urge_screen_and_the_palette(db_path):
    app = RegroupApp(planned(db_path), poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r", "b")
        await pilot.pause()
        assert isinstance(app.screen, CoverScreen)
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, UrgeScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Cover", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CoverScreen)


async def test_a_hard_day_is_named_three_days_before_and_a_plans_it(db_path, frozen):
    store = planned(db_path)
    store.apply(lambda s: hard_day_added(s, make_hard_day("1990-11-29", "their birthday", True, "Europe/Berlin")))
    frozen.move_to(datetime(2026, 11, 25, 18, 0, tzinfo=BERLIN))  # four days before: silent
    app = RegroupApp(reopen(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "birthday" not in hard_panel(app)
        frozen.move_to(datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN))
        app.screen.hard_panel.show()
        await pilot.pause()
        assert "their birthday is in 3 days (Sun 29 Nov)" in hard_panel(app)  # the label as typed
        await pilot.press("a")
        await pilot.pause()
        assert app.screen.focused_card.title == "Plan their birthday with people you like"
        await pilot.press("a")  # once is enough
        await pilot.pause()
    planned_titles = [c.title for c in reopen(db_path).board.column("planned")]
    assert planned_titles.count("Plan their birthday with people you like") == 1


async def test_the_safety_net_shows_after_three_low_days_and_x_puts_it_away(db_path):
    store = planned(db_path)
    store.set_plan(replace(store.plan, support="Sam [b]0170[/b]"))
    for day, mood in (("2026-11-23", 2), ("2026-11-24", 1), ("2026-11-25", 2)):
        store.save_checkin(make_checkin(day, mood, "", "Europe/Berlin", back_days=7))
    app = RegroupApp(reopen(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = hard_panel(app)
        assert "counsellor" in panel and "Your support: Sam [b]0170[/b]" in panel  # shown as typed
        await pilot.press("x")
        await pilot.pause()
        assert "counsellor" not in hard_panel(app)
    assert [d.day for d in reopen(db_path).journey.dismissals] == [date(2026, 11, 25)]
    with time_machine.travel(BERLIN_EVENING + timedelta(days=1), tick=False):
        reopen(db_path).save_checkin(make_checkin("2026-11-26", 2, "", "Europe/Berlin"))
        assert reopen(db_path).journey.safety_net_due()  # back the next day


async def test_hard_days_support_and_cool_down_from_the_settings(db_path):
    app = RegroupApp(planned(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("D")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, HardMomentsForm)
        form.query_one("#hm-support").value = "Sam 0170 1234567"
        form.query_one("#hm-cooldown").value = "abc"
        form.query_one("#hm-date").value = "1990-12-03"
        form.query_one("#hm-label").value = "their birthday"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HardMomentsForm)  # refused: nothing saved, the form stays
        assert "whole number" in text_of(app.screen, "#error")
        assert reopen(db_path).plan.support == ""
        form.query_one("#hm-cooldown").value = "15"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("D")
        await pilot.pause()
        assert "their birthday" in text_of(app.screen, "#hm-list")
        app.screen.query_one("#hm-remove").value = "1"
        await pilot.press("ctrl+s")
        await pilot.pause()
    again = reopen(db_path)
    assert (again.plan.support, again.plan.cooldown_minutes) == ("Sam 0170 1234567", 15)
    assert again.journey.hard_days == ()
    labels = [e.change.label for e in again.history()]
    assert labels[-3:] == [
        "plan settings (support line, cool-down)",
        "hard day 'their birthday'",
        "removed hard day 'their birthday'",
    ]


async def test_the_emotion_check_waits_for_the_cover_to_go(db_path, frozen):
    """Midnight comes while the app is covered: the check that the countdown's zero
    brings is not drawn over the cover, but once it goes."""
    from regroup.app.modals.emotion_check import EmotionCheck

    frozen.move_to(datetime(2026, 12, 5, 23, 59, 58, tzinfo=BERLIN))  # 2 s before Sun 6 Dec
    app = RegroupApp(planned(db_path), poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        frozen.shift(timedelta(seconds=5))
        app.screen_stack[0].countdown.tick()
        await pilot.pause()
        assert isinstance(app.screen, CoverScreen) and on_screen(app).strip() == "$"
        await pilot.press("space")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, EmotionCheck)


@pytest.mark.parametrize("opened_by", [["question_mark"], ["v"], ["d"]])
async def test_b_covers_from_any_screen_that_does_not_type_it_and_no_toast_stays(db_path, opened_by):
    """Help, a card read whole, a question: b covers there too; a toast already showing
    (it may name a card) goes with the cover."""
    app = RegroupApp(planned(db_path, name="Sam"), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*opened_by)
        await pilot.pause()
        app.notify("Moved “Pottery class on Thursdays” to Doing")
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, CoverScreen)
        shown = on_screen(app)
        assert shown.strip() == "$" and "Pottery" not in shown


async def test_enter_on_an_urge_with_no_card_to_offer_does_not_end_it(db_path):
    from regroup.domain.changes import Change, Edit

    store = planned(db_path)
    doomed = [c for c in store.board.cards.values() if c.column in ("doing", "planned")]
    store.apply(Change(tuple(Edit("cards", c.id, c.to_doc(), None) for c in doomed)))
    app = RegroupApp(reopen(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r", "enter")
        await pilot.pause()
        assert isinstance(app.screen, UrgeScreen)  # still open: enter offered nothing
    urges = reopen(db_path).records("urges")
    assert all(doc.get("outcome") != "passed" for doc in urges.values())


async def test_a_plans_each_near_hard_day_in_turn(db_path):
    store = planned(db_path)
    for day, label in (("2026-11-26", "X"), ("2026-11-27", "their birthday")):
        store.apply(lambda s, d=day, lb=label: hard_day_added(s, make_hard_day(d, lb, False, "Europe/Berlin")))
    app = RegroupApp(reopen(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
    titles = {c.title for c in reopen(db_path).board.cards.values() if c.column == "planned"}
    assert {"Plan X with people you like", "Plan their birthday with people you like"} <= titles


async def test_the_night_line_comes_at_22_if_the_urge_screen_is_still_open(db_path, frozen):
    frozen.move_to(datetime(2026, 11, 25, 21, 59, 50, tzinfo=ZoneInfo("Europe/Berlin")))
    app = RegroupApp(planned(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, UrgeScreen) and not screen.query_one("#urge-night").display
        frozen.shift(timedelta(seconds=30))  # 22:00:20 in Berlin
        screen.tick()
        await pilot.pause()
        assert screen.query_one("#urge-night").display and "Sleep on it" in text_of(screen, "#urge-night")
