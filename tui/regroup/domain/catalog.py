"""What the product ships in data/: starter activities (and, later, guides and checks)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from regroup.paths import shipped


@dataclass(frozen=True, slots=True)
class Activity:
    title: str
    category: str
    notes: str
    source: str
    only_if_ended_by: str = ""


def load_toml(name: str) -> dict:
    with shipped(name).open("rb") as handle:
        return tomllib.load(handle)


@lru_cache(maxsize=1)
def activities() -> tuple[Activity, ...]:
    return tuple(
        Activity(
            title=item["title"],
            category=item["category"],
            notes=item.get("notes", ""),
            source=item.get("source", ""),
            only_if_ended_by=item.get("only_if_ended_by", ""),
        )
        for item in load_toml("activities.toml")["activity"]
    )


def starter_activities(ended_by: str | None = None) -> list[Activity]:
    """The activities a new board starts with: everyone's, plus those for ``ended_by``."""
    return [a for a in activities() if not a.only_if_ended_by or a.only_if_ended_by == ended_by]
