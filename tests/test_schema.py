"""One description of every record (domain/records.py), checked on every way in: opening
the file (the app, status, export, add), importing an export, and writing a record. A
refusal names the table, the record and the field, exits 2, and changes nothing.

Each case below crashed with a traceback before (issue 12)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import FIXED_NOW, seed
from regroup import cli
from regroup.domain.daily import make_checkin
from regroup.domain.journey import Check
from regroup.domain.plan import Extension
from regroup.errors import FileRefused
from regroup.store import Store


def database(path: Path) -> None:
    store = seed(path, plan=True)
    store.log_check(Check(FIXED_NOW.date(), "not_yet", "2026-11-25T09:30:00Z"), Extension(FIXED_NOW.date()))
    store.save_checkin(make_checkin("2026-11-25", 3, "okay", "Europe/Berlin", now=FIXED_NOW))


def edited(path: Path, change) -> bytes:
    data = json.loads(path.read_bytes())
    change(data)
    raw = json.dumps(data, ensure_ascii=False).encode()
    path.write_bytes(raw)
    os.chmod(path, 0o600)
    return raw


def set_field(table: str, key: str, field: str, value):
    def change(data):
        data[table][key][field] = value

    return change


def rename_key(table: str, old: str, new: str):
    def change(data):
        data[table][new] = data[table].pop(old)

    return change


def raw_edit(old: bytes, new: bytes):
    """For values JSON has no Python twin for (Infinity, 5,000 digits): edit the text."""
    return old, new


CASES = {
    "position Infinity": (set_field("cards", "1", "position", float("inf")), "cards", "position"),
    "position of 5,000 digits": ("digits", "cards", "position"),
    "breakup on 9999-12-31": (set_field("plan", "1", "breakup_date", "9999-12-31"), "plan", "breakup_date"),
    "breakup 9999-12-01 and 365 days": (
        lambda data: data["plan"]["1"].update(breakup_date="9999-12-01", days=365, guide="custom"),
        "plan",
        "breakup_date",
    ),
    "an extension of 10^9 days": (set_field("extensions", "1", "days", 10**9), "extensions", "days"),
    "a card numbered abc": (rename_key("cards", "2", "abc"), "cards", ""),
    "started: 5": (set_field("cards", "1", "started", 5), "cards", "started"),
    "done: [1, 2]": (set_field("cards", "1", "done", [1, 2]), "cards", "done"),
    "a mood of 99": (set_field("checkins", "1", "mood", 99), "checkins", "mood"),
    "a mood of true": (set_field("checkins", "1", "mood", True), "checkins", "mood"),
    "an id unlike its key": (set_field("cards", "3", "id", 4), "cards", "id"),
    "last_ids not numbers": (lambda data: data["_meta"]["1"].update(last_ids={"cards": "x"}), "_meta", "last_ids"),
}


@pytest.fixture(params=list(CASES))
def broken(request, db_path) -> tuple[Path, bytes, str, str]:
    database(db_path)
    change, table, field = CASES[request.param]
    if change == "digits":
        raw = db_path.read_bytes().replace(b'"position":1,', b'"position":' + b"7" * 5000 + b",", 1)
        assert raw != db_path.read_bytes()
        db_path.write_bytes(raw)
    else:
        edited(db_path, change)
    return db_path, db_path.read_bytes(), table, field


def one_sentence(capsys) -> str:
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    return err


def test_every_command_refuses_it_naming_table_record_and_field(broken, capsys, tmp_path):
    path, before, table, field = broken
    for args in (
        ["status"],
        ["status", "--json"],
        ["export", "--format", "markdown"],
        ["export", "--format", "json"],
        ["export", "--format", "ics"],
        ["add", "Salsa night"],
        [],
    ):  # [] is the app itself
        assert cli.main([*args, "--db", str(path)]) == 2, args
        err = one_sentence(capsys)
        assert str(path) in err
        if table != "_meta" or field:
            assert f"“{table}”" in err or "not valid JSON" in err, err
        if field and "not valid JSON" not in err:
            assert f"“{field}”" in err, err
        assert path.read_bytes() == before


def test_importing_it_is_refused_and_changes_nothing(broken, capsys, tmp_path):
    path, before, table, field = broken
    export = tmp_path / "export.json"
    export.write_bytes(b'{"format": "regroup-tui-export", "schema": 2, "data": ' + before + b"}")
    target = tmp_path / "target.json"
    seed(target, plan=True)
    kept = target.read_bytes()
    assert cli.main(["import", str(export), "--db", str(target)]) == 2
    one_sentence(capsys)
    assert target.read_bytes() == kept


def test_the_store_refuses_it(broken):
    path, before, _, _ = broken
    with pytest.raises(FileRefused):
        Store.open(path)
    assert path.read_bytes() == before


def test_a_record_is_checked_before_it_is_written(db_path):
    """A change that would write a record the description does not allow (a bug, or a
    value that slipped past a form) is refused with one sentence; the file is unchanged."""
    from regroup.domain.changes import Change, Edit
    from regroup.errors import InvalidInput

    store = seed(db_path, plan=True)
    before = db_path.read_bytes()
    with pytest.raises(InvalidInput, match="“position” of record 1"):
        store.apply(Change((Edit("cards", 1, {"position": 1}, {"position": 10**12}),)))
    with pytest.raises(InvalidInput, match="“mood”"):
        store.apply(Change((Edit("checkins", 1, None, {"date": "2026-11-25", "mood": 7}),)))
    assert db_path.read_bytes() == before


def test_a_file_written_by_the_app_always_passes(db_path):
    from regroup.domain.records import table_problem

    database(db_path)
    assert table_problem(json.loads(db_path.read_bytes())) is None
