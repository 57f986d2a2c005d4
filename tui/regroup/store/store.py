"""Store: the app's one door to the database file.

Everything else sees domain values (``Board``, ``Journey``) and hands in changes as data
(``Change``, or a function that builds one from ``State``). Each change is a
read-modify-write under an OS lock: read the file again if another process changed it,
build the change against what it holds now, check every record it touches is as the change
expects (else ``Conflict``, and nothing is written), write atomically, release.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from regroup.domain import history
from regroup.domain.board import Board
from regroup.domain.changes import Change, Edit
from regroup.domain.history import HISTORY
from regroup.domain.journey import Journey
from regroup.domain.logbook import State
from regroup.domain.model import Card
from regroup.domain.plan import Plan
from regroup.domain.records import describe, field_problem, normalized, refusal
from regroup.errors import Conflict, FileRefused, InvalidInput, SaveFailed
from regroup.store import schema
from regroup.store.backups import backup_path
from regroup.store.files import atomic_write, ensure_folder, hard_link_refusal, remove_stale_temps
from regroup.store.history_steps import HistorySteps
from regroup.store.locking import locked
from regroup.store.named import NamedChanges
from regroup.store.reads import FileReads
from regroup.store.schema import CARDS, META, SCHEMA_VERSION, NeedsMigration
from regroup.store.storage import AtomicJSONStorage
from regroup.store.writing import duplicated, final_records, replacing

Builder = Callable[[State], "Change | None"]


class Store(HistorySteps, NamedChanges, FileReads):
    """Open with ``Store.open(path)``; every change is written at once."""

    def __init__(self, path: Path, build_cards: bool = True) -> None:
        self.path = path
        self._build_cards = build_cards
        self._counts: dict[str, int] | None = None  # cards per column, when not built
        self._db = TinyDB(path, storage=AtomicJSONStorage)
        self._storage: AtomicJSONStorage = self._db.storage  # type: ignore[assignment]
        self._raw: dict[str, Any] | None = None
        self._mutex = threading.RLock()  # one change or one re-read at a time
        self._board = Board()
        self._journey = Journey(None)
        self._ids: dict[str, int] = {}  # the last id handed out per table, in this change
        self._shown = self._board  # the board as it was before this change read the file
        self.migrated_from: int | None = None
        self.backup_path: Path | None = None
        self.readonly = False
        # The file was read again (changed by another process) since the app last redrew
        # everything: a change of its own must then redraw all, not just what it touched.
        self.read_again = False

    # --- opening -------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        create: bool = True,
        now: datetime | None = None,
        cards: bool = True,
        readonly: bool = False,
    ) -> Store:
        """Open (or create) the database at ``path``. A symbolic link is followed: the
        file it points to is the database, and stays one file whichever name is used. A
        file with several hard links is refused to writers (``create``): saving replaces
        the file, which would split it.

        ``readonly`` (``status``, ``export``): the file is only read, never written, not
        even to upgrade an older schema (the upgrade is made in memory).

        Raises ``FileRefused`` for a file that cannot be used (never touching it) and
        ``SaveFailed`` when a new file cannot be written.
        """
        create = create and not readonly
        path = Path(path)
        try:
            path = Path(os.path.realpath(path))
            exists, is_dir = path.exists(), path.is_dir()
        except (OSError, RuntimeError) as error:  # a name too long, a loop of links...
            reason = (getattr(error, "strerror", None) or str(error)).lower()
            raise FileRefused(f"Cannot use {path} as the database ({reason}); pass another path with --db.") from None
        if is_dir:
            raise FileRefused(f"{path} is a folder, not a database file; pass a file path with --db.")
        if not readonly and (refusal := hard_link_refusal(path)):  # a writer: refused now, not at its first save
            raise FileRefused(refusal)
        if not exists:
            if not create:
                raise FileRefused(f"There is no regroup-tui database at {path}; run regroup-tui init first.")
            ensure_folder(path.parent)
            with locked(path):
                if not path.exists():
                    remove_stale_temps(path)
                    cls(path)._storage.write(schema.new_database(now))
        store = cls(path, build_cards=cards)
        store.readonly = readonly
        try:
            store._load()
        except NeedsMigration as old:
            if readonly:
                store._read_upgraded(old.version)
            else:
                store._migrate()
        if not readonly:
            store._cleanup()
        return store

    def _read_upgraded(self, version: int) -> None:
        """The views of an older file as the migration would make them, nothing written."""
        data = json.loads(self.path.read_bytes())
        schema.migrate(data, version, "")
        self._board, self._journey = self._read_view(data)
        self._raw = data

    def _migrate(self) -> None:
        """Bring an older file up to SCHEMA_VERSION: a 0600 backup copy first, then the new file.

        Under the lock the file is read again (another process may have migrated it
        meanwhile), and the migrated data must read cleanly before anything is written: a
        file that would be refused is refused untouched, with no backup made.
        """
        with locked(self.path):
            self._storage.forget()
            self._raw = None
            try:
                self._load()
                return  # another process migrated it meanwhile
            except NeedsMigration as old:
                version = old.version
            original = self.path.read_bytes()
            data = json.loads(original)
            backup = backup_path(self.path, f"schema{version}-backup")
            schema.migrate(data, version, backup.name)
            self._read_view(data)  # raises FileRefused before anything is written
            atomic_write(backup, original)
            self._storage.write(data)
            self._raw = None
            self._load()
        self.migrated_from = version
        self.backup_path = backup

    def _cleanup(self) -> None:
        try:
            with locked(self.path, timeout=0.05):
                remove_stale_temps(self.path)
        except SaveFailed:
            pass  # busy or read-only: another writer or nothing to clean

    def _load(self) -> bool:
        """Bring the in-memory view up to the file; True when it changed."""
        data = self._storage.read()
        if data is None:
            raise FileRefused(f"{self.path} has disappeared; it was moved or deleted while open.")
        if data is self._raw:
            return False
        try:
            schema.check_schema(data, self.path)
            self._board, self._journey = self._read_view(data)
        except (FileRefused, NeedsMigration):
            self._storage.forget()
            raise
        self._raw = data
        return True

    def _read_view(self, data: dict[str, Any]) -> tuple[Board, Journey]:
        """The board and the journey in ``data``; FileRefused if a record is not what its
        table's description allows, or cannot be read."""
        schema.check_records(data, self.path)
        if self._build_cards:
            board = schema.read_board(data, self.path)
        else:  # a reader that needs only counts (status): count, build nothing
            self._counts = schema.count_cards(data)
            board = Board()
        return board, schema.read_journey(data, self.path)

    # --- reading -------------------------------------------------------------------

    @property
    def board(self) -> Board:
        return self._board

    @property
    def journey(self) -> Journey:
        return self._journey

    @property
    def plan(self) -> Plan | None:
        return self._journey.plan

    @property
    def parses(self) -> int:
        return self._storage.parses

    def prepare_save(self, budget: int = 500) -> bool:
        """Do a slice (``budget`` documents) of what the first save after opening would do
        all at once: encoding every document of a big file. True when nothing is left.
        The app calls it while idle, so the first key on a 10,000-card board is as quick as
        the next."""
        with self._mutex:
            return self._storage.warm(budget)

    def reload_if_changed(self) -> bool:
        """Cheap when nothing changed (one stat); parses the file once per outside change."""
        with self._mutex:
            return self._load()

    # --- changing ------------------------------------------------------------------

    def apply(
        self, change: Change | Builder | None, now: datetime | None = None, *, session: str = "", record: bool = False
    ) -> Change | None:
        """Apply one change to the file, as ONE atomic write, and return it as applied
        (None when there was nothing to do). ``change`` is a ``Change``, or a function that
        builds one from ``State``: what the file holds now, read under the lock.

        Every record the change touches must be as it expects (``Edit.conflict``), else
        ``Conflict`` is raised and nothing is written. ``record``: the change joins the
        history (as made by ``session``), in the same write; a card or journal entry it
        deletes is kept in the deleted table, restorable for a month."""
        if change is None:
            return None
        if self.readonly:
            raise SaveFailed(f"{self.path} was opened to be read only; nothing was saved.")

        def body() -> Change | None:
            built = change(self._state()) if callable(change) else change
            if not built:
                return None
            if record:
                built = history.kept_deleted(built, self._new_id, now)
            self._check(built)
            written = self._recorded(built, session, now) if record else built
            self._write(written, upkeep=self._upkeep(now))
            return built

        return self._transaction(body)

    def records(self, table: str) -> Mapping[int, Mapping[str, Any]]:
        """A table's records by id, as the domain reads them (the timeline's events)."""
        return self._records(table)

    def _state(self) -> State:
        return State(self._board, self._journey, self._new_id, self._records)

    def _records(self, table: str) -> Mapping[int, Mapping[str, Any]]:
        raw = (self._raw or {}).get(table, {})
        return {int(key): normalized(table, int(key), doc) or {} for key, doc in raw.items()}

    def _new_id(self, table: str) -> int:
        """The next id of ``table``: above every id it holds and every id it ever handed
        out (kept in _meta), so a deleted record's id is never given to a new one."""
        last = self._ids.get(table)
        new = last + 1 if last is not None else self.next_id(table)
        self._ids[table] = new
        return new

    def _transaction(self, body: Callable[[], Any]) -> Any:
        """Lock, re-read the file if it changed, run ``body``, and write what it changed as
        ONE atomic write (a crash never leaves half a change). If anything fails, nothing is
        written and the in-memory view is put back."""
        with self._mutex, locked(self.path):
            shown = self._board  # what this process saw before the file was read again
            if self._load():  # another process changed the file since this one last read it
                self.read_again = True
            self._ids = {}
            self._shown = shown
            before = (self._board, self._journey)
            try:
                with self._storage.transaction():
                    return body()
            except BaseException:
                self._board, self._journey = before
                # The storage dropped its cache: re-read what is really on disk.
                self._raw = None
                try:
                    self._load()
                except Exception:
                    pass
                raise

    def _check(self, change: Change) -> None:
        """Raise ``Conflict`` if a record the change touches is not as it expects."""
        data = self._raw or {}
        pending: dict[tuple[str, int], dict[str, Any] | None] = {}
        for edit in change.edits:
            where = (edit.table, edit.key)
            if where in pending:
                current = pending[where]
            else:
                current = normalized(edit.table, edit.key, data.get(edit.table, {}).get(str(edit.key)))
            reason = edit.conflict(current)
            if reason is not None:
                raise Conflict(reason, self._describe(edit.table, edit.key, current or edit.before or edit.after))
            pending[where] = edit.applied_to(current)
        self._check_unique(change, pending)

    def _check_unique(self, change: Change, pending: dict[tuple[str, int], dict[str, Any] | None]) -> None:
        """Raise ``Conflict`` if the change adds a record another one already is
        (``records.UNIQUE``): a tick replayed by redo after another window ticked that day."""
        twin = duplicated(self._raw or {}, change, pending)
        if twin is not None:
            raise Conflict("taken", self._describe(twin.table, twin.key, twin.after))

    def _describe(self, table: str, key: int, doc: Mapping[str, Any] | None) -> str:
        """A record as this process last showed it (a card by the title on screen)."""
        if table == CARDS and key in self._shown.cards:
            return describe(table, {"title": self._shown.cards[key].title})
        return describe(table, doc)

    def _write(self, change: Change, upkeep: list[Edit] | None = None) -> None:
        """The change's edits (and ``upkeep``) through TinyDB's tables (inside the
        storage's transaction, so they land as one write), then the board and journey
        brought up to date. Each record is worked out from what the file holds (fields the
        change does not name are kept as they are) and written once."""
        data = self._raw or {}
        finals = final_records(data, list(change.edits) + list(upkeep or ()))
        for name, records in finals.items():  # every record written is one the file may hold
            for key, doc in records.items():
                if doc is not None and (problem := field_problem(name, str(key), doc)) is not None:
                    raise InvalidInput(f"Not saved: {refusal(name, str(key), *problem)}.")
        handed: dict[str, int] = {}  # the highest id each table has had, for _meta
        for name, records in finals.items():
            raw_table = data.get(name, {})
            table = self._db.table(name, cache_size=0)
            existed = {key for key in records if str(key) in raw_table}
            gone = [key for key, doc in records.items() if doc is None and key in existed]
            new = [(key, doc) for key, doc in records.items() if doc is not None and key not in existed]
            # One call per kind of write and table: each TinyDB call rebuilds the whole
            # table (twice), which on a 10,000-card board costs more than the save itself.
            replaced = {key: doc for key, doc in records.items() if doc is not None and key in existed}
            if replaced:
                table.update(replacing(raw_table, replaced), doc_ids=list(replaced))
            if gone:
                table.remove(doc_ids=gone)
                handed[name] = max([handed.get(name, 0), *gone])
            if new:
                table.insert_multiple(Document(doc, doc_id=key) for key, doc in new)
                handed[name] = max([handed.get(name, 0), *(key for key, _ in new)])
            self._storage.touching(name, {str(key) for key in records})
        if handed:
            self._note_ids(handed)
        self._refresh_views(change)

    def _note_ids(self, seen: dict[str, int]) -> None:
        """Remember the highest id each table has had (so none is reused)."""
        data = self._storage.read() or {}
        meta = dict(schema.meta(data))
        handed = dict(meta.get("last_ids") or {})
        if all(int(handed.get(name, 0) or 0) >= key for name, key in seen.items()):
            return
        for name, key in seen.items():
            handed[name] = max(int(handed.get(name, 0) or 0), key)
        meta["last_ids"] = handed
        self._db.table(META, cache_size=0).upsert(Document(meta, doc_id=1))
        self._storage.touching(META, {"1"})

    def _refresh_views(self, change: Change) -> None:
        data = self._storage.read() or {}
        self._raw = data
        tables = change.tables()
        if CARDS in tables:
            cards = data.get(CARDS, {})
            puts, removes = [], []
            for key in dict.fromkeys(change.keys(CARDS)):
                doc = cards.get(str(key))
                if doc is None:
                    removes.append(key)
                else:
                    puts.append(Card.from_doc(doc))
            self._board = self._board.with_cards(puts, removes)
        if tables - {CARDS, "settings", HISTORY, history.DELETED, "ticks"}:
            self._journey = schema.read_journey(data, self.path)

    def close(self) -> None:
        self._db.close()


__all__ = ["SCHEMA_VERSION", "Builder", "State", "Store"]
