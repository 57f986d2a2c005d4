"""Habits and days from the shell (issue 17): ``add --per-week/--daily/--on/--weekly/--at``,
``tick``, ``status --json``'s ``today`` and ``habits``, and the exports (ics parsed with
icalendar, json round trip, markdown). Refusals are one sentence, exit 2, file untouched.
The clock is frozen with time_machine, across a week boundary and a daylight-saving change."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from icalendar import Calendar

from conftest import reopen, seed
from regroup.cli import main

BERLIN = ZoneInfo("Europe/Berlin")
WED_EVENING = datetime(2026, 11, 25, 18, 30, tzinfo=BERLIN)  # Wed 25 Nov 2026
SUNDAY_NIGHT = datetime(2026, 11, 29, 23, 50, tzinfo=BERLIN)  # 22:50 UTC, still Sunday in Berlin
MONDAY = datetime(2026, 11, 30, 0, 10, tzinfo=BERLIN)  # a new week


def run(capsys, *args: str, when: datetime = WED_EVENING) -> tuple[int, str, str]:
    with time_machine.travel(when, tick=False):
        try:
            code = main(list(args))
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(db_path) -> Path:
    seed(db_path, plan=True)
    return db_path


def card_by_title(path: Path, title: str):
    return next(c for c in reopen(path).board.cards.values() if c.title == title)


def test_add_habits_and_days(db, capsys):
    d = ["--db", str(db)]
    code, out, _ = run(capsys, "add", "Run 5 km", "--per-week", "3", "--column", "doing", *d)
    assert code == 0 and ", 3 times a week)" in out
    assert run(capsys, "add", "Stretch", "--daily", *d)[0] == 0
    code, out, _ = run(capsys, "add", "Pottery", "--weekly", "Thursday", "--at", "18:30", *d)
    assert code == 0 and "Thursdays at 18:30" in out
    assert run(capsys, "add", "Meet Sam", "--on", "2026-12-02", *d)[0] == 0
    assert (card_by_title(db, "Run 5 km").per_week, card_by_title(db, "Stretch").per_week) == (3, 7)
    pottery, sam = card_by_title(db, "Pottery"), card_by_title(db, "Meet Sam")
    assert (pottery.day, pottery.time, sam.day, sam.time) == ("thursday", "18:30", "2026-12-02", None)


@pytest.mark.parametrize(
    "extra, words",
    [
        (["--per-week", "0"], "from 1 to 7"),
        (["--per-week", "8"], "from 1 to 7"),
        (["--per-week", "three"], "from 1 to 7"),
        (["--per-week", ""], "empty"),
        (["--daily", "--per-week", "3"], "not allowed"),
        (["--on", "2026-02-30"], "does not exist"),
        (["--on", "thursday"], "--weekly"),
        (["--weekly", "someday"], "not a day of the week"),
        (["--weekly", "thu", "--on", "2026-12-03"], "not allowed"),
        (["--at", "18:30"], "needs a day"),
        (["--weekly", "thu", "--at", "25:00"], "not a time of day"),
        (["--weekly", "thu", "--at", "\x1b[2J"], "not a time of day"),
    ],
)
def test_add_refuses_bad_schedules_in_one_sentence(db, capsys, extra, words):
    before = db.read_bytes()
    code, out, err = run(capsys, "add", "Run", *extra, "--db", str(db))
    assert code == 2 and err.count("\n") == 1 and words in err and "Traceback" not in err and "\x1b" not in err
    assert db.read_bytes() == before


def test_tick_across_a_week_boundary(db, capsys):
    d = ["--db", str(db)]
    run(capsys, "add", "Run 5 km", "--per-week", "3", "--column", "doing", *d)
    code, out, _ = run(capsys, "tick", "run 5 KM", *d)
    assert code == 0 and out == "Ticked “Run 5 km” off for Wed 25 Nov: 1/3 this week.\n"
    code, out, _ = run(capsys, "tick", "Run 5 km", *d)
    assert code == 0 and out.startswith("“Run 5 km” was already ticked off")
    assert run(capsys, "tick", "Run 5 km", "--date", "2026-11-23", *d)[2] == ""
    code, out, _ = run(capsys, "tick", "Run 5 km", *d, when=SUNDAY_NIGHT)
    assert out == "Ticked “Run 5 km” off for Sun 29 Nov: 3/3 this week.\n"
    code, out, _ = run(capsys, "tick", "Run 5 km", "--date", "yesterday", *d, when=MONDAY)
    assert code == 0 and "already ticked off for Sun 29 Nov: 3/3 that week" in out
    run(capsys, "tick", "Run 5 km", *d, when=MONDAY)
    status = json.loads(run(capsys, "status", "--json", *d, when=MONDAY)[1])
    assert status["habits"] == [{"title": "Run 5 km", "per_week": 3, "done_this_week": 1}]
    days = reopen(db).ticks().days(card_by_title(db, "Run 5 km").id)
    assert days == {date(2026, 11, d) for d in (23, 25, 29, 30)}


def test_tick_across_the_autumn_clock_change(db, capsys):
    """Sun 25 Oct 2026, 23:30 in Berlin, an hour after the clocks went back: still that
    Sunday, so the week of Mon 19 Oct."""
    d = ["--db", str(db)]
    run(capsys, "add", "Run", "--daily", *d, when=datetime(2026, 10, 19, 9, 0, tzinfo=BERLIN))
    late = datetime(2026, 10, 25, 23, 30, tzinfo=BERLIN)
    code, out, _ = run(capsys, "tick", "Run", *d, when=late)
    assert out == "Ticked “Run” off for Sun 25 Oct: 1/7 this week.\n"
    status = json.loads(run(capsys, "status", "--json", *d, when=late)[1])
    assert status["habits"][0]["done_this_week"] == 1 and status["today"] == []
    next_week = json.loads(run(capsys, "status", "--json", *d, when=datetime(2026, 10, 26, 0, 30, tzinfo=BERLIN))[1])
    assert next_week["habits"][0]["done_this_week"] == 0 and next_week["today"] == ["Run"]


@pytest.mark.parametrize(
    "args, words",
    [
        (["tick", "Nope"], "There is no card called “Nope”"),
        (["tick", "Twin"], "2 cards are called “Twin”"),
        (["tick", "New haircut"], "does not repeat"),
        (["tick", "Run", "--date", "2026-02-30"], "does not exist"),
        (["tick", "Run", "--date", "soon"], "is not a date"),
        (["tick", "Run", "--date", "2026-11-26"], "a day to come"),
        (["tick", ""], "cannot be empty"),
        (["tick", "Run\x1b[2J"], "control characters"),
    ],
)
def test_tick_refusals(db, capsys, args, words):
    d = ["--db", str(db)]
    run(capsys, "add", "Run", "--per-week", "2", *d)
    run(capsys, "add", "Twin", "--daily", *d)
    run(capsys, "add", "Twin", "--daily", *d)
    before = db.read_bytes()
    code, out, err = run(capsys, *args, *d)
    assert code == 2 and out == "" and err.count("\n") == 1 and words in err, err
    assert "Traceback" not in err and "\x1b" not in err
    assert db.read_bytes() == before


def test_tick_without_a_database_creates_none(tmp_path, capsys):
    code, _, err = run(capsys, "tick", "Run", "--db", str(tmp_path / "none.json"))
    assert code == 2 and err.count("\n") == 1 and not (tmp_path / "none.json").exists()


def test_status_json_today_and_habits(db, capsys):
    d = ["--db", str(db)]
    run(capsys, "add", "Run 5 km", "--per-week", "2", "--column", "doing", *d)
    run(capsys, "add", "Yoga", "--daily", "--column", "planned", *d)
    run(capsys, "add", "Pottery", "--weekly", "wed", "--at", "19:00", *d)
    run(capsys, "add", "Meet Sam", "--on", "2026-11-25", *d)
    run(capsys, "add", "Old habit", "--daily", "--column", "done", *d)
    run(capsys, "tick", "Yoga", *d)
    data = json.loads(run(capsys, "status", "--json", *d)[1])
    assert data["today"] == ["Pottery", "Meet Sam", "Run 5 km"]
    assert data["habits"] == [
        {"title": "Run 5 km", "per_week": 2, "done_this_week": 0},
        {"title": "Yoga", "per_week": 7, "done_this_week": 1},
    ]
    assert data["today_date"] == "2026-11-25" and data["cards"]["done"] == 2
    assert json.loads(run(capsys, "status", "--json", *d, when=datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN))[1])[
        "today"
    ] == ["Run 5 km", "Yoga"]


def test_status_json_with_no_habits(db, capsys):
    data = json.loads(run(capsys, "status", "--json", "--db", str(db))[1])
    assert data["today"] == [] and data["habits"] == []


def test_ics_holds_dated_and_weekly_cards(db, capsys, tmp_path):
    d = ["--db", str(db)]
    run(capsys, "add", "Pottery", "--weekly", "thu", "--at", "18:30", *d)
    run(capsys, "add", "Park run", "--weekly", "sat", *d)
    run(capsys, "add", "Meet Sam", "--on", "2026-12-02", "--at", "12:00", *d)
    run(capsys, "add", "Museum; day, out", "--on", "2027-04-03", *d)
    target = tmp_path / "plan.ics"
    assert run(capsys, "export", "--format", "ics", "--out", str(target), *d)[0] == 0
    raw = target.read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    calendar = Calendar.from_ical(raw)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    pottery = events["Pottery"]
    assert pottery["DTSTART"].dt == datetime(2026, 11, 26, 18, 30, tzinfo=BERLIN)
    assert pottery["DTEND"].dt == datetime(2026, 11, 26, 19, 30, tzinfo=BERLIN)
    assert pottery["RRULE"]["FREQ"] == ["WEEKLY"] and pottery["RRULE"]["BYDAY"] == ["TH"]
    assert str(pottery["DTSTART"].params["TZID"]) == "Europe/Berlin"
    park = events["Park run"]
    assert park["DTSTART"].dt == date(2026, 11, 28) and park["RRULE"]["BYDAY"] == ["SA"]
    assert events["Meet Sam"]["DTSTART"].dt == datetime(2026, 12, 2, 12, 0, tzinfo=BERLIN)
    assert "RRULE" not in events["Meet Sam"]
    # after the spring change, 3 Apr 2027 all day
    assert events["Museum; day, out"]["DTSTART"].dt == date(2027, 4, 3)
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Berlin"
    # the weekly class stays at 18:30 Berlin time across the change of 28 Mar 2027
    from dateutil.rrule import rrulestr

    rule = rrulestr(pottery["RRULE"].to_ical().decode(), dtstart=pottery["DTSTART"].dt)
    april = rule.after(datetime(2027, 3, 29, tzinfo=BERLIN))
    assert (april.hour, april.minute, april.utcoffset().total_seconds()) == (18, 30, 7200)
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert len(set(uids)) == len(uids)


def test_json_round_trip_and_markdown_carry_habits_and_ticks(db, capsys, tmp_path):
    d = ["--db", str(db)]
    run(capsys, "add", "Run 5 km", "--per-week", "3", *d)
    run(capsys, "add", "Pottery", "--weekly", "thu", "--at", "18:30", *d)
    run(capsys, "tick", "Run 5 km", *d)
    run(capsys, "tick", "Run 5 km", "--date", "2026-11-24", *d)
    export = tmp_path / "backup.json"
    assert run(capsys, "export", "--format", "json", "--out", str(export), *d)[0] == 0
    other = tmp_path / "other.json"
    assert run(capsys, "import", str(export), "--db", str(other))[0] == 0
    restored, original = reopen(other), reopen(db)
    assert restored.board == original.board
    run_id = card_by_title(db, "Run 5 km").id
    assert restored.ticks().days(run_id) == {date(2026, 11, 24), date(2026, 11, 25)}
    assert card_by_title(other, "Pottery").day == "thursday"
    code, text, _ = run(capsys, "export", "--format", "markdown", *d)
    assert "- **Pottery** (mind; Thursdays at 18:30)" in text
    assert "- **Run 5 km**: 3 times a week; 2/3 this week; last four weeks: 0, 0, 0, 2" in text
    assert "Ticked: Run 5 km" in text  # the timeline
