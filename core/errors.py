"""Errors whose message may be shown to the user and written to the log.

A ``UserError`` carries a Dutch (B1) message that says what is wrong and what to
do. It never contains cell values, so it is safe to copy into a helpdesk mail.
Any other exception is an internal error: its message is kept out of the log
(it may quote data) and the user sees a generic dialog instead.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can solve. ``message``: what happened; ``hint``: what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class ProjectFileError(UserError):
    """A project file cannot be opened or saved."""


class Cancelled(Exception):
    """Raised inside long work when the user pressed Stoppen."""
