"""Reading the files users bring: CSV/TXT/TSV and Excel (xlsx, xlsm, xlsb, xls, ods).

``import_file`` is the one entry point the rest of the engine uses: a file in, a
``Dataset`` out (the values as text, exactly as read; column types and roles; the
settings used). Without settings it detects them. The Data step uses the steps
behind it: ``open_source`` (check the file, read samples), ``detect_settings``,
``preview`` (fast, from the samples) and then ``import_file(..., source=...)``.

Module map: ``sniff`` (file kind, encoding), ``text`` and ``excel`` (readers),
``layout`` (header rows, totals, footnotes), ``infer`` (conventions, types),
``roles`` (roles, dataset kind), ``statline`` (CBS codes), ``coerce`` (typing),
``datasets`` (changes to a project's datasets, the template checklist).
"""

from __future__ import annotations

from core.io.coerce import CoerceResult, coerce_column, typed_frame
from core.io.importer import (
    ColumnPreview,
    ImportResult,
    Preview,
    Review,
    RowProposal,
    SheetSummary,
    Source,
    coerce_preview,
    detect_settings,
    import_file,
    open_source,
    preview,
    review,
)
from core.io.problems import MAX_UNPACKED_BYTES, FileProblem
from core.io.reading import read_csv_text
from core.io.settings import ImportSettings

__all__ = [
    "MAX_UNPACKED_BYTES",
    "CoerceResult",
    "ColumnPreview",
    "FileProblem",
    "ImportResult",
    "ImportSettings",
    "Preview",
    "Review",
    "RowProposal",
    "SheetSummary",
    "Source",
    "coerce_column",
    "coerce_preview",
    "detect_settings",
    "import_file",
    "open_source",
    "preview",
    "read_csv_text",
    "review",
    "typed_frame",
]
