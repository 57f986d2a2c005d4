"""Every key, from the one table in keys.py."""

from __future__ import annotations

from itertools import groupby

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from regroup.app.keys import ALL_KEYS, Key


def keys_table(keys: tuple[Key, ...]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold", no_wrap=True)
    table.add_column()
    for group, items in groupby(keys, key=lambda k: k.group):
        table.add_row(Text(group, style="bold underline"), "")
        for key in items:
            table.add_row(key.shown or "ctrl+p", key.help)
        table.add_row("", "")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close", id="help_close")]

    def __init__(self, keys: tuple[Key, ...] = ALL_KEYS, footnote: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.keys = keys
        self.footnote = footnote

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog--wide"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Static(keys_table(self.keys))
                if self.footnote:
                    yield Static(self.footnote, classes="dialog-note", markup=False)
            yield Static("↑ ↓ scroll · escape closes", classes="dialog-hint")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#help-body"))  # arrows and page keys scroll it

    def action_close(self) -> None:
        self.dismiss(None)
