"""Issue 13, "a first week without a stumble": one test (or a few) per item of the issue,
each failing on the code before it. Pilot tests press keys and then read the file again."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import panel_text, planned, reopen, running, screen_text, seed, until
from regroup.app.app import RegroupApp
from regroup.app.modals.card_form import CardForm
from regroup.app.modals.confirm import Confirm
from regroup.app.modals.contact import ContactForm
from regroup.app.modals.emotion_check import EmotionCheck
from regroup.app.modals.help import HelpScreen
from regroup.app.modals.slip import SlipForm
from regroup.app.screens.journal import EntryForm, JournalScreen
from regroup.app.screens.main import MainScreen
from regroup.app.screens.timeline import CorrectForm
from regroup.app.widgets.countdown import CountdownPanel
from regroup.app.widgets.key_bar import KeyBar
from regroup.domain.daily import CheckIn, make_contact, make_entry
from regroup.domain.journey import Check
from regroup.domain.model import Card
from regroup.domain.plan import Slip

BERLIN = ZoneInfo("Europe/Berlin")
STAMP = "2026-11-20T10:00:00Z"


@pytest.fixture(autouse=True)
def frozen(frozen_evening):
    return frozen_evening


def footer(app) -> str:
    return app.screen.query_one(KeyBar).render_line(0).text


def toasts(app) -> list[str]:
    return [getattr(t.render(), "plain", str(t.render())) for t in app.screen.query("Toast")]


def cards(n: int, column: str = "ideas", notes: str = "") -> list[Card]:
    return [Card(i, f"Card {i:02}", "body", column, i, notes, created=STAMP) for i in range(1, n + 1)]


def dialog_of(app):
    return app.screen.query_one(".dialog")


def centred_and_whole(app) -> None:
    """The dialog sits in the middle of the screen (above the footer), all of it inside,
    and nothing in it scrolls."""
    dialog = dialog_of(app)
    assert dialog.region.width, f"{dialog} is not laid out yet"
    width, height = app.size
    x, y, w, h = dialog.region
    assert x >= 0 and y >= 0 and x + w <= width and y + h <= height - 1, dialog.region
    assert abs((x + w / 2) - width / 2) <= 1, ("not centred across", dialog.region)
    assert abs((y + h / 2) - (height - 1) / 2) <= 1, ("not centred down", dialog.region)
    for widget in [dialog, *dialog.query("*")]:
        if widget.styles.overflow_y in ("auto", "scroll") and widget.display:
            assert widget.max_scroll_y == 0, f"{widget} scrolls at {width}x{height}"


# --- 1. the emotion check ----------------------------------------------------------------


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_1_the_emotion_check_is_centred_whole_and_says_the_consequence_after(db_path, size):
    app = RegroupApp(planned(db_path, breakup_date="2026-11-04"), poll=False)  # the day is today
    async with app.run_test(size=size, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, EmotionCheck) and dialog_of(app).region.width > 0)
        centred_and_whole(app)
        shown = "\n".join(str(w.render()) for w in app.screen.query("Static"))
        assert "A clear reason lets you reach out from strength rather than from" in shown.replace("\n", " ")
        assert "We'll add 7 more days" not in shown  # the consequence comes after the answer
        # each question is a paragraph: its wrapped lines keep the indent of its column
        questions = list(app.screen.query(".check-question"))
        numbers = list(app.screen.query(".check-number"))
        assert len({q.region.x for q in questions}) == 1 and questions[0].region.x > numbers[0].region.x
        await pilot.press("n")
        await until(pilot, lambda: any("7 more days" in t for t in toasts(app)))
        assert isinstance(app.screen, MainScreen)


async def test_1_escape_closes_the_emotion_check_unanswered_and_it_asks_again(db_path):
    app = RegroupApp(planned(db_path, breakup_date="2026-11-04"), poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, EmotionCheck))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
    assert reopen(db_path).journey.checks == () and reopen(db_path).journey.extensions == ()
    again = RegroupApp(reopen(db_path), poll=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(again.screen, EmotionCheck))


def dialog_keys(contact_phase: bool) -> list[tuple[str, list[str]]]:
    keys = [
        ("new card", ["n"]),
        ("edit card", ["e"]),
        ("view card", ["v"]),
        ("delete", ["d"]),
        ("help", ["question_mark"]),
        ("plan settings", ["p"]),
        ("slip", ["exclamation_mark"]),
        ("correcting a slip", ["S", "enter"]),
        ("check-in", ["c"]),
        ("journal entry", ["w", "n"]),
    ]
    return keys + ([("contact", ["t"])] if contact_phase else [])


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_dialog_is_centred_and_fits_without_scrolling(db_path, size):
    store = planned(db_path, breakup_date="2026-11-01", name="Sam", restart_on_slip=False)
    store.log_check(Check(date(2026, 11, 22), "ready"))
    store.log_slip(Slip(date(2026, 11, 20), "a text", STAMP))  # for the list of slips
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=size) as pilot:
        for name, keys in dialog_keys(contact_phase=True):
            await pilot.press(*keys)
            await until(pilot, lambda: app.screen.query(".dialog") and dialog_of(app).region.width > 0)
            try:
                centred_and_whole(app)
            except AssertionError as error:
                raise AssertionError(f"{name}: {error}") from None
            while not isinstance(app.screen, MainScreen):
                await pilot.press("escape")
                await pilot.pause()


# --- 2. the slip form ----------------------------------------------------------------


async def test_2_the_slip_form_starts_on_the_date_and_a_date_typed_as_the_note_is_refused(db_path):
    app = RegroupApp(planned(db_path), poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("exclamation_mark")
        await until(pilot, lambda: isinstance(app.screen, SlipForm))
        assert app.focused.id == "slip-date"
        await pilot.press("tab", *"2026-11-20", "ctrl+s")  # the date typed in the note by mistake
        await until(pilot, lambda: "only a date" in str(app.screen.query_one("#error").render()))
        assert reopen(db_path).journey.slips == ()
        await pilot.press("shift+tab", *"2026-11-20")  # the date field: typing replaces today's
        app.screen.query_one("#slip-note").value = ""
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
    assert [(s.day, s.note) for s in reopen(db_path).journey.slips] == [(date(2026, 11, 20), "")]


async def test_2_a_slip_logged_with_the_wrong_date_is_corrected_in_the_list(db_path):
    store = planned(db_path)
    store.log_slip(Slip(date(2026, 11, 25), "2026-11-20", STAMP))  # the slip: dated today
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Wed 16 Dec" in panel_text(app)  # counted from today's slip
        await pilot.press("S")  # the timeline, showing the slips only
        await until(pilot, lambda: app.screen.query("#timeline-list"))
        listed = app.screen.query_one("#timeline-list")
        assert listed.option_count == 1 and "25 Nov" in str(listed.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CorrectForm))
        app.screen.query_one("#correct-first").value = ""
        await pilot.press(*"2026-11-20", "tab")
        app.screen.query_one("#correct-note").value = ""
        await pilot.press(*"texted him", "ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, CorrectForm))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert "Fri 11 Dec" in panel_text(app)  # 20 Nov + 21
    slips = reopen(db_path).journey.slips
    assert [(s.day, s.note, s.logged) for s in slips] == [(date(2026, 11, 20), "texted him", STAMP)]


# --- 3. the journal keeps a paragraph on escape -----------------------------------------


async def test_3_escape_in_a_journal_entry_asks_before_losing_what_was_written(db_path):
    app = RegroupApp(planned(db_path), poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w", "n")
        await until(pilot, lambda: isinstance(app.screen, EntryForm))
        await pilot.press(*"We stopped talking")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("n")  # keep writing
        await until(pilot, lambda: isinstance(app.screen, EntryForm))
        assert app.screen.query_one("#entry-wrong").text == "We stopped talking"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("escape")  # closes the question unanswered: still writing
        await until(pilot, lambda: isinstance(app.screen, EntryForm))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, JournalScreen))
        await pilot.press("n", "escape")  # nothing typed: no question
        await until(pilot, lambda: isinstance(app.screen, JournalScreen))
    assert [e.wrong for e in reopen(db_path).journey.journal] == ["We stopped talking"]


# --- 4. init over a plan -------------------------------------------------------------------


def test_4_init_over_a_plan_refuses_without_force_and_keeps_a_backup_with_it(tmp_path, capsys):
    from regroup.cli import main

    db = tmp_path / "r.json"
    base = ["init", "--breakup-date", "2026-11-15", "--ended-by", "them", "--db", str(db)]
    assert main([*base, "--name", "Alex", "--tz", "Europe/Paris"]) == 0
    assert main(base) == 2
    assert "already holds a plan" in capsys.readouterr().err
    plan = reopen(db).journey.plan
    assert (plan.name, plan.tz) == ("Alex", "Europe/Paris")
    assert main([*base, "--force"]) == 0
    assert list(tmp_path.glob("r.before-init-*.json"))
    plan = reopen(db).journey.plan
    assert (plan.name, plan.tz) == ("Alex", "Europe/Paris")  # what is not given is kept


# --- 5. moved on, then "Not now" -----------------------------------------------------------


def in_contact_phase(db_path):
    store = planned(db_path, breakup_date="2026-11-01", name="Sam")  # contact date 22 Nov
    store.log_check(Check(date(2026, 11, 22), "ready"))
    return store


@pytest.mark.parametrize("answer", ["n", "escape"])
async def test_5_moved_on_then_not_now_leaves_a_way_forward(db_path, answer):
    app = RegroupApp(in_contact_phase(db_path), poll=False)
    async with running(app) as pilot:
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, ContactForm))
        app.screen.query_one("#contact-moved-on").value = True
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press(answer)
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        text = panel_text(app)
        assert "say so there" not in text
        assert "ctrl+p, Archive the plan" in text
        plan = reopen(db_path).journey.plan
        assert plan.moved_on == date(2026, 11, 25) and not plan.archived
        from regroup.app.commands import palette_commands

        names = [key.name for key in palette_commands(app.screen)]
        assert any(name.startswith("Archive the plan") for name in names)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: app.screen.query("CommandInput"))
        await pilot.press(*"archive", "enter")
        await until(pilot, lambda: reopen(db_path).journey.plan.archived)
        await until(pilot, lambda: "Plan archived" in panel_text(app))
    from regroup.status import status_data

    saved = reopen(db_path)
    data = status_data(saved.journey, saved.board)
    assert data["moved_on"] == "2026-11-25" and data["archived"] is True


async def test_5_an_archived_plan_comes_back_from_the_palette(db_path):
    store = in_contact_phase(db_path)
    store.set_plan(replace(store.journey.plan, moved_on=date(2026, 11, 24), archived=True))
    app = RegroupApp(store, poll=False)
    async with running(app) as pilot:
        assert "ctrl+p, Resume the plan" in panel_text(app)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: app.screen.query("CommandInput"))
        await pilot.press(*"resume", "enter")
        await until(pilot, lambda: not reopen(db_path).journey.plan.archived)
    assert reopen(db_path).journey.plan.moved_on is None


# --- 6. j and k in the journal --------------------------------------------------------------


async def test_6_the_journal_list_moves_with_j_k_g_and_G(db_path):
    store = planned(db_path)
    for day in ("2026-11-16", "2026-11-17", "2026-11-18"):
        store.save_entry(make_entry(0, day, f"entry of {day}", "", "Europe/Berlin"))
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, JournalScreen))
        options = app.screen.query_one("#journal-list")
        assert options.highlighted == 0
        await pilot.press("j", "j")
        assert options.highlighted == 2
        assert "entry of 2026-11-16" in str(app.screen.query_one("#journal-entry").render())
        await pilot.press("k")
        assert options.highlighted == 1
        await pilot.press("g")
        assert options.highlighted == 0
        await pilot.press("G")
        assert options.highlighted == 2


# --- 7. ? shows the keys of the screen it is opened from; the palette has each once --------


def help_text(app) -> str:
    return "\n".join(screen_text(app))


async def test_7_help_follows_the_screen_and_lists_the_form_keys(db_path):
    app = RegroupApp(planned(db_path), poll=False)
    async with running(app) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        board = help_text(app)
        assert "Move the card a column left or right" in board
        assert "ctrl+s" in board and "tab" in board and "Close without saving" in board  # form keys
        rows = [line for line in board.splitlines() if "The emotion check" in line]
        assert rows and not any("ctrl+p" in row for row in rows)  # not a row "ctrl+p · ..."
        await pilot.press("question_mark")
        await pilot.press("w", "question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        journal = help_text(app)
        assert "Keys in the journal" in journal and "Delete the entry" in journal
        assert "Move the card" not in journal
        await pilot.press("escape", "n")
        await until(pilot, lambda: isinstance(app.screen, EntryForm))
        await pilot.press("f1")  # ? is a letter in a text field; f1 is help everywhere
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        form = help_text(app)
        assert "Save and close" in form and "Move the card" not in form and "Delete the entry" not in form


async def test_7_every_command_is_in_the_palette_once(db_path):
    from regroup.app.commands import palette_commands
    from regroup.app.keys import BOARD_KEYS, PLAN_KEYS

    app = RegroupApp(planned(db_path), poll=False)
    async with running(app) as pilot:
        commands = palette_commands(app.screen)
        actions = [key.action or key.id for key in commands]
        assert len(actions) == len(set(actions))
        assert {key.action or key.id for key in BOARD_KEYS + PLAN_KEYS} <= set(actions)
        system = [command.title for command in app.get_system_commands(app.screen)]
        assert system == ["Theme"]  # no second Quit, no Keys panel in Textual's words
        await pilot.press("ctrl+p")
        await until(pilot, lambda: app.screen.query("CommandInput"))
        await pilot.press(*"quit")
        await pilot.pause()
        await pilot.pause()
        commands = app.screen.query_one("CommandList")
        hits = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
        assert sum("Quit" in hit for hit in hits) == 1, hits


# --- 8. the footer shows the keys of what has the focus ------------------------------------


@pytest.mark.parametrize("keys", [["p"], ["n"], ["c"], ["exclamation_mark"], ["d"], ["question_mark"]])
async def test_8_a_dialog_has_its_own_footer(db_path, keys):
    app = RegroupApp(planned(db_path), poll=False)
    async with running(app) as pilot:
        await pilot.press(*keys)
        await until(pilot, lambda: not isinstance(app.screen, MainScreen))
        await pilot.pause()
        bar = footer(app)
        assert "Move →" not in bar and "Journal" not in bar and "Check in" not in bar, bar
        assert any(word in bar for word in ("Save", "Yes", "Close")), bar


# --- 9. small terminals --------------------------------------------------------------------


def whole_cards(app) -> int:
    """How many cards the focused column shows whole (title and details rows)."""
    column = app.screen.focused_column
    x, y, w, h = column.region
    lines = screen_text(app)[y : y + h]
    titles = [n for n, line in enumerate(lines) if line[x : x + w].startswith("▌ Card")]
    return sum(1 for n in titles if n + 1 < len(lines) and lines[n + 1][x : x + w].startswith("▌"))


@pytest.mark.parametrize(
    "size, at_least, must_read",
    [
        (
            (80, 24),
            6,
            [
                "11 days to go",
                "earliest contact Sun 6 Dec 2026",
                "Three weeks of space · 21 days from the breakup",
                "Next: no contact; put the time into your board.",
            ],
        ),
        ((60, 20), 4, ["earliest contact Sun 6 Dec 2026"]),
        ((40, 12), 2, ["11 days to go"]),  # the panel is one line there, as if hidden
    ],
)
async def test_9_small_terminals_keep_what_matters(db_path, size, at_least, must_read):
    app = RegroupApp(seed(db_path, cards(12), plan=True), poll=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert whole_cards(app) >= at_least
        shown = "\n".join(screen_text(app))
        for words in must_read:
            assert words in shown, (words, shown)
        assert "?" in footer(app) and "q" in footer(app)
        if size[1] < 18:
            assert app.screen.countdown.mode == "mini"
            return
        await pilot.press("z")  # hide the panel: one line of it stays, more cards show
        await until(pilot, lambda: app.screen.countdown.mode == "mini")
        assert whole_cards(app) >= at_least
        assert "11 days to go" in "\n".join(screen_text(app))
        await pilot.press("z")
        await until(pilot, lambda: app.screen.countdown.mode != "mini")
    assert reopen(db_path).settings.get("panel") == "shown"


async def test_9_the_letter_step_stands_whole_at_80x24(db_path):
    app = RegroupApp(planned(db_path, ended_by="me"), poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = "\n".join(screen_text(app))
        assert "Next: send your apology letter, then mark it sent (p)." in shown
        assert "Letter, then two weeks · 14 days from the day the letter is sent" in shown


async def test_9_the_edit_dialog_keeps_its_heading_at_60x20(db_path):
    app = RegroupApp(planned(db_path), poll=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, CardForm))
        await pilot.pause()
        assert any("Edit card" in line for line in screen_text(app))
        centred_and_whole(app)


async def test_9_a_resize_switches_the_panel_on_its_own(db_path):
    app = RegroupApp(planned(db_path), poll=False)
    async with running(app) as pilot:
        panel = app.screen.query_one(CountdownPanel)
        assert panel.mode == "full"
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: panel.mode == "compact")
        await pilot.resize_terminal(120, 40)
        await until(pilot, lambda: panel.mode == "full")


# --- 10. numbers that mislead -------------------------------------------------------------


async def test_10_one_day_count_at_a_time_and_no_streak(db_path):
    app = RegroupApp(planned(db_path), poll=False)
    async with running(app) as pilot:
        text = panel_text(app)
        assert "days to go" not in text  # the digits count; the words name the date
        assert "streak" not in text and "10 days of no contact" in text
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: app.screen.countdown.mode == "compact")
        shown = "\n".join(screen_text(app))
        assert "11 days to go" in shown and "10:05" not in shown  # no digits beside the words


async def test_10_old_check_ins_are_not_called_none(db_path, frozen):
    store = planned(db_path, guide_id="custom", days=90)
    store.save_checkin(CheckIn(date(2026, 11, 20), 4, "ok"))
    frozen.move_to(datetime(2026, 12, 31, 12, tzinfo=BERLIN))
    app = RegroupApp(store, poll=False)
    async with running(app) as pilot:
        await pilot.pause()
        text = panel_text(app)
        assert "no check-ins yet" not in text and "no check-in in the last 30 days" in text and "1 check-in" in text


# --- 11. filtering --------------------------------------------------------------------------


async def test_11_an_empty_column_under_a_filter_says_so(db_path):
    app = RegroupApp(seed(db_path, plan=True), poll=False)
    async with running(app, notifications=True) as pilot:
        await pilot.press("slash", *"pottery", "enter")
        await pilot.pause()
        shown = "\n".join(screen_text(app))
        assert "Nothing on the go yet" not in shown and "No card here matches the" in shown
        await pilot.press("n", *"Swim on Sundays", "ctrl+s")  # hidden by the filter
        await until(pilot, lambda: any("The filter hides it" in t for t in toasts(app)))


async def test_11_escape_after_a_filter_puts_every_column_back(db_path):
    many = [
        Card(i, f"{'run ' if i % 7 == 0 else ''}card {i:02}", "heart", col, i, "n", created=STAMP)
        for col, base in (("ideas", 0), ("planned", 100), ("done", 200))
        for i in range(base + 1, base + 31)
    ]
    app = RegroupApp(seed(db_path, many, plan=True), poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = {c.column_name: (c.scroll_offset.y, c.cursor) for c in app.screen.board_view.columns}
        await pilot.press("slash", *"run", "enter", "G", "escape")
        await pilot.pause()
        columns = app.screen.board_view.columns
        for column in columns:
            assert column.scroll_offset.y % 3 == 0, (column.column_name, column.scroll_offset.y)  # never half a card
        for name in ("planned", "done"):
            column = app.screen.board_view.column(name)
            assert (column.scroll_offset.y, column.cursor) == before[name]


# --- 12. escape on the first-run form ------------------------------------------------------


async def test_12_escape_on_the_first_run_form_keeps_no_file(tmp_path, monkeypatch):
    from regroup.store import Store

    monkeypatch.setenv("TZ", "Europe/Berlin")
    db = tmp_path / "fresh" / "r.json"
    app = RegroupApp(Store.open(db), poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await until(pilot, lambda: not app.is_running)
    assert not db.exists()  # no database; the empty lock file stays (removing it could split the lock)


async def test_12_a_file_with_something_in_it_is_kept(tmp_path, monkeypatch):
    from regroup.store import Store

    db = tmp_path / "r.json"
    store = Store.open(db)
    Store.open(db).add_card("Mine")  # regroup-tui add, before the first launch
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await until(pilot, lambda: not app.is_running)
    assert "Mine" in [c.title for c in reopen(db).board.cards.values()]


# --- 13. wording ------------------------------------------------------------------------------


async def test_13_journal_previews_end_on_a_whole_word(db_path):
    store = planned(db_path)
    store.save_entry(
        make_entry(0, "2026-11-20", "worked late and called her instead of going home " * 3, "", "Europe/Berlin")
    )
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, JournalScreen))
        line = str(app.screen.query_one("#journal-list").get_option_at_index(0).prompt)
        assert (
            line.endswith("…")
            and (line[:-1].rstrip() + " ") in "Fri 20 Nov · " + "worked late and called her instead of going home " * 3
        )
        assert "2026-11-20" not in line  # dates as the board writes them


async def test_13_toasts_write_dates_and_columns_as_the_board_does(db_path):
    store = planned(db_path, breakup_date="2026-11-01", name="Sam")
    store.log_check(Check(date(2026, 11, 22), "ready"))
    app = RegroupApp(store, poll=False)
    async with running(app, notifications=True) as pilot:
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, ContactForm))
        app.screen.query_one("#contact-answered").value = False
        await pilot.press("ctrl+s")
        await until(pilot, lambda: any("Try again on Fri 27 Nov" in t for t in toasts(app)))
        assert not any("2026-11-27" in t for t in toasts(app))
        await pilot.press("L", "u")
        await until(pilot, lambda: any("to Planned" in t for t in toasts(app)))


async def test_13_moved_on_is_said_once(db_path):
    store = in_contact_phase(db_path)
    store.set_plan(replace(store.journey.plan, moved_on=date(2027, 1, 11), archived=True))
    app = RegroupApp(store, poll=False)
    async with running(app):
        assert "moved on on" not in panel_text(app)


# --- 14. sources named as a person would ------------------------------------------------------


SEED_FILES = (
    "000_70a1899d46d37979",
    "001_ec3a2833ae936836",
    "002_52e49f706faf6029",
    "003_0fad39adfb40c95f",
    "004_603b761a7f2df040",
)


@pytest.mark.parametrize("keys", [[], ["p"], ["v"]])
async def test_14_no_screen_names_a_file(db_path, keys):
    store = planned(db_path, ended_by="me")  # letter-14 cites two articles; its starter cards a third
    app = RegroupApp(store, poll=False)
    async with running(app) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        shown = "\n".join(screen_text(app))
        assert ".txt" not in shown and not any(name in shown for name in SEED_FILES)
        if not keys:
            assert "“I Dumped Him and He Hasn’t Called”" in shown
        if keys == ["p"]:
            assert "“You dumped him and he hasn’t called?”" in str(app.screen.query_one("#guide-help").render())


async def test_14_the_first_run_form_names_the_article(db_path, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    app = RegroupApp(seed(db_path), poll=False)
    async with running(app) as pilot:
        await pilot.pause()
        shown = "\n".join(screen_text(app))
        assert "“What To Do To Get Him Back”" in shown and ".txt" not in shown


def test_14_the_readme_names_the_articles_and_no_file():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert ".txt" not in readme and "shared/" not in readme and "seeds/" not in readme
    for title in (
        "Do You Know What Went Wrong?",
        "How to Win a Guy Back After He Dumps You",
        "I Dumped Him and He Hasn’t Called",
        "What To Do To Get Him Back",
        "You dumped him and he hasn’t called?",
    ):
        assert title in readme


# --- 15. smaller gaps --------------------------------------------------------------------------


async def test_15_a_card_can_be_read_whole_from_the_board(db_path):
    long = "Beginners' wheel course on Thursdays, 7 pm. Bring an apron and old clothes.\nSecond line of notes."
    store = seed(
        db_path,
        [
            Card(
                1,
                "A pottery class with a title far too long for a column",
                "mind",
                "ideas",
                1,
                long,
                created=STAMP,
                source="000_70a1899d46d37979.txt",
            )
        ],
        plan=True,
    )
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        shown = "\n".join(screen_text(app))
        assert "A pottery class with a title far too long for a column" in shown
        body = str(app.screen.query_one("#view-text").render())
        assert long in body and "“Do You Know What Went Wrong?”" in body
        assert ".txt" not in shown and ".txt" not in body
        centred_and_whole(app)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, CardForm))


async def test_15_the_notes_box_grows_with_the_screen(db_path):
    app = RegroupApp(planned(db_path), poll=False)
    async with running(app) as pilot:
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, CardForm))
        await pilot.pause()
        assert app.screen.query_one("#notes").content_region.height >= 8


async def test_15_marking_the_letter_sent_moves_its_card_to_done(db_path):
    app = RegroupApp(planned(db_path, ended_by="me"), poll=False)
    async with running(app) as pilot:
        await pilot.press("p")
        await until(pilot, lambda: app.screen.query("#letter"))
        app.screen.query_one("#letter").value = "2026-11-20"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
    board = reopen(db_path).board
    letter = next(c for c in board.cards.values() if c.title == "Write the apology letter")
    assert letter.column == "done" and reopen(db_path).journey.plan.letter_sent == date(2026, 11, 20)


async def test_15_a_journal_entry_can_be_deleted_and_brought_back(db_path):
    store = planned(db_path)
    for day in ("2026-11-16", "2026-11-17"):
        store.save_entry(make_entry(0, day, f"entry of {day}", "", "Europe/Berlin"))
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w", "d")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await until(pilot, lambda: len(reopen(db_path).journey.journal) == 1)
        assert [e.wrong for e in reopen(db_path).journey.journal] == ["entry of 2026-11-16"]
        await pilot.press("u")
        await until(pilot, lambda: len(reopen(db_path).journey.journal) == 2)
        await until(pilot, lambda: app.screen.query_one("#journal-list").option_count == 2)


async def test_15_the_contact_log_says_when_to_try_again(db_path):
    store = in_contact_phase(db_path)
    store.log_contact(make_contact(0, "2026-11-25", "text", False, "", "Europe/Berlin"))
    app = RegroupApp(store, poll=False)
    async with running(app) as pilot:
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, ContactForm))
        assert "waiting until Fri 27 Nov" in str(app.screen.query_one("#contact-wait").render())


async def test_15_the_time_zone_completes_as_typed_in_any_case(db_path):
    app = RegroupApp(planned(db_path), poll=False)
    async with running(app) as pilot:
        await pilot.press("p")
        await until(pilot, lambda: app.screen.query("#tz"))
        zone = app.screen.query_one("#tz")
        app.screen.set_focus(zone)
        await pilot.press("ctrl+u", *"europe/pa")
        await until(pilot, lambda: zone._suggestion == "Europe/Paris")
        await pilot.press("right")  # takes the suggestion
        assert zone.value == "Europe/Paris"
        await pilot.press("ctrl+u", *"asia/tokyo", "ctrl+s")  # any case, saved as IANA spells it
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
    assert reopen(db_path).journey.plan.tz == "Asia/Tokyo"


async def test_15_a_new_card_lands_after_the_focused_card(db_path):
    app = RegroupApp(seed(db_path, cards(4), plan=True), poll=False)
    async with running(app) as pilot:
        await pilot.press("j", "n", *"Swim", "ctrl+s")  # on Card 02
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert app.screen.focused_card.title == "Swim"
    assert [c.title for c in reopen(db_path).board.column("ideas")] == [
        "Card 01",
        "Card 02",
        "Swim",
        "Card 03",
        "Card 04",
    ]


def test_15_add_puts_a_card_at_the_end_of_its_column(db_path):
    from regroup.cli import main

    seed(db_path, cards(3), plan=True)
    assert main(["add", "From the shell", "--db", str(db_path)]) == 0
    assert [c.title for c in reopen(db_path).board.column("ideas")][-1] == "From the shell"


def test_status_json_says_moved_on(db_path, capsys):
    from regroup.cli import main

    store = planned(db_path)
    store.set_plan(replace(store.journey.plan, moved_on=date(2026, 11, 24)))
    assert main(["status", "--json", "--db", str(db_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["moved_on"] == "2026-11-24" and data["archived"] is False
