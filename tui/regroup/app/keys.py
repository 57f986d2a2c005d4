"""One table of keys. The bindings, the footer, the help screen and the command palette
all read it, so they can never disagree."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True, slots=True)
class Key:
    id: str  # binding id, and the action's name
    keys: str  # Textual key names, comma separated
    shown: str  # how the keys are written on the help screen
    description: str  # short, for the footer
    help: str  # one line, for the help screen and the command palette
    group: str
    footer: bool = False
    palette: bool = True  # offered by ctrl+p
    action: str = ""  # defaults to id

    def binding(self) -> Binding:
        return Binding(
            self.keys, self.action or self.id, self.description, show=self.footer, id=self.id, tooltip=self.help
        )


BOARD_KEYS: tuple[Key, ...] = (
    Key("focus_left", "left,h", "← h", "Left", "Focus the column on the left", "Moving around", palette=False),
    Key("focus_right", "right,l", "→ l", "Right", "Focus the column on the right", "Moving around", palette=False),
    Key("cursor_up", "up,k", "↑ k", "Up", "Focus the card above", "Moving around", palette=False),
    Key("cursor_down", "down,j", "↓ j", "Down", "Focus the card below", "Moving around", palette=False),
    Key("cursor_first", "home,g", "home g", "First", "Focus the first card of the column", "Moving around", palette=False),
    Key("cursor_last", "end,G", "end G", "Last", "Focus the last card of the column", "Moving around", palette=False),
    Key("move_left", "H,shift+left", "shift+← H", "Move ←", "Move the card to the previous column", "Cards"),
    Key("move_right", "L,shift+right", "shift+→ L", "Move →", "Move the card to the next column", "Cards", footer=True),
    Key("move_up", "shift+up,K", "shift+↑ K", "Up", "Move the card up in its column", "Cards"),
    Key("move_down", "shift+down,J", "shift+↓ J", "Down", "Move the card down in its column", "Cards"),
    Key("new_card", "n", "n", "New", "Add a new card to the focused column", "Cards", footer=True),
    Key("edit_card", "enter,e", "enter e", "Edit", "Edit the focused card", "Cards"),
    Key("delete_card", "d", "d", "Delete", "Delete the focused card (asks first)", "Cards"),
    Key("undo", "u", "u", "Undo", "Undo the last change", "Cards"),
    Key("redo", "ctrl+r,U", "ctrl+r U", "Redo", "Redo the last change undone", "Cards"),
    Key("filter", "slash", "/", "Filter", "Filter the cards and the journal by text (escape clears)", "Cards", footer=True),
)

PLAN_KEYS: tuple[Key, ...] = (
    Key("plan_settings", "p", "p", "Plan", "Plan settings: dates, guide, days, time zone, letter sent", "Plan"),
    Key("log_slip", "exclamation_mark", "!", "Slip", "Log a slip: contact made before the date", "Plan"),
    Key("emotion_check", "", "", "Check", "Take the emotion check now", "Plan", palette=True),
    Key("checkin", "c", "c", "Check in", "Daily check-in: your mood from 1 to 5 and a few words", "Daily", footer=True),
    Key("journal", "w", "w", "Journal", "The journal: what went wrong, what I will do differently", "Daily"),
    Key("log_contact", "t", "t", "Contact", "Log a contact after the date (how, answered, a note)", "Daily"),
    Key("timeline", "T", "T", "Timeline", "The timeline: every event by date; correct, remove or bring back", "Daily"),
)

HARD_KEYS: tuple[Key, ...] = (  # the hard moments (issue 16): app/screens/hard_actions.py
    Key("urge", "r", "r", "Urge", "Urge: I want to reach out right now (a calm screen, a cool-down)", "Hard moments",
        footer=True),
    Key("hard_moments", "D", "D", "Hard days", "Hard days, support line and cool-down", "Hard moments"),
    Key("plan_hard_day", "a", "a", "Plan it", "Add “Plan … with people you like” for the hard day ahead", "Hard moments",
        palette=False),
    Key("dismiss_safety_net", "x", "x", "Put away", "Put the safety-net note away for today", "Hard moments",
        palette=False),
)

APP_KEYS: tuple[Key, ...] = (
    Key("cover", "b", "b", "Cover", "Cover: blank the screen at once; any key brings the board back", "Hard moments"),
    Key("help", "question_mark", "?", "Help", "Show every key", "App", footer=True),
    Key("quit", "q", "q", "Quit", "Quit regroup-tui (everything is already saved)", "App", footer=True),
)

PALETTE_KEY = Key("command_palette", "ctrl+p", "ctrl+p", "Commands", "Find any action by name", "App", palette=False)

ALL_KEYS: tuple[Key, ...] = BOARD_KEYS + PLAN_KEYS + HARD_KEYS + APP_KEYS + (PALETTE_KEY,)


def bindings(keys: tuple[Key, ...]) -> list[Binding]:
    return [key.binding() for key in keys if key.keys]
