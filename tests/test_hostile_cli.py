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
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import time_machine

from cli_run import SCRIPT, mode, one_line_error, run, run_many
from conftest import FIXED_NOW, reopen, seed
from regroup import cli, exporting
from regroup.domain import dates, text
from regroup.domain.plan import Plan, make_plan
from regroup.errors import InvalidInput
from regroup.store import Store, files, locking

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
OTHER_UID = 12345  # a throwaway user (root can give files to any uid)
INIT = ["--breakup-date", "2026-11-01", "--ended-by", "them", "--tz", "UTC"]
UNSAFE = [chr(c) for c in (*range(0, 9), *range(11, 32), *range(0x7F, 0xA0))] + [
    "\u2028",
    "\u2029",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
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


def test_a_fifo_as_the_database_is_refused_at_once_by_every_command(tmp_path):
    pipe = fifo(tmp_path)
    export = tmp_path / "export.json"
    seed(tmp_path / "real.json", plan=True)
    assert call("export", "--format", "json", "--out", str(export), "--db", str(tmp_path / "real.json"))[0] == 0
    commands = [
        ["status", "--db", str(pipe)],
        ["status", "--json", "--db", str(pipe)],
        ["add", "Pottery", "--db", str(pipe)],
        ["init", *INIT, "--db", str(pipe)],
        ["export", "--format", "markdown", "--db", str(pipe)],
        ["import", str(export), "--db", str(pipe)],
        ["--db", str(pipe)],  # the app
    ]
    results = run_many(commands, timeout=20)
    for result in results:
        line = one_line_error(result, status=2)
        assert "named pipe (FIFO)" in line and str(pipe) in line, line
    # the app, and every command, through REGROUP_DB as well
    for args in (["status"], ["add", "X"], []):
        line = one_line_error(run(args, env={"REGROUP_DB": str(pipe)}, timeout=20), status=2)
        assert "named pipe (FIFO)" in line and "REGROUP_DB" in line, line
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)


@pytest.mark.parametrize("kind", ["character device", "socket", "folder"])
def test_other_special_files_as_the_database_are_refused(tmp_path, kind):
    sock = None
    if kind == "character device":
        target = Path("/dev/zero")
    elif kind == "socket":
        target, sock = unix_socket(tmp_path)
    else:
        target = tmp_path / "folder.json"
        target.mkdir()
    try:
        for args in (["status"], ["add", "X"], ["init", *INIT], ["export", "--format", "json"]):
            code, out, err = call(*args, "--db", str(target))
            assert kind in refused(code, out, err)
    finally:
        if sock:
            sock.close()


def test_the_app_refuses_a_device_before_starting(tmp_path):
    line = one_line_error(run([], env={"REGROUP_DB": "/dev/zero"}, timeout=20), status=2)
    assert "character device" in line


@pytest.mark.parametrize("source", ["fifo", "/dev/zero", "/dev/null", "socket", "folder"])
def test_import_refuses_a_source_that_is_not_a_regular_file_before_reading(db, tmp_path, source):
    before = db.read_bytes()
    sock = None
    if source == "fifo":
        path = fifo(tmp_path)
    elif source == "socket":
        path, sock = unix_socket(tmp_path)
    elif source == "folder":
        path = tmp_path / "exports"
        path.mkdir()
    else:
        path = Path(source)
    try:
        result = run(["import", str(path), "--db", str(db)], timeout=20)
    finally:
        if sock:
            sock.close()
    line = one_line_error(result, status=2)
    assert "not a regular file" in line and "nothing was changed" in line, line
    assert db.read_bytes() == before
    assert not list(db.parent.glob("*before-import*"))


def test_import_checks_the_size_before_reading(db, tmp_path):
    big = tmp_path / "huge.json"
    with open(big, "wb") as handle:  # sparse: 8 GB that would take long to read
        handle.truncate(8 << 30)
    before = db.read_bytes()
    code, out, err = call("import", str(big), "--db", str(db))  # read whole, it would take long
    assert "larger than" in refused(code, out, err)
    assert db.read_bytes() == before


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


def test_export_and_import_agree_on_the_largest_file(tmp_path, monkeypatch):
    """With a small cap (the rule, not the figure): an export of exactly the cap imports, one
    byte more is refused by export itself, so no export is ever refused by import."""
    db = tmp_path / "board.json"
    big_database(db, cards=40, notes=1000)
    probe = export_json(db, tmp_path, "probe.json")
    size = len(probe.read_bytes())
    now = json.loads(probe.read_bytes())["exported"]
    monkeypatch.setattr(exporting, "MAX_IMPORT_BYTES", size)
    exact = export_json(db, tmp_path, "exact.json")
    assert len(exact.read_bytes()) == size and json.loads(exact.read_bytes())["exported"][:10] == now[:10]
    code, _, err = call("import", str(exact), "--db", str(tmp_path / "restored.json"))
    assert code == 0, err
    monkeypatch.setattr(exporting, "MAX_IMPORT_BYTES", size - 1)
    before = db.read_bytes()
    code, out, err = call("export", "--format", "json", "--out", str(tmp_path / "over.json"), "--db", str(db))
    line = refused(code, out, err)
    assert "more than" in line and "import" in line
    assert not (tmp_path / "over.json").exists() and db.read_bytes() == before
    code, out, err = call("export", "--format", "json", "--db", str(db))  # to stdout too
    refused(code, out, err)
    assert out == ""


def test_an_export_at_the_real_cap_imports(tmp_path):
    """An export just under MAX_IMPORT_BYTES imports (how long it takes is bench/README.md's)."""
    db = tmp_path / "board.json"
    per_card = 4000 + 300
    big_database(db, cards=int(exporting.MAX_IMPORT_BYTES * 0.95) // per_card)
    export = export_json(db, tmp_path)
    size = export.stat().st_size
    assert exporting.MAX_IMPORT_BYTES * 0.85 < size <= exporting.MAX_IMPORT_BYTES
    code, _, err = call("import", str(export), "--db", str(tmp_path / "restored.json"), when=None)
    assert code == 0, err


# --- 3. never replace what is not ours ---------------------------------------------------


def test_export_out_refuses_an_existing_file_without_force(db, tmp_path):
    target = tmp_path / "plan.md"
    target.write_text("my own notes")
    code, out, err = call("export", "--format", "markdown", "--out", str(target), "--db", str(db))
    assert "--force" in refused(code, out, err)
    assert target.read_text() == "my own notes"
    code, out, err = call("export", "--format", "markdown", "--out", str(target), "--force", "--db", str(db))
    assert code == 0, err
    assert target.read_text().startswith("# regroup-tui export") and mode(target) == 0o600
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize("value", ["", "   "])
def test_export_out_empty_is_refused(db, value):
    code, out, err = call("export", "--format", "json", "--out", value, "--db", str(db))
    assert "--out is empty" in refused(code, out, err)
    assert out == ""


@pytest.mark.parametrize("value", ["/dev/stdout", "/dev/stderr", "-", "/dev/fd/1", "/proc/self/fd/1"])
def test_export_out_to_stdout_says_to_leave_out_out(db, value):
    code, out, err = call("export", "--format", "json", "--out", value, "--force", "--db", str(db))
    assert "leave out --out" in refused(code, out, err)
    assert out == ""


def test_export_never_replaces_a_link_a_device_a_fifo_or_a_socket(db, tmp_path):
    mine = tmp_path / "mine.txt"
    mine.write_text("keep me")
    link = tmp_path / "link.md"
    link.symlink_to(mine)
    pipe = fifo(tmp_path)
    sock_path, sock = unix_socket(tmp_path)
    try:
        for target, kind in (
            (link, "symbolic link"),
            (pipe, "named pipe"),
            (Path("/dev/null"), "character device"),
            (sock_path, "socket"),
        ):
            for force in ([], ["--force"]):
                result = run(
                    ["export", "--format", "markdown", "--out", str(target), *force, "--db", str(db)], timeout=20
                )
                line = one_line_error(result, status=2)
                assert kind in line and "never replaces" in line, line
    finally:
        sock.close()
    assert os.path.islink(link) and mine.read_text() == "keep me"
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode) and stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize(
    "content, words",
    [
        (
            Path("/etc/passwd").read_bytes() if Path("/etc/passwd").exists() else b"root:x:0:0:root:/root:/bin/sh\n",
            "not a regroup-tui database",
        ),
        (b'{"settings": {"theme": "dark"}}', "not a regroup-tui database"),
        (b'{"_meta": {"1": {"schema": "2"}}, "cards": {}}', "not a regroup-tui database"),
        (b"[1, 2, 3]", "not a regroup-tui database"),
        (b'{"_meta": {"1": {"schema": 99}}, "cards": {}}', "newer regroup-tui"),
    ],
    ids=["passwd", "foreign-json", "schema-string", "a-list", "newer-schema"],
)
def test_import_never_replaces_a_file_that_is_not_ours(db, tmp_path, content, words):
    export = export_json(db, tmp_path)
    victim = tmp_path / "victim.json"
    victim.write_bytes(content)
    listing = sorted(os.listdir(tmp_path))
    code, out, err = call("import", str(export), "--db", str(victim))
    assert words in refused(code, out, err)
    assert victim.read_bytes() == content
    assert sorted(os.listdir(tmp_path)) == listing  # no backup, no lock file, no stray file


@pytest.mark.parametrize("kind", ["empty", "truncated"])
def test_import_may_replace_an_empty_or_damaged_database_of_ours(db, tmp_path, kind):
    export = export_json(db, tmp_path)
    damaged = tmp_path / "damaged.json"
    damaged.write_bytes(b"" if kind == "empty" else db.read_bytes()[:100])
    original = damaged.read_bytes()
    code, out, err = call("import", str(export), "--db", str(damaged))
    assert code == 0, err
    backups = list(tmp_path.glob("damaged.before-import-*.json"))
    assert len(backups) == 1 and backups[0].read_bytes() == original
    assert reopen(damaged).journey.plan is not None


def test_a_database_behind_a_link_is_written_through_and_the_link_kept(db, tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(db)
    code, _, err = call("add", "Pottery", "--db", str(link))
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(db)
    assert "Pottery" in {c.title for c in reopen(db).board.cards.values()}
    assert not list(tmp_path.glob(".*.tmp")) and not list(db.parent.glob(".*.tmp"))


@pytest.mark.parametrize("name", ["/dev/stdout", "/dev/fd/1", "-"])
def test_a_stream_is_never_the_database(db, tmp_path, name):
    export = export_json(db, tmp_path)
    for args in (["status"], ["add", "X"], ["import", str(export)]):
        code, out, err = call(*args, "--db", name)
        assert "is a stream" in refused(code, out, err)


@pytest.mark.skipif(not IS_ROOT, reason="only root can give a file to another user")
def test_a_save_by_root_keeps_the_owner_and_group_of_the_file(db, tmp_path):
    os.chown(db, OTHER_UID, OTHER_UID)
    code, _, err = call("add", "Pottery", "--db", str(db))
    assert code == 0, err
    st = os.stat(db)
    assert (st.st_uid, st.st_gid) == (OTHER_UID, OTHER_UID) and stat.S_IMODE(st.st_mode) == 0o600
    assert "Pottery" in {c.title for c in reopen(db).board.cards.values()}
    # and an export replaced with --force
    target = tmp_path / "theirs.md"
    target.write_text("old")
    os.chown(target, OTHER_UID, OTHER_UID + 1)
    code, _, err = call("export", "--format", "markdown", "--out", str(target), "--force", "--db", str(db))
    assert code == 0, err
    assert (os.stat(target).st_uid, os.stat(target).st_gid) == (OTHER_UID, OTHER_UID + 1)


# --- 4. time zones -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["posix/Europe/Berlin", "right/UTC", "Factory", "posixrules", "localtime", "local"])
def test_only_canonical_zone_names_are_taken(tmp_path, name):
    target = tmp_path / "new.json"
    code, out, err = call("init", *INIT[:4], "--tz", name, "--db", str(target))
    assert "Unknown time zone" in refused(code, out, err)
    assert not target.exists()


def test_zone_names_are_matched_in_any_case_and_misspellings_get_a_suggestion(tmp_path):
    target = tmp_path / "new.json"
    code, _, err = call("init", *INIT[:4], "--tz", "europe/paris", "--db", str(target))
    assert code == 0, err
    assert reopen(target).journey.plan.tz == "Europe/Paris"
    assert dates.check_zone("AMERICA/NEW_YORK") == "America/New_York"
    code, out, err = call("init", *INIT[:4], "--tz", "Europe/Berln", "--force", "--db", str(target))
    assert "did you mean Europe/Berlin?" in refused(code, out, err)
    with pytest.raises(InvalidInput, match="did you mean Europe/Berlin"):
        dates.check_zone("posix/Europe/Berlin")


@pytest.mark.parametrize("tz", ["EST+5", "<+03>-3", "Mars/Olympus"])
def test_a_tz_variable_that_is_not_a_zone_name_gets_a_notice_at_init(tmp_path, monkeypatch, tz):
    monkeypatch.setenv("TZ", tz)
    target = tmp_path / "new.json"
    code, out, err = call("init", *INIT[:4], "--db", str(target), when=FIXED_NOW.timestamp())
    assert code == 0, err
    assert err.count("\n") == 1 and f"TZ={tz!r}" in err and "not an IANA time zone name" in err, err
    zone = reopen(target).journey.plan.tz
    assert zone in err and dates.check_zone(zone) == zone


@pytest.mark.parametrize("stored", ["Mars/Olympus", "posix/Europe/Berlin", "Europe/Berlin\x1b[2J"])
def test_a_plan_whose_zone_cannot_be_used_still_opens_and_can_be_repaired(db, tmp_path, stored):
    edit(db, lambda d: d["plan"]["1"].update(tz=stored))
    code, out, err = call("status", "--db", str(db))
    assert code == 0 and "days to" in out, err
    assert err.count("\n") == 1 and "cannot be used" in err and "UTC" in err and "\x1b" not in err
    code, out, _ = call("status", "--json", "--db", str(db))
    assert code == 0 and json.loads(out)["time_zone"] == "UTC"
    code, out, err = call("export", "--format", "markdown", "--db", str(db))
    assert code == 0 and "cannot be used" in err and "## The board" in out
    # the repair: only the zone is given, the rest of the plan is kept
    before = reopen(db).journey.plan
    code, out, err = call("init", "--force", "--tz", "Europe/Berlin", "--db", str(db))
    assert code == 0 and err == "", err
    after = reopen(db).journey.plan
    assert after.tz == "Europe/Berlin" and after.zone_warning is None
    assert (after.breakup_date, after.ended_by, after.guide, after.days, after.name) == (
        before.breakup_date,
        before.ended_by,
        before.guide,
        before.days,
        before.name,
    )
    assert call("status", "--db", str(db))[2] == ""


def test_the_countdown_uses_the_zone_it_can_use():
    good = make_plan(breakup_date="2026-11-15", ended_by="them", tz="UTC", now=FIXED_NOW)
    broken = Plan(good.breakup_date, good.ended_by, good.guide, good.days, "Mars/Olympus")
    from regroup.domain.journey import Journey

    assert broken.zone == "UTC" and "Mars/Olympus" in broken.zone_warning and good.zone_warning is None
    assert Journey(broken).countdown(FIXED_NOW) == Journey(good).countdown(FIXED_NOW)
    assert Journey(broken).today(FIXED_NOW) == date(2026, 11, 25)


def test_an_export_whose_zone_cannot_be_used_is_imported_with_a_warning(db, tmp_path):
    export = export_json(db, tmp_path)
    envelope = json.loads(export.read_bytes())
    envelope["data"]["plan"]["1"]["tz"] = "Mars/Olympus"
    export.write_text(json.dumps(envelope))
    code, out, err = call("import", str(export), "--db", str(tmp_path / "restored.json"))
    assert code == 0 and "Restored" in out
    assert err.count("\n") == 1 and "Mars/Olympus" in err and "UTC" in err


def test_tzdata_is_a_dependency_and_status_does_not_import_it(db):
    import tomllib

    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    assert any(dep.split(">")[0].split("=")[0].strip() == "tzdata" for dep in project["project"]["dependencies"])
    script = (
        "import sys; from regroup.cli import main; "
        f"assert main(['status', '--db', {str(db)!r}]) == 0; "
        "assert 'tzdata' not in sys.modules and 'difflib' not in sys.modules, 'imported on the status path'"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


# --- 5. text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    ["\u200b", "\ufeff\u2060", "\u0301\u0302", "\u200b \u200b", "\u3164", "\u200d\u20dd"],
    ids=["zwsp", "bom-wj", "marks", "zwsp-space", "hangul-filler", "zwj-enclosing"],
)
def test_a_title_with_nothing_visible_is_refused(db, title):
    before = db.read_bytes()
    code, out, err = call("add", title, "--db", str(db))
    assert "needs at least one visible character" in refused(code, out, err)
    assert db.read_bytes() == before
    with pytest.raises(InvalidInput, match="at least one visible"):
        text.clean_line(title, "The name")


@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u2066", "\u2069", "\u2028", "\u2029"])
def test_direction_controls_and_line_separators_are_refused_in_one_line_fields(db, char):
    before = db.read_bytes()
    for args in (["add", f"abc{char}def"], ["init", *INIT, "--force", "--name", f"Sam{char}Lee"]):
        code, out, err = call(*args, "--db", str(db))
        line = refused(code, out, err)
        assert "direction controls" in line or "line break" in line, line
    assert db.read_bytes() == before


def test_direction_controls_are_refused_in_notes_and_line_separators_become_line_breaks(db):
    before = db.read_bytes()
    code, out, err = call("add", "Pottery", "--notes", "left\u202eright", "--db", str(db))
    assert "direction controls" in refused(code, out, err)
    assert db.read_bytes() == before
    code, _, err = call("add", "Pottery", "--notes", "one\u2028two\u2029three", "--db", str(db))
    assert code == 0, err
    notes = {c.title: c.notes for c in reopen(db).board.cards.values()}["Pottery"]
    assert notes == "one\ntwo\nthree"


def test_invalid_utf8_in_argv_is_one_sentence(db):
    """Bytes that are not UTF-8 reach Python as lone surrogates (\\udcff)."""
    before = db.read_bytes()
    for args in (
        [b"add", b"caf\xe9"],
        [b"add", b"ok", b"--notes", b"\xff\xfe"],
        [b"init", *map(str.encode, INIT), b"--force", b"--name", b"\xc3\x28"],
    ):
        result = subprocess.run([SCRIPT.encode(), *args, b"--db", str(db).encode()], capture_output=True, timeout=20)
        err = result.stderr.decode("utf-8")  # what reaches the terminal is valid UTF-8
        assert result.returncode == 2 and err.count("\n") == 1, err
        assert "not valid text (invalid UTF-8)" in err and "Traceback" not in err
    assert db.read_bytes() == before
    with pytest.raises(InvalidInput, match="invalid UTF-8"):
        text.clean_title("x\udcff")


def test_the_limits_are_constants_and_say_so(db):
    assert (text.TITLE_MAX, text.NAME_MAX, text.NOTES_MAX, text.JOURNAL_MAX) == (200, 60, 5000, 10_000)
    for args, limit in (
        (["add", "x" * 201], 200),
        (["add", "ok", "--notes", "x" * 5001], 5000),
        (["init", *INIT, "--force", "--name", "x" * 61], 60),
    ):
        code, out, err = call(*args, "--db", str(db))
        assert f"at most {limit} characters" in refused(code, out, err)
    with pytest.raises(InvalidInput, match="at most 10000"):
        from regroup.domain.daily import make_entry

        make_entry(0, "2026-11-20", "x" * 10_001, "", "UTC", now=FIXED_NOW)


@pytest.mark.parametrize(
    "option, value",
    [
        ("--breakup-date", "٢٠٢٦-١١-٠١"),
        ("--breakup-date", "２０２６-１１-０１"),
        ("--breakup-date", "2026-1١-01"),
        ("--days", "٣٠"),
        ("--days", "３０"),
        ("--days", "۳۰"),
        ("--days", "²"),
    ],
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


def test_demo_with_db_is_refused_without_starting_the_app(tmp_path):
    target = tmp_path / "board.json"
    for args in (["--demo", "--db", str(target)], ["--db", str(target), "--demo"], ["--demo", "status"]):
        line = one_line_error(run(args, timeout=20), status=1)
        assert "--demo" in line
    assert not target.exists()


def test_a_database_name_of_250_characters_works(tmp_path):
    target = tmp_path / ("b" * 245 + ".json")
    assert len(target.name) == 250
    assert call("init", *INIT, "--db", str(target))[0] == 0
    code, out, err = call("add", "Pottery", "--db", str(target))
    assert code == 0, err
    assert call("status", "--db", str(target))[0] == 0
    export = tmp_path / "e.json"
    assert call("export", "--format", "json", "--out", str(export), "--db", str(target))[0] == 0
    code, _, err = call("import", str(export), "--db", str(target))
    assert code == 0, err
    assert "Pottery" in {c.title for c in reopen(target).board.cards.values()}
    assert not list(tmp_path.glob(".*.tmp"))
    assert len(list(tmp_path.glob("*before-import*"))) == 1


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
        with locking.locked(tmp_path / "other.json"):
            pass
    finally:
        os.umask(old)
    assert mode(tmp_path / "other.json.lock") == 0o600


def test_opening_a_database_closes_a_too_open_file_and_folder(tmp_path):
    folder = tmp_path / "data"
    target = folder / "board.json"
    seed(target, plan=True)
    os.chmod(folder, 0o755)
    os.chmod(target, 0o644)
    code, out, err = call("status", "--db", str(target))
    assert code == 0 and err == "", err
    assert mode(folder) == 0o700 and mode(target) == 0o600


@pytest.mark.skipif(not IS_ROOT, reason="only root can give a file to another user")
def test_a_too_open_file_that_is_not_ours_gets_a_warning(tmp_path):
    folder = tmp_path / "data"
    target = folder / "board.json"
    seed(target, plan=True)
    os.chmod(target, 0o644)
    os.chown(target, OTHER_UID, OTHER_UID)
    code, out, err = call("status", "--db", str(target))
    assert code == 0 and err.count("\n") == 1 and "another user" in err and "0644" in err, err
    assert mode(target) == 0o644


def test_a_refused_command_prints_its_sentence_and_no_notes(tmp_path):
    """A notice (here: a folder others can list) is said once the command has worked; a
    command refused after opening the file says its one sentence only."""
    shared = tmp_path / "shared"
    shared.mkdir()
    target = shared / "board.json"
    seed(target)  # no plan: an ics export is refused after the file is opened
    os.chmod(shared, 0o1777)
    code, out, err = call("export", "--format", "ics", "--db", str(target))
    assert "nothing to put in a calendar" in refused(code, out, err, status=1)
    edit(
        target,
        lambda d: d.update(
            plan={
                "1": make_plan(breakup_date="2026-11-15", ended_by="them", tz="UTC", now=FIXED_NOW).to_doc()
                | {"tz": "Mars/Olympus"}
            }
        ),
    )
    code, out, err = call("init", *INIT, "--db", str(target))
    assert "already holds a plan" in refused(code, out, err)
    code, out, err = call("add", "\u200b", "--db", str(tmp_path / "new" / "board.json"))
    refused(code, out, err)
    assert not (tmp_path / "new").exists()  # refused before the file was created


def test_a_database_in_a_shared_folder_gets_a_warning_and_the_folder_is_left_alone(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)  # like /tmp
    target = shared / "board.json"
    seed(target)
    os.chmod(shared, 0o1777)
    code, out, err = call("status", "--db", str(target))
    assert code == 0 and err.count("\n") == 1 and "can be listed by other users" in err, err
    assert mode(shared) == 0o1777


def test_status_before_the_breakup_date_says_so(db):
    code, out, err = call("status", "--db", str(db), when=datetime(2026, 9, 5, 12, tzinfo=UTC))
    assert code == 0, err
    assert out.startswith("not started: the breakup date Sun 15 Nov is after today (2026-09-05)"), out
    code, out, _ = call("status", "--json", "--db", str(db), when=datetime(2026, 9, 5, 12, tzinfo=UTC))
    assert json.loads(out)["anchor_in_future"] is True
    assert json.loads(call("status", "--json", "--db", str(db))[1])["anchor_in_future"] is False


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
                    with locking.locked(target):
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


FREE_TEXT = {"title", "notes", "source", "name", "note", "reason", "words", "wrong", "differently"}


def nasty_database(db: Path) -> None:
    """Every string field of every table edited by hand to hold control characters."""
    from regroup.domain.daily import make_checkin, make_contact, make_entry
    from regroup.domain.journey import Check
    from regroup.domain.plan import Extension, make_slip

    store = seed(db, plan=True)
    plan = store.journey.plan
    assert plan is not None
    store.log_slip(make_slip("2026-11-18", "texted", plan, now=FIXED_NOW))
    store.log_check(Check(date(2026, 12, 6), "not_yet", "2026-12-06T08:00:00Z"), Extension(date(2026, 12, 6)))
    store.save_checkin(make_checkin("2026-11-25", 3, "okay", "UTC", now=FIXED_NOW))
    store.save_entry(make_entry(0, "2026-11-20", "wrong", "differently", "UTC", now=FIXED_NOW))
    store.log_contact(make_contact(0, "2026-11-24", "text", False, "hi", "UTC", now=FIXED_NOW))

    def spoil(data):
        # every free-text field (dates, moments and fields with a fixed set of values would
        # be refused by the file's description: see test_a_hostile_value_where_the_description_allows_none)
        for table, rows in data.items():
            if table == "_meta":
                continue
            for doc in rows.values():
                for key, value in doc.items():
                    if isinstance(value, str) and key in FREE_TEXT:
                        doc[key] = value + NASTY

    edit(db, spoil)


def test_from_doc_makes_every_string_field_safe(db):
    nasty_database(db)
    store = Store.open(db, create=False)
    journey = store.journey
    values = [
        journey.plan,
        *journey.slips,
        *journey.extensions,
        *journey.checks,
        *journey.checkins,
        *journey.journal,
        *journey.contacts,
        *store.board.cards.values(),
    ]
    seen = 0
    for value in values:
        for field in value.__dataclass_fields__:
            item = getattr(value, field)
            if isinstance(item, str):
                seen += 1
                assert not any(ch in item for ch in UNSAFE if ch not in "\n\t"), (type(value).__name__, field, item)
    assert seen > 40
    assert journey.contacts[0].note.startswith("hi") and "␛" in journey.contacts[0].note


@pytest.mark.parametrize(
    "table, field, value",
    [
        ("contacts", "how", "\x1b]0;PWNED\x07\x1b[2J\x1b[31mRED"),
        ("cards", "started", 5),
        ("cards", "done", [1, 2]),
        ("cards", "created", "2026-11-20T10:00:00Z\x1b[2J"),
        ("checkins", "at", "\x1b]0;x\x07"),
        ("checks", "answer", "maybe"),
    ],
)
def test_a_hostile_value_where_the_description_allows_none_is_refused_everywhere(db, tmp_path, table, field, value):
    """A field with a fixed form (a moment, one of a few words) holding anything else is
    refused by every way in, naming the table, the record and the field, file untouched."""
    nasty_database(db)

    def spoil(data):
        next(iter(data[table].values()))[field] = value

    edit(db, spoil)
    before = db.read_bytes()
    for args in (["status"], ["export", "--format", "markdown"], ["add", "x"]):
        code, out, err = call(*args, "--db", str(db))
        assert code == 2 and out == "" and len(err.strip().splitlines()) == 1, (args, err)
        assert f"“{table}”" in err and f"“{field}”" in err, err
        assert db.read_bytes() == before
    export = tmp_path / "hand-made.json"
    export.write_text(json.dumps({"format": "regroup-tui-export", "schema": 2, "data": json.loads(before)}))
    fresh = tmp_path / "fresh.json"
    code, out, err = call("import", str(export), "--db", str(fresh))
    assert code == 2 and not fresh.exists(), err


@pytest.mark.parametrize("fmt", ["markdown", "ics", "json"])
def test_exports_carry_no_control_or_direction_characters(db, tmp_path, fmt):
    nasty_database(db)
    target = tmp_path / f"out.{fmt}"
    code, _, err = call(
        "export", "--format", fmt, "--out", str(target), "--db", str(db), when=datetime(2026, 12, 20, tzinfo=UTC)
    )
    assert code == 0, err
    code, printed, err = call("export", "--format", fmt, "--db", str(db), when=datetime(2026, 12, 20, tzinfo=UTC))
    assert code == 0, err
    for written in (target.read_bytes().decode("utf-8"), printed):
        allowed = "\n\r" if fmt == "ics" else "\n"
        bad = {hex(ord(ch)) for ch in written if ch in UNSAFE and ch not in allowed}
        assert not bad, (fmt, bad)
    if fmt == "markdown":
        assert target.read_text() == printed


def test_import_of_an_export_with_control_characters_never_reaches_the_terminal(db, tmp_path):
    nasty_database(db)
    export = export_json(db, tmp_path)
    assert "\\u001b" in export.read_text()  # JSON-escaped in the export itself
    fresh = tmp_path / "fresh.json"
    code, out, err = call("import", str(export), "--db", str(fresh))
    assert code == 0, err
    contact = reopen(fresh).journey.contacts[0]
    assert "\x1b" not in contact.note and "␛" in contact.note


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


def test_markdown_shows_user_text_as_typed(db, tmp_path):
    """Rendered with a CommonMark parser (GFM tables and strikethrough on), user text in
    titles, notes, names, journal entries, check-ins and contacts renders as the very text
    typed: no element, link, image, heading or code comes from it."""
    import html

    from markdown_it import MarkdownIt

    from regroup.domain.daily import make_checkin, make_contact, make_entry

    store = seed(db, cards=[])
    lines = [m for m in MARKUP if "\n" not in m]
    store.set_plan(make_plan(breakup_date="2026-11-15", ended_by="them", tz="UTC", name="*Sam* <b>", now=FIXED_NOW))
    for n, item in enumerate(MARKUP):
        store.add_card(lines[n % len(lines)], notes=item)
    store.add_card("Tabs", notes="a\tb\n\tindented")
    store.save_checkin(make_checkin("2026-11-25", 3, lines[0], "UTC", now=FIXED_NOW))
    store.save_entry(make_entry(0, "2026-11-20", "\n".join(MARKUP), "\n\n".join(MARKUP), "UTC", now=FIXED_NOW))
    store.log_contact(make_contact(0, "2026-11-24", "text", False, "\n".join(MARKUP), "UTC", now=FIXED_NOW))
    code, out, err = call("export", "--format", "markdown", "--db", str(db))
    assert code == 0, err
    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(out)
    for tag in (
        "<img",
        "<a ",
        "<code",
        "<pre",
        "<em",
        "<table",
        "<s>",
        "<del",
        "<blockquote",
        "<hr",
        "<ol",
        "<!--",
        "<b>",
        "<h2>heading",
        "<h1>heading",
    ):
        assert tag not in rendered, tag
    import re

    ours = re.compile(
        r"regroup-tui export|The plan|The board|Check-ins|Journal|Contacts|Slips|Extensions|Timeline|"
        r"Emotion checks|Hard days|Urges|(Ideas|Planned|Doing|Done) \(\d+\)|\w{3} \d+ \w{3} 2026"
    )
    headings = re.findall(r"<h\d>(.*?)</h\d>", rendered)
    assert headings and all(ours.fullmatch(h) for h in headings), headings
    plain = html.unescape(rendered)
    for item in MARKUP:
        for line in item.split("\n"):
            assert line in plain, line
    assert "*Sam* <b>" in plain
    assert "a\tb" in out and "\ufffd" not in out  # a tab is kept as typed


# --- 8. no private data in crash output -------------------------------------------------------


def test_a_bug_prints_one_sentence_and_writes_a_report_without_user_text(db, tmp_path, monkeypatch):
    secret = "my journal: I miss Sam so much"

    def bug(args):
        try:
            raise KeyError(secret)
        except KeyError as inner:
            raise RuntimeError(f"while reading {secret}") from inner

    monkeypatch.setattr(cli, "cmd_status", bug)
    code, out, err = call("status", "--db", str(db))
    assert code == 70 and out == ""
    assert err.count("\n") == 1 and "something went wrong" in err and "RuntimeError" in err, err
    assert secret not in err and "Traceback" not in err
    folder = tmp_path / "xdg-state" / "regroup-tui"
    reports = list(folder.glob("crash-*.txt"))
    assert len(reports) == 1 and str(reports[0]) in err
    assert mode(reports[0]) == 0o600 and mode(folder) == 0o700
    report = reports[0].read_text()
    assert "Traceback (most recent call last):" in report and "builtins.RuntimeError" in report
    assert "builtins.KeyError" in report and "def bug" not in report and "in bug" in report
    assert secret not in report and "Sam" not in report


def test_a_bug_in_a_subprocess_has_no_traceback_on_the_terminal(tmp_path):
    script = (
        "import sys; from regroup import cli; "
        "cli.cmd_add = lambda args: {}['secret title ' + args.title]; "
        "sys.exit(cli.main(['add', 'Dinner with Maya', '--db', sys.argv[1]]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "b.json")],
        capture_output=True,
        text=True,
        env=dict(os.environ, XDG_STATE_HOME=str(tmp_path / "state")),
        timeout=20,
    )
    assert done.returncode == 70 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr and "Maya" not in done.stderr
    report = next((tmp_path / "state" / "regroup-tui").glob("crash-*.txt")).read_text()
    assert "KeyError" in report and "Maya" not in report


def test_a_closed_pipe_is_not_a_crash(db):
    done = subprocess.run(
        f"{SCRIPT} export --format markdown --db {db} | head -c 1 >/dev/null; {SCRIPT} status --db {db} | true",
        shell=True,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert "something went wrong" not in done.stderr and "Traceback" not in done.stderr, done.stderr
