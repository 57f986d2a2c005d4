"""The cover (b): the app blanked at once into a neutral screen, for when someone looks
over your shoulder. Nothing of the plan shows (no name, no countdown, no cards, no
journal, no toast), the terminal's title becomes a neutral one, and any key brings back
the screen underneath exactly as it was (it was never touched: the cover sits on top).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

NEUTRAL_TITLE = "Terminal"
# xterm's title stack: push the title as it is, set a neutral one; pop it back after.
# Terminals that do not keep a stack ignore the push and pop (the title stays neutral).
PUSH_TITLE, POP_TITLE = "\x1b[22;0t", "\x1b[23;0t"
SET_TITLE = "\x1b]2;{}\x07"


class Blank(Static, can_focus=True):
    """Takes every key (before any binding: see key_order.types_itself) and says so."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return True

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.screen.dismiss(None)


class CoverScreen(Screen[None]):
    DEFAULT_CSS = """
    CoverScreen { background: black; color: #a0a0a0; }
    CoverScreen #textual-toastrack, CoverScreen ToastRack { display: none; }
    CoverScreen Blank { width: 100%; height: 100%; background: black; color: #a0a0a0; padding: 0 0; }
    """
    AUTO_FOCUS = "Blank"

    def __init__(self) -> None:
        super().__init__(id="cover")
        self._titles = ("", "")
        # What would have opened over the cover (the emotion check at midnight): run once
        # the cover has gone, so nothing of the plan ever shows on it.
        self.missed: list[Callable[[], object]] = []

    def compose(self) -> ComposeResult:
        yield Blank("$ ", id="cover-blank", markup=False)

    def on_mount(self) -> None:
        app = self.app
        app.clear_notifications()  # a toast may name a card or a date: none stays on the cover
        self._titles = (app.title, app.sub_title)
        app.title, app.sub_title = NEUTRAL_TITLE, ""
        _write(PUSH_TITLE + SET_TITLE.format(NEUTRAL_TITLE), app)

    def on_unmount(self) -> None:
        app = self.app
        app.title, app.sub_title = self._titles
        _write(POP_TITLE, app)
        for missed in self.missed:
            app.call_later(missed)

    def on_key(self, event: events.Key) -> None:  # a key that reached the screen (no focus yet)
        event.stop()
        self.dismiss(None)


def _write(sequence: str, app: Any) -> None:
    """To the terminal, past Textual (which has no call for the window's title)."""
    from regroup.app.textual_fixes import write_to_terminal

    if not app.is_headless:
        write_to_terminal(app, sequence)
