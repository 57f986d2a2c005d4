"""The real regroup-tui in a pseudo-terminal, read back through a terminal emulator (pyte).

Used by the tests that must see what a user sees (the kill test: "the move is on screen")
and by the benchmarks that time keys in a real terminal. The app runs as
``python -m regroup --db FILE`` in a new session whose controlling terminal is the pty, so
closing the terminal (``close_terminal``) sends it SIGHUP exactly as closing a terminal
window does.
"""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import sys
import termios
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path

import pyte

COLUMN_NAMES = ("Ideas", "Planned", "Doing", "Done")
FRAME_END = b"\x1b[?2026l"  # Textual ends each frame with "end synchronized update"


class PtyApp:
    def __init__(self, args: list[str], size: tuple[int, int] = (120, 40), env: dict[str, str] | None = None) -> None:
        self.width, self.height = size
        self.screen = pyte.Screen(self.width, self.height)
        self.stream = pyte.ByteStream(self.screen)
        self.received = 0  # bytes read from the app so far
        environment = dict(os.environ if env is None else env)
        environment.update(TERM="xterm-256color", COLUMNS=str(self.width), LINES=str(self.height))
        environment.pop("TEXTUAL", None)
        pid, fd = pty.fork()
        if pid == 0:  # the child: the pty is its controlling terminal
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", self.height, self.width, 0, 0))
                os.execve(sys.executable, [sys.executable, *args], environment)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.status: int | None = None
        # A thread reads the terminal as soon as the app writes, and stamps each chunk with
        # when it came: the emulator (slow, pure Python) then never delays the stamps.
        self._chunks: deque[tuple[float, bytes]] = deque()
        self._arrived = threading.Condition()
        self._open = True
        self.last_frame_end = 0.0  # when the last complete frame arrived (perf_counter)
        self._tail = b""
        self.satisfied_at = 0.0  # when the chunk that made wait_for's condition true arrived
        self._reader = threading.Thread(target=self._read_loop, name="pty-reader", daemon=True)
        self._reader.start()

    def _read_loop(self) -> None:
        while True:
            try:
                data = os.read(self.fd, 1 << 16)
            except OSError:  # EIO: the app closed the terminal, or we did
                data = b""
            stamp = time.perf_counter()
            with self._arrived:
                if not data:
                    self._open = False
                    self._arrived.notify_all()
                    return
                self._chunks.append((stamp, data))
                self._arrived.notify_all()

    @classmethod
    def regroup(cls, db: Path, size: tuple[int, int] = (120, 40), env: dict[str, str] | None = None) -> PtyApp:
        return cls(["-m", "regroup", "--db", str(db)], size, env)

    # --- reading ------------------------------------------------------------------

    def read(self, timeout: float) -> bool:
        """Feed what the app has written (waiting up to ``timeout`` seconds for something)
        to the emulator; False when nothing came (or the app has gone)."""
        with self._arrived:
            if not self._chunks and self._open:
                self._arrived.wait(timeout)
            chunks = list(self._chunks)
            self._chunks.clear()
        if not chunks:
            return False
        for stamp, data in chunks:
            self.received += len(data)
            self.stream.feed(data)
            self._stamp = stamp
            joined = self._tail + data  # a frame's end may come split over two chunks
            if FRAME_END in joined:
                self.last_frame_end = stamp
            self._tail = joined[-len(FRAME_END) :]
        return True

    def wait_for(self, condition: Callable[[PtyApp], bool], timeout: float = 20.0) -> bool:
        """Read until ``condition`` holds (checked after each batch of output); False on
        timeout. ``satisfied_at`` is then when the output that made it true arrived, and
        ``frame_done()`` when the frame holding it was complete."""
        deadline = time.monotonic() + timeout
        while not condition(self):
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            if not self.read(min(left, 0.5)) and self.exited():
                return condition(self)
        self.satisfied_at = getattr(self, "_stamp", time.perf_counter())
        return True

    def frame_done(self, timeout: float = 2.0) -> float:
        """When the frame that showed the condition was complete: the first end of frame
        at or after ``satisfied_at`` (reading on until it comes)."""
        deadline = time.monotonic() + timeout
        while self.last_frame_end < self.satisfied_at and time.monotonic() < deadline:
            if not self.read(0.05) and self.exited():
                break
        return max(self.last_frame_end, self.satisfied_at)

    def wait_quiet(self, quiet: float = 0.3, timeout: float = 10.0) -> None:
        """Read until nothing has come for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.read(quiet):
            pass

    def lines(self) -> list[str]:
        return list(self.screen.display)

    def text(self) -> str:
        return "\n".join(self.lines())

    def columns(self) -> dict[str, list[str]]:
        """What each board column shows, line by line, found under the row of titles."""
        lines = self.lines()
        for row, line in enumerate(lines):
            starts = [line.find(f" {name} ") for name in COLUMN_NAMES]
            if all(x >= 0 for x in starts) and starts == sorted(starts):
                bounds = starts + [len(line)]
                return {
                    name: [below[bounds[i] : bounds[i + 1]].strip() for below in lines[row + 1 :]]
                    for i, name in enumerate(COLUMN_NAMES)
                }
        return {}

    def shows_in(self, column: str, text: str) -> bool:
        return any(text in line for line in self.columns().get(column, []))

    # --- writing and ending -----------------------------------------------------------

    def send(self, keys: str | bytes) -> None:
        os.write(self.fd, keys.encode() if isinstance(keys, str) else keys)

    def exited(self) -> bool:
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid == self.pid:
                self.status = status
        return self.status is not None

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if not self.exited():
            os.kill(self.pid, sig)

    def close_terminal(self) -> None:
        """What closing the terminal window does: the app gets SIGHUP from the kernel."""
        if self.fd >= 0:
            fd, self.fd = self.fd, -1
            os.close(fd)

    def wait(self, timeout: float = 10.0) -> int:
        deadline = time.monotonic() + timeout
        while not self.exited():
            if time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                raise TimeoutError("the app did not end")
            self.read(0.05)  # keep the pty drained, or the app blocks writing
        return self.status or 0

    def close(self) -> None:
        if not self.exited():
            os.kill(self.pid, signal.SIGKILL)
            self.wait()
        if self.fd >= 0:
            fd, self.fd = self.fd, -1
            os.close(fd)
        self._reader.join(2)

    def __enter__(self) -> PtyApp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
