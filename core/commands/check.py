"""``stuurwijzer check FILE [--roles ROLES.json] --json``: the Controle step without the app.

ROLES.json maps column names to role ids (resources/roles.json), optionally with
a type (resources/column_types.json):

    {"BSN": "client", "Bedrag": {"role": "amount", "type": "amount"}}

or, to also say which message the file holds, ``{"kind": "305", "columns": {...}}``.
A column with a role and no type gets the role's usual type. The output is the
same findings the app shows; its JSON is documented in the README.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from core.checks import CheckSettings, Report, run_checks
from core.checks.base import registered
from core.checks.model import row_number
from core.cli import EXIT_OK, Command
from core.errors import UserError
from core.i18n import _
from core.paths import load_json_resource
from core.project import Dataset, Project
from core.quality import quality_summary

NAME = "check"
KINDS = ("301", "303", "305", "307")


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="BESTAND", type=Path, help="CSV-bestand om te controleren")
    parser.add_argument("--roles", metavar="ROLLEN.json", type=Path,
                        help="JSON met per kolomnaam een rol (en eventueel een soort)")
    parser.add_argument("--kind", choices=[*KINDS, "mixed", "cbs", "other"],
                        help="welk bericht het bestand bevat (anders afgeleid van de berichtsoort)")
    parser.add_argument("--start-days", metavar="DAGEN", type=int, default=30,
                        help="na hoeveel dagen een ontbrekend startbericht telt (standaard 30)")
    parser.add_argument("--reference-date", metavar="DD-MM-JJJJ",
                        help="peildatum (standaard de laatste begindatum in het bestand)")
    parser.add_argument("--json", action="store_true", help="uitvoer als JSON")


def _load_roles(path: Path) -> tuple[str | None, dict[str, dict[str, str]]]:
    if not path.is_file():
        raise UserError(_("Het rollenbestand '{name}' is niet gevonden.").format(name=path.name),
                        _("Geef het pad naar een bestaand JSON-bestand."))
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (ValueError, UnicodeDecodeError):
        raise UserError(_("Het rollenbestand '{name}' is geen geldige JSON.").format(
            name=path.name), _("Controleer de haakjes, komma's en aanhalingstekens.")) from None
    if not isinstance(data, dict):
        raise UserError(_("Het rollenbestand moet kolomnamen aan rollen koppelen."),
                        _('Bijvoorbeeld: {"BSN": "client"}.'))
    kind = data.get("kind") if isinstance(data.get("columns"), dict) else None
    columns = data["columns"] if isinstance(data.get("columns"), dict) else data
    roles = load_json_resource("roles.json")
    types = load_json_resource("column_types.json")
    out: dict[str, dict[str, str]] = {}
    for column, spec in columns.items():
        spec = {"role": spec} if isinstance(spec, str) else spec
        if not isinstance(spec, dict):
            raise UserError(_("De rol van kolom '{c}' is niet goed opgeschreven.").format(c=column),
                            _('Schrijf een rol, of {"role": ..., "type": ...}.'))
        role, type_id = spec.get("role"), spec.get("type")
        if role is not None and role not in roles:
            raise UserError(_("De rol '{r}' bestaat niet.").format(r=role),
                            _("Kies uit: {ids}.").format(ids=", ".join(roles)))
        if type_id is not None and type_id not in types:
            raise UserError(_("Het soort '{t}' bestaat niet.").format(t=type_id),
                            _("Kies uit: {ids}.").format(ids=", ".join(types)))
        out[column] = {"role": role, "type": type_id or (roles[role]["types"][0] if role
                                                          else "text")}
    return kind, out


def _read(path: Path) -> Dataset:
    from core.io import ImportSettings, import_file

    if not path.is_file():
        raise UserError(_("Het bestand '{name}' is niet gevonden.").format(name=path.name),
                        _("Controleer de naam en de map."))
    # Until the Data step's detection is behind import_file (issue 3), try the two
    # encodings Dutch exports use: UTF-8 (with or without BOM), then Windows-1252.
    try:
        try:
            return import_file(path, ImportSettings(encoding="utf-8-sig")).dataset
        except UnicodeDecodeError:
            return import_file(path, ImportSettings(encoding="cp1252")).dataset
    except UserError:
        raise
    except (UnicodeDecodeError, ValueError, pd.errors.ParserError, pd.errors.EmptyDataError):
        raise UserError(_("Het bestand '{name}' kon niet worden gelezen.").format(name=path.name),
                        _("Is het een CSV-bestand met puntkomma's? Open het in de app om de "
                          "instellingen te kiezen.")) from None


def _infer_kind(dataset: Dataset) -> str | None:
    column = dataset.column_for_role("message_type")
    if column is None:
        return None
    codes = set(dataset.original[column].dropna().str.strip())
    if len(codes) == 1 and codes <= set(KINDS):
        return codes.pop()
    return "mixed" if codes & set(KINDS) else None


def build_project(path: Path, roles_path: Path | None, kind: str | None) -> Project:
    dataset = _read(path)
    roles_kind = None
    if roles_path is not None:
        roles_kind, spec = _load_roles(roles_path)
        unknown = [c for c in spec if c not in dataset.original.columns]
        if unknown:
            raise UserError(_("Kolom '{c}' uit het rollenbestand staat niet in het bestand.")
                            .format(c=unknown[0]),
                            _("Gebruik de kolomnamen precies zoals in de eerste regel."))
        for column in dataset.columns:
            if column.name in spec:
                column.role = spec[column.name]["role"]
                column.type = spec[column.name]["type"]
    dataset.kind = kind or roles_kind or _infer_kind(dataset) or "other"
    return Project(name=path.stem, datasets=[dataset])


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
        "skipped": [{"check": s.check, "dataset": names.get(s.dataset or ""), "reason": s.reason}
                    for s in report.skipped],
        "quality": [
            {"dataset": q.name, "rows": q.rows,
             "scores": {s.dimension: s.score for s in q.scores}}
            for q in quality_summary(project, report)
        ],
        "warnings": list(report.warnings),
    }


def _settings(args: argparse.Namespace) -> CheckSettings:
    reference = None
    if args.reference_date:
        try:
            reference = datetime.strptime(args.reference_date, "%d-%m-%Y").date()
        except ValueError:
            raise UserError(_("De peildatum '{d}' is geen datum.").format(d=args.reference_date),
                            _("Schrijf de datum als DD-MM-JJJJ, bijvoorbeeld 15-01-2025.")) from None
    if args.start_days < 0:
        raise UserError(_("Het aantal dagen kan niet negatief zijn."),
                        _("Geef 0 of meer dagen op, bijvoorbeeld 30."))
    return CheckSettings(start_not_reported_days=args.start_days, reference_date=reference)


def _run(args: argparse.Namespace) -> int:
    settings = _settings(args)
    project = build_project(args.file, args.roles, args.kind)
    report = run_checks(project, settings=settings)
    data = report_to_dict(project, report)
    dataset = project.datasets[0]
    data = {"file": args.file.name, "rows": dataset.row_count,
            "columns": [c.name for c in dataset.columns], "kind": dataset.kind, **data}
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    counts = data["counts"]
    print(_("{file}: {rows} rijen. Blokkerend: {b}, waarschuwing: {w}, ter info: {i}.").format(
        file=data["file"], rows=dataset.row_count, b=counts["blocking"], w=counts["warning"],
        i=counts["info"]))
    for f in data["findings"]:
        rows = ", ".join(str(r) for r in f["rows"][:10])
        print(f"- [{f['severity_label']}] {f['title']}" + (_(" (rijen {rows})").format(rows=rows)
                                                          if rows else ""))
    return EXIT_OK


COMMAND = Command(
    help="controleer een bestand en laat de bevindingen zien",
    configure=_configure,
    run=_run,
)
