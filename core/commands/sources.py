"""The files a command is given, read as the Data step reads them.

Every file goes through ``core.io.import_file``: encoding, delimiter, header rows,
sheet, number and date conventions, column types, roles and the dataset kind are
detected exactly as in the app. An optional ROLES.json overrides roles (and
types, and the kind):

    {"BSN": "client", "Bedrag": {"role": "amount", "type": "amount"}}
    {"kind": "305", "columns": {...}}
    {"files": {"start.csv": {"kind": "305", "columns": {...}}, "toewijzingen.csv": {...}}}

The first two forms apply to every file that has the column; a column that is in
none of the files is an error. Datasets are named after their file, so findings
name the file they are about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import UserError
from core.i18n import _
from core.limits import MAX_ROLES_BYTES
from core.paths import load_json_resource
from core.project import Dataset, Project


@dataclass
class RoleSpec:
    kind: str | None = None
    columns: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Sources:
    project: Project
    warnings: dict[str, list[str]]  # file name -> import warnings


def _bad(message: str, hint: str) -> UserError:
    return UserError(message, hint)


def _columns(columns: Any) -> dict[str, dict[str, str]]:
    roles = load_json_resource("roles.json")
    types = load_json_resource("column_types.json")
    if not isinstance(columns, dict):
        raise _bad(_("Het rollenbestand moet kolomnamen aan rollen koppelen."),
                   _('Bijvoorbeeld: {"BSN": "client"}.'))
    out: dict[str, dict[str, str]] = {}
    for column, spec in columns.items():
        spec = {"role": spec} if isinstance(spec, str) else spec
        if not isinstance(spec, dict) or not all(
                isinstance(v, str) or v is None for v in spec.values()):
            raise _bad(_("De rol van kolom '{c}' is niet goed opgeschreven.").format(c=column),
                       _('Schrijf een rol, of {"role": ..., "type": ...}.'))
        role, type_id = spec.get("role"), spec.get("type")
        if not isinstance(role, str | None) or not isinstance(type_id, str | None):
            raise _bad(_("De rol van kolom '{c}' is niet goed opgeschreven.").format(
                c=str(column)[:80]), _('Schrijf een rol, of {"role": ..., "type": ...}.'))
        if role is not None and role not in roles:
            raise _bad(_("De rol '{r}' bestaat niet.").format(r=role),
                       _("Kies uit: {ids}.").format(ids=", ".join(roles)))
        if type_id is not None and type_id not in types:
            raise _bad(_("Het soort '{t}' bestaat niet.").format(t=type_id),
                       _("Kies uit: {ids}.").format(ids=", ".join(types)))
        out[str(column)] = {"role": role, "type": type_id or (roles[role]["types"][0] if role
                                                              else "text")}
    return out


def _kind(value: Any) -> str | None:
    kinds = load_json_resource("texts", "dataset_kinds.json")
    if value is None:
        return None
    if not isinstance(value, str) or value not in kinds:
        raise _bad(_("Het soort bestand '{k}' bestaat niet.").format(k=value),
                   _("Kies uit: {ids}.").format(ids=", ".join(kinds)))
    return str(value)


def load_roles(path: Path) -> tuple[RoleSpec, dict[str, RoleSpec]]:
    """(the spec for every file, per file name its own spec)."""
    from core.cli import read_json_argument

    data = read_json_argument(path, _("Het rollenbestand"), max_bytes=MAX_ROLES_BYTES)
    if not isinstance(data, dict):
        raise _bad(_("Het rollenbestand moet kolomnamen aan rollen koppelen."),
                   _('Bijvoorbeeld: {"BSN": "client"}.'))

    def one(entry: Any) -> RoleSpec:
        if isinstance(entry, dict) and isinstance(entry.get("columns"), dict):
            return RoleSpec(_kind(entry.get("kind")), _columns(entry["columns"]))
        return RoleSpec(None, _columns(entry))

    if isinstance(data.get("files"), dict):
        return RoleSpec(), {str(name): one(entry) for name, entry in data["files"].items()}
    return one(data), {}


def read_sources(paths: list[Path], roles_path: Path | None = None,
                 kind: str | None = None) -> Sources:
    """Read every file into one project (exit 2 for a file that cannot be read)."""
    from core.io import import_file

    if kind is not None and len(paths) > 1:
        raise _bad(_("--kind kan alleen bij één bestand."),
                   _("Geef per bestand het soort op in het rollenbestand: "
                     '{"files": {"start.csv": {"kind": "305", "columns": {...}}}}.'))
    common, per_file = load_roles(roles_path) if roles_path is not None else (RoleSpec(), {})
    unknown_files = set(per_file) - {p.name for p in paths}
    if unknown_files:
        raise _bad(_("Het rollenbestand noemt '{f}', maar dat bestand is niet opgegeven.").format(
            f=sorted(unknown_files)[0]), _("Gebruik de bestandsnamen zoals op de opdrachtregel."))
    project = Project(name=paths[0].stem if len(paths) == 1 else "Controle")
    warnings: dict[str, list[str]] = {}
    seen_columns: set[str] = set()
    for path in paths:
        if not path.is_file():
            raise _bad(_("Het bestand '{name}' is niet gevonden.").format(name=path.name),
                       _("Controleer de naam en de map."))
        result = import_file(path)
        dataset = result.dataset
        dataset.name = _unique_name(path.name, project)
        spec = per_file.get(path.name, common)
        _apply(dataset, spec)
        seen_columns |= {c.name for c in dataset.columns}
        if per_file.get(path.name):
            _require_columns(spec, dataset, path.name)
        if kind is not None:
            dataset.kind = kind
        project.datasets.append(dataset)
        warnings[dataset.name] = list(result.warnings)
    missing = [c for c in common.columns if c not in seen_columns]
    if missing:
        raise _bad(_("Kolom '{c}' uit het rollenbestand staat in geen van de bestanden.").format(
            c=missing[0]), _("Gebruik de kolomnamen precies zoals in de eerste regel."))
    return Sources(project, warnings)


def _unique_name(name: str, project: Project) -> str:
    taken = {ds.name for ds in project.datasets}
    candidate, number = name, 2
    while candidate in taken:
        candidate = f"{name} ({number})"
        number += 1
    return candidate


def _apply(dataset: Dataset, spec: RoleSpec) -> None:
    for column in dataset.columns:
        if column.name in spec.columns:
            # A role belongs to one column: the one the user names takes it.
            role = spec.columns[column.name]["role"]
            if role is not None:
                for other in dataset.columns:
                    if other.role == role and other.name != column.name:
                        other.role = None
            column.role = role
            column.type = spec.columns[column.name]["type"]
    if spec.kind is not None:
        dataset.kind = spec.kind


def _require_columns(spec: RoleSpec, dataset: Dataset, file_name: str) -> None:
    names = {c.name for c in dataset.columns}
    for column in spec.columns:
        if column not in names:
            raise _bad(_("Kolom '{c}' uit het rollenbestand staat niet in '{f}'.").format(
                c=column, f=file_name), _("Gebruik de kolomnamen precies zoals in de eerste regel."))
