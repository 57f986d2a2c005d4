"""How a change's edits become what TinyDB writes: one final document per record."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, MutableMapping
from typing import Any

from regroup.domain.changes import Change, Edit
from regroup.domain.model import SCHEDULE_FIELDS
from regroup.domain.records import UNIQUE


def final_records(data: dict[str, Any], edits: Iterable[Edit]) -> dict[str, dict[int, dict[str, Any] | None]]:
    """Each record the edits touch, as it will be written (None: removed): worked out from
    what the file holds, so fields no edit names are kept as they are."""
    finals: dict[str, dict[int, dict[str, Any] | None]] = defaultdict(dict)
    for edit in edits:
        records = finals[edit.table]
        if edit.key not in records:
            raw = data.get(edit.table, {}).get(str(edit.key))
            records[edit.key] = dict(raw) if raw is not None else None
        records[edit.key] = edit.applied_to(records[edit.key])
    for doc in finals.get("cards", {}).values():  # a schedule field unset is left out, as Card.to_doc does
        for name in SCHEDULE_FIELDS:
            if doc is not None and doc.get(name, 0) is None:
                del doc[name]
    return finals


def replacing(raw_table: dict[str, Any], docs: dict[int, dict[str, Any]]) -> Callable[[MutableMapping[str, Any]], None]:
    """For TinyDB's ``update``: make each document the one given for its id. TinyDB hands
    the callable the stored document objects themselves, so they are told apart by
    identity (a document not among them is an error, and the change is not written)."""
    by_object = {id(raw_table[str(key)]): doc for key, doc in docs.items()}

    def replace(current: MutableMapping[str, Any]) -> None:
        doc = by_object[id(current)]
        current.clear()
        current.update(doc)

    return replace


def duplicated(
    data: dict[str, Any], change: Change, pending: dict[tuple[str, int], dict[str, Any] | None]
) -> Edit | None:
    """The edit of ``change`` that adds a record another one already is, by the fields
    ``records.UNIQUE`` names for its table (``pending``: what the change leaves of the
    records it touches); None when there is none."""
    for edit in change.edits:
        fields = UNIQUE.get(edit.table)
        if fields is None or edit.before is not None or edit.after is None:
            continue
        mine = tuple(edit.after.get(name) for name in fields)
        for key, doc in data.get(edit.table, {}).items():
            where = (edit.table, int(key))
            now = pending[where] if where in pending else doc
            if int(key) != edit.key and now is not None and tuple(now.get(n) for n in fields) == mine:
                return edit
    return None
