"""``regroup-tui init``: the plan set up (or replaced, with --force) from the shell."""

from __future__ import annotations

from typing import TYPE_CHECKING

from regroup.domain.text import safe_for_terminal
from regroup.shell.common import NOTES, checked_db_path, open_store

if TYPE_CHECKING:
    import argparse


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
        missing = [
            flag
            for flag, value in (("--breakup-date", args.breakup_date), ("--ended-by", args.ended_by))
            if value is None
        ]
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
