"""RegroupApp: owns the Store, the global keys and the theme."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from regroup.app import textual_fixes
from regroup.app.key_order import KeysInOrder
from regroup.app.keys import APP_KEYS, bindings
from regroup.app.saving import Saver
from regroup.app.screens.main import MainScreen
from regroup.domain import logbook
from regroup.domain.plan import Plan
from regroup.domain.text import safe_for_terminal
from regroup.errors import UserError
from regroup.store import Store

POLL_SECONDS = 1.0

FIXED = textual_fixes.apply()  # False on a Textual the fixes were not checked against
_Crash: type = textual_fixes.CrashReport if FIXED else object


def key_commands():
    """The palette's provider, imported when the palette first opens (textual.command is heavy)."""
    from regroup.app.commands import KeyCommands

    return KeyCommands


class RegroupApp(_Crash, App):
    TITLE = "regroup"
    CSS_PATH = "regroup.tcss"
    # b covers from every screen that does not take b itself (a form's field types it).
    BINDINGS = [*bindings(APP_KEYS), Binding("b", "cover", show=False, id="app_cover")]
    COMMANDS = App.COMMANDS | {key_commands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, store: Store, *, demo: bool = False, poll: bool = True) -> None:
        super().__init__()
        self.store = store
        self.demo = demo
        self.poll = poll
        self.sub_title = "demo board (not saved)" if demo else ""
        self.saver = Saver(self)
        self._file_trouble = ""  # the last refusal the poll said, so it is said once
        self.keys = KeysInOrder(self) if FIXED else None

    _theme_ready = False

    def watch_theme(self, theme: str) -> None:
        """Remember a theme the user picks (ctrl+p → Change theme) in the database."""
        if not self._theme_ready or self.store.settings.get("theme") == theme:
            return
        try:
            self.store.apply(lambda state: logbook.setting_set(state, "theme", theme), record=False)  # a preference
        except UserError as error:  # a full disk must not stop the theme from changing
            self.notify(str(error), title="Theme not saved", severity="warning")

    def now(self) -> datetime:
        """The one clock of the app (time-machine freezes it in tests)."""
        return datetime.now(UTC)

    def get_default_screen(self) -> Screen:
        """The board is the first screen (not pushed over an empty one, which would style
        and lay out twice before the first frame); with no plan yet, the first-run form is
        pushed over an empty one, and the board comes once the plan is saved."""
        return MainScreen() if self.store.journey.plan is not None else Screen(id="_default")

    def on_mount(self) -> None:
        theme = self.store.settings.get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self._theme_ready = True
        plan = self.store.journey.plan
        if plan is not None and plan.zone_warning:
            self.notify(plan.zone_warning, title="Time zone", severity="warning", markup=False, timeout=10)
        if plan is None:
            from regroup.app.screens.first_run import FirstRunScreen

            self.push_screen(FirstRunScreen(), self._plan_chosen)
        if self.poll:
            self.set_interval(POLL_SECONDS, self.check_file, name="file-poll")
        self.call_after_refresh(self._started)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast is plain text: what it says often holds a title or a name the user
        typed ("Read [book]", "x [/] y"), which must show as typed, never as markup."""
        super().notify(
            safe_for_terminal(str(message), keep="\n"),
            title=safe_for_terminal(str(title)),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Of Textual's own commands only the theme: our palette has quit and help once
        each (Textual's "Keys" panel would describe the board in its own words)."""
        yield SystemCommand("Theme", "Change the colours of the app", self.action_change_theme)

    async def on_event(self, event: events.Event) -> None:
        """Keys and pastes go through one queue, handled strictly in order (key_order.py).
        A key that was handed to a widget and bubbles back up is not handled twice. A
        paste never brings control or direction characters onto the screen: they show as
        visible symbols (the forms then refuse them with a sentence if they are kept)."""
        if isinstance(event, events.Paste) and not event.is_forwarded:
            safe = safe_for_terminal(event.text, keep="\n\t\r")
            if safe != event.text:
                event = events.Paste(safe)
        if self.keys is not None and isinstance(event, (events.Key, events.Paste)):
            if not event.is_forwarded:
                await self.keys.take(event)
                return
            if isinstance(event, events.Key):
                return
        await super().on_event(event)

    def _started(self) -> None:
        """The first frame is on screen. What start-up built (the board, the stylesheet)
        lives as long as the app: keep it out of the collector's full passes, which would
        otherwise land in the middle of a key, and turn collection back on (the command
        line turns it off while the app starts)."""
        gc.freeze()
        gc.enable()
        self._prepare_save()

    def _prepare_save(self) -> None:
        """Between keys, a slice at a time: the first save's encoding of the whole file."""
        if not self.store.prepare_save():
            self.call_later(self._prepare_save)

    def _plan_chosen(self, plan: Plan | None) -> None:
        if plan is None:  # left without a plan: keep no file that holds nothing
            from regroup.app.first_launch import forget_if_unused

            forget_if_unused(self.store)
            self.exit()
            return
        self.push_screen(MainScreen())
        self.notify("Plan saved. n adds a card, ? shows every key.", title="Welcome", timeout=6)

    async def check_file(self) -> None:
        """Show a change made by another process (``regroup-tui add``, a second window)."""
        if self.keys is not None:
            await self.keys.unstick()
        try:
            changed = self.store.reload_if_changed()
        except UserError as error:  # a refused file: say so (once), keep what is on screen
            if str(error) != self._file_trouble:
                self._file_trouble = str(error)
                self.notify(str(error), title="Cannot read the file", severity="error", timeout=10, markup=False)
            return
        self._file_trouble = ""
        if changed or self.store.read_again:
            self.saver.changed(None)

    def action_undo(self) -> None:
        """u, on every screen: the last change of any kind, this run's or an ended one's."""
        self.saver.undo()

    def action_redo(self) -> None:
        self.saver.redo()

    async def action_quit(self) -> None:
        """Every change is on disk before it is shown: nothing to wait for."""
        self.exit()

    def exit(self, *args: Any, **kwargs: Any) -> None:
        """This run has ended: another window's u may now take back its changes."""
        if self.saver.mark is not None:
            self.saver.mark.release()
        super().exit(*args, **kwargs)

    def action_cover(self) -> None:
        """Blank the app at once (screens/cover.py); any key brings back what was there."""
        from regroup.app.screens.cover import CoverScreen

        if not isinstance(self.screen, CoverScreen):
            self.push_screen(CoverScreen())

    def action_help(self) -> None:
        """The keys of the screen ? was pressed on (the board's, the journal's, a form's)."""
        from regroup.app.keys import screen_keys
        from regroup.app.modals.help import HelpScreen

        screen = self.screen
        if not isinstance(screen, HelpScreen):
            title = getattr(screen, "HELP_TITLE", "Keys")
            self.push_screen(HelpScreen(screen_keys(screen), title=title))
