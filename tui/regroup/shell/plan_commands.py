"""``regroup-tui init``: the plan set up (or replaced, with --force) from the shell."""

from __future__ import annotations

from typing import TYPE_CHECKING

from regroup.domain.text import safe_for_terminal
from regroup.shell.common import NOTES, checked_db_path, open_store

if TYPE_CHECKING:
    from regroup.shell.common import Args


def cmd_init(args: Args) -> int:
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


def _plan_from_args(args: Args, stored):
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
        plan = replace(
            plan,
            moved_on=stored.moved_on,
            archived=stored.archived,
            support=stored.support,
            cooldown_minutes=stored.cooldown_minutes,
        )
    return plan, notice


def cmd_plan(args: Args) -> int:
    """``regroup-tui plan``: change some fields of the plan the file holds, with the same
    checks as ``init``; one change, in the history (``u`` in the app takes it back)."""
    from dataclasses import replace

    from regroup.domain import logbook
    from regroup.domain.dates import long_date
    from regroup.domain.moments import check_cooldown, clean_support
    from regroup.domain.plan import make_plan
    from regroup.errors import InvalidInput

    given = {
        name: getattr(args, name) for name in ("support", "guide", "days", "tz", "name", "letter_sent", "cooldown")
    }
    if all(value is None for value in given.values()):
        raise InvalidInput(
            "plan needs at least one of --support, --guide, --days, --tz, --name, --letter-sent or --cooldown."
        )
    # every value checked before the file is opened (or created): a refusal touches nothing
    support = clean_support(args.support) if args.support is not None else None
    cooldown = check_cooldown(args.cooldown) if args.cooldown is not None else None
    if args.guide is not None:
        from regroup.domain.guides import guide

        guide(args.guide)
    store = open_store(args, create=False)
    stored = store.plan
    if stored is None:
        raise InvalidInput(f"{store.path} holds no plan yet: set one up with regroup-tui init first.")
    if args.guide is not None or args.days is not None:
        guide_id, days = args.guide or "custom", args.days
    else:
        guide_id, days = stored.guide, stored.days if stored.guide == "custom" else None
    letter = stored.letter_sent if args.letter_sent is None else args.letter_sent
    plan = make_plan(
        breakup_date=stored.breakup_date,
        ended_by=stored.ended_by,
        guide_id=guide_id,
        days=days,
        tz=args.tz if args.tz is not None else (stored.tz if stored.zone_warning is None else stored.zone),
        letter_sent=letter,
        name=args.name if args.name is not None else stored.name,
        restart_on_slip=stored.restart_on_slip,
        support=support if support is not None else stored.support,
        cooldown_minutes=cooldown if cooldown is not None else stored.cooldown_minutes,
    )
    plan = replace(plan, moved_on=stored.moved_on, archived=stored.archived)
    change = store.apply(lambda state: logbook.plan_set(state, plan, stored), session="plan", record=True)
    if change is None:
        print(safe_for_terminal(f"The plan in {store.path} already says that; nothing was changed."))
        return 0
    state = store.journey.countdown()
    if state and state.started and state.contact_date:
        when = f"earliest contact {long_date(state.contact_date)} ({state.days_left} days)"
    else:
        when = "the countdown starts when you mark the letter sent"
    print(safe_for_terminal(f"Saved {change.label} in {store.path}: {when}."))
    return 0
