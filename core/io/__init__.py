"""Reading the files users bring.

``import_file`` is the one entry point the rest of the engine uses: a file in,
a ``Dataset`` out (original values as text, column specs, the settings used).
The Data step (issue 3) adds detection of encoding, delimiter, header row,
Excel sheets, types and roles behind this same signature; today it reads
delimited text with the given settings or the Dutch defaults.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from core.io.coerce import CoerceResult, coerce_column, typed_frame
from core.io.reading import ImportSettings, read_csv_text
from core.jobs import CancelToken, ProgressFn, checkpoint, report
from core.project import Dataset, SourceInfo, new_id


@dataclass(frozen=True)
class ImportResult:
    dataset: Dataset
    warnings: list[str] = field(default_factory=list)


def import_file(
    path: str | Path,
    settings: ImportSettings | None = None,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> ImportResult:
    path = Path(path)
    settings = settings or ImportSettings()
    checkpoint(cancel)
    report(progress, 0, 1, path.name)
    frame = read_csv_text(path, settings)
    content = path.read_bytes()
    dataset = Dataset(
        id=new_id(),
        name=path.stem,
        original=frame,
        source=SourceInfo(path.name, len(content), hashlib.sha256(content).hexdigest()),
        settings=settings.to_dict(),
    )
    report(progress, 1, 1, path.name)
    return ImportResult(dataset)


__all__ = [
    "CoerceResult",
    "ImportResult",
    "ImportSettings",
    "coerce_column",
    "import_file",
    "read_csv_text",
    "typed_frame",
]
