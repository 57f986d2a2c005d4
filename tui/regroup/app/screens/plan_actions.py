"""The plan's keys on the board: plan settings (p), a slip (!), the slips (S), the emotion
check, and what follows when the other person has moved on (archive, resume). Each dialog
saves through the app's ``Saver`` before it closes; a refusal stays in the dialog with what
was typed."""

from __future__ import annotations

from dataclasses import replace

from textual import on

from regroup.app.screens.board_base import BoardBase
from regroup.app.widgets.countdown import CountdownPanel
from regroup.domain import board as ops
from regroup.domain import logbook
from regroup.domain.catalog import load_toml
from regroup.domain.changes import Change
from regroup.domain.dates import long_date, short_date, today_in
from regroup.domain.journey import Check
from regroup.domain.model import utc_stamp
from regroup.domain.plan import Extension, Plan, make_slip


def together(label: str, *changes: Change | None) -> Change | None:
    """Several changes built against the same file, written as one (and undone as one)."""
    parts = [change for change in changes if change]
    if not parts:
        return None
    edits = tuple(edit for change in parts for edit in change.edits)
    focus = next((change.focus for change in parts if change.focus is not None), None)
    undo_focus = next((change.undo_focus for change in parts if change.undo_focus is not None), None)
    return Change(edits, label, focus=focus, undo_focus=undo_focus)


def letter_titles() -> set[str]:
    """The titles of the starter cards that are done once the letter is sent."""
    return {a["title"] for a in load_toml("activities.toml")["activity"] if a.get("done_when") == "letter_sent"}


class PlanActions(BoardBase):
    """Mixed into MainScreen."""

    def action_plan_settings(self) -> None:
        from regroup.app.modals.plan_settings import PlanSettings

        seen = self.app.store.journey.plan
        if seen is None:
            return

        def submit(new: Plan) -> None:
            if new == seen:
                return
            now = self.app.now()
            sent = new.letter_sent is not None and seen.letter_sent is None

            def plan_and_letter(state: logbook.State) -> Change | None:
                plan = logbook.plan_set(state, new, seen, now)
                if not sent or plan is None:
                    return plan
                # The letter is sent: its card is done, in the same change (and undo).
                letters = [c for c in state.board.cards.values() if c.title in letter_titles() and c.column != "done"]
                top = state.board.top_position("done")
                edits = (ops.changed(card, card.moved_to("done", top - i, now)) for i, card in enumerate(letters))
                moves = [edit for edit in edits if edit is not None]
                if not moves:
                    return plan
                return together(f"{plan.label}; the letter's card is in Done", plan, Change(tuple(moves)))

            change = self.app.saver.commit(plan_and_letter)
            if change is not None and change.label.endswith("the letter's card is in Done"):
                self.notify("Plan saved. The letter is sent: its card is in Done now.", timeout=5)
            else:
                self.notify("Plan saved.", timeout=3)  # at zero, the panel's Reached asks the check

        self.app.push_screen(PlanSettings(seen).saving(submit))

    def action_log_slip(self) -> None:
        from regroup.app.modals.slip import SlipForm, SlipInput

        plan = self.app.store.journey.plan
        if plan is None:
            return
        _, today = self._zone_today()

        def submit(typed: SlipInput) -> None:
            slip = make_slip(typed.day, typed.note, plan, now=self.app.now())
            self.app.saver.commit(lambda state: logbook.slip_logged(state, slip))
            self.notify(
                f"Slip of {short_date(slip.day)} logged. Be kind to yourself: the count goes on from here. "
                "S lists your slips, if a date needs correcting.",
                timeout=6,
            )

        self.app.push_screen(SlipForm(today.isoformat(), plan.restart_on_slip, plan.them).saving(submit))

    def action_slips(self) -> None:
        """The timeline, showing only the slips: enter corrects one, d removes one."""
        from regroup.app.screens.timeline import TimelineScreen

        self.app.push_screen(TimelineScreen(kind="slip"))

    @on(CountdownPanel.Reached)
    def _reached(self) -> None:
        """The panel found the countdown at zero (at start, or ticking over): ask once."""
        from regroup.app.screens.cover import CoverScreen

        if isinstance(self.app.screen, CoverScreen):  # nothing of the plan over the cover: asked once it goes
            self.app.screen.missed.append(self._reached)
            return
        if self.app.store.journey.needs_check(self.app.now()):
            self.action_emotion_check()

    def action_emotion_check(self) -> None:
        from regroup.app.modals.emotion_check import EmotionCheck

        state = self.app.store.journey.countdown(self.app.now())
        if state is None or not state.started:
            self.notify("The emotion check comes when the countdown has started.", timeout=3)
            return
        if not state.reached or state.contact_date is None:
            when = long_date(state.contact_date) if state.contact_date else "the contact date"
            self.notify(f"The emotion check opens on {when}.", timeout=3)
            return
        if any(isinstance(screen, EmotionCheck) for screen in self.app.screen_stack):
            return
        contact_date = state.contact_date

        def answered(answer: str | None) -> None:
            if answer is None:
                return  # closed unanswered: asked again at the next launch
            now = self.app.now()
            check = Check(contact_date, answer, utc_stamp(now))
            plan = self.app.store.journey.plan
            extension = Extension(today_in(plan.zone, now)) if answer == "not_yet" and plan else None
            if self.app.saver.save(lambda state: logbook.check_logged(state, check, extension)) is None:
                return
            if extension:
                new = self.app.store.journey.countdown(now)
                when = f" The new date is {long_date(new.contact_date)}." if new and new.contact_date else ""
                words = load_toml("checks.toml").get("not_yet", "")
                self.notify(f"{words}{when}", timeout=8)
            else:
                self.notify("Good luck. Keep the first message light and friendly.", timeout=5)

        self.app.push_screen(EmotionCheck(), answered)

    # --- when they have moved on ------------------------------------------------------

    def _ask_to_archive(self) -> None:
        """Asked once the contact log says they have moved on: archive now, or not yet
        (escape closes it unanswered; the palette's Archive the plan stays there)."""
        from regroup.app.modals.confirm import Confirm

        plan = self.app.store.journey.plan
        if plan is None or plan.archived:
            return
        question = (
            f"It sounds like {plan.moved_on_words}. That hurts, and it says nothing about what you are worth. "
            "The guides agree: the kindest thing now is to let go and keep building your own life.\n\n"
            "Archive the plan? The countdown stops; your board, check-ins and journal stay. "
            "Not now? ctrl+p, Archive the plan, whenever you are ready."
        )

        def answered(archive: bool | None) -> None:
            if archive:
                self.action_archive_plan()

        self.app.push_screen(Confirm(question, yes="Archive the plan", no="Not now"), answered)

    def action_archive_plan(self) -> None:
        plan = self.app.store.journey.plan
        if plan is None or plan.archived:
            return
        _, today = self._zone_today()
        new = replace(plan, moved_on=plan.moved_on or today, archived=True)
        if self.app.saver.save(lambda state: logbook.plan_set(state, new, plan, self.app.now())):
            self.notify("Plan archived. Be gentle with yourself; your board is still here.", timeout=6)

    def action_resume_plan(self) -> None:
        plan = self.app.store.journey.plan
        if plan is None or not plan.archived:
            return
        new = replace(plan, archived=False, moved_on=None)
        if self.app.saver.save(lambda state: logbook.plan_set(state, new, plan, self.app.now())):
            self.notify("The plan is back: the countdown shows again.", timeout=4)
