"""The fix to Textual that regroup applies (regroup/app/textual_fixes.py)."""

from __future__ import annotations

import gc

from rich.segment import Segment
from textual.strip import Strip

from regroup.app import textual_fixes


def test_a_strip_divided_whole_is_freed_without_the_cycle_collector():
    """Stock Textual caches ``[self]`` on the strip, a cycle only the collector frees."""
    textual_fixes.apply()
    gc.collect()
    gc.disable()
    try:
        strip = Strip([Segment("hello "), Segment("you")], 9)
        assert strip.divide([9]) == [strip]
        assert strip.divide([9, 12]) == [strip]  # cuts past the end are dropped, as before
        assert [part.text for part in strip.divide([2, 9])] == ["he", "llo you"]
        del strip
        assert gc.collect() == 0
    finally:
        gc.enable()
