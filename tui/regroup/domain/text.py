"""Checks for text the user types: titles, notes, names."""

from __future__ import annotations

import re
import unicodedata

from regroup.errors import InvalidInput

TITLE_MAX = 200
NOTES_MAX = 5000
LINE_MAX = 500


def _control_chars(text: str, allowed: str = "") -> list[str]:
    return [ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in allowed]


def clean_title(raw: object, what: str = "A title") -> str:
    """Trim and check a card title: 1-200 characters, no control characters."""
    if not isinstance(raw, str):
        raise InvalidInput(f"{what} must be text.")
    title = raw.strip()
    if not title:
        raise InvalidInput(f"{what} cannot be empty.")
    if _control_chars(title):
        raise InvalidInput(f"{what} cannot contain control characters (such as escape or a line break).")
    if len(title) > TITLE_MAX:
        raise InvalidInput(f"{what} can be at most {TITLE_MAX} characters; this one has {len(title)}.")
    return title


def clean_notes(raw: object, what: str = "Notes", limit: int = NOTES_MAX) -> str:
    """Notes may span lines and be empty; other control characters are refused."""
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise InvalidInput(f"{what} must be text.")
    notes = raw.replace("\r\n", "\n").strip()
    if _control_chars(notes, allowed="\n\t"):
        raise InvalidInput(f"{what} cannot contain control characters such as escape.")
    if len(notes) > limit:
        raise InvalidInput(f"{what} can be at most {limit} characters; these have {len(notes)}.")
    return notes


def clean_line(raw: object, what: str, limit: int = LINE_MAX, required: bool = False) -> str:
    """One line of free text (a name, a note on a slip): no control characters at all."""
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        raise InvalidInput(f"{what} must be text.")
    text = raw.strip()
    if required and not text:
        raise InvalidInput(f"{what} cannot be empty.")
    if _control_chars(text):
        raise InvalidInput(f"{what} cannot contain control characters such as escape or a line break.")
    if len(text) > limit:
        raise InvalidInput(f"{what} can be at most {limit} characters; this has {len(text)}.")
    return text


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # exactly Unicode's Cc category


def safe_for_terminal(text: str, keep: str = "") -> str:
    """Text from a file may have been edited by hand: show control characters as
    visible symbols so nothing reaches a terminal raw."""
    found = _CONTROL.findall(text)
    if not found or all(ch in keep for ch in found):
        return text
    return "".join(
        ch if unicodedata.category(ch) != "Cc" or ch in keep else ("␛" if ch == "\x1b" else "�") for ch in text
    )
