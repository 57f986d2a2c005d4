"""The hard moments from the shell and through the store (issue 16): ``hard-day add | list
| remove``, ``plan --support``, ``checkin``, ``status --json``, the ics and json exports,
and undo/redo of urges and hard days as the history does them. A refusal is one
sentence, exit status 2, and the file is left byte for byte as it was."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import time_machine
from icalendar import Calendar

from conftest import reopen, seed
from regroup.cli import main
from regroup.domain.hard_changes import (
    hard_day_added,
    hard_day_card,
    hard_day_removed,
    safety_net_dismissed,
    urge_ended,
    urge_rated,
    urge_started,
)
from regroup.domain.history import HISTORY
from regroup.domain.moments import make_hard_day, make_urge
from regroup.errors import Conflict
from regroup.store import Store

# Tue 1 Dec 2026, 10:00 in Berlin; the plan: breakup Sun 15 Nov, space-21 (contact Sun 6 Dec)
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def run(args: list[str], when: datetime = NOW) -> int:
    with time_machine.travel(when, tick=False):
        try:
            return main(args)
        except SystemExit as exit:
            return exit.code if isinstance(exit.code, int) else 1


@pytest.fixture
def db(db_path) -> Path:
    seed(db_path, plan=True)
    return db_path


def refused(db: Path, args: list[str], capsys, words: str = "") -> str:
    """The command is refused with exit status 2 and one sentence; the file is unchanged."""
    before = db.read_bytes()
    assert run([*args, "--db", str(db)]) == 2
    out = capsys.readouterr()
    lines = out.err.splitlines()
    assert len(lines) == 1 and "Traceback" not in out.err and out.out == "", out
    assert words in lines[0]
    assert db.read_bytes() == before
    return lines[0]


# --- hard-day ------------------------------------------------------------------------------


def test_hard_day_add_list_remove(db, capsys):
    assert run(["hard-day", "add", "1990-12-03", "their birthday", "--yearly", "--db", str(db)]) == 0
    assert run(["hard-day", "add", "2026-12-24", "Christmas Eve", "--db", str(db)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Added hard day 1: Mon 3 Dec 1990, every year, “their birthday”")
    assert out[1].startswith("Added hard day 2: Thu 24 Dec 2026, “Christmas Eve”")
    days = reopen(db).journey.hard_days
    assert [(h.id, h.day, h.label, h.yearly) for h in days] == [
        (1, date(1990, 12, 3), "their birthday", True),
        (2, date(2026, 12, 24), "Christmas Eve", False),
    ]

    assert run(["hard-day", "list", "--db", str(db)]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed == [
        "  1  Mon 3 Dec 1990  every year  their birthday  · next: in 2 days (Thu 3 Dec)",
        "  2  Thu 24 Dec 2026  once        Christmas Eve  · next: in 23 days (Thu 24 Dec)",
    ]
    assert run(["hard-day", "remove", "2", "--db", str(db)]) == 0
    assert "removed hard day 'Christmas Eve'" in capsys.readouterr().out
    assert [h.id for h in reopen(db).journey.hard_days] == [1]
    labels = [e.change.label for e in reopen(db).history()]
    assert labels[-3:] == ["hard day 'their birthday'", "hard day 'Christmas Eve'", "removed hard day 'Christmas Eve'"]


def test_hard_day_list_when_there_are_none(db, capsys):
    assert run(["hard-day", "list", "--db", str(db)]) == 0
    assert capsys.readouterr().out.startswith("No hard days yet")


@pytest.mark.parametrize(
    "args, words",
    [
        (["hard-day", "add", "2026-02-30", "x"], "does not exist"),
        (["hard-day", "add", "03/12/1990", "x"], "is not a date"),
        (["hard-day", "add", "2026-11-30", "gone"], "has passed"),
        (["hard-day", "add", "2026-12-24", "   "], "cannot be empty"),
        (["hard-day", "add", "2026-12-24", "a\x1b[31mb"], "control characters"),
        (["hard-day", "add", "2026-12-24", "\u202eevil"], "direction controls"),
        (["hard-day", "add", "2026-12-24", "x" * 81], "at most 80"),
        (["hard-day", "remove", "7"], "no hard day number 7"),
        (["hard-day", "remove", "seven"], "not a whole number"),
        (["hard-day", "remove", "0"], "hard-day list"),
        (["hard-day", "remove", "99999999999"], ""),
        (["hard-day", "frobnicate"], "invalid choice"),
    ],
)
def test_hard_day_refusals(db, capsys, args, words):
    refused(db, args, capsys, words)


def test_hard_day_refused_when_the_file_is_not_a_database(tmp_path, capsys):
    bad = tmp_path / "notes.json"
    bad.write_text("[1, 2]")
    before = bad.read_bytes()
    assert run(["hard-day", "add", "2026-12-24", "x", "--db", str(bad)]) == 2
    assert bad.read_bytes() == before and "Traceback" not in capsys.readouterr().err


# --- plan --support and friends ------------------------------------------------------------


def test_plan_sets_the_support_line_and_the_cool_down(db, capsys):
    assert run(["plan", "--support", "  Sam, 0170 1234567  ", "--cooldown", "15", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Saved plan settings (support line, cool-down)")
    plan = reopen(db).plan
    assert (plan.support, plan.cooldown_minutes) == ("Sam, 0170 1234567", 15)
    assert (plan.breakup_date, plan.guide, plan.tz) == (date(2026, 11, 15), "space-21", "Europe/Berlin")
    # the same again: nothing to change
    assert run(["plan", "--support", "Sam, 0170 1234567", "--db", str(db)]) == 0
    assert "already says that" in capsys.readouterr().out
    # an empty support line clears it
    assert run(["plan", "--support", "", "--db", str(db)]) == 0
    assert reopen(db).plan.support == ""


def test_plan_changes_the_other_fields_with_the_checks_of_init(db, capsys):
    assert run(["plan", "--days", "40", "--name", "Alex", "--db", str(db)]) == 0
    plan = reopen(db).plan
    assert (plan.guide, plan.days, plan.name) == ("custom", 40, "Alex")
    assert run(["plan", "--guide", "letter-14", "--letter-sent", "2026-11-20", "--db", str(db)]) == 0
    plan = reopen(db).plan
    assert (plan.guide, plan.letter_sent) == ("letter-14", date(2026, 11, 20))
    assert run(["plan", "--tz", "america/new_york", "--db", str(db)]) == 0
    assert reopen(db).plan.tz == "America/New_York"


@pytest.mark.parametrize(
    "args, words",
    [
        (["plan"], "at least one of"),
        (["plan", "--support", "line\x1b]0;pwned\x07"], "control characters"),
        (["plan", "--support", "x" * 201], "at most 200"),
        (["plan", "--cooldown", "0"], "from 1 to 120"),
        (["plan", "--cooldown", "ten"], "not a whole number"),
        (["plan", "--guide", "space-21", "--days", "40"], "custom guide"),
        (["plan", "--guide", "nope"], "Unknown guide"),
        (["plan", "--tz", "Mars/Olympus"], "Unknown time zone"),
        (["plan", "--letter-sent", "2027-01-01"], "in the future"),
        (["plan", "--letter-sent", "2026-11-01"], "before the breakup"),
        (["plan", "--name", "x" * 61], "at most 60"),
    ],
)
def test_plan_refusals(db, capsys, args, words):
    refused(db, args, capsys, words)


def test_plan_without_a_plan_is_refused(db_path, capsys):
    seed(db_path)
    refused(db_path, ["plan", "--support", "Sam"], capsys, "holds no plan yet")


def test_plan_on_a_missing_file_creates_nothing(tmp_path, capsys):
    missing = tmp_path / "none.json"
    assert run(["plan", "--support", "Sam", "--db", str(missing)]) == 2
    assert not missing.exists()
    assert "run regroup-tui init first" in capsys.readouterr().err


# --- checkin -----------------------------------------------------------------------------


def test_checkin_today_and_up_to_a_week_back(db, capsys):
    assert run(["checkin", "3", "--note", "a walk helped", "--db", str(db)]) == 0
    assert run(["checkin", "2", "--date", "2026-11-24", "--db", str(db)]) == 0
    capsys.readouterr()
    checkins = {c.day: (c.mood, c.words) for c in reopen(db).journey.checkins}
    assert checkins == {date(2026, 12, 1): (3, "a walk helped"), date(2026, 11, 24): (2, "")}
    # a second one the same day replaces the first
    assert run(["checkin", "4", "--db", str(db)]) == 0
    assert reopen(db).journey.checkin_for(date(2026, 12, 1)).mood == 4


@pytest.mark.parametrize(
    "args, words",
    [
        (["checkin", "0"], "from 1 (awful) to 5 (great)"),
        (["checkin", "6"], "from 1 (awful) to 5 (great)"),
        (["checkin", "three"], "not a whole number"),
        (["checkin", "3", "--date", "2026-11-23"], "up to 7 days back"),
        (["checkin", "3", "--date", "2026-12-02"], "a day to come"),
        (["checkin", "3", "--note", "a\nb"], "control characters"),
        (["checkin", "3", "--note", "x" * 281], "at most 280"),
    ],
)
def test_checkin_refusals(db, capsys, args, words):
    refused(db, args, capsys, words)


def test_three_low_check_ins_from_the_shell_say_the_support_line(db, capsys):
    assert run(["plan", "--support", "Call Sam: 0170 1234567", "--db", str(db)]) == 0
    for day, mood in (("2026-11-29", "2"), ("2026-11-30", "1")):
        assert run(["checkin", mood, "--date", day, "--db", str(db)]) == 0
    assert "counsellor" not in capsys.readouterr().out
    assert run(["checkin", "2", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "counsellor" in out and "Your support: Call Sam: 0170 1234567" in out


# --- status --json -------------------------------------------------------------------------


def status(db: Path, capsys, when: datetime = NOW) -> dict:
    assert run(["status", "--json", "--db", str(db)], when) == 0
    return json.loads(capsys.readouterr().out)


def test_status_json_says_urges_and_the_next_hard_day(db, capsys):
    data = status(db, capsys)
    assert (data["urges_today"], data["urges_passed"], data["next_hard_day"]) == (0, 0, None)
    store = Store.open(db)
    for at, outcome in (
        (datetime(2026, 11, 30, 22, 30, tzinfo=UTC), "passed"),  # 23:30 on the 30th
        (datetime(2026, 11, 30, 23, 30, tzinfo=UTC), "passed"),  # 00:30 on the 1st
        (datetime(2026, 12, 1, 8, 0, tzinfo=UTC), "reached_out"),
    ):
        change = store.apply(lambda s: urge_started(s, make_urge(None, at)), now=at, record=True)
        urge = store.journey.urges[-1]
        assert urge.id == change.edits[0].key
        store.apply(lambda s: urge_ended(s, urge, outcome, at), now=at, record=True)
    store.apply(lambda s: hard_day_added(s, make_hard_day("1990-12-03", "their birthday", True, "Europe/Berlin", NOW)))
    data = status(db, capsys)
    assert (data["urges_today"], data["urges_passed"]) == (2, 2)
    assert data["next_hard_day"] == {"date": "2026-12-03", "label": "their birthday", "days_left": 2}
    later = status(db, capsys, datetime(2026, 12, 4, 9, tzinfo=UTC))
    assert later["next_hard_day"] == {"date": "2027-12-03", "label": "their birthday", "days_left": 364}
    assert later["urges_today"] == 0


def test_status_json_without_a_plan_has_the_new_keys(db_path, capsys):
    seed(db_path)
    data = status(db_path, capsys)
    assert (data["urges_today"], data["urges_passed"], data["next_hard_day"]) == (0, 0, None)


# --- exports -------------------------------------------------------------------------------


def test_ics_holds_hard_days_as_all_day_events(db, capsys, tmp_path):
    for args in (
        ["1990-12-03", "their birthday", "--yearly"],
        ["2024-02-29", "the day we met", "--yearly"],
        ["2026-12-24", "Christmas Eve; alone, maybe"],
    ):
        assert run(["hard-day", "add", *args, "--db", str(db)]) == 0
    target = tmp_path / "plan.ics"
    assert run(["export", "--format", "ics", "--out", str(target), "--db", str(db)]) == 0
    calendar = Calendar.from_ical(target.read_bytes())
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        "Earliest day to contact them",
        "Hard day: their birthday",
        "Hard day: the day we met",
        "Hard day: Christmas Eve; alone, maybe",
    }
    birthday = events["Hard day: their birthday"]
    assert birthday.decoded("DTSTART") == date(1990, 12, 3) and birthday.decoded("DTEND") == date(1990, 12, 4)
    assert birthday["RRULE"]["FREQ"] == ["YEARLY"]
    leap = events["Hard day: the day we met"]
    assert leap["RRULE"]["FREQ"] == ["YEARLY"] and leap["RRULE"]["BYMONTHDAY"] == [-1]
    assert leap["RRULE"]["BYMONTH"] == [2]
    once = events["Hard day: Christmas Eve; alone, maybe"]
    assert once.decoded("DTSTART") == date(2026, 12, 24) and "RRULE" not in once
    assert len({str(e["UID"]) for e in events.values()}) == 4


def test_ics_with_hard_days_and_no_plan(db_path, capsys):
    seed(db_path)
    assert run(["hard-day", "add", "2026-12-24", "Christmas Eve", "--db", str(db_path)]) == 0
    capsys.readouterr()
    assert run(["export", "--format", "ics", "--db", str(db_path)]) == 0
    calendar = Calendar.from_ical(capsys.readouterr().out)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Hard day: Christmas Eve"]


def everything(db: Path) -> None:
    """An urge, a hard day, a dismissal and a support line in the file."""
    store = Store.open(db)
    store.apply(lambda s: urge_started(s, make_urge(4, NOW)), now=NOW, record=True)
    urge = store.journey.urges[-1]
    store.apply(lambda s: urge_ended(s, urge, "passed", NOW), now=NOW, record=True)
    store.apply(lambda s: hard_day_added(s, make_hard_day("1990-12-03", "their birthday", True, "Europe/Berlin", NOW)))
    store.apply(lambda s: safety_net_dismissed(s, date(2026, 12, 1), NOW), record=True)
    assert run(["plan", "--support", "Sam 0170", "--db", str(db)]) == 0


def test_json_export_and_import_carry_the_hard_moments(db, capsys, tmp_path):
    everything(db)
    export = tmp_path / "backup.json"
    assert run(["export", "--format", "json", "--out", str(export), "--db", str(db)]) == 0
    other = tmp_path / "other.json"
    assert run(["import", str(export), "--db", str(other)]) == 0
    a, b = reopen(db).journey, reopen(other).journey
    assert (a.urges, a.hard_days, a.dismissals, a.plan) == (b.urges, b.hard_days, b.dismissals, b.plan)
    assert b.urges[0].strength == 4 and b.urges[0].outcome == "passed"
    assert b.plan.support == "Sam 0170" and b.dismissals[0].day == date(2026, 12, 1)


def test_markdown_lists_the_hard_moments_and_the_timeline_has_them(db, capsys):
    everything(db)
    capsys.readouterr()
    assert run(["export", "--format", "markdown", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "- Support line: Sam 0170" in out and "- Cool-down after an urge: 10 minutes" in out
    assert "## Hard days" in out and "- Mon 3 Dec 1990: their birthday (every year; next Thu 3 Dec 2026)" in out
    assert "## Urges" in out and "- Tue 1 Dec 2026 at 10:00: passed, strength 4" in out
    assert "Urge to reach out: it passed" in out and "Hard day noted: their birthday" in out


def test_a_hand_edited_urge_is_refused_naming_the_field(db, capsys):
    everything(db)
    data = json.loads(db.read_bytes())
    data["urges"]["1"]["strength"] = 9
    db.write_text(json.dumps(data))
    assert run(["status", "--db", str(db)]) == 2
    assert "“strength” of record 1" in capsys.readouterr().err


# --- undo and redo through the store --------------------------------------------------------


def records(path: Path) -> dict:
    data = json.loads(path.read_bytes())
    return {t: rows for t, rows in data.items() if t not in (HISTORY, "_meta") and rows}


def test_an_urge_undone_and_redone_step_by_step(db):
    start = records(db)
    store = Store.open(db)
    store.apply(lambda s: urge_started(s, make_urge(None, NOW)), now=NOW, session="a", record=True)
    urge = store.journey.urges[0]
    store.apply(lambda s: urge_rated(s, urge, 3), now=NOW, session="a", record=True)
    urge = store.journey.urges[0]
    store.apply(lambda s: urge_ended(s, urge, "passed", NOW), now=NOW, session="a", record=True)
    end = records(db)
    assert [e.change.label for e in store.history()][-3:] == [
        "urge of Tue 1 Dec",
        "urge of Tue 1 Dec (strength 3)",
        "urge of Tue 1 Dec (passed)",
    ]
    seen = []
    for _ in range(3):
        entry, _ = store.undo("a", now=NOW)
        again = reopen(db).journey.urges
        seen.append((entry.change.label, [(u.strength, u.outcome) for u in again]))
    assert seen == [
        ("urge of Tue 1 Dec (passed)", [(3, "open")]),
        ("urge of Tue 1 Dec (strength 3)", [(None, "open")]),
        ("urge of Tue 1 Dec", []),
    ]
    assert records(db) == start
    for _ in range(3):
        store.redo("a", now=NOW)
    assert records(db) == end and reopen(db).journey.urges[0].outcome == "passed"


def test_a_hard_day_added_and_removed_is_undone_and_redone(db):
    store = Store.open(db)
    made = make_hard_day("1990-12-03", "their birthday", True, "Europe/Berlin", NOW)
    store.apply(lambda s: hard_day_added(s, made), now=NOW, session="a", record=True)
    store.apply(lambda s: hard_day_removed(s, 1), now=NOW, session="a", record=True)
    assert reopen(db).journey.hard_days == ()
    store.undo("a", now=NOW)
    assert [h.label for h in reopen(db).journey.hard_days] == ["their birthday"]
    store.undo("a", now=NOW)
    assert reopen(db).journey.hard_days == ()
    store.redo("a", now=NOW)
    assert [h.id for h in reopen(db).journey.hard_days] == [1]


def test_a_hard_day_added_from_the_shell_is_undone_by_the_next_window(db, capsys):
    assert run(["hard-day", "add", "2026-12-24", "Christmas Eve", "--db", str(db)]) == 0
    entry, _ = Store.open(db).undo("a-new-window", now=NOW)
    assert entry.change.label == "hard day 'Christmas Eve'" and entry.session == "hard-day"
    assert reopen(db).journey.hard_days == ()


def test_an_urge_ended_elsewhere_is_not_written_over(db):
    """Two windows saw the urge open; the first says it passed, the second that they
    reached out: refused, nothing written over the first."""
    one, two = Store.open(db), Store.open(db)
    one.apply(lambda s: urge_started(s, make_urge(None, NOW)), now=NOW, record=True)
    two.reload_if_changed()
    seen = two.journey.urges[0]
    one.apply(lambda s: urge_ended(s, one.journey.urges[0], "passed", NOW), now=NOW, record=True)
    before = db.read_bytes()
    with pytest.raises(Conflict):
        two.apply(lambda s: urge_ended(s, seen, "reached_out", NOW), now=NOW, record=True)
    assert db.read_bytes() == before and reopen(db).journey.urges[0].outcome == "passed"


def test_an_undo_of_a_hard_day_changed_elsewhere_is_refused(db, capsys):
    store = Store.open(db)
    made = make_hard_day("2026-12-24", "Christmas Eve", False, "Europe/Berlin", NOW)
    store.apply(lambda s: hard_day_added(s, made), now=NOW, session="a", record=True)
    assert run(["hard-day", "remove", "1", "--db", str(db)]) == 0
    before = db.read_bytes()
    with pytest.raises(Conflict):
        store.undo("a", now=NOW, others=False)
    assert db.read_bytes() == before


def test_the_safety_net_is_put_away_once_a_day_and_undone(db):
    store = Store.open(db)
    assert store.apply(lambda s: safety_net_dismissed(s, date(2026, 12, 1), NOW), session="a", record=True)
    assert store.apply(lambda s: safety_net_dismissed(s, date(2026, 12, 1), NOW), session="a", record=True) is None
    assert [d.day for d in reopen(db).journey.dismissals] == [date(2026, 12, 1)]
    entry, _ = store.undo("a", now=NOW)
    assert entry.change.label == "safety net put away for Tue 1 Dec"
    assert reopen(db).journey.dismissals == ()


def test_the_hard_day_card_lands_in_planned_once(db):
    store = Store.open(db)
    made = make_hard_day("1990-12-03", "their birthday", True, "Europe/Berlin", NOW)
    store.apply(lambda s: hard_day_added(s, made), now=NOW, record=True)
    hard = store.journey.hard_days[0]
    change = store.apply(lambda s: hard_day_card(s, hard, NOW), now=NOW, session="a", record=True)
    card = reopen(db).board.cards[change.edits[0].key]
    assert (card.title, card.column, card.category) == ("Plan their birthday with people you like", "planned", "social")
    assert store.apply(lambda s: hard_day_card(s, hard, NOW), now=NOW, record=True) is None
    store.undo("a", now=NOW)
    assert change.edits[0].key not in reopen(db).board.cards
