"""The timeline (T): every event of the journey by date, newest first, with a filter by
kind. Enter reads an event (and corrects a slip, a contact, a check-in or a journal entry,
or brings back a deleted card or entry); d removes one, after asking; u and ctrl+r undo
and redo here too. Every correction is a change like any other: in the history, undoable."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from regroup.app.dialog_keys import TIMELINE_KEYS
from regroup.app.keys import bindings
from regroup.app.modals.form import FormModal
from regroup.app.saving import StoreChanged
from regroup.app.widgets.key_bar import KeyBar
from regroup.domain import timeline
from regroup.domain.daily import CONTACT_WAYS, MOODS, check_mood
from regroup.domain.dates import ago, long_date, parse_date, today_in
from regroup.domain.text import NOTE_MAX, WORDS_MAX, clean_line, clean_notes, safe_for_terminal
from regroup.domain.timeline import Event
from regroup.errors import InvalidInput

if TYPE_CHECKING:
    from regroup.app.app import RegroupApp
    from regroup.app.screens.journal import EntryInput
    from regroup.domain.changes import Change

ALL = "all"


class CorrectForm(FormModal[dict]):
    """The fields of a slip, a contact or a check-in, as the file holds them."""

    FOCUS = "#correct-first"

    def __init__(self, event: Event, today: date) -> None:
        super().__init__()
        self.event = event
        self.today = today

    def compose_dialog(self) -> ComposeResult:
        doc: dict[str, Any] = dict(self.event.doc or {})
        kind = self.event.kind
        with Vertical(classes="dialog"):
            yield Static(f"Correct: {safe_for_terminal(self.event.title)}", classes="dialog-title", markup=False)
            with Grid(id="correct-grid"):
                if kind == "checkin":
                    yield Label("Mood")
                    yield Select(
                        [(f"{n} · {word}", n) for n, word in MOODS.items()],
                        value=doc.get("mood", 3),
                        allow_blank=False,
                        id="correct-first",
                        compact=True,
                    )
                    yield Label("In a few words")
                    yield Input(doc.get("words", ""), id="correct-words", compact=True, max_length=WORDS_MAX)
                else:
                    yield Label("Date")
                    yield Input(doc.get("date", ""), placeholder="YYYY-MM-DD", id="correct-first", compact=True)
                    if kind == "contact":
                        yield Label("How")
                        yield Select(
                            [(w, w) for w in CONTACT_WAYS],
                            value=doc.get("how", "text"),
                            allow_blank=False,
                            id="correct-how",
                            compact=True,
                        )
                        yield Label("Did they answer?")
                        yield Select(
                            [("Yes", True), ("No, not yet", False)],
                            value=bool(doc.get("answered")),
                            allow_blank=False,
                            id="correct-answered",
                            compact=True,
                        )
                    yield Label("Note")
                    yield Input(doc.get("note", ""), id="correct-note", compact=True, max_length=NOTE_MAX)
            yield from self.footer()

    def collect(self) -> dict:
        """The record with the corrected fields, checked (one sentence when wrong)."""
        doc = dict(self.event.doc or {})
        if self.event.kind == "checkin":
            doc["mood"] = check_mood(self.query_one("#correct-first", Select).value)
            doc["words"] = clean_line(self.query_one("#correct-words", Input).value, "The words", limit=WORDS_MAX)
            return doc
        day = parse_date(self.query_one("#correct-first", Input).value, "The date", self.today)
        if day > self.today:
            raise InvalidInput(f"The date {day.isoformat()} is in the future; today is {self.today.isoformat()}.")
        doc["date"] = day.isoformat()
        doc["note"] = clean_notes(self.query_one("#correct-note", Input).value, "The note", limit=NOTE_MAX)
        if self.event.kind == "contact":
            doc["how"] = str(self.query_one("#correct-how", Select).value)
            doc["answered"] = bool(self.query_one("#correct-answered", Select).value)
        return doc


class TimelineScreen(Screen[None]):
    KEYS = TIMELINE_KEYS
    HELP_TITLE = "Keys in the timeline"
    BINDINGS = bindings(TIMELINE_KEYS)

    app: RegroupApp

    def __init__(self, kind: str = ALL) -> None:
        super().__init__(id="timeline")
        self.kind = kind
        self.shown: list[Event] = []

    def compose(self) -> ComposeResult:
        yield Header(icon="◐")
        with Horizontal(id="timeline-body"):
            with Vertical(id="timeline-list-box"):
                yield Static("Timeline", id="timeline-title", classes="column-title", markup=False)
                yield OptionList(id="timeline-list")
            with VerticalScroll(id="timeline-read"):
                yield Static("", id="timeline-event", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_events()
        self.set_focus(self.query_one("#timeline-list", OptionList))

    # --- what is shown ---------------------------------------------------------------

    def today(self) -> date:
        plan = self.app.store.journey.plan
        return today_in(plan.zone if plan else "UTC", self.app.now())

    def events(self) -> list[Event]:
        store = self.app.store
        every = timeline.events(store.journey.plan, store.board, store.records, self.today())
        return every if self.kind == ALL else [e for e in every if e.kind == self.kind]

    def show_events(self, select: tuple[str, int] | None = None) -> None:
        options = self.query_one("#timeline-list", OptionList)
        previous = self.current
        keep = select or ((previous.table, previous.key) if previous else None)
        self.shown = self.events()
        options.clear_options()
        for event in self.shown:
            day = f"{event.day:%a} {event.day.day:>2} {event.day:%b}"
            line = Text(f"{day}  {timeline.cut(safe_for_terminal(event.title), 32)}")
            line.stylize("bold", 0, len(day))
            line.no_wrap, line.overflow = True, "ellipsis"  # one line each, cut to the list's width
            options.add_option(Option(line))
        kind = "all events" if self.kind == ALL else timeline.KINDS[self.kind].lower()
        self.query_one("#timeline-title", Static).update(f"Timeline · {kind} ({len(self.shown)})  f: kind")
        if self.shown:
            index = next((i for i, e in enumerate(self.shown) if keep and (e.table, e.key) == keep and e.table), 0)
            options.highlighted = index
            self.read(self.shown[index])
        else:
            self.query_one("#timeline-event", Static).update(
                "Nothing here yet." if self.kind == ALL else "No event of this kind."
            )

    def read(self, event: Event) -> None:
        hints = []
        if event.kind in timeline.CORRECTABLE:
            hints.append("enter corrects it")
        if event.kind == "deleted":
            hints.append("enter brings it back")
        if event.kind in timeline.REMOVABLE:
            hints.append("d removes it")
        text = f"{long_date(event.day)} · {ago(event.day, self.today())}\n{event.title}\n\n{event.detail}"
        if hints:
            text += "\n\nKeys: " + ", ".join(hints) + "; u undoes."
        self.query_one("#timeline-event", Static).update(safe_for_terminal(text, keep="\n"))

    @property
    def current(self) -> Event | None:
        try:
            options = self.query_one("#timeline-list", OptionList)
        except Exception:
            return None
        index = options.highlighted
        return self.shown[index] if index is not None and 0 <= index < len(self.shown) else None

    @on(OptionList.OptionHighlighted, "#timeline-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if 0 <= event.option_index < len(self.shown):
            self.read(self.shown[event.option_index])

    @on(OptionList.OptionSelected, "#timeline-list")
    def _selected(self) -> None:
        self.action_open()

    @on(StoreChanged)
    def _store_changed(self) -> None:
        self.show_events()

    # --- keys --------------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        self.query_one("#timeline-list", OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#timeline-list", OptionList).action_cursor_up()

    def action_cursor_first(self) -> None:
        self.query_one("#timeline-list", OptionList).action_first()

    def action_cursor_last(self) -> None:
        self.query_one("#timeline-list", OptionList).action_last()

    def action_next_kind(self) -> None:
        kinds = [ALL, *timeline.KINDS]
        self.kind = kinds[(kinds.index(self.kind) + 1) % len(kinds)]
        self.show_events()

    def action_open(self) -> None:
        event = self.current
        if event is None:
            return
        if event.kind == "deleted":
            self._confirm(
                f"Bring back {event.title.removeprefix('Deleted: ')}?", "Bring it back", timeline.restored(event)
            )
        elif event.kind == "journal":
            self._edit_journal(event)
        elif event.kind in timeline.CORRECTABLE:

            def submit(new_doc: dict) -> None:
                change = timeline.corrected(event, new_doc)
                if change is not None:
                    self.app.saver.commit(change)
                    self.notify(f"{event.title}: corrected. u undoes it.", timeout=4, markup=False)

            self.app.push_screen(CorrectForm(event, self.today()).saving(submit))
        else:
            self.notify("This event can be read here; it is changed where it was made (p for the plan).", timeout=4)

    def _edit_journal(self, event: Event) -> None:
        from regroup.app.screens.journal import EntryForm
        from regroup.domain import logbook
        from regroup.domain.daily import JournalEntry, make_entry

        assert event.doc is not None
        entry = JournalEntry.from_doc(dict(event.doc, id=event.key))
        plan = self.app.store.journey.plan
        zone = plan.zone if plan else "UTC"

        def submit(typed: EntryInput) -> None:
            new = make_entry(
                entry.id, typed.day, typed.wrong, typed.differently, zone, self.app.now(), created=entry.created
            )
            self.app.saver.commit(lambda state: logbook.entry_saved(state, new, entry))

        self.app.push_screen(EntryForm(entry.day.isoformat(), entry).saving(submit))

    def action_remove(self) -> None:
        event = self.current
        if event is None:
            return
        if event.kind not in timeline.REMOVABLE or event.doc is None:
            self.notify(
                "Only slips, contacts, check-ins, journal entries, emotion checks and extensions are removed here.",
                timeout=4,
            )
            return
        kept = " It can be brought back from here for 30 days." if event.kind == "journal" else ""
        self._confirm(
            f"Remove “{event.title}” of {long_date(event.day)}?{kept}\nu brings it back.",
            "Remove it",
            timeline.removed(event),
        )

    def _confirm(self, question: str, yes: str, change: Change) -> None:
        from regroup.app.modals.confirm import Confirm

        def answered(answer: bool | None) -> None:
            if answer and self.app.saver.save(change) is not None:
                self.notify(f"{change.label[:1].upper()}{change.label[1:]}. u undoes it.", timeout=4, markup=False)

        self.app.push_screen(Confirm(question, yes=yes, no="Keep it"), answered)
