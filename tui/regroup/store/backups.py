"""Backup copies kept beside the database: before a migration, before an import, before
``init --force``. One function names them all."""

from __future__ import annotations

from pathlib import Path

from regroup.domain.model import utc_stamp
from regroup.store.files import atomic_write


def backup_path(path: Path, why: str) -> Path:
    """A free name beside ``path``: ``regroup.<why>-backup-20261201T093000Z.json``
    (``-2``, ``-3``… when that name is taken)."""
    stamp = utc_stamp().replace(":", "").replace("-", "")
    candidate = path.with_name(f"{path.stem}.{why}-backup-{stamp}{path.suffix}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}.{why}-backup-{stamp}-{n}{path.suffix}")
    return candidate


def keep_backup(path: Path, why: str, contents: bytes | None = None) -> Path:
    """Write a 0600 copy of ``path`` (or of ``contents``) beside it; return its path."""
    backup = backup_path(path, why)
    atomic_write(backup, path.read_bytes() if contents is None else contents)
    return backup
