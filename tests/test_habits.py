"""Habits and days (issue 17), below the app: the schedule fields, weeks Monday to Sunday in
the plan's zone, ticks as changes (undoable, in the history and timeline, safe with two
windows), today's agenda and the weekly review."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXED_NOW, reopen, seed
from regroup.domain import board as ops
from regroup.domain import timeline
from regroup.domain.habits import Ticks, agenda, habit_week, habits, set_tick, today_line, week_bar, week_start
from regroup.domain.history import HISTORY
from regroup.domain.model import Card
from regroup.domain.records import field_problem
from regroup.domain.review import review_due, suggestions, weekly_review
from regroup.domain.schedule import TICKS, Tick, check_day, check_per_week, check_schedule, check_time, day_words
from regroup.errors import Conflict, InvalidInput
from regroup.store import Store

BERLIN = ZoneInfo("Europe/Berlin")
MON, TUE, WED, THU, SUN = (date(2026, 11, d) for d in (23, 24, 25, 26, 29))


def habit_store(db_path, **extra_cards) -> Store:
    """The sample board and plan, with "Run" (3 a week, Doing), "Pottery" (Thursdays 18:30,
    Planned) and "Meet Sam" (Wed 25 Nov, Ideas)."""
    store = seed(db_path, plan=True)
    store.add_card("Run 5 km", column="doing", category="body", per_week=3)
    store.add_card("Pottery", column="planned", day="thursday", time="18:30")
    store.add_card("Meet Sam", column="ideas", category="social", day="2026-11-25")
    return store


def card(store: Store, title: str) -> Card:
    return next(c for c in store.board.cards.values() if c.title == title)


# --- the fields -------------------------------------------------------------------------


def test_schedule_values_as_typed():
    assert check_per_week("3") == 3 and check_per_week("daily") == 7 and check_per_week("") is None
    assert check_day("Thursdays") == "thursday" and check_day("thu") == "thursday"
    assert check_day("2026-12-03") == "2026-12-03" and check_day(" ") is None
    assert check_time("7:05") == "07:05" and check_time("18:30") == "18:30"
    assert day_words("thursday", "18:30") == "Thursdays at 18:30" and day_words("2026-12-03") == "Thu 3 Dec"


@pytest.mark.parametrize(
    "args",
    [
        (0, None, None),
        (8, None, None),
        ("x", None, None),
        ("٣", None, None),
        (True, None, None),
        (None, "2026-02-30", None),
        (None, "someday", None),
        (None, "thursday", "25:00"),
        (None, "thursday", "6pm"),
        (None, None, "18:30"),
    ],
)
def test_schedule_refusals_are_one_sentence(args):
    with pytest.raises(InvalidInput) as info:
        check_schedule(*args)
    assert str(info.value).endswith(".") and "\n" not in str(info.value)


def test_the_file_schema_declares_the_new_fields():
    good = {"id": 1, "title": "Run", "per_week": 3, "day": "thursday", "time": "18:30"}
    assert field_problem("cards", "1", good) is None
    for field, value in (("per_week", 0), ("per_week", "3"), ("day", "thu"), ("day", "2026-13-01"), ("time", "9:00")):
        assert field_problem("cards", "1", dict(good, **{field: value}))[0] == field
    assert field_problem(TICKS, "1", {"card": 1, "date": "2026-11-25", "at": ""}) is None
    assert field_problem(TICKS, "1", {"date": "2026-11-25"})[0] == "card"
    assert field_problem(TICKS, "1", {"card": 1, "date": "25/11/2026"})[0] == "date"


def test_a_file_with_a_bad_tick_is_refused_untouched(db_path):
    from regroup.errors import FileRefused

    habit_store(db_path)
    data = json.loads(db_path.read_text())
    data[TICKS] = {"1": {"card": 1, "date": "yesterday"}}
    db_path.write_text(json.dumps(data))
    before = db_path.read_bytes()
    with pytest.raises(FileRefused, match="ticks"):
        Store.open(db_path)
    assert db_path.read_bytes() == before


def test_cards_without_the_new_fields_still_open(db_path):
    """Files written before issue 17 hold cards with no per_week, day or time."""
    seed(db_path, plan=True)
    data = json.loads(db_path.read_text())
    for doc in data["cards"].values():
        for name in ("per_week", "day", "time"):
            doc.pop(name, None)
    db_path.write_text(json.dumps(data))
    assert all(c.per_week is None and c.day is None for c in reopen(db_path).board.cards.values())


# --- weeks ------------------------------------------------------------------------------


def test_a_week_runs_monday_to_sunday():
    assert (
        week_start(SUN) == MON and week_start(MON) == MON and week_start(MON - timedelta(days=1)) == MON - timedelta(7)
    )


@settings(max_examples=60, deadline=None)
@given(
    st.sets(st.dates(date(2026, 9, 1), date(2026, 12, 31)), max_size=40),
    st.dates(date(2026, 10, 1), date(2026, 12, 31)),
)
def test_week_counts_add_up(days, today):
    ticks = Ticks((n, Tick(1, day)) for n, day in enumerate(sorted(days), start=1))
    weeks = ticks.last_weeks(1, today)
    first = week_start(today) - timedelta(weeks=3)
    assert len(weeks) == 4 and all(0 <= n <= 7 for n in weeks)
    assert sum(weeks) == sum(1 for d in days if first <= d <= week_start(today) + timedelta(days=6))
    assert weeks[-1] == ticks.in_week(1, week_start(today))
    assert len(week_bar(weeks, 3)) == 4


def test_the_same_day_ticked_twice_counts_once():
    ticks = Ticks({1: {"card": 1, "date": "2026-11-24"}, 2: {"card": 1, "date": "2026-11-24"}})
    assert ticks.in_week(1, MON) == 1


# --- ticks as changes -------------------------------------------------------------------


def tick(store: Store, title: str, day: date, on: bool = True, session: str = "window-a"):
    seen = card(store, title)
    return store.apply(
        lambda s: set_tick(s.board, s.records(TICKS), seen, day, on, s.new_id, FIXED_NOW),
        now=FIXED_NOW,
        session=session,
        record=True,
    )


def test_tick_untick_undo_redo_through_the_store(db_path):
    store = habit_store(db_path)
    run = card(store, "Run 5 km")
    change = tick(store, "Run 5 km", TUE)
    assert change.label == "tick of “Run 5 km” on Tue 24 Nov"
    assert reopen(db_path).ticks().days(run.id) == {TUE}
    assert tick(store, "Run 5 km", TUE) is None  # already ticked: nothing to do

    entry, _ = store.undo("window-a", now=FIXED_NOW)
    assert entry.change.label == "tick of “Run 5 km” on Tue 24 Nov"
    assert reopen(db_path).ticks().days(run.id) == set()
    store.redo("window-a", now=FIXED_NOW)
    assert reopen(db_path).ticks().days(run.id) == {TUE}

    assert tick(store, "Run 5 km", TUE, on=False).label == "untick of “Run 5 km” on Tue 24 Nov"
    assert reopen(db_path).ticks().days(run.id) == set()
    store.undo("window-a", now=FIXED_NOW)
    assert reopen(db_path).ticks().days(run.id) == {TUE}
    labels = [doc["label"] for doc in json.loads(db_path.read_text())[HISTORY].values()]
    assert "untick of “Run 5 km” on Tue 24 Nov" in labels


def test_a_redo_or_undo_never_makes_a_second_tick_of_a_day(db_path):
    """A ticks and undoes; B ticks the same day; A's redo would add a second tick of that
    day: refused, the file unchanged. The same for A's undo of a take-back."""
    a = habit_store(db_path)
    b = Store.open(db_path)
    run = card(a, "Run 5 km")
    tick(a, "Run 5 km", TUE, session="window-a")
    a.undo("window-a", now=FIXED_NOW)
    b.reload_if_changed()
    tick(b, "Run 5 km", TUE, session="window-b")
    before = db_path.read_bytes()
    with pytest.raises(Conflict):
        a.redo("window-a", now=FIXED_NOW)
    assert db_path.read_bytes() == before
    assert len([d for d in json.loads(before)[TICKS].values() if d["card"] == run.id]) == 1

    tick(b, "Run 5 km", WED, session="window-b")
    a.reload_if_changed()
    tick(a, "Run 5 km", WED, on=False, session="window-a")  # A takes Wednesday's back
    tick(b, "Run 5 km", WED, session="window-b")  # B ticks it again
    before = db_path.read_bytes()
    with pytest.raises(Conflict):
        a.undo("window-a", now=FIXED_NOW)  # would put A's old Wednesday tick back beside B's
    assert db_path.read_bytes() == before


def test_ticks_outlive_a_move_to_done_and_an_edit(db_path):
    store = habit_store(db_path)
    tick(store, "Run 5 km", MON)
    tick(store, "Run 5 km", TUE)
    run = card(store, "Run 5 km")
    store.apply(lambda s: ops.move_card(s.board, s.board.cards[run.id], +1, FIXED_NOW))
    store.apply(lambda s: ops.edit_card(s.board, s.board.cards[run.id], "Run 6 km", "body", ""))
    saved = reopen(db_path)
    assert saved.board.cards[run.id].column == "done" and saved.board.cards[run.id].per_week == 3
    assert saved.ticks().days(run.id) == {MON, TUE}


def test_a_card_that_does_not_repeat_is_refused_in_one_sentence(db_path):
    store = habit_store(db_path)
    before = db_path.read_bytes()
    with pytest.raises(InvalidInput, match="does not repeat"):
        tick(store, "Pottery", TUE)
    assert db_path.read_bytes() == before


def test_two_windows(db_path):
    """Window B takes back a tick A made: A's undo of its tick is refused rather than
    write over B; a tick of a card B deleted is refused; B ticking the same day as A
    is nothing to do."""
    a = habit_store(db_path)
    b = Store.open(db_path)
    tick(a, "Run 5 km", TUE, session="window-a")
    b.reload_if_changed()
    assert tick(b, "Run 5 km", TUE, session="window-b") is None
    tick(b, "Run 5 km", TUE, on=False, session="window-b")
    with pytest.raises(Conflict):
        a.undo("window-a", now=FIXED_NOW)
    run = card(a, "Run 5 km")
    b.reload_if_changed()
    b.apply(lambda s: ops.delete_card(s.board, s.board.cards[run.id]), session="window-b", record=True)
    before = db_path.read_bytes()
    with pytest.raises(InvalidInput, match="no longer exists"):
        a.apply(
            lambda s: set_tick(s.board, s.records(TICKS), run, WED, True, s.new_id), session="window-a", record=True
        )
    assert db_path.read_bytes() == before


def test_ticks_are_in_the_timeline_and_can_be_removed_there(db_path):
    store = habit_store(db_path)
    tick(store, "Run 5 km", TUE)
    events = [e for e in timeline.events(store.plan, store.board, store.records, WED) if e.kind == "tick"]
    assert [(e.day, e.title) for e in events] == [(TUE, "Ticked: Run 5 km")]
    store.apply(timeline.removed(events[0]), record=True, session="window-a")
    assert reopen(db_path).ticks().days(card(store, "Run 5 km").id) == set()
    days = [e for e in timeline.events(store.plan, store.board, store.records, WED) if e.kind == "day"]
    assert [e.title for e in days] == ["Day of: Meet Sam"]


# --- today's agenda ---------------------------------------------------------------------


def test_todays_agenda(db_path):
    store = habit_store(db_path)
    store.add_card("Yoga", column="planned", per_week=7)
    store.add_card("Swim", column="done", per_week=2)  # finished: not on the agenda
    store.add_card("Lunch", column="doing", day="thursday")  # no time: after the timed ones
    thursday = agenda(store.board, store.ticks(), THU)
    assert [i.text for i in thursday] == ["18:30 Pottery", "Lunch", "Run 5 km", "Yoga"]
    assert today_line(thursday) == "Today: 18:30 Pottery · Lunch · Run 5 km · Yoga"
    tick(store, "Yoga", THU)
    for day in (MON, TUE, WED):
        tick(store, "Run 5 km", day)  # 3/3: met for the week, off the agenda
    assert [i.text for i in agenda(store.board, store.ticks(), THU)] == ["18:30 Pottery", "Lunch"]
    assert [i.text for i in agenda(store.board, store.ticks(), WED)] == ["Meet Sam", "Yoga"]
    assert today_line([]) == ""


def test_a_tick_late_on_sunday_belongs_to_that_week_across_the_dst_change(db_path):
    """Sun 25 Oct 2026 is the night Berlin's clocks go back: 23:30 that evening is
    22:30 UTC, still Sunday in Berlin, so the tick counts for the week of Mon 19 Oct."""
    import time_machine

    from regroup.domain.dates import today_in

    store = habit_store(db_path)
    late = datetime(2026, 10, 25, 23, 30, tzinfo=BERLIN)
    with time_machine.travel(late, tick=False):
        today = today_in("Europe/Berlin")
    assert today == date(2026, 10, 25)
    tick(store, "Run 5 km", today)
    run = card(store, "Run 5 km")
    week = habit_week(run, store.ticks(), today)
    assert (week.done, week.line) == (1, "1/3 this week")
    monday = habit_week(run, store.ticks(), date(2026, 10, 26))
    assert (monday.done, monday.weeks) == (0, (0, 0, 1, 0))


# --- the weekly review ------------------------------------------------------------------


def test_weekly_review_of_last_week(db_path):
    from regroup.domain.daily import CheckIn
    from regroup.domain.plan import Slip

    store = habit_store(db_path)
    for day in (MON, WED, THU):
        tick(store, "Run 5 km", day)
    explore = next(c for c in store.board.column("doing") if c.title == "Explore the old town")
    wednesday = datetime(2026, 11, 25, 20, 0, tzinfo=BERLIN)
    store.apply(lambda s: ops.move_card(s.board, s.board.cards[explore.id], +1, wednesday))
    store.save_checkin(CheckIn(TUE, 2, "low"))
    store.log_slip(Slip(WED, "texted"))
    review = weekly_review(store.board, store.journey, store.records, date(2026, 11, 30), "Europe/Berlin")
    assert review.monday == MON and not review.quiet
    assert [c.title for c in review.done] == ["Explore the old town"]
    assert [(h.card.title, h.done, h.target, h.met) for h in review.habits] == [("Run 5 km", 3, 3, True)]
    assert review.moods == ((TUE, 2),) and [s.day for s in review.slips] == [WED]
    assert review.urges_passed is None  # no urge ever noted: no line (issue 16)
    text = "\n".join(line for _, lines in review.sections() for line in lines)
    assert "Run 5 km: 3/3 (met)" in text


def test_weekly_review_counts_the_urges_that_passed_on_the_plans_days(db_path):
    from regroup.domain.hard_changes import urge_ended, urge_started
    from regroup.domain.moments import make_urge

    store = habit_store(db_path)
    for at, outcome in (
        (datetime(2026, 11, 22, 23, 30, tzinfo=UTC), "passed"),  # Mon 23 Nov, 00:30 in Berlin
        (datetime(2026, 11, 25, 21, 0, tzinfo=UTC), "reached_out"),
        (datetime(2026, 11, 29, 22, 0, tzinfo=UTC), "passed"),  # Sun 29 Nov, 23:00 in Berlin
        (datetime(2026, 11, 29, 23, 30, tzinfo=UTC), "passed"),  # Mon 30 Nov in Berlin: next week
    ):
        store.apply(lambda s, at=at: urge_started(s, make_urge(None, at)))
        urge = store.journey.urges[-1]
        store.apply(lambda s, urge=urge, outcome=outcome, at=at: urge_ended(s, urge, outcome, at))
    review = weekly_review(store.board, store.journey, store.records, date(2026, 11, 30), "Europe/Berlin")
    assert review.urges_passed == 2
    assert ("Urges passed", ["2"]) in review.sections()


def test_a_quiet_week_says_so_plainly_and_suggests(db_path):
    store = habit_store(db_path)
    review = weekly_review(store.board, store.journey, store.records, date(2026, 12, 7), "Europe/Berlin")
    assert review.quiet
    heading, lines = review.sections()[0]
    assert "quiet week" in lines[0] and "should" not in lines[0].lower() and "fail" not in lines[0].lower()
    assert len(review.suggestions) == 3 and all(c.column == "ideas" for c in review.suggestions)
    # the habit made during the week reviewed is held to it; one made after is not
    assert [h.card.title for h in review.habits] == ["Run 5 km"]
    early = weekly_review(store.board, store.journey, store.records, date(2026, 11, 16), "Europe/Berlin")
    assert early.habits == ()


def test_suggestions_come_from_the_least_touched_categories_and_are_deterministic(db_path):
    store = habit_store(db_path)
    # sample Ideas: Pottery class (mind), Run (body), Dinner with Maya (social), Meet Sam (social)
    # touched lately: social and look not at all (look has no ideas), body once (a tick),
    # mind once (a card started 20 Nov), heart twice (a card started and done 20 Nov);
    # ties go in the categories' order (body before mind)
    tick(store, "Run 5 km", TUE)
    picks = suggestions(store.board, store.ticks(), WED, "Europe/Berlin")
    assert [c.category for c in picks] == ["social", "body", "mind"]
    assert picks == suggestions(store.board, store.ticks(), WED, "Europe/Berlin")
    titles = [c.title for c in picks]
    assert titles[0] in ("Dinner with Maya", "Meet Sam")


def test_the_review_is_due_once_a_week(db_path):
    store = habit_store(db_path)
    tick(store, "Run 5 km", TUE)
    review = weekly_review(store.board, store.journey, store.records, date(2026, 11, 30), "Europe/Berlin")
    assert review_due({}, review, date(2026, 11, 30))
    assert not review_due({"review_week": "2026-11-30"}, review, date(2026, 12, 2))
    assert review_due({"review_week": "2026-11-30"}, review, date(2026, 12, 7))
    quiet = weekly_review(store.board, store.journey, store.records, date(2027, 1, 4), "Europe/Berlin")
    assert not review_due({}, quiet, date(2027, 1, 4))  # a new file is not greeted by an empty review
    store.set_setting("review_week", "2026-11-30")
    assert reopen(db_path).settings["review_week"] == "2026-11-30"


def test_habit_summary(db_path):
    store = habit_store(db_path)
    tick(store, "Run 5 km", MON)
    tick(store, "Run 5 km", MON - timedelta(days=7))
    [week] = habits(store.board, store.ticks(), WED)
    assert (week.line, week.weeks, week.ticked_today) == ("1/3 this week", (0, 0, 1, 1), False)
    assert week.bar == "▁▁▄▄"


def test_a_habit_unset_in_an_edit_is_written_as_null_and_undone(db_path):
    store = habit_store(db_path)
    run = card(store, "Run 5 km")
    change = store.apply(
        lambda s: ops.edit_card(s.board, run, run.title, run.category, "", per_week=None),
        session="window-a",
        record=True,
    )
    assert change.edits[0].before == {"per_week": 3} and change.edits[0].after == {"per_week": None}
    assert "per_week" not in json.loads(db_path.read_text())["cards"][str(run.id)]  # left out, not null
    assert reopen(db_path).board.cards[run.id].per_week is None
    store.undo("window-a", now=FIXED_NOW)
    assert reopen(db_path).board.cards[run.id].per_week == 3
    plain = card(store, "New haircut")
    assert "per_week" not in plain.to_doc()  # a card without a schedule is stored as before


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["body", "mind", "heart", "social", "look"]),
            st.sampled_from(["ideas", "planned", "doing", "done"]),
        ),
        max_size=25,
    )
)
def test_suggestions_are_ideas_from_the_least_touched_categories(cards):
    from regroup.domain.board import Board
    from regroup.domain.review import touches

    started = "2026-11-20T10:00:00Z"
    board = Board.from_cards(
        Card(n, f"card {n}", category, column, n, started=started if column in ("doing", "done") else None)
        for n, (category, column) in enumerate(cards, start=1)
    )
    picks = suggestions(board, Ticks(), WED, "Europe/Berlin")
    assert picks == suggestions(board, Ticks(), WED, "Europe/Berlin")  # deterministic
    ideas = board.column("ideas")
    assert len(picks) == min(3, len(ideas)) and len(set(picks)) == len(picks)
    assert all(card.column == "ideas" for card in picks)
    if picks:
        touched = touches(board, Ticks(), WED, "Europe/Berlin")
        least = min(touched[card.category] for card in ideas)
        assert touched[picks[0].category] == least
