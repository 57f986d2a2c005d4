"""The installed regroup-tui in a real terminal (tmux): add from the shell, move a card by
key, quit, relaunch, read the screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

TMUX = shutil.which("tmux")


def installed_command() -> str:
    beside = Path(sys.executable).parent / "regroup-tui"
    if beside.exists():
        return str(beside)
    found = shutil.which("regroup-tui")
    if not found:
        pytest.skip("regroup-tui is not installed in this environment")
    return found


class Tmux:
    def __init__(self, folder: Path) -> None:
        self.socket = f"regroup-test-{uuid.uuid4().hex[:8]}"
        self.folder = folder

    def run(self, *args: str, check: bool = True) -> str:
        out = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args], capture_output=True, text=True, check=check
        )
        return out.stdout

    def launch(self, command: str) -> None:
        """Make a 120x40 window first, then start the app in it, so it never sees another size."""
        env = f"cd {self.folder} && exec env -u COLUMNS -u LINES TERM=xterm-256color TEXTUAL_ANIMATIONS=none {command}"
        self.run("new-session", "-d", "-x", "120", "-y", "40", "cat")
        self.run("set-option", "-g", "window-size", "manual", check=False)
        self.run("resize-window", "-x", "120", "-y", "40", check=False)
        self.run("respawn-pane", "-k", env)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", check=False)

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        """The screen once ``text`` and the column headers are both drawn."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen and any("Ideas" in line and "Done" in line for line in screen.splitlines()):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never showed up; the screen was:\n{self.screen()}")

    def wait_for_text(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never showed up; the screen was:\n{self.screen()}")

    def wait_gone(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if subprocess.run(["tmux", "-L", self.socket, "list-panes"], capture_output=True).returncode:
                return
            time.sleep(0.1)
        raise AssertionError("the app did not quit")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", *keys)

    def kill(self) -> None:
        self.run("kill-server", check=False)


def column_of(screen: str, title: str) -> str:
    lines = screen.splitlines()
    header = next(line for line in lines if "Ideas" in line and "Doing" in line)
    starts = {name: header.index(name) for name in ("Ideas", "Planned", "Doing", "Done")}
    for line in lines:
        if title in line:
            x = line.index(title)
            return max((name for name, start in starts.items() if start - 3 <= x), key=lambda n: starts[n])
    raise AssertionError(f"{title!r} is not on screen:\n{screen}")


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")
def test_move_a_card_in_a_real_terminal(tmp_path):
    command = installed_command()
    subprocess.run([command, "add", "Pottery class", "--db", "t.json"], cwd=tmp_path, check=True)
    tmux = Tmux(tmp_path)
    try:
        tmux.launch(f"{command} --db t.json")
        # a new file has no plan yet: the first-run form comes first
        tmux.wait_for_text("Set up your plan")
        typed = (date.today() - timedelta(days=5)).isoformat()
        tmux.keys(typed)
        tmux.wait_for_text(typed)
        tmux.keys("Enter")  # enter in a field submits the form
        tmux.wait_for("Take up running")
        tmux.keys("G")  # add puts the card at the end of Ideas, after the starter cards
        screen = tmux.wait_for("Pottery class")
        assert "Earliest contact" in screen
        assert column_of(screen, "Pottery class") == "Ideas"
        tmux.keys("S-Right")
        tmux.wait_for("Planned  1")
        tmux.keys("L")
        screen = tmux.wait_for("Doing  1")
        assert column_of(screen, "Pottery class") == "Doing"
        tmux.keys("q")
        tmux.wait_gone()

        tmux.launch(f"{command} --db t.json")
        screen = tmux.wait_for("Pottery class")
        assert column_of(screen, "Pottery class") == "Doing"
        tmux.keys("q")
        tmux.wait_gone()
    finally:
        tmux.kill()
    assert os.stat(tmp_path / "t.json").st_mode & 0o777 == 0o600


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")
def test_keys_sent_in_one_burst_act_in_order(tmp_path):
    """`tmux send-keys l L L j j L L H` in one write: each key acts on what the key before
    it left (before, the burst moved an untouched card and left another in the wrong
    column: issue 11). Typed one by one, these keys leave planned 4 in Doing."""
    command = installed_command()
    breakup = (date.today() - timedelta(days=5)).isoformat()
    subprocess.run(
        [command, "init", "--breakup-date", breakup, "--ended-by", "mutual", "--tz", "UTC", "--db", "t.json"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    for n in range(4, 0, -1):  # add puts each at the end: planned 4 on top
        subprocess.run(
            [command, "add", f"planned {n}", "--column", "planned", "--db", "t.json"],
            cwd=tmp_path,
            check=True,
            capture_output=True,
        )
    tmux = Tmux(tmp_path)
    try:
        tmux.launch(f"{command} --db t.json")
        tmux.wait_for("Planned  4")
        tmux.keys("l", "L", "L", "j", "j", "L", "L", "H")  # one send-keys: one write to the terminal
        screen = tmux.wait_for("Doing  1")
        assert column_of(screen, "planned 4") == "Doing"
        tmux.keys("q")
        tmux.wait_gone()
    finally:
        tmux.kill()
    from regroup.store import Store

    board = Store.open(tmp_path / "t.json", create=False).board
    assert [c.title for c in board.column("planned")] == ["planned 3", "planned 2", "planned 1"]
    assert [c.title for c in board.column("doing")] == ["planned 4"]
    assert board.column("done") == ()
