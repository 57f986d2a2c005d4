"""One writer thread: the app's saves run there, one at a time and in order.

A key's change is drawn first and written to disk right after, on this thread, so the
durable save (lock, write, fsync, rename: about 5 ms at 1,000 cards) is not between the key
and the screen. Durability is kept: the screen waits for the write in flight before it
makes the next change (``MainScreen.settle``), and a write that fails is reported and
retried.

A write is held until ``start()``, which the app calls once the frame is on screen: its
Python half, or even waking the thread, would otherwise compete with the frame for the
interpreter. Anything that waits for it (``Write.result``, ``drain``) starts it first;
the app's one-second poll settles it too, and the command line drains the queue when the
app has stopped, so a held write is never lost.

The thread is not a daemon: a write that has started finishes before the process exits.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

_executor: ThreadPoolExecutor | None = None
_held: list["Write"] = []  # in the order they were made
_lock = threading.Lock()


class Write:
    """``fn(*args)``, to be run on the writer thread once started."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self._fn, self._args = fn, args
        self.future: Future = Future()
        with _lock:
            _held.append(self)

    def start(self) -> None:
        """Queue it on the writer thread, after every write made before it."""
        global _executor
        with _lock:
            if self not in _held:
                return  # already started
            # Writes start in the order they were made, whatever order start() comes in.
            index = _held.index(self)
            starting, _held[: index + 1] = _held[: index + 1], []
            if _executor is None:
                from concurrent.futures import ThreadPoolExecutor  # on the first save, not at start-up

                _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="regroup-writer")
            for write in starting:
                _executor.submit(write._run)

    def _run(self) -> None:
        try:
            result = self._fn(*self._args)
        except BaseException as error:  # handed to whoever waits for it
            self.future.set_exception(error)
        else:
            self.future.set_result(result)

    def result(self) -> Any:
        """Start it if it was held, wait for it, and return what it returned (or raise)."""
        self.start()
        return self.future.result()


def submit(fn: Callable[..., Any], *args: Any) -> Write:
    return Write(fn, args)


def drain() -> None:
    """Return once every write made so far is on disk (or has failed)."""
    with _lock:
        last = _held[-1] if _held else None
    if last is not None:
        last.start()
    if _executor is not None:
        _executor.submit(lambda: None).result()
