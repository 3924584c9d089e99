"""``stuurwijzer check FILE... [--roles ROLES.json] [--json]``: the Controle step
without the app.

All files of a message set go in one call (301, 305, 307, 303, a mixed file or a
trajecten export), each read through the Data step's detection
(``core.commands.sources``), so the findings are the ones the Controle step gives
for those files. The JSON is documented in the README.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from core.checks import CheckSettings, Report, run_checks
from core.checks.base import registered
from core.checks.model import row_number
from core.cli import EXIT_OK, Command, bounded_int, dutch_date, path_argument
from core.commands.sources import read_sources
from core.i18n import _
from core.limits import MAX_START_DAYS
from core.paths import load_json_resource
from core.project import Project
from core.quality import quality_summary

NAME = "check"


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", metavar="BESTAND", type=path_argument, nargs="+",
                        help="CSV- of Excel-bestanden om te controleren (een hele berichtenset)")
    parser.add_argument("--roles", metavar="ROLLEN.json", type=path_argument,
                        help="JSON met per kolomnaam een rol (en eventueel een soort)")
    parser.add_argument("--kind", choices=list(load_json_resource("texts", "dataset_kinds.json")),
                        help="welk soort gegevens het bestand bevat (alleen bij één bestand)")
    parser.add_argument("--start-days", metavar="DAGEN", type=bounded_int(0, MAX_START_DAYS),
                        default=30,
                        help="na hoeveel dagen een ontbrekend start- of stopbericht telt "
                             "(standaard 30)")
    parser.add_argument("--reference-date", metavar="DD-MM-JJJJ", type=dutch_date,
                        help="peildatum (standaard de laatste begindatum in de bestanden)")
    parser.add_argument("--json", action="store_true", help="uitvoer als JSON")


def report_to_dict(project: Project, report: Report) -> dict[str, Any]:
    names = {ds.id: ds.name for ds in project.datasets}
    titles = {cid: cls.title() for cid, cls in registered().items()}
    template = project.question.template
    findings = []
    for f in report.findings:
        texts = f.texts(template, names.get(f.dataset or ""))
        findings.append({
            "check": f.check, "check_title": titles.get(f.check, f.check), "type": f.type,
            "severity": f.severity.value, "severity_label": f.severity.label,
            "dataset": names.get(f.dataset or ""), "column": f.column,
            "count": f.count, "total": f.total, "share": round(f.share, 6),
            "rows": [row_number(r) for r in f.rows], "tags": list(f.tags),
            "title": texts.title, "what": texts.what, "why": texts.why, "action": texts.action,
            "fixes": [{"fix": x.fix, "label": x.label} for x in f.fixes],
        })
    return {
        "valid": report.valid,
        "partial": report.partial,
        "counts": {k: v for k, v in report.summary().items() if k != "partial"},
        "reference_date": report.stats.get("reference_date"),
        "start_not_reported_days": report.stats.get("start_not_reported_days"),
        "linkage_rule": report.stats.get("linkage_rule", ""),
        "findings": findings,
        "skipped": [{"check": s.check, "check_title": titles.get(s.check, s.check),
                     "dataset": names.get(s.dataset or ""), "reason": s.reason}
                    for s in report.skipped],
        "quality": [
            {"dataset": q.name, "rows": q.rows,
             "scores": {s.dimension: s.score for s in q.scores}}
            for q in quality_summary(project, report)
        ],
        "warnings": list(report.warnings),
    }


def _settings(args: argparse.Namespace) -> CheckSettings:
    return CheckSettings(start_not_reported_days=args.start_days,
                         reference_date=args.reference_date)


def files_to_dict(project: Project, warnings: dict[str, list[str]]) -> list[dict[str, Any]]:
    return [{"file": ds.name, "rows": ds.row_count, "columns": [c.name for c in ds.columns],
             "kind": ds.kind, "roles": {c.name: c.role for c in ds.columns if c.role},
             "warnings": warnings.get(ds.name, [])} for ds in project.datasets]


def _run(args: argparse.Namespace) -> int:
    settings = _settings(args)
    sources = read_sources(args.files, args.roles, args.kind)
    project = sources.project
    report = run_checks(project, settings=settings)
    files = files_to_dict(project, sources.warnings)
    data = {"files": files, **report_to_dict(project, report)}
    if len(files) == 1:  # one file: its facts at the top too (as before several files)
        data = {k: files[0][k] for k in ("file", "rows", "columns", "kind")} | data
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    counts = data["counts"]
    for f in files:
        print(_("{file}: {rows} rijen ({kind}).").format(file=f["file"], rows=f["rows"],
                                                        kind=f["kind"]))
    print(_("Blokkerend: {b}, waarschuwing: {w}, ter info: {i}.").format(
        b=counts["blocking"], w=counts["warning"], i=counts["info"]))
    for f in data["findings"]:
        rows = ", ".join(str(r) for r in f["rows"][:10])
        where = f" [{f['dataset']}]" if len(files) > 1 and f["dataset"] else ""
        print(f"- [{f['severity_label']}]{where} {f['title']}"
              + (_(" (rijen {rows})").format(rows=rows) if rows else ""))
    skipped = {(s["check_title"], s["reason"]) for s in data["skipped"]}
    if skipped:
        print(_("Niet uitgevoerd:"))
        for title, reason in sorted(skipped):
            print(f"- {title}: {reason}")
    return EXIT_OK


COMMAND = Command(
    help="controleer bestanden (een hele berichtenset) en laat de bevindingen zien",
    configure=_configure,
    run=_run,
)
