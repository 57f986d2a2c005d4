

@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["body", "mind", "heart", "social", "look"]),
                          st.sampled_from(["ideas", "planned", "doing", "done"])), max_size=25))
def test_suggestions_are_ideas_from_the_least_touched_categories(cards):
    from regroup.domain.board import Board
    from regroup.domain.review import touches

    started = "2026-11-20T10:00:00Z"
    board = Board.from_cards(
        Card(n, f"card {n}", category, column, n, started=started if column in ("doing", "done") else None)
        for n, (category, column) in enumerate(cards, start=1)
    )
    picks = suggestions(board, Ticks(), WED, "Europe/Berlin")
    assert picks == suggestions(board, Ticks(), WED, "Europe/Berlin")  # deterministic
    ideas = board.column("ideas")
    assert len(picks) == min(3, len(ideas)) and len(set(picks)) == len(picks)
    assert all(card.column == "ideas" for card in picks)
    if picks:
        touched = touches(board, Ticks(), WED, "Europe/Berlin")
        least = min(touched[card.category] for card in ideas)
        assert touched[picks[0].category] == least
