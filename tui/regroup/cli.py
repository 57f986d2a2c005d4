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

    init = sub.add_parser("init", help="set up the plan from the shell", description="Set up (or replace) the plan.")
    init.add_argument("--breakup-date", required=True, metavar="YYYY-MM-DD", help="the day it ended")
    init.add_argument("--ended-by", required=True, metavar="them|me|mutual", help="who ended it")
    init.add_argument("--guide", metavar="ID", help="space-21, month-30, letter-14 or custom (default: from --ended-by)")
    init.add_argument("--days", metavar="N", help="days of no contact, 1-365 (custom guide only)")
    init.add_argument("--tz", metavar="AREA/CITY", help="IANA time zone (default: this machine's)")
    init.add_argument("--name", default="", help="their name, so the app can use it (optional)")
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
    args = quick_args(argv) or build_parser().parse_args(argv)
    try:
        if args.command == "add":
            return cmd_add(args)
        if args.command == "init":
            return cmd_init(args)
        if args.command == "status":
            return cmd_status(args)
        if args.command == "export":
            return cmd_export(args)
        if args.command == "import":
            return cmd_import(args)
        return run_app(args)
    except UserError as error:
        print(f"{PROG}: {safe_for_terminal(str(error))}", file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        return 130


def checked_db_path(args: argparse.Namespace) -> Path:
    """--db, else $REGROUP_DB (empty counts as unset), else the data folder. A path that is
    blank or holds control characters is refused rather than guessed at."""
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
    return resolve_db_path(args.db)


def open_store(args: argparse.Namespace, create: bool = True, cards: bool = True):
    """Open the database; say so on stderr when an older file was upgraded."""
    from regroup.store import Store

    store = Store.open(checked_db_path(args), create=create, cards=cards)
    if store.migrated_from is not None:
        print(
            safe_for_terminal(
                f"{PROG}: upgraded {store.path} from schema {store.migrated_from}; "
                f"the old file is kept as {store.backup_path}."
            ),
            file=sys.stderr,
        )
    return store


def cmd_add(args: argparse.Namespace) -> int:
    store = open_store(args)
    card = store.add_card(args.title, column=args.column, category=args.category, notes=args.notes)
    print(safe_for_terminal(f"Added “{card.title}” to {card.column} (card {card.id}) in {store.path}."))
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from regroup.domain.dates import long_date, system_zone
    from regroup.domain.plan import make_plan
    if args.guide is not None:
        from regroup.domain.guides import guide

        guide(args.guide)  # an empty --guide is refused, not taken as "the default"
    plan = make_plan(  # checked in full before the file is opened or created
        breakup_date=args.breakup_date,
        ended_by=args.ended_by,
        guide_id=args.guide or ("custom" if args.days else None),
        days=args.days,
        tz=args.tz if args.tz is not None else system_zone(),
        name=args.name,
    )
    store = open_store(args)
    journey = store.set_plan(plan)
    state = journey.countdown()
    if state and state.started and state.contact_date:
        when = f"earliest contact {long_date(state.contact_date)} ({state.days_left} days)"
    else:
        when = "the countdown starts when you mark the letter sent"
    print(safe_for_terminal(f"Plan saved in {store.path}: {plan.guide}, {when}."))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    import json

    from regroup.status import status_data, status_line

    store = open_store(args, create=False, cards=False)  # a prompt needs counts, not 10,000 cards
    counts = store.card_counts()
    if args.json:
        print(json.dumps(status_data(store.journey, counts), ensure_ascii=False))
    else:
        print(status_line(store.journey, counts))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from regroup import exporting
    from regroup.errors import InvalidInput
    from regroup.store.files import atomic_write

    db_path = checked_db_path(args)
    out = Path(args.out).expanduser() if args.out else None
    if out is not None:
        if out.is_dir():
            raise InvalidInput(f"{out} is a folder; give --out a file name.")
        if out.resolve() == db_path.resolve() or (out.exists() and db_path.exists() and os.path.samefile(out, db_path)):
            raise InvalidInput(f"{out} is the database itself; choose another file for --out.")
    store = open_store(args, create=False)
    if args.format == "json":
        text = exporting.to_json(exporting.read_raw(store.path))
    elif args.format == "ics":
        text = exporting.to_ics(store.journey)
    else:
        text = exporting.to_markdown(store.journey, store.board)
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
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from regroup import exporting

    db_path = checked_db_path(args)
    counts, backup = exporting.restore(Path(args.file).expanduser(), db_path)
    kept = f"the previous database is kept as {backup}" if backup else "there was no database before"
    print(safe_for_terminal(f"Restored {exporting.describe(counts)} from {args.file} into {db_path}; {kept}."))
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
    from regroup.app.app import RegroupApp

    app = RegroupApp(store, demo=demo)
    app.run()
    return app.return_code or 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
