"""The contract for long work: a progress callback and a cancel token.

Core functions that may take longer than half a second take
``progress: ProgressFn | None`` and ``cancel: CancelToken | None`` keyword
arguments. Core has no Qt, so it cannot emit signals; the desktop passes a
callback that forwards to the UI thread and a token it can set.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from core.errors import Cancelled

ProgressFn = Callable[[int, int, str], None]
"""progress(done, total, label): ``total`` 0 means unknown."""


class CancelToken:
    """Set by the UI thread, polled by the worker between chunks."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


def report(progress: ProgressFn | None, done: int, total: int, label: str = "") -> None:
    """Call ``progress`` if given; keeps call sites free of None checks."""
    if progress is not None:
        progress(done, total, label)


def checkpoint(cancel: CancelToken | None) -> None:
    """Raise ``Cancelled`` when the user asked to stop."""
    if cancel is not None:
        cancel.raise_if_cancelled()
