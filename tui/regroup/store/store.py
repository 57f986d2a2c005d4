"""Store: the app's one door to the database file.

Everything else sees domain values (``Board``, ``Card``, plain dicts for the plan and its
logs). Each change is a read-modify-write under an OS lock: re-read the file if another
process changed it, apply the change, write atomically, release.
"""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from tinydb import TinyDB
from tinydb.table import Document

from regroup.domain.board import Board, Change
from regroup.domain.daily import CheckIn, Contact, JournalEntry
from regroup.domain.journey import Check, Journey
from regroup.domain.plan import Extension, Plan, Slip
from regroup.domain.catalog import starter_activities
from regroup.domain.model import COLUMNS, Card, utc_stamp
from regroup.errors import FileRefused, SaveFailed
from regroup.store.files import ensure_folder, locked, remove_stale_temps
from regroup.store.storage import AtomicJSONStorage

SCHEMA_VERSION = 2
# What each schema added; a file of an older version is migrated (after a backup) step by step.
#   1: cards, plan, slips, extensions, checks
#   2: every card has "source", the plan has "restart_on_slip", _meta records migrations
META = "_meta"
CARDS = "cards"
PLAN = "plan"


def new_database(now: datetime | None = None, ended_by: str | None = None) -> dict[str, Any]:
    """The contents of a new file: the schema, and the starter activities in ``ideas``."""
    stamp = utc_stamp(now)
    cards = {}
    for index, activity in enumerate(starter_activities(ended_by), start=1):
        card = Card(
            id=index,
            title=activity.title,
            category=activity.category,
            column="ideas",
            position=index,
            notes=activity.notes,
            created=stamp,
            source=activity.source,
        )
        cards[str(index)] = card.to_doc()
    return {META: {"1": {"schema": SCHEMA_VERSION, "created": stamp}}, CARDS: cards}


class _NeedsMigration(Exception):
    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version


def _migrate_1_to_2(data: dict[str, Any]) -> None:
    for doc in data.get(CARDS, {}).values():
        doc.setdefault("source", "")
    for doc in data.get(PLAN, {}).values():
        doc.setdefault("restart_on_slip", True)


MIGRATIONS = {1: _migrate_1_to_2}


class Store:
    """Open with ``Store.open(path)``; every method that changes something writes at once."""

    def __init__(self, path: Path, build_cards: bool = True) -> None:
        self.path = path
        self._build_cards = build_cards
        self._counts: dict[str, int] | None = None  # cards per column, when not built
        self._db = TinyDB(path, storage=AtomicJSONStorage)
        self._storage: AtomicJSONStorage = self._db.storage  # type: ignore[assignment]
        self._raw: dict[str, Any] | None = None
        # The app writes on its writer thread (regroup.app.writer) and polls on the UI
        # thread: one change or one re-read at a time.
        self._mutex = threading.RLock()
        self._board = Board()
        self._journey = Journey(None)
        self.migrated_from: int | None = None
        self.backup_path: Path | None = None

    # --- opening -------------------------------------------------------------------

    def card_counts(self) -> dict[str, int]:
        """Cards per column: counted while the file was checked when the cards were not
        built (``status``), else from the board."""
        return dict(self._counts) if self._counts is not None else self._board.counts()

    @classmethod
    def open(
        cls, path: str | Path, *, create: bool = True, now: datetime | None = None, cards: bool = True
    ) -> "Store":
        """Open (or create) the database at ``path``.

        Raises ``FileRefused`` for a file that cannot be used (never touching it) and
        ``SaveFailed`` when a new file cannot be written.
        """
        path = Path(path)
        try:
            exists, is_dir = path.exists(), path.is_dir()
        except OSError as error:  # a name too long, a loop of links...
            reason = (error.strerror or str(error)).lower()
            raise FileRefused(f"Cannot use {path} as the database ({reason}); pass another path with --db.") from None
        if is_dir:
            raise FileRefused(f"{path} is a folder, not a database file; pass a file path with --db.")
        if not exists:
            if not create:
                raise FileRefused(f"There is no regroup-tui database at {path}; run regroup-tui init first.")
            ensure_folder(path.parent)
            with locked(path):
                if not path.exists():
                    remove_stale_temps(path)
                    store = cls(path)
                    store._storage.write(new_database(now))
        store = cls(path, build_cards=cards)
        try:
            store._load()
        except _NeedsMigration:
            store._migrate()
        store._cleanup()
        return store

    def _migrate(self) -> None:
        """Bring an older file up to SCHEMA_VERSION: a 0600 backup copy first, then the new file.

        Under the lock the file is read again (another process may have migrated it
        meanwhile), and the migrated data must read cleanly before anything is written: a
        file that would be refused is refused untouched, with no backup made.
        """
        from regroup.store.files import atomic_write

        with locked(self.path):
            self._storage.forget()
            self._raw = None
            try:
                self._load()
                return  # another process migrated it meanwhile
            except _NeedsMigration as old:
                version = old.version
            original = self.path.read_bytes()
            data = json.loads(original)
            stamp = utc_stamp().replace(":", "").replace("-", "")
            backup = self.path.with_name(f"{self.path.stem}.schema{version}-backup-{stamp}{self.path.suffix}")
            for step in range(version, SCHEMA_VERSION):
                MIGRATIONS[step](data)
            meta = data.setdefault(META, {}).setdefault("1", {})
            meta["schema"] = SCHEMA_VERSION
            meta.setdefault("migrations", []).append(
                {"from": version, "to": SCHEMA_VERSION, "at": utc_stamp(), "backup": backup.name}
            )
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
        self._check_schema(data)
        self._board, self._journey = self._read_view(data)
        self._raw = data
        return True

    def _read_view(self, data: dict[str, Any]) -> tuple[Board, Journey]:
        """The board and the journey in ``data``; FileRefused if either cannot be read."""
        try:
            if self._build_cards:
                board = Board.from_cards(Card.from_doc(doc) for doc in data.get(CARDS, {}).values())
            else:  # a reader that needs only counts (status): check and count, build nothing
                counts = dict.fromkeys(COLUMNS, 0)
                check = Card.check_doc
                for doc in data.get(CARDS, {}).values():
                    check(doc)
                    counts[doc.get("column", "ideas")] += 1
                self._counts = counts
                board = Board()
        except (KeyError, TypeError, ValueError):
            self._storage.forget()
            raise FileRefused(
                f"{self.path} holds a card that cannot be read; it was left untouched: "
                "restore it from a backup or fix the card by hand."
            ) from None
        try:
            journey = self._read_journey(data)
        except (KeyError, TypeError, ValueError):
            self._storage.forget()
            raise FileRefused(
                f"{self.path} holds a plan or a log entry that cannot be read; it was left untouched: "
                "restore it from a backup or fix it by hand."
            ) from None
        return board, journey

    def _check_schema(self, data: dict[str, Any]) -> None:
        meta = data.get(META, {}).get("1")
        version = meta.get("schema") if isinstance(meta, dict) else None
        if not isinstance(version, int) or isinstance(version, bool):
            self._storage.forget()
            raise FileRefused(
                f"{self.path} is not a regroup-tui database (it has no schema version); "
                "it was left untouched: pass another file with --db."
            )
        if version > SCHEMA_VERSION:
            self._storage.forget()
            raise FileRefused(
                f"{self.path} was written by a newer regroup-tui (schema {version}; this one reads "
                f"up to {SCHEMA_VERSION}); upgrade regroup-tui to open it. The file was left untouched."
            )
        if version < 1:
            self._storage.forget()
            raise FileRefused(
                f"{self.path} has an unknown schema version {version}; it was left untouched: "
                "restore it from a backup or pass another file with --db."
            )
        if version < SCHEMA_VERSION:
            self._storage.forget()
            raise _NeedsMigration(version)

    @staticmethod
    def _read_journey(data: dict[str, Any]) -> Journey:
        plans = data.get(PLAN, {})
        plan = Plan.from_doc(plans["1"]) if "1" in plans else None

        def rows(table: str) -> list[dict]:
            raw = data.get(table, {})
            return [raw[key] for key in sorted(raw, key=int)]

        return Journey(
            plan=plan,
            slips=tuple(Slip.from_doc(doc) for doc in rows("slips")),
            extensions=tuple(Extension.from_doc(doc) for doc in rows("extensions")),
            checks=tuple(Check.from_doc(doc) for doc in rows("checks")),
            checkins=tuple(sorted((CheckIn.from_doc(doc) for doc in rows("checkins")), key=lambda c: c.day)),
            journal=tuple(
                sorted(
                    (JournalEntry.from_doc(dict(doc, id=int(key))) for key, doc in data.get("journal", {}).items()),
                    key=lambda e: (e.day, e.id),
                )
            ),
            contacts=tuple(
                sorted(
                    (Contact.from_doc(dict(doc, id=int(key))) for key, doc in data.get("contacts", {}).items()),
                    key=lambda c: (c.day, c.id),
                )
            ),
        )

    # --- reading -------------------------------------------------------------------

    @property
    def journey(self) -> Journey:
        return self._journey

    def reload_if_changed(self) -> bool:
        """Cheap when nothing changed (one stat); parses the file once per outside change."""
        with self._mutex:
            return self._load()

    @property
    def board(self) -> Board:
        return self._board

    @property
    def plan(self) -> Plan | None:
        return self._journey.plan

    @property
    def parses(self) -> int:
        return self._storage.parses

    # --- changing ------------------------------------------------------------------

    def _transaction(self, body: Callable[[], Any]) -> Any:
        """Lock, re-read the file if it changed, run ``body``, and write what it changed as
        ONE atomic write (a crash never leaves half a change). If anything fails, nothing is
        written and the in-memory view is put back."""
        with self._mutex, locked(self.path):
            self._load()
            # TinyDB remembers each table's next id per process; another process's inserts
            # make it stale ("Document with ID 2 already exists"): start from the file.
            self._db._tables.clear()
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

    def apply(self, change: Change) -> Change:
        """Apply one change to the file; return its inverse (for undo).

        The change was made against ``self.board``, which may be older than the file: a
        card it creates whose id another process has taken since gets the next free id
        (instead of overwriting that card), and a change to a card deleted elsewhere is
        refused (instead of bringing it back).
        """
        seen = self._board

        def body() -> Change:
            nonlocal change
            board = self._board
            for card_id in change.removes:
                board.get(card_id)  # raises if it went away elsewhere
            puts, next_id = [], max([board.next_id()] + [card.id + 1 for card in change.puts])
            for card in change.puts:
                if card.id in seen.cards and card.id not in board.cards:
                    board.get(card.id)  # changed here, deleted elsewhere: raises
                if card.id not in seen.cards and card.id in board.cards:
                    card, next_id = replace(card, id=next_id), next_id + 1
                puts.append(card)
            if tuple(puts) != change.puts:
                renamed = {old.id: new.id for old, new in zip(change.puts, puts)}
                change = replace(change, puts=tuple(puts), focus=renamed.get(change.focus, change.focus))
            inverse = change.inverse(board)
            self._storage.touching(CARDS, {str(card_id) for card_id in change.removes} | {str(card.id) for card in change.puts})
            table = self._db.table(CARDS, cache_size=0)
            existing = [card for card in change.puts if card.id in board.cards]
            new = [card for card in change.puts if card.id not in board.cards]
            if change.removes:
                table.remove(doc_ids=list(change.removes))
            if existing:
                docs = {card.id: card.to_doc() for card in existing}

                def update(doc: dict) -> None:
                    doc.update(docs[doc["id"]])

                table.update(update, doc_ids=list(docs))
            if new:
                table.insert_multiple(Document(card.to_doc(), doc_id=card.id) for card in new)
            self._board = board.apply(change)
            return inverse

        return self._transaction(body)

    def add_card(self, title: str, column: str = "ideas", category: str = "mind", notes: str = "") -> Card:
        """Add one card (used by ``regroup-tui add``); returns it once it is on disk."""
        from regroup.domain.board import add_card

        def body() -> Card:
            change = add_card(self._board, title, column=column, category=category, notes=notes)
            self._insert_cards(change)
            return change.puts[0]

        return self._transaction(body)

    def _insert_cards(self, change: Change) -> None:
        """New cards only, inside a transaction."""
        table = self._db.table(CARDS, cache_size=0)
        table.insert_multiple(Document(card.to_doc(), doc_id=card.id) for card in change.puts)
        self._board = self._board.apply(change)

    def set_plan(self, plan: Plan, now: datetime | None = None) -> Journey:
        """Save the plan. The first time a plan says ``ended_by = me``, the starter cards
        meant only for that (the apology letter) join the board."""

        def body() -> Journey:
            old = self._journey.plan
            first = old is None or old.ended_by != plan.ended_by
            self._db.table(PLAN, cache_size=0).upsert(Document(plan.to_doc(), doc_id=1))
            if first:
                self._add_starters_for(plan.ended_by, now)
            self._refresh_journey()
            return self._journey

        return self._transaction(body)

    def _add_starters_for(self, ended_by: str, now: datetime | None) -> None:
        titles = {card.title for card in self._board.cards.values()}
        extra = [a for a in starter_activities(ended_by) if a.only_if_ended_by and a.title not in titles]
        if not extra:
            return
        board = self._board
        next_id = board.next_id()
        top = board.top_position("ideas")
        cards = [
            Card(next_id + i, a.title, a.category, "ideas", top - len(extra) + i, a.notes, utc_stamp(now), source=a.source)
            for i, a in enumerate(extra)
        ]
        self._insert_cards(Change(puts=tuple(cards)))

    def log_slip(self, slip: Slip) -> Journey:
        return self._append("slips", slip.to_doc())

    def log_extension(self, extension: Extension) -> Journey:
        return self._append("extensions", extension.to_doc())

    def log_check(self, check: Check, extension: Extension | None = None) -> Journey:
        """The answer to the emotion check, and the extension a "not yet" brings, together."""

        def body() -> Journey:
            self._db.table("checks", cache_size=0).insert(check.to_doc())
            if extension is not None:
                self._db.table("extensions", cache_size=0).insert(extension.to_doc())
            self._refresh_journey()
            return self._journey

        return self._transaction(body)

    def save_checkin(self, checkin: CheckIn) -> Journey:
        """One check-in per day: a second one the same day replaces the first."""

        def body() -> Journey:
            table = self._db.table("checkins", cache_size=0)
            day = checkin.day.isoformat()
            table.remove(lambda doc: doc.get("date") == day)
            table.insert(checkin.to_doc())
            self._refresh_journey()
            return self._journey

        return self._transaction(body)

    def next_record_id(self, table: str) -> int:
        raw = (self._raw or {}).get(table, {})
        return max((int(key) for key in raw), default=0) + 1

    def save_entry(self, entry: JournalEntry) -> Journey:
        """Write a journal entry (new or edited), by its id."""
        return self._upsert("journal", entry.id, entry.to_doc())

    def log_contact(self, contact: Contact) -> Journey:
        return self._upsert("contacts", contact.id, contact.to_doc())

    def _upsert(self, table: str, record_id: int, doc: dict[str, Any]) -> Journey:
        """``record_id`` 0 means a new record: its id is chosen under the lock."""

        def body() -> Journey:
            rid = record_id or self.next_record_id(table)
            self._db.table(table, cache_size=0).upsert(Document(dict(doc, id=rid), doc_id=rid))
            self._refresh_journey()
            return self._journey

        return self._transaction(body)

    def _append(self, table: str, record: dict[str, Any]) -> Journey:
        def body() -> Journey:
            self._db.table(table, cache_size=0).insert(dict(record))
            self._refresh_journey()
            return self._journey

        return self._transaction(body)

    @property
    def settings(self) -> dict[str, Any]:
        """Preferences of the app (the theme), kept in the same file."""
        doc = (self._raw or {}).get("settings", {}).get("1", {})
        return dict(doc) if isinstance(doc, dict) else {}

    def set_setting(self, key: str, value: str | int | bool | None) -> None:
        def body() -> None:
            self._db.table("settings", cache_size=0).upsert(Document(dict(self.settings, **{key: value}), doc_id=1))

        self._transaction(body)

    def _refresh_journey(self) -> None:
        self._journey = self._read_journey(self._storage.read() or {})

    def close(self) -> None:
        self._db.close()

