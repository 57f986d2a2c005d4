"""``regroup-tui export --format markdown``: the whole database to read, user text shown as
typed (no markup, no control characters), with the timeline."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from regroup.domain.board import Board
from regroup.domain.daily import MOODS
from regroup.domain.dates import long_date
from regroup.domain.guides import guide
from regroup.domain.journey import Journey
from regroup.domain.model import COLUMN_TITLES, COLUMNS, utc_stamp
from regroup.domain.schedule import TICKS, day_words, repeat_words
from regroup.domain.text import safe_for_terminal

# --- markdown ----------------------------------------------------------------------

# User text is escaped so that a renderer shows it as typed: every character that has a
# meaning anywhere in a line (emphasis, code, links, HTML, entities, tables, strikethrough,
# math) gets a backslash, and so do the characters that only mean something at the start
# of a line (headings and quotes are covered above; lists, setext underlines, numbered
# lists: "1." and "1)").
_MD_ANYWHERE = re.compile(r"([\\`*_\[\]<>#|~&$])")
_MD_LINE_START = re.compile(r"^([ \t]*)(?:([-+=])|([0-9]+)([.)]))", re.MULTILINE)


def md(text: str | None) -> str:
    """User text for the markdown export: no control or direction characters, and no
    markup: ``<img src=x onerror=...>``, ``# heading``, code fences, ``*``, ``_``, ``[``
    and backticks all show as typed."""
    if not text:
        return ""
    text = safe_for_terminal(text, keep="\n\t")
    text = _MD_ANYWHERE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(
        lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\{m.group(4)}"), text
    )


def _when(stamp: str | None) -> str:
    return md(stamp.replace("T", " ").replace("Z", " UTC")) if stamp else ""


def _block(text: str, indent: str = "  ") -> str:
    """Multi-line user text under a list item, escaped: continuation lines indented."""
    return md(text).replace("\n", "\n" + indent)


def to_markdown(journey: Journey, board: Board, now: datetime | None = None, records: Any = None) -> str:
    """``records`` (the store's ``records``) adds the timeline: every event, newest first."""
    now = now or datetime.now(UTC)
    plan = journey.plan
    out: list[str] = ["# regroup-tui export", "", f"Exported {_when(utc_stamp(now))}.", "", "## The plan", ""]
    if plan is None:
        out += ["No plan yet.", ""]
    else:
        g = guide(plan.guide)
        state = journey.countdown(now)
        out += [
            f"- Breakup: {long_date(plan.breakup_date)} (ended by {plan.ended_by})",
            f"- The other person: {md(plan.name) or '(no name given)'}",
            f"- Guide: {g.name} ({g.id}), {plan.days} days of no contact"
            + (f"; source: {g.source}" if g.source else ""),
            f"- Time zone: {md(plan.tz)}"
            + (f" (it cannot be used here: days are counted in {plan.zone})" if plan.zone_warning else ""),
            f"- Apology letter sent: {long_date(plan.letter_sent) if plan.letter_sent else 'not yet'}",
            f"- A slip restarts the count: {'yes' if plan.restart_on_slip else 'no'}",
            f"- Support line: {md(plan.support) or '(none)'}",
            f"- Cool-down after an urge: {plan.cooldown_minutes} minutes",
        ]
        if state is None or not state.started or state.contact_date is None:
            out.append("- Countdown: not started; it starts when the letter is marked sent")
        else:
            if state.anchor:
                out.append(f"- Counting from: {long_date(state.anchor)} ({state.anchor_kind})")
            out.append(f"- Earliest contact date: {long_date(state.contact_date)} ({state.no_contact_days} days)")
            if state.reached:
                out.append("- Countdown: the contact date is reached")
            else:
                out.append(f"- Countdown: {state.days_left} day{'s' if state.days_left != 1 else ''} left")
        if plan.moved_on:
            out.append(f"- Recorded that {md(plan.moved_on_words)}: {long_date(plan.moved_on)}")
        if plan.archived:
            out.append("- The plan is archived")
        next_try = journey.next_try()
        if next_try:
            out.append(f"- Next try after no answer: {long_date(next_try)}")
        out.append("")
    out += ["### Slips", ""]
    out += [f"- {long_date(s.day)}" + (f": {_block(s.note)}" if s.note else "") for s in journey.slips] or ["None."]
    out += ["", "### Extensions", ""]
    out += [f"- {long_date(e.day)}: {e.days} more days ({md(e.reason)})" for e in journey.extensions] or ["None."]
    out += ["", "### Emotion checks", ""]
    answers = {"ready": "ready", "not_yet": "not yet"}
    out += [
        f"- For {long_date(c.contact_date)}: {answers.get(c.answer) or md(c.answer)}"
        + (f" ({_when(c.at)})" if c.at else "")
        for c in journey.checks
    ] or ["None."]
    out += ["", "## The board", ""]
    for column in COLUMNS:
        cards = board.column(column)
        out += [f"### {COLUMN_TITLES[column]} ({len(cards)})", ""]
        for card in cards:
            when = "; ".join(w for w in (repeat_words(card.per_week), day_words(card.day, card.time)) if w)
            out.append(f"- **{md(card.title)}** ({card.category}{'; ' + when if when else ''})")
            if card.notes:
                out.append(f"  {_block(card.notes)}")
            stamps = [
                f"{name} {_when(value)}" for name, value in (("started", card.started), ("done", card.done)) if value
            ]
            if stamps:
                out.append(f"  {', '.join(stamps)}")
        out += ["None.", ""] if not cards else [""]
    out += _habits(board, records, plan.zone if plan else "UTC", now)
    out += ["## Check-ins", ""]
    out += [
        f"- {long_date(c.day)}: mood {c.mood} ({MOODS.get(c.mood, '?')})" + (f": {md(c.words)}" if c.words else "")
        for c in journey.checkins
    ] or ["None."]
    out += ["", "## Journal", ""]
    if not journey.journal:
        out += ["None.", ""]
    for entry in journey.journal:
        out += [f"### {long_date(entry.day)}", "", "**What went wrong?**", "", md(entry.wrong) or "-", ""]
        out += ["**What will I do differently?**", "", md(entry.differently) or "-", ""]
    out += ["## Contacts", ""]
    for c in journey.contacts:
        answer = (
            "answered" if c.answered else f"no answer; try again {long_date(c.next_try)}" if c.next_try else "no answer"
        )
        out.append(f"- {long_date(c.day)}, {md(c.how)}: {answer}" + (f": {_block(c.note)}" if c.note else ""))
    if not journey.contacts:
        out.append("None.")
    out += _hard_moments(journey, now)
    if records is not None:
        from regroup.domain.dates import today_in
        from regroup.domain.timeline import events

        today = today_in(plan.zone if plan else "UTC", now)
        out += ["", "## Timeline", "", "Every event, newest first.", ""]
        for event in events(plan, board, records, today):
            detail = event.detail.splitlines()[0] if event.detail and event.kind != "journal" else ""
            out.append(f"- {long_date(event.day)}: {md(event.title)}" + (f" ({md(detail)})" if detail else ""))
    # Whatever slipped through (nothing should): no control or direction character leaves.
    return safe_for_terminal("\n".join(out).rstrip("\n") + "\n", keep="\n\t")


def _hard_moments(journey: Journey, now: datetime) -> list[str]:
    """The hard days (with when each comes next) and the urges, one line each."""
    from regroup.domain.dates import today_in
    from regroup.domain.hard_changes import OUTCOME_WORDS

    zone = journey.zone
    today = today_in(zone, now)
    out = ["", "## Hard days", ""]
    for hard in journey.hard_days:
        upcoming = hard.next_from(today)
        when = f"; next {long_date(upcoming)}" if upcoming and hard.yearly else ""
        out.append(f"- {long_date(hard.day)}: {md(hard.label)}" + (" (every year" + when + ")" if hard.yearly else ""))
    if not journey.hard_days:
        out.append("None.")
    out += ["", "## Urges", ""]
    for urge in journey.urges:
        day = urge.day(zone)
        strength = f", strength {urge.strength}" if urge.strength else ""
        out.append(
            f"- {long_date(day) if day else '?'} at {urge.local_time(zone) or '?'}: "
            f"{OUTCOME_WORDS.get(urge.outcome, urge.outcome)}{strength}"
        )
    if not journey.urges:
        out.append("None.")
    return out


def _habits(board: Board, records: Any, zone: str, now: datetime) -> list[str]:
    """Each card that repeats (Done ones too: their history is kept), with this week's
    count, the last four weeks and every day ticked."""
    from regroup.domain.dates import short_date, today_in
    from regroup.domain.habits import Ticks, habit_week

    cards = sorted((c for c in board.cards.values() if c.per_week is not None), key=lambda c: c.id)
    if not cards:
        return []
    ticks = Ticks(records(TICKS) if records is not None else {})
    today = today_in(zone, now)
    out = ["## Habits", ""]
    for card in cards:
        week = habit_week(card, ticks, today)
        assert week is not None
        weeks = ", ".join(str(n) for n in week.weeks)
        out.append(f"- **{md(card.title)}**: {repeat_words(card.per_week)}; {week.line}; last four weeks: {weeks}")
        days = sorted(ticks.days(card.id))
        if days:
            out.append(
                "  ticked " + ", ".join(short_date(d) + (f" {d.year}" if d.year != today.year else "") for d in days)
            )
    return out + [""]
