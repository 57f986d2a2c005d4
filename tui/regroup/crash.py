"""What a bug leaves behind: one sentence for the user, and a report for us that holds
none of the user's text.

The report is the traceback of the error and of the errors it came from, without local
variables and without exception messages (either may hold a title, a note or the
journal), written 0600 in the user's state folder (0700). Used by the command line and
by the app (which would otherwise print Textual's traceback, local variables included).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from regroup import __version__

PROG = "regroup-tui"


def crash_sentence(error: BaseException) -> str:
    """Writes the report; returns the sentence that says where it is."""
    try:
        where = str(write_crash_report(error))
        return (
            f"something went wrong (a bug: {type(error).__name__}); a report without your notes or plan "
            f"was written to {where}."
        )
    except Exception:
        return f"something went wrong (a bug: {type(error).__name__}), and no report could be written."


def crash_report_text(error: BaseException) -> str:
    """The frames of ``error`` and of the exceptions it came from, and their types: no
    messages, no local variables, no arguments."""
    import platform
    import traceback

    from regroup.domain.model import utc_stamp

    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = error
    link = ""
    while current is not None and id(current) not in seen and len(chain) < 20:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, "which was raised from"
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, "which was raised while handling"
        else:
            current = None
    lines = [
        f"{PROG} {__version__} crash report, {utc_stamp()}",
        f"Python {platform.python_version()} on {sys.platform}",
        "Exception messages and local variables are left out: they may hold your text.",
        "",
    ]
    for exc, how in chain:
        if how:
            lines += ["", f"{how}:", ""]
        kind = type(exc)
        lines.append("Traceback (most recent call last):")
        lines += [frame.rstrip("\n") for frame in traceback.format_tb(exc.__traceback__)]
        lines.append(f"{kind.__module__}.{kind.__qualname__}")
    return "\n".join(lines) + "\n"


def write_crash_report(error: BaseException) -> Path:
    import time

    from platformdirs import user_state_path

    from regroup.paths import APP_NAME
    from regroup.store.files import FILE_MODE, ensure_folder

    folder = user_state_path(APP_NAME, appauthor=False)
    ensure_folder(folder)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    path = folder / f"crash-{stamp}-{os.getpid()}.txt"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
    try:
        if hasattr(os, "fchmod"):  # not on Windows before Python 3.13; the mode was asked at open
            os.fchmod(fd, FILE_MODE)
        os.write(fd, crash_report_text(error).encode("utf-8", "replace"))
    finally:
        os.close(fd)
    return path
