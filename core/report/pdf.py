"""The report as PDF via Typst: archival PDF/A-2a and accessible PDF/UA-1 in one file.

The template (resources/report/report.typ) receives the whole report as one JSON
value through ``sys.inputs``; nothing from the project is ever pasted into Typst
markup, so user text prints literally whatever characters it holds. Fonts come
only from resources/report/fonts (Lato, SIL Open Font License), so the PDF looks
the same on every machine and every glyph is embedded.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from functools import cache

import typst

from core.errors import UserError
from core.i18n import _
from core.logsetup import get_logger
from core.paths import resource_path
from core.report.document import ReportDocument

log = get_logger("report.pdf")

PDF_STANDARDS = ["a-2a", "ua-1"]  # archiving (PDF/A-2, level A: tagged) + accessibility
INPUT_KEY = "report"

_lock = threading.Lock()  # one compiler, used by one thread at a time


@cache
def _compiler() -> typst.Compiler:
    fonts = resource_path("report", "fonts")
    return typst.Compiler(font_paths=[str(fonts)], ignore_system_fonts=True)


@cache
def _template() -> bytes:
    return resource_path("report", "report.typ").read_bytes()


def render_pdf(document: ReportDocument, *, timestamp: datetime | None = None) -> bytes:
    """The report as PDF bytes. A failure of the layout engine is a ``UserError`` (the
    details go to the log, without report text)."""
    payload = json.dumps(document.to_json(), ensure_ascii=False)
    stamp = (timestamp or datetime.now(UTC)).replace(microsecond=0)
    with _lock:
        try:
            pdf, warnings = _compiler().compile_with_warnings(
                _template(), format="pdf", sys_inputs={INPUT_KEY: payload},
                pdf_standards=PDF_STANDARDS, timestamp=stamp,
            )
        except typst.TypstError as exc:
            log.error("typst failed: %s", exc.message)
            raise UserError(_("Het rapport kon niet worden opgemaakt."),
                            _("Probeer het opnieuw. Blijft het misgaan? Stuur dan het "
                              "logbestand naar de helpdesk.")) from exc
    for warning in warnings:
        log.warning("typst: %s", getattr(warning, "message", warning))
    return pdf
