"""The filter box: an Input that does not lay out the whole screen on every keystroke."""

from __future__ import annotations

from textual.binding import Binding
from textual.geometry import Size
from textual.widgets import Input


class FilterBox(Input):
    """Textual's Input assigns ``virtual_size`` when its value changes, which asks for a
    layout of the whole screen (10-40 ms on a full board: bench/run.py, figure 2). The box
    has a fixed size (regroup.tcss), so only its own scroll range changes: set that
    quietly first, and the assignment in Input's watcher is then a no-op.

    Its footer says what enter and escape do here."""

    BINDINGS = [Binding("enter", "submit", "Keep the filter", show=True, id="filter_keep")]

    def _watch_value(self, value: str) -> None:
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)
        self.refresh()
