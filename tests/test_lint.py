"""The code is linted, formatted and typed: ruff and mypy (both in the test extra, pinned,
configured in pyproject.toml) run as part of the test command, so CI fails on either."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TREES = ["tui", "tests", "bench", "testkit", "screenshots"]


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing():
    result = run("ruff", "check", "--no-cache", *TREES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_code_is_in_ruff_s_format():
    result = run("ruff", "format", "--check", "--no-cache", *TREES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing():
    """The package, tests, bench and testkit: a bare ``mypy`` (no paths) checks the
    ``files`` that pyproject.toml names, with its settings."""
    result = run("mypy", "--no-incremental", "--cache-dir", "/dev/null")
    assert result.returncode == 0, result.stdout + result.stderr
