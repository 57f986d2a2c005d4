"""Where things live. Functions only: nothing is created at import time."""

from __future__ import annotations

import os
from importlib import resources
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
    repository root when running from a source checkout."""
    packaged = resources.files("regroup") / "data" / name
    if packaged.is_file():
        return Path(str(packaged))
    source = Path(__file__).resolve().parents[2] / "data" / name
    return source
