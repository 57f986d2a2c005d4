"""RegroupApp: owns the Store, the global keys and the theme."""

from __future__ import annotations

import gc
from datetime import datetime, timezone

from textual import events
from textual.app import App
from textual.screen import Screen

from regroup.app import textual_fixes
from regroup.app.keys import APP_KEYS, bindings
from regroup.app.screens.main import MainScreen
from regroup.domain.plan import Plan
from regroup.errors import UserError
from regroup.store import Store

POLL_SECONDS = 1.0

textual_fixes.apply()


def key_commands():
    """The palette's provider, imported when the palette first opens (textual.command is heavy)."""
    from regroup.app.commands import KeyCommands

    return KeyCommands


class RegroupApp(App):
    TITLE = "regroup"
    CSS_PATH = "regroup.tcss"
    BINDINGS = bindings(APP_KEYS)
    COMMANDS = App.COMMANDS | {key_commands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, store: Store, *, demo: bool = False, poll: bool = True) -> None:
        super().__init__()
        self.store = store
        self.demo = demo
        self.poll = poll
        self.sub_title = "demo board (not saved)" if demo else ""
        self._quit_warned = False

    _theme_ready = False

    def watch_theme(self, theme: str) -> None:
        """Remember a theme the user picks (ctrl+p → Change theme) in the database."""
        if not self._theme_ready or self.store.settings.get("theme") == theme:
            return
        try:
            self.store.set_setting("theme", theme)
        except Exception as error:  # a full disk must not stop the theme from changing
            self.notify(str(error), title="Theme not saved", severity="warning")

    def now(self) -> datetime:
        """The one clock of the app (time-machine freezes it in tests)."""
        return datetime.now(timezone.utc)

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
        if self.store.journey.plan is None:
            from regroup.app.screens.first_run import FirstRunScreen

            self.push_screen(FirstRunScreen(), self._plan_chosen)
        if self.poll:
            self.set_interval(POLL_SECONDS, self.check_file, name="file-poll")
        self.call_after_refresh(self._started)

    def on_key(self, event: events.Key) -> None:
        """A key that reaches the app although the focused widget would have taken it was
        routed before the focus moved: "/run" typed fast sends r, u, n to the board while
        "/" is still on its way to open the filter box. Hand it to the box, in order,
        instead of dropping it."""
        focused = self.focused
        if focused is not None and focused.check_consume_key(event.key, event.character):
            event.stop()
            focused.post_message(events.Key(event.key, event.character))

    def _started(self) -> None:
        """The first frame is on screen. What start-up built (the board, the stylesheet)
        lives as long as the app: keep it out of the collector's full passes, which would
        otherwise land in the middle of a key, and turn collection back on (the command
        line turns it off while the app starts)."""
        gc.freeze()
        gc.enable()

    def _plan_chosen(self, plan: Plan | None) -> None:
        if plan is None:
            self.exit()
            return
        try:
            self.store.set_plan(plan, now=self.now())
        except UserError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=10)
            from regroup.app.screens.first_run import FirstRunScreen

            self.push_screen(FirstRunScreen(), self._plan_chosen)
            return
        self.push_screen(MainScreen())
        self.notify("Plan saved. n adds a card, ? shows every key.", title="Welcome", timeout=6)

    def _main_screens(self) -> list[MainScreen]:
        return [screen for screen in self.screen_stack if isinstance(screen, MainScreen)]

    def check_file(self) -> None:
        """Show a change made by another process (``regroup-tui add``, a second window)."""
        for screen in self._main_screens():
            screen.settle()
        try:
            changed = self.store.reload_if_changed()
        except Exception as error:  # a refused file: say so, keep what is on screen
            self.notify(str(error), title="Cannot read the file", severity="error", timeout=10)
            return
        for screen in self._main_screens():
            if screen.pending:
                screen.flush_pending()
            if changed:
                screen.refresh_from_store()

    async def action_quit(self) -> None:
        """Quit once every change is on disk. If the disk still refuses some, say so first:
        a second q quits anyway."""
        unsaved = 0
        for screen in self._main_screens():
            screen.settle()
            if screen.pending:
                screen.flush_pending()
            unsaved += len(screen.pending)
        if unsaved and not self._quit_warned:
            self._quit_warned = True
            self.notify(
                f"{unsaved} change{'s are' if unsaved != 1 else ' is'} not saved yet: the disk refused "
                f"{'them' if unsaved != 1 else 'it'}. Free some space and wait, or press q again to quit without "
                f"{'them' if unsaved != 1 else 'it'}.",
                title="Not saved yet",
                severity="error",
                timeout=15,
            )
            return
        self.exit()

    def action_help(self) -> None:
        from regroup.app.modals.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
