"""The countdown panel: big digits that tick, a progress bar, the date, the guide.

It redraws itself alone once a second; nothing else on screen is touched by the tick.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Digits, Static

from regroup.domain.clock import Countdown, other_guides
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

    def __init__(self, now: Callable[[], datetime] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._now = now or (lambda: datetime.now(timezone.utc))
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
        self._set("digits", digits_text(state), lambda v: self.query_one("#cd-digits", Digits).update(v))
        width = max(10, self.size.width - 16)
        pct = f"{int((state.progress if state else 0) * 100):3d}%"
        if state is not None and not state.started:
            self._set("bar", state.guide.waiting, lambda v: self.query_one("#cd-bar", Static).update(Text(f" {v}")))
        else:
            progress = state.progress if state else 0.0
            self._set(
                "bar",
                (round(progress * width * 2), width, pct),
                lambda v: self.query_one("#cd-bar", Static).update(Text.assemble(" ", bar(progress, width), f"  {pct}")),
            )
        day_key = (state.contact_date, state.days_left, state.reached, state.started) if state else None
        self._set("info", day_key, lambda v: self._update_info(state))
        if state and state.reached and not was_reached:
            self.post_message(self.Reached())

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
        if not state.started:
            headline.update(Text("Not started yet", style="bold"))
            date_line.update(f"It counts {plan.days} days from the letter." if g.anchor == "letter" else "Waiting for its start.")
            note.update("The step to take is below.")
        elif state.reached:
            check = journey.check_for(state.contact_date)
            headline.update(Text("Today is the day" if state.days_left == 0 and self._is_today(state) else "The date has come", style="bold"))
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
        return bool(plan and state.contact_date == today_in(plan.tz, self._now()))
