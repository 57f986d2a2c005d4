"""Issue 12, "text is text" in the app: every string a user or a file supplies is shown as
typed. Textual markup is never read in it (a title "x [/] y" used to crash the app on the
undo toast; "Read [book]" showed as "Read "; a name "[b]Sam" turned bold), and control or
direction characters never reach the terminal. Each test fails on the code before it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from conftest import FIXED_NOW, planned, reopen, seed, until
from regroup.app.app import RegroupApp
from regroup.app.modals.card_form import CardForm
from regroup.app.modals.confirm import Confirm
from regroup.app.screens.first_run import FirstRunScreen
from regroup.app.screens.main import MainScreen
from regroup.app.widgets.countdown import CountdownPanel
from regroup.domain.daily import make_entry
from regroup.domain.model import Card
from regroup.domain.plan import Slip

MARKUP = ["x [/] y", "Read [book]", "[b]Sam", "[link=file:///etc/passwd]me[/link]", "[[/]]", "[@click=app.quit]q[/]"]


@pytest.fixture(autouse=True)
def frozen(frozen_evening):
    return frozen_evening


def toasts(app) -> list[str]:
    """The text of every toast on screen, as drawn."""
    texts = []
    for toast in app.screen.query("Toast"):
        rendered = toast.render()
        texts.append(getattr(rendered, "plain", str(rendered)))
    return texts


def card(card_id: int, title: str, column: str = "planned", notes: str = "") -> Card:
    return Card(card_id, title, "mind", column, card_id, notes, created="2026-11-20T10:00:00Z")


@pytest.mark.parametrize("title", MARKUP)
async def test_a_title_with_markup_moves_and_undoes_and_the_toasts_show_it(db_path, title):
    """The issue's case: `regroup-tui add "x [/] y" --column planned`, then l, L, u."""
    store = seed(db_path, [card(1, "Other", "ideas"), card(2, title)], plan=True)
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("l", "L")
        await until(pilot, lambda: reopen(db_path).board.cards[2].column == "doing")
        await pilot.press("u")
        await until(pilot, lambda: any(f"Undone: moved “{title}” to Doing" in text for text in toasts(app)))
        assert isinstance(app.screen, MainScreen)
    assert reopen(db_path).board.cards[2].column == "planned"


async def test_read_book_keeps_its_brackets_in_the_edit_toast(db_path):
    store = seed(db_path, [card(1, "Read", "ideas")], plan=True)
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, CardForm))
        await pilot.press("end", *" [book]", "ctrl+s")
        await until(pilot, lambda: any("Edited “Read [book]”" in text for text in toasts(app)))
    assert reopen(db_path).board.cards[1].title == "Read [book]"


async def test_delete_confirm_and_toast_show_a_title_with_markup(db_path):
    store = seed(db_path, [card(1, "[/] and [b]bold[/b]", "ideas")], plan=True)
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        assert "“[/] and [b]bold[/b]”" in str(app.screen.query_one(".dialog-text").render())
        await pilot.press("y")
        await until(pilot, lambda: any("Deleted “[/] and [b]bold[/b]”" in text for text in toasts(app)))
    assert reopen(db_path).board.cards == {}


@pytest.mark.parametrize("name", ["[/]", "[b]Sam", "[reverse]Alex[/reverse]"])
async def test_the_name_in_the_panel_title_is_shown_as_typed(db_path, name):
    app = RegroupApp(planned(db_path, name=name), poll=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(CountdownPanel)
        title = panel._border_title  # what the border draws
        assert title.plain == f"Space from {name}"
        assert not title.spans, "no style read from the name"


async def test_an_archived_plan_says_the_name_as_typed(db_path):
    store = planned(db_path, name="[/]")
    store.set_plan(replace(store.journey.plan, moved_on=date(2026, 11, 25), archived=True))
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        text = "\n".join(str(w.render()) for w in app.screen.query_one(CountdownPanel).query("Static"))
        assert "that [/] has moved on" in text


async def test_journal_and_slips_show_text_as_typed(db_path):
    store = planned(db_path, name="Sam")
    store.save_entry(make_entry(0, "2026-11-20", "I said [/] and [b]more[/b]", "Listen [first]", "Europe/Berlin"))
    store.log_slip(Slip(date(2026, 11, 21), "texted [/] at night", "2026-11-21T20:00:00Z"))
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("w")
        await until(pilot, lambda: app.screen.id == "journal")
        entry = str(app.screen.query_one("#journal-entry").render())
        assert "I said [/] and [b]more[/b]" in entry and "Listen [first]" in entry
        await pilot.press("escape", "S")
        await until(pilot, lambda: app.screen.query("#timeline-list"))
        assert "texted [/] at night" in str(app.screen.query_one("#timeline-event").render())


async def test_a_form_error_holding_typed_markup_is_shown_as_typed(db_path, monkeypatch):
    """The first-run form's error line: an unknown zone typed with brackets."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    app = RegroupApp(seed(db_path), poll=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FirstRunScreen))
        app.screen.query_one("#breakup").value = "2026-11-15"
        app.screen.query_one("#tz").value = "Europe/[/]"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Europe/[/]" in str(app.screen.query_one("#error").render()))
        assert isinstance(app.screen, FirstRunScreen)


async def test_the_palette_never_reads_markup(db_path):
    app = RegroupApp(planned(db_path), poll=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("ctrl+p")
        await until(pilot, lambda: app.screen.query("CommandInput"))
        await pilot.press(*"[/]")
        await pilot.pause()
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        from rich.text import Text

        from regroup.app.commands import palette_commands

        names = [key.name for key in palette_commands(app.screen)]
        assert names and all(Text.from_markup(name).plain == name for name in names)


async def test_a_paste_brings_no_control_or_direction_character_onto_the_screen(db_path):
    store = seed(db_path, [card(1, "Other", "ideas")], plan=True)
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, CardForm))
        app.post_message(__import__("textual.events", fromlist=["Paste"]).Paste("a\x1b[2Jb\u202ec\x07d"))
        title = app.screen.query_one("#title")
        await until(pilot, lambda: title.value.startswith("a"))
        assert not any(ch in title.value for ch in "\x1b\u202e\x07")
        assert title.value == "a␛[2Jb�c�d"
        svg = app.export_screenshot()
        assert "\x1b" not in svg and "\u202e" not in svg


async def test_a_pasted_title_longer_than_the_limit_gets_a_sentence(db_path):
    from textual import events

    store = seed(db_path, [card(1, "Other", "ideas")], plan=True)
    before = db_path.read_bytes()
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, CardForm))
        app.post_message(events.Paste("x" * 250))
        await until(pilot, lambda: len(app.screen.query_one("#title").value) == 250)
        await pilot.press("ctrl+s")
        error = app.screen.query_one("#error")
        await until(pilot, lambda: "at most 200 characters; this one has 250" in str(error.render()))
        assert isinstance(app.screen, CardForm)  # what was pasted stays, to shorten
    assert db_path.read_bytes() == before


async def test_a_title_from_the_file_with_control_characters_is_masked_everywhere(db_path):
    """A hand-edited file: the card, its view and the toasts never carry the raw characters."""
    import json

    store = seed(db_path, [card(1, "safe", "ideas", notes="n")], plan=True)
    store.close()
    data = json.loads(db_path.read_text())
    data["cards"]["1"]["title"] = "evil\x1b]0;pwned\x07 \u202eright"
    data["cards"]["1"]["notes"] = "line\x1b[2J"
    db_path.write_text(json.dumps(data))
    app = RegroupApp(reopen(db_path), poll=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("v")
        await pilot.pause()
        svg = app.export_screenshot()
        await pilot.press("escape", "d", "y")
        await until(pilot, lambda: any("Deleted" in text for text in toasts(app)))
        texts = "".join(toasts(app))
    for shown in (svg, texts):
        assert not any(ch in shown for ch in "\x1b\x07\u202e")
    assert FIXED_NOW  # the fixture's clock is not needed here
