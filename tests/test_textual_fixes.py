"""The fix to Textual that regroup applies (regroup/app/textual_fixes.py)."""

from __future__ import annotations

import gc

from rich.segment import Segment
from textual.strip import Strip

from regroup.app import textual_fixes


def test_a_strip_divided_whole_is_freed_without_the_cycle_collector():
    """Stock Textual caches ``[self]`` on the strip, a cycle only the collector frees."""
    textual_fixes.apply()
    gc.collect()
    gc.disable()
    try:
        strip = Strip([Segment("hello "), Segment("you")], 9)
        assert strip.divide([9]) == [strip]
        assert strip.divide([9, 12]) == [strip]  # cuts past the end are dropped, as before
        assert [part.text for part in strip.divide([2, 9])] == ["he", "llo you"]
        del strip
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_the_internals_the_app_uses_are_there_in_this_textual():
    """Each internal in textual_fixes.py exists, with the signature it is called with: if a
    Textual upgrade renames one, this fails (and the app falls back to stock behaviour)."""
    import inspect

    import textual
    from textual.app import App
    from textual.widget import Widget

    assert textual.__version__ == textual_fixes.CHECKED
    assert textual_fixes.compatible()
    assert list(inspect.signature(App._check_bindings).parameters) == ["self", "key", "priority"]
    assert list(inspect.signature(Widget._forward_event).parameters) == ["self", "event"]
    assert list(inspect.signature(Widget._scroll_update).parameters) == ["self", "virtual_size"]
    from textual.screen import Screen

    assert list(inspect.signature(Screen._on_screen_resume).parameters) == ["self", "event"]


def test_without_the_fixes_the_scroll_range_and_the_resume_are_textual_s_own(monkeypatch):
    from textual import events
    from textual.geometry import Size

    monkeypatch.setattr(textual_fixes, "FIXES_ON", False)

    class Widgetish:
        virtual_size = Size(10, 1)

    widget = Widgetish()
    textual_fixes.set_scroll_range(widget, Size(10, 40))
    assert widget.virtual_size == Size(10, 40)  # plain assignment: Textual lays out as usual
    event = events.ScreenResume()
    assert textual_fixes.resume_without_restyle(object(), event) is False
    assert not event._no_default_action  # Textual's own handler then runs


async def test_a_column_s_scroll_range_follows_its_cards_with_the_fix(db_path):
    """With the fix on, a new card count still gives the column the scroll range it needs."""
    from conftest import seed
    from regroup.app.app import RegroupApp
    from regroup.app.widgets.column import CARD_HEIGHT, CardColumn

    app = RegroupApp(seed(db_path, plan=True), poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        assert textual_fixes.FIXES_ON
        column = app.screen.query(CardColumn).first()
        before = column.virtual_size.height
        await pilot.press("n", *"one more", "ctrl+s")
        await pilot.pause()
        assert column.virtual_size.height == before + CARD_HEIGHT


def test_on_another_textual_the_app_dispatches_keys_the_stock_way(monkeypatch):
    import textual

    monkeypatch.setattr(textual_fixes, "FIXES_ON", textual_fixes.FIXES_ON)  # restored after
    monkeypatch.setattr(textual, "__version__", "99.0.0")
    assert not textual_fixes.compatible()
    assert textual_fixes.apply() is False


def test_no_style_depends_on_the_board_having_the_focus():
    """BoardView.watch_has_focus skips Textual's restyle on a focus change: that is only
    right while no CSS rule (ours or Textual's) matches the board or a column by :focus,
    :blur or :focus-within."""
    from pathlib import Path

    import regroup.app.app as module
    from regroup.app.widgets.board import BoardView
    from regroup.app.widgets.column import CardColumn

    sheet = (Path(module.__file__).parent / module.RegroupApp.CSS_PATH).read_text()
    for line in sheet.splitlines():
        if ":focus" in line or ":blur" in line:
            assert not any(name in line for name in ("BoardView", "#board", "CardColumn", "#cards")), line
    for cls in (BoardView, CardColumn):
        for klass in cls.__mro__:
            css = getattr(klass, "DEFAULT_CSS", "") or ""
            assert ":focus" not in css and ":blur" not in css, klass


def test_an_escape_inside_a_paste_stays_text_and_is_never_keys():
    """The paste of "abc\\x1b[31mRED\\nline2" is one Paste event, in every split of the
    input into reads, and gives no key at all (Textual's parser made keys of it)."""
    from textual import events

    data = "\x1b[200~abc\x1b[31mRED\nline2\x1b[201~"
    for cut_at in range(len(data) + 1):
        parser = textual_fixes.paste_safe_parser()()
        tokens = [token for chunk in (data[:cut_at], data[cut_at:]) if chunk for token in parser.feed(chunk)]
        assert [type(t) for t in tokens] == [events.Paste], (cut_at, tokens)
        assert tokens[0].text == "abc[31mRED\nline2"


def test_keys_and_a_lone_escape_outside_a_paste_are_parsed_as_before():
    from textual import events

    parser = textual_fixes.paste_safe_parser()()
    keys = [t.key for t in parser.feed("jL\x1b[A") if isinstance(t, events.Key)]
    assert keys == ["j", "L", "up"]
    cleaner = textual_fixes.PasteCleaner()
    assert cleaner.clean("\x1b") == "\x1b"  # an escape key press is not held back


def test_the_terminal_driver_uses_the_paste_safe_parser():
    import textual.drivers.linux_driver as linux_driver

    assert textual_fixes.FIXES_ON
    assert getattr(linux_driver.XTermParser, "_regroup_paste_safe", False)
