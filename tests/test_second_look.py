"""What a hostile first week with the timeline and undo found (issues 13 and 15), each
checked the way the user met it: the footer under a dialog opened from the timeline, the
timeline's keys (e, g, G), the words when the other person has no name, and the help laid
out again when the terminal is resized while it is open."""

from __future__ import annotations

from datetime import date

from conftest import panel_text, planned, reopen, until
from regroup.app.app import RegroupApp
from regroup.app.modals.confirm import Confirm
from regroup.app.modals.contact import ContactForm
from regroup.app.modals.help import HelpScreen
from regroup.app.screens.main import MainScreen
from regroup.app.screens.timeline import CorrectForm, TimelineScreen
from regroup.app.widgets.key_bar import KeyBar
from regroup.domain.journey import Check
from regroup.domain.plan import Slip

STAMP = "2026-11-20T10:00:00Z"


def footer(app) -> str:
    return app.screen.query_one(KeyBar).render_line(0).text


async def test_a_correction_opened_from_the_timeline_shows_the_form_s_keys(db_path):
    store = planned(db_path)
    store.log_slip(Slip(date(2026, 11, 20), "a text", STAMP))
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("S")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen))
        assert "⏎ Open" in footer(app)  # the timeline's footer says how to open an event
        await pilot.press("e")  # e, as in the journal, opens it too
        await until(pilot, lambda: isinstance(app.screen, CorrectForm))
        shown = footer(app)
        assert "Save" in shown and "Cancel" in shown and "Remove" not in shown and "Kind" not in shown


async def test_g_and_G_go_to_the_newest_and_the_oldest_event(db_path):
    store = planned(db_path)
    for day in (18, 19, 20):
        store.log_slip(Slip(date(2026, 11, day), f"slip {day}", STAMP))
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("S", "G")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen) and app.screen.current is not None)
        assert app.screen.current.day == date(2026, 11, 18)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        assert "18 Nov" in " ".join(str(s.render()) for s in app.screen.query("Static"))
        await pilot.press("n", "g")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen) and app.screen.current.day.day == 20)


async def test_with_no_name_they_have_moved_on(db_path):
    store = planned(db_path, breakup_date="2026-11-01")  # no name given
    store.log_check(Check(date(2026, 11, 22), "ready"))
    app = RegroupApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, ContactForm))
        app.screen.query_one("#contact-moved-on").value = True
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        question = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "they have moved on" in question and "them has" not in question
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, MainScreen) and "Plan archived" in panel_text(app))
        assert "they have moved on" in panel_text(app) and "them has" not in panel_text(app)
    assert reopen(db_path).journey.plan.archived


async def test_the_help_is_laid_out_again_when_the_terminal_shrinks(db_path):
    app = RegroupApp(planned(db_path), poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert app.screen.query("#help-columns")  # two columns at 80
        await pilot.resize_terminal(60, 20)
        await until(pilot, lambda: not app.screen.query("#help-columns"))  # one column at 60
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: bool(app.screen.query("#help-columns")))
