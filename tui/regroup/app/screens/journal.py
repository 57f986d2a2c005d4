"""The journal (w): what went wrong, and what I will do differently. Write, edit, read back."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from regroup.app.modals.form import FormModal
from regroup.app.saving import StoreChanged
from regroup.app.widgets.key_bar import KeyBar
from regroup.domain import logbook
from regroup.domain.daily import JournalEntry, make_entry
from regroup.domain.dates import long_date, today_in

PROMPTS = (
    "What went wrong? Be honest and fair, to both of you.",
    "What will I do differently?",
)


@dataclass(frozen=True)
class EntryInput:
    day: str
    wrong: str
    differently: str


class EntryForm(FormModal[EntryInput]):
    FOCUS = "#entry-wrong"

    def __init__(self, day: str, entry: JournalEntry | None = None, values: EntryInput | None = None) -> None:
        super().__init__()
        self.day = day
        self.entry = entry
        self.values = values

    def compose(self) -> ComposeResult:
        v = self.values
        wrong = v.wrong if v else (self.entry.wrong if self.entry else "")
        differently = v.differently if v else (self.entry.differently if self.entry else "")
        with Vertical(classes="dialog dialog--form"):
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

    BINDINGS = [
        Binding("escape,w,q", "close", "Back", id="journal_close"),
        Binding("n", "new_entry", "New entry", id="journal_new"),
        Binding("e,enter", "edit_entry", "Edit", id="journal_edit"),
        Binding("slash", "filter", "Filter", id="journal_filter"),
    ]

    def __init__(self, filter_text: str = "") -> None:
        super().__init__(id="journal")
        self.filter_text = filter_text
        self.select_id: int | None = None  # the entry just saved, to select once redrawn

    @property
    def store(self):
        return self.app.store  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Header(icon="◐")
        with Horizontal(id="journal-body"):
            with Vertical(id="journal-list-box"):
                yield Static("Journal", classes="column-title")
                yield OptionList(id="journal-list")
            with VerticalScroll(id="journal-read"):
                yield Static("", id="journal-entry")
        yield Input(
            self.filter_text, placeholder="Filter entries: type, enter to keep, escape to clear", id="journal-filter"
        )
        yield KeyBar()

    def on_mount(self) -> None:
        box = self.query_one("#journal-filter", Input)
        box.set_class(bool(self.filter_text), "visible")
        self.show_entries()
        self.set_focus(self.query_one("#journal-list", OptionList))

    def entries(self) -> list[JournalEntry]:
        needle = self.filter_text.casefold().strip()
        entries = list(reversed(self.store.journey.journal))  # newest first
        return [e for e in entries if e.matches(needle)] if needle else entries

    def show_entries(self, select_id: int | None = None) -> None:
        options = self.query_one("#journal-list", OptionList)
        entries = self.entries()
        options.clear_options()
        for entry in entries:
            first = (entry.wrong or entry.differently).splitlines()[0] if (entry.wrong or entry.differently) else ""
            options.add_option(
                Option(Text.assemble((entry.day.isoformat(), "bold"), " · ", first[:60]), id=str(entry.id))
            )
        total = len(self.store.journey.journal)
        title = f"Journal  {len(entries)}/{total}" if self.filter_text.strip() else f"Journal  {total}"
        self.query_one("#journal-list-box .column-title", Static).update(title)
        if entries:
            index = next((i for i, e in enumerate(entries) if e.id == select_id), 0)
            options.highlighted = index
            self.read_entry(entries[index])
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
        options = self.query_one("#journal-list", OptionList)
        if options.highlighted is None or options.option_count == 0:
            return None
        return self._entry(options.get_option_at_index(options.highlighted).id)

    def action_close(self) -> None:
        """Escape clears the filter first; then it goes back to the board."""
        box = self.query_one("#journal-filter", Input)
        if box.has_focus or box.value:
            box.value = ""
            box.remove_class("visible")
            self.set_focus(self.query_one("#journal-list", OptionList))
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
            change = self.app.saver.commit(lambda state: logbook.entry_saved(state, new, entry))  # type: ignore[attr-defined]
            if change is not None:
                self.select_id = change.edits[0].key
            self.notify("Journal entry saved.", timeout=3)

        day = today if entry is None else entry.day.isoformat()
        self.app.push_screen(EntryForm(day, entry).saving(submit))

    @on(StoreChanged)
    def _store_changed(self, message: StoreChanged) -> None:
        current = self.current
        self.show_entries(self.select_id or (current.id if current else None))
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
        self.set_focus(self.query_one("#journal-list", OptionList))
