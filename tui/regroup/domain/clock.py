"""The countdown: a pure function of the plan, its logs and the current instant.

Calendar-day arithmetic in the plan's zone (a daylight-saving change never makes a day
vanish or repeat); seconds between UTC instants (the ticking digits never jump).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from regroup.domain.dates import zone_info
from regroup.domain.guides import Guide, guide, guides
from regroup.domain.plan import Extension, Plan, Slip


def first_instant(day: date, zone: str) -> datetime:
    """The first instant of ``day`` in ``zone``, as a UTC datetime.

    Midnight with fold=0 is right in every zone: where a clock change skips midnight, the
    offset before the change maps 00:00 onto the instant the day really begins; where
    midnight happens twice, fold=0 is the first. A zone name that cannot be loaded counts
    as UTC (see ``Plan.zone``).
    """
    local = datetime(day.year, day.month, day.day, tzinfo=zone_info(zone))
    return local.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Countdown:
    started: bool
    guide: Guide
    anchor: date | None
    anchor_kind: str  # "breakup", "letter", "slip"
    no_contact_days: int  # the guide's days plus extensions
    contact_date: date | None
    days_left: int  # calendar days in the plan's zone, never negative
    seconds_left: int  # real seconds to the first instant of the contact date, never negative
    progress: float  # 0..1 from the anchor's first instant to the contact date's
    extensions: tuple[Extension, ...] = ()
    last_slip: Slip | None = None

    @property
    def reached(self) -> bool:
        return self.started and self.seconds_left == 0

    @property
    def parts(self) -> tuple[int, int, int, int]:
        """days, hours, minutes, seconds of ``seconds_left``."""
        return split_seconds(self.seconds_left)


def split_seconds(total: int) -> tuple[int, int, int, int]:
    """days, hours, minutes, seconds."""
    minutes, seconds = divmod(total, 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    return days, hours, minutes, seconds


def anchor_of(plan: Plan, slips: list[Slip] | tuple[Slip, ...] = ()) -> tuple[date | None, str]:
    g = guide(plan.guide)
    if g.anchor == "letter":
        if plan.letter_sent is None:
            return None, "letter"
        anchor, kind = plan.letter_sent, "letter"
    else:
        anchor, kind = plan.breakup_date, "breakup"
    if plan.restart_on_slip:
        later = [s.day for s in slips if s.day >= anchor]
        if later:
            return max(later), "slip"
    return anchor, kind


def countdown(
    plan: Plan,
    now: datetime | None = None,
    slips: list[Slip] | tuple[Slip, ...] = (),
    extensions: list[Extension] | tuple[Extension, ...] = (),
) -> Countdown:
    now = (now or datetime.now(UTC)).astimezone(UTC)
    g = guide(plan.guide)
    anchor, kind = anchor_of(plan, slips)
    last_slip = max(slips, key=lambda s: s.day) if slips else None
    if anchor is None:
        return Countdown(False, g, None, kind, plan.days, None, 0, 0, 0.0, (), last_slip)
    counted = tuple(e for e in extensions if e.day >= anchor)
    total = plan.days + sum(e.days for e in counted)
    contact = anchor + timedelta(days=total)
    zone = plan.zone  # the plan's zone, or UTC when it cannot be loaded
    today = now.astimezone(zone_info(zone)).date()
    target = first_instant(contact, zone)
    start = first_instant(anchor, zone)
    # rounded up: zero only once the contact date has begun, never a fraction of a second early
    seconds = max(0, math.ceil((target - now).total_seconds()))
    span = (target - start).total_seconds()
    progress = 1.0 if span <= 0 else min(1.0, max(0.0, (now - start).total_seconds() / span))
    return Countdown(
        started=True,
        guide=g,
        anchor=anchor,
        anchor_kind=kind,
        no_contact_days=total,
        contact_date=contact,
        days_left=max(0, (contact - today).days),
        seconds_left=seconds,
        progress=progress,
        extensions=counted,
        last_slip=last_slip,
    )


def other_guides(plan: Plan, slips: list[Slip] | tuple[Slip, ...] = ()) -> list[tuple[Guide, date | None]]:
    """What each other (non-custom) guide would give for this plan."""
    result = []
    for g in guides().values():
        if g.id == plan.guide or g.custom:
            continue
        other = Plan(
            plan.breakup_date, plan.ended_by, g.id, g.days, plan.tz, plan.letter_sent, plan.name, plan.restart_on_slip
        )
        anchor, _ = anchor_of(other, slips)
        result.append((g, anchor + timedelta(days=g.days) if anchor else None))
    return result
