"""``regroup-tui export --format json`` and ``regroup-tui import``: the whole database as
JSON to back up and restore (markdown and ics: export_markdown.py, export_ics.py).

Never imports Textual. Files are written through the store's ``atomic_write`` (0600).
"""

from __future__ import annotations

import json
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from regroup.domain.model import utc_stamp
from regroup.errors import FileRefused, UserError

EXPORT_FORMAT = "regroup-tui-export"
# The largest json export (and so the largest database) that import takes: one that still
# imports in about a second (bench/README.md, import). ``export --format json`` refuses a
# database whose export would be larger, so every export can be imported back.
MAX_IMPORT_BYTES = 32 * 1024 * 1024
MAX_IMPORT_MB = MAX_IMPORT_BYTES // (1024 * 1024)

# --- json --------------------------------------------------------------------------


def read_raw(path: Path) -> dict[str, Any]:
    """The raw tables of a database that ``Store.open`` has just validated."""
    return json.loads(path.read_bytes())


def to_json(raw: dict[str, Any], now: datetime | None = None) -> str:
    from regroup.store import SCHEMA_VERSION

    envelope = {"format": EXPORT_FORMAT, "exported": utc_stamp(now), "schema": SCHEMA_VERSION, "data": raw}
    return json.dumps(envelope, ensure_ascii=True, indent=2) + "\n"


def json_export(db_path: Path, now: datetime | None = None) -> str:
    """The json export of the database at ``db_path`` (which ``Store.open`` has just
    checked), refused when it would be larger than what ``import`` takes back."""
    text = to_json(read_raw(db_path), now)
    if len(text) > MAX_IMPORT_BYTES:  # ASCII: one byte a character
        size = -(-len(text) // (1024 * 1024))
        raise FileRefused(
            f"The json export of {db_path} would be {size} MB, more than the {MAX_IMPORT_MB} MB that "
            "regroup-tui import takes back, so it was not made: copy the database file itself to keep a backup."
        )
    return text


# --- import ------------------------------------------------------------------------


def _is_table(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(key, str) and key.isdigit() and key.isascii() and isinstance(doc, dict) for key, doc in value.items()
    )


def load_export(source: Path) -> tuple[bytes, dict[str, int], str | None]:
    """Check an export file in full and return the database bytes to write, at our schema,
    with a count of what it holds and a warning about its plan (a time zone that cannot be
    used here), if any. Raises ``FileRefused`` (one sentence) for anything else.

    Anything but a regular file (a FIFO, a device such as /dev/zero, a folder) is refused
    before a byte is read, and so is a file larger than MAX_IMPORT_BYTES."""
    from regroup.store import SCHEMA_VERSION, Store
    from regroup.store.files import check_regular, read_regular

    name = source
    too_large = f"{name} is larger than {MAX_IMPORT_MB} MB, the most a regroup-tui export can be; nothing was changed."
    try:  # os.stat first: a FIFO is never opened, even without blocking
        check_regular(source, "a regroup-tui export", "nothing was changed")
        raw = read_regular(source, "a regroup-tui export", MAX_IMPORT_BYTES, too_large, "; nothing was changed")
    except FileNotFoundError:
        raise FileRefused(f"There is no file at {name}; nothing was changed.") from None
    except OSError as error:
        raise FileRefused(
            f"Cannot read {name}: {(error.strerror or str(error)).lower()}; nothing was changed."
        ) from None
    except ValueError:  # a NUL in the name
        raise FileRefused(f"There is no file at {name!r}; nothing was changed.") from None
    try:
        envelope = json.loads(raw)
    except (ValueError, RecursionError):  # bad JSON or UTF-8, or an integer of 4,300+ digits
        raise FileRefused(
            f"{name} is not valid JSON, so it is not a regroup-tui export; nothing was changed."
        ) from None
    if not isinstance(envelope, dict) or envelope.get("format") != EXPORT_FORMAT:
        raise FileRefused(
            f"{name} is not a regroup-tui export (made by regroup-tui export --format json); nothing was changed."
        )
    schema, data = envelope.get("schema"), envelope.get("data")
    if isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA_VERSION:
        raise FileRefused(
            f"{name} was exported by a newer regroup-tui (schema {schema}; this one reads up to "
            f"{SCHEMA_VERSION}): upgrade regroup-tui to import it; nothing was changed."
        )
    meta = data.get("_meta", {}).get("1") if isinstance(data, dict) and isinstance(data.get("_meta"), dict) else None
    if (
        not isinstance(schema, int)
        or isinstance(schema, bool)
        or schema < 1
        or not isinstance(data, dict)
        or not all(isinstance(table, str) and _is_table(value) for table, value in data.items())
        or not isinstance(meta, dict)
        or meta.get("schema") != schema
    ):
        raise FileRefused(f"{name} is a regroup-tui export whose data has the wrong shape; nothing was changed.")
    with tempfile.TemporaryDirectory(prefix="regroup-import-") as folder:
        trial = Path(folder) / "import.json"
        trial.write_bytes(json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii"))
        try:
            store = Store.open(trial, create=False)
            store.journey.countdown()  # an unknown guide would break the app
        except (UserError, KeyError, TypeError, ValueError, OverflowError):
            raise FileRefused(
                f"{name} holds a card, a plan or a log entry that regroup-tui cannot read; nothing was changed."
            ) from None
        journey = store.journey
        counts = {
            "cards": len(store.board),
            "plan": int(journey.plan is not None),
            "check-ins": len(journey.checkins),
            "journal entries": len(journey.journal),
            "contacts": len(journey.contacts),
        }
        warning = journey.plan.zone_warning if journey.plan else None
        return trial.read_bytes(), counts, warning  # migrated to our schema if it was older


def restore(source: Path, db_path: Path) -> tuple[dict[str, int], Path | None, str | None, bool]:
    """Replace the database with the export at ``source``; return what was restored, the
    0600 backup kept of the previous database (None when there was none), a warning about
    the plan it holds (see ``load_export``) and whether the import can be undone (``u`` in
    the app takes it back like any change; see store/restore.py).

    Only a regroup-tui database is replaced: a file at ``db_path`` that is something else
    (a copy of /etc/passwd, another program's JSON) or was written by a newer regroup-tui
    is refused and left as it is."""
    from regroup.store.files import check_regular
    from regroup.store.restore import replace_database

    check_regular(db_path, "the database", "pass a file path with --db")
    payload, counts, warning = load_export(source)
    checked = _current(db_path)
    if checked is not None:  # before the lock: a refused file gets no lock file beside it
        _check_replaceable(db_path, checked)
    backup, undoable = replace_database(db_path, payload, f"import of {source.name}", checked)
    return counts, backup, warning, undoable


def _current(db_path: Path) -> bytes | None:
    """The bytes of the database import would replace, None when there is none."""
    from regroup.store.files import read_regular

    try:
        return read_regular(db_path, "the database", 1 << 40, "", "; pass a file path with --db")
    except FileNotFoundError:
        return None
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise FileRefused(f"Cannot read {db_path} ({reason}), so it was not replaced; nothing was changed.") from None


def _check_replaceable(db_path: Path, current: bytes) -> None:
    """Refuse (one sentence) to replace a file that is not a regroup-tui database this
    version reads. An empty file and one that starts as our files start (a damaged
    database, which the refusals elsewhere tell the user to restore from a backup) may be
    replaced: the backup keeps them."""
    from regroup.store import SCHEMA_VERSION

    head = current.lstrip()
    if not head:
        return
    try:
        data = json.loads(current)
    except (ValueError, RecursionError):  # bad JSON or UTF-8, or an integer of 4,300+ digits
        if head.startswith(b'{"_meta":'):
            return  # ours, damaged
        data = None
    meta = data.get("_meta") if isinstance(data, dict) else None
    meta = meta.get("1") if isinstance(meta, dict) else None
    schema = meta.get("schema") if isinstance(meta, dict) else None
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise FileRefused(
            f"{db_path} is not a regroup-tui database, so import will not replace it: "
            "pass another file with --db or move it away; nothing was changed."
        )
    if schema > SCHEMA_VERSION:
        raise FileRefused(
            f"{db_path} was written by a newer regroup-tui (schema {schema}; this one reads up to "
            f"{SCHEMA_VERSION}), so import will not replace it: upgrade regroup-tui; nothing was changed."
        )


SINGULAR = {"cards": "card", "check-ins": "check-in", "journal entries": "journal entry", "contacts": "contact"}


def describe(counts: dict[str, int]) -> str:
    """'the plan, 7 cards, 1 check-in, 2 journal entries and 0 contacts'"""
    parts = ["the plan" if counts.get("plan") else "no plan"]
    parts += [f"{n} {SINGULAR[what] if n == 1 else what}" for what, n in counts.items() if what != "plan"]
    return ", ".join(parts[:-1]) + " and " + parts[-1]
