"""The keys of the screen ``?`` was pressed on, from its table in keys.py."""

from __future__ import annotations

from itertools import groupby

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from regroup.app.dialog_keys import HELP_KEYS
from regroup.app.keys import MAIN_HELP, Key, bindings
from regroup.app.widgets.key_bar import KeyBar

Group = tuple[str, list[tuple[str, str]]]


WIDE = 110  # below this, the help says what each key does in a few words


def help_groups(keys: tuple[Key, ...], brief: bool = False) -> list[Group]:
    """The rows of the help screen, by group: (keys as written, what they do)."""
    groups: list[Group] = []
    for group, items in groupby(keys, key=lambda k: k.group):
        rows = []
        for key in items:
            shown, text, short = key.help_row if key.help_row is not None else (key.shown, key.help, key.brief)
            if shown or text:
                rows.append((shown, short if brief else text))
        if rows:
            groups.append((group, rows))
    return groups


def keys_table(groups: list[Group], spaced: bool = True) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", style="bold", no_wrap=True)
    table.add_column()
    for index, (group, rows) in enumerate(groups):
        if index and spaced:
            table.add_row("", "")
        table.add_row("", Text(group, style="bold underline"))
        for shown, text in rows:
            table.add_row(Text(shown), Text(text))  # Text: never read as markup
    return table


def split_in_two(groups: list[Group]) -> tuple[list[Group], list[Group]]:
    """Two columns of about the same height, each group whole, in order."""
    heights = [len(rows) + 1 for _, rows in groups]
    total, best, at = sum(heights), None, 0
    for cut in range(len(groups) + 1):
        left = sum(heights[:cut])
        score = max(left, total - left)
        if best is None or score < best:
            best, at = score, cut
    return groups[:at], groups[at:]


class HelpScreen(ModalScreen[None]):
    KEYS = HELP_KEYS
    BINDINGS = bindings(HELP_KEYS)

    def __init__(self, keys: tuple[Key, ...] = MAIN_HELP, title: str = "Keys", footnote: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.keys = keys
        self.title_text = title
        self.footnote = footnote

    def _layout(self, width: int, height: int) -> tuple[bool, bool]:
        """(wide: the full lines, spaced; two columns)."""
        return width >= WIDE and height >= 30, width >= 76

    def compose(self) -> ComposeResult:
        width, height = self.app.size
        self._shown_as = self._layout(width, height)
        wide = width >= WIDE and height >= 30
        groups = help_groups(self.keys, brief=not wide)
        with Vertical(classes="dialog dialog--help"):
            yield Static(Text(self.title_text), classes="dialog-title")
            with VerticalScroll(id="help-body"):
                if width >= 76 and len(groups) > 1:
                    left, right = split_in_two(groups)
                    with Horizontal(id="help-columns", classes="" if wide else "-brief"):
                        yield Static(keys_table(left, spaced=wide), classes="help-column")
                        yield Static(keys_table(right, spaced=wide), classes="help-column")
                else:
                    yield Static(keys_table(groups, spaced=False))
                if self.footnote:
                    yield Static(self.footnote, classes="dialog-note", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#help-body"))  # arrows and page keys scroll it if it must

    async def on_resize(self) -> None:
        """A resize that changes the layout (two columns or one, full lines or brief) lays
        the help out again, as if it had been opened at the new size."""
        if self._layout(*self.app.size) != self._shown_as:
            await self.recompose()
            self.on_mount()

    def action_close(self) -> None:
        self.dismiss(None)
