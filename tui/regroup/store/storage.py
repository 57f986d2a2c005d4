"""A TinyDB Storage that never leaves a broken file and never re-parses an unchanged one."""

from __future__ import annotations

import json
from operator import itemgetter
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


class _Table:
    """What the encoder remembers of one table: each document's text, a copy of each plain
    document (to see a change made in place), and whether every document was plain."""

    __slots__ = ("texts", "copies", "complete")

    def __init__(self, texts: dict[str, str], copies: dict[str, dict], complete: bool) -> None:
        self.texts, self.copies, self.complete = texts, copies, complete


class IncrementalEncoder:
    """``json.dumps(data, ensure_ascii=True, separators=(",", ":"))``, byte for byte, but a
    document equal to the one encoded last time reuses its text: a save that changes one
    card of 10,000 encodes one card. (Only documents made of plain values are remembered,
    so a list changed in place is never missed.)

    ``touched`` can say, for a table, which keys the change may have altered (added,
    changed in place or removed). When ``data`` is the same object as last time (the file
    was not re-read since) and every document of that table was plain, only those keys are
    encoded and the rest is copied from memory, without comparing 10,000 documents (which
    was ~20 ms of a save at 10,000 cards). Any doubt falls back to comparing."""

    def __init__(self) -> None:
        self._memo: dict[str, _Table] = {}
        self._data: dict[str, Any] | None = None

    def encode(self, data: dict[str, Any], touched: dict[str, set[str]] | None = None) -> str:
        same_data = data is self._data
        tables = []
        memo_now: dict[str, _Table] = {}
        for name, table in data.items():
            old = self._memo.get(name)
            may_change = touched.get(name) if touched else None
            known = None
            if old is not None and same_data and may_change is not None and old.complete:
                known = self._patched(old, table, may_change)
            if known is None:
                known = self._compared(old, table)
            memo_now[name] = known
            body = ",".join(_in_order(known.texts, table))
            tables.append(_dumps(name) + ":{" + body + "}")
        self._memo, self._data = memo_now, data
        return "{" + ",".join(tables) + "}"

    @staticmethod
    def _patched(old: _Table, table: dict[str, Any], keys: set[str]) -> _Table | None:
        # Updated in place: the old memory is not needed after this encode, and what a
        # fallback to comparing finds in it is still right (the keys patched so far hold
        # their new text and a copy equal to their document).
        texts, copies = old.texts, old.copies
        for key in keys:
            doc = table.get(key)
            if doc is None:
                texts.pop(key, None)
                copies.pop(key, None)
            elif type(doc) is dict and all(type(v) in _SCALARS for v in doc.values()):
                texts[key] = _dumps(key) + ":" + _dumps(doc)
                copies[key] = dict(doc)
            else:
                old.complete = False
                return None  # not plain: compare the whole table
        if len(texts) != len(table) or not texts.keys() == table.keys():
            return None  # a key the hint did not name: compare the whole table
        return old

    @staticmethod
    def _compared(old: _Table | None, table: dict[str, Any]) -> _Table:
        texts: dict[str, str] = {}
        copies: dict[str, dict] = {}
        complete = True
        old_texts = old.texts if old is not None else {}
        old_copies = old.copies if old is not None else {}
        for key, doc in table.items():
            copy = old_copies.get(key)
            if copy is not None and copy == doc:
                texts[key], copies[key] = old_texts[key], copy
                continue
            texts[key] = _dumps(key) + ":" + _dumps(doc)
            if type(doc) is dict and all(type(v) in _SCALARS for v in doc.values()):
                copies[key] = dict(doc)
            else:
                complete = False
        return _Table(texts, copies, complete)


def _in_order(texts: dict[str, str], table: dict[str, Any]) -> list[str]:
    """The texts in the table's own order (json.dumps writes a dict in its order)."""
    if not table:
        return []
    if len(table) == 1:
        return [texts[next(iter(table))]]
    return list(itemgetter(*table)(texts))


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
        self._touched: dict[str, set[str]] = {}  # this transaction's hints (see touching)

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
        self._batch, self._pending, self._touched = True, False, {}
        try:
            yield
        except BaseException:
            self._batch, self._pending, self._touched = False, False, {}
            self.forget()
            raise
        self._batch = False
        try:
            if self._pending:
                self._pending = False
                self.write(self._cache, self._touched)  # type: ignore[arg-type]
        finally:
            self._touched = {}

    def touching(self, table: str, keys: set[str]) -> None:
        """Within a transaction: in ``table``, this change alters documents with these
        keys only (a hint for the encoder; without it every document is compared)."""
        if self._batch:
            self._touched.setdefault(table, set()).update(keys)

    def write(self, data: dict[str, Any], touched: dict[str, set[str]] | None = None) -> None:
        if self._batch:
            self._cache, self._pending = data, True  # the stamp stays the file's
            return
        try:
            payload = self._encoder.encode(data, touched).encode("ascii")
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
