"""A TinyDB Storage that never leaves a broken file and never re-parses an unchanged one."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from operator import itemgetter
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from regroup.errors import FileRefused
from regroup.store.files import atomic_write

Stamp = tuple[int, int, int, int]

# The test suite sets this: every write then checks the incremental text against a plain
# json.dumps (a change made in place without naming it in the hint would show there).
CHECK_ENCODER = bool(os.environ.get("REGROUP_CHECK_ENCODER"))


def file_stamp(path: Path) -> Stamp | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)


_dumps = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), check_circular=False).encode


def _doc_encoder() -> Callable[[Any], str]:
    """``_dumps`` for one document, without building an encoder per call (which is most of
    the cost of encoding 10,000 small documents one by one). The C encoder is what
    ``json.dumps`` itself uses; without it, ``_dumps``."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return _dumps
    encode = make(None, None, json.encoder.encode_basestring_ascii, None, ":", ",", False, False, True)
    return lambda doc: "".join(encode(doc, 0))


class IncrementalEncoder:
    """``json.dumps(data, ensure_ascii=True, separators=(",", ":"))``, byte for byte, that
    encodes again only the documents a change touched.

    It remembers each document's text. When ``data`` is the object it encoded last time
    (the store changed it in place) and ``touched`` names, for a table, every key the
    change added, changed or removed, only those are encoded. When ``data`` is new (the
    file was read again after another process wrote it), each document is compared with
    the one encoded last time, and only those that differ are encoded. With no memory at
    all (the first save after opening), every document is encoded once."""

    def __init__(self) -> None:
        self._texts: dict[str, dict[str, str]] = {}  # table -> key -> '"key":{...}'
        self._docs: dict[str, dict[str, Any]] = {}  # table -> key -> the document encoded
        self._data: dict[str, Any] | None = None
        self._encode_doc = _doc_encoder()

    def forget(self) -> None:
        """Documents may have changed in place without being written: remember nothing."""
        self._texts, self._docs, self._data = {}, {}, None

    def encode(self, data: dict[str, Any], touched: dict[str, set[str]] | None = None) -> str:
        same = data is self._data
        touched = touched or {}
        texts_now: dict[str, dict[str, str]] = {}
        docs_now: dict[str, dict[str, Any]] = {}
        parts = []
        for name, table in data.items():
            keys = touched.get(name)
            if same and name in self._texts and (keys is not None or table == self._docs[name]):
                texts, docs = self._patched(name, table, keys or set())
            else:
                texts, docs = self._compared(name, table, keys if same else None)
            texts_now[name], docs_now[name] = texts, docs
            parts.append(_dumps(name) + ":{" + ",".join(_in_order(texts, table)) + "}")
        self._texts, self._docs, self._data = texts_now, docs_now, data
        return "{" + ",".join(parts) + "}"

    def _text(self, key: str, doc: Any) -> str:
        return _dumps(key) + ":" + self._encode_doc(doc)

    def _patched(self, name: str, table: dict[str, Any], keys: set[str]) -> tuple[dict[str, str], dict[str, Any]]:
        texts, docs = self._texts[name], self._docs[name]
        for key in keys:
            doc = table.get(key)
            if doc is None:
                texts.pop(key, None)
                docs.pop(key, None)
            else:
                texts[key], docs[key] = self._text(key, doc), doc
        if len(texts) != len(table):  # not all remembered yet (see warm): compare the table
            return self._compared(name, table, keys)
        return texts, docs

    def _compared(
        self, name: str, table: dict[str, Any], changed: set[str] | None = None
    ) -> tuple[dict[str, str], dict[str, Any]]:
        """Reuse the text of each document equal to the one encoded last time; encode the
        rest, and every key in ``changed`` (changed in place: the same object as before)."""
        old_texts = self._texts.get(name, {})
        old_docs = self._docs.get(name, {})
        changed = changed or set()
        texts: dict[str, str] = {}
        for key, doc in table.items():
            old = old_docs.get(key)
            if old is not None and key not in changed and (old is doc or old == doc):
                texts[key] = old_texts[key]
            else:
                texts[key] = self._text(key, doc)
        return texts, dict(table)

    def warm(self, data: dict[str, Any], budget: int) -> bool:
        """Encode up to ``budget`` documents of ``data`` not remembered yet, so the first
        save after opening a big file encodes only what it changed; True when all are."""
        if data is not self._data:
            self._texts, self._docs, self._data = {}, {}, data
        for name, table in data.items():
            texts = self._texts.setdefault(name, {})
            docs = self._docs.setdefault(name, {})
            if len(texts) == len(table):
                continue
            for key, doc in table.items():
                if key in texts:
                    continue
                texts[key], docs[key] = self._text(key, doc), doc
                budget -= 1
                if budget <= 0:
                    return False
        return True


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
        except (ValueError, RecursionError):  # bad JSON, bad UTF-8, or an integer of 4,300+ digits
            raise FileRefused(
                f"{name} is not valid JSON (it may be truncated or damaged); "
                "it was left untouched: restore it from a backup or move it away to start afresh."
            ) from None
        if not isinstance(data, dict) or not all(
            isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values()) for table in data.values()
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
            text = self._encoder.encode(data, touched)
            if CHECK_ENCODER and text != _dumps(data):
                raise AssertionError("the incremental encoder wrote a stale document: a change was not hinted")
            payload = text.encode("ascii")
            atomic_write(self.path, payload)
        except BaseException:
            self.forget()
            raise
        self._cache, self._stamp = data, file_stamp(self.path)

    def warm(self, budget: int) -> bool:
        """See ``IncrementalEncoder.warm``: a slice of the first save's work, done ahead."""
        if self._cache is None or self._batch:
            return True
        return self._encoder.warm(self._cache, budget)

    def forget(self) -> None:
        """Drop the cache (the next read parses the file) and what the encoder remembers:
        documents may have been changed in place without being written."""
        self._cache, self._stamp = None, None
        self._encoder.forget()

    def close(self) -> None:
        pass
