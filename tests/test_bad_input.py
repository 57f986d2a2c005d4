"""Bad input on the command line or in the environment: one clear line, nothing raw on the
terminal, no traceback, the file unchanged. Good input in any script is kept exactly.

Every option of ``add`` and ``init`` is tried with empty, blank, 10,000-character, escape-
sequence, emoji and right-to-left values (NUL cannot be passed in argv), plus the values
that are wrong for that option in particular. Runs use the installed script.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from cli_run import mode, one_line_error, run, run_many, snapshot, unchanged_but_a_lock
from conftest import reopen, seed

LONG = "x" * 10_000
ESC = "\x1b[2J"
EMOJI = "🏺🌷👩‍👩‍👧"
RTL = "שיעור קרמיקה"
FUTURE = (date.today() + timedelta(days=400)).isoformat()
EVERYTHING_WRONG = ["", "   ", LONG, ESC, EMOJI, RTL]
INIT = ["--breakup-date", "2026-11-01", "--ended-by", "them", "--tz", "UTC"]

ADD_BAD = {
    "title": ["", "   ", LONG, ESC, "two\nlines", "bell\x07", "x" * 201],
    "--column": EVERYTHING_WRONG + ["Ideas", "backlog"],
    "--category": EVERYTHING_WRONG + ["Body", "sport"],
    "--notes": ["x" * 5001, LONG, ESC, "bell\x07 ring", f"fine {EMOJI} until {ESC}"],
}
INIT_BAD = {
    "--breakup-date": EVERYTHING_WRONG + ["2026-02-30", "2026-13-01", "25.11.2026", FUTURE, "9999-12-31"],
    "--ended-by": EVERYTHING_WRONG + ["Them", "nobody"],
    "--guide": EVERYTHING_WRONG + ["space-22"],
    "--days": EVERYTHING_WRONG + ["0", "366", "-1", "abc", "1.5", "1e3", "9" * 40],
    "--tz": EVERYTHING_WRONG + ["Mars/Olympus", "local", "../../etc/passwd", "/etc/localtime", "Europe/Berlin\x1b"],
    "--name": [LONG, "x" * 61, ESC, "two\nlines", f"{RTL} {ESC}"],
}
DB_BAD = ["", "   ", ESC, f"board{ESC}.json", LONG]


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "data" / "board.json"
    seed(path, plan=True)
    return path


def add_args(db: Path, option: str, value: str) -> list[str]:
    if option == "title":
        return ["add", value, "--db", str(db)]
    return ["add", "A fine title", "--db", str(db), option, value]


def init_args(db: Path, option: str, value: str) -> list[str]:
    base = dict(zip(INIT[::2], INIT[1::2]))
    base[option] = value
    if option == "--days":
        base["--guide"] = "custom"
    return ["init", "--db", str(db), *(part for pair in base.items() for part in pair)]


def refused_and_untouched(commands: list[list[str]], folder: Path, **kwargs) -> list[str]:
    before = snapshot(folder)
    lines = [one_line_error(result) for result in run_many(commands, **kwargs)]
    unchanged_but_a_lock(before, snapshot(folder))
    return lines


@pytest.mark.parametrize("option", list(ADD_BAD))
def test_add_refuses_every_bad_value(db, option):
    lines = refused_and_untouched([add_args(db, option, value) for value in ADD_BAD[option]], db.parent)
    assert all(line.startswith("regroup-tui: ") for line in lines)


@pytest.mark.parametrize("option", list(INIT_BAD))
def test_init_refuses_every_bad_value(db, option):
    lines = refused_and_untouched([init_args(db, option, value) for value in INIT_BAD[option]], db.parent)
    assert all(line.startswith("regroup-tui: ") for line in lines)
    if option == "--breakup-date":
        assert "does not exist in the calendar" in lines[len(EVERYTHING_WRONG)]  # 2026-02-30
        assert any("in the future" in line for line in lines)


def test_a_missing_value_or_unknown_option_is_one_line_too(db):
    refused_and_untouched(
        [
            ["add", "--db", str(db)],
            ["add", "X", "--colour", "red", "--db", str(db)],
            ["init", "--db", str(db)],
            ["add", "X", "--column", "--db", str(db)],
            ["frobnicate"],
        ],
        db.parent,
    )


@pytest.mark.parametrize("command", ["add", "init"])
def test_a_bad_db_path_is_refused_and_nothing_is_created(db, tmp_path, command):
    """Even with REGROUP_DB pointing at a real database, a bad --db is not "no --db"."""
    work = tmp_path / "cwd"
    work.mkdir()
    args = ["add", "X"] if command == "add" else ["init", *INIT]
    before_cwd = snapshot(work)
    lines = refused_and_untouched(
        [[*args, "--db", value] for value in DB_BAD], db.parent, env={"REGROUP_DB": str(db)}, cwd=work
    )
    assert snapshot(work) == before_cwd
    assert "--db is empty" in lines[0] and "--db" in lines[1] and "control characters" in lines[2]
    assert not (Path(os.environ["XDG_DATA_HOME"]) / "regroup-tui").exists()


def test_text_in_any_script_is_kept_exactly(db):
    title = f"{RTL} {EMOJI} pottery"
    notes = "ملاحظات 🌿\nsecond line\twith a tab — “quotes”"
    added = run(["add", title, "--notes", notes, "--column", "doing", "--category", "heart", "--db", str(db)])
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith(f"Added “{title}” to doing")
    name = "נועה 🌷"
    planned = run(["init", *INIT, "--name", name, "--guide", "custom", "--days", "45", "--force", "--db", str(db)])
    assert planned.returncode == 0, planned.stderr
    for result in (added, planned):
        assert "\x1b" not in result.stdout + result.stderr and result.stderr == ""
    store = reopen(db)
    card = store.board.column("doing")[-1]  # add puts a card at the end of its column
    assert (card.title, card.notes, card.category) == (title, notes, "heart")
    plan = store.journey.plan
    assert (plan.name, plan.guide, plan.days, plan.tz) == (name, "custom", 45, "UTC")
    assert mode(db) == 0o600


def test_empty_notes_and_name_are_allowed_and_trimmed(db):
    results = run_many(
        [
            ["add", "  Padded title  ", "--notes", "   ", "--db", str(db)],
            ["add", "No notes", "--notes", "", "--db", str(db)],
        ]
    )
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    planned = run(["init", *INIT, "--name", "   ", "--force", "--db", str(db)])
    assert planned.returncode == 0, planned.stderr
    store = reopen(db)
    titles = {c.title: c.notes for c in store.board.cards.values()}
    assert titles["Padded title"] == "" and titles["No notes"] == ""
    assert store.journey.plan.name == ""


# --- REGROUP_DB -----------------------------------------------------------------------------


def test_an_empty_regroup_db_counts_as_unset(tmp_path):
    result = run(["add", "Default place"], env={"REGROUP_DB": ""}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    default = Path(os.environ["XDG_DATA_HOME"]) / "regroup-tui" / "regroup.json"
    assert "Default place" in {c.title for c in reopen(default).board.cards.values()}
    assert mode(default) == 0o600 and mode(default.parent) == 0o700


@pytest.mark.parametrize("value", ["   ", "\t", f"{ESC}board.json"], ids=["spaces", "tab", "escape"])
def test_a_blank_or_unprintable_regroup_db_is_refused(tmp_path, value):
    work = tmp_path / "cwd"
    work.mkdir()
    for args in (["add", "X"], ["status"], ["init", *INIT]):
        line = one_line_error(run(args, env={"REGROUP_DB": value}, cwd=work), status=2)
        assert "REGROUP_DB" in line
    assert list(work.iterdir()) == []
    assert not (Path(os.environ["XDG_DATA_HOME"]) / "regroup-tui").exists()


def test_regroup_db_in_a_folder_that_does_not_exist_creates_it_private(tmp_path):
    db = tmp_path / "new" / "deeper" / "board.json"
    result = run(["add", "Pottery"], env={"REGROUP_DB": str(db)}, umask=0)
    assert result.returncode == 0, result.stderr
    assert "Pottery" in {c.title for c in reopen(db).board.cards.values()}
    assert mode(db) == 0o600
    assert mode(db.parent) == 0o700 and mode(db.parent.parent) == 0o700
