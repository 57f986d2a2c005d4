"""A TinyDB Storage that never leaves a broken file and never re-parses an unchanged one."""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from tinydb.storages import Storage

from regroup.errors import FileRefused
from regroup.store.files import atomic_write

Stamp = tuple[int, int, int, int]


def file_stamp(path: Path) -> Stamp | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)


_dumps = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), check_circular=False).encode
_SCALARS = (str, int, bool, type(None), float)


class IncrementalEncoder:
    """``json.dumps(data, ensure_ascii=True, separators=(",", ":"))``, byte for byte, but a
    document equal to the one encoded last time reuses its text: a save that changes one
    card of 10,000 encodes one card. (Only documents made of plain values are remembered,
    so a list changed in place is never missed.)"""

    def __init__(self) -> None:
        self._memo: dict[str, dict[str, tuple[dict, str]]] = {}

    def encode(self, data: dict[str, Any]) -> str:
        tables = []
        memo_now: dict[str, dict[str, tuple[dict, str]]] = {}
        for name, table in data.items():
            old = self._memo.get(name, {})
            new: dict[str, tuple[dict, str]] = {}
            items = []
            for key, doc in table.items():
                hit = old.get(key)
                if hit is not None and hit[0] == doc:
                    item = hit[1]
                    new[key] = hit
                else:
                    item = _dumps(key) + ":" + _dumps(doc)
                    if type(doc) is dict and all(type(v) in _SCALARS for v in doc.values()):
                        new[key] = (dict(doc), item)
                items.append(item)
            memo_now[name] = new
            tables.append(_dumps(name) + ":{" + ",".join(items) + "}")
        self._memo = memo_now
        return "{" + ",".join(tables) + "}"


class AtomicJSONStorage(Storage):
    """Reads the whole file once and keeps it while the file's stamp is unchanged; writes
    through ``atomic_write`` (temp file, fsync, rename, folder fsync, 0600).

    TinyDB mutates what ``read`` returns before calling ``write``; if the write fails the
    cache is dropped, so the next read comes from the file that is really on disk.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._cache: dict[str, Any] | None = None
        self._stamp: Stamp | None = None
        self.parses = 0  # how many times the file was parsed (for tests and benchmarks)
        self._encoder = IncrementalEncoder()
        self._batch = False  # inside transaction(): writes stay in memory until its end
        self._pending = False

    def read(self) -> dict[str, Any] | None:
        stamp = file_stamp(self.path)
        if stamp is None:
            self._cache, self._stamp = None, None
            return None
        if stamp == self._stamp and self._cache is not None:
            return self._cache
        data = self._parse()
        self._cache, self._stamp = data, stamp
        return data

    def _parse(self) -> dict[str, Any]:
        name = self.path
        try:
            raw = self.path.read_bytes()
        except PermissionError:
            raise FileRefused(f"Cannot read {name}: permission denied.") from None
        except OSError as error:
            raise FileRefused(f"Cannot read {name}: {error.strerror or error}.") from None
        self.parses += 1
        if not raw.strip():
            raise FileRefused(
                f"{name} is empty, so it is not a regroup-tui database; "
                "restore it from a backup or move it away to start afresh."
            )
        try:
            data = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise FileRefused(
                f"{name} is not valid JSON (it may be truncated or damaged); "
                "it was left untouched: restore it from a backup or move it away to start afresh."
            ) from None
        if not isinstance(data, dict) or not all(
            isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
            for table in data.values()
        ):
            raise FileRefused(
                f"{name} is JSON but not a regroup-tui database; it was left untouched: "
                "pass another file with --db, or move it away to start afresh."
            )
        return data

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Every write inside lands as ONE atomic write at the end (TinyDB writes the whole
        file once per table call, so one change touching several tables or several kinds of
        documents would otherwise be several writes, and a crash between them would leave a
        half-made change). An exception inside drops them all: the file is untouched."""
        self._batch, self._pending = True, False
        try:
            yield
        except BaseException:
            self._batch, self._pending = False, False
            self.forget()
            raise
        self._batch = False
        if self._pending:
            self._pending = False
            self.write(self._cache)  # type: ignore[arg-type]

    def write(self, data: dict[str, Any]) -> None:
        if self._batch:
            self._cache, self._pending = data, True  # the stamp stays the file's
            return
        try:
            payload = self._encoder.encode(data).encode("ascii")
            atomic_write(self.path, payload)
        except BaseException:
            self._cache, self._stamp = None, None
            raise
        self._cache, self._stamp = data, file_stamp(self.path)

    def forget(self) -> None:
        """Drop the cache: the next read parses the file."""
        self._cache, self._stamp = None, None

    def close(self) -> None:
        pass
