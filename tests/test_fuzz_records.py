"""Every field of every record type, hand-edited to anything JSON can hold: every command
exits 0, 1 or 2 with at most one line on stderr and never a traceback; a command that
refuses leaves the file byte for byte as it was; and the app, opened on a file that is
accepted, shows the board and takes keys without an error (issue 12).

Hypothesis prints the failing edit; ``derandomize`` makes every run try the same ones."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXED_NOW, seed
from regroup import cli
from regroup.domain.daily import make_checkin, make_contact, make_entry
from regroup.domain.journey import Check
from regroup.domain.plan import Extension, make_slip
from regroup.domain.records import FIELDS
from regroup.errors import UserError
from regroup.store import Store

VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=30),
        st.sampled_from(
            [
                "",
                "2026-11-20",
                "9999-12-31",
                "0001-01-01",
                "2026-02-30",
                "[/]",
                "[b]x",
                "\x1b[2J",
                "ready",
                "ideas",
                "text",
                "space-21",
                "Europe/Berlin",
                "posix/UTC",
                "x" * 6000,
            ]
        ),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6,
)
TABLES = sorted(FIELDS) + ["_meta"]


@st.composite
def edits(draw):
    table = draw(st.sampled_from(TABLES))
    names = [f.name for f in FIELDS.get(table, ())] + ["schema", "last_ids", "created", "unknown"]
    kind = draw(st.sampled_from(["set", "set", "set", "drop", "record", "key"]))
    return table, kind, draw(st.sampled_from(names)), draw(VALUES), draw(st.text(max_size=6))


def rich_database(path: Path) -> None:
    store = seed(path, plan=True)
    plan = store.journey.plan
    assert plan is not None
    store.log_slip(make_slip("2026-11-18", "texted", plan, now=FIXED_NOW))
    store.log_check(Check(FIXED_NOW.date(), "not_yet", "2026-11-25T09:30:00Z"), Extension(FIXED_NOW.date()))
    store.save_checkin(make_checkin("2026-11-25", 3, "okay", "Europe/Berlin", now=FIXED_NOW))
    store.save_entry(make_entry(0, "2026-11-20", "wrong", "differently", "Europe/Berlin", now=FIXED_NOW))
    store.log_contact(make_contact(0, "2026-11-24", "text", False, "hi", "Europe/Berlin", now=FIXED_NOW))
    store.set_setting("theme", "nord")


def apply_edit(data: dict, edit) -> None:
    table, kind, field, value, key = edit
    records = data.setdefault(table, {"1": {}})
    if not records:
        records["1"] = {}
    first = next(iter(records))
    if kind == "set" and isinstance(records[first], dict):
        records[first][field] = value
    elif kind == "drop" and isinstance(records[first], dict):
        records[first].pop(field, None)
    elif kind == "record":
        records[first] = value
    else:
        records[key] = records.pop(first)


def run(args: list[str], capsys) -> int:
    try:
        code = cli.main(args)
    except SystemExit as exit:  # argparse
        code = exit.code if isinstance(exit.code, int) else 2
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), (args, code, err)
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 1, (args, err)
    return code


async def use_the_app(path: Path) -> None:
    from regroup.app.app import RegroupApp

    app = RegroupApp(Store.open(path), poll=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for key in ("l", "L", "j", "u", "H"):
            await pilot.press(key)
        await pilot.pause()
        assert app.is_running
    assert app.return_code in (None, 0)  # no error ended it


@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits())
def test_a_hand_edited_field_never_crashes_anything(tmp_path_factory, capsys, edit):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "board.json"
    rich_database(path)
    data = json.loads(path.read_bytes())
    apply_edit(data, edit)
    try:
        raw = json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass")
    except (ValueError, TypeError):
        return
    path.write_bytes(raw)
    os.chmod(path, 0o600)
    for args in (
        ["status"],
        ["status", "--json"],
        ["export", "--format", "markdown"],
        ["export", "--format", "json"],
        ["export", "--format", "ics"],
    ):
        run([*args, "--db", str(path)], capsys)
        assert path.read_bytes() == raw, args  # reading never writes
    if run(["add", "From the shell", "--db", str(path)], capsys) != 0:
        assert path.read_bytes() == raw
    export = folder / "export.json"
    export.write_bytes(b'{"format": "regroup-tui-export", "schema": 2, "data": ' + raw + b"}")
    target = folder / "target.json"
    seed(target)
    kept = target.read_bytes()
    if run(["import", str(export), "--db", str(target)], capsys) != 0:
        assert target.read_bytes() == kept
    try:
        Store.open(path)
    except UserError:
        return  # refused: the command line said so in one sentence above
    asyncio.run(use_the_app(path))
