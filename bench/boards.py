"""The boards the benchmarks measure, written with the store's API: the default board (a
new file with a plan) and generated boards of 100 to 10,000 cards (3 % ideas, 2 % planned,
1 % doing, the rest done), every one with a plan five days old."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

NOW = datetime.now(UTC).replace(microsecond=0)
WORDS = (
    "walk run swim call read cook paint write learn plan visit tidy sort join try build sing "
    "stretch journal breathe garden bake hike climb cycle draw knit sew dance photograph "
    "mum dad sister friends neighbour library park museum river market forest coast city "
    "morning evening weekend lunch dinner breakfast class course club team choir studio "
    "new old quiet long short early late slow gentle brave honest kind small big whole"
).split()
NOTES = (
    "Bring a bottle of water and the good shoes.",
    "Ask Sam whether Thursday still works.",
    "Book before the end of the month; it fills up.",
    "Ten minutes is enough on a bad day.",
    "Write three lines, not a novel.\nThen stop.",
)
CATS = ("body", "mind", "heart", "social", "look")
SHARE = (("ideas", 0.03), ("planned", 0.02), ("doing", 0.01))  # the rest is done


def column_sizes(n: int) -> dict[str, int]:
    sizes = {name: max(1, round(n * share)) for name, share in SHARE}
    sizes["done"] = n - sum(sizes.values())
    return sizes


def generate_cards(n: int):
    from regroup.domain.model import Card

    rng = random.Random(n)
    cards = []
    next_id = 1
    for column, count in column_sizes(n).items():
        for position in range(1, count + 1):
            words = [rng.choice(WORDS) for _ in range(rng.randint(2, 9))]
            title = " ".join(words).capitalize()
            created = NOW - timedelta(days=rng.randint(1, 400), seconds=rng.randint(0, 86399))
            stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
            later = (created + timedelta(hours=rng.randint(1, 200))).strftime("%Y-%m-%dT%H:%M:%SZ")
            cards.append(
                Card(
                    id=next_id,
                    title=title,
                    category=CATS[next_id % len(CATS)],
                    column=column,
                    position=position,
                    notes=rng.choice(NOTES) if rng.random() < 0.35 else "",
                    created=stamp,
                    started=later if column in ("doing", "done") else None,
                    done=later if column == "done" else None,
                )
            )
            next_id += 1
    return cards


def default_plan():
    from regroup.domain.plan import make_plan

    breakup = (NOW - timedelta(days=5)).date().isoformat()
    return make_plan(breakup_date=breakup, ended_by="them", tz="Europe/Berlin", now=NOW)


def build_db(path: Path, n_cards: int | None) -> Path:
    """A database written with the store API: a new file with a plan (n_cards None keeps
    the starter cards: the default board), else n_cards generated cards."""
    from regroup.domain.board import put_cards
    from regroup.store import Store

    store = Store.open(path, now=NOW)
    store.set_plan(default_plan(), now=NOW)
    if n_cards is not None:
        store.apply(lambda state: put_cards(state.board, removes=tuple(state.board.cards)))
        store.apply(lambda state: put_cards(state.board, generate_cards(n_cards)))
    return path
