"""The command palette: every action of the key table of the screen it is opened from, by
name, once each."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from regroup.app.keys import Key, screen_keys


def palette_commands(screen: object) -> list[Key]:
    """The commands ``screen`` offers: each action of its table once, if it can run now."""
    seen: set[str] = set()
    commands = []
    for key in screen_keys(screen):
        action = key.action or key.id
        if not key.palette or action in seen:
            continue
        check = getattr(screen, "command_available", None)
        if check is not None and not check(action):
            continue
        seen.add(action)
        commands.append(key)
    # what one looks for by name first; moving the focus, which the arrows do, last
    return sorted(commands, key=lambda key: key.group == "Moving around")


class KeyCommands(Provider):
    """Offers each key of the screen's table that makes sense as a command."""

    def _commands(self) -> list[tuple[str, Key]]:
        return [(key.name, key) for key in palette_commands(self.screen)]

    def _run(self, key: Key) -> None:
        screen = self.screen
        action = key.action or key.id
        if action.startswith("app."):
            target, action = None, action[4:]
        else:
            target = screen if hasattr(screen, f"action_{action.split('(')[0]}") else None
        self.app.call_later(partial(self.app.run_action, action, target))

    async def discover(self) -> Hits:
        for name, key in self._commands():
            yield DiscoveryHit(Text(name), partial(self._run, key), help=key.group)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, key in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._run, key), text=name, help=key.group)
