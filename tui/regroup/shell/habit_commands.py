"""``regroup-tui tick``, and the habit and day options of ``add`` (--per-week, --daily,
--on, --weekly, --at)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from regroup.domain.text import safe_for_terminal
from regroup.shell.common import open_store

if TYPE_CHECKING:
    from regroup.domain.model import Card
    from regroup.shell.common import Args


def schedule_args(args: Args) -> dict[str, Any]:
    """``add``'s --per-week/--daily, --on/--weekly and --at, checked before the file is
    opened (a refusal leaves it untouched): per_week, day and time for the new card."""
    from regroup.domain.schedule import DAILY, check_day, check_per_week, check_schedule, check_weekday
    from regroup.errors import InvalidInput

    per_week = DAILY if getattr(args, "daily", False) else None
    if getattr(args, "per_week", None) is not None:
        text = args.per_week.strip()
        if not text:
            raise InvalidInput("--per-week is empty: give a whole number from 1 to 7 (7 is every day).")
        per_week = check_per_week(text)
    day = None
    if getattr(args, "on", None) is not None:
        if not args.on.strip() or not args.on.strip()[:1].isdigit():
            raise InvalidInput(
                "--on takes a date written YYYY-MM-DD, for example 2026-12-03; for a weekday use --weekly."
            )
        day = check_day(args.on)
    if getattr(args, "weekly", None) is not None:
        day = check_weekday(args.weekly)
    time = getattr(args, "at", None)
    if time is not None and day is None:
        raise InvalidInput("--at needs a day: add --on YYYY-MM-DD or --weekly DAY.")
    per_week, day, time = check_schedule(per_week, day, time)
    return {"per_week": per_week, "day": day, "time": time}


def schedule_said(card: Card) -> str:
    """ ", every day, Thursdays at 18:30" for the line ``add`` prints (after the card's
    number, in brackets); "" for a plain card."""
    from regroup.domain.schedule import day_words, repeat_words

    parts = [words for words in (repeat_words(card.per_week), day_words(card.day, card.time)) if words]
    return ", " + ", ".join(parts) if parts else ""


def cmd_tick(args: Args) -> int:
    """Tick the habit called TITLE off for today (in the plan's zone) or for --date. Refused
    in one sentence, the file untouched: no such card, several with that title, a card that
    does not repeat, a date that is not one or is still to come."""
    from regroup.domain.dates import parse_date, short_date, system_zone, today_in
    from regroup.domain.habits import find_card, habit_week, not_a_habit, week_start
    from regroup.domain.text import clean_line
    from regroup.errors import InvalidInput

    title = clean_line(args.title, "The title", limit=200, required=True)
    store = open_store(args, create=False)
    now = datetime.now(UTC)
    zone = store.plan.zone if store.plan is not None else system_zone()
    today = today_in(zone, now)
    day = today if args.date is None else parse_date(args.date, "The date", today)
    if day > today:
        raise InvalidInput(
            f"A habit cannot be ticked off for a day to come ({day.isoformat()}); today is {today.isoformat()}."
        )
    card = find_card(store.board, title)
    if card.per_week is None:
        raise InvalidInput(not_a_habit(card).replace("in its form (e or enter)", "in the app (e on the card)"))
    change = store.tick(card, day, on=True, now=now)
    week = habit_week(store.board.cards[card.id], store.ticks(), day)
    assert week is not None
    count = week.line if week_start(day) == week_start(today) else week.line.replace("this week", "that week")
    if change is None:
        print(safe_for_terminal(f"“{card.title}” was already ticked off for {short_date(day)}: {count}."))
    else:
        print(safe_for_terminal(f"Ticked “{card.title}” off for {short_date(day)}: {count}."))
    return 0
