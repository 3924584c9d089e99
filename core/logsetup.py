"""Logging to the user log folder, without cell values.

Rules: log calls in this code base never interpolate cell values. Exceptions
from libraries may quote data in their message (``could not convert 'Jansen'``),
so the formatter keeps the exception type and the stack but replaces the message,
unless it is a ``UserError`` whose messages are written to be safe.
"""

from __future__ import annotations

import logging
import logging.handlers
import traceback
from pathlib import Path

from core.errors import UserError

LOG_FILE_NAME = "stuurwijzer.log"
_REDACTED = "<melding weggelaten: kan gegevens bevatten>"


def _safe_exception_text(exc: BaseException) -> str:
    lines: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    chain: list[BaseException] = []
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or current.__context__
    for item in reversed(chain):
        lines.extend(traceback.format_tb(item.__traceback__))
        message = str(item) if isinstance(item, UserError) else _REDACTED
        lines.append(f"{type(item).__module__}.{type(item).__qualname__}: {message}\n")
    return "".join(lines).rstrip()


class SafeFormatter(logging.Formatter):
    def formatException(self, ei) -> str:  # noqa: N802 (logging API name)
        _, exc, _ = ei
        if exc is None:
            return ""
        return _safe_exception_text(exc)


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Send the ``stuurwijzer`` loggers to a rotating file; return its path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / LOG_FILE_NAME
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(SafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("stuurwijzer")
    for old in list(root.handlers):
        if getattr(old, "_stuurwijzer", False):
            root.removeHandler(old)
            old.close()
    handler._stuurwijzer = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return log_file


def get_logger(name: str) -> logging.Logger:
    return logging.getLogger(f"stuurwijzer.{name}")


def log_exception(logger: logging.Logger, what: str, exc: BaseException) -> None:
    """Log an unexpected error with its stack but without its (possibly data-bearing) message."""
    logger.error("%s\n%s", what, _safe_exception_text(exc))
