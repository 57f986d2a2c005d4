"""The slips logged so far (S): read them, and correct a date or a note typed wrong. Slips
are kept, never erased: a slip logged by mistake is corrected, not deleted (u right after
logging one takes it back)."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from regroup.app.keys import SLIP_LIST_KEYS, bindings
from regroup.app.modals.form import DIALOG_SHADOWS
from regroup.app.saving import StoreChanged
from regroup.app.widgets.key_bar import KeyBar
from regroup.domain.dates import long_date
from regroup.domain.plan import Slip, make_slip


def slip_line(slip: Slip) -> Text:
    line = Text.assemble((long_date(slip.day), "bold"), " · ", slip.note.splitlines()[0] if slip.note else ("no note", "dim italic"))
    line.no_wrap, line.overflow = True, "ellipsis"
    return line


class SlipsScreen(ModalScreen[None]):
    KEYS = SLIP_LIST_KEYS
    HELP_TITLE = "Keys in the list of slips"
    BINDINGS = bindings(SLIP_LIST_KEYS) + DIALOG_SHADOWS

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
        self.select: int | None = None

    @property
    def slips(self) -> list[Slip]:
        """Newest first."""
        return sorted(self.app.store.journey.slips, key=lambda s: (s.day, s.logged), reverse=True)  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog--slips"):
            yield Static("Your slips", classes="dialog-title")
            yield Static("", id="slips-intro", classes="dialog-note", markup=False)
            yield OptionList(id="slips-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_slips()
        self.set_focus(self.query_one("#slips-list", OptionList))

    def show_slips(self, index: int | None = None) -> None:
        slips = self.slips
        options = self.query_one("#slips-list", OptionList)
        options.clear_options()
        for number, slip in enumerate(slips):
            options.add_option(Option(slip_line(slip), id=str(number)))
        intro = self.query_one("#slips-intro", Static)
        if slips:
            intro.update("Kept, never erased. A wrong date or note? e corrects it.")
            options.highlighted = min(index or 0, len(slips) - 1)
        else:
            intro.update("No slip logged. If you are ever in touch before the date, ! notes it.")

    @property
    def current(self) -> Slip | None:
        options = self.query_one("#slips-list", OptionList)
        slips = self.slips
        if options.highlighted is None or not slips:
            return None
        return slips[min(options.highlighted, len(slips) - 1)]

    def action_cursor_up(self) -> None:
        self.query_one("#slips-list", OptionList).action_cursor_up()

    def action_cursor_down(self) -> None:
        self.query_one("#slips-list", OptionList).action_cursor_down()

    @on(OptionList.OptionSelected, "#slips-list")
    def _selected(self) -> None:
        self.action_edit_slip()

    def action_edit_slip(self) -> None:
        from regroup.app.log_changes import slip_corrected
        from regroup.app.modals.slip import SlipForm, SlipInput

        seen = self.current
        plan = self.app.store.journey.plan  # type: ignore[attr-defined]
        if seen is None or plan is None:
            return

        def submit(typed: SlipInput) -> None:
            fixed = replace(make_slip(typed.day, typed.note, plan, now=self.app.now()), logged=seen.logged)  # type: ignore[attr-defined]
            change = self.app.saver.commit(lambda state: slip_corrected(state, seen, fixed))  # type: ignore[attr-defined]
            self.notify(change.label + "." if change else "Nothing changed.", timeout=4)

        form = SlipForm(seen.day.isoformat(), plan.restart_on_slip, plan.them, note=seen.note, correcting=True)
        self.app.push_screen(form.saving(submit))

    @on(StoreChanged)
    def _store_changed(self) -> None:
        self.show_slips(self.query_one("#slips-list", OptionList).highlighted)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_ignore(self) -> None:
        """q: not quit, from a list."""
