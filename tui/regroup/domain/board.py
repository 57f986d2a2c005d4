"""The board as a value, and the operations on it.

Each operation returns one ``Change`` (see ``changes.py``). It is built under the store's
lock from two things: ``board``, what the file holds now (for what is worked out, such as
the top of the column a card moves to), and ``seen``, the card as the user saw it when
pressing the key (for what the change expects to find). A card that another window moved,
edited or deleted since is then refused by the store instead of being written over.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime

from regroup.domain.changes import Change, Edit, update
from regroup.domain.model import COLUMN_TITLES, COLUMNS, SCHEDULE_FIELDS, Card, check_category, check_column, utc_stamp
from regroup.domain.schedule import check_schedule
from regroup.domain.text import clean_notes, clean_title
from regroup.errors import InvalidInput

CARDS = "cards"


def _order(card: Card) -> tuple[int, int]:
    """A column's order: by position, then by id."""
    return (card.position, card.id)


class Board:
    """All the cards, by id, with each column's cards in order (computed lazily)."""

    __slots__ = ("cards", "_columns")

    def __init__(self, cards: Mapping[int, Card] | None = None, _columns: dict | None = None) -> None:
        self.cards: dict[int, Card] = dict(cards or {})
        self._columns: dict[str, tuple[Card, ...]] = dict(_columns or {})

    @classmethod
    def from_cards(cls, cards: Iterable[Card]) -> Board:
        return cls({card.id: card for card in cards})

    def column(self, name: str) -> tuple[Card, ...]:
        cached = self._columns.get(name)
        if cached is None:
            cached = tuple(sorted((card for card in self.cards.values() if card.column == name), key=_order))
            self._columns[name] = cached
        return cached

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(COLUMNS, 0)
        for card in self.cards.values():
            if card.column in counts:
                counts[card.column] += 1
        return counts

    def with_cards(self, puts: Iterable[Card] = (), removes: Iterable[int] = ()) -> Board:
        """A new board with these cards put (added or replaced, by id) and removed. Only
        the columns they touch are re-sorted, and those in place (a move on a 1,000-card
        board does not sort the board)."""
        puts, removes = list(puts), list(removes)
        cards = dict(self.cards)
        touched = {card.column for card in puts}
        for card_id in removes + [card.id for card in puts]:
            old = cards.get(card_id)
            if old is not None:
                touched.add(old.column)
        for card_id in removes:
            cards.pop(card_id, None)
        for card in puts:
            cards[card.id] = card
        kept = {name: col for name, col in self._columns.items() if name not in touched}
        changed = set(removes) | {card.id for card in puts}
        for name in touched:
            old_column = self._columns.get(name)
            if old_column is None:
                continue
            column = [card for card in old_column if card.id not in changed]
            for card in puts:
                if card.column == name:
                    insort(column, card, key=_order)
            kept[name] = tuple(column)
        return Board(cards, kept)

    def apply(self, change: Change) -> Board:
        """The board once ``change``'s card edits are made (unchecked: the store checks)."""
        puts: dict[int, Card] = {}
        removes: list[int] = []
        for edit in change.edits:
            if edit.table != CARDS:
                continue
            current = puts.get(edit.key) or (None if edit.key in removes else self.cards.get(edit.key))
            doc = edit.applied_to(current.to_doc() if current is not None else None)
            if doc is None:
                puts.pop(edit.key, None)
                removes.append(edit.key)
            else:
                puts[edit.key] = Card.from_doc(doc)
                if edit.key in removes:
                    removes.remove(edit.key)
        return self.with_cards(puts.values(), removes)

    def get(self, card_id: int) -> Card:
        try:
            return self.cards[card_id]
        except KeyError:
            raise InvalidInput("That card no longer exists; it may have been deleted in another window.") from None

    def top_position(self, column: str) -> int:
        cards = self.column(column)
        return cards[0].position - 1 if cards else 0

    def __len__(self) -> int:
        return len(self.cards)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Board) and self.cards == other.cards

    __hash__ = None  # type: ignore[assignment]


# --- the edits of one card -------------------------------------------------------------


def created(card: Card) -> Edit:
    return Edit(CARDS, card.id, None, card.to_doc())


def removed(card: Card) -> Edit:
    return Edit(CARDS, card.id, card.to_doc(), None)


def changed(seen: Card, new: Card) -> Edit | None:
    old_doc, new_doc = seen.to_doc(), new.to_doc()
    for name in SCHEDULE_FIELDS:  # a schedule field unset is written as null, not skipped
        if name in old_doc:
            new_doc.setdefault(name, None)
    return update(CARDS, seen.id, old_doc, new_doc)


def expected(seen: Card, *fields: str) -> Edit:
    """An edit that changes nothing but expects these fields of ``seen``: a change built
    on a card that has since moved is refused by the store's check."""
    values = {name: getattr(seen, name) for name in fields}
    return Edit(CARDS, seen.id, values, values)


def column_title(column: str) -> str:
    return COLUMN_TITLES.get(column, column)


# --- the operations: each returns one Change (or None when there is nothing to do) ---


def add_card(
    board: Board,
    title: str,
    column: str = "ideas",
    category: str = "mind",
    notes: str = "",
    source: str = "",
    now: datetime | None = None,
    card_id: int | None = None,
    after: int | None = None,
    *,
    per_week: object = None,
    day: object = None,
    time: object = None,
) -> Change:
    """A new card right after the card ``after`` when that card is in the column (the
    focused one, in the app), else at the end of its column (``regroup-tui add``).
    ``card_id`` comes from the store (ids are never reused and only grow); without it,
    the next after the board's highest. ``per_week``, ``day`` and ``time``: how often it
    repeats and the day it has (see schedule.py).

    The new card takes the position of the card it follows: a column is in order of
    position, then id, and the new id is the highest. Only when cards after it share
    that position (written elsewhere) are they moved down one, in the same change."""
    title = clean_title(title)
    column = check_column(column)
    category = check_category(category)
    notes = clean_notes(notes)
    per_week, day, time = check_schedule(per_week, day, time)
    cards = board.column(column)
    index = next((i for i, c in enumerate(cards) if c.id == after), None) if after is not None else None
    if index is None:
        index = len(cards) - 1
        position = cards[-1].position + 1 if cards else 0
    else:
        position = cards[index].position
    card = Card(
        id=card_id if card_id is not None else max(board.cards, default=0) + 1,
        title=title,
        category=category,
        column="ideas",
        position=position,
        notes=notes,
        created=utc_stamp(now),
        source=source,
        per_week=per_week,
        day=day,
        time=time,
    )
    if column != "ideas":
        card = card.moved_to(column, card.position, now)
    edits = [created(card)]
    floor = position
    for follower in cards[index + 1 :]:
        if follower.position > floor:
            break
        floor += 1
        edits.append(changed(follower, replace(follower, position=floor)))  # type: ignore[arg-type]
    return Change(tuple(edits), f"Added “{title}” to {column_title(column)}", focus=card.id, undo_focus=None)


_KEEP: object = object()


def edit_card(
    board: Board,
    seen: Card,
    title: str,
    category: str,
    notes: str,
    *,
    per_week: object = _KEEP,
    day: object = _KEEP,
    time: object = _KEEP,
) -> Change | None:
    """Only the fields the user changed are written, and each must still hold what the
    user saw. ``per_week``, ``day`` and ``time`` are kept as seen unless given."""
    per_week, day, time = check_schedule(
        seen.per_week if per_week is _KEEP else per_week,
        seen.day if day is _KEEP else day,
        seen.time if time is _KEEP else time,
    )
    new = replace(
        seen,
        title=clean_title(title),
        category=check_category(category),
        notes=clean_notes(notes),
        per_week=per_week,
        day=day,
        time=time,
    )
    edit = changed(seen, new)
    if edit is None:
        return None
    return Change((edit,), f"Edited “{new.title}”", focus=seen.id, undo_focus=seen.id)


def move_card(board: Board, seen: Card, step: int, now: datetime | None = None) -> Change | None:
    """Move a card to the previous (-1) or next (+1) column; it lands at the top."""
    index = COLUMNS.index(seen.column) + step
    if not 0 <= index < len(COLUMNS):
        return None
    target = COLUMNS[index]
    moved = seen.moved_to(target, board.top_position(target), now)
    edit = changed(seen, moved)
    assert edit is not None
    return Change((edit,), f"Moved “{seen.title}” to {column_title(target)}", focus=seen.id, undo_focus=seen.id)


def reorder_card(board: Board, seen: Card, step: int) -> Change | None:
    """Swap a card with its neighbour above (-1) or below (+1) in its column, as the file
    holds the column now.

    Two cards can share a position (saved by two windows at once, or a deleted card
    brought back where another now is); the column's order then breaks the tie by id, and
    swapping positions would not swap the two cards. So tied or out-of-order positions
    around them are first spread apart (each raised just past the one before it, which
    touches only those cards), and then the two swap."""
    fresh = board.cards.get(seen.id)
    if fresh is None or (fresh.column, fresh.position) != (seen.column, seen.position):
        return Change((expected(seen, "column", "position"),), "", focus=seen.id)
    cards = board.column(seen.column)
    index = next(i for i, c in enumerate(cards) if c.id == seen.id)
    other_index = index + step
    if not 0 <= other_index < len(cards):
        return None
    positions: list[int] = []
    for card in cards:
        positions.append(card.position if not positions or card.position > positions[-1] else positions[-1] + 1)
    positions[index], positions[other_index] = positions[other_index], positions[index]
    edits = []
    for card, position in zip(cards, positions):
        if position != card.position:
            before = seen if card.id == seen.id else card
            edit = changed(before, replace(before, position=position))
            if edit is not None:
                edits.append(edit)
    label = f"Moved “{seen.title}” {'down' if step > 0 else 'up'}"
    return Change(tuple(edits), label, focus=seen.id, undo_focus=seen.id)


def delete_card(board: Board, seen: Card) -> Change:
    """The whole card must still be as the user saw it. The focus goes to the card below,
    else the one above."""
    return Change(
        (removed(seen),), f"Deleted “{seen.title}”", focus=focus_after_delete(board, seen.id), undo_focus=seen.id
    )


def put_cards(board: Board, puts: Iterable[Card] = (), removes: Iterable[int] = (), label: str = "") -> Change:
    """Replace cards wholesale (the demo board, tests): each card as given, each removal of
    the card as the board holds it."""
    edits: list[Edit] = [removed(board.get(card_id)) for card_id in removes]
    for card in puts:
        old = board.cards.get(card.id)
        if old is None:
            edits.append(created(card))
        elif (edit := changed(old, card)) is not None:
            edits.append(edit)
    return Change(tuple(edits), label)


def focus_after_delete(board: Board, card_id: int) -> int | None:
    """The card that takes the focus when ``card_id`` goes: the one below, else above."""
    card = board.cards.get(card_id)
    if card is None:
        return None
    cards = board.column(card.column)
    index = next(i for i, c in enumerate(cards) if c.id == card_id)
    if index + 1 < len(cards):
        return cards[index + 1].id
    if index > 0:
        return cards[index - 1].id
    return None


def columns_touched(before: Board, after: Board, card_ids: Iterable[int]) -> set[str]:
    """The columns whose cards differ between two boards, for these cards."""
    touched: set[str] = set()
    for card_id in card_ids:
        for board in (before, after):
            card = board.cards.get(card_id)
            if card is not None:
                touched.add(card.column)
    return touched
