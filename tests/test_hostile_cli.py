"""Hostile and broken input on the command line, in files and in text (issue 12): nothing
crashes, hangs, leaks to the terminal, or is overwritten.

Runs that could hang (a FIFO, a device) use the installed script in a subprocess with a
timeout, so a regression fails instead of blocking the suite. Everything else calls
``regroup.cli.main`` in-process.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import time_machine

from cli_run import SCRIPT, mode, one_line_error, run, run_many
from conftest import FIXED_NOW, reopen, seed
from regroup import cli, exporting
from regroup.domain import dates, text
from regroup.domain.plan import Plan, make_plan
from regroup.errors import InvalidInput
from regroup.store import SCHEMA_VERSION, Store
from regroup.store import files

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
OTHER_UID = 12345  # a throwaway user (root can give files to any uid)
INIT = ["--breakup-date", "2026-11-01", "--ended-by", "them", "--tz", "UTC"]
UNSAFE = [chr(c) for c in (*range(0, 9), *range(11, 32), *range(0x7F, 0xA0))] + [
    "\u2028", "\u2029", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))
]


@pytest.fixture(autouse=True)
def _private_state(tmp_path, monkeypatch):
    """Crash reports go to a folder of the test, never to the real state folder."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "data" / "board.json"
    seed(path, plan=True)
    return path


def call(*args: str, when: datetime | None = FIXED_NOW) -> tuple[int, str, str]:
    """``main`` in-process as the shell sees it (an argparse mistake exits through SystemExit);
    returns the status, stdout and stderr."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            if when is None:
                code = cli.main(list(args))
            else:
                with time_machine.travel(when, tick=False):
                    code = cli.main(list(args))
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 1
        out.flush()
    return code, out.buffer.getvalue().decode("utf-8", "replace"), err.getvalue()


def refused(code: int, out: str, err: str, status: int = 2) -> str:
    assert code == status, (code, out, err)
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("regroup-tui: ") and "Traceback" not in err + out, err
    assert not any(ch in err for ch in UNSAFE), err
    return err


def fifo(tmp_path: Path, name: str = "pipe") -> Path:
    path = tmp_path / name
    os.mkfifo(path)
    return path


def unix_socket(tmp_path: Path) -> tuple[Path, socket.socket]:
    path = tmp_path / "sock"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    return path, sock


def export_json(db: Path, tmp_path: Path, name: str = "export.json") -> Path:
    target = tmp_path / name
    code, _, err = call("export", "--format", "json", "--out", str(target), "--db", str(db))
    assert code == 0, err
    return target


def edit(db: Path, change) -> None:
    data = json.loads(db.read_bytes())
    change(data)
    db.write_text(json.dumps(data))


# --- 1. no hangs: a database, a target or a source that is not a regular file ------------


def test_check_regular_never_opens_the_path(tmp_path, monkeypatch):
    pipe = fifo(tmp_path)
    opened = []
    real_open = os.open
    monkeypatch.setattr(files.os, "open", lambda *a, **k: opened.append(a) or real_open(*a, **k))
    with pytest.raises(Exception, match="named pipe"):
        files.check_regular(pipe, "the database")
    assert opened == []
    assert files.check_regular(tmp_path / "missing.json", "the database") is None


# --- 2. import takes back every export ---------------------------------------------------


def big_database(path: Path, cards: int, notes: int = 4000) -> None:
    """A database with many long cards, written directly (the store would take minutes)."""
    seed(path, plan=True)
    data = json.loads(path.read_bytes())
    template = dict(data["cards"]["1"])
    body = ("Beginners' wheel course on Thursdays; bring an apron. " * (notes // 50 + 1))[:notes]
    data["cards"] = {
        str(n): dict(template, id=n, title=f"Card {n}", position=n, notes=body) for n in range(1, cards + 1)
    }
    path.write_text(json.dumps(data, separators=(",", ":")))


# --- 3. never replace what is not ours ---------------------------------------------------


def test_a_database_behind_a_link_is_written_through_and_the_link_kept(db, tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(db)
    code, _, err = call("add", "Pottery", "--db", str(link))
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(db)
    assert "Pottery" in {c.title for c in reopen(db).board.cards.values()}
    assert not list(tmp_path.glob(".*.tmp")) and not list(db.parent.glob(".*.tmp"))


# --- 4. time zones -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["posix/Europe/Berlin", "right/UTC", "Factory", "posixrules", "localtime", "local"])
def test_only_canonical_zone_names_are_taken(tmp_path, name):
    target = tmp_path / "new.json"
    code, out, err = call("init", *INIT[:4], "--tz", name, "--db", str(target))
    assert "Unknown time zone" in refused(code, out, err)
    assert not target.exists()


def test_the_countdown_uses_the_zone_it_can_use():
    good = make_plan(breakup_date="2026-11-15", ended_by="them", tz="UTC", now=FIXED_NOW)
    broken = Plan(good.breakup_date, good.ended_by, good.guide, good.days, "Mars/Olympus")
    from regroup.domain.journey import Journey

    assert broken.zone == "UTC" and "Mars/Olympus" in broken.zone_warning and good.zone_warning is None
    assert Journey(broken).countdown(FIXED_NOW) == Journey(good).countdown(FIXED_NOW)
    assert Journey(broken).today(FIXED_NOW) == date(2026, 11, 25)


# --- 5. text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title", ["\u200b", "\ufeff\u2060", "\u0301\u0302", "\u200b \u200b", "\u3164", "\u200d\u20dd"],
    ids=["zwsp", "bom-wj", "marks", "zwsp-space", "hangul-filler", "zwj-enclosing"],
)
def test_a_title_with_nothing_visible_is_refused(db, title):
    before = db.read_bytes()
    code, out, err = call("add", title, "--db", str(db))
    assert "needs at least one visible character" in refused(code, out, err)
    assert db.read_bytes() == before
    with pytest.raises(InvalidInput, match="at least one visible"):
        text.clean_line(title, "The name")


def test_direction_controls_are_refused_in_notes_and_line_separators_become_line_breaks(db):
    before = db.read_bytes()
    code, out, err = call("add", "Pottery", "--notes", "left\u202eright", "--db", str(db))
    assert "direction controls" in refused(code, out, err)
    assert db.read_bytes() == before
    code, _, err = call("add", "Pottery", "--notes", "one\u2028two\u2029three", "--db", str(db))
    assert code == 0, err
    notes = {c.title: c.notes for c in reopen(db).board.cards.values()}["Pottery"]
    assert notes == "one\ntwo\nthree"


@pytest.mark.parametrize(
    "option, value",
    [("--breakup-date", "٢٠٢٦-١١-٠١"), ("--breakup-date", "２０２６-１１-０１"), ("--breakup-date", "2026-1١-01"),
     ("--days", "٣٠"), ("--days", "３０"), ("--days", "۳۰"), ("--days", "²")],
)
def test_dates_and_numbers_take_ascii_digits_only(tmp_path, option, value):
    args = dict(zip(INIT[::2], INIT[1::2]), **{"--guide": "custom", "--days": "30"})
    args[option] = value
    target = tmp_path / "new.json"
    code, out, err = call("init", *(part for pair in args.items() for part in pair), "--db", str(target))
    assert "digits 0-9" in refused(code, out, err)
    assert not target.exists()


def test_moods_take_ascii_digits_only():
    from regroup.domain.daily import check_mood

    assert check_mood(" 3 ") == 3 and check_mood(4) == 4
    for value in ("٣", "３", "³", "3.0", "", "6"):
        with pytest.raises(InvalidInput):
            check_mood(value)
    with pytest.raises(InvalidInput, match="digits 0-9"):
        dates.parse_date("٢٠٢٦-١١-٠١")


# --- 6. smaller ones -----------------------------------------------------------------------


def test_stale_temporary_files_of_both_names_are_removed_and_no_others(tmp_path):
    long_db = tmp_path / ("c" * 245 + ".json")
    seed(long_db)
    other = tmp_path / ("d" * 245 + ".json")
    stale_old = tmp_path / f".{long_db.name[:200]}.deadbeef.tmp"  # what a short name's temp looks like
    stale_new = files.temp_name(long_db)
    theirs = files.temp_name(other)
    for path in (stale_new, theirs, stale_old):
        path.write_text("{")
    assert stale_new.name.startswith(".rg-") and len(stale_new.name) < 40
    short = tmp_path / "board.json"
    seed(short)
    stale_short = short.with_name(f".{short.name}.deadbeef.tmp")
    stale_short.write_text("{")
    Store.open(long_db)
    Store.open(short)
    assert not stale_new.exists() and not stale_short.exists()
    assert theirs.exists() and stale_old.exists()  # another database's: left alone


def test_the_lock_file_is_0600_whatever_the_umask(tmp_path):
    target = tmp_path / "board.json"
    results = [run(["add", f"Card {n}", "--db", str(target)], umask=0o277) for n in range(2)]
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    assert mode(target.with_name("board.json.lock")) == 0o600
    assert mode(target) == 0o600
    old = os.umask(0o277)
    try:
        with files.locked(tmp_path / "other.json"):
            pass
    finally:
        os.umask(old)
    assert mode(tmp_path / "other.json.lock") == 0o600


@pytest.mark.skipif(not IS_ROOT or not hasattr(os, "fork"), reason="needs root to act as another user")
def test_a_lock_file_owned_by_another_user_is_named_as_such(tmp_path):
    """A real second user (a forked child that drops to uid 12345) meets a lock file that
    uid 12346 owns: the refusal says whose file is in the way."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="regroup-lock-", dir="/tmp"))
    try:
        os.chmod(folder, 0o755)
        target = folder / "board.json"
        seed(target)
        lock = folder / "board.json.lock"
        lock.touch()
        os.chmod(lock, 0o600)
        os.chown(lock, OTHER_UID + 1, OTHER_UID + 1)
        os.chown(target, OTHER_UID, OTHER_UID)
        os.chown(folder, OTHER_UID, OTHER_UID)
        before = target.read_bytes()
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: another user
            try:
                os.close(read)
                os.setgid(OTHER_UID)
                os.setuid(OTHER_UID)
                try:
                    with files.locked(target):
                        message = "locked it"
                except Exception as error:
                    message = f"{type(error).__name__}|{getattr(error, 'exit_status', '')}|{error}"
                os.write(write, message.encode())
            finally:
                os._exit(0)
        os.close(write)
        message = os.read(read, 4096).decode()
        os.close(read)
        os.waitpid(pid, 0)
        kind, status, sentence = message.split("|", 2)
        assert kind == "FileRefused" and status == "2", message
        assert "locked by a file owned by another user (uid 12346)" in sentence, sentence
        assert "not writable" not in sentence
        assert target.read_bytes() == before
    finally:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


# --- 7. exports carry no control characters and no active markup ---------------------------


NASTY = "\x1b[31mred\x1b[0m \x07\x9b2J \u202eevil\u202c \u2066iso\u2069 \u2028line\x85"


def nasty_database(db: Path) -> None:
    """Every string field of every table edited by hand to hold control characters."""
    from regroup.domain.daily import make_checkin, make_contact, make_entry
    from regroup.domain.journey import Check
    from regroup.domain.plan import Extension, make_slip

    store = seed(db, plan=True)
    plan = store.journey.plan
    store.log_slip(make_slip("2026-11-18", "texted", plan, now=FIXED_NOW))
    store.log_check(Check(date(2026, 12, 6), "not_yet", "2026-12-06T08:00:00Z"), Extension(date(2026, 12, 6)))
    store.save_checkin(make_checkin("2026-11-25", 3, "okay", "UTC", now=FIXED_NOW))
    store.save_entry(make_entry(0, "2026-11-20", "wrong", "differently", "UTC", now=FIXED_NOW))
    store.log_contact(make_contact(0, "2026-11-24", "text", False, "hi", "UTC", now=FIXED_NOW))

    def spoil(data):
        for table, rows in data.items():
            if table == "_meta":
                continue
            for doc in rows.values():
                for key, value in doc.items():
                    if isinstance(value, str) and key not in ("date", "contact_date", "breakup_date", "letter_sent",
                                                               "column", "category", "guide", "ended_by", "moved_on"):
                        doc[key] = value + NASTY
                if table == "cards":
                    doc["started"] = "2026-11-20T10:00:00Z" + NASTY
                    doc["done"] = "\x1b]0;pwned\x07"

    edit(db, spoil)


def test_from_doc_makes_every_string_field_safe(db):
    nasty_database(db)
    store = Store.open(db, create=False)
    journey = store.journey
    values = [journey.plan, *journey.slips, *journey.extensions, *journey.checks, *journey.checkins,
              *journey.journal, *journey.contacts, *store.board.cards.values()]
    seen = 0
    for value in values:
        for field in value.__dataclass_fields__:
            item = getattr(value, field)
            if isinstance(item, str):
                seen += 1
                assert not any(ch in item for ch in UNSAFE if ch not in "\n\t"), (type(value).__name__, field, item)
    assert seen > 40
    assert journey.contacts[0].how.startswith("text") and "␛" in journey.contacts[0].how


MARKUP = [
    "<img src=x onerror=alert(1)>",
    "# heading",
    "```\ncode fence\n```",
    "*bold* and _italic_ and __strong__",
    "[link](javascript:alert(1)) and ![img](x.png)",
    "`code` and ~~gone~~ and $x^2$",
    "1. numbered\n- bullet\n+ plus\n> quote\n---\n===",
    "a | table | row",
    "&lt;b&gt; &amp; <!-- comment -->",
    "back\\slash\\",
]


# --- 8. no private data in crash output -------------------------------------------------------


