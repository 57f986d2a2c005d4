"""Board.apply keeps each column in order without re-sorting the board: after any run of
operations, every column equals the one a fresh board sorts from the same cards."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from regroup.domain import board as ops
from regroup.domain.board import Board
from regroup.domain.model import COLUMNS, Card

STEPS = st.lists(
    st.tuples(
        st.sampled_from(["add", "move", "reorder", "delete", "undo"]), st.integers(0, 50), st.sampled_from([-1, 1])
    ),
    max_size=40,
)


def fresh(board: Board) -> Board:
    return Board(board.cards)  # nothing cached: columns sorted from scratch


@settings(max_examples=200, deadline=None)
@given(STEPS)
def test_columns_stay_in_order(steps):
    board = Board.from_cards(
        Card(id=i + 1, title=f"card {i}", category="mind", column=COLUMNS[i % 4], position=i // 4) for i in range(12)
    )
    for name in COLUMNS:
        board.column(name)  # cache every column, as the app's board does
    undo: list = []
    for op, n, step in steps:
        ids = sorted(board.cards)
        card_id = ids[n % len(ids)] if ids else None
        change = None
        if op == "add":
            change = ops.add_card(board, f"new {n}", COLUMNS[n % 4], "body", "")
        elif op == "undo" and undo:
            change = undo.pop()
        elif card_id is not None and op == "move":
            change = ops.move_card(board, board.cards[card_id], step)
        elif card_id is not None and op == "reorder":
            change = ops.reorder_card(board, board.cards[card_id], step)
        elif card_id is not None and op == "delete":
            change = ops.delete_card(board, board.cards[card_id])
        if change is None:
            continue
        undo.append(change.inverse())
        board = board.apply(change)
        for name in COLUMNS:
            assert board.column(name) == fresh(board).column(name), (op, name)


CATEGORIES = ["body", "mind", "heart", "social", "look"]
CARD_TEXTS = st.tuples(st.text(min_size=1, max_size=30), st.text(max_size=30), st.sampled_from(CATEGORIES))
NEEDLES = st.one_of(
    st.text(min_size=1, max_size=5).map(str.casefold), st.sampled_from(CATEGORIES), st.sampled_from(["\0", "a\0"])
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(CARD_TEXTS, max_size=8),
    st.lists(NEEDLES, min_size=1, max_size=4),
    st.integers(0, 7),
    st.text(max_size=10),
)
def test_the_filter_cache_keeps_what_matches_keeps(texts, needles, edited, new_notes):
    """The board narrows through folded texts it keeps per card version; it keeps exactly
    the cards ``matches`` keeps, for any needle (NUL included), from a cold cache, from a
    warm one, and after one card is edited."""
    from regroup.app.widgets.board import BoardView, matches

    cards = tuple(
        Card(id=n, title=title, category=category, column="ideas", position=n, notes=notes)
        for n, (title, notes, category) in enumerate(texts)
    )
    view = BoardView.__new__(BoardView)
    view._folds, view._texts = {}, {}
    if cards:
        index = edited % len(cards)
        changed = cards[:index] + (replace(cards[index], notes=new_notes),) + cards[index + 1 :]
    else:
        changed = cards
    for needle in needles:
        for column in (cards, cards, changed):  # cold, cached, one card in a new version
            assert view._narrow("ideas", column, needle) == tuple(c for c in column if matches(c, needle))


def test_a_card_tied_with_its_neighbours_moves_exactly_one_place():
    """Two windows can leave two cards at one position (a card brought back by an undo
    where `add` has since put another). J and K still move a card one place, whatever
    the ties around it (before, one J jumped two places)."""
    board = Board.from_cards(
        [
            Card(1, "X", "mind", "ideas", 0),
            Card(2, "CLI", "mind", "ideas", 0),
            Card(3, "Run", "body", "ideas", 0),
            Card(4, "Gym", "body", "ideas", 1),
        ]
    )
    titles = lambda b: [c.title for c in b.column("ideas")]
    assert titles(board) == ["X", "CLI", "Run", "Gym"]
    for step, expected in (
        (+1, ["CLI", "X", "Run", "Gym"]),
        (+1, ["CLI", "Run", "X", "Gym"]),
        (+1, ["CLI", "Run", "Gym", "X"]),
        (-1, ["CLI", "Run", "X", "Gym"]),
    ):
        board = board.apply(ops.reorder_card(board, board.cards[1], step))
        assert titles(board) == expected
