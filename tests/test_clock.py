"""The countdown: calendar days in the plan's zone, real seconds between UTC instants.

Time is frozen with time_machine or passed as ``now=``; every datetime carries a zone.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from regroup.domain.clock import countdown, first_instant, other_guides
from regroup.domain.dates import check_days, check_zone, long_date, parse_date, short_date, today_in
from regroup.domain.plan import Extension, Plan, Slip, make_plan
from regroup.errors import InvalidInput

UTC = UTC
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
DAY = 86_400
HOUR = 3_600


def local(
    zone: ZoneInfo, year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, fold: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=zone, fold=fold)


def plan(breakup: date, tz: str, guide: str = "space-21", days: int = 21, **kw) -> Plan:
    return Plan(breakup_date=breakup, ended_by=kw.pop("ended_by", "them"), guide=guide, days=days, tz=tz, **kw)


# --- first_instant ----------------------------------------------------------------------


def test_first_instant_is_local_midnight_in_utc():
    assert first_instant(date(2026, 12, 6), "Europe/Berlin") == datetime(2026, 12, 5, 23, 0, tzinfo=UTC)
    assert first_instant(date(2026, 7, 6), "Europe/Berlin") == datetime(2026, 7, 5, 22, 0, tzinfo=UTC)
    assert first_instant(date(2026, 12, 6), "Asia/Kathmandu") == datetime(2026, 12, 5, 18, 15, tzinfo=UTC)
    assert first_instant(date(2026, 12, 6), "UTC") == datetime(2026, 12, 6, tzinfo=UTC)


def test_first_instant_where_midnight_is_skipped_havana():
    # Cuba springs forward at 00:00 -> 01:00 on 8 March 2026: the day begins at 01:00 CDT (UTC-4).
    havana = ZoneInfo("America/Havana")
    start = first_instant(date(2026, 3, 8), "America/Havana")
    assert start == datetime(2026, 3, 8, 5, 0, tzinfo=UTC)
    assert start.astimezone(havana).replace(tzinfo=None) == datetime(2026, 3, 8, 1, 0)
    assert start.astimezone(havana).utcoffset() == timedelta(hours=-4)
    before = start - timedelta(seconds=1)
    assert before.astimezone(havana).replace(tzinfo=None) == datetime(2026, 3, 7, 23, 59, 59)
    assert before.astimezone(havana).utcoffset() == timedelta(hours=-5)
    # the day before is a full one; 8 March itself is one hour short of 24
    assert (start - first_instant(date(2026, 3, 7), "America/Havana")).total_seconds() == 24 * HOUR
    assert (first_instant(date(2026, 3, 9), "America/Havana") - start).total_seconds() == 23 * HOUR


def test_countdown_to_a_day_whose_midnight_is_skipped():
    p = plan(date(2026, 2, 15), "America/Havana")  # + 21 -> 2026-03-08
    at_start = countdown(p, now=datetime(2026, 3, 8, 5, 0, tzinfo=UTC))
    assert at_start.contact_date == date(2026, 3, 8)
    assert (at_start.days_left, at_start.seconds_left, at_start.reached) == (0, 0, True)
    just_before = countdown(p, now=datetime(2026, 3, 8, 4, 59, 59, tzinfo=UTC))
    assert (just_before.days_left, just_before.seconds_left, just_before.reached) == (1, 1, False)


# --- daylight saving inside the period ----------------------------------------------------


def test_berlin_spring_forward_inside_the_period():
    p = plan(date(2026, 3, 20), "Europe/Berlin")
    now = local(BERLIN, 2026, 3, 20, 0, 30)
    state = countdown(p, now=now)
    assert state.started and state.anchor == date(2026, 3, 20) and state.anchor_kind == "breakup"
    assert state.contact_date == date(2026, 4, 10)
    assert state.no_contact_days == 21
    assert state.days_left == 21
    # 19 Mar 23:30 UTC -> 9 Apr 22:00 UTC: 20 days 22:30, one hour less than the wall clocks say
    expected = int((datetime(2026, 4, 9, 22, 0, tzinfo=UTC) - now).total_seconds())
    assert expected == 20 * DAY + 22 * HOUR + 30 * 60 == 1_809_000
    assert state.seconds_left == 1_809_000
    assert state.parts == (20, 22, 30, 0)
    assert state.progress == pytest.approx(30 * 60 / (21 * DAY - HOUR))


def test_berlin_spring_forward_the_seconds_do_not_jump():
    p = plan(date(2026, 3, 20), "Europe/Berlin")
    before = countdown(p, now=local(BERLIN, 2026, 3, 29, 1, 59, 59))
    after = countdown(p, now=local(BERLIN, 2026, 3, 29, 3, 0, 0))
    assert before.seconds_left - after.seconds_left == 1
    assert before.days_left == after.days_left == 12
    # 29 Mar 00:59:59 UTC -> 9 Apr 22:00 UTC
    assert before.seconds_left == 11 * DAY + 21 * HOUR + 1
    assert after.parts == (11, 21, 0, 0)


def test_berlin_fall_back_inside_the_period():
    p = plan(date(2026, 10, 10), "Europe/Berlin")
    now = local(BERLIN, 2026, 10, 10, 0, 30)
    state = countdown(p, now=now)
    assert state.contact_date == date(2026, 10, 31)
    assert state.days_left == 21
    # 9 Oct 22:30 UTC -> 30 Oct 23:00 UTC: 21 days 00:30, one hour more than the wall clocks say
    assert state.seconds_left == 21 * DAY + 30 * 60 == 1_816_200
    assert state.parts == (21, 0, 30, 0)
    # 02:59:59 summer time, then 02:00:00 winter time one second later
    before = countdown(p, now=local(BERLIN, 2026, 10, 25, 2, 59, 59, fold=0))
    after = countdown(p, now=local(BERLIN, 2026, 10, 25, 2, 0, 0, fold=1))
    assert after.seconds_left == before.seconds_left - 1
    assert before.days_left == after.days_left == 6
    assert after.seconds_left == 5 * DAY + 22 * HOUR  # 25 Oct 01:00 UTC -> 30 Oct 23:00 UTC
    # the repeated hour: same wall time, one real hour apart, same calendar day
    first = countdown(p, now=local(BERLIN, 2026, 10, 25, 2, 30, fold=0))
    second = countdown(p, now=local(BERLIN, 2026, 10, 25, 2, 30, fold=1))
    assert first.seconds_left - second.seconds_left == HOUR
    assert first.days_left == second.days_left == 6


def test_new_york_spring_forward():
    p = plan(date(2026, 3, 1), "America/New_York")
    now = local(NEW_YORK, 2026, 3, 1, 12, 0)
    state = countdown(p, now=now)
    assert state.contact_date == date(2026, 3, 22)
    assert state.days_left == 21
    # 1 Mar 17:00 UTC -> 22 Mar 04:00 UTC
    assert state.seconds_left == 20 * DAY + 11 * HOUR == 1_767_600
    before = countdown(p, now=local(NEW_YORK, 2026, 3, 8, 1, 59, 59))
    after = countdown(p, now=local(NEW_YORK, 2026, 3, 8, 3, 0, 0))
    assert before.seconds_left - after.seconds_left == 1
    assert before.days_left == after.days_left == 14
    assert after.seconds_left == 13 * DAY + 21 * HOUR  # 8 Mar 07:00 UTC -> 22 Mar 04:00 UTC


def test_new_york_fall_back():
    p = plan(date(2026, 10, 20), "America/New_York")
    state = countdown(p, now=local(NEW_YORK, 2026, 10, 20, 12, 0))
    assert state.contact_date == date(2026, 11, 10)
    assert state.days_left == 21
    # 20 Oct 16:00 UTC -> 10 Nov 05:00 UTC
    assert state.seconds_left == 20 * DAY + 13 * HOUR == 1_774_800
    before = countdown(p, now=local(NEW_YORK, 2026, 11, 1, 1, 59, 59, fold=0))
    after = countdown(p, now=local(NEW_YORK, 2026, 11, 1, 1, 0, 0, fold=1))
    assert before.seconds_left - after.seconds_left == 1
    assert before.days_left == after.days_left == 9
    assert after.seconds_left == 9 * DAY - HOUR  # 1 Nov 06:00 UTC -> 10 Nov 05:00 UTC


# --- the plan's zone, not the machine's -----------------------------------------------------


def test_days_left_uses_the_plans_zone_not_the_machines():
    # 26 Nov 08:00 in Tokyo is still 25 Nov 15:00 in Los Angeles.
    p = plan(date(2026, 11, 15), "America/Los_Angeles")
    with time_machine.travel(datetime(2026, 11, 26, 8, 0, tzinfo=ZoneInfo("Asia/Tokyo")), tick=False):
        assert time.localtime().tm_mday == 26  # the machine is in Tokyo now
        assert datetime.now().date() == date(2026, 11, 26)
        state = countdown(p)
        assert today_in("America/Los_Angeles") == date(2026, 11, 25)
        assert today_in("Asia/Tokyo") == date(2026, 11, 26)
    assert state.contact_date == date(2026, 12, 6)
    assert state.days_left == 11  # Tokyo's date would give 10
    # 25 Nov 23:00 UTC -> 6 Dec 08:00 UTC (midnight PST)
    assert state.seconds_left == 10 * DAY + 9 * HOUR


def test_future_breakup_judged_in_the_plans_zone():
    with time_machine.travel(datetime(2026, 11, 26, 8, 0, tzinfo=ZoneInfo("Asia/Tokyo")), tick=False):
        with pytest.raises(InvalidInput, match="future"):
            make_plan(breakup_date="2026-11-26", ended_by="them", tz="America/Los_Angeles")
        ok = make_plan(breakup_date="2026-11-26", ended_by="them", tz="Asia/Tokyo")
    assert ok.breakup_date == date(2026, 11, 26) and ok.tz == "Asia/Tokyo"


# --- 29 February ------------------------------------------------------------------------------


def test_leap_day_as_the_contact_date():
    now = datetime(2028, 3, 10, tzinfo=UTC)
    p = make_plan(breakup_date="2028-02-08", ended_by="them", tz="Europe/Berlin", now=now)
    state = countdown(p, now=local(BERLIN, 2028, 2, 28, 12, 0))
    assert state.contact_date == date(2028, 2, 29)
    assert state.days_left == 1
    assert state.seconds_left == 12 * HOUR


def test_leap_day_as_the_breakup_date():
    now = datetime(2028, 3, 10, tzinfo=UTC)
    p = make_plan(breakup_date="2028-02-29", ended_by="mutual", guide_id="month-30", tz="UTC", now=now)
    state = countdown(p, now=now)
    assert (p.guide, p.days) == ("month-30", 30)
    assert state.contact_date == date(2028, 3, 30)
    assert state.days_left == 20
    assert state.seconds_left == 20 * DAY
    assert state.progress == pytest.approx(10 / 30)


def test_leap_day_only_in_leap_years():
    assert parse_date("2028-02-29") == date(2028, 2, 29)
    with pytest.raises(InvalidInput, match="does not exist"):
        parse_date("2026-02-29")


# --- where we are in the period -----------------------------------------------------------------


def test_breakup_today():
    p = plan(date(2026, 11, 25), "Europe/Berlin")
    at_midnight = countdown(p, now=local(BERLIN, 2026, 11, 25, 0, 0))
    assert at_midnight.days_left == 21 == p.days
    assert at_midnight.seconds_left == 21 * DAY
    assert at_midnight.progress == 0.0
    at_noon = countdown(p, now=local(BERLIN, 2026, 11, 25, 12, 0))
    assert at_noon.days_left == 21
    assert at_noon.seconds_left == 20 * DAY + 12 * HOUR
    assert at_noon.progress == pytest.approx(0.5 / 21)
    assert 0 < at_noon.progress < 0.03
    assert not at_noon.reached


def test_the_contact_day_itself():
    p = plan(date(2026, 11, 15), "Europe/Berlin")
    for now in (local(BERLIN, 2026, 12, 6, 0, 0), local(BERLIN, 2026, 12, 6, 13, 45)):
        state = countdown(p, now=now)
        assert state.contact_date == date(2026, 12, 6)
        assert (state.days_left, state.seconds_left, state.reached) == (0, 0, True)
        assert state.parts == (0, 0, 0, 0)
        assert state.progress == 1.0


def test_one_second_before_the_contact_day():
    p = plan(date(2026, 11, 15), "Europe/Berlin")
    state = countdown(p, now=local(BERLIN, 2026, 12, 5, 23, 59, 59))
    assert (state.days_left, state.seconds_left, state.reached) == (1, 1, False)
    assert state.parts == (0, 0, 0, 1)
    assert state.progress == pytest.approx(1 - 1 / (21 * DAY))


def test_a_fraction_of_a_second_before_the_contact_day_is_not_zero():
    p = plan(date(2026, 11, 15), "Europe/Berlin")
    state = countdown(p, now=local(BERLIN, 2026, 12, 5, 23, 59, 59) + timedelta(microseconds=999_999))
    assert state.days_left == 1
    assert state.seconds_left == 1 and not state.reached


def test_a_date_long_past():
    p = plan(date(2025, 1, 1), "Europe/Berlin")
    state = countdown(p, now=datetime(2026, 11, 25, 9, 30, tzinfo=UTC))
    assert state.contact_date == date(2025, 1, 22)
    assert (state.days_left, state.seconds_left, state.progress, state.reached) == (0, 0, 1.0, True)


def test_countdown_reads_the_frozen_clock():
    p = plan(date(2026, 11, 15), "Europe/Berlin")
    with time_machine.travel(datetime(2026, 11, 25, 9, 30, tzinfo=UTC), tick=False):
        state = countdown(p)
    assert (state.days_left, state.seconds_left) == (11, 10 * DAY + 13 * HOUR + 30 * 60)
    assert state.parts == (10, 13, 30, 0)


# --- letter-14 ------------------------------------------------------------------------------------


def test_letter_guide_waits_for_the_letter():
    now = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
    p = make_plan(breakup_date="2026-11-01", ended_by="me", tz="Europe/Berlin", now=now)
    assert (p.guide, p.days, p.letter_sent) == ("letter-14", 14, None)
    state = countdown(p, now=now)
    assert state.started is False
    assert state.contact_date is None and state.anchor is None
    assert (state.days_left, state.seconds_left, state.reached) == (0, 0, False)


def test_letter_guide_counts_from_the_letter():
    now = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
    p = make_plan(breakup_date="2026-11-01", ended_by="me", tz="Europe/Berlin", letter_sent="2026-11-20", now=now)
    state = countdown(p, now=now)
    assert state.started and state.anchor == date(2026, 11, 20) and state.anchor_kind == "letter"
    assert state.contact_date == date(2026, 12, 4)
    assert state.days_left == 9
    assert state.seconds_left == 8 * DAY + 13 * HOUR + 30 * 60  # -> 3 Dec 23:00 UTC


def test_letter_refusals():
    now = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
    with pytest.raises(InvalidInput, match="future"):
        make_plan(breakup_date="2026-11-01", ended_by="me", tz="UTC", letter_sent="2026-11-26", now=now)
    with pytest.raises(InvalidInput, match="before the breakup"):
        make_plan(breakup_date="2026-11-01", ended_by="me", tz="UTC", letter_sent="2026-10-31", now=now)


# --- slips and extensions ---------------------------------------------------------------------------

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


def test_slip_restarts_the_count_from_the_latest_slip():
    p = plan(date(2026, 11, 1), "UTC")
    slips = [Slip(date(2026, 11, 10), "called"), Slip(date(2026, 11, 5), "texted")]
    state = countdown(p, now=NOW, slips=slips)
    assert state.anchor == date(2026, 11, 10) and state.anchor_kind == "slip"
    assert state.contact_date == date(2026, 12, 1)
    assert state.days_left == 6
    assert state.last_slip == slips[0]


def test_slip_does_not_restart_when_turned_off():
    p = plan(date(2026, 11, 1), "UTC", restart_on_slip=False)
    slips = [Slip(date(2026, 11, 10), "called")]
    state = countdown(p, now=NOW, slips=slips)
    assert state.anchor == date(2026, 11, 1) and state.anchor_kind == "breakup"
    assert state.contact_date == date(2026, 11, 22)
    assert (state.days_left, state.seconds_left, state.reached) == (0, 0, True)
    assert state.last_slip == slips[0]


def test_slip_before_the_letter_does_not_move_the_anchor():
    p = plan(date(2026, 11, 1), "UTC", guide="letter-14", days=14, ended_by="me", letter_sent=date(2026, 11, 12))
    state = countdown(p, now=NOW, slips=[Slip(date(2026, 11, 5))])
    assert state.anchor == date(2026, 11, 12) and state.anchor_kind == "letter"
    assert state.contact_date == date(2026, 11, 26)
    on_the_letter_day = countdown(p, now=NOW, slips=[Slip(date(2026, 11, 12))])
    assert on_the_letter_day.anchor_kind == "slip" and on_the_letter_day.contact_date == date(2026, 11, 26)


def test_extensions_add_seven_days_each():
    p = plan(date(2026, 11, 1), "UTC")
    extensions = [Extension(date(2026, 11, 22)), Extension(date(2026, 11, 29))]
    state = countdown(p, now=NOW, extensions=extensions)
    assert state.no_contact_days == 35
    assert state.contact_date == date(2026, 12, 6)
    assert state.days_left == 11
    assert state.extensions == tuple(extensions)


def test_extensions_before_the_anchor_do_not_count():
    p = plan(date(2026, 11, 1), "UTC")
    slips = [Slip(date(2026, 11, 10))]
    extensions = [Extension(date(2026, 11, 5)), Extension(date(2026, 11, 10)), Extension(date(2026, 11, 20))]
    state = countdown(p, now=NOW, slips=slips, extensions=extensions)
    assert state.anchor == date(2026, 11, 10)
    assert state.extensions == (extensions[1], extensions[2])
    assert state.no_contact_days == 35
    assert state.contact_date == date(2026, 12, 15)


# --- other guides ------------------------------------------------------------------------------------


def test_other_guides_for_a_breakup_plan():
    p = plan(date(2026, 11, 1), "Europe/Berlin")
    others = {g.id: contact for g, contact in other_guides(p)}
    assert others == {"month-30": date(2026, 12, 1), "letter-14": None}


def test_other_guides_with_the_letter_sent():
    p = plan(date(2026, 11, 1), "Europe/Berlin", letter_sent=date(2026, 11, 20))
    others = {g.id: contact for g, contact in other_guides(p)}
    assert others == {"month-30": date(2026, 12, 1), "letter-14": date(2026, 12, 4)}


def test_other_guides_for_a_letter_plan_and_slips():
    p = plan(date(2026, 11, 1), "UTC", guide="letter-14", days=14, ended_by="me", letter_sent=date(2026, 11, 20))
    assert {g.id: c for g, c in other_guides(p)} == {"space-21": date(2026, 11, 22), "month-30": date(2026, 12, 1)}
    slipped = {g.id: c for g, c in other_guides(p, [Slip(date(2026, 11, 21))])}
    assert slipped == {"space-21": date(2026, 12, 12), "month-30": date(2026, 12, 21)}


# --- make_plan ----------------------------------------------------------------------------------------


def test_make_plan_defaults():
    them = make_plan(breakup_date="2026-11-15", ended_by="them", tz="Europe/Berlin", now=NOW)
    assert (them.guide, them.days, them.tz, them.name, them.restart_on_slip) == (
        "space-21",
        21,
        "Europe/Berlin",
        "",
        True,
    )
    assert make_plan(breakup_date="2026-11-15", ended_by="mutual", tz="UTC", now=NOW).guide == "space-21"
    assert make_plan(breakup_date="2026-11-15", ended_by="me", tz="UTC", now=NOW).guide == "letter-14"
    custom = make_plan(breakup_date="2026-11-15", ended_by="them", guide_id="custom", days=" 40 ", tz="UTC", now=NOW)
    assert (custom.guide, custom.days) == ("custom", 40)
    for n in (1, 365, "1", "365"):
        assert make_plan(
            breakup_date="2026-11-15", ended_by="them", guide_id="custom", days=n, tz="UTC", now=NOW
        ).days == int(n)
    assert make_plan(breakup_date=date(2026, 11, 25), ended_by="them", tz="UTC", now=NOW).breakup_date == date(
        2026, 11, 25
    )


def test_make_plan_round_trips_through_a_document():
    p = make_plan(
        breakup_date="2026-11-01", ended_by="me", tz="Asia/Kathmandu", letter_sent="2026-11-20", name="Sam", now=NOW
    )
    assert Plan.from_doc(p.to_doc()) == p


BAD = {
    "future breakup": dict(breakup_date="2026-11-26"),
    "unknown zone": dict(tz="Mars/Olympus_Mons"),
    "local zone": dict(tz="local"),
    "empty zone": dict(tz=""),
    "days 0": dict(guide_id="custom", days=0),
    "days 366": dict(guide_id="custom", days=366),
    "days -1": dict(guide_id="custom", days=-1),
    "days '0'": dict(guide_id="custom", days="0"),
    "days '366'": dict(guide_id="custom", days="366"),
    "days '-1'": dict(guide_id="custom", days="-1"),
    "days abc": dict(guide_id="custom", days="abc"),
    "days empty": dict(guide_id="custom", days=""),
    "days blank": dict(guide_id="custom", days="   "),
    "days 2.5": dict(guide_id="custom", days="2.5"),
    "days True": dict(guide_id="custom", days=True),
    "days off the guide": dict(guide_id="space-21", days=40),
    "2026-02-30": dict(breakup_date="2026-02-30"),
    "2026-13-01": dict(breakup_date="2026-13-01"),
    "2026-1-1": dict(breakup_date="2026-1-1"),
    "empty date": dict(breakup_date=""),
    "blank date": dict(breakup_date="   "),
    "long date": dict(breakup_date="2" * 10_000),
    "long zone": dict(tz="Europe/" + "x" * 10_000),
    "long days": dict(guide_id="custom", days="9" * 10_000),
    "long name": dict(name="n" * 10_000),
    "long ended_by": dict(ended_by="m" * 10_000),
    "long guide": dict(guide_id="g" * 10_000),
    "bad ended_by": dict(ended_by="nobody"),
    "unknown guide": dict(guide_id="forever"),
    "escape date": dict(breakup_date="\x1b[2J"),
    "escape zone": dict(tz="\x1b[2J"),
    "escape days": dict(guide_id="custom", days="\x1b[2J"),
    "escape name": dict(name="Sam\x1b[2J"),
    "newline name": dict(name="Sam\nDrop"),
    "escape ended_by": dict(ended_by="\x1b[2J"),
    "escape guide": dict(guide_id="\x1b[2J"),
    "escape letter": dict(ended_by="me", letter_sent="\x1b[2J"),
}


@pytest.mark.parametrize("override", BAD.values(), ids=BAD.keys())
def test_make_plan_refuses_with_one_line(override):
    fields = dict(breakup_date="2026-11-15", ended_by="them", tz="Europe/Berlin", now=NOW)
    fields.update(override)
    with pytest.raises(InvalidInput) as info:
        make_plan(**fields)
    message = str(info.value)
    assert message and "\n" not in message and "\r" not in message
    assert "\x1b" not in message and message.isprintable()
    assert info.value.exit_status == 2


def test_refusal_messages_say_what_is_wrong():
    def refusal(**override) -> str:
        fields: dict[str, Any] = dict(breakup_date="2026-11-15", ended_by="them", tz="Europe/Berlin", now=NOW)
        fields.update(override)
        with pytest.raises(InvalidInput) as info:
            make_plan(**fields)
        return str(info.value)

    assert "future" in refusal(breakup_date="2026-11-26")
    assert "does not exist" in refusal(breakup_date="2026-02-30")
    assert "missing" in refusal(breakup_date="")
    assert "time zone" in refusal(tz="local")
    assert "1 to 365" in refusal(guide_id="custom", days="abc")
    assert "missing" in refusal(guide_id="custom", days="")
    assert "1 to 365" in refusal(guide_id="custom", days=366)
    assert "them, me or mutual" in refusal(ended_by="nobody")
    assert "space-21" in refusal(guide_id="forever")
    assert len(refusal(breakup_date="2" * 10_000)) < 200
    assert len(refusal(tz="x" * 10_000)) < 200
    assert len(refusal(guide_id="custom", days="9" * 10_000)) < 200
    assert len(refusal(name="n" * 10_000)) < 200


@pytest.mark.parametrize("name", ["Zoë", "👩‍❤️‍👨 Sam", "سارة", "נועה", "‏דני‎", "李雷"])
def test_names_in_any_script_are_kept_exactly(name):
    p = make_plan(breakup_date="2026-11-15", ended_by="them", tz="UTC", name=name, now=NOW)
    assert p.name == name and p.them == name
    assert Plan.from_doc(p.to_doc()).name == name


# --- dates -----------------------------------------------------------------------------------------------


def test_dates_helpers():
    assert parse_date(" 2026-11-03 ") == date(2026, 11, 3)
    assert check_zone(" Europe/Berlin ") == "Europe/Berlin"
    assert check_days("  45 ") == 45 and check_days(7) == 7
    assert long_date(date(2026, 12, 10)) == "Thu 10 Dec 2026"
    assert short_date(date(2026, 12, 6)) == "Sun 6 Dec"
    assert today_in("Pacific/Kiritimati", datetime(2026, 11, 25, 11, 0, tzinfo=UTC)) == date(2026, 11, 26)
    assert today_in("Pacific/Pago_Pago", datetime(2026, 11, 25, 10, 0, tzinfo=UTC)) == date(2026, 11, 24)


# --- property: the contact date's first instant is exactly zero ------------------------------------------

ZONES = [
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Australia/Lord_Howe",
    "America/Havana",
    "Asia/Kathmandu",
    "Pacific/Apia",
    "America/Santiago",
    "Asia/Tokyo",
    "Pacific/Chatham",
]


@settings(max_examples=300, deadline=None)
@given(
    anchor=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    zone=st.sampled_from(ZONES),
    days=st.integers(min_value=1, max_value=365),
)
def test_contact_instant_is_zero_and_one_second_before_is_one(anchor, zone, days):
    p = Plan(anchor, "them", "custom", days, zone)
    target = first_instant(anchor + timedelta(days=days), zone)
    at = countdown(p, now=target)
    assert at.contact_date == anchor + timedelta(days=days)
    assert at.no_contact_days == days
    assert (at.seconds_left, at.days_left, at.reached, at.progress) == (0, 0, True, 1.0)
    before = countdown(p, now=target - timedelta(seconds=1))
    assert (before.seconds_left, before.days_left, before.reached) == (1, 1, False)
    assert before.contact_date == at.contact_date
    start = countdown(p, now=first_instant(anchor, zone))
    assert start.days_left == days and start.progress == 0.0
    assert start.seconds_left == int((target - first_instant(anchor, zone)).total_seconds())
