"""The hard moments as a new user meets them, in a real terminal (tmux) with the clock
set by faketime to 23:30 in Berlin: a hard day two days ahead and three low check-ins
from the shell, then the app: the panel names both, r opens the urge screen with its
night line, b covers it mid-screen (a neutral title too) and any key brings it back, p
says it passed."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from test_e2e_tmux import TMUX, Tmux, installed_command

pytestmark = pytest.mark.e2e
FAKETIME = shutil.which("faketime")
WHEN = "2026-12-01 23:30:00"  # Tue 1 Dec 2026, 23:30 in Berlin


@pytest.mark.skipif(TMUX is None or FAKETIME is None, reason="tmux and faketime are needed")
def test_an_urge_at_half_past_eleven(tmp_path):
    command = installed_command()
    env = dict(os.environ, TZ="Europe/Berlin")

    def shell(*args: str) -> str:
        assert FAKETIME is not None  # the skipif
        done = subprocess.run(
            [FAKETIME, WHEN, command, *args, "--db", "t.json"],
            cwd=tmp_path,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout

    shell("init", "--breakup-date", "2026-11-20", "--ended-by", "them", "--tz", "Europe/Berlin", "--name", "Sam")
    shell("hard-day", "add", "2026-12-03", "Sam's birthday")
    shell("plan", "--support", "Alex 0170 1234567")
    shell("checkin", "2", "--date", "2026-11-29")
    shell("checkin", "2", "--date", "2026-11-30")
    assert "counsellor" in shell("checkin", "1")
    tmux = Tmux(tmp_path)
    try:
        tmux.launch(f"env TZ=Europe/Berlin {FAKETIME} '{WHEN}' {command} --db t.json")
        screen = tmux.wait_for("Sam's birthday is in 2 days")
        assert "counsellor" in screen and "Alex 0170 1234567" in screen
        tmux.keys("r")
        screen = tmux.wait_for_text("The urge to reach out")
        assert "Sleep on it" in screen and "10 days of space left" in screen
        tmux.keys("b")
        tmux.wait_for_text("$")
        covered = tmux.screen()
        assert covered.strip() == "$", covered
        assert tmux.run("display", "-p", "#{pane_title}").strip() == "Terminal"
        tmux.keys("Space")
        tmux.wait_for_text("The urge to reach out")
        tmux.keys("p")
        tmux.wait_for("passed 1 in all")
        tmux.keys("q")
        tmux.wait_gone()
    finally:
        tmux.kill()
    from regroup.store import Store

    urges = Store.open(tmp_path / "t.json", create=False).journey.urges
    assert [u.outcome for u in urges] == ["passed"]
    assert "2026-12-01T22:30:00Z" <= urges[0].at < "2026-12-01T22:31:00Z"  # the fake clock runs on
