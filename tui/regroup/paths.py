"""Where things live. Functions only: nothing is created at import time."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "regroup-tui"
DB_ENV = "REGROUP_DB"
DB_FILENAME = "regroup.json"


def data_dir() -> Path:
    """The user's data folder for regroup-tui (not created here)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def resolve_db_path(cli_value: str | None) -> Path:
    """``--db`` wins, then ``REGROUP_DB``, then the user data folder."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(DB_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    return default_db_path()


def shipped(name: str) -> Path:
    """A file shipped in ``data/``: inside the wheel as ``regroup/data``, or at the
    repository root when running from a source checkout. (A plain path first: it is what
    an installed wheel has, and importing importlib.resources would add to start-up.)"""
    beside = Path(__file__).resolve().parent / "data" / name
    if beside.is_file():
        return beside
    source = Path(__file__).resolve().parents[2] / "data" / name
    if source.is_file():
        return source
    from importlib import resources  # a zipped install, say

    return Path(str(resources.files("regroup") / "data" / name))
