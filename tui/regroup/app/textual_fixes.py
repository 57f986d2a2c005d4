"""Every place the app reaches into Textual's internals, in one module.

Textual is pinned (pyproject.toml); each use below names the version it was checked
against, says why, and is covered by tests/test_textual_fixes.py, which fails if the
internal changes. ``CHECKED`` is verified at start-up: on another Textual version, or when
an internal is missing, the app falls back to Textual's stock behaviour (keys are then
dispatched by Textual itself, and the strip fix is not applied).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import textual
from textual import events
from textual.strip import Strip

CHECKED = "8.2.8"  # the Textual version every internal below was read in


def compatible() -> bool:
    """Textual is the version these internals were checked against, and they exist."""
    from textual.app import App
    from textual.screen import Screen
    from textual.widget import Widget

    return (
        getattr(textual, "__version__", None) == CHECKED
        and callable(getattr(App, "_check_bindings", None))
        and callable(getattr(Widget, "_forward_event", None))
        and callable(getattr(App, "_fatal_error", None))
        and callable(getattr(Widget, "_scroll_update", None))
        and callable(getattr(Screen, "_on_screen_resume", None))
    )


# --- keys (app/key_order.py) --------------------------------------------------------------
# Textual runs a key's priority bindings at once, then posts the key to the focused
# widget's queue and moves on; the key's other bindings run when it has bubbled back up to
# the app, through several queues. So a key typed fast can act before the one before it
# has moved the focus, pushed a dialog or saved. KeysInOrder dispatches each key itself,
# whole, before looking at the next, with these two of Textual's own steps:


async def check_bindings(app: Any, key: str, priority: bool) -> bool:
    """``App._check_bindings``: run the binding of ``key`` (priority ones, or those of the
    focused widget and its ancestors) and say whether one ran."""
    return bool(await app._check_bindings(key, priority=priority))


def forward(widget: Any, event: events.Event) -> None:
    """``Widget._forward_event``: hand an input event to a widget, marked as forwarded so
    that the app does not take it as a new key when it bubbles back."""
    widget._forward_event(event)


# --- layout: a scroll range without a whole-screen layout ---------------------------------
# Assigning ``virtual_size`` asks for a layout of the whole screen. A column whose card
# count changed, with a fixed size (regroup.tcss), needs only its own scroll range and
# scrollbar updated: ``Widget._scroll_update`` does exactly that.


def set_scroll_range(widget: Any, size: Any) -> None:
    """Give ``widget`` the scroll range ``size`` quietly (falls back to the assignment)."""
    if size == widget.virtual_size:
        return
    update = getattr(widget, "_scroll_update", None)
    if not FIXES_ON or not callable(update):
        widget.virtual_size = size
        return
    widget.set_reactive(type(widget).virtual_size, size)
    update(size)


# --- styling: the first resume of the board -------------------------------------------
# ``Screen._on_screen_resume`` restyles the whole screen; the board's first resume comes
# right after its mount has styled every widget, so that restyle is much of the styling
# before the first frame. The board asks for its first resume without it.


def resume_without_restyle(screen: Any, event: events.ScreenResume) -> bool:
    """Run Textual's resume for ``screen`` without the restyle; say whether it was done
    (else the caller lets Textual's own handler run)."""
    from textual.screen import Screen

    handler = getattr(Screen, "_on_screen_resume", None)
    if not FIXES_ON or not callable(handler) or not event.refresh_styles:
        return False
    event.prevent_default()
    handler(screen, events.ScreenResume(refresh_styles=False))
    return True


class FirstResumeWithoutRestyle:
    """Mixed into a screen whose mount styles every widget (the board): its first
    ``ScreenResume`` skips Textual's restyle of the whole screen; later ones (back from a
    dialog) restyle as usual."""

    _resumed_once = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self._resumed_once:
            self._resumed_once = True
            resume_without_restyle(self, event)


# --- input: an escape character inside a bracketed paste ---------------------------------
# Textual's ``XTermParser`` reads an ESC inside a paste as the start of a key sequence: the
# characters after it leave the paste and are reissued as KEYS (a pasted "\x1b[31mRED\nl"
# saved a card and then moved the focus). Pasted text never needs an ESC (control
# characters are never shown), so inside a paste every ESC that does not begin the end
# marker is dropped before the parser sees it, and a paste stays one Paste event.

PASTE_START, PASTE_END, ESC = "\x1b[200~", "\x1b[201~", "\x1b"


class PasteCleaner:
    """Tracks whether the terminal's input is inside a bracketed paste, across reads."""

    def __init__(self) -> None:
        self.in_paste = False
        self.tail = ""  # the last characters passed on outside a paste: a start marker may straddle reads
        self.carry = ""  # the start of an end marker split across two reads, held back

    def clean(self, data: str) -> str:
        text, self.carry = self.carry + data, ""
        out: list[str] = []
        at = 0
        while at < len(text):
            if not self.in_paste:
                window = self.tail + text[at:]
                start = window.find(PASTE_START)
                if start < 0:
                    out.append(text[at:])  # passed on at once: a lone escape key is never held back
                    self.tail = window[-(len(PASTE_START) - 1) :]
                    break
                begins = at + start + len(PASTE_START) - len(self.tail)
                out.append(text[at:begins])
                at, self.in_paste, self.tail = begins, True, ""
                continue
            end = text.find(PASTE_END, at)
            if end < 0:
                rest = text[at:]
                keep = next((n for n in range(len(PASTE_END) - 1, 0, -1) if rest.endswith(PASTE_END[:n])), 0)
                self.carry = rest[len(rest) - keep :]
                out.append(rest[: len(rest) - keep].replace(ESC, ""))
                break
            out.append(text[at:end].replace(ESC, "") + PASTE_END)
            at, self.in_paste = end + len(PASTE_END), False
        return "".join(out)


def paste_safe_parser() -> type:
    """Textual's XTermParser, fed through a ``PasteCleaner``."""
    from textual._xterm_parser import XTermParser

    class PasteSafeParser(XTermParser):
        def __init__(self, debug: bool = False) -> None:
            super().__init__(debug)
            self._paste = PasteCleaner()

        def feed(self, data: str) -> Any:
            return super().feed(self._paste.clean(data) if data else data)

    return PasteSafeParser


# --- the terminal's title --------------------------------------------------------------
# Textual has no call that sets the terminal window's title: the cover writes the xterm
# title sequences through the app's driver (``App._driver``), which every driver has.


def write_to_terminal(app: Any, sequence: str) -> None:
    """Write an escape ``sequence`` to the terminal (nothing when there is no driver)."""
    driver = getattr(app, "_driver", None)
    if driver is None:
        return
    try:
        driver.write(sequence)
        driver.flush()
    except (OSError, ValueError):  # the terminal has gone: nothing to set a title on
        pass


# --- a bug -----------------------------------------------------------------------------
# On an unhandled error Textual's ``App._fatal_error`` prints a traceback WITH local
# variables to the terminal when the app ends: the plan, card notes and journal text end
# up in the scrollback. The app overrides it (below) to write our own report instead (no
# locals, no messages: regroup/crash.py) and end with one sentence.


class CrashReport:
    """Mixed into the app when ``compatible()``."""

    def _fatal_error(self) -> None:
        import sys

        from rich.text import Text

        from regroup.crash import crash_sentence

        error = sys.exc_info()[1] or getattr(self, "_exception", None) or RuntimeError("unknown")
        self.exit(return_code=70, message=Text(f"regroup-tui: {crash_sentence(error)}"))  # type: ignore[attr-defined]


# --- drawing ----------------------------------------------------------------------------
# ``Strip.divide`` caches its result on the strip, and when the cuts are just the strip's
# own width the result is ``[self]``: the strip then holds a list that holds the strip. The
# compositor divides every line of every widget it draws, and most lines are whole, so
# nearly every strip drawn became a reference cycle that only the cyclic collector frees,
# with its seven caches: full collections in the middle of typing (bench/README.md, "The
# Strip.divide cycle"). Returning ``[self]`` without caching it keeps the result and frees
# such strips as soon as nothing uses them.

_divide = Strip.divide


def _divide_without_cycle(self: Strip, cuts: Iterable[int]) -> Sequence[Strip]:
    cell_length = self.cell_length
    cuts = [cut for cut in cuts if cut <= cell_length]
    if cuts == [cell_length]:
        return [self]  # what Textual returns, minus the cache entry that pointed back at self
    return _divide(self, cuts)


FIXES_ON = False  # set by apply(): this Textual is the one the internals were read in


def apply() -> bool:
    """Apply the fixes if this Textual is the one they were checked against; say whether."""
    global FIXES_ON
    if not compatible():
        FIXES_ON = False
        return False
    FIXES_ON = True
    try:
        import textual.drivers.linux_driver as linux_driver
    except ImportError:  # not on Windows, whose driver is not patched: the paste fix is for Linux and macOS
        pass
    else:
        if not getattr(linux_driver.XTermParser, "_regroup_paste_safe", False):
            parser: Any = paste_safe_parser()
            parser._regroup_paste_safe = True
            setattr(linux_driver, "XTermParser", parser)  # noqa: B010 - a class of the module, replaced
    if Strip.divide is not _divide_without_cycle:
        Strip.divide = _divide_without_cycle  # type: ignore[method-assign]
    return True
