"""What every command shares: the database path it was given, the store opened on it, and
the one-line notes printed once a command has done its work."""

from __future__ import annotations

import os
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from regroup.domain.text import safe_for_terminal
from regroup.paths import DB_ENV, resolve_db_path

if TYPE_CHECKING:
    import argparse
    from types import SimpleNamespace

    Args = argparse.Namespace | SimpleNamespace  # what a command gets: argparse's parse, or the quick one

PROG = "regroup-tui"

# One-line notices a command has for the user (an upgraded file, a folder open to others,
# a time zone that cannot be used), printed on stderr once the command has done its work:
# a command that is refused prints its one sentence only.
NOTES: list[str] = []


def print_notes() -> None:
    for note in NOTES:
        print(safe_for_terminal(f"{PROG}: {note}"), file=sys.stderr)
    NOTES.clear()


def checked_db_path(args: Args) -> Path:
    """--db, else $REGROUP_DB (empty counts as unset), else the data folder. A path that is
    blank or holds control characters is refused rather than guessed at, and so is one that
    names something other than a regular file (a folder, a FIFO, a device, a socket)."""
    from regroup.errors import InvalidInput

    for where, value in (("--db", args.db), (DB_ENV, None if args.db is not None else os.environ.get(DB_ENV))):
        if not value:
            if value == "" and where == "--db":
                raise InvalidInput("--db is empty: give the path of the database file.")
            continue
        if not value.strip():
            raise InvalidInput(f"{where} is only spaces: give the path of the database file.")
        if any(unicodedata.category(ch) == "Cc" for ch in value):
            raise InvalidInput(f"{where} contains control characters: give a plain file path.")
    from regroup.store.files import check_regular, is_stream

    path = resolve_db_path(args.db)
    if args.db is not None:
        hint = "pass a file path with --db"
    elif os.environ.get(DB_ENV, "").strip():
        hint = f"point {DB_ENV} at a file"
    else:
        hint = "move it away"
    if is_stream(str(path)):
        raise InvalidInput(f"{path} is a stream, not a file, so it cannot be the database; {hint}.")
    check_regular(path, "the database", hint)  # a FIFO or a device would hang every read
    return path


def open_store(args: Args, create: bool = True, cards: bool = True, warn_zone: bool = True, readonly: bool = False):
    """Open the database. Notes for stderr (see NOTES): an older file was upgraded, the file
    or its folder is open to other users and cannot be closed, the plan's time zone cannot
    be used (UTC is used instead)."""
    from regroup.store import Store
    from regroup.store.files import privacy_warning

    store = Store.open(checked_db_path(args), create=create, cards=cards, readonly=readonly)
    notes = [privacy_warning(store.path)]
    if store.migrated_from is not None:
        notes.append(
            f"upgraded {store.path} from schema {store.migrated_from}; the old file is kept as {store.backup_path}."
        )
    if warn_zone and store.plan is not None:
        notes.append(store.plan.zone_warning)
    NOTES.extend(note for note in notes if note and note not in NOTES)
    return store


def _silence_stdout() -> None:
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
