"""Durable, private file operations: atomic replace, folder fsync, a sidecar lock."""

from __future__ import annotations

import errno
import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from regroup.errors import SaveFailed

FILE_MODE = 0o600
DIR_MODE = 0o700
LOCK_TIMEOUT = 10.0


def ensure_folder(folder: Path) -> None:
    """Create the folder, and every missing parent, exactly 0700 (whatever the umask; a
    plain ``mkdir(parents=True)`` makes the parents 0777 minus the umask); an existing
    folder is left alone."""
    try:
        if folder.is_dir():
            return
        missing, current = [], folder
        while not current.exists():
            missing.append(current)
            current = current.parent
        for part in reversed(missing):
            try:
                part.mkdir(mode=DIR_MODE)
            except FileExistsError:
                if part.is_dir():
                    continue  # made by another process meanwhile
                raise
            os.chmod(part, DIR_MODE)
    except OSError as error:
        raise SaveFailed(f"Cannot create the folder {folder}: {error.strerror or error}.") from None


def fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")


def hard_link_refusal(path: Path) -> str | None:
    """Why ``path`` cannot be saved by renaming a new file over it: it has other names
    (hard links), which would go on showing the old file. None when it can."""
    try:
        links = os.stat(path).st_nlink
    except OSError:
        return None
    if links <= 1:
        return None
    return (
        f"{path} has {links} names (hard links); saving replaces the file, which would leave the other "
        "names showing the old one: keep one name and use a symbolic link for the others."
    )


def atomic_write(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` so that a crash leaves the old file or the new one.

    A 0600 temporary file in the same folder, written, flushed and fsynced, then renamed
    over the target, then the folder fsynced. Any failure removes the temporary file and
    raises ``SaveFailed``; the previous file is untouched. A symbolic link is followed
    (the file it points to is replaced, the link stays a link); a file with other hard
    links is refused.
    """
    path = Path(os.path.realpath(path))
    refusal = hard_link_refusal(path)
    if refusal:
        raise SaveFailed(refusal)
    folder = path.parent
    ensure_folder(folder)
    tmp = temp_name(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except OSError as error:
        raise SaveFailed(_why(path, error)) from None
    try:
        try:
            os.fchmod(fd, FILE_MODE)
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as error:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise SaveFailed(_why(path, error)) from None
    fsync_folder(folder)


def _why(path: Path, error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        reason = "the disk is full"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = "the folder is not writable"
    else:
        reason = (error.strerror or str(error)).lower()
    return f"Could not save {path}: {reason}; the previous version is intact."


def remove_stale_temps(path: Path) -> None:
    """Temporary files left by a writer that was killed mid-save (call with the lock held)."""
    try:
        entries = list(path.parent.glob(f".{path.name}.*.tmp"))
    except OSError:
        return
    for entry in entries:
        try:
            entry.unlink()
        except OSError:
            pass


@contextmanager
def locked(path: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """An exclusive OS lock on ``PATH.lock`` for one read-modify-write.

    The kernel frees the lock when its holder dies, so a killed process never blocks the next.
    """
    lock_path = path.with_name(path.name + ".lock")
    ensure_folder(lock_path.parent)
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    except OSError as error:
        raise SaveFailed(_why(path, error)) from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
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
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
