"""The lock each read-modify-write takes: an OS lock on ``PATH.lock`` beside the database.

The operating system frees the lock when its holder dies, so a process killed holding it
never blocks the next one. On Unix that is ``flock``; on Windows, ``msvcrt.locking`` (the
only two places it runs; each is imported when the first lock is taken, so the package
imports anywhere).
"""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from regroup.errors import FileRefused, SaveFailed, UserError
from regroup.store.files import FILE_MODE, _euid, _fchmod, _why, ensure_folder

LOCK_TIMEOUT = 10.0
_primitives: tuple[Callable[[int], None], Callable[[int], None]] | None = None


def _lock_functions() -> tuple[Callable[[int], None], Callable[[int], None]]:
    """(try to lock without waiting, raising BlockingIOError when held; unlock)."""
    global _primitives
    if _primitives is None:
        try:
            import fcntl
        except ImportError:
            import msvcrt  # Windows

            def lock(fd: int) -> None:
                os.lseek(fd, 0, os.SEEK_SET)
                try:
                    msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
                except OSError as error:
                    if error.errno in (errno.EACCES, errno.EDEADLOCK):
                        raise BlockingIOError(errno.EAGAIN, "locked") from None
                    raise

            def unlock(fd: int) -> None:
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]

            _primitives = (lock, unlock)
        else:
            _primitives = (
                lambda fd: fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB),
                lambda fd: fcntl.flock(fd, fcntl.LOCK_UN),
            )
    return _primitives


def _lock_refused(path: Path, lock_path: Path, error: OSError) -> UserError:
    if error.errno in (errno.EACCES, errno.EPERM):
        try:
            owner = os.lstat(lock_path).st_uid
        except OSError:
            owner = None
        if owner is not None and owner != _euid():
            return FileRefused(
                f"{path} is locked by a file owned by another user (uid {owner}), {lock_path.name}: "
                "run regroup-tui as that user, or remove that file if nobody else uses this database."
            )
    return SaveFailed(_why(path, error))


@contextmanager
def locked(path: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """An exclusive OS lock on ``PATH.lock`` for one read-modify-write.

    The kernel frees the lock when its holder dies, so a killed process never blocks the next.
    """
    lock_path = path.with_name(path.name + ".lock")
    ensure_folder(lock_path.parent)
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    except OSError as error:
        raise _lock_refused(path, lock_path, error) from None
    try:
        try:  # exactly 0600 whatever the umask (a 0400 lock would refuse every later save)
            if stat.S_IMODE(os.fstat(fd).st_mode) != FILE_MODE:
                _fchmod(fd, FILE_MODE)
        except OSError:
            pass
        lock, unlock = _lock_functions()
        deadline = time.monotonic() + timeout
        while True:
            try:
                lock(fd)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise SaveFailed(
                        f"{path} is busy: another regroup-tui has held it for {timeout:.0f} s; try again."
                    ) from None
                time.sleep(0.005)
        try:
            yield
        finally:
            unlock(fd)
    finally:
        os.close(fd)


# --- who is still running -------------------------------------------------------------
# Each run of the app holds a lock on a marker beside the database (".board.json.session-ID")
# for as long as it runs; the OS frees it when the app ends or dies. u in a window that has
# made no change of its own takes back only changes made by runs that have ended (a
# relaunch, an add, an import), never the work of a window still open.


class SessionMark:
    def __init__(self, path: Path, session: str) -> None:
        self.file = path.with_name(f".{path.name}.session-{session}")
        self.fd: int | None = None
        try:
            self.fd = os.open(self.file, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
            _lock_functions()[0](self.fd)
        except OSError:  # no mark: this run's changes are simply taken as an ended run's
            self.release()

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
            try:
                self.file.unlink()
            except OSError:
                pass


def live_sessions(path: Path) -> set[str]:
    """The runs of the app that hold their mark now (stale marks are removed)."""
    prefix = f".{path.name}.session-"
    live: set[str] = set()
    try:
        marks = [entry for entry in path.parent.iterdir() if entry.name.startswith(prefix)]
    except OSError:
        return live
    lock, unlock = _lock_functions()
    for mark in marks:
        try:
            fd = os.open(mark, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            continue
        try:
            lock(fd)
        except BlockingIOError:
            live.add(mark.name[len(prefix) :])
        except OSError:
            pass
        else:
            unlock(fd)
            try:
                mark.unlink()
            except OSError:
                pass
        finally:
            os.close(fd)
    return live
