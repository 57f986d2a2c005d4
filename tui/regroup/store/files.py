"""Durable, private file operations: atomic replace, folder fsync, a sidecar lock."""

from __future__ import annotations

import errno
import os
import stat
import zlib
from pathlib import Path

from regroup.errors import FileRefused, SaveFailed

FILE_MODE = 0o600
DIR_MODE = 0o700
NAME_MAX = 255  # bytes in one file name, on every file system we run on

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a symbolic link"),
)


def kind_of(mode: int) -> str:
    """'a folder', 'a named pipe (FIFO)'... for anything that is not a regular file."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


STREAMS = ("/dev/stdout", "/dev/stderr", "/dev/stdin", "/dev/tty", "/dev/console")
STREAM_FOLDERS = ("/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/")


def is_stream(name: str) -> bool:
    """A name for a process's stream (/dev/stdout, /dev/fd/1...), whatever it points to now."""
    plain = os.path.normpath(os.path.abspath(os.path.expanduser(name)))
    return name == "-" or plain in STREAMS or plain.startswith(STREAM_FOLDERS)


def check_regular(path: Path, what: str, hint: str = "") -> os.stat_result | None:
    """Refuse, with one sentence, a ``path`` that exists but is not a regular file (a
    folder, a FIFO, a device, a socket): reading a FIFO or a terminal device would wait
    forever, and /dev/zero never ends. ``os.stat`` only: nothing is opened. Returns the
    stat of the file (a link to a regular file counts), or None when nothing is there
    (the caller may create it). ``what`` is what the file was meant to be ("the
    database"); ``hint`` what to do instead ("pass a file path with --db")."""
    tail = f"; {hint}" if hint else ""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as error:  # a name too long, a loop of links, a parent that is a file...
        reason = (error.strerror or str(error)).lower()
        raise FileRefused(f"Cannot use {path} as {what} ({reason}){tail}.") from None
    except ValueError:  # a NUL in the name
        raise FileRefused(f"Cannot use {path} as {what} (the name holds a NUL character){tail}.") from None
    if not stat.S_ISREG(st.st_mode):
        raise FileRefused(f"{path} is {kind_of(st.st_mode)}, not a regular file, so it cannot be {what}{tail}.")
    return st


def read_regular(path: Path, what: str, limit: int, too_large: str, tail: str = "") -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Opened without blocking and checked on the open descriptor, so a FIFO or a device put
    there after any earlier check is still refused at once, and the size is checked before
    anything is read (``too_large`` is the sentence for a file over ``limit``; ``tail``
    ends the sentence for one that is not a regular file)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise FileRefused(f"{path} is {kind_of(st.st_mode)}, not a regular file, so it cannot be {what}{tail}.")
        if st.st_size > limit:
            raise FileRefused(too_large)
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # it grew while we read
            raise FileRefused(too_large)
        return b"".join(chunks)
    finally:
        os.close(fd)


def sibling_name(path: Path, label: str, extra: str = "") -> Path:
    """``board.LABEL.json`` beside ``board.json`` (a backup, say), the stem shortened when
    the whole name would not fit in one file name."""
    suffix = f".{label}{extra}{path.suffix}"
    stem = path.stem
    while stem and len(os.fsencode(stem + suffix)) > NAME_MAX:
        stem = stem[:-1]
    return path.with_name(stem + suffix)


def privacy_warning(path: Path) -> str | None:
    """Make an existing database file exactly 0600 and its folder 0700 at once when they are
    more open and this user owns them (a save would tighten the file anyway, but only at
    the next save). Returns one sentence when that cannot be done, else None.

    A folder that is not ours alone to close (sticky, like /tmp, or the home folder or
    the root) is left as it is and named in the warning instead."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    me = _euid()
    if stat.S_IMODE(st.st_mode) & 0o077:
        if st.st_uid == me:
            try:
                os.chmod(path, FILE_MODE)
            except OSError:
                return f"{path} can be read by other users (mode {stat.S_IMODE(st.st_mode):04o}) and could not be made private."
        else:
            return (
                f"{path} can be read by other users (mode {stat.S_IMODE(st.st_mode):04o}) and belongs to another "
                f"user (uid {st.st_uid}), so regroup-tui cannot make it private."
            )
    folder = path.parent
    try:
        fst = os.stat(folder)
    except OSError:
        return None
    if not stat.S_IMODE(fst.st_mode) & 0o077:
        return None
    shared = bool(fst.st_mode & stat.S_ISVTX) or _is_home_or_root(folder)
    if fst.st_uid == me and not shared:
        try:
            os.chmod(folder, DIR_MODE)
            return None
        except OSError:
            pass
    return (
        f"The folder {folder} can be listed by other users (mode {stat.S_IMODE(fst.st_mode):04o}); "
        "keep the database in a private folder (0700)."
    )


def _is_home_or_root(folder: Path) -> bool:
    try:
        resolved = folder.resolve()
        return resolved == Path(resolved.anchor) or resolved == Path.home().resolve()
    except (OSError, RuntimeError):
        return True


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
    """``.board.json.<hex>.tmp`` beside the target; when that would be longer than a file
    name may be (a target name of 240 characters and more), a short
    ``.rg-<crc of the target name>-<hex>.tmp``, which still says which target it was for,
    so ``remove_stale_temps`` never removes another file's temporary file."""
    random = os.urandom(6).hex()
    name = f".{path.name}.{random}.tmp"
    if len(os.fsencode(name)) <= NAME_MAX:
        return path.with_name(name)
    return path.with_name(f".rg-{_tag(path)}-{random}.tmp")


def _tag(path: Path) -> str:
    return f"{zlib.crc32(os.fsencode(path.name)):08x}"


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
    raises ``SaveFailed``; the previous file is untouched.

    A symbolic link is written through (the file it points to is replaced, the link is
    kept); anything else that is not a regular file (a FIFO, a device, a folder) is refused,
    and so is a file with other hard links (they would go on showing the old one). The new
    file keeps the owner and group of the one it replaces.
    """
    shown = path
    path = real_target(path)
    refusal = hard_link_refusal(path)
    if refusal:
        raise SaveFailed(refusal)
    folder = path.parent
    ensure_folder(folder)
    try:
        old = os.lstat(path)
    except OSError:
        old = None
    if old is not None and not stat.S_ISREG(old.st_mode):
        raise SaveFailed(
            f"Could not save {shown}: it is {kind_of(old.st_mode)}, not a regular file; nothing was written."
        )
    tmp = temp_name(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except OSError as error:
        raise SaveFailed(_why(shown, error)) from None
    try:
        try:
            if old is not None:
                _keep_owner(fd, old)
            _fchmod(fd, FILE_MODE)
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
        raise SaveFailed(_why(shown, error)) from None
    fsync_folder(folder)


def real_target(path: Path) -> Path:
    """``path``, or the file it finally points to when it is a symbolic link."""
    try:
        if not stat.S_ISLNK(os.lstat(path).st_mode):
            return path
    except OSError:
        return path
    return Path(os.path.realpath(path))


def _keep_owner(fd: int, old: os.stat_result) -> None:
    """The new file keeps the owner and group of the one it replaces (root saving another
    user's database must not leave it owned by root, unreadable to its owner). Without the
    right to give a file away, the group alone, else nothing."""
    if not hasattr(os, "fchown") or (old.st_uid, old.st_gid) == (_euid(), os.getegid()):
        return
    try:
        os.fchown(fd, old.st_uid, old.st_gid)
    except OSError:
        try:
            os.fchown(fd, -1, old.st_gid)
        except OSError:
            pass


def _why(path: Path, error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        reason = "the disk is full"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = "the folder is not writable"
    else:
        reason = (error.strerror or str(error)).lower()
    kept = "the previous version is intact" if os.path.lexists(path) else "nothing was written"
    return f"Could not save {path}: {reason}; {kept}."


def remove_stale_temps(path: Path) -> None:
    """Temporary files left by a writer that was killed mid-save (call with the lock held)."""
    entries = []
    for place in {path, real_target(path)}:
        try:
            entries += list(place.parent.glob(f".{place.name}.*.tmp")) + list(
                place.parent.glob(f".rg-{_tag(place)}-*.tmp")
            )
        except OSError:
            pass
    for entry in entries:
        try:
            entry.unlink()
        except OSError:
            pass


def _euid() -> int:
    """This process's user (-1 where there are no such ids: Windows)."""
    return os.geteuid() if hasattr(os, "geteuid") else -1


def _fchmod(fd: int, mode: int) -> None:
    """os.fchmod where it exists (Windows has no Unix modes: the file's ACL applies)."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
