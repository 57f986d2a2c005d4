"""The weekly review (palette: "Week"; by itself on the first launch of a new week): last
week's cards done, habits against their targets, check-in moods, urges passed, slips, and
three ideas from the categories least touched lately. 1, 2 and 3 move an idea to Planned
(a change like any other: u on the board undoes it); escape, q or enter close. It reports
and suggests; it never scolds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from regroup.app.keys import Key, bindings
from regroup.app.widgets.key_bar import KeyBar
from regroup.domain import board as ops
from regroup.domain.model import CATEGORY_ICONS, Card
from regroup.domain.review import Review

if TYPE_CHECKING:
    from regroup.app.app import RegroupApp

KEYS = ("1", "2", "3")


def review_text(review: Review) -> Text:
    """The report, user text as text (never markup)."""
    text = Text()
    for heading, lines in review.sections():
        if heading:
            text.append(heading + "\n", style="bold")
        for line in lines:
            text.append(("  " if heading else "") + line + "\n")
        text.append("\n")
    return text


REVIEW_KEYS: tuple[Key, ...] = (
    *(
        Key(
            f"review_plan_{key}",
            key,
            "1 2 3" if n == 0 else "",
            "Plan an idea",
            "Move that idea to Planned",
            "The weekly review",
            footer=n == 0,
            action=f"plan_suggestion({n})",
            palette=False,
            help_row=None if n == 0 else ("", "", ""),
        )
        for n, key in enumerate(KEYS)
    ),
    Key(
        "review_scroll",
        "down,j",
        "↓ j  ↑ k",
        "Scroll",
        "Scroll the review (it may be longer than the screen)",
        "The weekly review",
        action="scroll_review(1)",
        palette=False,
    ),
    Key(
        "review_scroll_up",
        "up,k",
        "",
        "Scroll up",
        "",
        "The weekly review",
        action="scroll_review(-1)",
        palette=False,
        help_row=("", "", ""),
    ),
    Key(
        "review_close",
        "escape,q,enter",
        "escape",
        "Close",
        "Close the review",
        "The weekly review",
        footer=True,
        action="close",
        palette=False,
    ),
    Key(
        "review_help",
        "question_mark,f1",
        "? f1",
        "Help",
        "These keys",
        "The weekly review",
        footer=True,
        action="app.help",
        palette=False,
    ),
)


class ReviewScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    #review-keys { color: $text-muted; margin-bottom: 1; }
    #review-body { height: auto; max-height: 65vh; }
    """
    KEYS = REVIEW_KEYS
    HELP_TITLE = "Keys in the weekly review"
    BINDINGS = bindings(REVIEW_KEYS)

    app: RegroupApp

    def __init__(self, review: Review) -> None:
        super().__init__(classes="dialog-screen", id="review")
        self.review = review
        self.moved: dict[int, str] = {}  # suggestion index -> what became of it

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="review-dialog"):
            yield Static(self.review.title, classes="dialog-title", markup=False)
            with VerticalScroll(id="review-body"):  # a long week scrolls; the ideas come first
                yield Static("", id="review-ideas", markup=False)
                yield Static(review_text(self.review), id="review-report", markup=False)
            yield Static("1 2 3 plan an idea · ↓ ↑ scroll · escape closes", id="review-keys", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        dialog = self.query_one("#review-dialog")
        dialog.styles.width = 80  # the stylesheet's dialogs are 70 wide: the report's lines are longer
        self.show_ideas()

    def show_ideas(self) -> None:
        ideas = self.review.suggestions
        text = Text()
        text.append("Ideas to try this week\n", style="bold")
        if not ideas:
            text.append("  Ideas is empty: n on the board adds one.\n")
        for index, card in enumerate(ideas):
            done = self.moved.get(index)
            icon = CATEGORY_ICONS.get(card.category, "·")
            text.append(f"  {KEYS[index]}  ", style="bold")
            text.append(f"{icon} {card.title}", style="dim" if done else "")
            text.append(f" ({card.category})" + (f"  {done}" if done else "") + "\n", style="dim")
        self.query_one("#review-ideas", Static).update(text)

    def action_scroll_review(self, lines: int) -> None:
        self.query_one("#review-body", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_plan_suggestion(self, index: int) -> None:
        ideas = self.review.suggestions
        if index >= len(ideas):
            self.notify("There is no idea with that number.", timeout=3)
            return
        if index in self.moved:
            self.notify("That idea is planned already.", timeout=3)
            return
        seen: Card = ideas[index]
        now = self.app.now()
        change = self.app.saver.save(lambda state: ops.move_card(state.board, seen, +1, now))
        if change is not None:
            self.moved[index] = "✓ in Planned (u on the board undoes it)"
            self.notify(change.label, timeout=3, markup=False)
            self.show_ideas()

    def action_close(self) -> None:
        self.dismiss(None)
