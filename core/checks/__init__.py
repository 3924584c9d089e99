"""Data checks: one small unit per check, an explicit registry, findings as data.

    report = run_checks(project, progress=..., cancel=...)

See base.py (the unit and registry), model.py (Finding, Report), context.py
(settings and shared data), engine.py (the run) and registry.py (the list of
check modules). Texts are in resources/checks/<id>.json.
"""

from core.checks.base import Check, UnknownCheck, get_check, register_check, registered
from core.checks.context import CheckContext, CheckSettings
from core.checks.engine import run_checks
from core.checks.model import Finding, FixProposal, Report, Severity, Skipped

__all__ = [
    "Check", "CheckContext", "CheckSettings", "Finding", "FixProposal", "Report", "Severity",
    "Skipped", "UnknownCheck", "get_check", "register_check", "registered", "run_checks",
]
