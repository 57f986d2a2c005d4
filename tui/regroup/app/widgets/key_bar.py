"""The keys of the focused widget and its screen, on one line at the bottom.

Textual's Footer is a container that recomposes one FooterKey widget per key whenever the
bindings change, which they do at every focus change ("/" and escape on the board). Each
recompose mounts and styles a dozen widgets and leaves the old ones for the cyclic
garbage collector: about 6,000 objects a round, and full collections that land in
the middle of a key (bench/README.md). This bar draws the same keys on one line
with Textual's line API and only repaints when they change.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from regroup.app.widgets.column import StyleCache, direct_lines

DIVIDER = "▏"
KEPT = {
    "Help",
    "Quit",
    "Back",
    "Close",
    "Cancel",
    "Save",
    "Clear the filter",
}  # kept in the footer when room is short  # before the command palette's key, as Textual's footer draws it


class BarKey(NamedTuple):
    key: str  # the Textual key a click presses
    display: str  # how the key is written
    description: str
    enabled: bool
    tooltip: str  # shown while the pointer rests on the key, as Textual's footer does


class KeyBar(Widget, can_focus=False):
    """What the footer shows, drawn as one line: each key with its description from the
    left, the command palette's key on the right. A click on a key presses it; resting
    the pointer on it shows what it does."""

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--divider"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keys: tuple[BarKey, ...] = ()
        self.palette_key: BarKey | None = None
        self._look = StyleCache(self)
        self._drawn: tuple[tuple, Strip] | None = None
        self._spans: list[tuple[int, int, BarKey]] = []  # x from, x to, key

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        """The keys the footer shows: one per action, the first bound, in the order the
        screen lists them (what Textual's Footer shows, groups aside: we have none)."""
        app = self.app
        keys: dict[str, BarKey] = {}
        palette_key = None
        shows = getattr(screen, "footer_shows", None)  # a screen may hide a key for now
        for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items():
            if shows is not None and not shows(binding.action):
                continue
            shown = BarKey(
                binding.key, app.get_key_display(binding), binding.description, enabled, tooltip or binding.tooltip
            )
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette_key = shown
            elif binding.show and binding.action not in keys:
                keys[binding.action] = shown
        listed = tuple(keys.values())
        if listed != self.keys or palette_key != self.palette_key:
            self.keys, self.palette_key = listed, palette_key
            self.refresh()

    def notify_style_update(self) -> None:
        self._drawn = None
        self._look.clear()
        super().notify_style_update()

    def _style(self, name: str) -> Style:
        return self._look.get(name, lambda: self.rich_style if not name else self.get_component_rich_style(name))

    def render_lines(self, crop: Region) -> list[Strip]:
        return direct_lines(self, self._look, crop, self.size.width)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        drawn_for = (self.keys, self.palette_key, width, self.app.theme)
        if self._drawn is None or self._drawn[0] != drawn_for:
            self._drawn = (drawn_for, self._draw(width))
        return self._drawn[1] if y == 0 else Strip.blank(width, self._style(""))

    def _parts(self, shown: BarKey, padded: bool) -> list[Segment]:
        key_style, text_style = self._style("key-bar--key"), self._style("key-bar--description")
        if not shown.enabled:
            key_style, text_style = key_style + Style(dim=True), text_style + Style(dim=True)
        key = f" {shown.display} " if padded else shown.display
        text = (f"{shown.description} " if padded else f" {shown.description}") if shown.description else ""
        return [Segment(key, key_style), Segment(text, text_style)] if text else [Segment(key, key_style)]

    def _draw(self, width: int) -> Strip:
        base = self._style("")
        right: list[Segment] = []
        if self.palette_key is not None:
            right = [Segment(DIVIDER, self._style("key-bar--divider")), *self._parts(self.palette_key, False)]
            right.append(Segment(" ", base))
        right_width = sum(cell_len(segment.text) for segment in right)
        segments: list[Segment] = []
        spans: list[tuple[int, int, BarKey]] = []
        drawn = [(shown, self._parts(shown, True)) for shown in self.keys]
        sizes = [sum(cell_len(segment.text) for segment in parts) for _, parts in drawn]
        room = width - right_width
        # Whole keys only; when they do not all fit, the last ones go first, but never the
        # help key or the way out (the rest are on the help screen).
        kept = [True] * len(drawn)
        for index in reversed(range(len(drawn))):
            if sum(size for size, keep in zip(sizes, kept) if keep) <= room:
                break
            if drawn[index][0].description not in KEPT:
                kept[index] = False
        x = 0
        for (shown, parts), size, keep in zip(drawn, sizes, kept):
            if not keep or x + size > room:
                continue
            segments += parts
            spans.append((x, x + size, shown))
            x += size
        if right_width <= width:
            segments.append(Segment(" " * (width - right_width - x), base))
            if self.palette_key is not None:
                spans.append((width - right_width, width, self.palette_key))
            segments += right
        self._spans = spans
        return Strip(segments).adjust_cell_length(width, base)

    def _under(self, x: int) -> BarKey | None:
        return next((shown for start, end, shown in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        shown = self._under(event.x)
        tooltip = shown.tooltip if shown else None
        if tooltip != self.tooltip:
            self.tooltip = tooltip

    def on_mouse_down(self, event: events.MouseDown) -> None:
        shown = self._under(event.x)
        if shown is not None:
            event.stop()
            if shown.enabled:
                self.app.simulate_key(shown.key)
            else:
                self.app.bell()
