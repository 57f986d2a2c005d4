"""The command line. ``status``, ``init`` and ``add`` never import Textual; the bare
command imports the app only when it is about to run it."""

from __future__ import annotations

import gc
import os
import sys
import unicodedata
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, NoReturn, Sequence

from regroup import __version__
from regroup.domain.model import CATEGORIES, COLUMNS
from regroup.domain.text import safe_for_terminal
from regroup.errors import UserError
from regroup.paths import DB_ENV, resolve_db_path

PROG = "regroup-tui"


if TYPE_CHECKING:
    import argparse


def build_parser() -> argparse.ArgumentParser:
    import argparse  # not for `status` (see main): importing and building it is ~20 ms

    class Parser(argparse.ArgumentParser):
        """argparse, but a mistake gets one clear sentence (with nothing raw from the input)."""

        def error(self, message: str) -> NoReturn:
            message = safe_for_terminal(message)
            self.exit(2, f"{PROG}: {message[0].upper() + message[1:]}. See '{self.prog} --help'.\n")

    parser = Parser(
        prog=PROG,
        description="A keyboard-only planner for after a breakup: a kanban board of "
        "self-improvement activities beside a live no-contact countdown.",
        epilog=f"The database is a JSON file in your data folder; --db or {DB_ENV} chooses another.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--db", metavar="PATH", help=f"the database file (default: ${DB_ENV}, else your data folder)")
    parser.add_argument("--demo", action="store_true", help="open a throwaway copy of the demo board")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    db_kwargs = dict(metavar="PATH", default=argparse.SUPPRESS, help="the database file")

    add = sub.add_parser("add", help="add a card from the shell", description="Add a card; exits 0 once it is saved.")
    add.add_argument("title", help="the card's title (1-200 characters)")
    add.add_argument("--column", choices=COLUMNS, default="ideas", help="where the card goes (default: ideas)")
    add.add_argument("--category", choices=CATEGORIES, default="mind", help="what kind of activity (default: mind)")
    add.add_argument("--notes", default="", help="notes for the card")
    add.add_argument("--db", **db_kwargs)

    init = sub.add_parser(
        "init",
        help="set up the plan from the shell",
        description="Set up the plan. A file that already holds one is refused unless --force, which keeps a "
        "backup of the file beside it and takes what is not given from the plan it replaces.",
    )
    init.add_argument("--breakup-date", metavar="YYYY-MM-DD", help="the day it ended (required without a plan to change)")
    init.add_argument("--ended-by", metavar="them|me|mutual", help="who ended it (required without a plan to change)")
    init.add_argument("--guide", metavar="ID", help="space-21, month-30, letter-14 or custom (default: from --ended-by)")
    init.add_argument("--days", metavar="N", help="days of no contact, 1-365 (custom guide only)")
    init.add_argument("--tz", metavar="AREA/CITY", help="IANA time zone (default: this machine's)")
    init.add_argument("--name", help="their name, so the app can use it (optional)")
    init.add_argument("--force", action="store_true", help="replace the plan the file already holds (a backup is kept)")
    init.add_argument("--db", **db_kwargs)

    status = sub.add_parser("status", help="one line for a prompt or a status bar", description="Print the countdown.")
    status.add_argument("--json", action="store_true", help="print one JSON object instead")
    status.add_argument("--db", **db_kwargs)

    export = sub.add_parser(
        "export",
        help="write the plan, board, check-ins and journal as markdown, json or ics",
        description="Export the database: markdown to read, json to back up (see import), ics for a calendar.",
    )
    export.add_argument("--format", required=True, choices=("markdown", "json", "ics"), help="what to write")
    export.add_argument("--out", metavar="FILE", help="write to FILE (created 0600) instead of printing")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists (never a link or a device)")
    export.add_argument("--db", **db_kwargs)

    restore = sub.add_parser(
        "import",
        help="restore a json export, keeping a backup of the current database",
        description="Replace the database with a json export; the current file is kept as a backup beside it.",
    )
    restore.add_argument("file", metavar="FILE", help="a file made by regroup-tui export --format json")
    restore.add_argument("--db", **db_kwargs)
    return parser


def quick_args(argv: Sequence[str]) -> SimpleNamespace | None:
    """The two lines run most, parsed without argparse (importing it and building the
    parser costs ~20 ms): ``status [--json] [--db PATH]``, which a shell prompt runs every
    time, and the app itself, ``[--db PATH] [--demo]``. Anything else (help, a typo, a
    value that looks like an option) returns None and goes through argparse, which says
    what is wrong."""
    if argv and argv[0] == "status":
        args, flags, rest = SimpleNamespace(command="status", json=False, db=None), {"--json": "json"}, argv[1:]
    else:
        args, flags, rest = SimpleNamespace(command=None, demo=False, db=None), {"--demo": "demo"}, argv
    rest = list(rest)
    while rest:
        token = rest.pop(0)
        if token in flags:
            setattr(args, flags[token], True)
        elif token == "--db" and rest and not rest[0].startswith("-"):
            args.db = rest.pop(0)
        elif token.startswith("--db=") and len(token) > len("--db="):
            args.db = token[len("--db=") :]
        else:
            return None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _never_fail_to_print()
    NOTES.clear()
    try:
        args = quick_args(argv) or build_parser().parse_args(argv)
        if getattr(args, "demo", False):
            if args.command is not None:
                raise UserError(f"--demo opens the app on the demo board; leave it out of {PROG} {args.command}.")
            if args.db is not None:
                raise UserError("--demo opens a throwaway copy of the demo board, so it takes no --db: leave one out.")
        commands = {"add": cmd_add, "init": cmd_init, "status": cmd_status, "export": cmd_export, "import": cmd_import}
        if args.command not in commands:
            return run_app(args)
        status = commands[args.command](args)
        print_notes()
        return status
    except UserError as error:
        NOTES.clear()  # a refusal is one sentence: the notes of a command that failed go unsaid
        print(f"{PROG}: {safe_for_terminal(str(error))}", file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `regroup-tui status | true`: nobody is reading any more
        _silence_stdout()
        return 1
    except Exception as error:  # a bug: one sentence, and a report without the user's text
        NOTES.clear()
        return report_crash(error)


# One-line notices a command has for the user (an upgraded file, a folder open to others,
# a time zone that cannot be used), printed on stderr once the command has done its work:
# a command that is refused prints its one sentence only.
NOTES: list[str] = []


def print_notes() -> None:
    for note in NOTES:
        print(safe_for_terminal(f"{PROG}: {note}"), file=sys.stderr)
    NOTES.clear()


EX_SOFTWARE = 70  # sysexits.h: an internal software error


def _never_fail_to_print() -> None:
    """A terminal whose encoding cannot show a character gets a replacement mark, not a
    UnicodeEncodeError halfway through a command."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", "replace") == "strict" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError, AttributeError):
                pass


def _silence_stdout() -> None:
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def report_crash(error: BaseException) -> int:
    """One sentence on stderr, and the report (see regroup.crash)."""
    from regroup.crash import crash_sentence

    try:
        print(safe_for_terminal(f"{PROG}: {crash_sentence(error)}"), file=sys.stderr)
    except Exception:
        pass
    return EX_SOFTWARE


def checked_db_path(args: argparse.Namespace) -> Path:
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


def open_store(
    args: argparse.Namespace, create: bool = True, cards: bool = True, warn_zone: bool = True, readonly: bool = False
):
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


def cmd_add(args: argparse.Namespace) -> int:
    from regroup.domain.text import clean_notes, clean_title

    clean_title(args.title)  # checked before the file is opened (or created)
    clean_notes(args.notes)
    store = open_store(args)
    card = store.add_card(args.title, column=args.column, category=args.category, notes=args.notes)
    print(safe_for_terminal(f"Added “{card.title}” to {card.column} (card {card.id}) in {store.path}."))
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from regroup.domain.dates import long_date
    from regroup.errors import FileRefused

    db_path = checked_db_path(args)
    store = None
    if args.force and db_path.exists():  # --force takes what is not given from the plan it replaces
        store = open_store(args, create=False, warn_zone=False)
    plan, notice = _plan_from_args(args, store.plan if store is not None else None)
    if store is None:
        store = open_store(args, warn_zone=False)
    old = store.plan
    backup = None
    if old is not None:
        if not args.force:
            raise FileRefused(
                f"{store.path} already holds a plan (breakup {long_date(old.breakup_date)}, {old.guide}): "
                "add --force to replace it (a backup of the file is kept beside it)."
            )
        from regroup.store.backups import locked_backup

        backup = locked_backup(store.path, "before-init")
    journey = store.set_plan(plan)
    state = journey.countdown()
    if state and state.started and state.contact_date:
        when = f"earliest contact {long_date(state.contact_date)} ({state.days_left} days)"
    else:
        when = "the countdown starts when you mark the letter sent"
    kept = f"; the previous file is kept as {backup}" if backup else ""
    print(safe_for_terminal(f"Plan saved in {store.path}: {plan.guide}, {when}{kept}."))
    if notice:
        NOTES.append(notice)
    return 0


def _plan_from_args(args: argparse.Namespace, stored):
    """The plan ``init`` will save (checked in full before anything is written), and a
    notice about the time zone when $TZ could not be used. With --force over a plan, an
    option not given keeps the stored value."""
    from dataclasses import replace

    from regroup.domain.dates import system_zone_and_notice
    from regroup.domain.plan import make_plan
    from regroup.errors import InvalidInput

    if args.guide is not None:
        from regroup.domain.guides import guide

        guide(args.guide)  # an empty --guide is refused, not taken as "the default"
    if stored is None:
        missing = [flag for flag, value in (("--breakup-date", args.breakup_date), ("--ended-by", args.ended_by)) if value is None]
        if missing:
            raise InvalidInput(
                f"init needs {' and '.join(missing)} (to change some fields of a plan already saved, add --force)."
            )
        breakup, ended_by, name = args.breakup_date, args.ended_by, args.name or ""
        guide_id, days, letter_sent, restart = args.guide or ("custom" if args.days else None), args.days, None, True
        keep_tz = None
    else:
        breakup = args.breakup_date if args.breakup_date is not None else stored.breakup_date
        ended_by = args.ended_by if args.ended_by is not None else stored.ended_by
        name = args.name if args.name is not None else stored.name
        if args.guide is not None or args.days is not None:
            guide_id, days = args.guide or "custom", args.days
        elif args.ended_by is not None and args.ended_by != stored.ended_by:
            guide_id, days = None, None  # the default guide for who ended it
        else:
            guide_id, days = stored.guide, stored.days if stored.guide == "custom" else None
        letter_sent = stored.letter_sent
        restart = stored.restart_on_slip
        keep_tz = stored.tz if stored.zone_warning is None else None
    notice = None
    if args.tz is not None:
        tz = args.tz
    elif keep_tz is not None:
        tz = keep_tz
    else:
        tz, notice = system_zone_and_notice()
    plan = make_plan(
        breakup_date=breakup,
        ended_by=ended_by,
        guide_id=guide_id,
        days=days,
        tz=tz,
        name=name,
        restart_on_slip=restart,
    )
    if letter_sent is not None and letter_sent >= plan.breakup_date:
        plan = replace(plan, letter_sent=letter_sent)
    if stored is not None:
        plan = replace(plan, moved_on=stored.moved_on, archived=stored.archived)
    return plan, notice


def cmd_status(args: argparse.Namespace) -> int:
    import json

    from regroup.status import status_data, status_line

    # A prompt needs counts, not 10,000 cards; and it never writes (an older file is read as
    # upgraded, in memory: a full or read-only disk does not stop it).
    store = open_store(args, create=False, cards=False, readonly=True)
    counts = store.card_counts()
    if args.json:
        print(json.dumps(status_data(store.journey, counts), ensure_ascii=False))
    else:
        print(status_line(store.journey, counts))
    return 0


def export_target(args: argparse.Namespace, db_path: Path) -> Path | None:
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


def cmd_export(args: argparse.Namespace) -> int:
    from regroup import exporting
    from regroup.store.files import atomic_write

    db_path = checked_db_path(args)
    out = export_target(args, db_path)
    store = open_store(args, create=False, readonly=True)  # reading only: never upgrades the file
    if args.format == "json":
        text = exporting.json_export(store.path)
    elif args.format == "ics":
        text = exporting.to_ics(store.journey)
    else:
        text = exporting.to_markdown(store.journey, store.board, records=store.records)
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


def cmd_import(args: argparse.Namespace) -> int:
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


def run_app(args: argparse.Namespace) -> int:
    # No cyclic garbage collection until the first frame is on screen (RegroupApp turns
    # it back on then, after gc.freeze): start-up allocates a few hundred thousand
    # objects that all live as long as the app, and the full passes over them that the
    # collector would otherwise make cost ~50-80 ms before the first frame (bench/run.py).
    gc.disable()
    try:
        return _run_app(args)
    finally:
        gc.enable()


def _run_app(args: argparse.Namespace) -> int:
    if args.demo:
        import shutil
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="regroup-demo-"))
        try:
            from regroup.demo import build_demo

            store = build_demo(folder / "demo.json")
            return _run(store, demo=True)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    store = open_store(args)
    return _run(store)


def _run(store, demo: bool = False) -> int:
    print_notes()  # before the app takes the screen
    from regroup.app.app import RegroupApp

    app = RegroupApp(store, demo=demo)
    app.run()
    return app.return_code or 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
