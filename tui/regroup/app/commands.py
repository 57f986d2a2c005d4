"""The command palette: every action of the key table, by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from regroup.app.keys import ALL_KEYS, Key


class KeyCommands(Provider):
    """Offers each key of the table that makes sense as a command."""

    def _commands(self) -> list[tuple[str, Key]]:
        return [(f"{key.help} ({key.shown})" if key.shown else key.help, key) for key in ALL_KEYS if key.palette]

    def _run(self, key: Key) -> None:
        screen = self.screen
        action = key.action or key.id
        self.app.call_later(
            partial(self.app.run_action, action, screen if hasattr(screen, f"action_{action}") else None)
        )

    async def discover(self) -> Hits:
        for name, key in self._commands():
            yield DiscoveryHit(name, partial(self._run, key), help=key.group)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, key in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._run, key), help=key.group)
