"""A state machine against a plain-Python model: whatever sequence of adds, edits, moves,
reorders, deletes, undos, plan changes, slips and reopenings, the store (and a store freshly
opened from the file) holds exactly what the model says.

The model knows the rules on its own (ids, positions at the top of a column, started/done
stamps, the starter cards a plan brings); it uses only the shipped data (starter activities,
guide lengths), not the domain functions.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from regroup.domain import board as ops
from regroup.domain.catalog import starter_activities
from regroup.domain.guides import guides
from regroup.domain.plan import make_plan, make_slip
from regroup.domain.text import BIDI_CONTROLS, visible
from regroup.errors import InvalidInput
from regroup.store import Store

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
STAMP = "2026-11-25T09:30:00Z"
TODAY = date(2026, 11, 25)
COLUMNS = ["ideas", "planned", "doing", "done"]
CATEGORIES = ["body", "mind", "heart", "social", "look"]

# Text a person might type: any letters, marks, symbols, emoji, right-to-left scripts;
# no control characters, direction controls or line separators (refused by design, see
# test_hostile_cli.py) and no lone surrogates (not text); a title shows something.
LETTERS = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters=sorted(BIDI_CONTROLS))
titles = st.text(LETTERS, min_size=1, max_size=30).filter(lambda t: t.strip() and visible(t))
notes = st.text(st.one_of(LETTERS, st.sampled_from("\n\t ")), max_size=60)
names = st.one_of(st.just(""), st.sampled_from(["Sam", "נועה", "Zoë 🌷", "  Ali  "]))
BAD_TITLES = ["", "   ", "tab\there", "esc \x1b[2J", "x" * 201]


class StoreMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="regroup-stateful-"))
        self.path = self.folder / "board.json"
        self.store = Store.open(self.path, now=NOW)
        self.cards: dict[int, dict] = {
            i: dict(
                title=a.title,
                category=a.category,
                column="ideas",
                position=i,
                notes=a.notes,
                created=STAMP,
                started=None,
                done=None,
                source=a.source,
            )
            for i, a in enumerate(starter_activities(None), start=1)
        }
        self.high = max(self.cards)  # ids are never reused: the highest ever handed out
        self.plan: dict | None = None
        self.slips: list[tuple[str, str]] = []
        self.undo: list[tuple] = []  # (the store's inverse change, the model's {id: card before or None})

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- the model's rules ---------------------------------------------------------------

    def column(self, name: str) -> list[int]:
        return sorted(
            (i for i, c in self.cards.items() if c["column"] == name), key=lambda i: (self.cards[i]["position"], i)
        )

    def top(self, name: str) -> int:
        ids = self.column(name)
        return self.cards[ids[0]]["position"] - 1 if ids else 0

    def bottom(self, name: str) -> int:
        """Where a card added without ``after`` goes: the end of its column."""
        ids = self.column(name)
        return self.cards[ids[-1]]["position"] + 1 if ids else 0

    def next_id(self) -> int:
        self.high += 1
        return self.high

    def commit(self, change, before: dict[int, dict | None]) -> None:
        applied = self.store.apply(change)
        assert applied is not None  # every rule's change changes something
        self.undo.append((applied.inverse(), before))

    def seen(self, card_id: int):
        return self.store.board.cards[card_id]

    # --- rules ---------------------------------------------------------------------------

    @rule(title=titles, column=st.sampled_from(COLUMNS), category=st.sampled_from(CATEGORIES), text=notes)
    def add(self, title, column, category, text):
        new = self.next_id()
        position = self.bottom(column)
        change = ops.add_card(
            self.store.board, title, column=column, category=category, notes=text, now=NOW, card_id=new
        )
        self.commit(change, {new: None})
        self.cards[new] = dict(
            title=title.strip(),
            category=category,
            column=column,
            position=position,
            notes=text.strip(),
            created=STAMP,
            started=STAMP if column in ("doing", "done") else None,
            done=STAMP if column == "done" else None,
            source="",
        )

    @rule(title=st.sampled_from(BAD_TITLES))
    def add_refused(self, title):
        before = self.path.read_bytes()
        with pytest.raises(InvalidInput):
            self.store.add_card(title)
        with pytest.raises(InvalidInput):
            ops.add_card(self.store.board, title)
        assert self.path.read_bytes() == before

    @precondition(lambda self: self.cards)
    @rule(data=st.data(), title=titles, category=st.sampled_from(CATEGORIES), text=notes)
    def edit(self, data, title, category, text):
        card_id = data.draw(st.sampled_from(sorted(self.cards)))
        old = self.cards[card_id]
        new = dict(old, title=title.strip(), category=category, notes=text.strip())
        change = ops.edit_card(self.store.board, self.seen(card_id), title, category, text)
        if new == old:
            assert change is None
            return
        self.commit(change, {card_id: old})
        self.cards[card_id] = new

    @precondition(lambda self: self.cards)
    @rule(data=st.data(), step=st.sampled_from([-1, 1]))
    def move(self, data, step):
        card_id = data.draw(st.sampled_from(sorted(self.cards)))
        old = self.cards[card_id]
        change = ops.move_card(self.store.board, self.seen(card_id), step, now=NOW)
        index = COLUMNS.index(old["column"]) + step
        if not 0 <= index < len(COLUMNS):
            assert change is None
            return
        target = COLUMNS[index]
        new = dict(
            old,
            column=target,
            position=self.top(target),
            started=old["started"] or (STAMP if target in ("doing", "done") else None),
            done=STAMP if target == "done" else None,
        )
        self.commit(change, {card_id: old})
        self.cards[card_id] = new

    @precondition(lambda self: self.cards)
    @rule(data=st.data(), step=st.sampled_from([-1, 1]))
    def reorder(self, data, step):
        card_id = data.draw(st.sampled_from(sorted(self.cards)))
        ids = self.column(self.cards[card_id]["column"])
        index = ids.index(card_id) + step
        change = ops.reorder_card(self.store.board, self.seen(card_id), step)
        if not 0 <= index < len(ids):
            assert change is None
            return
        before = {i: dict(self.cards[i]) for i in ids}
        # tied or out-of-order positions are first spread apart (each raised just past the
        # one before it), then the two cards swap theirs
        positions: list[int] = []
        for i in ids:
            p = self.cards[i]["position"]
            positions.append(p if not positions or p > positions[-1] else positions[-1] + 1)
        here = ids.index(card_id)
        positions[here], positions[index] = positions[index], positions[here]
        self.commit(change, {i: before[i] for i, p in zip(ids, positions) if p != before[i]["position"]})
        for i, p in zip(ids, positions):
            self.cards[i] = dict(self.cards[i], position=p)

    @precondition(lambda self: self.cards)
    @rule(data=st.data())
    def delete(self, data):
        card_id = data.draw(st.sampled_from(sorted(self.cards)))
        self.commit(ops.delete_card(self.store.board, self.seen(card_id)), {card_id: self.cards[card_id]})
        del self.cards[card_id]

    @precondition(lambda self: self.undo)
    @rule()
    def undo_last(self):
        inverse, before = self.undo.pop()
        self.store.apply(inverse)
        for card_id, card in before.items():
            if card is None:
                del self.cards[card_id]
            else:
                self.cards[card_id] = card

    @rule(
        ended_by=st.sampled_from(["them", "me", "mutual"]),
        guide=st.sampled_from(["space-21", "month-30", "letter-14", "custom"]),
        days=st.integers(1, 365),
        tz=st.sampled_from(["UTC", "Europe/Berlin", "America/Havana", "Pacific/Kiritimati"]),
        back=st.integers(0, 90),
        name=names,
    )
    def set_plan(self, ended_by, guide, days, tz, back, name):
        breakup = TODAY - timedelta(days=back)
        plan = make_plan(
            breakup_date=breakup.isoformat(),
            ended_by=ended_by,
            guide_id=guide,
            days=days if guide == "custom" else None,
            tz=tz,
            name=name,
            now=NOW,
        )
        self.store.set_plan(plan, now=NOW)
        first = self.plan is None or self.plan["ended_by"] != ended_by
        self.plan = dict(
            breakup_date=breakup.isoformat(),
            ended_by=ended_by,
            guide=guide,
            days=days if guide == "custom" else guides()[guide].days,
            tz=tz,
            letter_sent=None,
            name=name.strip(),
            restart_on_slip=True,
        )
        if first:  # the cards meant for who ended it join the ideas, above the rest
            present = {c["title"] for c in self.cards.values()}
            extra = [a for a in starter_activities(ended_by) if a.only_if_ended_by and a.title not in present]
            top = self.top("ideas")
            for i, a in enumerate(extra):
                self.cards[self.next_id()] = dict(
                    title=a.title,
                    category=a.category,
                    column="ideas",
                    position=top - len(extra) + i,
                    notes=a.notes,
                    created=STAMP,
                    started=None,
                    done=None,
                    source=a.source,
                )

    @precondition(lambda self: self.plan is not None)
    @rule(after=st.integers(0, 90), text=notes)
    def log_slip(self, after, text):
        breakup = date.fromisoformat(self.plan["breakup_date"])
        day = min(breakup + timedelta(days=after), TODAY)
        plan = self.store.journey.plan
        self.store.log_slip(make_slip(day.isoformat(), text, plan, now=NOW))
        self.slips.append((day.isoformat(), text.strip()))

    @rule()
    def reopen(self):
        self.store = Store.open(self.path, create=False)

    @rule()
    def fresh_store_agrees(self):
        self.check(Store.open(self.path, create=False))

    # --- invariant -----------------------------------------------------------------------

    def check(self, store: Store) -> None:
        cards = {card.id: card.to_doc() for card in store.board.cards.values()}
        model = {card_id: dict(card, id=card_id) for card_id, card in self.cards.items()}
        assert cards == model
        plan = store.journey.plan
        if self.plan is None:
            assert plan is None
        else:  # the fields the model knows (the plan may carry more, with their defaults)
            assert plan is not None
            doc = plan.to_doc()
            assert {key: doc.get(key) for key in self.plan} == self.plan
        assert [(s.day.isoformat(), s.note) for s in store.journey.slips] == self.slips

    @invariant()
    def store_matches_model(self):
        self.check(self.store)


StoreMachine.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestStore = StoreMachine.TestCase
