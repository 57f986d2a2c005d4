"""The history as a state machine: random changes of every kind (cards, the plan, slips,
emotion checks with their extension, check-ins, journal entries, contacts, corrections and
removals from the timeline, restores), undone and redone at random, from two sessions, with
the file reopened at times. Undoing everything returns the file's records to where they
started; redoing everything returns them to where they ended (issue 15)."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from conftest import FIXED_NOW, seed
from regroup.domain import board as ops
from regroup.domain import hard_changes, logbook, timeline
from regroup.domain.daily import make_checkin, make_contact, make_entry
from regroup.domain.habits import set_tick
from regroup.domain.history import HISTORY
from regroup.domain.journey import Check
from regroup.domain.moments import make_hard_day, make_urge
from regroup.domain.plan import Extension, make_plan, make_slip
from regroup.domain.schedule import TICKS
from regroup.errors import UserError
from regroup.store import Store

ZONE = "Europe/Berlin"
TODAY = FIXED_NOW.date()
WORDS = st.text(st.characters(categories=("L", "N")), min_size=1, max_size=12)


def records(path: Path) -> dict:
    """What the user's data is: every table but the history itself and the file's meta."""
    data = json.loads(path.read_bytes())
    return {table: rows for table, rows in data.items() if table not in (HISTORY, "_meta") and rows}


class HistoryMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="regroup-history-"))
        self.path = self.folder / "board.json"
        seed(self.path, plan=True)
        self.start = records(self.path)
        self.store = Store.open(self.path)
        self.made = 0  # changes recorded in the history
        self.sessions = ["window-a", "window-b"]

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def do(self, build, session: str = "window-a") -> None:
        try:
            if self.store.apply(build, now=FIXED_NOW, session=session, record=True) is not None:
                self.made += 1
        except UserError:
            pass  # a value the domain refuses: nothing written

    # --- changes of every kind ---------------------------------------------------------

    @rule(data=st.data(), step=st.sampled_from([-1, 1]), who=st.sampled_from(["window-a", "window-b"]))
    def move(self, data, step, who):
        if self.store.board.cards:
            card = data.draw(st.sampled_from(sorted(self.store.board.cards.values(), key=lambda c: c.id)))
            self.do(lambda s: ops.move_card(s.board, s.board.cards[card.id], step, FIXED_NOW), who)

    @rule(title=WORDS)
    def add(self, title):
        self.do(lambda s: ops.add_card(s.board, title, "planned", now=FIXED_NOW, card_id=s.new_id("cards")))

    @rule(data=st.data(), title=WORDS)
    def edit(self, data, title):
        if self.store.board.cards:
            card = data.draw(st.sampled_from(sorted(self.store.board.cards.values(), key=lambda c: c.id)))
            self.do(lambda s: ops.edit_card(s.board, s.board.cards[card.id], title, card.category, card.notes + "!"))

    @rule(data=st.data())
    def delete(self, data):
        if self.store.board.cards:
            card = data.draw(st.sampled_from(sorted(self.store.board.cards.values(), key=lambda c: c.id)))
            self.do(lambda s: ops.delete_card(s.board, s.board.cards[card.id]))

    @rule(
        data=st.data(), per_week=st.sampled_from([None, 1, 3, 7]), day=st.sampled_from([None, "thursday", "2026-11-26"])
    )
    def schedule(self, data, per_week, day):
        """Issue 17: a card made a habit (or not), given a day (or not)."""
        if self.store.board.cards:
            card = data.draw(st.sampled_from(sorted(self.store.board.cards.values(), key=lambda c: c.id)))
            self.do(
                lambda s: ops.edit_card(
                    s.board,
                    s.board.cards[card.id],
                    card.title,
                    card.category,
                    card.notes,
                    per_week=per_week,
                    day=day,
                    time=None,
                )
            )

    @rule(data=st.data(), back=st.integers(0, 8))
    def tick(self, data, back):
        """Issue 17: a habit's day ticked off, or the tick taken back."""
        habits = sorted((c for c in self.store.board.cards.values() if c.per_week), key=lambda c: c.id)
        if habits:
            card = data.draw(st.sampled_from(habits))
            day = TODAY - timedelta(days=back)
            on = not self.store.ticks().has(card.id, day)
            self.do(lambda s: set_tick(s.board, s.records(TICKS), card, day, on, s.new_id, FIXED_NOW))

    @rule(name=st.sampled_from(["", "Sam", "Alex"]), guide=st.sampled_from(["space-21", "month-30", "custom"]))
    def plan(self, name, guide):
        seen = self.store.journey.plan
        new = make_plan(
            breakup_date="2026-11-15",
            ended_by=seen.ended_by,
            guide_id=guide,
            days=45 if guide == "custom" else None,
            tz=ZONE,
            name=name,
            now=FIXED_NOW,
        )
        self.do(lambda s: logbook.plan_set(s, new, s.journey.plan, FIXED_NOW))

    @rule(back=st.integers(0, 9), note=WORDS)
    def slip(self, back, note):
        slip = make_slip(TODAY - timedelta(days=back), note, self.store.journey.plan, now=FIXED_NOW)
        self.do(lambda s: logbook.slip_logged(s, slip))

    @rule(ready=st.booleans())
    def emotion_check(self, ready):
        check = Check(date(2026, 12, 6), "ready" if ready else "not_yet", "2026-11-25T09:30:00Z")
        extension = None if ready else Extension(TODAY)
        self.do(lambda s: logbook.check_logged(s, check, extension))

    @rule(mood=st.integers(1, 5), yesterday=st.booleans())
    def checkin(self, mood, yesterday):
        day = TODAY - timedelta(days=1 if yesterday else 0)
        checkin = make_checkin(day, mood, "ok", ZONE, now=FIXED_NOW)
        self.do(lambda s: logbook.checkin_saved(s, checkin, s.journey.checkin_for(day)))

    @rule(wrong=WORDS)
    def journal(self, wrong):
        entry = make_entry(0, TODAY, wrong, "listen", ZONE, now=FIXED_NOW)
        self.do(lambda s: logbook.entry_saved(s, entry, None))

    @rule(answered=st.booleans())
    def contact(self, answered):
        contact = make_contact(0, TODAY, "text", answered, "hi", ZONE, now=FIXED_NOW)
        self.do(lambda s: logbook.contact_logged(s, contact))

    @rule(strength=st.one_of(st.none(), st.integers(1, 5)))
    def urge(self, strength):
        self.do(lambda s: hard_changes.urge_started(s, make_urge(strength, FIXED_NOW)))

    @rule(data=st.data(), outcome=st.sampled_from(["passed", "reached_out", "open"]), strength=st.integers(1, 5))
    def urge_ends(self, data, outcome, strength):
        urges = self.store.journey.urges
        if urges:
            urge = data.draw(st.sampled_from(urges))
            if data.draw(st.booleans()):
                self.do(lambda s: hard_changes.urge_rated(s, urge, strength))
            else:
                self.do(lambda s: hard_changes.urge_ended(s, urge, outcome, FIXED_NOW))

    @rule(label=WORDS, yearly=st.booleans(), ahead=st.integers(0, 400))
    def hard_day(self, label, yearly, ahead):
        made = make_hard_day(TODAY + timedelta(days=ahead), label, yearly, ZONE, FIXED_NOW)
        self.do(lambda s: hard_changes.hard_day_added(s, made))

    @rule(data=st.data())
    def hard_day_gone(self, data):
        days = self.store.journey.hard_days
        if days:
            key = data.draw(st.sampled_from(days)).id
            self.do(lambda s: hard_changes.hard_day_removed(s, key))

    @rule(back=st.integers(0, 2))
    def safety_net_put_away(self, back):
        self.do(lambda s: hard_changes.safety_net_dismissed(s, TODAY - timedelta(days=back), FIXED_NOW))

    def timeline_events(self):
        store = self.store
        return timeline.events(store.journey.plan, store.board, store.records, TODAY)

    @rule(data=st.data())
    def remove_from_the_timeline(self, data):
        removable = [e for e in self.timeline_events() if e.kind in timeline.REMOVABLE]
        if removable:
            event = data.draw(st.sampled_from(removable))
            self.do(timeline.removed(event))

    @rule(data=st.data(), note=WORDS)
    def correct_in_the_timeline(self, data, note):
        slips = [e for e in self.timeline_events() if e.kind in ("slip", "contact")]
        if slips:
            event = data.draw(st.sampled_from(slips))
            self.do(timeline.corrected(event, dict(event.doc, note=note)))

    @rule(data=st.data())
    def restore(self, data):
        deleted = [e for e in self.timeline_events() if e.kind == "deleted"]
        if deleted:
            self.do(timeline.restored(data.draw(st.sampled_from(deleted))))

    # --- undo, redo, reopen ----------------------------------------------------------------

    @rule(who=st.sampled_from(["window-a", "window-b"]))
    def undo(self, who):
        try:
            self.store.undo(who, now=FIXED_NOW)
        except UserError:
            pass

    @rule(who=st.sampled_from(["window-a", "window-b"]))
    def redo(self, who):
        try:
            self.store.redo(who, now=FIXED_NOW)
        except UserError:
            pass

    @rule()
    def reopen(self):
        self.store = Store.open(self.path, create=False)

    @invariant()
    def the_file_reads_back_as_the_store_holds_it(self):
        again = Store.open(self.path, create=False)
        assert again.board == self.store.board
        assert again.history() == self.store.history()

    def teardown_check(self) -> None:
        """Redo everything still undone that can be (a redo that another change made
        impossible is refused, and passed over as the app does): every change of the
        history is in effect, the end state. Undo everything: no undo is refused (nothing
        else changes the file meanwhile), and the records are where they started. Redo
        everything: the end state again."""
        from regroup.domain.history import Entry
        from regroup.errors import Conflict

        passed: set[int] = set()
        steps = 0

        def all_the_way(step, refusals_allowed: bool) -> None:
            nonlocal steps
            while True:
                steps += 1
                assert steps < 3000
                try:
                    if step("someone else", now=FIXED_NOW, passed=passed) is None:
                        return
                except Conflict as refused:
                    assert refusals_allowed, refused
                    assert isinstance(refused.entry, Entry)  # an undo's or redo's conflict names its entry
                    passed.add(refused.entry.id)

        all_the_way(self.store.redo, refusals_allowed=True)
        end = records(self.path)
        all_the_way(self.store.undo, refusals_allowed=False)
        assert records(self.path) == self.start
        all_the_way(self.store.redo, refusals_allowed=False)
        assert records(self.path) == end


class Checked(HistoryMachine):
    def teardown(self) -> None:
        try:
            self.teardown_check()
        finally:
            super().teardown()


Checked.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestHistory = Checked.TestCase
