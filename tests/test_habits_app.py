"""Pilot tests for habits and days in the app (issue 17): space ticks (and unticks) the
focused habit, a card that does not repeat gets one sentence, the card form's new fields,
the Today line, and the weekly review with its suggestions and their move key; the
review opens by itself once on the first launch of a new week. Each is checked on the file
reopened. The clock is frozen (Berlin), across a week boundary and a clock change."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from conftest import notifications, panel_text, planned, reopen, running
from regroup.app.app import RegroupApp
from regroup.app.modals.card_form import CardForm
from regroup.app.screens.main import MainScreen
from regroup.app.screens.review import ReviewScreen
from regroup.domain.model import Card

BERLIN = ZoneInfo("Europe/Berlin")
WEDNESDAY = datetime(2026, 11, 25, 18, 30, tzinfo=BERLIN)  # the week of Mon 23 Nov
NEXT_MONDAY = datetime(2026, 11, 30, 8, 0, tzinfo=BERLIN)


def habit_board(db_path, **plan):
    """The sample board and plan; "Run 5 km" (3 a week) at the end of Doing, "Pottery"
    (Wednesdays 18:30) at the end of Planned; the review already shown this week."""
    store = planned(db_path, **plan)
    store.add_card("Pottery", column="planned", day="wednesday", time="18:30")
    store.add_card("Run 5 km", column="doing", category="body", per_week=3)  # the last of Doing (G)
    store.set_setting("review_week", "2026-11-23")
    return store


def titled(store, title: str) -> Card:
    return next(c for c in store.board.cards.values() if c.title == title)


def toasts(app) -> list[str]:
    return [str(n.message) for n in notifications(app)]


async def test_space_ticks_and_unticks_the_focused_habit(db_path):
    habit_board(db_path)
    with time_machine.travel(WEDNESDAY, tick=False):
        app = RegroupApp(reopen(db_path), poll=False)
        async with running(app) as pilot:
            await pilot.press("l", "l", "G")  # Doing: Run 5 km, the last card
            assert app.screen.focused_card.title == "Run 5 km"
            assert "Run 5 km" in panel_text(app) and "Today: 18:30 Pottery · Run 5 km" in panel_text(app)
            await pilot.press("space")
            await pilot.pause()
            run = titled(reopen(db_path), "Run 5 km")
            assert reopen(db_path).ticks().days(run.id) == {date(2026, 11, 25)}
            assert toasts(app)[-1] == "Ticked “Run 5 km”: 1/3 this week."
            column = app.screen.focused_column
            assert column.extras[run.id].startswith("↻ 1/3 ✓ ")
            assert "Today: 18:30 Pottery" in panel_text(app) and "Run 5 km" not in panel_text(app).split("Today:")[1]
            await pilot.press("space")  # again: the tick is taken back
            await pilot.pause()
            assert reopen(db_path).ticks().days(run.id) == set()
            assert toasts(app)[-1] == "Took back today's tick of “Run 5 km”: 0/3 this week."
            await pilot.press("space", "u")  # ticked, then undone
            await pilot.pause()
            assert reopen(db_path).ticks().days(run.id) == set()
            await pilot.press("ctrl+r")
            await pilot.pause()
            assert reopen(db_path).ticks().days(run.id) == {date(2026, 11, 25)}


async def test_space_on_a_card_that_does_not_repeat_says_one_sentence(db_path):
    habit_board(db_path)
    before = None
    with time_machine.travel(WEDNESDAY, tick=False):
        app = RegroupApp(reopen(db_path), poll=False)
        async with running(app) as pilot:
            before = db_path.read_bytes()
            await pilot.press("space")  # Ideas: Pottery class on Thursdays
            await pilot.pause()
            message = toasts(app)[-1]
            assert message.startswith("“Pottery class on Thursdays” does not repeat") and message.count(".") == 1
            assert isinstance(app.screen, MainScreen)
    assert db_path.read_bytes() == before


async def test_ticks_across_the_week_boundary(db_path):
    """Sunday 23:50 counts for the old week; Monday starts again at 0/3, and the bar keeps
    last week."""
    habit_board(db_path)
    run_id = titled(reopen(db_path), "Run 5 km").id
    with time_machine.travel(datetime(2026, 11, 29, 23, 50, tzinfo=BERLIN), tick=False):
        app = RegroupApp(reopen(db_path), poll=False)
        async with running(app) as pilot:
            await pilot.press("escape")  # a review of last week may have opened: close it
            if not isinstance(app.screen, MainScreen):
                await pilot.press("escape")
            await pilot.press("l", "l", "G", "space")
            await pilot.pause()
            assert app.screen.focused_column.extras[run_id].startswith("↻ 1/3 ✓ ")
    with time_machine.travel(NEXT_MONDAY, tick=False):
        app = RegroupApp(reopen(db_path), poll=False)
        async with running(app) as pilot:
            await pilot.pause()
            if isinstance(app.screen, ReviewScreen):
                await pilot.press("escape")
            await pilot.press("l", "l")
            await pilot.pause()
            assert app.screen.focused_column.extras[run_id] == "↻ 0/3 ▁▁▄▁ this week"  # this week last
    assert reopen(db_path).ticks().days(run_id) == {date(2026, 11, 29)}


async def test_the_card_form_sets_and_clears_the_schedule(db_path):
    habit_board(db_path)
    with time_machine.travel(WEDNESDAY, tick=False):
        app = RegroupApp(reopen(db_path), poll=False)
        async with running(app) as pilot:
            await pilot.press("n")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, CardForm)
            form.query_one("#title").value = "Swim"
            form.query_one("#repeat").value = "2"
            form.query_one("#day").value = "Saturdays"
            form.query_one("#time").value = "9:00"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            swim = titled(reopen(db_path), "Swim")
            assert (swim.per_week, swim.day, swim.time) == (2, "saturday", "09:00")
            await pilot.press("e")
            await pilot.pause()
            form = app.screen
            assert form.query_one("#repeat").value == "2" and form.query_one("#day").value == "saturday"
            form.query_one("#time").value = "25:00"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, CardForm)  # refused: one sentence under the fields
            assert "not a time of day" in str(app.screen.query_one("#error").render())
            form.query_one("#time").value = ""
            form.query_one("#repeat").value = ""
            form.query_one("#day").value = "2026-12-05"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
    swim = titled(reopen(db_path), "Swim")
    assert (swim.per_week, swim.day, swim.time) == (None, "2026-12-05", None)


async def test_the_review_opens_once_on_a_new_week_and_plans_a_suggestion(db_path):
    store = habit_board(db_path)
    store.tick(titled(store, "Run 5 km"), date(2026, 11, 24))
    with time_machine.travel(NEXT_MONDAY, tick=False):
        app = RegroupApp(reopen(db_path), poll=False)
        async with running(app) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen)
            review = app.screen.review
            report = str(app.screen.query_one("#review-report").render())
            assert "The week of Mon 23 Nov to Sun 29 Nov" in app.screen.review.title
            assert "Run 5 km: 1/3" in report and "Habits (0 of 1 met)" in report
            first = review.suggestions[0]
            await pilot.press("1")
            await pilot.pause()
            assert titled(reopen(db_path), first.title).column == "planned"
            assert "✓ in Planned" in str(app.screen.query_one("#review-ideas").render())
            await pilot.press("1")  # already planned: said, nothing written
            await pilot.pause()
            assert toasts(app)[-1] == "That idea is planned already."
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            await pilot.press("u")  # the move is a change like any other
            await pilot.pause()
            assert titled(reopen(db_path), first.title).column == "ideas"
    assert reopen(db_path).settings["review_week"] == "2026-11-30"
    with time_machine.travel(NEXT_MONDAY, tick=False):  # the same week again: not by itself
        app = RegroupApp(reopen(db_path), poll=False)
        async with running(app) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            app.screen.action_week_review()  # what the palette's "Week" runs
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen)


async def test_a_quiet_week_says_so_without_scolding(db_path):
    habit_board(db_path, breakup_date="2026-11-30")  # the contact date (21 Dec) is not reached: no emotion check
    with time_machine.travel(datetime(2026, 12, 14, 9, 0, tzinfo=BERLIN), tick=False):
        app = RegroupApp(reopen(db_path), poll=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen)  # it was shown before: it comes each week
            report = str(app.screen.query_one("#review-report").render())
            assert "A quiet week" in report and "None this week." in report
            assert len(app.screen.review.suggestions) == 3


async def test_the_palette_offers_week(db_path):
    from regroup.app.commands import palette_commands

    habit_board(db_path)
    app = RegroupApp(reopen(db_path), poll=False)
    async with running(app):
        names = [key.name for key in palette_commands(app.screen)]
    assert any(name.startswith("Week:") for name in names)
    assert any("Tick the habit off today" in name for name in names)


async def test_the_review_does_not_greet_a_board_without_habits(db_path):
    planned(db_path)  # the sample board: a card done last week, no habits, no days
    with time_machine.travel(NEXT_MONDAY, tick=False):
        app = RegroupApp(reopen(db_path), poll=False)
        async with running(app) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            assert "Today:" not in panel_text(app)  # an empty day says nothing


async def test_a_habit_hidden_by_the_filter_shows_its_week_when_it_comes_back(db_path):
    habit_board(db_path)
    run_id = titled(reopen(db_path), "Run 5 km").id
    with time_machine.travel(WEDNESDAY, tick=False):
        app = RegroupApp(reopen(db_path), poll=False)
        async with running(app) as pilot:
            await pilot.press("slash", *"old", "enter")  # only "Explore the old town" in Doing
            await pilot.pause()
            await pilot.press("escape")  # the filter cleared: Run 5 km is back
            await pilot.pause()
            assert app.screen.board_view.column("doing").extras[run_id].startswith("↻ 0/3 ")


async def test_a_tick_in_the_timeline_can_be_removed_there(db_path):
    from regroup.app.screens.timeline import TimelineScreen

    store = habit_board(db_path)
    run = titled(store, "Run 5 km")
    store.tick(run, date(2026, 11, 24))
    with time_machine.travel(WEDNESDAY, tick=False):
        app = RegroupApp(reopen(db_path), poll=False)
        async with running(app) as pilot:
            await pilot.press("T")
            await pilot.pause()
            assert isinstance(app.screen, TimelineScreen)
            for _ in range(20):  # down the events, newest first, to the tick of Tue 24 Nov
                if app.screen.current is None or app.screen.current.kind == "tick":
                    break
                await pilot.press("j")
                await pilot.pause()
            assert app.screen.current.title == "Ticked: Run 5 km"
            await pilot.press("d", "y")
            await pilot.pause()
    assert reopen(db_path).ticks().days(run.id) == set()
