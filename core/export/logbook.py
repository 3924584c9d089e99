"""The datakwaliteitslogboek: findings, quality scores, cleaning log and assumptions in
one xlsx, so a colleague (or the auditor) can see what was wrong and what was done.

It holds no cell values: findings are described in words with counts and row
numbers, operations without the values they replaced.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from core.checks.base import registered
from core.checks.model import Report, row_number
from core.cleaning import assumptions
from core.export.spreadsheet import Sheet, write_workbook
from core.i18n import _
from core.jobs import CancelToken, ProgressFn, checkpoint
from core.jobs import report as report_progress
from core.project import Project
from core.quality import quality_summary


def write_logbook(
    project: Project,
    report: Report,
    path: str | os.PathLike[str],
    *,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    names = {ds.id: ds.name for ds in project.datasets}
    titles = {cid: cls.title() for cid, cls in registered().items()}
    template = project.question.template
    report_progress(progress, 0, 3, _("Logboek maken"))
    stats = report.stats
    summary = Sheet(_("Samenvatting"), [_("Onderdeel"), _("Waarde")], [
        (_("Project"), project.display_name),
        (_("Gemeente"), project.municipality),
        (_("Vraag"), project.question.title),
        (_("Gemaakt op"), datetime.now().strftime("%d-%m-%Y %H:%M")),
        (_("Peildatum"), _date_nl(stats.get("reference_date"))),
        (_("Dagen zonder startbericht"), stats.get("start_not_reported_days")),
        (_("Regel om berichten te koppelen"), stats.get("linkage_rule", "")),
        (_("Blokkerend"), report.summary()["blocking"]),
        (_("Waarschuwingen"), report.summary()["warning"]),
        (_("Ter info"), report.summary()["info"]),
        (_("Compleet"), _("nee, de controle is gestopt") if report.partial else _("ja")),
    ], widths=(34, 90), wrap=True)
    quality_rows = []
    for q in quality_summary(project, report):
        for s in q.scores:
            quality_rows.append((q.name, s.label, round(s.score * 100, 1), s.grade, s.meaning,
                                 s.basis))
    quality = Sheet(_("Kwaliteit"), [_("Bestand"), _("Maat"), _("Score (%)"), _("Oordeel"),
                                     _("Wat betekent dit"), _("Hoe berekend")],
                    quality_rows, widths=(30, 16, 10, 16, 70, 70), wrap=True)
    checkpoint(cancel)
    report_progress(progress, 1, 3, _("Logboek maken"))
    finding_rows = []
    for f in report.findings:
        texts = f.texts(template, names.get(f.dataset or ""))
        finding_rows.append((
            f.severity.label, titles.get(f.check, f.check), names.get(f.dataset or "", ""),
            f.column or "", f.count, f.total, round(f.share * 100, 2),
            ", ".join(str(row_number(r)) for r in f.rows),
            texts.title, texts.what, texts.why, texts.action,
        ))
    findings = Sheet(_("Bevindingen"), [
        _("Ernst"), _("Controle"), _("Bestand"), _("Kolom"), _("Aantal"), _("Van"),
        _("Aandeel (%)"), _("Voorbeeldrijen"), _("Bevinding"), _("Wat is er aan de hand"),
        _("Waarom telt het voor uw vraag"), _("Wat kunt u doen"),
    ], finding_rows, widths=(14, 26, 26, 20, 9, 9, 11, 24, 44, 60, 60, 60), wrap=True)
    log_rows = [
        (number, op.created.replace("T", " "), names.get(op.dataset, op.dataset), op.describe(),
         op.assumption, titles.get(op.check or "", ""))
        for number, op in enumerate(project.cleaning.operations, start=1)
    ]
    log = Sheet(_("Opschoonlog"), [_("Nr"), _("Tijdstip"), _("Bestand"), _("Bewerking"),
                                   _("Aanname"), _("Naar aanleiding van")],
                log_rows, widths=(6, 18, 26, 60, 60, 26), wrap=True)
    assumption_rows = [(a.dataset_name, a.operation, a.text) for a in assumptions(project)]
    assumption_sheet = Sheet(_("Aannames"), [_("Bestand"), _("Bewerking"), _("Aanname")],
                             assumption_rows, widths=(26, 60, 70), wrap=True)
    skipped = Sheet(_("Niet uitgevoerd"), [_("Controle"), _("Bestand"), _("Waarom niet")], [
        (titles.get(s.check, s.check), names.get(s.dataset or "", ""), s.reason)
        for s in report.skipped
    ], widths=(30, 26, 70), wrap=True)
    checkpoint(cancel)
    report_progress(progress, 2, 3, _("Logboek opslaan"))
    written = write_workbook(path, [summary, quality, findings, log, assumption_sheet, skipped])
    report_progress(progress, 3, 3, "")
    return written


def _date_nl(iso: str | None) -> str:
    if not iso:
        return ""
    return datetime.fromisoformat(iso).strftime("%d-%m-%Y")
