"""The project: a plain data model saved to one ``.stuurwijzer`` file.

File format (a zip archive):

    stuurwijzer.json        {"format": "stuurwijzer-project", "schema_version": N, ...}
    project.json            everything except the data frames
    data/<dataset-id>.parquet   each dataset's original frame, exactly as imported

The original frames are never changed after import; cleaned data is derived by
replaying the cleaning log on them. Saving is atomic: the archive is written to
a temporary file beside the target, flushed to disk and then renamed over it,
so a crash or a full disk leaves the previous file intact.

Sections owned by later steps are typed by their modules: ``cleaning`` by
core.cleaning, ``maturity`` by core.maturity.model, ``charts`` by core.chart_spec
and ``report`` by core.report.section.
"""

from __future__ import annotations

import errno
import io
import json
import os
import uuid
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from core import __version__
from core.chart_spec import ChartBook
from core.cleaning import CleaningLog
from core.errors import ProjectFileError
from core.i18n import _
from core.logsetup import get_logger
from core.maturity.model import MaturityState
from core.question import Question
from core.report.section import ReportSection

log = get_logger("project")

FORMAT_ID = "stuurwijzer-project"
EXTENSION = ".stuurwijzer"
SCHEMA_VERSION = 1
MANIFEST_NAME = "stuurwijzer.json"
DOCUMENT_NAME = "project.json"
# A project archive that would unpack to more than this is refused unopened.
MAX_UNPACKED_BYTES = 8 * 1024**3

# MIGRATIONS[n] turns a schema-n document into a schema-(n+1) document.
Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def new_id() -> str:
    return uuid.uuid4().hex[:12]


@dataclass
class ColumnSpec:
    """One column of a dataset: its type (id from resources/column_types.json) and role.

    ``format`` is the column's own date format when it differs from the dataset's
    (``core.io.settings``: a strftime pattern, "excel" or "cbs"). ``suggested_type`` and
    ``suggested_role`` keep what detection proposed, so the Data step can mark it.
    """

    name: str
    type: str = "text"
    role: str | None = None
    format: str | None = None
    suggested_type: str | None = None
    suggested_role: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type, "role": self.role}
        for key in ("format", "suggested_type", "suggested_role"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ColumnSpec:
        return cls(
            name=data["name"],
            type=data.get("type", "text"),
            role=data.get("role"),
            format=data.get("format"),
            suggested_type=data.get("suggested_type"),
            suggested_role=data.get("suggested_role"),
        )


def assign_role(columns: list[ColumnSpec], name: str, role: str | None) -> None:
    """Give column ``name`` a role; a role belongs to one column, so another loses it."""
    target = next(spec for spec in columns if spec.name == name)
    if role is not None:
        for spec in columns:
            if spec.role == role and spec is not target:
                spec.role = None
    target.role = role


@dataclass
class SourceInfo:
    """Where a dataset came from. Only metadata: the file itself is not kept."""

    filename: str
    size: int = 0
    # New for every import: names this content for the analysis caches. (Hashing the whole
    # file cost an import of a large file up to a fifth of its time, for a name.)
    content_id: str = ""
    sheet: str | None = None
    imported_at: str = field(default_factory=_now)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SourceInfo:
        known = {"filename", "size", "content_id", "sheet", "imported_at"}
        values = {k: v for k, v in data.items() if k in known}
        values.setdefault("content_id", data.get("sha256", ""))  # projects saved before
        return cls(**values)


@dataclass
class Dataset:
    """An imported table. ``original`` is the frame exactly as imported and never changes."""

    id: str
    name: str
    original: pd.DataFrame = field(repr=False)
    columns: list[ColumnSpec] = field(default_factory=list)
    source: SourceInfo | None = None
    settings: dict[str, Any] = field(default_factory=dict)  # import settings, owned by core.io
    kind: str | None = None  # e.g. "301", "305", "cbs"; see resources/texts/dataset_kinds.json

    def __post_init__(self) -> None:
        if not self.columns:
            self.columns = [ColumnSpec(str(c)) for c in self.original.columns]
        self._parquet: bytes | None = None
        self._typed: tuple[Any, Any] | None = None  # (typing_key, TypedData), see core.data
        self._kinds_cache: tuple[Any, set[str]] | None = None  # see core.io.datasets.kinds_in
        # Excel cell values of all-number or all-date columns, kept in memory after an
        # import so typing need not read the text back (see core.io.excel.CellValues).
        self._cell_values: dict[str, Any] = {}

    @property
    def row_count(self) -> int:
        return len(self.original)

    def column(self, name: str) -> ColumnSpec:
        for spec in self.columns:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def column_for_role(self, role: str) -> str | None:
        for spec in self.columns:
            if spec.role == role:
                return spec.name
        return None

    def typing_key(self) -> tuple[Any, ...]:
        """Everything besides the original that the typed columns depend on."""
        return (tuple((spec.name, spec.type, spec.format) for spec in self.columns),
                json.dumps(self.settings, sort_keys=True, default=str))

    def set_column_type(self, name: str, type_id: str, fmt: str | None = None) -> None:
        spec = self.column(name)
        spec.type = type_id
        spec.format = fmt if type_id == "date" else None

    def set_column_role(self, name: str, role: str | None) -> None:
        assign_role(self.columns, name, role)

    def parquet_bytes(self) -> bytes:
        # The original never changes, so its encoded form is computed once and
        # reused by every save and autosave.
        if self._parquet is None:
            buffer = io.BytesIO()
            self.original.to_parquet(buffer, engine="pyarrow", compression="zstd", index=False)
            self._parquet = buffer.getvalue()
        return self._parquet

    def meta_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "rows": self.row_count,
            "columns": [c.to_dict() for c in self.columns],
            "source": self.source.to_dict() if self.source else None,
            "settings": self.settings,
        }


@dataclass
class Project:
    id: str = field(default_factory=new_id)
    name: str = ""
    municipality: str = ""
    author: str = ""
    created: str = field(default_factory=_now)
    question: Question = field(default_factory=Question)  # the active question
    later_questions: list[Question] = field(default_factory=list)  # by priority, next first
    datasets: list[Dataset] = field(default_factory=list)
    cleaning: CleaningLog = field(default_factory=CleaningLog)  # core/cleaning.py
    maturity: MaturityState = field(default_factory=MaturityState)
    charts: ChartBook = field(default_factory=ChartBook)
    report: ReportSection = field(default_factory=ReportSection)  # core/report/section.py
    is_example: bool = False

    @property
    def display_name(self) -> str:
        return self.name or _("Naamloos project")

    def dataset(self, dataset_id: str) -> Dataset:
        for ds in self.datasets:
            if ds.id == dataset_id:
                return ds
        raise KeyError(dataset_id)


# --------------------------------------------------------------------------- serialisation


def project_to_document(project: Project) -> dict[str, Any]:
    return {
        "id": project.id,
        "name": project.name,
        "municipality": project.municipality,
        "author": project.author,
        "created": project.created,
        "is_example": project.is_example,
        "question": project.question.to_dict(),
        "later_questions": [q.to_dict() for q in project.later_questions],
        "datasets": [ds.meta_dict() for ds in project.datasets],
        "cleaning": project.cleaning.to_dict(),
        "maturity": project.maturity.to_dict(),
        "charts": project.charts.to_dict(),
        "report": project.report.to_dict(),
    }


def project_from_document(doc: dict[str, Any], frames: dict[str, pd.DataFrame]) -> Project:
    datasets = []
    for meta in doc.get("datasets", []):
        ds = Dataset(
            id=meta["id"],
            name=meta.get("name", meta["id"]),
            original=frames[meta["id"]],
            columns=[ColumnSpec.from_dict(c) for c in meta.get("columns", [])],
            source=SourceInfo.from_dict(meta["source"]) if meta.get("source") else None,
            settings=meta.get("settings") or {},
            kind=meta.get("kind"),
        )
        datasets.append(ds)
    return Project(
        id=doc.get("id") or new_id(),
        name=doc.get("name", ""),
        municipality=doc.get("municipality", ""),
        author=doc.get("author", ""),
        created=doc.get("created", _now()),
        question=Question.from_dict(doc.get("question")),
        later_questions=[Question.from_dict(q) for q in doc.get("later_questions") or []],
        datasets=datasets,
        cleaning=CleaningLog.from_dict(doc.get("cleaning")),
        maturity=MaturityState.from_dict(doc.get("maturity")),
        charts=ChartBook.from_dict(doc.get("charts")),
        report=ReportSection.from_dict(doc.get("report")),
        is_example=bool(doc.get("is_example", False)),
    )


@dataclass(frozen=True)
class Snapshot:
    """Everything needed to write a project, taken on the UI thread and written on a worker."""

    document: dict[str, Any]
    parquet: dict[str, Callable[[], bytes]]


def snapshot(project: Project) -> Snapshot:
    # json round trip: a deep copy that also proves the document is serialisable
    # before anything touches the disk.
    document = json.loads(json.dumps(project_to_document(project)))
    return Snapshot(document, {ds.id: ds.parquet_bytes for ds in project.datasets})


def _write_archive(snap: Snapshot, fh: io.BufferedIOBase) -> None:
    manifest = {
        "format": FORMAT_ID,
        "schema_version": SCHEMA_VERSION,
        "app_version": __version__,
        "saved_at": _now(),
    }
    with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST_NAME, json.dumps(manifest, indent=2))
        archive.writestr(DOCUMENT_NAME, json.dumps(snap.document, ensure_ascii=False, indent=1))
        for dataset_id, encode in snap.parquet.items():
            # parquet is already compressed; storing avoids a second pass.
            archive.writestr(
                f"data/{dataset_id}.parquet", encode(), compress_type=zipfile.ZIP_STORED
            )


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _save_error(exc: OSError, path: Path) -> ProjectFileError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return ProjectFileError(
            _("Opslaan is niet gelukt: de schijf is vol."),
            _("Maak ruimte vrij of sla het project op een andere plek op. "
              "Het vorige bestand is niet veranderd."),
        )
    if isinstance(exc, PermissionError):
        return ProjectFileError(
            _("Opslaan is niet gelukt: u mag niet schrijven in deze map, of het bestand "
              "is geopend in een ander programma."),
            _("Sluit het andere programma of kies een andere map. "
              "Het vorige bestand is niet veranderd."),
        )
    return ProjectFileError(
        _("Opslaan is niet gelukt door een fout van het systeem ({code}).").format(
            code=exc.errno or type(exc).__name__
        ),
        _("Probeer het opnieuw of kies een andere map. Het vorige bestand is niet veranderd."),
    )


def write_snapshot(snap: Snapshot, path: str | os.PathLike[str]) -> Path:
    """Write atomically: the target is either the old file or the complete new one."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as fh:
            _write_archive(snap, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        log.warning("save failed: %s (errno %s)", type(exc).__name__, exc.errno)
        raise _save_error(exc, path) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    return path


def save_project(project: Project, path: str | os.PathLike[str]) -> Path:
    return write_snapshot(snapshot(project), path)


# --------------------------------------------------------------------------- opening


def _not_a_project(path: Path) -> ProjectFileError:
    return ProjectFileError(
        _("'{name}' is geen Stuurwijzer-project.").format(name=path.name),
        _("Kies een bestand dat eindigt op {ext}. Wilt u gegevens inlezen, zoals een "
          "Excel- of CSV-bestand? Doe dat in de stap Data.").format(ext=EXTENSION),
    )


def _corrupt(path: Path) -> ProjectFileError:
    return ProjectFileError(
        _("Het project '{name}' is beschadigd en kan niet worden geopend.").format(name=path.name),
        _("Er is niets veranderd. Open een eerdere kopie van het bestand, of een herstelkopie "
          "als Stuurwijzer die aanbiedt."),
    )


def _migrate(doc: dict[str, Any], version: int) -> dict[str, Any]:
    while version < SCHEMA_VERSION:
        migrate = MIGRATIONS.get(version)
        if migrate is None:
            raise KeyError(f"no migration from schema {version}")
        doc = migrate(doc)
        version += 1
    return doc


def open_project(path: str | os.PathLike[str]) -> Project:
    """Read a project file. Any problem raises ``ProjectFileError`` with a Dutch message."""
    path = Path(path)
    if not path.is_file():
        raise ProjectFileError(
            _("Het bestand '{name}' is niet gevonden.").format(name=path.name),
            _("Misschien is het verplaatst of verwijderd. Kies het bestand opnieuw."),
        )
    try:
        if path.stat().st_size == 0:
            raise ProjectFileError(
                _("Het bestand '{name}' is leeg.").format(name=path.name),
                _("Het is waarschijnlijk niet goed opgeslagen. Open een eerdere kopie "
                  "of een herstelkopie."),
            )
        if not zipfile.is_zipfile(path):
            with path.open("rb") as fh:
                looks_like_zip = fh.read(4) == b"PK\x03\x04"
            # A zip that lost its end (an interrupted copy) is damaged, not foreign.
            raise _corrupt(path) if looks_like_zip else _not_a_project(path)
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if MANIFEST_NAME not in names:
                raise _not_a_project(path)
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise _corrupt(path)
            try:
                manifest = json.loads(archive.read(MANIFEST_NAME))
            except ValueError:
                raise _corrupt(path) from None
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_ID:
                raise _not_a_project(path)
            version = manifest.get("schema_version")
            if not isinstance(version, int) or version < 0:
                raise _corrupt(path)
            if version > SCHEMA_VERSION:
                raise ProjectFileError(
                    _("Dit project is gemaakt met een nieuwere versie van Stuurwijzer ({v}).")
                    .format(v=manifest.get("app_version", "?")),
                    _("U heeft versie {mine}. Installeer de nieuwste versie van Stuurwijzer "
                      "om dit project te openen. Er is niets veranderd.").format(
                        mine=__version__
                    ),
                )
            doc = json.loads(archive.read(DOCUMENT_NAME))
            doc = _migrate(doc, version)
            frames = {}
            for meta in doc.get("datasets", []):
                raw = archive.read(f"data/{meta['id']}.parquet")
                frames[meta["id"]] = pd.read_parquet(io.BytesIO(raw), engine="pyarrow")
            return project_from_document(doc, frames)
    except ProjectFileError:
        raise
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError, OSError, EOFError) as exc:
        # Parquet errors are ArrowInvalid (a ValueError); CRC errors are BadZipFile.
        log.warning("could not open project: %s", type(exc).__name__)
        raise _corrupt(path) from exc
