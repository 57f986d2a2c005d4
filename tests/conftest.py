"""Fixtures: a database file in tmp_path -> a store seeded with fixed cards -> the app.

Every Pilot test asserts on a store reopened from the file, not on widgets alone.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

# Textual reads TEXTUAL_ANIMATIONS once, when it is imported: before any test module imports it.
os.environ["TEXTUAL_ANIMATIONS"] = "none"
os.environ["REGROUP_CHECK_ENCODER"] = "1"  # every save compared with json.dumps (storage.py)

from regroup.domain.board import put_cards
from regroup.domain.model import Card
from regroup.store import Store

FIXED_NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)

SAMPLE = [
    # id, title, category, column, notes
    (1, "Pottery class on Thursdays", "mind", "ideas", "Beginners' wheel course"),
    (2, "Run 5 km three times a week", "body", "ideas", ""),
    (3, "Dinner with Maya", "social", "ideas", "Friday, the new Thai place"),
    (4, "New haircut", "look", "planned", ""),
    (5, "Write down what went wrong", "heart", "planned", "Be honest, not harsh"),
    (6, "Explore the old town", "mind", "doing", ""),
    (7, "Delete their number", "heart", "done", ""),
]


def sample_cards() -> list[Card]:
    stamp = "2026-11-20T10:00:00Z"
    positions: dict[str, int] = {}
    cards = []
    for card_id, title, category, column, notes in SAMPLE:
        positions[column] = positions.get(column, 0) + 1
        cards.append(
            Card(
                card_id,
                title,
                category,
                column,
                positions[column],
                notes,
                created=stamp,
                started=stamp if column in ("doing", "done") else None,
                done=stamp if column == "done" else None,
            )
        )
    return cards


def seed(path: Path, cards: list[Card] | None = None, plan: bool = False) -> Store:
    """A store with fixed cards (the sample by default) and, if asked, the default plan:
    breakup Sun 15 Nov 2026, ended by them, space-21, Europe/Berlin."""
    store = Store.open(path, now=FIXED_NOW)
    store.apply(lambda state: put_cards(state.board, removes=tuple(state.board.cards)))
    store.apply(lambda state: put_cards(state.board, cards if cards is not None else sample_cards()))
    if plan:
        from regroup.domain.plan import make_plan

        store.set_plan(
            make_plan(breakup_date="2026-11-15", ended_by="them", tz="Europe/Berlin", now=FIXED_NOW), now=FIXED_NOW
        )
    return store


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """No test touches the real data folder or inherits a REGROUP_DB."""
    monkeypatch.delenv("REGROUP_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))  # crash reports


@pytest.fixture(autouse=True)
def _pauses_wait_for_every_key(monkeypatch):
    """``pilot.pause()`` also waits until every key sent has been taken in (the app
    handles keys one at a time, each after what the one before it caused: a key that came
    while a dialog was opening waits for the dialog to be drawn)."""
    from textual.pilot import Pilot

    original = Pilot.pause

    async def pause(self, delay=None):
        await original(self, delay)
        for _ in range(200):
            keys = getattr(self.app, "keys", None)
            if keys is None or keys.idle:
                return
            await original(self)

    monkeypatch.setattr(Pilot, "pause", pause)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "board.json"


@pytest.fixture
def store(db_path) -> Store:
    return seed(db_path, plan=True)


def refuse_writes(monkeypatch) -> None:
    """The disk is full from now on (until ``monkeypatch.undo()``): every rename fails."""
    import errno

    from regroup.store import files

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "replace", no_space)


def reopen(path: Path) -> Store:
    """The file as another process would read it."""
    return Store.open(path, create=False)


def column_titles(store: Store, column: str) -> list[str]:
    return [card.title for card in store.board.column(column)]


# --- a plan at a frozen evening in Berlin, for the countdown and daily-use Pilot tests ---

BERLIN_EVENING = datetime(2026, 11, 25, 18, 30, 5, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.fixture
def frozen_evening():
    """Wed 25 Nov 2026, 18:30:05 in Berlin; the test moves it with .shift / .move_to."""
    import time_machine

    with time_machine.travel(BERLIN_EVENING, tick=False) as traveller:
        yield traveller


def planned(db_path: Path, **kw) -> Store:
    """The sample board with a plan: by default breakup Sun 15 Nov, space-21, Berlin."""
    from regroup.domain.plan import make_plan

    store = seed(db_path)
    args: dict[str, Any] = dict(breakup_date="2026-11-15", ended_by="them", tz="Europe/Berlin")
    args.update(kw)
    store.set_plan(make_plan(**args))
    return store


def panel_text(app) -> str:
    """Everything the countdown panel says, as text."""
    from regroup.app.widgets.countdown import CountdownPanel

    return "\n".join(str(w.render()) for w in app.screen.query_one(CountdownPanel).query("Static"))


def notifications(app) -> list:
    """Every notification shown so far, even gone ones (Textual's private list: read here only)."""
    return list(app._notifications)


def said(app, words: str, title: str | None = None) -> bool:
    """A toast holding ``words`` (and titled ``title``) has been shown, even if it has gone
    since. Textual keeps every notification in the private ``App._notifications``: read
    here only, so a Textual upgrade that renames it is fixed in one place."""
    return any(words in n.message and title in (None, n.title) for n in notifications(app))


async def until(pilot, condition, tries: int = 50) -> None:
    """Let the app run until ``condition()`` holds (no fixed pause); fail if it never does."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause()
    assert condition()


def running(app, size: tuple[int, int] = (120, 40), **options):
    """``app`` in a test terminal, 120x40 unless said: ``async with running(app) as pilot``."""
    return app.run_test(size=size, **options)


def screen_strips(app) -> list:
    """The screen's lines as the terminal gets them. Textual has no public way to read
    the composited screen as text, so its compositor is read here, and only here."""
    return app.screen._compositor.render_strips()


def screen_text(app) -> list[str]:
    """The screen as the terminal shows it, line by line."""
    return [strip.text for strip in screen_strips(app)]
