"""Assignments whose start of care (305) never came, counted only for assignments that
began more than N days (default 30, a setting) before the reference date: younger
assignments without a start message are normal."""

from __future__ import annotations

from core.checks.base import register_check
from core.checks.linkage import NotReported


@register_check
class StartNotReported(NotReported):
    id = "start-not-reported"
    types = ("start-not-reported",)
    events = "starts"
    date_column = "assignment_start"

    def missing(self, linkage):
        return ~linkage.assignments.index.isin(linkage.started().index)
