"""``regroup-tui import``'s write: the database replaced by a checked export, under the
lock, with a backup of what it replaces, and the import joining the history as a change
of its own.

The import's history entry is the difference between the two databases, record by
record, so ``u`` (in an app opened afterwards) takes the import back like any change, and
is refused once anything it brought has been changed since. A difference too large to keep
in the file is not kept: the backup is then the way back.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from regroup.domain.changes import Change, Edit
from regroup.domain.history import HISTORY, HISTORY_SIZE, Entry
from regroup.domain.model import utc_stamp
from regroup.domain.records import FIELDS, normalized, table_problem
from regroup.errors import FileRefused
from regroup.store import schema
from regroup.store.backups import keep_backup
from regroup.store.files import atomic_write, ensure_folder, hard_link_refusal, real_target
from regroup.store.locking import locked

MAX_UNDOABLE_EDITS = 2000  # beyond this, the import is kept out of the history (see above)
_dumps = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), check_circular=False).encode


def replace_database(db_path: Path, payload: bytes, label: str, current_seen: bytes | None) -> tuple[Path | None, bool]:
    """Write ``payload`` (a checked database, at our schema) over ``db_path``; return the
    backup kept of what was there (None when nothing was) and whether the import can be
    undone. ``current_seen`` is the file as the caller checked it before the lock: a file
    that changed meanwhile is checked again by ``check`` (raising to refuse)."""
    db_path = real_target(db_path)  # through a link: the lock and the file are the target's
    refusal = hard_link_refusal(db_path)
    if refusal:  # refused before any backup is made
        raise FileRefused(refusal)
    ensure_folder(db_path.parent)
    new = json.loads(payload)
    with locked(db_path):
        try:
            current: bytes | None = db_path.read_bytes()
        except FileNotFoundError:
            current = None
        backup = keep_backup(db_path, "before-import", current) if current is not None else None
        undoable = False
        old = _readable(current)
        if old is not None:
            undoable = _record_import(old, new, label)
        atomic_write(db_path, _dumps(new).encode("ascii"))
    return backup, undoable


def _readable(raw: bytes | None) -> dict[str, Any] | None:
    """The database ``raw`` holds, if it is one of ours at our schema that reads cleanly."""
    if raw is None:
        return None
    try:
        data = json.loads(raw)
        schema.check_schema(data, Path("database"))
    except Exception:
        return None
    return data if table_problem(data) is None else None


def _record_import(old: dict[str, Any], new: dict[str, Any], label: str) -> bool:
    """Append to ``new``'s history the entry that takes the import back; False when the
    difference is too large to keep."""
    edits: list[Edit] = []
    for table in FIELDS:
        if table == HISTORY:
            continue
        before, after = old.get(table, {}), new.get(table, {})
        for key in sorted(set(before) | set(after), key=int):
            was = normalized(table, int(key), before.get(key))
            now = normalized(table, int(key), after.get(key))
            if was != now:
                edits.append(Edit(table, int(key), was, now))
    if len(edits) > MAX_UNDOABLE_EDITS:
        return False
    entries = new.setdefault(HISTORY, {})
    entry_id = max([int(key) for key in entries] + [_last_id(old, HISTORY), _last_id(new, HISTORY)]) + 1
    for key in sorted(entries, key=int)[: max(0, len(entries) + 1 - HISTORY_SIZE)]:
        del entries[key]
    entries[str(entry_id)] = Entry(entry_id, Change(tuple(edits), label), "import", utc_stamp()).to_doc()
    meta = new.setdefault(schema.META, {}).setdefault("1", {})
    handed = dict(meta.get("last_ids") or {})
    for table in set(handed) | set(schema.meta(old).get("last_ids") or {}) | {HISTORY}:
        handed[table] = max(_last_id(old, table), _last_id(new, table), entry_id if table == HISTORY else 0)
    meta["last_ids"] = handed
    return True


def _last_id(data: dict[str, Any], table: str) -> int:
    handed = (schema.meta(data).get("last_ids") or {}).get(table, 0)
    return max([int(key) for key in data.get(table, {})] + [int(handed or 0)])
