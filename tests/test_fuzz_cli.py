"""A Hypothesis fuzz test over every command-line option (issue 12).

``regroup.cli.main`` runs in-process on generated argument lists for every subcommand
(add, init, status, export, import) and every option, with hostile values: empty, blank,
control characters, Rich markup, lone surrogates (what invalid UTF-8 in argv becomes),
huge numbers, non-ASCII digits, very long strings, and paths to a FIFO, a folder, a device,
a missing file. Every call must exit 0, 1 or 2 (argparse's SystemExit counts with its
code), write at most one line to stderr and never a traceback or a raw control character,
and a refused call must leave the database byte for byte unchanged. The app is never
started: ``--demo`` is not generated, and a list that would launch it (the subcommand
eaten as the value of --db, say) reaches a stub instead and is discarded.

The run is fixed (``@seed``): a failure is reproduced by running this file again.
"""

from __future__ import annotations

import io
import os
import signal
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, event, given, seed, settings
from hypothesis import strategies as st

from conftest import seed as seed_db
from regroup import cli
from regroup.domain.model import CATEGORIES, COLUMNS

SEED = 20261201
PER_CALL_SECONDS = 10  # a hang (a FIFO opened for reading, say) fails instead of blocking
UNSAFE = {
    chr(c)
    for c in (
        *range(0, 9),
        *range(11, 32),
        *range(0x7F, 0xA0),
        0x2028,
        0x2029,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    )
}


class AppStarted(BaseException):
    """Raised if the fuzz ever reaches the Textual app (it must not)."""


HOSTILE_WORDS = [
    "",
    " ",
    "   ",
    "\t",
    "\n",
    "x\ny",
    "\x1b[2J",
    "\x1b]0;pwned\x07",
    "bell\x07",
    "\x9b31m",
    "\x7f",
    "[/]",
    "[bold red]x[/bold red]",
    "[link=file:///etc/passwd]x[/link]",
    "<img src=x onerror=alert(1)>",
    "# heading",
    "```",
    "*_`[]",
    "\udcff",
    "caf\udce9",
    "\ud800",
    "٣٠",
    "３０",
    "۳۰",
    "²",
    "٢٠٢٦-١١-٠١",
    "２０２６-１１-０１",
    "9" * 40,
    "-1",
    "0",
    "1",
    "30",
    "366",
    "1e3",
    "1.5",
    "+5",
    "x" * 10_000,
    "x" * 201,
    "\u202eevil",
    "\u2066iso\u2069",
    "\u200b",
    "\ufeff",
    "\u0301",
    "\u2028",
    "\u3000",
    "🏺🌷👩‍👩‍👧",
    "שיעור קרמיקה",
    "Europe/Berlin",
    "europe/paris",
    "posix/Europe/Berlin",
    "right/UTC",
    "Factory",
    "localtime",
    "Mars/Olympus",
    "UTC",
    "2026-11-01",
    "2026-02-30",
    "1999-12-31",
    "9999-12-31",
    "2026-13-01",
    "them",
    "me",
    "mutual",
    "space-21",
    "month-30",
    "letter-14",
    "custom",
    "ideas",
    "done",
    "mind",
    "markdown",
    "json",
    "ics",
    "--json",
    "--db",
    "--force",
    "-h",
]
FLAGS = ["--json", "--force", "--help", "-h", "--version", "--unknown", "--db"]


def words() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(HOSTILE_WORDS),
        st.text(st.characters(blacklist_categories=()), max_size=24),  # surrogates and controls too
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
    )


def paths(places: dict[str, str]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(sorted(v for k, v in places.items() if k != "db")), words())


def mostly(good: st.SearchStrategy, hostile: st.SearchStrategy) -> st.SearchStrategy:
    """A good value two times in three, so that calls get past the first check too."""
    return st.one_of(good, good, hostile)


def options(places: dict[str, str]) -> tuple[dict[str, dict[str, st.SearchStrategy]], st.SearchStrategy[str]]:
    """Per subcommand: its options ("" for the positional one), each with its values; and
    the values of the global --db."""
    special = st.sampled_from([places[k] for k in ("fifo", "folder", "missing", "dev", "null", "stdout")])
    db = st.one_of(st.just(places["db"]), st.just(places["db"]), special, words())
    return {
        "add": {
            "": mostly(st.sampled_from(["Pottery class", "Run 5 km", "שיעור קרמיקה 🏺"]), words()),
            "--column": mostly(st.sampled_from(COLUMNS), words()),
            "--category": mostly(st.sampled_from(CATEGORIES), words()),
            "--notes": mostly(st.sampled_from(["", "Thursdays\nbring an apron", "x" * 5000]), words()),
        },
        "init": {
            "--breakup-date": mostly(st.sampled_from(["2026-11-01", "2026-10-20"]), words()),
            "--ended-by": mostly(st.sampled_from(["them", "me", "mutual"]), words()),
            "--guide": mostly(st.sampled_from(["space-21", "month-30", "letter-14", "custom"]), words()),
            "--days": mostly(st.integers(1, 365).map(str), words()),
            "--tz": mostly(st.sampled_from(["UTC", "Europe/Berlin", "asia/tokyo"]), words()),
            "--name": mostly(st.sampled_from(["", "Sam", "נועה 🌷", "x" * 60]), words()),
            "--force": st.none(),
        },
        "status": {"--json": st.none()},
        "export": {
            "--format": mostly(st.sampled_from(["markdown", "json", "ics"]), words()),
            "--out": mostly(st.sampled_from(["out.md", "sub/out.json", places["export"]]), paths(places)),
            "--force": st.none(),
        },
        "import": {"": mostly(st.just(places["export"]), paths(places))},
    }, db


@st.composite
def argv(draw, places: dict[str, str]) -> tuple[str, list[str]]:
    """The subcommand drawn, and the argument list."""
    table, db = options(places)
    command = draw(st.sampled_from(sorted(table)))
    args: list[str] = []
    if draw(st.integers(0, 5)) == 0:  # the global --db, before the subcommand
        args += ["--db", draw(db)]
    args.append(command)
    names = sorted(table[command])
    chosen = draw(st.lists(st.sampled_from(names), max_size=len(names) + 1))
    if draw(st.integers(0, 4)) > 0:
        chosen.insert(draw(st.integers(0, len(chosen))), "--db")
    needed = {"init": ["--breakup-date", "--ended-by"], "add": [""], "import": [""], "export": ["--format"]}
    if draw(st.integers(0, 4)) > 0:  # what the command needs, most of the time
        chosen = [name for name in needed.get(command, []) if name not in chosen] + chosen
    for name in chosen:
        value = draw(db if name == "--db" else table[command][name])
        if name == "":
            args.append(value)  # a positional (title, file)
        elif value is None:
            args.append(name)  # a flag
        elif draw(st.integers(0, 9)) == 0:
            args.append(f"{name}={value}")
        else:
            args += [name, value]
    if draw(st.integers(0, 7)) == 0:
        args.insert(draw(st.integers(0, len(args))), draw(st.sampled_from(FLAGS)))
    if draw(st.integers(0, 9)) == 0 and args:
        args.pop(draw(st.integers(0, len(args) - 1)))  # a value or an option gone missing
    if not set(args) & set(table):  # never the bare command: that is the app
        command = "status"
        args.append(command)
    return command, args


@pytest.fixture
def places(tmp_path, monkeypatch) -> dict[str, str]:
    """A private folder to work in (relative paths land there), with a database, its
    pristine bytes, an export, a FIFO, a folder and a device to point options at."""
    work = tmp_path / "work"
    work.mkdir(mode=0o700)
    monkeypatch.chdir(work)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("TZ", raising=False)
    monkeypatch.setattr(cli, "run_app", lambda args: (_ for _ in ()).throw(AppStarted(args)))
    db = work / "board.json"
    seed_db(db, plan=True)
    export = work / "export.json"
    assert cli.main(["export", "--format", "json", "--out", str(export), "--db", str(db)]) == 0
    fifo = work / "pipe"
    os.mkfifo(fifo)
    (work / "folder").mkdir()
    return {
        "db": str(db),
        "export": str(export),
        "fifo": str(fifo),
        "folder": str(work / "folder"),
        "missing": str(work / "missing" / "none.json"),
        "dev": "/dev/zero",
        "null": "/dev/null",
        "stdout": "/dev/stdout",
        "relative": "relative.json",
    }


@pytest.fixture
def bounded_memory():
    """A regression that reads /dev/zero in-process would eat memory until the machine kills
    the test run (SIGALRM cannot interrupt one long read): cap the address space at what the
    process uses now plus 1 GiB for this test, so it fails with MemoryError instead."""
    import resource

    try:
        size = next(int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmSize:"))
    except (OSError, StopIteration, ValueError):
        yield  # not Linux: no cap
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = size + (1 << 30)
    if hard != resource.RLIM_INFINITY and cap > hard:
        cap = hard
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _alarm(signum, frame):
    raise TimeoutError(f"a call took more than {PER_CALL_SECONDS} s")


def run_main(args: list[str]) -> tuple[int, str, str]:
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="surrogateescape")
    err = io.StringIO()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(PER_CALL_SECONDS)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = cli.main(args)
            except SystemExit as exit:
                code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
            out.flush()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return code, out.buffer.getvalue().decode("utf-8", "replace"), err.getvalue()


def test_every_option_with_hostile_values(places, bounded_memory):
    db = Path(places["db"])
    pristine = db.read_bytes()

    @seed(SEED)
    @settings(
        max_examples=500,
        deadline=None,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(drawn=argv(places))
    def check(drawn: tuple[str, list[str]]) -> None:
        command, args = drawn
        db.write_bytes(pristine)
        os.chmod(db, 0o600)
        try:
            try:
                code, out, err = run_main(args)
            except AppStarted:  # ["--db", "add"]: the app's own line, which is not fuzzed here
                assume(False)
            shown = repr(args)[:400]
            event(f"{command}: exit {code}")
            assert code in (0, 1, 2), (shown, code, err[-2000:])
            assert len(err.splitlines()) <= 1, (shown, err[-2000:])
            assert "Traceback" not in err + out, (shown, err[-2000:])
            assert not (set(err) & UNSAFE), (shown, err)
            assert "\x1b" not in out, shown
            if code != 0 or command in ("status", "export"):
                assert db.read_bytes() == pristine, (shown, "a refused or read-only call changed the database")
        except AssertionError as error:
            raise AssertionError(f"{error} [hypothesis @seed({SEED}); rerun this test to reproduce]") from None

    check()
