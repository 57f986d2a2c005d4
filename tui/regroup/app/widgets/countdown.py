"""The countdown panel: big digits that tick, a progress bar, the date, the guide.

It redraws itself alone once a second; nothing else on screen is touched by the tick.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Digits, Static

from regroup.domain.clock import Countdown, first_instant, other_guides, split_seconds
from regroup.domain.daily import sparkline
from regroup.domain.dates import long_date, short_date
from regroup.domain.journey import Journey
from regroup.domain.text import safe_for_terminal


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
    ) -> None:
        """``now`` is the clock; ``done`` counts the cards in the done column."""
        super().__init__(id=id)
        self._now = now or (lambda: datetime.now(UTC))
        self._done = done
        self.journey = Journey(None)
        self.state: Countdown | None = None
        self._shown: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="cd-top"):
            with Vertical(id="cd-clock"):
                yield Digits("--:--:--:--", id="cd-digits")
                yield Static(" days    hours     min      sec", id="cd-units")
            with Vertical(id="cd-info"):
                yield Static("", id="cd-headline")
                yield Static("", id="cd-date")
                yield Static("", id="cd-guide")
                yield Static("", id="cd-note")
        yield Static("", id="cd-bar")
        yield Static("", id="cd-others")
        yield Static("", id="cd-daily")

    def on_mount(self) -> None:
        self.set_interval(1.0, self.tick, name="countdown-tick")

    def on_resize(self) -> None:
        self._shown.pop("bar", None)
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
        self._set("digits", self._digits(state, now), lambda v: self.query_one("#cd-digits", Digits).update(v))
        width = max(10, self.size.width - 16)
        pct = f"{int((state.progress if state else 0) * 100):3d}%"
        if state is not None and not state.started:
            self._set("bar", state.guide.waiting, lambda v: self.query_one("#cd-bar", Static).update(Text(f" {v}")))
        else:
            progress = state.progress if state else 0.0
            self._set(
                "bar",
                (round(progress * width * 2), width, pct),
                lambda v: self.query_one("#cd-bar", Static).update(
                    Text.assemble(" ", bar(progress, width), f"  {pct}")
                ),
            )
        day_key = (
            (state.contact_date, state.days_left, state.reached, state.started, self.journey.today(now))
            if state
            else None
        )
        self._set("info", day_key, lambda v: self._update_info(state))
        if state and state.reached and not was_reached:
            self.post_message(self.Reached())

    def _digits(self, state: Countdown | None, now: datetime) -> str:
        journey = self.journey
        if journey.plan is not None and journey.plan.archived:
            return "--:--:--:--"
        if journey.contact_phase_at(state):
            retry = journey.next_try()
            if retry is not None:
                seconds = max(0, int((first_instant(retry, journey.plan.zone) - now).total_seconds()))
                return "{:02d}:{:02d}:{:02d}:{:02d}".format(*split_seconds(seconds))
        return digits_text(state)

    def _set(self, key: str, value: object, update: Callable[[object], None]) -> None:
        if self._shown.get(key, object()) != value:
            self._shown[key] = value
            update(value)

    def _update_info(self, state: Countdown | None) -> None:
        journey = self.journey
        plan = journey.plan
        headline = self.query_one("#cd-headline", Static)
        date_line = self.query_one("#cd-date", Static)
        guide_line = self.query_one("#cd-guide", Static)
        note = self.query_one("#cd-note", Static)
        others = self.query_one("#cd-others", Static)
        self.set_class(bool(state and state.reached), "-reached")
        self.set_class(bool(state and not state.started), "-waiting")
        if plan is None or state is None:
            headline.update("No plan yet")
            for widget in (date_line, guide_line, note, others):
                widget.update("")
            return
        g = state.guide
        them = safe_for_terminal(plan.them)
        self.border_title = f"Space from {them}" if plan.name else "No contact"
        source = f" · from {g.source}" if g.source else ""
        guide_line.update(Text.assemble((g.name, "bold"), f" ({g.id}, {state.no_contact_days} days){source}"))
        self._update_daily()
        if plan.archived:
            headline.update(Text("Plan archived", style="bold"))
            when = f" on {short_date(plan.moved_on)}" if plan.moved_on else ""
            date_line.update(f"You noted that {them} has moved on{when}. That takes courage.")
            note.update("The board stays yours; p brings the plan back.")
            others.update("")
            return
        if journey.contact_phase_at(state):
            self._update_contact_phase(state)
            return
        if not state.started:
            headline.update(Text("Not started yet", style="bold"))
            date_line.update(
                f"It counts {plan.days} days from the letter." if g.anchor == "letter" else "Waiting for its start."
            )
            note.update("The step to take is below.")
        elif state.reached:
            check = journey.check_for(state.contact_date)
            headline.update(
                Text(
                    "Today is the day" if state.days_left == 0 and self._is_today(state) else "The date has come",
                    style="bold",
                )
            )
            date_line.update(f"Earliest contact: {long_date(state.contact_date)}")
            if check and check.answer == "ready":
                note.update("You said you are ready: keep it light and friendly.")
            else:
                note.update("A short emotion check comes first.")
        else:
            days = state.days_left
            headline.update(Text(f"{days} day{'s' if days != 1 else ''} to go", style="bold"))
            date_line.update(f"Earliest contact: {long_date(state.contact_date)}")
            note.update(self._note(state))
        if state.started and not state.reached:
            pass
        parts = []
        for other, contact in other_guides(plan, journey.slips if plan.restart_on_slip else ()):
            parts.append(f"{other.id} → {short_date(contact) if contact else 'after the letter'}")
        others.update(Text(" Other guides: " + " · ".join(parts), style="dim") if parts else "")

    def _update_contact_phase(self, state: Countdown) -> None:
        journey = self.journey
        now = self._now()
        contacts = journey.contacts
        outings = journey.outings()
        headline = self.query_one("#cd-headline", Static)
        date_line = self.query_one("#cd-date", Static)
        note = self.query_one("#cd-note", Static)
        others = self.query_one("#cd-others", Static)
        headline.update(Text("Contact phase: keep it light", style="bold"))
        if contacts:
            last = max(contacts, key=lambda c: (c.day, c.id))
            answered = "answered" if last.answered else "no answer yet"
            date_line.update(
                f"{len(contacts)} contact{'s' if len(contacts) != 1 else ''} · {len(outings)} outing"
                f"{'s' if len(outings) != 1 else ''} · last: {last.how}, {short_date(last.day)}, {answered}"
            )
        else:
            date_line.update(f"Since {long_date(state.contact_date)}. t logs each contact.")
        retry = journey.next_try()
        if retry is not None and retry > (journey.today(now) or retry):
            note.update(f"No answer yet: give it space, try again on {short_date(retry)}.")
        elif retry is not None:
            note.update("A couple of days have passed: a light, friendly try is fine now.")
        elif journey.time_for_the_talk(now):
            note.update("A month of friendly outings: the honest talk about what went wrong can come now.")
        else:
            note.update("Friendly outings first; the big talk can wait a month or two.")
        others.update(Text(" t logs a contact · if they have moved on, say so there", style="dim"))

    def _update_daily(self) -> None:
        journey = self.journey
        now = self._now()
        since = (journey.today(now) - journey.plan.breakup_date).days + 1 if journey.plan else 30
        moods = journey.moods(now, days=max(1, min(30, since)))
        done = self._done()
        kept = len(journey.checkins)
        mood = (sparkline(moods), "bold") if any(m is not None for m in moods) else ("no check-ins yet (c)", "italic")
        line = Text.assemble(
            " Mood ",
            mood,
            f"  · streak {journey.streak_days(now)} d · {journey.space_days_total(now)} days of space"
            f" · {done} done · {kept} check-in{'s' if kept != 1 else ''}",
        )
        if self._shown.get("daily") != line.plain:  # one fixed line: no layout
            self._shown["daily"] = line.plain
            self.query_one("#cd-daily", Static).update(line, layout=False)

    def refresh_daily(self) -> None:
        """Cards or check-ins changed: only the daily line needs redrawing."""
        if self.journey.plan is not None:
            self._update_daily()

    def _note(self, state: Countdown) -> str:
        bits = []
        if state.anchor_kind == "slip" and state.anchor:
            bits.append(f"Restarted after a slip on {short_date(state.anchor)}")
        elif state.anchor_kind == "letter" and state.anchor:
            bits.append(f"Counting from the letter, sent {short_date(state.anchor)}")
        if state.extensions:
            added = sum(e.days for e in state.extensions)
            bits.append(f"extended +{added} days ({len(state.extensions)}×)")
        return "; ".join(bits)

    def _is_today(self, state: Countdown) -> bool:
        from regroup.domain.dates import today_in

        plan = self.journey.plan
        return bool(plan and state.contact_date == today_in(plan.zone, self._now()))
