"""``regroup-tui add``, ``status``, ``export`` and ``import``."""

from __future__ import annotations

import os
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from regroup.domain.text import safe_for_terminal
from regroup.shell.common import NOTES, _silence_stdout, checked_db_path, open_store

if TYPE_CHECKING:
    from regroup.shell.common import Args


def cmd_add(args: Args) -> int:
    from regroup.domain.text import clean_notes, clean_title
    from regroup.shell.habit_commands import schedule_args, schedule_said

    clean_title(args.title)  # checked before the file is opened (or created)
    clean_notes(args.notes)
    schedule = schedule_args(args)
    store = open_store(args)
    card = store.add_card(args.title, column=args.column, category=args.category, notes=args.notes, **schedule)
    print(
        safe_for_terminal(
            f"Added “{card.title}” to {card.column} (card {card.id}{schedule_said(card)}) in {store.path}."
        )
    )
    return 0


def cmd_status(args: Args) -> int:
    import json

    from regroup.status import status_data, status_line

    # A prompt needs counts, not 10,000 cards; and it never writes (an older file is read as
    # upgraded, in memory: a full or read-only disk does not stop it).
    store = open_store(args, create=False, cards=False, readonly=True)
    counts = store.card_counts()
    if args.json:
        habits = (store.scheduled_cards(), store.ticks())
        print(json.dumps(status_data(store.journey, counts, habits=habits), ensure_ascii=False))
    else:
        print(status_line(store.journey, counts))
    return 0


def export_target(args: Args, db_path: Path) -> Path | None:
    """The file ``export --out`` may write, or None to print. Refused: an empty name, a
    stream (/dev/stdout), the database itself, a folder, a symbolic link, a device, a FIFO
    or a socket (even with --force), and an existing file without --force."""
    import stat

    from regroup.errors import FileRefused, InvalidInput
    from regroup.store.files import is_stream, kind_of

    if args.out is None:
        return None
    if not args.out.strip():
        raise InvalidInput("--out is empty: give a file name, or leave out --out to print the export.")
    if any(unicodedata.category(ch) == "Cc" for ch in args.out):
        raise InvalidInput("--out contains control characters: give a plain file name.")
    out = Path(args.out).expanduser()
    if is_stream(args.out):
        raise InvalidInput(f"--out {args.out} is not a file: to print the export, leave out --out.")
    try:
        if out.resolve() == db_path.resolve() or (out.exists() and db_path.exists() and os.path.samefile(out, db_path)):
            raise InvalidInput(f"{out} is the database itself; choose another file for --out.")
        st = os.lstat(out)
    except FileNotFoundError:
        return out
    except (OSError, RuntimeError) as error:
        reason = (getattr(error, "strerror", None) or str(error)).lower()
        raise FileRefused(f"Cannot write the export to {out} ({reason}); choose another file for --out.") from None
    if stat.S_ISDIR(st.st_mode):
        raise InvalidInput(f"{out} is a folder; give --out a file name.")
    if not stat.S_ISREG(st.st_mode):
        raise FileRefused(
            f"{out} is {kind_of(st.st_mode)}, which export never replaces, not even with --force: "
            "give --out the name of a regular file."
        )
    if not args.force:
        raise FileRefused(f"{out} already exists: add --force to replace it, or choose another name for --out.")
    return out


def cmd_export(args: Args) -> int:
    from regroup import exporting
    from regroup.store.files import atomic_write

    db_path = checked_db_path(args)
    out = export_target(args, db_path)
    store = open_store(args, create=False, readonly=True)  # reading only: never upgrades the file
    if args.format == "json":
        text = exporting.json_export(store.path)
    elif args.format == "ics":
        from regroup.export_ics import to_ics

        text = to_ics(store.journey, board=store.board)
    else:
        from regroup.export_markdown import to_markdown

        text = to_markdown(store.journey, store.board, records=store.records)
    if out is not None:
        atomic_write(out, text.encode("utf-8", "replace"))
        print(f"Exported {args.format} to {safe_for_terminal(str(out))}.")
        return 0
    if args.format == "markdown":
        text = safe_for_terminal(text, keep="\n\t")
    payload = text.encode("utf-8", "replace")
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
    except BrokenPipeError:  # `regroup-tui export ... | head`
        _silence_stdout()
        return 1
    return 0


def cmd_import(args: Args) -> int:
    from regroup import exporting
    from regroup.errors import InvalidInput

    db_path = checked_db_path(args)
    if not args.file.strip():
        raise InvalidInput("The file to import is empty: give the path of a json export.")
    if any(unicodedata.category(ch) == "Cc" for ch in args.file):
        raise InvalidInput("The file to import contains control characters: give a plain file path.")
    counts, backup, warning, undoable = exporting.restore(Path(args.file).expanduser(), db_path)
    kept = f"the previous database is kept as {backup}" if backup else "there was no database before"
    undo = " (u in the app takes the import back)" if undoable else ""
    print(safe_for_terminal(f"Restored {exporting.describe(counts)} from {args.file} into {db_path}; {kept}{undo}."))
    if warning:
        NOTES.append(warning)
    return 0
