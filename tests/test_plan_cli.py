"""The command line for the plan: ``init`` and ``status`` (and that they stay Textual-free).

Each test uses a database in tmp_path; the clock is frozen with time_machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conftest import FIXED_NOW, column_titles, reopen, seed
from regroup.cli import main
from regroup.domain.plan import Plan
from regroup.store import Store

APOLOGY = "Write the apology letter"


@pytest.fixture
def cards(db_path) -> Store:
    """The sample cards and no plan (each test sets the plan it needs)."""
    return seed(db_path)


def run(args: list[str]) -> int:
    """``main`` as the shell sees it: an argparse mistake exits through SystemExit."""
    try:
        return main(args)
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else 1


def frozen(when: datetime | float = FIXED_NOW):
    """A UTC datetime also sets TZ=UTC for the duration; a timestamp leaves TZ alone."""
    return time_machine.travel(when, tick=False)


def init(db: Path, *extra: str, when: datetime | float = FIXED_NOW) -> int:
    with frozen(when):
        return run(["init", "--db", str(db), *extra])


def with_plan(store: Store, **kw) -> Store:
    fields: dict[str, Any] = dict(
        breakup_date=date(2026, 11, 15), ended_by="them", guide="space-21", days=21, tz="Europe/Berlin"
    )
    fields.update(kw)
    store.set_plan(Plan(**fields))
    return store


# --- init ----------------------------------------------------------------------------------


def test_init_saves_the_plan(db_path, capsys):
    rc = init(db_path, "--breakup-date", "2026-11-15", "--ended-by", "them", "--tz", "Europe/Berlin")
    assert rc == 0
    out = capsys.readouterr()
    assert out.err == ""
    assert out.out == f"Plan saved in {db_path}: space-21, earliest contact Sun 6 Dec 2026 (11 days).\n"
    saved = reopen(db_path)
    assert saved.journey.plan == Plan(date(2026, 11, 15), "them", "space-21", 21, "Europe/Berlin")
    assert APOLOGY not in column_titles(saved, "ideas")


def test_init_ended_by_me_waits_for_the_letter_and_adds_the_letter_card(db_path, capsys):
    assert init(db_path, "--breakup-date", "2026-11-15", "--ended-by", "me", "--tz", "Europe/Berlin") == 0
    assert "letter" in capsys.readouterr().out
    saved = reopen(db_path)
    plan = saved.journey.plan
    assert (plan.guide, plan.days, plan.ended_by, plan.letter_sent) == ("letter-14", 14, "me", None)
    ideas = column_titles(saved, "ideas")
    assert ideas.count(APOLOGY) == 1
    assert saved.journey.countdown(FIXED_NOW).started is False


def test_init_again_keeps_the_cards_and_adds_the_letter_card_once(cards, db_path, capsys):
    before = dict(cards.board.cards)
    assert init(db_path, "--breakup-date", "2026-11-15", "--ended-by", "me", "--tz", "UTC") == 0
    saved_once = db_path.read_bytes()
    # a plan is never replaced by accident: without --force, init over it is refused
    assert init(db_path, "--breakup-date", "2026-11-10", "--ended-by", "me", "--tz", "UTC") == 2
    assert "already holds a plan" in capsys.readouterr().err and db_path.read_bytes() == saved_once
    assert init(db_path, "--breakup-date", "2026-11-10", "--ended-by", "me", "--tz", "UTC", "--force") == 0
    backups = list(db_path.parent.glob("board.before-init-*.json"))
    assert len(backups) == 1 and backups[0].read_bytes() == saved_once and backups[0].name in capsys.readouterr().out
    saved = reopen(db_path)
    assert saved.journey.plan.breakup_date == date(2026, 11, 10)
    assert all(saved.board.cards[card_id] == card for card_id, card in before.items())
    assert column_titles(saved, "ideas").count(APOLOGY) == 1


def test_init_days_alone_picks_the_custom_guide(db_path, capsys):
    assert (
        init(db_path, "--breakup-date", "2026-11-15", "--ended-by", "them", "--days", "40", "--tz", "Asia/Kathmandu")
        == 0
    )
    plan = reopen(db_path).journey.plan
    assert (plan.guide, plan.days, plan.tz) == ("custom", 40, "Asia/Kathmandu")
    assert "earliest contact Fri 25 Dec 2026 (30 days)" in capsys.readouterr().out


def test_init_with_a_guide_and_a_name(db_path):
    assert (
        init(
            db_path,
            "--breakup-date",
            "2026-11-15",
            "--ended-by",
            "them",
            "--guide",
            "month-30",
            "--tz",
            "America/New_York",
            "--name",
            "Zoë 🌧",
        )
        == 0
    )
    plan = reopen(db_path).journey.plan
    assert (plan.guide, plan.days, plan.tz, plan.name) == ("month-30", 30, "America/New_York", "Zoë 🌧")


def test_init_defaults_to_the_machines_zone(db_path, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Kathmandu")
    assert init(db_path, "--breakup-date", "2026-11-15", "--ended-by", "mutual", when=FIXED_NOW.timestamp()) == 0
    plan = reopen(db_path).journey.plan
    assert (plan.tz, plan.guide) == ("Asia/Kathmandu", "space-21")


def test_init_defaults_to_the_zone_the_machine_travelled_to(db_path):
    tokyo = datetime(2026, 11, 26, 8, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert init(db_path, "--breakup-date", "2026-11-26", "--ended-by", "them", when=tokyo) == 0
    assert reopen(db_path).journey.plan.tz == "Asia/Tokyo"


GOOD = ["--breakup-date", "2026-11-15", "--ended-by", "them", "--tz", "Europe/Berlin"]


def replaced(flag: str, value: str) -> list[str]:
    args = list(GOOD)
    if flag in args:
        args[args.index(flag) + 1] = value
    else:
        args += [flag, value]
    return args


BAD_INIT = {
    "future date": replaced("--breakup-date", "2026-11-26"),
    "2026-02-30": replaced("--breakup-date", "2026-02-30"),
    "2026-13-01": replaced("--breakup-date", "2026-13-01"),
    "empty date": replaced("--breakup-date", ""),
    "unknown tz": replaced("--tz", "Mars/Olympus_Mons"),
    "local tz": replaced("--tz", "local"),
    "days 0": replaced("--days", "0"),
    "days 366": replaced("--days", "366"),
    "days -1": replaced("--days", "-1"),
    "days abc": replaced("--days", "abc"),
    "days empty": replaced("--days", ""),
    "days off the guide": replaced("--guide", "space-21") + ["--days", "40"],
    "bad ended-by": replaced("--ended-by", "nobody"),
    "unknown guide": replaced("--guide", "forever"),
    "escape date": replaced("--breakup-date", "\x1b[2J"),
    "escape tz": replaced("--tz", "\x1b[2J"),
    "escape days": replaced("--days", "\x1b[2J"),
    "escape ended-by": replaced("--ended-by", "\x1b[2J"),
    "escape guide": replaced("--guide", "\x1b[2J"),
    "escape name": replaced("--name", "Sam\x1b[2J"),
    "long date": replaced("--breakup-date", "2" * 10_000),
    "missing ended-by": ["--breakup-date", "2026-11-15"],
    "unknown option": GOOD + ["--colour", "\x1b[2J"],
}


def assert_one_line_refusal(rc: int, err: str, out: str) -> None:
    assert rc != 0
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("regroup-tui: ")
    assert "Traceback" not in err
    assert "\x1b" not in err and "\x1b" not in out


@pytest.mark.parametrize("args", BAD_INIT.values(), ids=BAD_INIT.keys())
def test_init_refuses_and_leaves_the_file_unchanged(cards, db_path, capsys, args):
    with_plan(cards)
    before = db_path.read_bytes()
    listing = sorted(p.name for p in db_path.parent.iterdir())
    rc = init(db_path, *args)
    out = capsys.readouterr()
    assert_one_line_refusal(rc, out.err, out.out)
    assert out.out == ""
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == listing


@pytest.mark.parametrize("args", BAD_INIT.values(), ids=BAD_INIT.keys())
def test_init_refuses_and_creates_nothing(tmp_path, capsys, args):
    db = tmp_path / "new" / "board.json"
    rc = init(db, *args)
    out = capsys.readouterr()
    assert_one_line_refusal(rc, out.err, out.out)
    assert not db.exists() and not db.parent.exists()


def test_init_refusal_messages(tmp_path, capsys):
    db = tmp_path / "board.json"
    cases = {
        "future": replaced("--breakup-date", "2026-11-26"),
        "does not exist": replaced("--breakup-date", "2026-02-30"),
        "Unknown time zone": replaced("--tz", "Mars/Olympus_Mons"),
        "1 to 365": replaced("--days", "366"),
        "them, me or mutual": replaced("--ended-by", "nobody"),
        "Unknown guide": replaced("--guide", "forever"),
    }
    for words, args in cases.items():
        assert init(db, *args) == 2
        assert words in capsys.readouterr().err
    assert not db.exists()


# --- status --------------------------------------------------------------------------------


def status(db: Path, *extra: str, when: datetime = FIXED_NOW) -> int:
    with frozen(when):
        return run(["status", "--db", str(db), *extra])


def test_status_line(cards, db_path, capsys):
    with_plan(cards)
    assert status(db_path) == 0
    assert capsys.readouterr().out == "11 days to Sun 6 Dec · space-21 · 1 doing\n"


def test_status_line_near_and_on_the_day(cards, db_path, capsys):
    with_plan(cards)
    assert status(db_path, when=datetime(2026, 12, 5, 22, 59, 59, tzinfo=UTC)) == 0
    assert capsys.readouterr().out == "1 day to Sun 6 Dec · space-21 · 1 doing\n"
    assert status(db_path, when=datetime(2026, 12, 5, 23, 0, 0, tzinfo=UTC)) == 0
    assert capsys.readouterr().out == "contact day reached (Sun 6 Dec) · space-21 · 1 doing\n"


def test_status_line_waiting_for_the_letter_and_without_a_plan(cards, db_path, capsys):
    assert status(db_path) == 0
    assert capsys.readouterr().out == "no plan yet (run regroup-tui) · 1 doing\n"
    with_plan(cards, ended_by="me", guide="letter-14", days=14)
    assert status(db_path) == 0
    assert capsys.readouterr().out == "not started: waiting for the letter · letter-14 · 1 doing\n"


def test_status_json(cards, db_path, capsys):
    with_plan(cards)
    assert status(db_path, "--json") == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    data = json.loads(out)
    expected = {
        "contact_date": "2026-12-06",
        "days_left": 11,
        # 25 Nov 09:30 UTC -> 5 Dec 23:00 UTC (midnight in Berlin)
        "seconds_left": 10 * 86_400 + 13 * 3_600 + 30 * 60,
        "guide": "space-21",
        "no_contact_days": 21,
        "started": True,
        "cards": {"ideas": 3, "planned": 2, "doing": 1, "done": 1},
    }
    assert {key: data[key] for key in expected} == expected
    assert data["seconds_left"] == 912_600
    assert data["reached"] is False and data["time_zone"] == "Europe/Berlin" and data["today_date"] == "2026-11-25"


def test_status_json_counts_from_the_plans_zone(cards, db_path, capsys):
    with_plan(cards, tz="America/Los_Angeles")
    # 08:00 on 26 Nov in Tokyo; still 25 Nov in Los Angeles
    tokyo = datetime(2026, 11, 26, 8, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert status(db_path, "--json", when=tokyo) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["contact_date"], data["days_left"], data["today_date"]) == ("2026-12-06", 11, "2026-11-25")
    assert data["seconds_left"] == 10 * 86_400 + 9 * 3_600


def test_status_json_with_slips_and_extensions(cards, db_path, capsys):
    from regroup.domain.plan import Extension, Slip

    with_plan(cards, breakup_date=date(2026, 11, 1))
    cards.log_slip(Slip(date(2026, 11, 10), "called"))
    cards.log_extension(Extension(date(2026, 11, 24)))
    assert status(db_path, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["contact_date"] == "2026-12-08" and data["no_contact_days"] == 28
    assert (data["anchor"], data["anchor_kind"], data["slips"], data["extensions"]) == ("2026-11-10", "slip", 1, 1)
    assert data["days_left"] == 13


def test_status_json_waiting_for_the_letter(cards, db_path, capsys):
    with_plan(cards, ended_by="me", guide="letter-14", days=14)
    assert status(db_path, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["started"] is False
    assert data["days_left"] is None and data["seconds_left"] is None and data["contact_date"] is None
    assert (data["guide"], data["no_contact_days"]) == ("letter-14", 14)
    assert data["cards"] == {"ideas": 5, "planned": 2, "doing": 1, "done": 1}  # + the two letter cards


def test_status_json_with_the_letter_sent(cards, db_path, capsys):
    with_plan(cards, ended_by="me", guide="letter-14", days=14, letter_sent=date(2026, 11, 20))
    assert status(db_path, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["started"], data["contact_date"], data["days_left"]) == (True, "2026-12-04", 9)
    assert data["seconds_left"] == 8 * 86_400 + 13 * 3_600 + 30 * 60


def test_status_json_long_past(cards, db_path, capsys):
    with_plan(cards, breakup_date=date(2025, 1, 1))
    assert status(db_path, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["contact_date"], data["days_left"], data["seconds_left"], data["reached"]) == (
        "2025-01-22",
        0,
        0,
        True,
    )


def test_status_uses_regroup_db(cards, db_path, capsys, monkeypatch):
    with_plan(cards)
    monkeypatch.setenv("REGROUP_DB", str(db_path))
    with frozen():
        assert run(["status"]) == 0
    assert capsys.readouterr().out.startswith("11 days to Sun 6 Dec")


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_status_on_a_missing_file(tmp_path, capsys, extra):
    db = tmp_path / "nothing.json"
    rc = status(db, *extra)
    out = capsys.readouterr()
    assert_one_line_refusal(rc, out.err, out.out)
    assert out.out == ""
    assert "no regroup-tui database" in out.err and str(db) in out.err
    assert not db.exists()


def test_status_does_not_change_the_file(cards, db_path, capsys):
    with_plan(cards)
    before = db_path.read_bytes()
    assert status(db_path) == 0 and status(db_path, "--json") == 0
    assert db_path.read_bytes() == before


# --- no Textual for the shell commands ---------------------------------------------------------


SCRIPT = """
import json, sys
from regroup.cli import main
db = sys.argv[1]
assert main(["init", "--breakup-date", "2025-01-01", "--ended-by", "them", "--tz", "Europe/Berlin", "--db", db]) == 0
assert main(["add", "Salsa class", "--column", "doing", "--db", db]) == 0
assert main(["status", "--db", db]) == 0
assert main(["status", "--json", "--db", db]) == 0
assert main(["init", "--breakup-date", "2999-01-01", "--ended-by", "them", "--db", db]) == 2
loaded = sorted(m for m in sys.modules if m.startswith("textual"))
assert not loaded, loaded
"""


def test_status_init_and_add_never_import_textual(tmp_path):
    db = tmp_path / "board.json"
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(db)], capture_output=True, text=True, encoding="utf-8", env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Plan saved in {db}: space-21")
    assert lines[1].startswith("Added “Salsa class” to doing")
    assert lines[2] == "contact day reached (Wed 22 Jan) · space-21 · 1 doing"
    assert json.loads(lines[3])["cards"]["doing"] == 1
    assert result.stderr.count("\n") == 1 and "future" in result.stderr


@pytest.mark.parametrize("command", ["status", "status --json"])
def test_status_alone_never_imports_textual(cards, db_path, command):
    with_plan(cards)
    code = (
        "import sys; from regroup.cli import main; "
        f"rc = main({command.split() + ['--db', str(db_path)]!r}); assert rc == 0, rc; "
        "assert not [m for m in sys.modules if m.startswith('textual')], 'textual imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1
