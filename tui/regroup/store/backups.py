"""Backup copies kept beside the database: before a migration, before an import, before
``init --force``. One function names them all."""

from __future__ import annotations

from pathlib import Path

from regroup.domain.model import utc_stamp
from regroup.store.files import atomic_write, sibling_name
from regroup.store.locking import locked


def backup_path(path: Path, why: str) -> Path:
    """A free name beside ``path``: ``regroup.<why>-20261201T093000Z.json`` (``-2``,
    ``-3``… when that name is taken; the stem shortened when the name would be too long)."""
    stamp = utc_stamp().replace(":", "").replace("-", "")
    candidate, n = sibling_name(path, f"{why}-{stamp}"), 1
    while candidate.exists():
        n += 1
        candidate = sibling_name(path, f"{why}-{stamp}", f"-{n}")
    return candidate


def keep_backup(path: Path, why: str, contents: bytes | None = None) -> Path:
    """Write a 0600 copy of ``path`` (or of ``contents``) beside it; return its path.
    Call with the lock held (``contents`` read under it), or see ``locked_backup``."""
    backup = backup_path(path, why)
    atomic_write(backup, path.read_bytes() if contents is None else contents)
    return backup


def locked_backup(path: Path, why: str) -> Path:
    """``keep_backup`` under the database's lock: the copy is exact."""
    with locked(path):
        return keep_backup(path, why)
