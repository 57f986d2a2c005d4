"""One fix to Textual (pinned in pyproject.toml), applied when the app is imported.

``Strip.divide`` caches its result on the strip, and when the cuts are just the strip's
own width the result is ``[self]``: the strip then holds a list that holds the strip. The
compositor divides every line of every widget it draws, and most lines are whole, so
nearly every strip drawn became a reference cycle that only the cyclic collector frees,
with its seven caches: thousands of objects a key, and full collections of 20-90 ms in
the middle of typing (bench/run.py, figure 2). Returning ``[self]`` without caching it
keeps the result and frees such strips as soon as nothing uses them.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from textual.strip import Strip

_divide = Strip.divide


def _divide_without_cycle(self: Strip, cuts: Iterable[int]) -> Sequence[Strip]:
    cell_length = self.cell_length
    cuts = [cut for cut in cuts if cut <= cell_length]
    if cuts == [cell_length]:
        return [self]  # what Textual returns, minus the cache entry that pointed back at self
    return _divide(self, cuts)


def apply() -> None:
    if Strip.divide is not _divide_without_cycle:
        Strip.divide = _divide_without_cycle  # type: ignore[method-assign]
