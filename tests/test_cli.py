"""The command line: add, --version, --help, and refusals that change nothing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import column_titles, reopen
from regroup import cli
from regroup.cli import main


def test_add_saves_before_exit(db_path, capsys):
    assert main(["add", "Pottery class", "--db", str(db_path)]) == 0
    assert "Pottery class" in capsys.readouterr().out
    saved = reopen(db_path)
    assert column_titles(saved, "ideas")[-1] == "Pottery class"  # at the end of the column


def test_add_with_column_and_category(store, db_path):
    assert main(["add", "Salsa", "--column", "doing", "--category", "body", "--db", str(db_path)]) == 0
    card = reopen(db_path).board.column("doing")[-1]
    assert (card.title, card.category) == ("Salsa", "body")


def test_add_uses_regroup_db(db_path, monkeypatch):
    monkeypatch.setenv("REGROUP_DB", str(db_path))
    assert main(["add", "From env"]) == 0
    assert column_titles(reopen(db_path), "ideas")[-1] == "From env"


@pytest.mark.parametrize(
    "args",
    [
        ["add", ""],
        ["add", "   "],
        ["add", "x" * 10_000],
        ["add", "\x1b[2Jwipe"],
        ["add", "ok", "--column", "later"],
        ["add", "ok", "--category", "\x1b[2J"],
    ],
)
def test_add_refuses_bad_values_and_changes_nothing(store, db_path, capsys, args):
    before = db_path.read_bytes()
    with pytest.raises(SystemExit) as info:
        code = main(args + ["--db", str(db_path)])
        raise SystemExit(code)
    assert info.value.code != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "\x1b" not in err
    assert db_path.read_bytes() == before


def test_version_and_help():
    out = subprocess.run([sys.executable, "-m", "regroup", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("regroup-tui ")
    out = subprocess.run([sys.executable, "-m", "regroup", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "--demo" in out.stdout and "add" in out.stdout


def test_add_does_not_import_textual(db_path):
    code = (
        "import sys; from regroup.cli import main; "
        f"rc = main(['add', 'x', '--db', {str(db_path)!r}]); "
        "assert rc == 0; assert not [m for m in sys.modules if m.startswith('textual')], 'textual imported'"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_demo_board_is_built(tmp_path):
    from regroup.demo import build_demo

    store = build_demo(tmp_path / "demo.json")
    counts = store.board.counts()
    assert all(counts[column] >= 2 for column in counts)


@pytest.mark.parametrize(
    "argv",
    [
        ["status"],
        ["status", "--json"],
        ["status", "--db", "x.json"],
        ["status", "--db=x.json", "--json"],
        ["status", "--json", "--db", "a.json", "--db", "b.json"],
        ["status", "--db", ""],
        [],
        ["--db", "x.json"],
        ["--db=x.json", "--demo"],
        ["--demo"],
        ["--demo", "--db", "a.json", "--db", "b.json"],
        ["--db", ""],
    ],
)
def test_the_fast_path_reads_what_argparse_reads(argv):
    """`status` (run on every shell prompt) and the app's own launch line skip argparse;
    what they read must be what argparse would have read."""
    fast = cli.quick_args(argv)
    slow = cli.build_parser().parse_args(argv)
    assert fast is not None
    assert set(vars(fast)) == {"command", "db", "json" if argv[:1] == ["status"] else "demo"}
    assert vars(fast) == {key: value for key, value in vars(slow).items() if key in vars(fast)}


@pytest.mark.parametrize(
    "argv",
    [
        ["status", "--jsn"],
        ["status", "--db"],
        ["status", "-h"],
        ["status", "--db=", "--json"],
        ["status", "--demo"],
        ["add", "x"],
        ["--json"],
        ["--db"],
        ["--db", "--demo"],
        ["--help"],
        ["--version"],
        ["--demo", "status"],
    ],
)
def test_anything_else_goes_through_argparse(argv):
    assert cli.quick_args(argv) is None
