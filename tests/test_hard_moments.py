"""The rules of the hard moments (issue 16), below the UI: the night window in the plan's
zone (across daylight-saving changes), a hard day "from 3 days before" and every year (29
February on the 28th in the years without one), three low check-ins in a row in the
plan's zone, what contact now would do to the count, and urges counted by day."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regroup.domain.daily import CheckIn
from regroup.domain.journey import Journey
from regroup.domain.moments import (
    Dismissal,
    HardDay,
    Urge,
    check_cooldown,
    check_strength,
    clean_support,
    contact_lines,
    contact_now,
    is_night,
    low_streak,
    make_hard_day,
    near,
    next_hard_day,
    safety_lines,
    safety_net_due,
)
from regroup.domain.plan import Plan, Slip
from regroup.errors import InvalidInput

BERLIN = "Europe/Berlin"
UTC = UTC


def berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=ZoneInfo(BERLIN))


def plan(**kw) -> Plan:
    fields: dict[str, Any] = dict(
        breakup_date=date(2026, 11, 15), ended_by="them", guide="space-21", days=21, tz=BERLIN
    )
    fields.update(kw)
    return Plan(**fields)


# --- the night: 22:00 to 06:00 on the plan's clock ------------------------------------------


@pytest.mark.parametrize(
    "moment, night",
    [
        (berlin(2026, 11, 25, 21, 59, 59), False),
        (berlin(2026, 11, 25, 22, 0), True),
        (berlin(2026, 11, 26, 5, 59, 59), True),
        (berlin(2026, 11, 26, 6, 0), False),
        (berlin(2026, 11, 25, 12, 0), False),
        (berlin(2026, 11, 25, 23, 30), True),
    ],
)
def test_the_night_is_22_to_6_on_the_plans_clock(moment, night):
    assert is_night(BERLIN, moment.astimezone(UTC)) is night


def test_the_night_follows_the_clock_across_spring_forward_in_berlin():
    """29 Mar 2026: 02:00 CET becomes 03:00 CEST. 04:00 UTC is 06:00 on the wall (day);
    with the winter offset it would have been 05:00 (night)."""
    assert is_night(BERLIN, datetime(2026, 3, 29, 3, 59, tzinfo=UTC)) is True  # 05:59 CEST
    assert is_night(BERLIN, datetime(2026, 3, 29, 4, 0, tzinfo=UTC)) is False  # 06:00 CEST
    assert is_night(BERLIN, datetime(2026, 3, 28, 20, 59, tzinfo=UTC)) is False  # 21:59 CET
    assert is_night(BERLIN, datetime(2026, 3, 28, 21, 0, tzinfo=UTC)) is True  # 22:00 CET


def test_the_night_follows_the_clock_across_fall_back_in_berlin():
    """25 Oct 2026: 03:00 CEST becomes 02:00 CET. 05:00 UTC is 06:00 CET (day)."""
    assert is_night(BERLIN, datetime(2026, 10, 25, 4, 59, tzinfo=UTC)) is True  # 05:59 CET
    assert is_night(BERLIN, datetime(2026, 10, 25, 5, 0, tzinfo=UTC)) is False  # 06:00 CET
    assert is_night(BERLIN, datetime(2026, 10, 24, 19, 59, tzinfo=UTC)) is False  # 21:59 CEST
    assert is_night(BERLIN, datetime(2026, 10, 24, 20, 0, tzinfo=UTC)) is True  # 22:00 CEST
    # the repeated hour (02:00-03:00 twice) is night both times
    assert is_night(BERLIN, datetime(2026, 10, 25, 0, 30, tzinfo=UTC)) is True
    assert is_night(BERLIN, datetime(2026, 10, 25, 1, 30, tzinfo=UTC)) is True


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
    st.sampled_from([BERLIN, "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]),
)
def test_the_night_is_what_the_wall_clock_says(naive, zone):
    moment = naive.replace(tzinfo=UTC)
    hour = moment.astimezone(ZoneInfo(zone)).hour
    assert is_night(zone, moment) is (hour >= 22 or hour < 6)


# --- hard days ------------------------------------------------------------------------------


def test_a_one_off_hard_day_comes_once():
    hard = HardDay(1, date(2026, 12, 24), "Christmas Eve")
    assert hard.next_from(date(2026, 12, 1)) == date(2026, 12, 24)
    assert hard.next_from(date(2026, 12, 24)) == date(2026, 12, 24)
    assert hard.next_from(date(2026, 12, 25)) is None


def test_a_yearly_hard_day_comes_back_every_year():
    hard = HardDay(1, date(1990, 12, 3), "their birthday", yearly=True)
    assert hard.next_from(date(2026, 12, 1)) == date(2026, 12, 3)
    assert hard.next_from(date(2026, 12, 3)) == date(2026, 12, 3)
    assert hard.next_from(date(2026, 12, 4)) == date(2027, 12, 3)
    assert HardDay(2, date(2030, 5, 1), "later", yearly=True).next_from(date(2026, 1, 1)) == date(2030, 5, 1)


def test_29_february_falls_on_the_28th_in_a_year_without_one():
    leap = HardDay(1, date(2024, 2, 29), "the day we met", yearly=True)
    assert leap.next_from(date(2026, 2, 1)) == date(2026, 2, 28)
    assert leap.next_from(date(2026, 2, 28)) == date(2026, 2, 28)
    assert leap.next_from(date(2026, 3, 1)) == date(2027, 2, 28)
    assert leap.next_from(date(2027, 3, 1)) == date(2028, 2, 29)
    # from three days before, in a year without 29 February
    assert [u.day for u in near([leap], date(2026, 2, 25))] == [date(2026, 2, 28)]
    assert near([leap], date(2026, 2, 24)) == []
    assert near([leap], date(2026, 3, 1)) == []


def test_the_panel_names_a_hard_day_from_three_days_before_to_the_day():
    hard = HardDay(1, date(1990, 12, 3), "their birthday", yearly=True)
    seen = {day: [u.days_left for u in near([hard], date(2026, 11, 1) + timedelta(days=day))] for day in range(28, 35)}
    assert seen == {28: [], 29: [3], 30: [2], 31: [1], 32: [0], 33: [], 34: []}  # 3 Dec is day 32
    item = near([hard], date(2026, 12, 1))[0]
    assert item.when == "in 2 days (Thu 3 Dec)"
    assert near([hard], date(2026, 12, 2))[0].when == "tomorrow (Thu 3 Dec)"
    assert near([hard], date(2026, 12, 3))[0].when == "today"


def test_the_next_hard_day_is_the_soonest():
    days = [
        HardDay(1, date(2026, 12, 24), "Christmas Eve"),
        HardDay(2, date(1990, 12, 3), "birthday", yearly=True),
        HardDay(3, date(2026, 11, 1), "gone"),
    ]
    found = next_hard_day(days, date(2026, 12, 1))
    assert (found.hard_day.id, found.day, found.days_left) == (2, date(2026, 12, 3), 2)
    assert next_hard_day([days[2]], date(2026, 12, 1)) is None


@settings(max_examples=400, deadline=None)
@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2190, 12, 31)),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2190, 12, 31)),
)
def test_a_yearly_hard_day_comes_within_a_year_on_its_own_day(start, today):
    hard = HardDay(1, start, "x", yearly=True)
    day = hard.next_from(today)
    assert day is not None and day >= today
    assert day >= start
    if start <= today:
        assert (day - today).days <= 366
    if (start.month, start.day) == (2, 29) and not calendar.isleap(day.year):
        assert (day.month, day.day) == (2, 28)
    else:
        assert (day.month, day.day) == (start.month, start.day)
    # nothing of it comes between today and that day
    for between in range(today.year, day.year):
        if between >= start.year:
            assert hard.on(between) < today


def test_a_hard_day_is_checked_as_typed():
    now = datetime(2026, 12, 1, 9, tzinfo=UTC)
    made = make_hard_day("2026-12-24", "  Christmas Eve ", False, BERLIN, now)
    assert (made.day, made.label, made.yearly, made.created) == (
        date(2026, 12, 24),
        "Christmas Eve",
        False,
        "2026-12-01T09:00:00Z",
    )
    assert make_hard_day("1990-12-03", "birthday", True, BERLIN, now).day == date(1990, 12, 3)
    for day, label, yearly in [
        ("2026-11-30", "gone", False),
        ("2026-02-30", "x", True),
        ("tomorrow-ish", "x", True),
        ("2026-12-24", "", False),
        ("2026-12-24", "a\x1bb", False),
        ("2026-12-24", "x" * 81, False),
        ("2026-12-24", "\u202eevil", False),
        ("2026-12-24", "\u200b", False),
    ]:
        with pytest.raises(InvalidInput):
            make_hard_day(day, label, yearly, BERLIN, now)


def test_support_cooldown_and_strength_are_checked():
    assert clean_support("  Sam 0170 123  ") == "Sam 0170 123"
    assert clean_support("") == ""
    for bad in ("a\nb", "x" * 201, "\x1b[31m"):
        with pytest.raises(InvalidInput):
            clean_support(bad)
    assert check_cooldown("15") == 15 and check_cooldown(1) == 1 and check_cooldown(120) == 120
    for bad in (0, 121, "ten", True, "٣"):
        with pytest.raises(InvalidInput):
            check_cooldown(bad)
    assert check_strength(None) is None and check_strength("4") == 4
    for bad in (0, 6, "high", False):
        with pytest.raises(InvalidInput):
            check_strength(bad)


# --- the safety net ------------------------------------------------------------------------


def moods(*pairs: tuple[int, int]) -> dict[date, int]:
    """(day of November 2026, mood) pairs."""
    return {date(2026, 11, day): mood for day, mood in pairs}


def test_three_low_days_in_a_row_bring_up_the_safety_net():
    today = date(2026, 11, 25)
    assert safety_net_due(moods((23, 2), (24, 1), (25, 2)), (), today)
    assert not safety_net_due(moods((23, 2), (24, 3), (25, 2)), (), today)  # broken by a 3
    assert not safety_net_due(moods((22, 2), (24, 1), (25, 2)), (), today)  # a day without a check-in
    assert not safety_net_due(moods((24, 1), (25, 2)), (), today)  # two are not three
    # today has no check-in yet: the three days before count
    assert safety_net_due(moods((22, 2), (23, 2), (24, 1)), (), today)
    # today's check-in is better: silent
    assert not safety_net_due(moods((22, 2), (23, 2), (24, 1), (25, 4)), (), today)
    assert low_streak(moods((20, 1), (21, 1), (22, 2), (23, 2), (24, 1), (25, 2)), today) == 6


def test_the_safety_net_put_away_for_a_day_comes_back_the_next():
    low = moods((23, 2), (24, 1), (25, 2), (26, 2))
    put_away = [Dismissal(date(2026, 11, 25))]
    assert not safety_net_due(low, put_away, date(2026, 11, 25))
    assert safety_net_due(low, put_away, date(2026, 11, 26))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=0, max_size=10))
def test_the_safety_net_is_exactly_three_low_days_ending_today_or_yesterday(series):
    today = date(2026, 11, 25)
    by_day = {today - timedelta(days=back): mood for back, mood in enumerate(series) if mood is not None}
    start = 0 if today in by_day else 1
    window = [by_day.get(today - timedelta(days=back)) for back in range(start, start + 3)]
    expected = all(mood is not None and mood <= 2 for mood in window)
    assert safety_net_due(by_day, (), today) is expected


def test_the_safety_net_counts_days_in_the_plans_zone():
    """12:00 UTC on 25 Nov is already 26 Nov, 01:00 in Auckland: the check-ins of 24, 25
    and 26 Nov are three days in a row there, while in Berlin the 26th has not come."""
    checkins = tuple(CheckIn(date(2026, 11, day), 2) for day in (24, 25, 26))
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    assert Journey(plan(tz="Pacific/Auckland"), checkins=checkins).safety_net_due(now)
    assert not Journey(plan(tz=BERLIN), checkins=checkins).safety_net_due(now)
    assert not Journey(None, checkins=checkins).safety_net_due(now)  # no plan, no net


def test_the_safety_net_says_the_support_line_and_never_diagnoses():
    lines = safety_lines("Sam {0} 0170")
    assert lines[1] == "Your support: Sam {0} 0170"  # user text is filled in, never read as a template
    assert "counsellor" in lines[0]
    text = " ".join(safety_lines("")).lower()
    for word in ("depress", "disorder", "diagnos", "must", "crisis"):
        assert word not in text


# --- what contact now would do -------------------------------------------------------------


NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)  # breakup 15 Nov + 21 days: 6 Dec, 11 days left


def test_contact_now_restarts_the_count_when_the_plan_says_so():
    effect = contact_now(Journey(plan()), NOW)
    assert (effect.restarts, effect.days_left, effect.contact_date) == (True, 11, date(2026, 12, 6))
    assert (effect.days_after, effect.date_after) == (21, date(2026, 12, 16))
    assert contact_lines(effect) == [
        "11 days of space left, to Sun 6 Dec.",
        "Reaching out now would start the count again: 21 days from today, to Wed 16 Dec.",
    ]


def test_contact_now_leaves_the_count_when_slips_do_not_restart_it():
    effect = contact_now(Journey(plan(restart_on_slip=False)), NOW)
    assert (effect.restarts, effect.days_after, effect.date_after) == (False, 11, date(2026, 12, 6))
    assert "stays as it is" in contact_lines(effect)[1]


def test_contact_now_before_the_letter_and_after_the_date():
    waiting = contact_now(Journey(plan(guide="letter-14", days=14, ended_by="me")), NOW)
    assert not waiting.started and contact_lines(waiting)[0] == "Your count has not started yet."
    reached = contact_now(Journey(plan(breakup_date=date(2026, 10, 1))), NOW)
    assert reached.reached and len(contact_lines(reached)) == 1
    assert contact_now(Journey(None), NOW) is None


def test_contact_now_counts_extensions_and_earlier_slips():
    journey = Journey(plan(), slips=(Slip(date(2026, 11, 20)),))
    effect = contact_now(journey, NOW)
    assert effect.contact_date == date(2026, 12, 11) and effect.date_after == date(2026, 12, 16)


# --- urges ---------------------------------------------------------------------------------


def test_urges_are_counted_by_the_day_in_the_plans_zone():
    urges = (
        Urge(1, "2026-11-24T22:30:00Z", 4, "passed"),  # 23:30 on the 24th in Berlin
        Urge(2, "2026-11-24T23:30:00Z", None, "reached_out"),  # 00:30 on the 25th in Berlin
        Urge(3, "2026-11-25T09:00:00Z", 2, "passed"),
        Urge(4, "2026-11-25T10:00:00Z"),
    )
    journey = Journey(plan(), urges=urges)
    assert journey.urges_today(NOW) == 3
    assert journey.urges_passed() == 2
    assert Journey(plan(tz="UTC"), urges=urges).urges_today(NOW) == 2
    assert urges[0].local_time(BERLIN) == "23:30" and urges[0].day(BERLIN) == date(2026, 11, 24)
