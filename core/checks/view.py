"""What the Controle step shows next to a finding, computed in core: the example rows as
they are in the user's file, the detail table (e.g. spelling variants), the settings."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.checks.context import CheckSettings
from core.checks.model import Finding, Report
from core.i18n import _
from core.project import Project


def example_rows(project: Project, finding: Finding) -> pd.DataFrame:
    """The finding's example rows (at most 20) from the original, as imported."""
    if not finding.dataset or not finding.rows:
        return pd.DataFrame()
    original = project.dataset(finding.dataset).original
    labels = [r for r in finding.rows if r in original.index]
    rows = original.loc[labels]
    if finding.column in rows.columns:  # the column the finding is about comes first
        rows = rows[[finding.column, *(c for c in rows.columns if c != finding.column)]]
    return rows


def details_table(finding: Finding) -> pd.DataFrame | None:
    """Structured detail as a table with Dutch headers, or None when there is none."""
    if not finding.details:
        return None
    rows = []
    for item in finding.details:
        if "variants" in item:
            for variant, count in item["variants"].items():
                rows.append({_("Schrijfwijze"): variant, _("Rijen"): count,
                             _("Wordt"): item["value"]})
        else:
            rows.append({_("Schrijfwijze"): item["value"], _("Rijen"): item["count"],
                         _("Wordt"): item.get("becomes", _("zonder overbodige spaties"))})
    return pd.DataFrame(rows)


def settings_of(project: Project) -> CheckSettings:
    return CheckSettings.from_dict(project.cleaning.settings)


def store_settings(project: Project, settings: CheckSettings) -> None:
    project.cleaning.settings = settings.to_dict()


def remember_run(project: Project, report: Report) -> None:
    """Keep a summary of the last run in the project, for the step's status."""
    project.cleaning.last_run = {
        **report.summary(),
        "operations": len(project.cleaning.operations),
        "datasets": sorted(ds.id for ds in project.datasets),
        "privacy": len(report.of("personal-data", type="direct-identifier")),
    }


def privacy_warning(report: Report) -> str | None:
    """The personal-data warning from a report's findings (no second scan of the data)."""
    from core.privacy import PersonalColumn, warning_text

    hits = [PersonalColumn(f.dataset or "", f.column or "", f.fields["kind_id"], True, f.count)
            for f in report.of("personal-data", type="direct-identifier")]
    return warning_text(hits)


@dataclass(frozen=True)
class SkippedLine:
    """One line of the Controle step's list of checks that did not run."""

    title: str  # the check's title
    datasets: tuple[str, ...]  # file names it did not run for; () for the whole project
    reason: str  # what it needs (Dutch)

    def text(self) -> str:
        where = f" ({', '.join(self.datasets)})" if self.datasets else ""
        return f"{self.title}{where}: {self.reason}"


def skipped_lines(project: Project, report: Report) -> list[SkippedLine]:
    """The skipped checks, one line per check and reason with the files it concerns, in
    the order the checks run."""
    from core.checks.base import registered

    checks = registered()
    names = {ds.id: ds.name for ds in project.datasets}
    grouped: dict[tuple[str, str], list[str]] = {}
    for skip in report.skipped:
        files = grouped.setdefault((skip.check, skip.reason), [])
        if skip.dataset in names:
            files.append(names[skip.dataset])
    order = {cid: i for i, cid in enumerate(checks)}
    return [SkippedLine(checks[cid].title() if cid in checks else cid, tuple(files), reason)
            for (cid, reason), files in sorted(grouped.items(),
                                               key=lambda kv: order.get(kv[0][0], 999))]
