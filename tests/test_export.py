"""export (markdown, json, ics) and import: a round trip that loses nothing, a calendar a
real iCalendar parser reads, private files, and refusals that change nothing."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import time_machine
from icalendar import Calendar

from conftest import reopen, seed
from regroup.cli import main
from regroup.domain.board import put_cards
from regroup.domain.daily import make_checkin, make_contact, make_entry
from regroup.domain.journey import Check
from regroup.domain.model import Card
from regroup.domain.plan import Extension, make_plan, make_slip
from regroup.store import SCHEMA_VERSION

ZONE = "Europe/Berlin"
LATER = datetime(2026, 12, 21, 10, 0, tzinfo=UTC)  # after the contact date
NAME = "Léa 🌙; the one, really \\"
RTL_TITLE = "שיעור קרמיקה 🏺 عربى"
WRONG = "I stopped listening 😔.\nWork came first, every time."
DIFFERENTLY = "Ask, then listen — אני מקשיב."
WORDS = "tired but okay, שלום 🌧"


def at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 12, 0, tzinfo=UTC)


@pytest.fixture
def full(db_path):
    """A database with something in every table: breakup 15 Nov, a slip on 18 Nov (the
    count restarts: 9 Dec), a "not yet" (+7: 16 Dec), then ready; contacts on 16 Dec (no
    answer: try 18 Dec), 18 Dec (answered), 20 Dec (no answer: try 22 Dec)."""
    store = seed(db_path)
    plan = make_plan(breakup_date="2026-11-15", ended_by="them", tz=ZONE, name=NAME, now=at(11, 16))
    store.set_plan(plan, now=at(11, 16))
    store.apply(
        put_cards(
            store.board,
            (
                Card(
                    8, RTL_TITLE, "heart", "doing", 2, "مرحبا\nline two", "2026-11-20T10:00:00Z", "2026-11-21T08:00:00Z"
                ),
            ),
        )
    )
    store.log_slip(make_slip("2026-11-18", "Texted at 2am 😬", plan, now=at(11, 18)))
    store.log_check(Check(date(2026, 12, 9), "not_yet", "2026-12-09T08:00:00Z"), Extension(date(2026, 12, 9)))
    store.log_check(Check(date(2026, 12, 16), "ready", "2026-12-16T08:00:00Z"))
    store.save_checkin(make_checkin("2026-12-15", 2, WORDS, ZONE, now=at(12, 15)))
    store.save_checkin(make_checkin("2026-12-16", 4, "better", ZONE, now=at(12, 16)))
    store.save_entry(make_entry(0, "2026-11-20", WRONG, DIFFERENTLY, ZONE, now=at(11, 20)))
    store.save_entry(make_entry(0, "2026-11-22", "Never made time for us", "", ZONE, now=at(11, 22)))
    store.log_contact(make_contact(0, "2026-12-16", "text", False, "Hey, how are you?", ZONE, now=at(12, 16)))
    store.log_contact(make_contact(0, "2026-12-18", "call", True, "", ZONE, now=at(12, 18)))
    store.log_contact(make_contact(0, "2026-12-20", "in person", False, "Coffee; no show", ZONE, now=at(12, 20)))
    return reopen(db_path)


def run(capsys, *args: str) -> tuple[int, str, str]:
    with time_machine.travel(LATER, tick=False):
        code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def everything(store):
    j = store.journey
    return (j.plan, dict(store.board.cards), j.slips, j.extensions, j.checks, j.checkins, j.journal, j.contacts)


# --- json and import -----------------------------------------------------------------


def test_round_trip_loses_nothing(full, db_path, tmp_path, capsys):
    backup = tmp_path / "backup.json"
    code, out, _ = run(capsys, "export", "--format", "json", "--out", str(backup), "--db", str(db_path))
    assert code == 0 and str(backup) in out
    envelope = json.loads(backup.read_text())
    assert envelope["format"] == "regroup-tui-export" and envelope["schema"] == SCHEMA_VERSION
    assert envelope["exported"] == "2026-12-21T10:00:00Z"
    assert set(envelope["data"]) >= {
        "_meta",
        "cards",
        "plan",
        "slips",
        "extensions",
        "checks",
        "checkins",
        "journal",
        "contacts",
    }

    fresh = tmp_path / "elsewhere" / "fresh.json"
    code, out, _ = run(capsys, "import", str(backup), "--db", str(fresh))
    assert code == 0 and out.count("\n") == 1 and "8 cards" in out
    restored = reopen(fresh)
    assert everything(restored) == everything(full)
    assert len(restored.journey.contacts) == 3 and len(restored.journey.journal) == 2
    assert mode(fresh) == 0o600


def test_import_over_a_database_keeps_a_private_backup(full, db_path, tmp_path, capsys):
    export = tmp_path / "export.json"
    run(capsys, "export", "--format", "json", "--out", str(export), "--db", str(db_path))
    exported = everything(full)
    full.add_card("Added after the export")
    before = db_path.read_bytes()
    code, out, _ = run(capsys, "import", str(export), "--db", str(db_path))
    assert code == 0
    backups = list(tmp_path.glob("board.before-import-*.json"))
    assert len(backups) == 1 and backups[0].name in out
    assert backups[0].read_bytes() == before and mode(backups[0]) == 0o600
    restored = reopen(db_path)
    assert everything(restored) == exported


def test_import_migrates_an_older_export(full, db_path, tmp_path, capsys):
    run(capsys, "export", "--format", "json", "--out", str(tmp_path / "new.json"), "--db", str(db_path))
    envelope = json.loads((tmp_path / "new.json").read_text())
    data = envelope["data"]
    envelope["schema"] = data["_meta"]["1"]["schema"] = 1
    for doc in data["cards"].values():
        del doc["source"]
    del data["plan"]["1"]["restart_on_slip"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(envelope))
    fresh = tmp_path / "fresh.json"
    code, _, _ = run(capsys, "import", str(old), "--db", str(fresh))
    assert code == 0
    assert json.loads(fresh.read_text())["_meta"]["1"]["schema"] == SCHEMA_VERSION
    assert everything(reopen(fresh)) == everything(full)


def _export(db_path: Path, tmp_path: Path, capsys) -> dict:
    run(capsys, "export", "--format", "json", "--out", str(tmp_path / "good.json"), "--db", str(db_path))
    return json.loads((tmp_path / "good.json").read_text())


def _bad_files(good: dict) -> dict[str, bytes | None]:
    def env(**changes) -> bytes:
        return json.dumps(dict(good, **changes)).encode()

    def data(edit) -> bytes:
        copy = json.loads(json.dumps(good))
        edit(copy["data"])
        return json.dumps(copy).encode()

    return {
        "missing": None,
        "not json": b'{"format": "regroup-tui-export", trunc',
        "not utf-8": b"\xff\xfe\x00garbage",
        "empty": b"",
        "foreign json": b'{"hello": "world"}',
        "a list": b"[1, 2, 3]",
        "a database, not an export": json.dumps(good["data"]).encode(),
        "newer schema": env(schema=SCHEMA_VERSION + 1),
        "schema not a number": env(schema="2"),
        "data not an object": env(data=[1]),
        "table not an object": data(lambda d: d.update(cards=[1])),
        "record not an object": data(lambda d: d["cards"].update({"1": "x"})),
        "record key not a number": data(lambda d: d["cards"].update(x=d["cards"]["1"])),
        "no schema in data": data(lambda d: d.pop("_meta")),
        "schemas disagree": data(lambda d: d["_meta"]["1"].update(schema=1)),
        "card without title": data(lambda d: d["cards"]["1"].pop("title")),
        "plan with a bad date": data(lambda d: d["plan"]["1"].update(breakup_date="yesterday")),
        # (an unknown time zone is imported, with a warning: test_hostile_cli.py)
        "unknown guide": data(lambda d: d["plan"]["1"].update(guide="\x1b[2Jnope")),
        "contact with a bad date": data(lambda d: d["contacts"]["1"].update(date=20261216)),
    }


def test_refused_imports_change_nothing(full, db_path, tmp_path, capsys):
    good = _export(db_path, tmp_path, capsys)
    before = db_path.read_bytes()
    files = sorted(os.listdir(tmp_path))
    for case, content in _bad_files(good).items():
        bad = tmp_path / "bad.json"
        if content is not None:
            bad.write_bytes(content)
        code, out, err = run(capsys, "import", str(bad), "--db", str(db_path))
        assert code == 2, case
        assert out == "" and err.count("\n") == 1 and err.startswith("regroup-tui: "), (case, err)
        assert "Traceback" not in err and "\x1b" not in err, case
        assert "bad.json" in err, (case, err)
        assert db_path.read_bytes() == before, case
        bad.unlink(missing_ok=True)
        assert sorted(os.listdir(tmp_path)) == files, case  # no backup, no stray file


def test_refused_import_in_a_subprocess_has_no_traceback(full, db_path, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "regroup-tui-export", "schema": 99, "data": {}}')
    before = db_path.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "regroup", "import", str(bad), "--db", str(db_path)], capture_output=True, text=True
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "newer regroup-tui" in done.stderr
    assert db_path.read_bytes() == before


# --- markdown ------------------------------------------------------------------------


def test_markdown_has_everything_exactly(full, db_path, capsys):
    code, out, _ = run(capsys, "export", "--format", "markdown", "--db", str(db_path))
    assert code == 0
    for card in full.board.cards.values():
        assert f"**{card.title}**" in out
    for text in (
        RTL_TITLE,
        WRONG,
        DIFFERENTLY,
        "Never made time for us",
        WORDS,
        "Texted at 2am 😬",
        NAME,
        "Coffee; no show",
        "Hey, how are you?",
        "004_603b761a7f2df040.txt",
        "Three weeks of space",
    ):
        assert text in out, text
    assert "Wed 16 Dec 2026" in out  # the contact date, extended once
    assert "not yet" in out and "ready" in out  # both emotion checks
    assert "try again Tue 22 Dec 2026" in out
    board = out.index("## The board")
    assert out.index("### Ideas", board) < out.index("### Planned") < out.index("### Doing") < out.index("### Done")
    assert out.index("Delete their number") > out.index("### Done")


def test_markdown_out_file_is_private_and_identical(full, db_path, tmp_path, capsys):
    _, printed, _ = run(capsys, "export", "--format", "markdown", "--db", str(db_path))
    target = tmp_path / "notes" / "plan.md"
    old = os.umask(0)
    try:
        code, _, _ = run(capsys, "export", "--format", "markdown", "--out", str(target), "--db", str(db_path))
    finally:
        os.umask(old)
    assert code == 0 and mode(target) == 0o600
    assert target.read_text(encoding="utf-8") == printed


def test_control_characters_never_reach_the_terminal(db_path, capsys):
    seed(db_path, plan=True)
    raw = json.loads(db_path.read_text())
    raw["cards"]["1"]["title"] = "evil\x1b[2J\x07title"
    raw["cards"]["1"]["notes"] = "line\x1b]0;pwned\x07"
    db_path.write_text(json.dumps(raw))
    for fmt in ("markdown", "json", "ics"):
        code, out, _ = run(capsys, "export", "--format", fmt, "--db", str(db_path))
        assert code == 0
        assert not any(ch in out for ch in "\x1b\x07\x00"), fmt


# --- ics -----------------------------------------------------------------------------


def test_ics_parses_with_icalendar(full, db_path, tmp_path, capsys):
    target = tmp_path / "plan.ics"
    code, _, _ = run(capsys, "export", "--format", "ics", "--out", str(target), "--db", str(db_path))
    assert code == 0 and mode(target) == 0o600
    raw = target.read_bytes()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert any(line.startswith(b" ") for line in raw.split(b"\r\n"))  # something was folded

    calendar = Calendar.from_ical(raw)
    assert str(calendar["VERSION"]) == "2.0" and calendar.get("PRODID")
    events = calendar.walk("VEVENT")
    days = sorted(event.decoded("DTSTART") for event in events)
    assert days == [date(2026, 12, 16), date(2026, 12, 18), date(2026, 12, 22)]
    for event in events:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date and type(end) is date and (end - start).days == 1  # all-day
        assert event.decoded("DTSTAMP") == LATER
        assert "Three weeks of space" in str(event["DESCRIPTION"])
    contact = next(e for e in events if e.decoded("DTSTART") == date(2026, 12, 16))
    assert str(contact["SUMMARY"]) == f"Earliest day to contact {NAME}"  # commas, semicolons, backslash
    assert len({str(e["UID"]) for e in events}) == 3


def test_ics_uids_are_stable(full, db_path, capsys):
    _, first, _ = run(capsys, "export", "--format", "ics", "--db", str(db_path))
    with time_machine.travel(datetime(2026, 12, 22, tzinfo=UTC), tick=False):
        main(["export", "--format", "ics", "--db", str(db_path)])
    second = capsys.readouterr().out

    def uids(text: str) -> list[str]:
        return [str(e["UID"]) for e in Calendar.from_ical(text).walk("VEVENT")]

    assert uids(first) == uids(second)


def test_ics_waiting_for_the_letter_says_so(db_path, capsys):
    store = seed(db_path)
    store.set_plan(make_plan(breakup_date="2026-11-15", ended_by="me", tz=ZONE, now=at(11, 16)))
    code, out, err = run(capsys, "export", "--format", "ics", "--db", str(db_path))
    assert code != 0 and out == "" and err.count("\n") == 1 and "letter" in err


# --- refusals and isolation ------------------------------------------------------------


def test_out_never_overwrites_the_database(full, db_path, tmp_path, capsys):
    before = db_path.read_bytes()
    link = tmp_path / "link.json"
    link.symlink_to(db_path)
    for target in (db_path, link, tmp_path / "." / db_path.name):
        code, _, err = run(capsys, "export", "--format", "json", "--out", str(target), "--db", str(db_path))
        assert code == 2 and "database itself" in err and err.count("\n") == 1
    assert db_path.read_bytes() == before


def test_export_without_a_database_is_refused(tmp_path, capsys):
    missing = tmp_path / "none.json"
    code, _, err = run(capsys, "export", "--format", "json", "--db", str(missing))
    assert code == 2 and err.count("\n") == 1 and not missing.exists()


def test_export_and_import_never_import_textual(full, db_path, tmp_path):
    script = (
        "import sys; from regroup.cli import main; "
        f"db, folder = {str(db_path)!r}, {str(tmp_path)!r}; "
        "assert main(['export', '--format', 'markdown', '--db', db]) == 0; "
        "assert main(['export', '--format', 'ics', '--db', db]) == 0; "
        "assert main(['export', '--format', 'json', '--out', folder + '/x.json', '--db', db]) == 0; "
        "assert main(['import', folder + '/x.json', '--db', folder + '/y.json']) == 0; "
        "assert not [m for m in sys.modules if m.startswith('textual')], 'textual imported'"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
