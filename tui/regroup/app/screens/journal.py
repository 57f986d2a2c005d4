"""The journal (w): what went wrong, and what I will do differently. Write, edit, delete,
read back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from regroup.app.dialog_keys import JOURNAL_KEYS
from regroup.app.keys import APP_KEYS, PALETTE_KEY, bindings
from regroup.app.modals.form import FormModal
from regroup.app.saving import StoreChanged
from regroup.app.widgets.key_bar import KeyBar
from regroup.domain import logbook
from regroup.domain.daily import JournalEntry, make_entry
from regroup.domain.dates import long_date, short_date, today_in

if TYPE_CHECKING:
    from regroup.app.app import RegroupApp

PROMPTS = (
    "What went wrong? Be honest and fair, to both of you.",
    "What will I do differently?",
)
PREVIEW = 60  # cells of an entry's first line in the list, at most


def preview(text: str, width: int = PREVIEW) -> str:
    """The first line of ``text``, cut after a whole word with "…" when it is longer."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    if cell_len(first) <= width:
        return first
    head = set_cell_size(first, width - 1)
    cut = head.rfind(" ")
    if cut > 0 and first[len(head)] != " ":
        head = head[:cut]
    return head.rstrip(" ,;:.-") + "…"


@dataclass(frozen=True)
class EntryInput:
    day: str
    wrong: str
    differently: str


class EntryForm(FormModal[EntryInput]):
    app: RegroupApp
    FOCUS = "#entry-wrong"
    HELP_TITLE = "Keys in a journal entry"

    def __init__(self, day: str, entry: JournalEntry | None = None, values: EntryInput | None = None) -> None:
        super().__init__()
        self.day = day
        self.entry = entry
        self.values = values

    def compose_dialog(self) -> ComposeResult:
        v = self.values
        wrong = v.wrong if v else (self.entry.wrong if self.entry else "")
        differently = v.differently if v else (self.entry.differently if self.entry else "")
        with Vertical(classes="dialog dialog--form dialog--entry"):
            yield Static("Edit entry" if self.entry else "New journal entry", classes="dialog-title")
            with Horizontal(classes="entry-date"):
                yield Label("Date ")
                yield Input(v.day if v else self.day, id="entry-date", compact=True, placeholder="YYYY-MM-DD")
            yield Label(PROMPTS[0])
            yield TextArea(wrong, id="entry-wrong", soft_wrap=True)
            yield Label(PROMPTS[1])
            yield TextArea(differently, id="entry-differently", soft_wrap=True)
            yield from self.footer()

    def collect(self) -> EntryInput:
        return EntryInput(
            self.query_one("#entry-date", Input).value,
            self.query_one("#entry-wrong", TextArea).text,
            self.query_one("#entry-differently", TextArea).text,
        )


class JournalScreen(Screen[None]):
    """A list of entries beside the one being read."""

    app: RegroupApp

    KEYS = JOURNAL_KEYS + (APP_KEYS[0], PALETTE_KEY)
    HELP_TITLE = "Keys in the journal"
    BINDINGS = bindings(JOURNAL_KEYS) + [Binding("q", "close", show=False, id="journal_q")]

    def __init__(self, filter_text: str = "") -> None:
        super().__init__(id="journal")
        self.filter_text = filter_text
        self.select_id: int | None = None  # the entry just saved, to select once redrawn

    @property
    def store(self):
        return self.app.store

    def compose(self) -> ComposeResult:
        yield Header(icon="◐")
        with Horizontal(id="journal-body"):
            with Vertical(id="journal-list-box"):
                yield Static("Journal", classes="column-title", markup=False)
                yield OptionList(id="journal-list")
            with VerticalScroll(id="journal-read"):
                yield Static("", id="journal-entry", markup=False)
        yield Input(
            self.filter_text, placeholder="Filter entries: type, enter to keep, escape to clear", id="journal-filter"
        )
        yield KeyBar()

    def on_resize(self) -> None:
        current = self.current
        self.show_entries(current.id if current else None)

    def on_mount(self) -> None:
        box = self.query_one("#journal-filter", Input)
        box.set_class(bool(self.filter_text), "visible")
        self.show_entries()
        self.set_focus(self.options)

    @property
    def options(self) -> OptionList:
        return self.query_one("#journal-list", OptionList)

    def entries(self) -> list[JournalEntry]:
        needle = self.filter_text.casefold().strip()
        entries = list(reversed(self.store.journey.journal))  # newest first
        return [e for e in entries if e.matches(needle)] if needle else entries

    def show_entries(self, select_id: int | None = None, index: int | None = None) -> None:
        options = self.options
        entries = self.entries()
        options.clear_options()
        room = max(12, (options.size.width or int(self.app.size.width * 0.4)) - 19)  # less the date
        for entry in entries:
            line = Text.assemble(
                (short_date(entry.day), "bold"), " · ", preview(entry.wrong or entry.differently, room)
            )
            line.no_wrap, line.overflow = True, "ellipsis"
            options.add_option(Option(line, id=str(entry.id)))
        total = len(self.store.journey.journal)
        title = f"Journal  {len(entries)}/{total}" if self.filter_text.strip() else f"Journal  {total}"
        self.query_one("#journal-list-box .column-title", Static).update(title)
        if entries:
            found = next((i for i, e in enumerate(entries) if e.id == select_id), None)
            if found is None:
                found = min(index, len(entries) - 1) if index is not None else 0
            options.highlighted = found
            self.read_entry(entries[found])
        else:
            empty = (
                "No entry matches the filter."
                if self.filter_text.strip()
                else (
                    "Nothing written yet. n starts an entry: what went wrong, and what you will do differently. "
                    "Writing it down helps you see it clearly."
                )
            )
            self.query_one("#journal-entry", Static).update(empty)

    def read_entry(self, entry: JournalEntry) -> None:
        text = Text()
        text.append(long_date(entry.day) + "\n\n", style="bold")
        text.append(PROMPTS[0] + "\n", style="bold dim")
        text.append((entry.wrong or "—") + "\n\n")
        text.append(PROMPTS[1] + "\n", style="bold dim")
        text.append(entry.differently or "—")
        self.query_one("#journal-entry", Static).update(text)

    @on(OptionList.OptionHighlighted, "#journal-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        entry = self._entry(event.option.id)
        if entry:
            self.read_entry(entry)

    @on(OptionList.OptionSelected, "#journal-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_edit_entry()

    def _entry(self, option_id: str | None) -> JournalEntry | None:
        for entry in self.store.journey.journal:
            if str(entry.id) == option_id:
                return entry
        return None

    @property
    def current(self) -> JournalEntry | None:
        options = self.options
        if options.highlighted is None or options.option_count == 0:
            return None
        return self._entry(options.get_option_at_index(options.highlighted).id)

    # --- moving in the list: the arrows, and j k g G as on the board ------------------

    def action_cursor_up(self) -> None:
        self.options.action_cursor_up()

    def action_cursor_down(self) -> None:
        self.options.action_cursor_down()

    def action_cursor_first(self) -> None:
        self.options.action_first()

    def action_cursor_last(self) -> None:
        self.options.action_last()

    def action_close(self) -> None:
        """Escape clears the filter first; then it goes back to the board."""
        box = self.query_one("#journal-filter", Input)
        if box.has_focus or box.value:
            box.value = ""
            box.remove_class("visible")
            self.set_focus(self.options)
            return
        self.dismiss(None)

    def action_new_entry(self) -> None:
        self._write(None)

    def action_edit_entry(self) -> None:
        entry = self.current
        if entry is None:
            self.notify("No entry yet: n starts one.", timeout=3)
            return
        self._write(entry)

    def action_delete_entry(self) -> None:
        from regroup.app.modals.confirm import Confirm
        from regroup.domain.logbook import entry_deleted

        entry = self.current
        if entry is None:
            self.notify("No entry to delete.", timeout=3)
            return
        index = self.options.highlighted

        def answered(yes: bool | None) -> None:
            if yes and self.app.saver.save(lambda state: entry_deleted(state, entry), toast=True):
                self.show_entries(index=index)

        self.app.push_screen(
            Confirm(f"Delete the journal entry of {long_date(entry.day)}?\nu brings it back."), answered
        )

    def _write(self, entry: JournalEntry | None) -> None:
        plan = self.store.journey.plan
        zone = plan.zone if plan else "UTC"
        today = today_in(zone, self.app.now()).isoformat()

        def submit(typed: EntryInput) -> None:
            new = make_entry(
                entry.id if entry else 0,
                typed.day,
                typed.wrong,
                typed.differently,
                zone,
                self.app.now(),
                created=entry.created if entry else "",
            )
            change = self.app.saver.commit(lambda state: logbook.entry_saved(state, new, entry))
            if change is not None:
                self.select_id = change.edits[0].key
            self.notify("Journal entry saved.", timeout=3)

        day = today if entry is None else entry.day.isoformat()
        self.app.push_screen(EntryForm(day, entry).saving(submit))

    @on(StoreChanged)
    def _store_changed(self, message: StoreChanged) -> None:
        current = self.current
        index = self.options.highlighted
        select = self.select_id or (current.id if current else None)
        if message.change is not None and message.change.focus is None:
            undone = [edit.key for edit in message.change.edits if edit.table == "journal" and edit.after is not None]
            select = undone[0] if undone else select  # an undone delete: on the entry it brings back
        self.show_entries(select, index)
        self.select_id = None

    def action_filter(self) -> None:
        box = self.query_one("#journal-filter", Input)
        box.add_class("visible")
        self.set_focus(box)

    @on(Input.Changed, "#journal-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.show_entries()

    @on(Input.Submitted, "#journal-filter")
    def _filter_kept(self) -> None:
        self.set_focus(self.options)
