"""The command line. ``status``, ``init`` and ``add`` never import Textual; the bare
command imports the app only when it is about to run it."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, NoReturn

from regroup import __version__
from regroup.domain.model import CATEGORIES, COLUMNS
from regroup.domain.text import safe_for_terminal
from regroup.errors import UserError
from regroup.paths import DB_ENV
from regroup.shell.common import NOTES, PROG, _silence_stdout, checked_db_path, open_store, print_notes  # noqa: F401
from regroup.shell.data_commands import cmd_add, cmd_export, cmd_import, cmd_status
from regroup.shell.habit_commands import cmd_tick
from regroup.shell.moment_commands import cmd_checkin, cmd_hard_day
from regroup.shell.plan_commands import cmd_init, cmd_plan

if TYPE_CHECKING:
    import argparse

    from regroup.shell.common import Args


def build_parser() -> argparse.ArgumentParser:
    import argparse  # not for `status` (see main): importing it costs start-up time (bench/README.md)

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

    db_kwargs: dict[str, Any] = dict(metavar="PATH", default=argparse.SUPPRESS, help="the database file")

    add = sub.add_parser("add", help="add a card from the shell", description="Add a card; exits 0 once it is saved.")
    add.add_argument("title", help="the card's title (1-200 characters)")
    add.add_argument("--column", choices=COLUMNS, default="ideas", help="where the card goes (default: ideas)")
    add.add_argument("--category", choices=CATEGORIES, default="mind", help="what kind of activity (default: mind)")
    add.add_argument("--notes", default="", help="notes for the card")
    repeat = add.add_mutually_exclusive_group()
    repeat.add_argument("--per-week", metavar="N", help="a habit: N times a week, 1-7")
    repeat.add_argument("--daily", action="store_true", help="a habit: every day")
    when = add.add_mutually_exclusive_group()
    when.add_argument("--on", metavar="YYYY-MM-DD", help="the card's day: once, on this date")
    when.add_argument("--weekly", metavar="DAY", help="the card's day: every week on DAY (monday ... sunday)")
    add.add_argument("--at", metavar="HH:MM", help="the time on that day (24-hour clock, in the plan's zone)")
    add.add_argument("--db", **db_kwargs)

    tick = sub.add_parser(
        "tick",
        help="tick a habit off for today",
        description="Tick a habit (a card that repeats) off for today or another day; exits 0 once it is saved.",
    )
    tick.add_argument("title", help="the habit's title, as on its card (case aside)")
    tick.add_argument("--date", metavar="YYYY-MM-DD", help="the day it was done (default: today in the plan's zone)")
    tick.add_argument("--db", **db_kwargs)

    init = sub.add_parser(
        "init",
        help="set up the plan from the shell",
        description="Set up the plan. A file that already holds one is refused unless --force, which keeps a "
        "backup of the file beside it and takes what is not given from the plan it replaces.",
    )
    init.add_argument(
        "--breakup-date", metavar="YYYY-MM-DD", help="the day it ended (required without a plan to change)"
    )
    init.add_argument("--ended-by", metavar="them|me|mutual", help="who ended it (required without a plan to change)")
    init.add_argument(
        "--guide", metavar="ID", help="space-21, month-30, letter-14 or custom (default: from --ended-by)"
    )
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

    plan = sub.add_parser(
        "plan",
        help="change the plan from the shell",
        description="Change some fields of the plan the file holds (the same checks as init); "
        "u in the app takes the change back.",
    )
    plan.add_argument(
        "--support", metavar="TEXT", help="a support line: a name and a number, or any text (empty clears it)"
    )
    plan.add_argument("--guide", metavar="ID", help="space-21, month-30, letter-14 or custom")
    plan.add_argument("--days", metavar="N", help="days of no contact, 1-365 (custom guide only)")
    plan.add_argument("--tz", metavar="AREA/CITY", help="IANA time zone")
    plan.add_argument("--name", help="their name, so the app can use it")
    plan.add_argument("--letter-sent", metavar="DATE", dest="letter_sent", help="the day the apology letter was sent")
    plan.add_argument(
        "--cooldown", metavar="MINUTES", help="the cool-down of the urge screen, 1-120 minutes (default 10)"
    )
    plan.add_argument("--db", **db_kwargs)

    checkin = sub.add_parser(
        "checkin", help="log how you feel today", description="Log a check-in: a mood from 1 (awful) to 5 (great)."
    )
    checkin.add_argument("mood", metavar="MOOD", help="1 (awful) to 5 (great)")
    checkin.add_argument("--note", metavar="TEXT", help="a few words")
    checkin.add_argument("--date", metavar="YYYY-MM-DD", help="the day: today (default) or up to 7 days back")
    checkin.add_argument("--db", **db_kwargs)

    hard = sub.add_parser(
        "hard-day",
        help="the days that hurt: add, list or remove",
        description="Days that hurt (their birthday, an anniversary): the app names one from 3 days before.",
    )
    hard_sub = hard.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)
    hard_add = hard_sub.add_parser("add", help="add a hard day", description="Add a hard day.")
    hard_add.add_argument("date", metavar="YYYY-MM-DD", help="the day")
    hard_add.add_argument("label", metavar="LABEL", help='what it is, such as "their birthday"')
    hard_add.add_argument("--yearly", action="store_true", help="it comes back every year")
    hard_add.add_argument("--db", **db_kwargs)
    hard_list = hard_sub.add_parser("list", help="list the hard days", description="List the hard days.")
    hard_list.add_argument("--db", **db_kwargs)
    hard_remove = hard_sub.add_parser(
        "remove", help="remove a hard day", description="Remove a hard day by its number."
    )
    hard_remove.add_argument("id", metavar="ID", help="its number, as hard-day list shows it")
    hard_remove.add_argument("--db", **db_kwargs)
    hard.add_argument("--db", **db_kwargs)

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
    parser is most of ``status``'s time): ``status [--json] [--db PATH]``, which a shell prompt runs every
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
        commands = {
            "add": cmd_add,
            "init": cmd_init,
            "status": cmd_status,
            "export": cmd_export,
            "import": cmd_import,
            "plan": cmd_plan,
            "checkin": cmd_checkin,
            "hard-day": cmd_hard_day,
            "tick": cmd_tick,
        }
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


def report_crash(error: BaseException) -> int:
    """One sentence on stderr, and the report (see regroup.crash)."""
    from regroup.crash import crash_sentence

    try:
        print(safe_for_terminal(f"{PROG}: {crash_sentence(error)}"), file=sys.stderr)
    except Exception:
        pass
    return EX_SOFTWARE


def run_app(args: Args) -> int:
    # No cyclic garbage collection until the first frame is on screen (RegroupApp turns
    # it back on then, after gc.freeze): start-up allocates a few hundred thousand
    # objects that all live as long as the app, and the full passes over them that the
    # collector would otherwise make delay the first frame (bench/README.md, start-up).
    gc.disable()
    try:
        return _run_app(args)
    finally:
        gc.enable()


def _run_app(args: Args) -> int:
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
