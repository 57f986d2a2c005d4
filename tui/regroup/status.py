"""``regroup-tui status``: one line for a shell prompt or a tmux status bar, or JSON.

Never imports Textual; reads the file once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from regroup.domain.board import Board
from regroup.domain.dates import short_date, today_in
from regroup.domain.habits import Ticks
from regroup.domain.journey import Journey


def status_data(
    journey: Journey,
    board: Board | dict[str, int],
    now: datetime | None = None,
    habits: tuple[Board, Ticks] | None = None,
) -> dict[str, Any]:
    """``board`` is the board, or already its counts per column. ``habits``: the cards that
    repeat or have a day (at least) and the ticks, for ``today`` and ``habits``; without
    it, taken from ``board`` when it is a board."""
    now = now or datetime.now(UTC)
    counts = dict(board) if isinstance(board, dict) else board.counts()
    if habits is None and isinstance(board, Board):
        habits = (board, Ticks())
    day_data = _habit_data(journey, habits, now)
    state = journey.countdown(now)
    if state is None:
        return {
            "plan": False,
            "contact_date": None,
            "days_left": None,
            "seconds_left": None,
            "guide": None,
            "no_contact_days": None,
            "started": False,
            "reached": False,
            "cards": counts,
            "mood_today": None,
            "streak_days": 0,
            "space_days_total": 0,
            "moved_on": None,
            "archived": False,
            **_hard_moments(journey, now),
        } | day_data
    today = today_in(journey.plan.zone, now) if journey.plan else None
    return {
        "plan": True,
        "contact_date": state.contact_date.isoformat() if state.contact_date else None,
        "days_left": state.days_left if state.started else None,
        "seconds_left": state.seconds_left if state.started else None,
        "guide": state.guide.id,
        "no_contact_days": state.no_contact_days,
        "started": state.started,
        "reached": state.reached,
        "anchor": state.anchor.isoformat() if state.anchor else None,
        "anchor_kind": state.anchor_kind,
        "extensions": len(state.extensions),
        "slips": len(journey.slips),
        "time_zone": journey.plan.zone if journey.plan else None,
        "today_date": today.isoformat() if today else None,
        "anchor_in_future": bool(today and state.anchor and state.anchor > today),
        "cards": counts,
        "mood_today": _mood_today(journey, now),
        "streak_days": journey.streak_days(now),
        "space_days_total": journey.space_days_total(now),
        "contact_phase": journey.in_contact_phase(now),
        "next_try": retry.isoformat() if (retry := journey.next_try()) else None,
        "moved_on": journey.plan.moved_on.isoformat() if journey.plan and journey.plan.moved_on else None,
        "archived": bool(journey.plan.archived) if journey.plan else False,
        **_hard_moments(journey, now),
    } | day_data


def _hard_moments(journey: Journey, now: datetime) -> dict[str, Any]:
    """Urges today (in the plan's zone) and passed in all, and the next hard day."""
    upcoming = journey.next_hard_day(now)
    return {
        "urges_today": journey.urges_today(now),
        "urges_passed": journey.urges_passed(),
        "next_hard_day": None
        if upcoming is None
        else {
            "date": upcoming.day.isoformat(),
            "label": upcoming.hard_day.label,
            "days_left": upcoming.days_left,
        },
    }


def _habit_data(journey: Journey, habits: tuple[Board, Ticks] | None, now: datetime) -> dict[str, Any]:
    """``today``: the titles of the day's cards and of the habits not yet ticked today;
    ``habits``: each habit on the board (not Done) with its target and this week's count.
    Days in the plan's zone (no plan yet: this machine's)."""
    if habits is None or not habits[0].cards:
        return {"today": [], "habits": []}
    from regroup.domain.dates import system_zone
    from regroup.domain.habits import agenda
    from regroup.domain.habits import habits as habit_weeks

    board, ticks = habits
    today = today_in(journey.plan.zone if journey.plan else system_zone(), now)
    return {
        "today": [item.card.title for item in agenda(board, ticks, today)],
        "habits": [
            {"title": week.card.title, "per_week": week.target, "done_this_week": week.done}
            for week in habit_weeks(board, ticks, today)
        ],
    }


def _mood_today(journey: Journey, now: datetime) -> int | None:
    checkin = journey.checkin_for(journey.today(now))
    return checkin.mood if checkin else None


def status_line(journey: Journey, board: Board | dict[str, int], now: datetime | None = None) -> str:
    data = status_data(journey, board, now)
    doing = f"{data['cards']['doing']} doing"
    if not data["plan"]:
        return f"no plan yet (run regroup-tui) · {doing}"
    if not data["started"]:
        return f"not started: waiting for the letter · {data['guide']} · {doing}"
    contact = datetime.fromisoformat(data["contact_date"]).date()
    days = data["days_left"]
    if data["anchor_in_future"]:  # the clock is behind, or the date was typed wrong
        anchor = datetime.fromisoformat(data["anchor"]).date()
        lead = f"not started: the {data['anchor_kind']} date {short_date(anchor)} is after today ({data['today_date']})"
        return f"{lead} · {data['guide']} · {doing}"
    if data["reached"]:
        lead = f"contact day reached ({short_date(contact)})"
    elif days == 1:
        lead = f"1 day to {short_date(contact)}"
    else:
        lead = f"{days} days to {short_date(contact)}"
    return f"{lead} · {data['guide']} · {doing}"
