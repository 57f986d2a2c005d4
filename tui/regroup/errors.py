"""Errors the user can cause: each carries one clear sentence and an exit status."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix: bad input, a refused file, a full disk.

    ``str(error)`` is the one sentence shown to the user; ``exit_status`` is what the
    command line exits with.
    """

    exit_status = 1

    def __init__(self, message: str, exit_status: int | None = None) -> None:
        super().__init__(message)
        if exit_status is not None:
            self.exit_status = exit_status


class InvalidInput(UserError):
    """A value typed in a form or given on the command line is not acceptable."""

    exit_status = 2


class FileRefused(UserError):
    """The database file cannot be used as it is; it is left untouched."""

    exit_status = 2


class SaveFailed(UserError):
    """A change could not be written; the previous file is intact."""

    exit_status = 1
