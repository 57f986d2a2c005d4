"""The hard moments' lines under the countdown: urges today and passed in all, a hard day
from three days before (with the key that plans it), and the safety net after three low
days (with the key that puts it away for the day). Hidden when there is nothing to say.

It reads a ``Journey`` (a domain value) and the clock; it never touches the file. The
screen calls ``show`` when the file holds something new; a timer redraws it when the
day or the hour turns.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from regroup.domain.journey import Journey
from regroup.domain.moments import Upcoming, safety_lines, warning_line


class HardMomentsPanel(Static):
    DEFAULT_CSS = """
    HardMomentsPanel { height: auto; padding: 0 1; display: none; }
    HardMomentsPanel.-shown { display: block; }
    """

    def __init__(self, now: Callable[[], datetime], journey: Callable[[], Journey], *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._now = now
        self._journey = journey
        self._shown: object = None
        self.near: list[Upcoming] = []
        self.safety_net = False

    def on_mount(self) -> None:
        self.show()
        self.set_interval(30, self.show, name="hard-moments")

    def show(self) -> None:
        """Recompute from the journey and the clock; redraw only when the words change."""
        journey, now = self._journey(), self._now()
        self.near = journey.near_hard_days(now) if journey.plan is not None else []
        self.safety_net = journey.safety_net_due(now)
        text = self.lines(journey, now)
        if text.plain != self._shown:
            self._shown = text.plain
            self.update(text)
            self.set_class(bool(text.plain), "-shown")

    def lines(self, journey: Journey, now: datetime) -> Text:
        """Every line as text (user text is appended as plain text, never read as markup)."""
        out = Text()

        def line(*parts: str | tuple[str, str]) -> None:
            if out.plain:
                out.append("\n")
            out.append_text(Text.assemble(*parts))

        if journey.urges:
            line(
                ("Urges ", "bold"),
                f"today {journey.urges_today(now)} · passed {journey.urges_passed()} in all",
                ("  r when one comes", "dim"),
            )
        for item in self.near[:2]:
            line(("◆ ", "bold"), warning_line(item), ("  a adds a plan to Planned", "dim"))
        if self.safety_net and journey.plan is not None:
            lead, support = safety_lines(journey.plan.support)
            line(("♥ ", "bold"), lead)
            line("  ", support, ("  x puts this away for today", "dim"))
        return out
