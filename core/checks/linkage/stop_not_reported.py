"""Toewijzingen whose care started but never got a stop (307), although the toewijzing
ended more than N days (the same setting as for starts) before the peildatum. The
episode indicators end such care at the toewijzing's end ("stop niet gemeld")."""

from __future__ import annotations

from core.checks.base import register_check
from core.checks.linkage import NotReported
from core.messages import first_events


@register_check
class StopNotReported(NotReported):
    id = "stop-not-reported"
    types = ("stop-not-reported",)
    events = "stops"
    date_column = "assignment_end"

    def missing(self, linkage):
        index = linkage.assignments.index
        return index.isin(linkage.started().index) & ~index.isin(
            first_events(linkage.stops).index)
