"""Pilot tests for every board key; each checks the file after reopening it."""

from __future__ import annotations

import pytest

from conftest import column_titles, reopen, screen_strips, seed
from regroup.app.app import RegroupApp
from regroup.app.modals.card_form import CardForm
from regroup.app.modals.confirm import Confirm
from regroup.app.modals.help import HelpScreen
from regroup.app.screens.main import MainScreen
from regroup.app.widgets.board import BoardView
from regroup.app.widgets.key_bar import KeyBar
from regroup.domain.model import Card


def make_app(store) -> RegroupApp:
    return RegroupApp(store, poll=False)


def focused_title(app: RegroupApp) -> str | None:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    card = screen.focused_card
    return card.title if card else None


def focused_column(app: RegroupApp) -> str:
    """The active column of the board, which must hold the keyboard focus."""
    assert isinstance(app.focused, BoardView), app.focused
    assert isinstance(app.screen, MainScreen)
    return app.screen.focused_column.column_name


async def test_starts_focused_on_first_card(store):
    async with make_app(store).run_test() as pilot:
        await pilot.pause()
        assert focused_column(pilot.app) == "ideas"
        assert focused_title(pilot.app) == "Pottery class on Thursdays"


@pytest.mark.parametrize("down,up,right,left", [("down", "up", "right", "left"), ("j", "k", "l", "h")])
async def test_focus_keys(store, down, up, right, left):
    async with make_app(store).run_test() as pilot:
        await pilot.press(down, down)
        assert focused_title(pilot.app) == "Dinner with Maya"
        await pilot.press(down)  # stays on the last card
        assert focused_title(pilot.app) == "Dinner with Maya"
        await pilot.press(up)
        assert focused_title(pilot.app) == "Run 5 km three times a week"
        await pilot.press(right)
        assert focused_column(pilot.app) == "planned"
        assert focused_title(pilot.app) == "Write down what went wrong"  # same row, clamped
        await pilot.press(right, right, right)
        assert focused_column(pilot.app) == "done"
        await pilot.press(left)
        assert focused_column(pilot.app) == "doing"
        assert focused_title(pilot.app) == "Explore the old town"


@pytest.mark.parametrize("key", ["shift+right", "L"])
async def test_move_card_right(store, db_path, key):
    async with make_app(store).run_test() as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert focused_column(pilot.app) == "planned"
        assert focused_title(pilot.app) == "Pottery class on Thursdays"
        await pilot.press(key)
        await pilot.pause()
        assert focused_column(pilot.app) == "doing"
    saved = reopen(db_path)
    assert column_titles(saved, "doing")[0] == "Pottery class on Thursdays"
    assert "Pottery class on Thursdays" not in column_titles(saved, "ideas")
    card = saved.board.cards[1]
    assert card.started is not None and card.done is None


@pytest.mark.parametrize("key", ["shift+left", "H"])
async def test_move_card_left(store, db_path, key):
    async with make_app(store).run_test() as pilot:
        await pilot.press("l", "l", "l")  # done
        assert focused_title(pilot.app) == "Delete their number"
        await pilot.press(key)
        await pilot.pause()
        assert focused_column(pilot.app) == "doing"
        assert focused_title(pilot.app) == "Delete their number"
    saved = reopen(db_path)
    assert column_titles(saved, "doing") == ["Delete their number", "Explore the old town"]
    assert column_titles(saved, "done") == []
    assert saved.board.cards[7].done is None


async def test_move_left_of_first_column_does_nothing(store, db_path):
    async with make_app(store).run_test() as pilot:
        await pilot.press("H")
        await pilot.pause()
        assert focused_title(pilot.app) == "Pottery class on Thursdays"
    assert column_titles(reopen(db_path), "ideas")[0] == "Pottery class on Thursdays"


@pytest.mark.parametrize("down,up", [("shift+down", "shift+up"), ("J", "K")])
async def test_reorder(store, db_path, down, up):
    async with make_app(store).run_test() as pilot:
        await pilot.press(down, down)
        await pilot.pause()
        assert focused_title(pilot.app) == "Pottery class on Thursdays"
    assert column_titles(reopen(db_path), "ideas") == [
        "Run 5 km three times a week",
        "Dinner with Maya",
        "Pottery class on Thursdays",
    ]
    async with make_app(reopen(db_path)).run_test() as pilot:
        await pilot.press("G", up)
        await pilot.pause()
        assert focused_title(pilot.app) == "Pottery class on Thursdays"
    assert column_titles(reopen(db_path), "ideas")[1] == "Pottery class on Thursdays"


async def test_new_card(store, db_path):
    async with make_app(store).run_test() as pilot:
        await pilot.press("l", "n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CardForm)
        await pilot.press(*"Salsa night")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, MainScreen)
        assert focused_column(pilot.app) == "planned"
        assert focused_title(pilot.app) == "Salsa night"
    saved = reopen(db_path)
    assert column_titles(saved, "planned")[:2] == ["New haircut", "Salsa night"]  # after the focused card


async def test_new_card_refuses_empty_title(store, db_path):
    async with make_app(store).run_test() as pilot:
        await pilot.press("n", "space", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CardForm)
        assert "cannot be empty" in str(pilot.app.screen.query_one("#error").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, MainScreen)
    assert len(reopen(db_path).board) == len(store.board)


@pytest.mark.parametrize("key", ["enter", "e"])
async def test_edit_card(store, db_path, key):
    async with make_app(store).run_test() as pilot:
        await pilot.press("j", key)
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, CardForm)
        form.query_one("#title").value = "Run 10 km on Sundays"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert focused_title(pilot.app) == "Run 10 km on Sundays"
    assert reopen(db_path).board.cards[2].title == "Run 10 km on Sundays"


async def test_delete_confirmed_then_focus_moves_to_next(store, db_path):
    async with make_app(store).run_test() as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(pilot.app.screen, Confirm)
        await pilot.press("y")
        await pilot.pause()
        assert focused_title(pilot.app) == "Run 5 km three times a week"
    saved = reopen(db_path)
    assert 1 not in saved.board.cards
    assert len(saved.board) == 6


@pytest.mark.parametrize("cancel", ["n", "escape"])
async def test_delete_cancelled(store, db_path, cancel):
    async with make_app(store).run_test() as pilot:
        await pilot.press("d")
        await pilot.pause()
        await pilot.press(cancel)
        await pilot.pause()
        assert isinstance(pilot.app.screen, MainScreen)
        assert focused_title(pilot.app) == "Pottery class on Thursdays"
    assert 1 in reopen(db_path).board.cards


async def test_delete_last_card_of_column_keeps_focus_in_column(store, db_path):
    async with make_app(store).run_test() as pilot:
        await pilot.press("l", "l", "d")  # doing has one card
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert focused_column(pilot.app) == "doing"
        assert focused_title(pilot.app) is None
        await pilot.press("u")
        await pilot.pause()
        assert focused_title(pilot.app) == "Explore the old town"
    assert column_titles(reopen(db_path), "doing") == ["Explore the old town"]


async def test_undo_several_levels(store, db_path):
    async with make_app(store).run_test() as pilot:
        await pilot.press("L", "L", "J")  # move twice
        await pilot.press("h", "h", "k", "d")  # delete from ideas
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        saved = reopen(db_path)
        assert saved.board.cards[1].column == "doing"
        assert 2 not in saved.board.cards
        await pilot.press("u")
        await pilot.pause()
        assert 2 in reopen(db_path).board.cards
        assert focused_title(pilot.app) == "Run 5 km three times a week"
        await pilot.press("u", "u")  # the reorder, then the second move
        await pilot.pause()
        assert focused_title(pilot.app) == "Pottery class on Thursdays"
        assert focused_column(pilot.app) == "planned"
        await pilot.press("u")
        await pilot.pause()
        assert focused_column(pilot.app) == "ideas"
        await pilot.press("u")  # nothing left: a toast, no change
        await pilot.pause()
    saved = reopen(db_path)
    assert column_titles(saved, "ideas") == [
        "Pottery class on Thursdays",
        "Run 5 km three times a week",
        "Dinner with Maya",
    ]
    assert saved.board.cards[1].started is None


async def test_filter(store, db_path):
    async with make_app(store).run_test() as pilot:
        await pilot.press("slash", *"maya")
        await pilot.pause()
        view = pilot.app.screen.board_view
        assert [c.title for c in view.column("ideas").cards] == ["Dinner with Maya"]
        assert view.column("planned").cards == ()
        await pilot.press("enter")
        assert focused_title(pilot.app) == "Dinner with Maya"
        await pilot.press("L")  # keys work on the filtered board
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert len(view.column("ideas").cards) == 2
        assert focused_title(pilot.app) == "Dinner with Maya"
    assert column_titles(reopen(db_path), "planned")[0] == "Dinner with Maya"


async def test_filter_escape_clears(store):
    async with make_app(store).run_test() as pilot:
        await pilot.press("slash", *"zzz")
        await pilot.pause()
        assert all(not c.cards for c in pilot.app.screen.board_view.columns)
        await pilot.press("escape")
        await pilot.pause()
        assert len(pilot.app.screen.board_view.column("ideas").cards) == 3
        assert focused_column(pilot.app) == "ideas"


async def test_help(store):
    async with make_app(store).run_test() as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, MainScreen)


async def test_command_palette_lists_and_runs_actions(store, db_path):
    from textual.command import CommandPalette

    async with make_app(store).run_test() as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CommandPalette)
        await pilot.press(*"next column")
        from textual.command import CommandList

        results = pilot.app.screen.query_one(CommandList)
        for _ in range(200):  # the palette searches in a worker: wait for its hits
            if results.option_count:
                break
            await pilot.pause()
        await pilot.press("enter")
        for _ in range(200):
            if isinstance(pilot.app.screen, MainScreen):
                break
            await pilot.pause()
        assert isinstance(pilot.app.screen, MainScreen)
    assert column_titles(reopen(db_path), "planned")[0] == "Pottery class on Thursdays"


async def test_quit(store):
    async with make_app(store).run_test() as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not pilot.app.is_running


async def test_change_from_another_process_shows_up(store, db_path):
    from regroup.store import Store

    app = make_app(store)
    async with app.run_test() as pilot:
        Store.open(db_path).add_card("Salsa night", column="doing", category="body")
        await app.check_file()  # what the one-second poll does
        await pilot.pause()
        titles = [c.title for c in pilot.app.screen.board_view.column("doing").cards]
        assert titles[-1] == "Salsa night"  # regroup-tui add: at the end of the column
        assert focused_title(pilot.app) == "Pottery class on Thursdays"


async def test_chosen_theme_is_remembered(store, db_path):
    async with make_app(store).run_test() as pilot:
        pilot.app.theme = "nord"
        await pilot.pause()
    assert reopen(db_path).settings["theme"] == "nord"
    app = make_app(reopen(db_path))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.theme == "nord"


async def test_cards_take_the_new_theme_colours(store):
    async with make_app(store).run_test() as pilot:
        await pilot.pause()
        column = pilot.app.screen.focused_column
        before = column.render_line(0).text, column._style("card--cursor-title")
        pilot.app.theme = "solarized-light"
        await pilot.pause()
        after = column._style("card--cursor-title")
        assert before[1] != after  # the remembered styles were dropped with the old theme


async def test_a_stored_theme_colours_the_first_frame(store, db_path):
    """The board is styled once, at mount (the first resume skips Textual's second pass):
    a theme read from the file must already be in the first frame's colours, exactly as
    when the theme is switched while the app runs."""

    def looks(app: RegroupApp) -> tuple:
        assert isinstance(app.screen, MainScreen)
        column = app.screen.focused_column
        return column._style("card--cursor-title"), column._style(""), column.render_line(2).text

    async with make_app(store).run_test() as pilot:
        await pilot.pause()
        default = looks(pilot.app)
        pilot.app.theme = "nord"
        await pilot.pause()
        switched = looks(pilot.app)
    assert switched != default
    async with make_app(reopen(db_path)).run_test() as pilot:
        await pilot.pause()
        assert looks(pilot.app) == switched


async def test_filter_typed_fast_goes_into_the_box(store, db_path):
    """'/' then letters at once: none of them may act on the board (u would undo, n add)."""
    before = db_path.read_bytes()
    async with make_app(store).run_test() as pilot:
        await pilot.press("L")
        await pilot.pause()
        moved = db_path.read_bytes()
        from textual import events

        # all four queued at once, as from a fast typist (pilot.press waits between keys)
        for key, char in [("slash", "/"), ("r", "r"), ("u", "u"), ("n", "n")]:
            event = events.Key(key, char)
            event.set_sender(pilot.app)
            pilot.app._driver.send_message(event)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(pilot.app.screen, MainScreen)  # n did not open a new-card form
        assert pilot.app.focused is pilot.app.screen.query_one("#filter")
        assert pilot.app.focused.value == "run"  # and not one of them lost
        view = pilot.app.screen.board_view
        assert view.filter_text == "run"
        shown = [c.title for column in view.columns for c in column.cards]
        assert shown and all("run" in title.casefold() for title in shown)
    assert db_path.read_bytes() == moved != before


def footer_text(app: RegroupApp) -> str:
    return app.screen.query_one(KeyBar).render_line(0).text


async def test_the_footer_follows_the_focus_and_a_click_presses_its_key(store):
    async with make_app(store).run_test() as pilot:
        await pilot.pause()
        board_keys = footer_text(pilot.app)
        assert "L Move →" in board_keys and " q Quit" in board_keys and board_keys.rstrip().endswith("^p palette")
        await pilot.press("slash")
        await pilot.pause()
        box_keys = footer_text(pilot.app)
        assert "Quit" not in box_keys  # the box takes letters: no letter keys
        assert "⏎ Keep the filter" in box_keys and "esc Clear the filter" in box_keys  # what enter and escape do
        assert box_keys.rstrip().endswith("^p palette")
        await pilot.press("escape")
        await pilot.pause()
        assert footer_text(pilot.app) == board_keys
        bar = pilot.app.screen.query_one(KeyBar)
        start = next(start for start, _end, shown in bar._spans if shown.description == "New")
        await pilot.hover(KeyBar, offset=(start + 1, 0))
        assert bar.tooltip == "Add a card after the focused one"
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await pilot.pause()
        assert isinstance(pilot.app.screen, CardForm)


async def test_opening_and_closing_the_filter_builds_no_widgets(store):
    """Each "/" and escape moves the focus, which changes the footer's keys. Textual's
    Footer recomposed a widget per key each time and left the old ones to the cyclic
    collector; the bar redraws one line, so the app holds the same widgets after ten
    rounds as before them."""
    import gc

    from textual.widget import Widget

    def widgets() -> int:
        gc.collect()
        return sum(1 for thing in gc.get_objects() if isinstance(thing, Widget))

    async with make_app(store).run_test() as pilot:
        await pilot.press("slash", "a", "escape")
        await pilot.pause()
        before = widgets()
        for _ in range(10):
            await pilot.press("slash", "a", "escape")
        await pilot.pause()
        assert widgets() == before


async def test_a_long_column_scrolls_under_its_title(db_path):
    """The title stays on the column's first line while the cards scroll under it, and the
    focused card is always drawn whole below it: at the end, back at the top, and at a
    card reached one step at a time."""
    stamp = "2026-11-20T10:00:00Z"
    cards = [Card(n, f"Card number {n:02}", "body", "ideas", n, "", created=stamp) for n in range(1, 41)]
    store = seed(db_path, cards, plan=True)

    def column_text(app: RegroupApp) -> list[str]:
        assert isinstance(app.screen, MainScreen)
        column = app.screen.board_view.column("ideas")
        x, y, width, height = column.region
        lines = screen_strips(app)
        return [line.crop(x, x + width).text for line in lines[y : y + height]]

    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = column_text(pilot.app)
        assert shown[0].split() == ["Ideas", "40"]
        assert "Card number 01" in shown[1]
        await pilot.press("G")
        await pilot.pause()
        shown = column_text(pilot.app)
        assert shown[0].split() == ["Ideas", "40"]
        assert "Card number 40" in shown[-2]  # the last card's title and its details, at the bottom
        assert "body" in shown[-1]
        assert not any("Card number 01" in line for line in shown)
        for _ in range(5):  # up past the top of the view: the column scrolls back
            await pilot.press("k")
        await pilot.pause()
        shown = column_text(pilot.app)
        assert shown[0].split() == ["Ideas", "40"]
        row = next(n for n, line in enumerate(shown) if "Card number 35" in line)
        assert row >= 1 and "body" in shown[row + 1]
        await pilot.press("g")
        await pilot.pause()
        shown = column_text(pilot.app)
        assert shown[0].split() == ["Ideas", "40"] and "Card number 01" in shown[1]
        for _ in range(8):
            await pilot.press("j")
        await pilot.pause()
        shown = column_text(pilot.app)
        assert shown[0].split() == ["Ideas", "40"]
        row = next(n for n, line in enumerate(shown) if "Card number 09" in line)
        assert row + 1 < len(shown) and "body" in shown[row + 1]  # whole: its title and details
