"""Checks for text the user types: titles, notes, names."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from regroup.errors import InvalidInput

# The longest text each field takes, in characters (code points).
TITLE_MAX = 200  # a card's title
NAME_MAX = 60  # the other person's name
NOTES_MAX = 5000  # a card's notes
JOURNAL_MAX = 10_000  # each answer of a journal entry
NOTE_MAX = 2000  # the note on a slip or a contact
WORDS_MAX = 280  # the few words of a check-in
LINE_MAX = 500  # any other one-line field

# Invisible characters that steer the direction of the text around them: U+202A-U+202E
# (embeddings and overrides) and U+2066-U+2069 (isolates). Shown in a terminal or pasted
# elsewhere they make text read differently from what it holds ("Trojan Source").
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
LINE_SEPARATORS = frozenset("\u2028\u2029")  # a line break that is not "\n"

# Characters that show nothing on their own. Letters (category Lo) that draw nothing: the
# Hangul fillers and the blank Braille pattern.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# (Private-use and unassigned characters count as visible: an icon font, a newer emoji.)
_INVISIBLE_CATEGORIES = frozenset(("Cc", "Cf", "Cs", "Mn", "Me", "Zs", "Zl", "Zp"))


def _control_chars(text: str, allowed: str = "") -> list[str]:
    return [ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in allowed]


def has_surrogates(text: str) -> bool:
    """Bytes that are not UTF-8 (in argv, say) reach Python as lone surrogates."""
    return not text.isascii() and any("\ud800" <= ch <= "\udfff" for ch in text)


def check_text(raw: object, what: str) -> str:
    """Text at all: a str holding valid Unicode (no lone surrogates)."""
    if not isinstance(raw, str):
        raise InvalidInput(f"{what} must be text.")
    if has_surrogates(raw):
        raise InvalidInput(f"{what} is not valid text (invalid UTF-8).")
    return raw


def visible(text: str) -> bool:
    """True when at least one character of ``text`` draws something: not only spaces,
    zero-width and format characters (U+200B, U+FEFF, U+2060...), or combining marks
    with nothing to combine with."""
    return any(unicodedata.category(ch) not in _INVISIBLE_CATEGORIES and ch not in _BLANK_LETTERS for ch in text)


def _check_directions(text: str, what: str, one_line: bool) -> None:
    if any(ch in BIDI_CONTROLS for ch in text):
        raise InvalidInput(f"{what} cannot contain invisible direction controls (U+202A to U+202E, U+2066 to U+2069).")
    if one_line and any(ch in LINE_SEPARATORS for ch in text):
        raise InvalidInput(f"{what} cannot contain a line break (U+2028 or U+2029).")


def clean_title(raw: object, what: str = "A title", limit: int = TITLE_MAX) -> str:
    """Trim and check a card title: 1-200 characters, at least one of them visible, no
    control characters, no direction controls, no line breaks."""
    title = check_text(raw, what).strip()
    if not title:
        raise InvalidInput(f"{what} cannot be empty.")
    if _control_chars(title):
        raise InvalidInput(f"{what} cannot contain control characters (such as escape or a line break).")
    _check_directions(title, what, one_line=True)
    if not visible(title):
        raise InvalidInput(f"{what} needs at least one visible character.")
    if len(title) > limit:
        raise InvalidInput(f"{what} can be at most {limit} characters; this one has {len(title)}.")
    return title


def clean_notes(raw: object, what: str = "Notes", limit: int = NOTES_MAX) -> str:
    """Notes may span lines and be empty; other control characters and direction controls
    are refused. U+2028 and U+2029 (line and paragraph separators, which some programs
    paste) become ordinary line breaks."""
    if raw is None:
        return ""
    notes = check_text(raw, what)
    notes = notes.replace("\r\n", "\n").replace("\u2028", "\n").replace("\u2029", "\n").strip()
    if _control_chars(notes, allowed="\n\t"):
        raise InvalidInput(f"{what} cannot contain control characters such as escape.")
    _check_directions(notes, what, one_line=False)
    if len(notes) > limit:
        raise InvalidInput(f"{what} can be at most {limit} characters; these have {len(notes)}.")
    return notes


def clean_line(raw: object, what: str, limit: int = LINE_MAX, required: bool = False) -> str:
    """One line of free text (a name, a note on a slip): no control characters at all, no
    direction controls, no line breaks; when given, at least one visible character."""
    if raw is None:
        raw = ""
    text = check_text(raw, what).strip()
    if required and not text:
        raise InvalidInput(f"{what} cannot be empty.")
    if _control_chars(text):
        raise InvalidInput(f"{what} cannot contain control characters such as escape or a line break.")
    _check_directions(text, what, one_line=True)
    if text and not visible(text):
        raise InvalidInput(f"{what} needs at least one visible character.")
    if len(text) > limit:
        raise InvalidInput(f"{what} can be at most {limit} characters; this has {len(text)}.")
    return text


def clean_name(raw: object, what: str = "The name") -> str:
    """The other person's name: optional, one line, at most NAME_MAX characters."""
    return clean_line(raw, what, limit=NAME_MAX)


# What never reaches a terminal raw: C0 and C1 controls and DEL (Unicode's Cc), lone
# surrogates (which cannot even be encoded), the line and paragraph separators, and the
# direction controls. Compiled on first use (``status`` seldom needs it): text
# that ``str.isprintable`` accepts holds none of them.
UNSAFE_CLASS = "[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069]"


@lru_cache(maxsize=1)
def _unsafe() -> re.Pattern[str]:
    return re.compile(UNSAFE_CLASS)


def _shown(ch: str) -> str:
    return "␛" if ch == "\x1b" else "�"


def safe_for_terminal(text: str, keep: str = "") -> str:
    """Text from a file may have been edited by hand: show control characters, lone
    surrogates, direction controls and U+2028/U+2029 as visible symbols so nothing reaches
    a terminal (or an export) raw. Characters in ``keep`` ("\\n\\t" for notes) stay."""
    if text.isprintable():  # the common case, in C: no control, format or separator character
        return text
    unsafe = _unsafe()
    if not unsafe.search(text):
        return text
    return unsafe.sub(lambda m: m.group() if m.group() in keep else _shown(m.group()), text)


def drop_unsafe(text: str, keep: str = "") -> str:
    """``text`` without the characters ``safe_for_terminal`` would replace (for formats,
    such as iCalendar, where a replacement symbol means nothing)."""
    if text.isprintable() or not _unsafe().search(text):
        return text
    return _unsafe().sub(lambda m: m.group() if m.group() in keep else "", text)
