"""Keys acted on strictly in order, each on the state the key before it left.

A key typed faster than the screen redraws must give the result it gives typed slowly:
act on the card the previous key focused, land in the dialog the previous key opened,
after the save the previous key made. Textual does not promise that (see
``textual_fixes``), so the app takes every key and paste into one queue and handles them
one at a time:

1. the key's bindings run here and now (priority ones first; then, unless the focused
   widget types the key itself, those of the focused widget and its screen), or the key
   is handed to the focused widget;
2. the next key waits until that has been taken in: the widget and each of its
   ancestors up to the screen have handled what the key sent them (a barrier message that
   travels behind the key), and the screen has handled what the binding posted to it;
3. when the key changed the screen (a dialog opened or closed), the next key also waits
   until the new screen has been drawn once, so it has its fields and its focus.

Nothing is waited for by time: each wait ends when its message comes back.
"""

from __future__ import annotations

import time
from collections import deque
from typing import TYPE_CHECKING, Any

from textual import events
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widgets import TextArea

from regroup.app.textual_fixes import check_bindings, forward

if TYPE_CHECKING:
    from textual.app import App

STUCK_SECONDS = 2.0  # a screen closed before it was ever drawn: stop waiting for it


def types_itself(widget: Any, event: events.Key) -> bool:
    """The focused widget handles this key in its own key handler (a letter in an input,
    enter and tab in a text area), before any binding."""
    if widget.check_consume_key(event.key, event.character):
        return True
    return isinstance(widget, TextArea) and not widget.read_only and event.key == "enter"


class KeysInOrder:
    def __init__(self, app: App) -> None:
        self.app = app
        self.queue: deque[events.Key | events.Paste] = deque()
        self.waiting = False
        self.shown: Screen | None = None  # the screen drawn since it became current
        self._since = 0.0

    @property
    def idle(self) -> bool:
        """No key is waiting or being taken in."""
        return not self.queue and not self.waiting

    async def take(self, event: events.Key | events.Paste) -> None:
        self.queue.append(event)
        if not self.waiting:
            await self._drain()

    async def _drain(self) -> None:
        app = self.app
        while self.queue and not self.waiting:
            screen = app.screen
            if screen is not self.shown:
                self._wait_until_drawn(screen)
                return
            path = await self._dispatch(self.queue.popleft())
            self._wait_for(path + [app.screen])

    async def _dispatch(self, event: events.Key | events.Paste) -> list[MessagePump]:
        """Handle one key or paste; return the message pumps to wait for: the focused
        widget and its ancestors, where what the key (or its binding) sent them travels."""
        app = self.app
        focused = app.focused
        path = _up_to_screen(focused or app.screen)
        if isinstance(event, events.Paste):
            forward(focused or app.screen, event)
            return path
        if not app.app_focus:
            app.app_focus = True
        if await check_bindings(app, event.key, priority=True):
            return path
        if focused is not None and types_itself(focused, event):
            forward(focused, event)
            return path
        if not await check_bindings(app, event.key, priority=False):
            forward(focused or app.screen, event)
        return path

    def _wait_for(self, pumps: list[MessagePump]) -> None:
        """Wait until each pump, in turn, has handled what was posted to it so far."""
        self._pause()

        def step(index: int) -> None:
            while index < len(pumps):
                if pumps[index].call_later(step, index + 1):
                    return
                index += 1  # closed meanwhile: nothing left to wait for there
            self.app.call_later(self._resume)

        step(0)

    def _wait_until_drawn(self, screen: Screen) -> None:
        self._pause()

        def drawn() -> None:
            self.shown = screen
            self.app.call_later(self._resume)

        if not screen.call_after_refresh(drawn):
            drawn()

    def _pause(self) -> None:
        self.waiting = True
        self._since = time.monotonic()

    async def _resume(self) -> None:
        self.waiting = False
        await self._drain()

    async def unstick(self) -> None:
        """Called by the app's poll: a wait that never ended (its screen closed before it
        was drawn) must not leave the keyboard dead."""
        if self.waiting and time.monotonic() - self._since > STUCK_SECONDS:
            self.shown = self.app.screen
            await self._resume()


def _up_to_screen(widget: MessagePump) -> list[MessagePump]:
    """The widget and its ancestors up to its screen: the way an unhandled key bubbles."""
    path: list[MessagePump] = []
    node: Any = widget
    while node is not None:
        path.append(node)
        if isinstance(node, Screen):
            break
        node = node.parent
    return path
