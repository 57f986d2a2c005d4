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


class Conflict(UserError):
    """A change expected a record as the user saw it, and the file now holds it otherwise
    (another window, ``add`` or ``import`` changed it): nothing was written."""

    exit_status = 1

    REASONS = {
        "changed": "was changed in another window",
        "gone": "was deleted in another window",
        "taken": "was saved in another window first",
        "imported": "was replaced by an import",
    }

    def __init__(self, reason: str, what: str) -> None:
        self.reason, self.what = reason, what
        self.entry: object = None  # for an undo or redo: the history entry it was
        super().__init__(
            f"{self.subject()} {self.REASONS.get(reason, 'was changed elsewhere')}; nothing was saved over it."
        )

    SINCE = {  # the same, said of an undo or redo: what happened since the change was made
        "changed": "was changed in another window since",
        "gone": "was deleted in another window since",
        "taken": "was made again in another window since",
        "imported": "was replaced by an import since",
    }

    def subject(self) -> str:
        return self.what[:1].upper() + self.what[1:]
