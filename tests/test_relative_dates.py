"""Dates as people say them (arrow, imported only when such a date is typed): "yesterday",
"3 weeks ago", "last friday" in every date field and in --breakup-date; and "3 weeks
ago" in the timeline. Calendar days, counted in the plan's zone."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime

import pytest
import time_machine

from conftest import reopen
from regroup import cli
from regroup.domain.dates import ago, parse_date, relative_day
from regroup.errors import InvalidInput

TUESDAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    "said, day",
    [
        ("today", TUESDAY),
        ("yesterday", date(2026, 11, 30)),
        ("3 weeks ago", date(2026, 11, 10)),
        ("a week ago", date(2026, 11, 24)),
        ("1 week ago", date(2026, 11, 24)),
        ("2 days ago", date(2026, 11, 29)),
        ("a month ago", date(2026, 11, 1)),
        ("Friday", date(2026, 11, 27)),
        ("last friday", date(2026, 11, 27)),
        ("tuesday", TUESDAY),
        ("last Tuesday", date(2026, 11, 24)),
        ("  last   friday ", date(2026, 11, 27)),
    ],
)
def test_days_said_as_people_say_them(said, day):
    assert relative_day(said.strip(), TUESDAY) == day
    assert parse_date(said, "The date", TUESDAY) == day


def test_a_month_ago_from_the_31st_is_the_last_day_of_the_month_before():
    assert relative_day("a month ago", date(2026, 3, 31)) == date(2026, 2, 28)


@pytest.mark.parametrize("said", ["in 2 days", "3 hours ago", "someday", "last week", "٣ days ago"])
def test_anything_else_gets_one_sentence(said):
    with pytest.raises(InvalidInput, match="not a date|digits 0-9"):
        parse_date(said, "The date", TUESDAY)


def test_without_a_today_only_iso_dates_are_taken():
    with pytest.raises(InvalidInput):
        parse_date("yesterday", "The date")


def test_ago_in_words():
    assert ago(TUESDAY, TUESDAY) == "today"
    assert ago(date(2026, 11, 30), TUESDAY) == "yesterday"
    assert ago(date(2026, 11, 10), TUESDAY) == "3 weeks ago"


def test_init_takes_a_breakup_date_said_in_words(db_path, capsys):
    with time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=UTC), tick=False):
        assert (
            cli.main(
                ["init", "--breakup-date", "3 weeks ago", "--ended-by", "them", "--tz", "UTC", "--db", str(db_path)]
            )
            == 0
        )
    assert reopen(db_path).journey.plan.breakup_date == date(2026, 11, 10)


def test_status_never_imports_arrow(db_path, capsys):
    cli.main(["init", "--breakup-date", "2026-11-20", "--ended-by", "them", "--tz", "UTC", "--db", str(db_path)])
    code = (
        "import sys; from regroup.cli import main; main(['status', '--db', sys.argv[1]]); print('arrow' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(db_path)], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"
