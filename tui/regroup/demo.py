"""The demo board: built from data/demo.toml into a throwaway file."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from regroup.domain.board import put_cards
from regroup.domain.catalog import load_toml
from regroup.domain.changes import Change
from regroup.domain.daily import CheckIn, JournalEntry
from regroup.domain.dates import system_zone, today_in
from regroup.domain.habits import set_tick
from regroup.domain.logbook import State
from regroup.domain.model import Card, utc_stamp
from regroup.domain.plan import make_plan
from regroup.domain.schedule import TICKS
from regroup.store import Store


def build_demo(path: Path, now: datetime | None = None, zone: str | None = None) -> Store:
    """Write the demo board to ``path`` (which must not exist) and return its store."""
    now = now or datetime.now(UTC)
    demo = load_toml("demo.toml")
    store = Store.open(path, now=now)
    stamp = utc_stamp(now)
    cards: list[Card] = []
    positions: dict[str, int] = {}
    for index, item in enumerate(demo["card"], start=1):
        column = item["column"]
        positions[column] = positions.get(column, 0) + 1
        cards.append(
            Card(
                id=index,
                title=item["title"],
                category=item["category"],
                column=column,
                position=positions[column],
                notes=item.get("notes", ""),
                created=stamp,
                started=stamp if column in ("doing", "done") else None,
                done=stamp if column == "done" else None,
                source=item.get("source", ""),
                per_week=item.get("per_week"),
                day=item.get("day"),
                time=item.get("time"),
            )
        )
    store.apply(lambda state: put_cards(state.board, removes=tuple(state.board.cards)))
    store.apply(lambda state: put_cards(state.board, cards))

    info = demo["plan"]
    zone = zone or system_zone()
    today = today_in(zone, now)
    store.set_plan(
        make_plan(
            breakup_date=today - timedelta(days=int(info["breakup_days_ago"])),
            ended_by=info["ended_by"],
            guide_id=info["guide"],
            tz=zone,
            name=info.get("name", ""),
            now=now,
        ),
        now=now,
    )
    for item in demo.get("checkin", []):
        day = today - timedelta(days=int(item["days_ago"]))
        store.save_checkin(CheckIn(day, int(item["mood"]), item.get("words", ""), stamp))
    for card, item in zip(cards, demo["card"]):  # habits ticked on the days before today
        for days_ago in item.get("ticks_days_ago", []):
            day = today - timedelta(days=int(days_ago))

            def tick(state: State, card: Card = card, day: date = day) -> Change | None:
                return set_tick(state.board, state.records(TICKS), card, day, True, state.new_id, now)

            store.apply(tick)
    # the review of last week is there in the palette ("Week"), not in the way of a first look
    store.set_setting("review_week", (today - timedelta(days=today.weekday())).isoformat())
    for item in demo.get("journal", []):
        day = today - timedelta(days=int(item["days_ago"]))
        store.save_entry(JournalEntry(0, day, item.get("wrong", ""), item.get("differently", ""), stamp))
    return store
