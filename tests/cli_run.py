"""Running the installed ``regroup-tui`` script in subprocesses, for the refusal and bad-input tests."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SCRIPT = str(Path(sys.executable).with_name("regroup-tui"))


def run(
    args: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    umask: int = -1,
    preexec: Callable[[], None] | None = None,
    timeout: float = 20,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess:
    """``regroup-tui ARGS`` with stdin from /dev/null (so the bare command cannot wait on a terminal)."""
    full_env = dict(os.environ, **(env or {}))
    for key, value in list(full_env.items()):
        if value is None:
            del full_env[key]
    return subprocess.run(
        [SCRIPT, *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        env=full_env,
        umask=umask,
        preexec_fn=preexec,
        timeout=timeout,
        cwd=cwd,
    )


def run_many(commands: Sequence[Sequence[str]], **kwargs) -> list[subprocess.CompletedProcess]:
    """Several runs at once (each is an interpreter start, ~0.25 s)."""
    with ThreadPoolExecutor(max_workers=3) as pool:
        return list(pool.map(lambda args: run(args, **kwargs), commands))


def one_line_error(result: subprocess.CompletedProcess, status: int | None = None) -> str:
    """A refusal: non-zero exit (or exactly ``status``), one line on stderr, nothing raw."""
    shown = f"args {result.args[1:]!r}"[:300]
    if status is None:
        assert result.returncode != 0, shown
    else:
        assert result.returncode == status, (shown, result.returncode, result.stderr[:500])
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and result.stderr.endswith("\n"), (shown, result.stderr[:1000])
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream, (shown, stream[-2000:])
        assert "\x1b" not in stream, shown
    return lines[0]


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry of ``folder``: its kind, mode, and (for files) bytes and mtime."""
    entries: dict[str, tuple] = {}
    for entry in sorted(folder.iterdir()):
        st = os.lstat(entry)
        if entry.is_dir():
            entries[entry.name] = ("dir", stat.S_IMODE(st.st_mode), snapshot(entry))
        else:
            entries[entry.name] = ("file", stat.S_IMODE(st.st_mode), entry.read_bytes(), st.st_mtime_ns)
    return entries


def unchanged_but_a_lock(before: dict, after: dict) -> None:
    """Nothing in the folder changed; at most a new ``*.lock`` (0600, empty) appeared."""
    new = set(after) - set(before)
    assert all(name.endswith(".lock") for name in new), new
    for name in new:
        assert after[name][1] & 0o077 == 0 and after[name][2] == b"", after[name][:2]
    assert {name: after[name] for name in before} == before
