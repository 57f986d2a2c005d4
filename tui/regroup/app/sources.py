"""The articles the advice comes from, named as a person would: by title, in words.

The data keeps each piece of advice's source file name for traceability
(``data/sources.toml`` maps it to the article's title); nothing on screen ever shows a
file name, and a source this table does not know is simply not named.
"""

from __future__ import annotations

from functools import lru_cache

from regroup.domain.catalog import load_toml


@lru_cache(maxsize=1)
def _articles() -> dict[str, dict]:
    return dict(load_toml("sources.toml").get("sources", {}))


def article(name: str, short: bool = False) -> str:
    """One article in words: “Its Title”, or for the untitled one, the question it opens
    with ("an untitled article that opens “…”"); "" for a name the table lacks."""
    info = _articles().get(name.strip())
    if not info:
        return ""
    title = info.get("short", info["title"]) if short else info["title"]
    if info.get("untitled"):
        return f"“{title}”" if short else f"an untitled article that opens “{title}”"
    return f"“{title}”"


def articles(source: str, short: bool = False) -> list[str]:
    """Each article a source names (it may list several, comma separated), in words."""
    return [words for words in (article(name, short) for name in source.split(",")) if words]


def cited(source: str, short: bool = False) -> str:
    """ "from “A”" or "from “A” and “B”", or "" when the source names no known article."""
    named = articles(source, short)
    if not named:
        return ""
    return "from " + (" and ".join(named) if len(named) < 3 else ", ".join(named[:-1]) + " and " + named[-1])
