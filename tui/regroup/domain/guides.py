"""The guides: rules for the earliest contact date, shipped in data/guides.toml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from regroup.domain.catalog import load_toml
from regroup.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Guide:
    id: str
    name: str
    days: int
    anchor: str  # "breakup" or "letter"
    default_for: tuple[str, ...]
    summary: str
    detail: str
    waiting: str
    source: str

    @property
    def custom(self) -> bool:
        return self.id == "custom"


@lru_cache(maxsize=1)
def guides() -> dict[str, Guide]:
    table = load_toml("guides.toml")["guides"]
    return {
        gid: Guide(
            id=gid,
            name=g["name"],
            days=int(g["days"]),
            anchor=g.get("anchor", "breakup"),
            default_for=tuple(g.get("default_for", ())),
            summary=g.get("summary", ""),
            detail=g.get("detail", ""),
            waiting=g.get("waiting", ""),
            source=g.get("source", ""),
        )
        for gid, g in table.items()
    }


def guide(gid: str) -> Guide:
    try:
        return guides()[gid]
    except KeyError:
        shown = f" {gid!r}" if isinstance(gid, str) and gid.isprintable() and len(gid) <= 30 else ""
        raise InvalidInput(f"Unknown guide{shown}: choose one of {', '.join(guides())}.") from None


def default_guide(ended_by: str) -> Guide:
    for g in guides().values():
        if ended_by in g.default_for:
            return g
    return guides()["space-21"]
