"""Make the SVG screenshots of every screen from the demo board, with the clock frozen.

    .venv/bin/python screenshots/make.py          (needs the test extra: time-machine)

Writes screenshots/*.svg; `rsvg-convert -w 1000 X.svg -o X.png` turns one into a PNG.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import time_machine

from regroup.app.app import RegroupApp
from regroup.demo import build_demo
from regroup.domain.daily import make_contact
from regroup.domain.journey import Check

HERE = Path(__file__).resolve().parent
NOW = datetime(2026, 11, 25, 17, 42, 9, tzinfo=UTC)
ZONE = "Europe/Berlin"

# name, keys to press, terminal size, how to prepare the store (None: the demo board as is)
SHOTS: list[tuple[str, list[str], tuple[int, int], str | None]] = [
    ("board", [], (120, 40), None),
    ("board-80x24", [], (80, 24), None),
    ("move-card", ["l", "L"], (120, 40), None),
    ("filter", ["slash", *"run"], (120, 40), None),
    ("card-form", ["e"], (120, 40), None),
    ("new-card", ["n"], (120, 40), None),
    ("confirm-delete", ["d"], (120, 40), None),
    ("help", ["question_mark"], (120, 40), None),
    ("command-palette", ["ctrl+p"], (120, 40), None),
    ("plan-settings", ["p"], (120, 40), None),
    ("slip", ["exclamation_mark"], (120, 40), None),
    ("check-in", ["c"], (120, 40), None),
    ("journal", ["w"], (120, 40), None),
    ("journal-entry", ["w", "e"], (120, 40), None),
    ("first-run", [], (120, 40), "first-run"),
    ("emotion-check", [], (120, 40), "day-of"),
    ("contact-phase", [], (120, 40), "contact-phase"),
    ("contact-log", ["t"], (120, 40), "contact-phase"),
    ("card-view", ["v"], (120, 40), None),
    ("slips", ["S"], (120, 40), "slip"),
    ("board-60x20", [], (60, 20), None),
    ("panel-hidden-80x24", ["z"], (80, 24), None),
    ("emotion-check-80x24", [], (80, 24), "day-of"),
    ("help-80x24", ["question_mark"], (80, 24), None),
    ("hard-moments", [], (120, 40), "hard"),
    ("urge", ["r", "3"], (120, 40), "hard"),
    ("urge-80x24", ["r"], (80, 24), "hard"),
    ("hard-days", ["D"], (120, 40), "hard"),
    ("cover", ["b"], (120, 40), "hard"),
]


def prepare(folder: Path, how: str | None):
    store = build_demo(folder / "demo.json", now=NOW, zone=ZONE)
    if how == "first-run":
        store.close()
        from regroup.store import Store

        fresh = folder / "fresh.json"
        return Store.open(fresh, now=NOW)
    if how == "slip":
        from regroup.domain.plan import Slip

        store.log_slip(Slip(date(2026, 11, 19), "answered a message late at night", "2026-11-19T22:10:00Z"))
    if how in ("day-of", "contact-phase"):
        from dataclasses import replace

        plan = store.journey.plan
        store.set_plan(replace(plan, breakup_date=date(2026, 11, 4)), now=NOW)  # 21 days ago: today is the day
        if how == "contact-phase":
            store.log_check(Check(date(2026, 11, 25), "ready"))
            store.log_contact(make_contact(0, "2026-11-25", "text", False, "a short hello", ZONE, NOW))
    if how == "hard":  # a hard day two days ahead, three low days, a support line (issue 16)
        from dataclasses import replace

        from regroup.domain.daily import make_checkin
        from regroup.domain.hard_changes import hard_day_added
        from regroup.domain.moments import make_hard_day

        store.set_plan(replace(store.journey.plan, support="Alex, 0170 1234567"), now=NOW)
        made = make_hard_day("1990-11-27", "their birthday", True, ZONE, NOW)
        store.apply(lambda state: hard_day_added(state, made))
        for day, mood in (("2026-11-23", 2), ("2026-11-24", 1), ("2026-11-25", 2)):
            store.save_checkin(make_checkin(day, mood, "", ZONE, now=NOW, back_days=7))
    return store


async def shoot(name: str, keys: list[str], size: tuple[int, int], how: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = prepare(Path(tmp), how)
        app = RegroupApp(store, poll=False)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            await pilot.pause(0.3)
            app.save_screenshot(filename=f"{name}.svg", path=str(HERE))
    print(f"screenshots/{name}.svg")


async def main() -> int:
    with time_machine.travel(NOW, tick=False):
        for shot in SHOTS:
            await shoot(*shot)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
