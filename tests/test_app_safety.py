"""The app itself on the way out of trouble (issue 12): a bug ends it with one sentence
and a report that holds none of the user's text; a plan whose time zone cannot be loaded
still opens, counting in UTC, and says so."""

from __future__ import annotations

import json
import os
import stat

import pytest

from conftest import reopen, said, seed
from regroup.app.app import RegroupApp
from regroup.app.screens.main import MainScreen

SECRET = "I still miss Sam every night"


async def test_a_bug_ends_the_app_with_one_sentence_and_a_report_without_private_text(
    db_path, tmp_path, monkeypatch, capsys
):
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    store = seed(db_path, plan=True)

    def broken(self):
        notes = SECRET  # a local variable a stock traceback would print
        raise ValueError(notes)

    monkeypatch.setattr(MainScreen, "action_move_right", broken)
    app = RegroupApp(store, poll=False)
    with pytest.raises(ValueError):  # Pilot re-raises what ended the app
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("L")
            await pilot.pause()
    assert app.return_code == 70  # EX_SOFTWARE, as the command line says for a bug
    said = " ".join(capsys.readouterr().err.split())  # printed once the screen is back
    assert said.startswith("regroup-tui: something went wrong") and said.count("regroup-tui:") == 1
    assert SECRET not in said and "Traceback" not in said
    reports = list(state.rglob("crash-*.txt"))
    assert len(reports) == 1 and str(reports[0]).replace("/", "") in said.replace(" ", "").replace("/", "")
    assert stat.S_IMODE(os.stat(reports[0]).st_mode) == 0o600
    text = reports[0].read_text()
    assert "Traceback" in text and "in broken" in text and "ValueError" in text
    assert SECRET not in text and "Pottery" not in text


async def test_a_plan_whose_zone_cannot_be_loaded_still_opens_in_utc_and_says_so(db_path):
    seed(db_path, plan=True)
    data = json.loads(db_path.read_bytes())
    data["plan"]["1"]["tz"] = "Mars/Olympus_Mons"
    db_path.write_text(json.dumps(data))
    app = RegroupApp(reopen(db_path), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert said(app, "UTC", title="Time zone")
        await pilot.press("L")
        await pilot.pause()
    assert reopen(db_path).board.cards[1].column == "planned"
