"""Make the report and write it: ``export_report(project, pdf=..., docx=...)``.

The same entry point serves the Rapport step (in a worker) and
``stuurwijzer report``. Files are written next to the target and renamed over it,
so a failure never leaves half a PDF behind.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from core.errors import UserError
from core.files import write_replacing
from core.i18n import _
from core.jobs import CancelToken, ProgressFn, checkpoint, report
from core.paths import load_json_resource
from core.project import Project
from core.report.build import build_report
from core.report.document import ReportDocument
from core.report.pdf import render_pdf
from core.report.preview import PageImage, page_count, page_texts, render_pages
from core.report.section import ReportSection
from core.report.word import render_docx


@dataclass(frozen=True)
class Rendered:
    """A built report and its PDF (what the preview shows and what export writes)."""

    document: ReportDocument
    pdf: bytes
    pages: int
    seconds: float


@dataclass(frozen=True)
class ExportResult:
    pdf: Path | None
    docx: Path | None
    pages: int  # of the PDF; 0 when only Word was written
    seconds: float
    warnings: tuple[str, ...] = ()  # texts that no longer match; fields still to fill in


class UntrustedReport(UserError):
    """``strict`` export refused: texts contradict the figures or dates, or template
    fields are still open. ``warnings`` lists them, one Dutch line each."""

    def __init__(self, warnings: list[str]) -> None:
        super().__init__(_errors("strict", n=len(warnings)), _errors("strict_hint"))
        self.warnings = warnings


def report_warnings(document: ReportDocument) -> list[str]:
    """What should be looked at before the report goes out: template fields not filled in
    (they are left out of the report) and texts that the figures or dates no longer
    support (core.report.consistency)."""
    return [*document.open_fields, *(str(issue) for issue in document.issues)]


def _errors(key: str, **values: str) -> str:
    return _(load_json_resource("report", "texts.json")["errors"][key]).format(**values)


def check_target(path: str | os.PathLike[str], suffix: str) -> Path:
    """The precheck of an export target: the right extension and an existing folder."""
    target = Path(path)
    if target.suffix.lower() != suffix:
        raise UserError(_errors("write", name=target.name),
                        _errors("pdf_suffix" if suffix == ".pdf" else "docx_suffix"))
    if not target.parent.is_dir():
        raise UserError(_errors("write", name=target.name), _errors("write_hint"))
    return target


def _write(target: Path, content: bytes) -> Path:
    try:
        write_replacing(target, lambda tmp: tmp.write_bytes(content))
    except OSError as exc:
        raise UserError(_errors("write", name=target.name), _errors("write_hint")) from exc
    return target


def render_report(project: Project, section: ReportSection | None = None, *,
                  progress: ProgressFn | None = None, cancel: CancelToken | None = None
                  ) -> Rendered:
    """Build the report and lay it out as PDF."""
    started = time.perf_counter()
    document = build_report(project, section, progress=progress, cancel=cancel)
    checkpoint(cancel)
    pdf = render_pdf(document)
    return Rendered(document, pdf, page_count(pdf), time.perf_counter() - started)


@dataclass(frozen=True)
class Preview:
    rendered: Rendered
    pages: list[PageImage]
    texts: list[str]  # the words on each page: what a screen reader reads of the preview


def preview_report(project: Project, section: ReportSection | None = None, *, dpi: float = 60,
                   progress: ProgressFn | None = None, cancel: CancelToken | None = None
                   ) -> Preview:
    """The report and its pages as pixels, for the app's live preview."""
    rendered = render_report(project, section, progress=progress, cancel=cancel)
    checkpoint(cancel)
    return Preview(rendered, render_pages(rendered.pdf, dpi=dpi, cancel=cancel),
                   page_texts(rendered.pdf))


def export_report(
    project: Project,
    pdf: str | os.PathLike[str] | None = None,
    docx: str | os.PathLike[str] | None = None,
    *,
    section: ReportSection | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
    strict: bool = False,
) -> ExportResult:
    """Build the report and write it. ``strict``: write nothing while ``report_warnings``
    finds something (raises ``UntrustedReport``)."""
    started = time.perf_counter()
    pdf_target = check_target(pdf, ".pdf") if pdf is not None else None
    docx_target = check_target(docx, ".docx") if docx is not None else None
    document = build_report(project, section, progress=progress, cancel=cancel)
    warnings = report_warnings(document)
    if strict and warnings:
        raise UntrustedReport(warnings)
    pages = 0
    if pdf_target is not None:
        checkpoint(cancel)
        report(progress, 0, 1, _("PDF opmaken"))
        content = render_pdf(document)
        pages = page_count(content)
        _write(pdf_target, content)
    if docx_target is not None:
        checkpoint(cancel)
        report(progress, 0, 1, _("Word-bestand maken"))
        _write(docx_target, render_docx(document))
    return ExportResult(pdf_target, docx_target, pages, time.perf_counter() - started,
                        tuple(warnings))
