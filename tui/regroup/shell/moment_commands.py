"""``regroup-tui checkin`` and ``regroup-tui hard-day add | list | remove``.

Every value is checked before the file is opened, so a refusal (one sentence, exit
status 2) leaves it as it was; each change is one entry of the history, as made by the
command (``u`` in the app takes it back once the command has ended).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from regroup.domain.text import safe_for_terminal
from regroup.shell.common import open_store

if TYPE_CHECKING:
    from regroup.shell.common import Args

CHECKIN_BACK_DAYS = 7  # the shell may add a check-in up to a week late


def _zone_of(store) -> str:
    from regroup.domain.dates import system_zone

    return store.plan.zone if store.plan is not None else system_zone()


def cmd_checkin(args: Args) -> int:
    from regroup.domain import logbook
    from regroup.domain.daily import MOODS, check_mood, make_checkin
    from regroup.domain.dates import long_date
    from regroup.errors import InvalidInput

    check_mood(args.mood)
    store = open_store(args, create=False)
    if store.plan is None:
        raise InvalidInput(f"{store.path} holds no plan yet: set one up with regroup-tui init first.")
    day = args.date if args.date is not None else store.journey.today()
    checkin = make_checkin(day, args.mood, args.note or "", store.plan.zone, back_days=CHECKIN_BACK_DAYS)

    def build(state):
        return logbook.checkin_saved(state, checkin, state.journey.checkin_for(checkin.day))

    change = store.apply(build, session="checkin", record=True)
    if change is None:
        print(safe_for_terminal(f"The check-in of {long_date(checkin.day)} already says that; nothing was changed."))
        return 0
    print(
        safe_for_terminal(
            f"Saved the check-in of {long_date(checkin.day)}: {checkin.mood} ({MOODS[checkin.mood]}) in {store.path}."
        )
    )
    if store.journey.safety_net_due():
        from regroup.domain.moments import safety_lines

        for line in safety_lines(store.plan.support):
            print(safe_for_terminal(line))
    return 0


def cmd_hard_day(args: Args) -> int:
    return {"add": _add, "list": _list, "remove": _remove}[args.action](args)


def _add(args: Args) -> int:
    from regroup.domain.dates import long_date, parse_date
    from regroup.domain.hard_changes import hard_day_added
    from regroup.domain.moments import clean_label, make_hard_day

    parse_date(args.date, "The date of the hard day")  # checked before the file is opened
    clean_label(args.label)
    store = open_store(args)
    hard_day = make_hard_day(args.date, args.label, args.yearly, _zone_of(store))
    change = store.apply(lambda state: hard_day_added(state, hard_day), session="hard-day", record=True)
    assert change is not None
    key = change.edits[0].key
    every = ", every year" if hard_day.yearly else ""
    print(
        safe_for_terminal(
            f"Added hard day {key}: {long_date(hard_day.day)}{every}, “{hard_day.label}”, in {store.path}."
        )
    )
    return 0


def _list(args: Args) -> int:
    from regroup.domain.dates import long_date, today_in
    from regroup.domain.moments import upcoming

    store = open_store(args, create=False, readonly=True)
    journey = store.journey
    if not journey.hard_days:
        print('No hard days yet: add one with regroup-tui hard-day add YYYY-MM-DD "LABEL" [--yearly].')
        return 0
    today = today_in(_zone_of(store))
    next_of = {item.hard_day.id: item for item in upcoming(journey.hard_days, today)}
    for hard in sorted(journey.hard_days, key=lambda h: (h.day.month, h.day.day) if h.yearly else (99, h.id)):
        item = next_of.get(hard.id)
        when = "passed" if item is None else f"next: {item.when}"
        every = "every year" if hard.yearly else "once"
        print(safe_for_terminal(f"{hard.id:>3}  {long_date(hard.day)}  {every:<10}  {hard.label}  · {when}"))
    return 0


def _remove(args: Args) -> int:
    from regroup.domain.dates import parse_whole_number
    from regroup.domain.hard_changes import hard_day_removed
    from regroup.domain.records import ID_LIMIT
    from regroup.errors import InvalidInput

    key = parse_whole_number(
        args.id, "The number of the hard day", "from the list that regroup-tui hard-day list shows"
    )
    if not 1 <= key <= ID_LIMIT:
        raise InvalidInput("The number of the hard day must be one that regroup-tui hard-day list shows.")
    store = open_store(args, create=False)
    change = store.apply(lambda state: hard_day_removed(state, key), session="hard-day", record=True)
    assert change is not None
    print(safe_for_terminal(f"Removed hard day {key} from {store.path} ({change.label})."))
    return 0
