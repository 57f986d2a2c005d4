"""The countdown panel: big digits that tick, a progress bar, the date, the guide.

It redraws itself alone once a second; nothing else on screen is touched by the tick.

Three sizes (``mode``), chosen by the screen: "full" (the digits, the date, the guide and
its article, the next step, the bar, the other guides, the daily line), "compact" for a
short or narrow terminal (three lines: the days left and the date, the guide, the next
step) and "mini" when the user hides it (z): one line, the days left and the date.

One day count at a time: the full panel's count is the digits (days, hours, minutes,
seconds to the first instant of the contact date) and its words name the date only; the
compact and mini panels have no digits and say "N days to go" (calendar days, today
included, as ``regroup-tui status`` does).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Digits, Static

from regroup.app.sources import articles
from regroup.domain.clock import Countdown, first_instant, other_guides, split_seconds
from regroup.domain.daily import sparkline
from regroup.domain.dates import long_date, short_date
from regroup.domain.journey import Journey
from regroup.domain.text import safe_for_terminal

MODES = ("full", "compact", "mini")
MOOD_DAYS = 30  # the sparkline's days


def bar(progress: float, width: int) -> Text:
    """A thin progress bar drawn with box characters."""
    width = max(4, width)
    filled = progress * width
    full = int(filled)
    half = filled - full >= 0.5
    text = Text()
    text.append("━" * full, style="bold")
    if full < width:
        text.append("╸" if half else "", style="bold")
        text.append("─" * (width - full - (1 if half else 0)), style="dim")
    return text


def digits_text(state: Countdown | None) -> str:
    if state is None or not state.started:
        return "--:--:--:--"
    days, hours, minutes, seconds = state.parts
    return f"{days:02d}:{hours:02d}:{minutes:02d}:{seconds:02d}"


def days_words(days: int) -> str:
    return f"{days} day{'s' if days != 1 else ''}"


def guide_line(state: Countdown) -> str:
    """The guide and what it counts: "Three weeks of space · 21 days from the breakup"."""
    g = state.guide
    if not state.started:
        return f"{g.name} · {days_words(state.no_contact_days)} from the day the letter is sent"
    if state.anchor_kind == "slip" and state.anchor:
        since = f"the slip of {short_date(state.anchor)}"
    elif state.anchor_kind == "letter" and state.anchor:
        since = f"the letter, sent {short_date(state.anchor)}"
    else:
        since = "the breakup"
    line = f"{g.name} · {days_words(state.no_contact_days)} from {since}"
    if state.extensions:
        added = sum(e.days for e in state.extensions)
        line += f" (+{added} after “not yet”)"
    return line


def source_line(source: str) -> str:
    named = articles(source, short=True)
    if not named:
        return ""
    return f"from {named[0]}" + (" and another article (p shows both)" if len(named) > 1 else "")


class CountdownPanel(Vertical):
    """Shows a ``Journey``'s countdown. Call ``show`` with a new journey; it ticks itself."""

    class Reached(Message):
        """The countdown just reached zero (or was found at zero) for this contact date."""

    def __init__(
        self,
        now: Callable[[], datetime] | None = None,
        done: Callable[[], int] = lambda: 0,
        *,
        id: str | None = None,
        mode: str = "full",
    ) -> None:
        """``now`` is the clock; ``done`` counts the cards in the done column."""
        super().__init__(id=id, classes=f"-{mode}")
        self._now = now or (lambda: datetime.now(UTC))
        self._done = done
        self.mode = mode
        self.journey = Journey(None)
        self.state: Countdown | None = None
        self._shown: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="cd-top"):
            with Vertical(id="cd-clock"):
                yield Digits("--:--:--:--", id="cd-digits")
                yield Static(" days    hours     min      sec", id="cd-units")
            with Vertical(id="cd-info"):
                yield Static("", id="cd-headline", markup=False)
                yield Static("", id="cd-guide", markup=False)
                yield Static("", id="cd-source", markup=False)
                yield Static("", id="cd-note", markup=False)
        yield Static("", id="cd-bar", markup=False)
        yield Static("", id="cd-others", markup=False)
        yield Static("", id="cd-daily", markup=False)

    def on_mount(self) -> None:
        self.set_interval(1.0, self.tick, name="countdown-tick")

    def on_resize(self) -> None:
        self._shown.pop("bar", None)
        self.tick()

    def set_mode(self, mode: str) -> None:
        """full, compact or mini (see the module's docstring)."""
        if mode != self.mode:
            self.remove_class(f"-{self.mode}")
            self.mode = mode
            self.add_class(f"-{mode}")
            self._shown.clear()
            self.tick()

    def show(self, journey: Journey) -> None:
        """A new plan or log: recompute everything."""
        self.journey = journey
        self._shown.clear()
        self.tick()

    def tick(self) -> None:
        """Once a second: recompute from the wall clock and update what changed."""
        now = self._now()
        state = self.journey.countdown(now)
        was_reached = bool(self.state and self.state.reached)
        self.state = state
        if self.mode == "full":
            self._set("digits", self._digits(state, now), lambda v: self.query_one("#cd-digits", Digits).update(v))
            self._update_bar(state)
        day_key = (
            (state.contact_date, state.days_left, state.reached, state.started, self.journey.today(now))
            if state
            else None
        )
        self._set("info", day_key, lambda v: self._update_info(state))
        if state and state.reached and not was_reached:
            self.post_message(self.Reached())

    def _update_bar(self, state: Countdown | None) -> None:
        width = max(10, self.size.width - 16)
        pct = f"{int((state.progress if state else 0) * 100):3d}%"
        if state is not None and not state.started:
            self._set(
                "bar",
                "waiting",
                lambda v: self.query_one("#cd-bar", Static).update(
                    Text(" The count begins the day the letter is sent.", style="italic")
                ),
            )
        else:
            progress = state.progress if state else 0.0
            self._set(
                "bar",
                (round(progress * width * 2), width, pct),
                lambda v: self.query_one("#cd-bar", Static).update(
                    Text.assemble(" ", bar(progress, width), f"  {pct}")
                ),
            )

    def _digits(self, state: Countdown | None, now: datetime) -> str:
        journey = self.journey
        if journey.plan is not None and journey.plan.archived:
            return "--:--:--:--"
        if journey.contact_phase_at(state):
            retry = journey.next_try()
            if retry is not None and journey.plan is not None:
                seconds = max(0, int((first_instant(retry, journey.plan.zone) - now).total_seconds()))
                return "{:02d}:{:02d}:{:02d}:{:02d}".format(*split_seconds(seconds))
        return digits_text(state)

    def _set(self, key: str, value: Any, update: Callable[[Any], None]) -> None:
        if self._shown.get(key, object()) != value:
            self._shown[key] = value
            update(value)

    # --- the words --------------------------------------------------------------------

    def lines(self, state: Countdown | None) -> tuple[Text, str, str, str]:
        """The headline (as this mode words it), the guide line, the article and the next
        step, for the state the plan is in."""
        journey = self.journey
        plan = journey.plan
        compact = self.mode != "full"
        if plan is None or state is None:
            return Text("No plan yet: p sets one up"), "", "", ""
        them = safe_for_terminal(plan.them)
        source = source_line(state.guide.source)
        if plan.archived:
            when = f"on {short_date(plan.moved_on)} " if plan.moved_on else ""
            return (
                Text("Plan archived", style="bold"),
                f"You noted {when}that {plan.moved_on_words}. That takes courage.",
                "",
                "The board stays yours. To count again: ctrl+p, Resume the plan.",
            )
        if journey.contact_phase_at(state):
            return self._contact_phase_lines(state, them)
        if not state.started:
            headline = Text("Not started yet", style="bold")
            if compact:
                headline.append(f" · {days_words(state.no_contact_days)} from the letter")
            return headline, guide_line(state), source, "Next: " + (state.guide.waiting or "mark the letter sent (p).")
        contact = long_date(state.contact_date) if state.contact_date else ""
        if state.reached:
            today = state.days_left == 0 and self._is_today(state)
            headline = Text(f"{'Today is the day' if today else 'The date has come'}: {contact}", style="bold")
            check = journey.check_for(state.contact_date)
            if check and check.answer == "ready":
                note = "You said you are ready: keep it light and friendly (t logs a contact)."
            else:
                note = "Next: the emotion check (ctrl+p, Take the emotion check)."
            return headline, guide_line(state), source, note
        if compact:
            headline = Text.assemble((f"{days_words(state.days_left)} to go", "bold"), f" · earliest contact {contact}")
        else:
            headline = Text.assemble(("Earliest contact: ", "bold"), (contact, "bold"))
        return headline, guide_line(state), source, "Next: no contact; put the time into your board."

    def _contact_phase_lines(self, state: Countdown, them: str) -> tuple[Text, str, str, str]:
        journey = self.journey
        plan = journey.plan
        now = self._now()
        contacts = journey.contacts
        outings = journey.outings()
        if contacts:
            last = max(contacts, key=lambda c: (c.day, c.id))
            answered = "answered" if last.answered else "no answer yet"
            summary = (
                f"{len(contacts)} contact{'s' if len(contacts) != 1 else ''} · {len(outings)} outing"
                f"{'s' if len(outings) != 1 else ''} · last: {last.how}, {short_date(last.day)}, {answered}"
            )
        else:
            since = long_date(state.contact_date) if state.contact_date else "the date"
            summary = f"Since {since}. t logs each contact."
        retry = journey.next_try()
        if plan is not None and plan.moved_on:
            note = "You noted they have moved on. When ready: ctrl+p, Archive the plan."
        elif retry is not None and retry > (journey.today(now) or retry):
            note = f"No answer yet: give it space, try again on {short_date(retry)}."
        elif retry is not None:
            note = "A couple of days have passed: a light, friendly try is fine now."
        elif journey.time_for_the_talk(now):
            note = "A month of friendly outings: the honest talk about what went wrong can come now."
        else:
            note = "Friendly outings first; the big talk can wait a month or two."
        return Text("Contact phase: keep it light", style="bold"), summary, "", note

    def _update_info(self, state: Countdown | None) -> None:
        journey = self.journey
        plan = journey.plan
        self.set_class(bool(state and state.reached), "-reached")
        self.set_class(bool(state and not state.started), "-waiting")
        headline, guide, source, note = self.lines(state)
        if self.mode == "mini":
            headline = headline.copy()
            headline.append(" · z shows the panel", style="dim")
        self.query_one("#cd-headline", Static).update(headline)
        self.query_one("#cd-guide", Static).update(guide)
        source_line_widget = self.query_one("#cd-source", Static)
        source_line_widget.update(source)
        source_line_widget.set_class(not source, "-empty")
        self.query_one("#cd-note", Static).update(note)
        others = self.query_one("#cd-others", Static)
        other_text: Text | str = ""
        if plan is not None and state is not None:
            # a Text, not a str: a name is never read as markup ("Space from [/]")
            self.border_title = Text(f"Space from {safe_for_terminal(plan.them)}" if plan.name else "No contact")
            self._update_daily()
            if plan.archived:
                other_text = ""
            elif journey.contact_phase_at(state):
                hint = "ctrl+p: Archive the plan" if plan.moved_on else "if they have moved on, say so there"
                other_text = Text(f" t logs a contact · {hint}", style="dim")
            else:
                parts = []
                for other, contact in other_guides(plan, journey.slips if plan.restart_on_slip else ()):
                    parts.append(f"{other.name} → {short_date(contact) if contact else 'after the letter'}")
                other_text = Text(" Other guides: " + " · ".join(parts), style="dim") if parts else ""
        others.update(other_text)
        others.set_class(not other_text, "-empty")

    def _update_daily(self) -> None:
        journey = self.journey
        now = self._now()
        today = journey.today(now)
        since = (today - journey.plan.breakup_date).days + 1 if journey.plan and today else MOOD_DAYS
        moods = journey.moods(now, days=max(1, min(MOOD_DAYS, since)))
        done = self._done()
        kept = len(journey.checkins)
        if any(m is not None for m in moods):
            mood = (sparkline(moods), "bold")
        elif kept:
            mood = (f"no check-in in the last {len(moods)} days (c)", "italic")
        else:
            mood = ("no check-in yet (c)", "italic")
        line = Text.assemble(
            " Mood ", mood, f"  · {self._space_words(now)} · {done} done · {kept} check-in{'s' if kept != 1 else ''}"
        )
        if self._shown.get("daily") != line.plain:  # one fixed line: no layout
            self._shown["daily"] = line.plain
            self.query_one("#cd-daily", Static).update(line, layout=False)

    def _space_words(self, now: datetime) -> str:
        """Days of no contact: one number when no slip split them, else both."""
        journey = self.journey
        since_last = journey.streak_days(now)
        total = journey.space_days_total(now)
        if not journey.slips or since_last == total:
            return f"{days_words(total)} of no contact"
        return f"{days_words(since_last)} since the last slip · {days_words(total)} of space in all"

    def refresh_daily(self) -> None:
        """Cards or check-ins changed: only the daily line needs redrawing."""
        if self.journey.plan is not None and self.mode == "full":
            self._update_daily()

    def _is_today(self, state: Countdown) -> bool:
        from regroup.domain.dates import today_in

        plan = self.journey.plan
        return bool(plan and state.contact_date == today_in(plan.zone, self._now()))
