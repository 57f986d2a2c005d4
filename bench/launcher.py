"""The child the startup, idle and memory figures launch: ``python -m bench.launcher
bare|regroup DB IDLE_SECONDS``.

It runs either a bare Textual app (Header, Static, Footer) or the real command line
(``regroup.cli.main(["--db", DB])``), both headless at 120x40. ``App._display`` is wrapped:
every frame is also encoded to terminal sequences (the work the headless driver skips),
and the first frame that shows the app's own screen (the Static of the bare app, the
board of regroup-tui) either exits at once (IDLE_SECONDS == 0: the startup figure) or,
SETTLE seconds later, opens an idle window of IDLE_SECONDS, at the end of which the app
exits. One JSON line is printed after the app has exited: the peak RSS (VmHWM), and for
an idle run the process CPU time over the window and what was repainted in it.

Textual's private ``App._display``, ``Compositor.update_widgets`` and
``Screen._refresh_layout`` are wrapped by name: if a Textual upgrade renames one, this
fails with an AttributeError rather than measuring nothing.
"""

import json
import resource
import sys
import time
from typing import Any

MODE, DB, IDLE = sys.argv[1], sys.argv[2], float(sys.argv[3])
from textual.app import App

SIZE = (120, 40)
state: dict[str, Any] = {
    "first": None,
    "frames": 0,
    "idle_frames": 0,
    "updated": {},
    "layouts": 0,
    "lines": 0,
    "idle": False,
}
TARGET = "#bare-hello" if MODE == "bare" else "#board"

SETTLE = 2.0  # seconds after the first frame before the idle window opens


def hwm():
    """Peak RSS of this process image in kB (VmHWM). Not ru_maxrss: on Linux that one
    keeps the high-water mark of the parent that forked us."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def finish(app):
    state["t1"], state["c1"] = time.perf_counter(), cpu()
    state["idle"] = False
    if MODE != "bare":
        state["parses"] = app.store.parses - state.get("parses0", 0)
    app.exit()


_display = App._display


def display(self, screen, renderable):
    _display(self, screen, renderable)
    if renderable is None:
        return
    if hasattr(renderable, "render_segments"):
        renderable.render_segments(self.console)
    state["frames"] += 1
    if state["idle"]:
        state["idle_frames"] += 1
    if state["first"] is None and screen.query(TARGET):
        state["first"] = time.perf_counter()
        state["hwm_first_kb"] = hwm()
        if IDLE <= 0:
            self.exit()
            return
        self.set_timer(SETTLE, lambda: begin(self))


App._display = display  # type: ignore[method-assign]  # the wrap (see above), on purpose


def begin(app):
    if MODE != "bare":
        state["parses0"] = app.store.parses
    state["t0"], state["c0"] = time.perf_counter(), cpu()
    state["idle"] = True
    app.set_timer(IDLE, lambda: finish(app))


if IDLE > 0:  # diagnostics for the idle window: what the tick repaints
    from textual._compositor import Compositor
    from textual.screen import Screen

    _update = Compositor.update_widgets

    def update_widgets(self, widgets):
        if state["idle"]:
            for w in widgets:
                key = f"{type(w).__name__}#{w.id}" if w.id else type(w).__name__
                state["updated"][key] = state["updated"].get(key, 0) + 1
        return _update(self, widgets)

    Compositor.update_widgets = update_widgets  # type: ignore[method-assign]  # the wrap (see above), on purpose
    _layout = Screen._refresh_layout

    def refresh_layout(self, *a, **k):
        if state["idle"]:
            state["layouts"] += 1
        return _layout(self, *a, **k)

    Screen._refresh_layout = refresh_layout  # type: ignore[method-assign]  # the wrap (see above), on purpose
    if MODE != "bare":
        from regroup.app.widgets.column import CardColumn

        _rl = CardColumn.render_line

        def render_line(self, y):
            if state["idle"]:
                state["lines"] += 1
            return _rl(self, y)

        CardColumn.render_line = render_line  # type: ignore[method-assign]  # the wrap (see above), on purpose

_run = App.run


def run(self, *a, **k):
    k["headless"] = True
    k["size"] = SIZE
    return _run(self, *a, **k)


App.run = run  # type: ignore[method-assign]  # the wrap (see above), on purpose

if MODE == "bare":
    from textual.app import ComposeResult
    from textual.widgets import Footer, Header, Static

    class Bare(App):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello from a bare Textual app.", id="bare-hello")
            yield Footer()

    Bare().run()
    code = 0
else:
    from regroup.cli import main

    code = main(["--db", DB])

out = {k: v for k, v in state.items() if k not in ("idle",)}
out["hwm_kb"] = hwm()
if "t1" in state:
    out["idle_wall"] = state["t1"] - state["t0"]
    out["idle_cpu"] = state["c1"] - state["c0"]
print(json.dumps(out))
if state["first"] is None:
    print("no first frame was seen", file=sys.stderr)
    sys.exit(3)
sys.exit(code or 0)
