"""Run the checks on a project: always returns a ``Report``.

A check that cannot run (missing roles or types) is listed as skipped with its
reason. A check that fails unexpectedly yields one ``check-error`` finding and
the run goes on. Cancelling stops between units of work and returns what was
found so far with ``partial=True`` and a warning.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from core.checks.base import Check, get_check, registered
from core.checks.context import CheckContext, CheckSettings
from core.checks.model import Finding, Report, Severity, Skipped, severity_order, stopped_warning
from core.i18n import _
from core.jobs import CancelToken, ProgressFn, report
from core.logsetup import get_logger
from core.project import Project

log = get_logger("checks")


def _selected(check_ids: Iterable[str] | None, settings: CheckSettings) -> list[type[Check]]:
    if check_ids is None:
        classes = list(registered().values())
    else:
        classes = [get_check(i) for i in check_ids]  # UnknownCheck for a wrong id
    return [c for c in classes if c.id not in settings.disabled]


def run_checks(
    project: Project,
    checks: Iterable[str] | None = None,
    settings: CheckSettings | None = None,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> Report:
    settings = settings or CheckSettings.from_dict(project.cleaning.settings)
    classes = _selected(checks, settings)
    ctx = CheckContext(project, settings)
    units: list[tuple[type[Check], object]] = []
    for cls in classes:
        if cls.scope == "project":
            units.append((cls, None))
        else:
            units.extend((cls, ds) for ds in project.datasets)
    findings: list[Finding] = []
    skipped: list[Skipped] = []
    started = time.perf_counter()
    done = 0
    partial = False
    for cls, dataset in units:
        if cancel is not None and cancel.cancelled:
            partial = True
            break
        report(progress, done, len(units), cls.title())
        check = cls()
        try:
            reason = check.precheck(ctx, dataset)
            if reason:
                skipped.append(Skipped(cls.id, reason, dataset.id if dataset else None))
            else:
                findings.extend(check.run(ctx, dataset))
        except Exception as exc:  # noqa: BLE001 - one broken check must not stop the rest
            log.warning("check %s failed: %s", cls.id, type(exc).__name__)
            findings.append(Finding(
                check=cls.id, type="check-error", severity=Severity.INFO, count=0, total=0,
                dataset=dataset.id if dataset else None,
                fields={"error": type(exc).__name__}, tags=("#check-error",),
            ))
        done += 1
    report(progress, done, len(units), "")
    warnings = []
    if partial:
        warnings.append(stopped_warning(done, len(units)))
    for ds in project.datasets:
        if ds.id in ctx._data:
            warnings.extend(ctx._data[ds.id].warnings)
    stats = {
        "checks": len(classes),
        "units": len(units),
        "done": done,
        "datasets": len(project.datasets),
        "rows": sum(ds.row_count for ds in project.datasets),
        "seconds": round(time.perf_counter() - started, 3),
        "reference_date": ctx.reference_date.date().isoformat() if project.datasets else None,
        "reference_date_derived": ctx.reference_is_derived,
        "start_not_reported_days": settings.start_not_reported_days,
        "linkage_rule": (ctx.linkage.rule if ctx.linkage is not None else "")
        if any(c.id in _LINKAGE_CHECKS for c in classes) else "",
    }
    from core.templates import get_template

    template = get_template(project.question.template)
    priority = [*(template.checks if template else []), *registered()]
    return Report(
        findings=tuple(severity_order(findings, list(dict.fromkeys(priority)))),
        skipped=tuple(skipped),
        stats=stats,
        warnings=tuple(dict.fromkeys(warnings)),
        partial=partial,
    )


_LINKAGE_CHECKS = {"unmatched-messages", "start-not-reported", "stop-without-start",
                   "stop-not-reported", "end-before-start", "computable-share",
                   "declarations-without-assignment", "declared-above-assigned"}


def check_error_text() -> str:
    return _("Deze controle liep vast. De andere controles zijn wel uitgevoerd.")
