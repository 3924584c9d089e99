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
import hashlib
import io
import json
import os
import stat
import uuid
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from core import __version__, files, limits, safejson
from core.chart_spec import ChartBook
from core.cleaning import CleaningLog
from core.errors import ProjectFileError
from core.i18n import N_, _
from core.limits import is_safe_id
from core.logsetup import get_logger
from core.maturity.model import MaturityState
from core.question import Question
from core.report.section import ReportSection
from core.schema import SchemaError, check_document, describe_path, format_path

log = get_logger("project")

FORMAT_ID = "stuurwijzer-project"
EXTENSION = ".stuurwijzer"
SCHEMA_VERSION = 1
MANIFEST_NAME = "stuurwijzer.json"
DOCUMENT_NAME = "project.json"

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


# What the app works out again by itself when a page is shown: the last check summary, a
# chart's suggested title and description while the user did not write their own, and the
# data fingerprint a chart was drawn from; and where a respondent was in the questionnaire.
# Looking at a step must not make a project "changed".
def _without_derived(document: dict[str, Any]) -> dict[str, Any]:
    document["cleaning"].pop("last_run", None)
    _drop_key(document["maturity"], "last_theme")
    for spec in document["charts"].get("specs", []):
        spec.pop("fingerprint", None)
        for field_name in ("title", "alt_text"):
            if not spec.get(f"{field_name}_edited"):
                spec.pop(field_name, None)
    return document


def _drop_key(node: Any, key: str) -> None:
    if isinstance(node, dict):
        node.pop(key, None)
        for value in node.values():
            _drop_key(value, key)
    elif isinstance(node, list):
        for value in node:
            _drop_key(value, key)


def content_fingerprint(project: Project) -> str:
    """A hash of what the user made in the project (see ``_without_derived``): the project
    has unsaved changes exactly when this differs from the fingerprint at the last save."""
    document = _without_derived(json.loads(json.dumps(project_to_document(project))))
    text = json.dumps(document, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
                _data_member(dataset_id), encode(), compress_type=zipfile.ZIP_STORED
            )


def _data_member(dataset_id: str) -> str:
    if not is_safe_id(dataset_id):  # checked by the schema; a member name must never be a path
        raise ValueError("unsafe dataset id")
    return f"data/{dataset_id}.parquet"


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
    if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
        return ProjectFileError(
            _("Opslaan is niet gelukt: u mag niet schrijven in deze map, of het bestand "
              "is geopend in een ander programma."),
            _("Sluit het andere programma of kies een andere map. "
              "Het vorige bestand is niet veranderd."),
        )
    if exc.errno == errno.ENAMETOOLONG:
        return ProjectFileError(
            _("Opslaan is niet gelukt: de naam van het bestand of de map is te lang."),
            _("Kies een kortere naam of een map dichter bij het begin van de schijf. "
              "Het vorige bestand is niet veranderd."),
        )
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return ProjectFileError(
            _("Opslaan is niet gelukt: de map '{folder}' bestaat niet (meer).").format(
                folder=path.parent.name or str(path.parent)),
            _("Kies een andere map. Het vorige bestand is niet veranderd."),
        )
    return ProjectFileError(
        _("Opslaan is niet gelukt door een fout van het systeem ({code}).").format(
            code=exc.errno or type(exc).__name__
        ),
        _("Probeer het opnieuw of kies een andere map. Het vorige bestand is niet veranderd."),
    )


def _unsavable(problem: SchemaError) -> ProjectFileError:
    return ProjectFileError(
        _("Opslaan is niet gelukt: {part} {problem}.").format(
            part=describe_path(problem.path), problem=problem.problem),
        _("Maak dit korter of kleiner en sla opnieuw op. Het vorige bestand is niet "
          "veranderd. (Onderdeel: {where})").format(where=format_path(problem.path)),
    )


def write_snapshot(snap: Snapshot, path: str | os.PathLike[str]) -> Path:
    """Write atomically: the target is either the old file or the complete new one.

    The document is checked first with the same schema that opening uses, so a file
    Stuurwijzer writes always opens again. A symbolic link is followed (the file it
    points to is replaced); an existing file keeps its permissions, a new one is
    readable by its owner only (POSIX 0600).
    """
    path = Path(path)
    try:
        check_document(snap.document)
    except SchemaError as exc:
        raise _unsavable(exc) from None
    try:
        target = files.real_target(path)
        tmp = files.temp_path(target)
        mode = files.existing_mode(target)
    except OSError as exc:
        raise _save_error(exc, path) from exc
    try:
        with files.open_new(tmp) as fh:
            _write_archive(snap, fh)
            fh.flush()
            os.fsync(fh.fileno())
        files.set_mode(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        files.discard(tmp)
        log.warning("save failed: %s (errno %s)", type(exc).__name__, exc.errno)
        raise _save_error(exc, path) from exc
    except BaseException:
        files.discard(tmp)
        raise
    _fsync_dir(target.parent)
    return path


def save_project(project: Project, path: str | os.PathLike[str]) -> Path:
    return write_snapshot(snapshot(project), path)


# --------------------------------------------------------------------------- opening
#
# A project file is untrusted input: it is mailed between colleagues. Opening checks
# it from the outside in and stops at the first problem, with a Dutch message:
# the file itself (exists, readable, a zip), the zip directory (member count, sizes,
# duplicates, encryption, compression) before anything is unpacked, the manifest,
# project.json (size, nesting, then the schema of core.schema), and each dataset's
# parquet member (its metadata, then its decoded size) before its text is made. The
# limits are in core.limits.


def _not_a_project(path: Path) -> ProjectFileError:
    return ProjectFileError(
        _("'{name}' is geen Stuurwijzer-project.").format(name=path.name),
        _("Kies een bestand dat eindigt op {ext}. Wilt u gegevens inlezen, zoals een "
          "Excel- of CSV-bestand? Doe dat in de stap Data.").format(ext=EXTENSION),
    )


_CORRUPT_HINT = N_("Er is niets veranderd. Open een eerdere kopie van het bestand, of een "
                   "herstelkopie als Stuurwijzer die aanbiedt.")


def _corrupt(path: Path, why: str = "") -> ProjectFileError:
    if why:
        message = _("Het project '{name}' is beschadigd en kan niet worden geopend: {why}.")
    else:
        message = _("Het project '{name}' is beschadigd en kan niet worden geopend.")
    return ProjectFileError(message.format(name=path.name, why=why), _(_CORRUPT_HINT))


def _wrong_part(path: Path, problem: SchemaError) -> ProjectFileError:
    return ProjectFileError(
        _("Het project '{name}' is beschadigd en kan niet worden geopend: {part} "
          "{problem}.").format(name=path.name, part=describe_path(problem.path),
                               problem=problem.problem),
        _(_CORRUPT_HINT) + " " + _("(Onderdeel: {where})").format(
            where=format_path(problem.path)),
    )


def _too_big(path: Path, what: str) -> ProjectFileError:
    return ProjectFileError(
        _("Het project '{name}' is te groot om te openen: {what}.").format(
            name=path.name, what=what),
        _("Zo'n bestand opent Stuurwijzer niet, om uw computer niet vast te laten lopen. "
          "Komt het van een collega? Vraag om een versie met minder gegevens. Weet u niet "
          "waar het vandaan komt? Open het dan niet."),
    )


def _cannot_open(path: Path, exc: OSError) -> ProjectFileError:
    """The file could not be read (permissions, a lock, a lost network drive): it is not
    damaged, so it must not be called that."""
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return ProjectFileError(
            _("Het bestand '{name}' is niet gevonden.").format(name=path.name),
            _("Misschien is het verplaatst of verwijderd. Kies het bestand opnieuw."),
        )
    if isinstance(exc, IsADirectoryError):
        return ProjectFileError(
            _("'{name}' is een map, geen projectbestand.").format(name=path.name),
            _("Kies een bestand dat eindigt op {ext}.").format(ext=EXTENSION),
        )
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EBUSY):
        return ProjectFileError(
            _("Het bestand '{name}' kan niet worden geopend: u mag het niet lezen, of het is "
              "in gebruik door een ander programma.").format(name=path.name),
            _("Sluit het andere programma, of kopieer het bestand naar uw eigen map en open "
              "de kopie."),
        )
    return ProjectFileError(
        _("Het bestand '{name}' kan niet worden geopend (systeemfout {code}).").format(
            name=path.name, code=exc.errno or type(exc).__name__),
        _("Controleer of het bestand nog bestaat en of de schijf of netwerkmap bereikbaar is."),
    )


def _migrate(doc: dict[str, Any], version: int) -> dict[str, Any]:
    while version < SCHEMA_VERSION:
        migrate = MIGRATIONS.get(version)
        if migrate is None:
            raise KeyError(f"no migration from schema {version}")
        doc = migrate(doc)
        version += 1
    return doc


def _size(n: int) -> str:
    if n >= 1024**3 and n % 1024**3 == 0:
        return f"{n // 1024**3} GB"
    return f"{n // 1024**2:,} MB".replace(",", ".") if n >= 1024**2 else f"{n // 1024} kB"


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@dataclass
class _Budget:
    """What the datasets read so far cost; see core.limits."""

    path: Path
    cells: int = 0
    text_bytes: int = 0

    def add_cells(self, n: int) -> None:
        self.cells += n
        if self.cells > limits.MAX_CELLS:
            raise _too_big(self.path, _("de gegevens hebben samen meer dan {n} cellen").format(
                n=_count(limits.MAX_CELLS)))

    def add_text(self, n: int) -> None:
        self.text_bytes += n
        if self.text_bytes > limits.MAX_TEXT_BYTES:
            raise _too_big(self.path, _("de tekst in de gegevens wordt uitgepakt groter dan "
                                        "{size}").format(size=_size(limits.MAX_TEXT_BYTES)))


def _check_directory(path: Path, fh: io.BufferedReader) -> None:
    """Member count and directory size from the zip's end record, before zipfile reads
    the whole directory (which costs memory per member)."""
    end = zipfile._EndRecData(fh)  # (private, stable since Python 2) None: no end record
    if end is None:
        raise _corrupt(path)
    if end[zipfile._ECD_ENTRIES_TOTAL] > limits.MAX_PROJECT_MEMBERS:
        raise _too_big(path, _("het bevat meer dan {n} onderdelen").format(
            n=_count(limits.MAX_PROJECT_MEMBERS)))
    if end[zipfile._ECD_SIZE] > limits.MAX_ZIP_DIRECTORY_BYTES:
        raise _too_big(path, _("de inhoudsopgave is groter dan {size}").format(
            size=_size(limits.MAX_ZIP_DIRECTORY_BYTES)))


def _check_members(path: Path, archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    if len(infos) > limits.MAX_PROJECT_MEMBERS:
        raise _too_big(path, _("het bevat meer dan {n} onderdelen").format(
            n=_count(limits.MAX_PROJECT_MEMBERS)))
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        raise _corrupt(path, _("een onderdeel staat er meer dan één keer in"))
    if sum(info.file_size for info in infos) > limits.MAX_UNPACKED_BYTES:
        raise _too_big(path, _("het wordt uitgepakt groter dan {size}").format(
            size=_size(limits.MAX_UNPACKED_BYTES)))


def _read_member(path: Path, archive: zipfile.ZipFile, name: str, limit: int,
                 what: str) -> bytes:
    """One member, unpacked within ``limit`` bytes (the directory's size is checked first,
    and the unpacking stops at the size it declared, so a lying directory cannot make it
    bigger)."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise _corrupt(path, _("er ontbreekt een onderdeel ({what})").format(
            what=what)) from None
    if info.flag_bits & 0x1:
        raise ProjectFileError(
            _("Het project '{name}' is versleuteld met een wachtwoord. Daardoor kan "
              "Stuurwijzer het niet openen.").format(name=path.name),
            _("Stuurwijzer slaat projecten nooit op met een wachtwoord. Vraag de afzender om "
              "het oorspronkelijke bestand."),
        )
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ProjectFileError(
            _("Het project '{name}' is opnieuw ingepakt, op een manier die Stuurwijzer niet "
              "kent.").format(name=path.name),
            _("Gebruik het bestand zoals Stuurwijzer het heeft opgeslagen. Pak het niet "
              "opnieuw in met een ander programma (zoals 7-Zip)."),
        )
    if info.file_size > limit:
        raise _too_big(path, _("meer dan {size} uitgepakt voor {what}").format(
            what=what, size=_size(limit)))
    with archive.open(info) as member:
        data = member.read(limit + 1)
    if len(data) != info.file_size:
        raise _corrupt(path)
    return data


# Arrow types a dataset's column may have: text as imported (older files and tests may
# hold numbers). Anything nested is not something Stuurwijzer writes.
def _plain_type(kind: pa.DataType) -> bool:
    return (pa.types.is_string(kind) or pa.types.is_large_string(kind)
            or pa.types.is_integer(kind) or pa.types.is_floating(kind)
            or pa.types.is_boolean(kind) or pa.types.is_null(kind)
            or pa.types.is_timestamp(kind) or pa.types.is_date(kind))


def _text_type(kind: pa.DataType) -> bool:
    return pa.types.is_string(kind) or pa.types.is_large_string(kind)


def _decoded_text_bytes(column: pa.ChunkedArray) -> int:
    """Bytes of text a dictionary-encoded column becomes once decoded, computed from the
    dictionary's value lengths and how often each is used, without decoding."""
    total = 0
    for chunk in column.chunks:
        lengths = pc.binary_length(chunk.dictionary)
        total += pc.sum(lengths.take(chunk.indices)).as_py() or 0
    return total


def _read_frame(path: Path, raw: bytes, budget: _Budget, what: str) -> pd.DataFrame:
    """A dataset's frame from its parquet member, within the budget: the metadata is
    checked before anything is decoded, text columns are read dictionary-encoded and
    their decoded size is computed before the text is made."""
    if len(raw) < 12 or raw[:4] != b"PAR1" or raw[-4:] != b"PAR1":
        raise _corrupt(path, _("{what} zijn onleesbaar").format(what=what))
    if int.from_bytes(raw[-8:-4], "little") > limits.MAX_PARQUET_FOOTER_BYTES:
        raise _too_big(path, _("de beschrijving van {what} is groter dan {size}").format(
            what=what, size=_size(limits.MAX_PARQUET_FOOTER_BYTES)))
    try:
        parquet = pq.ParquetFile(pa.BufferReader(raw))
        meta = parquet.metadata
        schema = parquet.schema_arrow
    except (pa.ArrowException, OSError, ValueError):
        raise _corrupt(path, _("{what} zijn onleesbaar").format(what=what)) from None
    if meta.num_columns > limits.MAX_COLUMNS:
        raise _too_big(path, _("{what} hebben meer dan {n} kolommen").format(
            what=what, n=_count(limits.MAX_COLUMNS)))
    if meta.num_row_groups > limits.MAX_ROW_GROUPS:
        raise _too_big(path, _("{what} bestaan uit te veel delen").format(what=what))
    groups = [meta.row_group(i) for i in range(meta.num_row_groups)]
    if meta.num_rows < 0 or sum(g.num_rows for g in groups) != meta.num_rows:
        raise _corrupt(path, _("{what} zijn onleesbaar").format(what=what))
    budget.add_cells(meta.num_rows * max(1, meta.num_columns))
    if not all(_plain_type(f.type) for f in schema) or len(schema) != meta.num_columns:
        raise _corrupt(path, _("{what} hebben een soort kolom die Stuurwijzer niet "
                               "schrijft").format(what=what))
    # The pages once decompressed (before decoding): what reading them costs at most.
    stored = sum(max(0, g.column(j).total_uncompressed_size)
                 for g in groups for j in range(g.num_columns))
    if stored > limits.MAX_MEMBER_BYTES:
        raise _too_big(path, _("meer dan {size} uitgepakt voor {what}").format(
            what=what, size=_size(limits.MAX_MEMBER_BYTES)))
    text_columns = [f.name for f in schema if _text_type(f.type)]
    try:
        table = pq.ParquetFile(pa.BufferReader(raw), metadata=meta,
                               read_dictionary=text_columns).read(use_threads=True)
    except (pa.ArrowException, OSError, ValueError):
        raise _corrupt(path, _("{what} zijn onleesbaar").format(what=what)) from None
    if table.num_rows != meta.num_rows or table.num_columns != len(schema):
        raise _corrupt(path, _("{what} zijn onleesbaar").format(what=what))
    for i, target in enumerate(schema):
        if target.name in text_columns:
            column = table.column(i)
            budget.add_text(_decoded_text_bytes(column))
            table = table.set_column(i, target, column.cast(target.type))
    table = table.replace_schema_metadata(schema.metadata)
    frame = table.to_pandas()
    if not frame.index.equals(pd.RangeIndex(len(frame))):  # rows are addressed 0..n-1
        frame = frame.reset_index(drop=True)
    return frame


def _check_frame(path: Path, meta: dict[str, Any], frame: pd.DataFrame, n: int) -> None:
    """The parquet columns must be the dataset's columns, in order, and its row count."""
    where = ("datasets", n)
    names = [c["name"] for c in meta.get("columns") or []]
    if names and [str(c) for c in frame.columns] != names or \
            any(not isinstance(c, str) for c in frame.columns):
        raise _wrong_part(path, SchemaError((*where, "columns"), _(
            "past niet bij de kolommen in de gegevens")))
    if "rows" in meta and meta["rows"] != len(frame):
        raise _wrong_part(path, SchemaError((*where, "rows"), _(
            "past niet bij het aantal rijen in de gegevens")))


def _load(path: Path, fh: io.BufferedReader) -> Project:
    _check_directory(path, fh)
    fh.seek(0)
    with zipfile.ZipFile(fh) as archive:
        names = set(archive.namelist())
        if MANIFEST_NAME not in names:
            raise _not_a_project(path)
        _check_members(path, archive)
        raw = _read_member(path, archive, MANIFEST_NAME, limits.MAX_MANIFEST_BYTES,
                           _("de beschrijving van het bestand"))
        try:
            manifest = safejson.parse(raw, max_bytes=limits.MAX_MANIFEST_BYTES)
        except safejson.JsonProblem:
            raise _corrupt(path) from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_ID:
            raise _not_a_project(path)
        version = manifest.get("schema_version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 0:
            raise _corrupt(path)
        if version > SCHEMA_VERSION:
            app_version = manifest.get("app_version")
            raise ProjectFileError(
                _("Dit project is gemaakt met een nieuwere versie van Stuurwijzer ({v}).")
                .format(v=app_version[:20] if isinstance(app_version, str) else "?"),
                _("U hebt versie {mine}. Installeer de nieuwste versie van Stuurwijzer "
                  "om dit project te openen. Er is niets veranderd.").format(mine=__version__),
            )
        what = _("de projectgegevens (project.json)")
        raw = _read_member(path, archive, DOCUMENT_NAME, limits.MAX_DOCUMENT_BYTES, what)
        try:
            doc = safejson.parse(raw, max_bytes=limits.MAX_DOCUMENT_BYTES)
        except safejson.JsonProblem as exc:
            if exc.reason == safejson.TOO_DEEP:
                raise _corrupt(path, _("{what} zijn te diep genest").format(what=what)) from None
            if exc.reason == safejson.TOO_BIG:
                raise _too_big(path, _("{what} bevatten te veel onderdelen").format(
                    what=what)) from None
            raise _corrupt(path) from None
        del raw
        if not isinstance(doc, dict):
            raise _wrong_part(path, SchemaError((), _("is geen onderdeel met gegevens")))
        try:
            doc = _migrate(doc, version)
        except Exception as exc:  # noqa: BLE001 - a migration of a hostile document
            log.warning("migration failed: %s", type(exc).__name__)
            raise _corrupt(path) from None
        try:
            check_document(doc)
        except SchemaError as exc:
            log.warning("project.json refused at %s", format_path(exc.path))
            raise _wrong_part(path, exc) from None
        budget = _Budget(path)
        frames = {}
        for n, meta in enumerate(doc["datasets"]):
            what = _("de gegevens van gegevensset {n}").format(n=n + 1)
            raw = _read_member(path, archive, _data_member(meta["id"]),
                               limits.MAX_MEMBER_BYTES, what)
            frame = _read_frame(path, raw, budget, what)
            del raw
            _check_frame(path, meta, frame, n)
            frames[meta["id"]] = frame
        return project_from_document(doc, frames)


def open_project(path: str | os.PathLike[str]) -> Project:
    """Read a project file. Any problem raises ``ProjectFileError`` with a Dutch message:
    "kan niet worden geopend" when the file cannot be read, "beschadigd" when what it
    holds is wrong, "te groot" when it is over a limit of core.limits."""
    path = Path(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory")
        if not stat.S_ISREG(info.st_mode):  # a device or a pipe: never a project
            raise _not_a_project(path)
        if info.st_size == 0:
            raise ProjectFileError(
                _("Het bestand '{name}' is leeg.").format(name=path.name),
                _("Het is waarschijnlijk niet goed opgeslagen. Open een eerdere kopie "
                  "of een herstelkopie."),
            )
        fh = path.open("rb")
    except OSError as exc:
        raise _cannot_open(path, exc) from None
    except ValueError:  # a path the system cannot represent (e.g. a NUL character)
        raise _cannot_open(path, FileNotFoundError(errno.ENOENT, "")) from None
    with fh:
        try:
            start = fh.read(4)
            if not zipfile.is_zipfile(fh):
                # A zip that lost its end (an interrupted copy) is damaged, not foreign.
                raise _corrupt(path) if start == b"PK\x03\x04" else _not_a_project(path)
            fh.seek(0)
            return _load(path, fh)
        except ProjectFileError:
            raise
        except MemoryError:
            raise _too_big(path, _("er is niet genoeg geheugen vrij")) from None
        except OSError as exc:
            if isinstance(exc, pa.ArrowException):
                raise _corrupt(path) from None
            log.warning("could not read project: %s (errno %s)", type(exc).__name__, exc.errno)
            raise _cannot_open(path, exc) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, TypeError, KeyError,
                IndexError, AttributeError, RecursionError, NotImplementedError,
                pa.ArrowException) as exc:
            # Parquet errors are ArrowInvalid (a ValueError); CRC errors are BadZipFile.
            log.warning("could not open project: %s", type(exc).__name__)
            raise _corrupt(path) from exc
