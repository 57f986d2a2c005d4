"""One writer thread: the app's saves run there, one at a time and in order.

A key's change is drawn first and written to disk right after, on this thread, so the
durable save (lock, write, fsync, rename: about 5 ms at 1,000 cards) is not between the key
and the screen. Durability is kept: the screen waits for the write in flight before it
makes the next change (``MainScreen.settle``), and a write that fails is reported and
retried.

A write is queued at once but held until ``start()`` (the app calls it once the frame
is on screen): its Python half would otherwise compete with the frame for the
interpreter. Anything that waits for it (``Write.result``, ``drain``) starts it first.

The thread is not a daemon: a write that has started finishes before the process exits.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

_executor: ThreadPoolExecutor | None = None
_held: set["Write"] = set()
_lock = threading.Lock()


class Write:
    """``fn(*args)`` queued on the writer thread, run once started."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        global _executor
        self._go = threading.Event()
        self._fn, self._args = fn, args
        with _lock:
            _held.add(self)
            if _executor is None:  # imported on the first save, not at start-up
                from concurrent.futures import ThreadPoolExecutor

                _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="regroup-writer")
            self.future: "Future" = _executor.submit(self._run)

    def _run(self) -> Any:
        self._go.wait()
        return self._fn(*self._args)

    def start(self) -> None:
        with _lock:
            _held.discard(self)
        self._go.set()

    def result(self) -> Any:
        """Start it if it was held, wait for it, and return what it returned (or raise)."""
        self.start()
        return self.future.result()


def submit(fn: Callable[..., Any], *args: Any) -> Write:
    return Write(fn, args)


def drain() -> None:
    """Return once every write queued so far is on disk (or has failed)."""
    with _lock:
        held = list(_held)
    for write in held:
        write.start()
    if _executor is not None:
        _executor.submit(lambda: None).result()
