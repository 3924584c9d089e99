"""The log never holds cell values, even when a library quotes them in an error."""

from __future__ import annotations

import pandas as pd

from core.errors import UserError
from core.logsetup import get_logger, log_exception, setup_logging


def test_exception_messages_are_kept_out_of_the_log(fresh_home):
    log_file = setup_logging(fresh_home.logs)
    log = get_logger("test")
    secret = "Jansen-987654321"
    try:
        pd.to_numeric(pd.Series([secret]))
    except ValueError as exc:
        log_exception(log, "conversion failed", exc)
    try:
        raise RuntimeError(secret)
    except RuntimeError:
        log.exception("boom")
    text = log_file.read_text(encoding="utf-8")
    assert "conversion failed" in text and "ValueError" in text and "RuntimeError" in text
    assert secret not in text


def test_user_error_messages_are_logged(fresh_home):
    log_file = setup_logging(fresh_home.logs)
    try:
        raise UserError("Het bestand is leeg.", "Kies een ander bestand.")
    except UserError as exc:
        log_exception(get_logger("test"), "import failed", exc)
    assert "Het bestand is leeg." in log_file.read_text(encoding="utf-8")
