"""The filter box: an Input that does not lay out the whole screen on every keystroke."""

from __future__ import annotations

from textual.binding import Binding
from textual.geometry import Size
from textual.widgets import Input


class FilterBox(Input):
    """Textual's Input assigns ``virtual_size`` when its value changes, which asks for a
    layout of the whole screen (bench/README.md, the filter). The box has a fixed size
    (regroup.tcss), so only its own scroll range changes: the validator, which Textual runs
    before Input's watcher, sets it quietly, and the watcher's assignment is then a no-op.

    Its footer says what enter and escape do here."""

    BINDINGS = [Binding("enter", "submit", "Keep the filter", show=True, id="filter_keep")]

    def validate_value(self, value: str) -> str:
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        return value
