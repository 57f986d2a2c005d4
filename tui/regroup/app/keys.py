"""One table of keys per screen. The bindings, the footer, the help screen and the command
palette all read these tables, so they can never disagree: ``?`` shows the table of the
screen it is opened from, and the palette offers that screen's commands."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True, slots=True)
class Key:
    id: str  # binding id, and the action's name
    keys: str  # Textual key names, comma separated ("": a command of the palette only)
    shown: str  # how the keys are written on the help screen
    description: str  # short, for the footer
    help: str  # one line, for the help screen and the command palette
    group: str
    footer: bool = False
    palette: bool = True  # offered by ctrl+p
    action: str = ""  # defaults to id
    priority: bool = False
    # The help screen's row for this key: None, its own (shown, help, brief); ("", "", ""):
    # none, because the key before it already says what both do ("← → h l").
    help_row: tuple[str, str, str] | None = None

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action or self.id,
            self.description,
            show=self.footer,
            id=self.id,
            tooltip=self.help,
            priority=self.priority,
        )

    @property
    def brief(self) -> str:
        """A few words, for the help screen on a narrow terminal."""
        return BRIEFS.get(self.id, self.description)

    @property
    def name(self) -> str:
        """The command's name in the palette: what it does, and its key."""
        return f"{self.help} ({self.shown})" if self.shown else self.help


BRIEFS = {
    "new_card": "New card, after this",
    "view_card": "Read the card",
    "edit_card": "Edit the card",
    "delete_card": "Delete the card",
    "undo": "Undo",
    "redo": "Redo",
    "filter": "Filter (escape clears)",
    "toggle_panel": "Hide / show the panel",
    "plan_settings": "Plan settings",
    "log_slip": "Log a slip",
    "slips": "Your slips",
    "checkin": "Daily check-in",
    "journal": "The journal",
    "log_contact": "Log a contact",
    "emotion_check": "Take the emotion check",
    "archive_plan": "Archive the plan",
    "resume_plan": "Resume the plan",
    "help": "This help",
    "quit": "Quit (all is saved)",
    "command_palette": "Find any command",
    "form_save": "Save",
    "form_cancel": "Cancel",
    "form_help": "This help",
    "journal_new": "New entry",
    "journal_edit": "Edit the entry",
    "journal_delete": "Delete the entry",
    "journal_filter": "Filter (escape clears)",
    "journal_undo": "Undo",
    "journal_redo": "Redo",
    "journal_close": "Back to the board",
    "first_run_save": "Save and start",
    "first_run_next": "Next / previous field",
    "first_run_quit": "Leave (nothing kept)",
    "first_run_help": "This help",
    "timeline": "The timeline",
    "timeline_open": "Read or correct",
    "timeline_remove": "Remove the event",
    "timeline_kind": "Next kind",
    "timeline_close": "Back to the board",
}

BOARD_KEYS: tuple[Key, ...] = (
    Key(
        "focus_left",
        "left,h",
        "← h",
        "Left",
        "Focus the column on the left",
        "Moving around",
        help_row=("← → h l", "Focus the column on the left or right", "Column left / right"),
    ),
    Key(
        "focus_right",
        "right,l",
        "→ l",
        "Right",
        "Focus the column on the right",
        "Moving around",
        help_row=("", "", ""),
    ),
    Key(
        "cursor_up",
        "up,k",
        "↑ k",
        "Up",
        "Focus the card above",
        "Moving around",
        help_row=("↑ ↓ k j", "Focus the card above or below", "Card above / below"),
    ),
    Key("cursor_down", "down,j", "↓ j", "Down", "Focus the card below", "Moving around", help_row=("", "", "")),
    Key(
        "cursor_first",
        "home,g",
        "home g",
        "First",
        "Focus the first card of the column",
        "Moving around",
        help_row=("home g  end G", "Focus the first or the last card", "First / last card"),
    ),
    Key(
        "cursor_last",
        "end,G",
        "end G",
        "Last",
        "Focus the last card of the column",
        "Moving around",
        help_row=("", "", ""),
    ),
    Key(
        "move_left",
        "H,shift+left",
        "shift+← H",
        "Move ←",
        "Move the card to the previous column",
        "Cards",
        help_row=("H L shift+← →", "Move the card a column left or right", "Move card left / right"),
    ),
    Key(
        "move_right",
        "L,shift+right",
        "shift+→ L",
        "Move →",
        "Move the card to the next column",
        "Cards",
        footer=True,
        help_row=("", "", ""),
    ),
    Key(
        "move_up",
        "shift+up,K",
        "shift+↑ K",
        "Up",
        "Move the card up in its column",
        "Cards",
        help_row=("K J shift+↑ ↓", "Move the card up or down in its column", "Move card up / down"),
    ),
    Key(
        "move_down",
        "shift+down,J",
        "shift+↓ J",
        "Down",
        "Move the card down in its column",
        "Cards",
        help_row=("", "", ""),
    ),
    Key("new_card", "n", "n", "New", "Add a card after the focused one", "Cards", footer=True),
    Key("view_card", "v", "v", "View", "Read the whole card: notes, source, dates", "Cards"),
    Key("edit_card", "enter,e", "enter e", "Edit", "Edit the focused card", "Cards"),
    Key("delete_card", "d", "d", "Delete", "Delete the focused card (asks first)", "Cards"),
    Key(
        "undo",
        "u",
        "u",
        "Undo",
        "Undo the last change",
        "Cards",
        action="app.undo",
        help_row=("u  ctrl+r U", "Undo the last change; redo one undone", "Undo / redo"),
    ),
    Key(
        "redo",
        "ctrl+r,U",
        "ctrl+r U",
        "Redo",
        "Redo the last change undone",
        "Cards",
        action="app.redo",
        help_row=("", "", ""),
    ),
    Key(
        "filter",
        "slash",
        "/",
        "Filter",
        "Filter cards and journal by text",
        "Cards",
        footer=True,
    ),
    Key("toggle_panel", "z", "z", "Panel", "Hide or show the countdown panel", "Cards"),
    # In the footer while a habit card has the focus (MainScreen.check_action): elsewhere it
    # would only push "? Help" and "q Quit" off a narrow footer.
    Key(
        "tick",
        "space",
        "space",
        "Tick",
        "Tick the habit off today (again: untick)",
        "Cards",
        footer=True,
    ),
)

PLAN_KEYS: tuple[Key, ...] = (
    Key("plan_settings", "p", "p", "Plan", "Plan settings: dates, guide, zone, letter", "Plan"),
    Key("log_slip", "exclamation_mark", "!", "Slip", "Log a slip: contact before the date", "Plan"),
    Key("slips", "S", "S", "Slips", "Your slips, in the timeline, to correct", "Plan"),
    Key("checkin", "c", "c", "Check in", "Daily check-in: mood 1–5, a few words", "Daily", footer=True),
    Key("journal", "w", "w", "Journal", "The journal: what went wrong, what next", "Daily", footer=True),
    Key("log_contact", "t", "t", "Contact", "Log a contact after the date", "Daily"),
    Key(
        "timeline",
        "T",
        "T",
        "Timeline",
        "The timeline: every event, to correct",
        "Daily",
        footer=True,
    ),
)

# Commands with no key of their own: the palette (ctrl+p) finds them by name.
PALETTE_ONLY: tuple[Key, ...] = (
    Key("emotion_check", "", "", "Check", "The emotion check (once the date came)", "In the palette only"),
    Key(
        "archive_plan",
        "",
        "",
        "Archive",
        "Archive the plan: they have moved on",
        "In the palette only",
    ),
    Key("resume_plan", "", "", "Resume", "Resume the plan, archived before", "In the palette only"),
    Key(
        "week_review",
        "",
        "",
        "Week",
        "Week: last week's review, three ideas",
        "In the palette only",
    ),
)

# The hard moments (issue 16; app/screens/hard_actions.py). In the "Daily" group, as one row
# of the help (the board's help fits a 80x24 screen without scrolling: no room for five);
# a and x are also named on the panel whenever they do something.
HARD_KEYS: tuple[Key, ...] = (
    Key(
        "urge",
        "r",
        "r",
        "Urge",
        "Urge: I want to reach out right now (a calm screen, a cool-down)",
        "Daily",
        footer=True,
        help_row=("r b D", "Urge to reach out, cover, hard days", "Urge, cover, hard days"),
    ),
    Key(
        "hard_moments",
        "D",
        "D",
        "Hard days",
        "Hard days, support line and cool-down",
        "Daily",
        help_row=("", "", ""),
    ),
    Key(
        "plan_hard_day",
        "a",
        "a",
        "Plan it",
        "Add “Plan … with people you like” for the hard day ahead",
        "Daily",
        palette=False,
        help_row=("", "", ""),
    ),
    Key(
        "dismiss_safety_net",
        "x",
        "x",
        "Put away",
        "Put the safety-net note away for today",
        "Daily",
        palette=False,
        help_row=("", "", ""),
    ),
)

APP_KEYS: tuple[Key, ...] = (
    Key(
        "cover",
        "b",
        "b",
        "Cover",
        "Cover: blank the screen at once; any key brings the board back",
        "Daily",
        help_row=("", "", ""),  # in the urge's row of the help
    ),
    Key("help", "question_mark,f1", "? f1", "Help", "Show the keys of this screen", "App", footer=True),
    Key("quit", "q", "q", "Quit", "Quit (everything is already saved)", "App", footer=True),
)

PALETTE_KEY = Key("command_palette", "ctrl+p", "ctrl+p", "Commands", "Find any action by name", "App", palette=False)

# In every form dialog (FormModal binds them; the board's help lists them too).
FORM_KEYS: tuple[Key, ...] = (
    Key(
        "form_next",
        "tab",
        "tab",
        "Next field",
        "Go to the next field",
        "In a form",
        footer=True,
        action="app.focus_next",
        help_row=("tab shift+tab", "Go to the next or the previous field", "Next / previous field"),
    ),
    Key(
        "form_previous",
        "shift+tab",
        "shift+tab",
        "Previous field",
        "Go to the previous field",
        "In a form",
        action="app.focus_previous",
        help_row=("", "", ""),
    ),
    Key(
        "form_save",
        "ctrl+s",
        "ctrl+s",
        "Save",
        "Save and close (or enter in a field)",
        "In a form",
        footer=True,
        action="save",
        priority=True,
    ),
    Key(
        "form_cancel",
        "escape",
        "escape",
        "Cancel",
        "Close without saving (asks first)",
        "In a form",
        footer=True,
        action="cancel",
    ),
    Key(
        "form_help",
        "f1",
        "f1",
        "Help",
        "These keys (? is typed as text in a field)",
        "In a form",
        footer=True,
        action="app.help",
        palette=False,
    ),
)

# What the board's ? shows and its palette offers.
MAIN_HELP: tuple[Key, ...] = BOARD_KEYS + PLAN_KEYS + HARD_KEYS + APP_KEYS + (PALETTE_KEY,) + PALETTE_ONLY + FORM_KEYS
ALL_KEYS: tuple[Key, ...] = BOARD_KEYS + PLAN_KEYS + HARD_KEYS + PALETTE_ONLY + APP_KEYS + (PALETTE_KEY,)


def bindings(keys: tuple[Key, ...]) -> list[BindingType]:
    return [key.binding() for key in keys if key.keys]


def screen_keys(screen: object) -> tuple[Key, ...]:
    """The keys of a screen: its ``KEYS`` table, else the board's."""
    return getattr(screen, "KEYS", MAIN_HELP)
