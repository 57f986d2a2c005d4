"""Files that cannot be used are refused by every command and never touched; older files are
migrated after a private backup; everything regroup-tui creates is private; a failing write
leaves the previous file intact (PRODUCT.md, "Data safety"; reliability.md section 5).

All command-line runs use the installed ``regroup-tui`` script in a subprocess.
"""

from __future__ import annotations

import errno
import json
import os
import re
import resource
import signal
from pathlib import Path

import pytest

from cli_run import mode, one_line_error, run, run_many, snapshot, unchanged_but_a_lock
from conftest import FIXED_NOW, reopen, seed
from regroup import cli
from regroup.domain import board as ops
from regroup.domain.board import put_cards
from regroup.domain.model import Card
from regroup.domain.plan import make_plan, make_slip
from regroup.errors import SaveFailed
from regroup.store import SCHEMA_VERSION, Store, files

WHAT_TO_DO = re.compile(
    r"\b(restore|pass another|pass a file|upgrade|move it away|fix (it|the card)|run regroup-tui init)\b"
)
INIT = ["init", "--breakup-date", "2026-11-01", "--ended-by", "them", "--tz", "UTC"]


def commands(db: Path) -> list[list[str]]:
    """The TUI launch and every subcommand that opens the database."""
    return [
        ["--db", str(db)],
        ["add", "X", "--db", str(db)],
        [*INIT, "--db", str(db)],
        ["status", "--db", str(db)],
        ["status", "--json", "--db", str(db)],
        ["export", "--format", "json", "--db", str(db)],
    ]


def good_db_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "good" / "board.json"
    seed(path, plan=True)
    return path.read_bytes()


def bad_content(kind: str, tmp_path: Path) -> bytes:
    good = good_db_bytes(tmp_path) if kind in ("truncated", "schema-99-full", "bad-plan") else b""
    meta = '"_meta": {"1": {"schema": %s}}'
    contents = {
        "empty": b"",
        "whitespace": b"  \n\t\n",
        "truncated": good[: len(good) // 2],
        "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89",
        "invalid-utf8": b'{"_meta": {"1": {"schema": 2}}, "cards": {"1": {"title": "\xff\xfe\xfa"}}}',
        "json-list": b"[1, 2, 3]",
        "cards-is-3": b'{"cards": 3}',
        "dict-of-strings": b'{"name": "Sam", "cards": "many"}',
        "deeply-nested": b"[" * 100_000 + b"]" * 100_000,
        "no-schema": b'{"cards": {}, "plan": {}}',
        "schema-99": ("{" + meta % 99 + ', "cards": {}}').encode(),
        "schema-string": ("{" + meta % '"2"' + ', "cards": {}}').encode(),
        "schema-0": ("{" + meta % 0 + ', "cards": {}}').encode(),
        "schema-true": ("{" + meta % "true" + ', "cards": {}}').encode(),
        "bad-card": ("{" + meta % 2 + ', "cards": {"1": {"title": "no id"}}}').encode(),
        "schema-1-bad-card": ("{" + meta % 1 + ', "cards": {"1": {"title": "no id"}}}').encode(),
    }
    if kind == "schema-99-full":
        data = json.loads(good)
        data["_meta"]["1"]["schema"] = 99
        return json.dumps(data).encode()
    if kind == "bad-plan":
        data = json.loads(good)
        data["plan"]["1"]["breakup_date"] = "the day it rained"
        return json.dumps(data).encode()
    return contents[kind]


# the kinds named in the brief get every command; the rest get add and status
EVERY_COMMAND = [
    "empty",
    "truncated",
    "png",
    "invalid-utf8",
    "json-list",
    "cards-is-3",
    "dict-of-strings",
    "schema-99",
    "schema-99-full",
]
SOME_COMMANDS = [
    "whitespace",
    "deeply-nested",
    "no-schema",
    "schema-string",
    "schema-0",
    "schema-true",
    "bad-card",
    "bad-plan",
    "schema-1-bad-card",
]


def check_refused(results, db: Path) -> None:
    for result in results:
        line = one_line_error(result, status=2)
        assert str(db) in line, line
        assert WHAT_TO_DO.search(line), line
        assert result.stdout == ""


@pytest.mark.parametrize("kind", EVERY_COMMAND + SOME_COMMANDS)
def test_a_bad_file_is_refused_by_every_command_and_left_untouched(tmp_path, kind):
    folder = tmp_path / "data"
    folder.mkdir()
    db = folder / "board.json"
    db.write_bytes(bad_content(kind, tmp_path))
    os.chmod(db, 0o644)
    before = snapshot(folder)
    todo = commands(db) if kind in EVERY_COMMAND else [cmd for cmd in commands(db) if cmd[0] in ("add", "status")]
    check_refused(run_many(todo), db)
    unchanged_but_a_lock(before, snapshot(folder))


def test_a_folder_given_as_db_is_refused_by_every_command(tmp_path):
    folder = tmp_path / "data"
    db = folder / "board.json"
    db.mkdir(parents=True)
    (db / "inside.txt").write_text("mine")
    before = snapshot(folder)
    check_refused(run_many(commands(db)), db)
    assert snapshot(folder) == before


# --- migration of an older file ---------------------------------------------------------


def schema_1_file(path: Path) -> bytes:
    """A real database written as schema 1 did: no "source" on cards, no "restart_on_slip"."""
    seed(path, plan=True)
    data = json.loads(path.read_bytes())
    data["_meta"] = {"1": {"schema": 1, "created": "2026-11-20T10:00:00Z"}}
    for doc in data["cards"].values():
        del doc["source"]
    del data["plan"]["1"]["restart_on_slip"]
    raw = json.dumps(data, ensure_ascii=False, indent=1).encode()
    path.write_bytes(raw)
    os.chmod(path, 0o644)
    return raw


@pytest.mark.parametrize("umask", [0o022, 0o000], ids=["umask-022", "umask-000"])
def test_an_older_file_is_migrated_after_a_private_byte_identical_backup(tmp_path, umask):
    db = tmp_path / "board.json"
    original = schema_1_file(db)
    old = json.loads(original)

    result = run(["add", "After the upgrade", "--db", str(db)], umask=umask)  # a writer upgrades it
    assert result.returncode == 0, result.stderr
    note = result.stderr.splitlines()
    assert len(note) == 1 and "upgraded" in note[0] and "schema 1" in note[0]
    backups = sorted(tmp_path.glob("board.schema1-backup-*.json"))
    assert len(backups) == 1 and str(backups[0]) in note[0]
    assert backups[0].read_bytes() == original
    assert mode(backups[0]) == 0o600

    new = json.loads(db.read_bytes())
    assert new["_meta"]["1"]["schema"] == SCHEMA_VERSION == 2
    assert mode(db) == 0o600
    added = [key for key, doc in new["cards"].items() if doc["title"] == "After the upgrade"]
    assert len(added) == 1
    assert {k: d for k, d in new["cards"].items() if k not in added} == {
        key: dict(doc, source="") for key, doc in old["cards"].items()
    }
    assert new["plan"]["1"] == dict(old["plan"]["1"], restart_on_slip=True)
    assert new["_meta"]["1"]["migrations"][0]["from"] == 1

    again = run(["add", "Once more", "--db", str(db)])  # once is enough
    assert again.returncode == 0 and again.stderr == ""
    assert len(list(tmp_path.glob("board.schema1-backup-*.json"))) == 1
    assert not list(tmp_path.glob(".*.tmp"))


def test_status_and_export_read_an_older_file_without_writing_anything(tmp_path):
    """A prompt that calls `status` must work on a full or read-only disk: it reads an
    older schema as upgraded, in memory, and leaves the folder exactly as it was."""
    db = tmp_path / "board.json"
    original = schema_1_file(db)
    os.chmod(db, 0o600)
    before = sorted(p.name for p in tmp_path.iterdir())
    stamp = os.stat(db).st_mtime_ns
    status = run(["status", "--json", "--db", str(db)])
    assert status.returncode == 0 and status.stderr == "", status.stderr
    assert json.loads(status.stdout)["cards"]["ideas"] == 3
    export = run(["export", "--format", "markdown", "--db", str(db)])
    assert export.returncode == 0 and "Pottery class on Thursdays" in export.stdout
    assert db.read_bytes() == original and os.stat(db).st_mtime_ns == stamp
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no backup, no lock, no temp file


def test_a_file_migrated_meanwhile_by_another_process_is_not_migrated_twice(tmp_path):
    db = tmp_path / "board.json"
    schema_1_file(db)
    late = Store(db)
    with pytest.raises(Exception) as info:  # this one sees schema 1 ...
        late._load()
    assert type(info.value).__name__ == "NeedsMigration"
    first = Store.open(db)  # ... another process migrates first
    assert first.migrated_from == 1
    late._migrate()  # under the lock it reads the file again
    assert late.migrated_from is None
    assert len(list(tmp_path.glob("board.schema1-backup-*.json"))) == 1
    assert len(json.loads(db.read_bytes())["_meta"]["1"]["migrations"]) == 1
    assert late.board == first.board


# --- privacy of what regroup-tui creates ---------------------------------------------------


@pytest.mark.parametrize("umask", [0o022, 0o000], ids=["umask-022", "umask-000"])
def test_created_files_are_0600_and_created_folders_0700_whatever_the_umask(tmp_path, umask):
    db = tmp_path / "a" / "b" / "c" / "board.json"
    result = run([*INIT, "--db", str(db)], umask=umask)
    assert result.returncode == 0, result.stderr
    assert mode(db) == 0o600
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "c"):
        assert mode(folder) == 0o700, folder
    assert mode(db.with_name("board.json.lock")) == 0o600
    # the default place, in the user's data folder (XDG_DATA_HOME points into tmp_path)
    result = run(["add", "Default place"], umask=umask)
    assert result.returncode == 0, result.stderr
    default = Path(os.environ["XDG_DATA_HOME"]) / "regroup-tui" / "regroup.json"
    assert mode(default) == 0o600
    assert mode(default.parent) == 0o700 and mode(default.parent.parent) == 0o700
    assert mode(default.with_name("regroup.json.lock")) & 0o077 == 0


def test_a_save_tightens_a_0644_file_to_0600(tmp_path):
    db = tmp_path / "board.json"
    seed(db)
    os.chmod(db, 0o644)
    result = run(["add", "Pottery", "--db", str(db)], umask=0)
    assert result.returncode == 0, result.stderr
    assert mode(db) == 0o600
    assert "Pottery" in {c.title for c in reopen(db).board.cards.values()}


# --- a write that fails -------------------------------------------------------------------


def _intact(db: Path, before: bytes) -> None:
    assert db.read_bytes() == before
    assert not list(db.parent.glob(".*.tmp"))
    reopen(db)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a 0500 folder anyway (see the simulated tests)")
def test_add_into_a_read_only_folder_fails_cleanly(tmp_path):
    folder = tmp_path / "ro"
    db = folder / "board.json"
    seed(db)
    before = db.read_bytes()
    os.chmod(folder, 0o500)
    try:
        line = one_line_error(run(["add", "Pottery", "--db", str(db)]))
    finally:
        os.chmod(folder, 0o700)
    assert str(db) in line and "intact" in line
    _intact(db, before)


def test_add_fails_cleanly_when_the_disk_refuses_to_grow_the_file(tmp_path):
    """A real process whose file-size limit is below the database's size: every write of the
    database fails (EFBIG), as it would on a full disk, also for root."""
    db = tmp_path / "board.json"
    seed(db, plan=True)
    before = db.read_bytes()
    assert len(before) > 1024

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    result = run(["add", "Pottery", "--db", str(db)], preexec=small_files)
    line = one_line_error(result, status=1)
    assert line.startswith("regroup-tui: Could not save") and str(db) in line
    assert line.endswith("the previous version is intact.")
    _intact(db, before)


@pytest.mark.parametrize(
    "target, code, words",
    [
        ("replace", errno.EROFS, "not writable"),
        ("write", errno.ENOSPC, "disk is full"),
        ("fsync", errno.EIO, "input/output error"),
    ],
)
def test_add_fails_cleanly_when_a_write_step_fails(tmp_path, monkeypatch, capsys, target, code, words):
    db = tmp_path / "board.json"
    seed(db)
    before = db.read_bytes()

    def boom(*args):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(files.os, target, boom)
    status = cli.main(["add", "Pottery", "--db", str(db)])
    monkeypatch.undo()
    out, err = capsys.readouterr()
    assert status == 1 and out == ""
    assert len(err.splitlines()) == 1 and words in err and "intact" in err and str(db) in err
    _intact(db, before)


def test_a_failed_save_leaves_the_store_as_it_was_and_the_next_save_works(db_path, monkeypatch):
    store = seed(db_path, plan=True)
    before = (store.board, store.journey, store.plan, db_path.read_bytes())
    real_replace = files.os.replace

    def refuse(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "replace", refuse)
    board = store.board
    new = Card.from_doc(ops.add_card(board, "Salsa", now=FIXED_NOW).edits[0].after)
    attempts = [
        lambda: store.apply(put_cards(board, [new], [1])),  # several writes' worth in one change
        lambda: store.apply(ops.move_card(board, board.cards[2], +1, now=FIXED_NOW)),
        lambda: store.add_card("From the shell"),
        lambda: store.set_plan(make_plan(breakup_date="2026-11-10", ended_by="me", tz="UTC", now=FIXED_NOW)),
        lambda: store.log_slip(make_slip("2026-11-20", "called", store.journey.plan, now=FIXED_NOW)),
    ]
    for attempt in attempts:
        with pytest.raises(SaveFailed, match="disk is full"):
            attempt()
        assert (store.board, store.journey, store.plan, db_path.read_bytes()) == before
    assert not list(db_path.parent.glob(".*.tmp"))

    monkeypatch.setattr(files.os, "replace", real_replace)
    store.apply(ops.move_card(store.board, store.board.cards[2], +1, now=FIXED_NOW))
    store.log_slip(make_slip("2026-11-20", "called", store.journey.plan, now=FIXED_NOW))
    again = reopen(db_path)
    assert again.board == store.board
    assert again.board.cards[2].column == "planned"
    assert "Salsa" not in {c.title for c in again.board.cards.values()} and 1 in again.board.cards
    assert [s.note for s in again.journey.slips] == ["called"]
    assert again.journey.plan.ended_by == "them"
