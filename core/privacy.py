"""Personal data: find it per column, pseudonymise or remove it, warn before it leaves.

Detection works on the stored text of a column (what would be saved or
exported): BSN (9 digits passing the elfproef), names, addresses, postcode
(1234 AB), house numbers, dates of birth, phone numbers, e-mail addresses and
IBANs (mod-97). Headers and values both count; the rules and texts are in
resources/privacy.json. Value rules look at a sample of distinct values, so a
1M-row file is scanned in milliseconds.

Pseudonymising replaces each value by ``PS-`` + the first 16 hex characters of
HMAC-SHA256(key, normalised value). The key is made once per project and kept
in the user's own settings folder (``<config>/sleutels/<project-id>.key``),
never in the project file: whoever gets the file cannot reverse the pseudonyms
by trying all BSNs. The same key for every file of the project keeps linkage
working (the 305 of a client still finds that client's 301). BSNs are
zero-padded to 9 digits first, so '12345678' and '012345678' stay one person.

Both pseudonymising and removing change the stored original of the dataset,
because the identifiers must really leave what is saved; the cleaning log
records them (``applied_to_original``) and they cannot be undone.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from core.cleaning import Operation
from core.errors import UserError
from core.i18n import _
from core.limits import is_safe_id
from core.logsetup import get_logger
from core.paths import app_paths, load_json_resource
from core.project import ColumnSpec, Dataset, Project

if TYPE_CHECKING:
    from core.checks.context import CheckContext

log = get_logger("privacy")

SAMPLE = 500  # distinct values looked at per column
SAMPLE_ROWS = 20_000
MIN_SHARE = 0.8  # share of sampled values that must fit a value rule
PSEUDONYM_PREFIX = "PS-"
_BSN_WEIGHTS = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1])


@dataclass(frozen=True)
class PersonalColumn:
    dataset: str
    column: str
    kind: str  # id in resources/privacy.json: bsn, name, address, postcode, ...
    direct: bool  # a direct identifier: on its own it points to one person
    filled: int  # rows with a value

    @property
    def label(self) -> str:
        return _(_spec()["kinds"][self.kind]["label"])


def _spec() -> dict[str, Any]:
    return load_json_resource("privacy.json")


# --------------------------------------------------------------------------- value rules


def elfproef(values: pd.Series) -> pd.Series:
    """True for 9-digit strings (8 digits get a leading zero) that pass the BSN test."""
    text = values.astype("string").str.strip()
    digits = text.str.fullmatch(r"\d{8,9}").fillna(False).astype(bool)
    padded = text[digits].str.zfill(9)
    out = pd.Series(False, index=values.index)
    if padded.empty:
        return out
    matrix = np.frombuffer("".join(padded.tolist()).encode("ascii"), dtype=np.uint8)
    matrix = (matrix - ord("0")).reshape(-1, 9).astype(np.int64)
    total = matrix @ _BSN_WEIGHTS
    ok = (total % 11 == 0) & (matrix.sum(axis=1) > 0)
    out[padded.index] = ok
    return out


def _iban_ok(value: str) -> bool:
    text = value.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", text):
        return False
    moved = text[4:] + text[:4]
    number = "".join(str(int(ch, 36)) for ch in moved)
    return int(number) % 97 == 1


@cache
def _pattern(kind: str) -> re.Pattern[str] | None:
    pattern = _spec()["kinds"][kind].get("pattern")
    return re.compile(pattern, re.IGNORECASE) if pattern else None


_PHONE_NOISE = re.compile(r"[\s\-().]")


def _value_share(kind: str, sample: list[str]) -> float:
    """Share of the sampled distinct values that fit the kind's value rule. The sample is
    small (at most SAMPLE values), so plain Python is faster than pandas here."""
    if not sample:
        return 0.0
    if kind == "bsn":
        return float(elfproef(pd.Series(sample, dtype="string")).mean())
    if kind == "iban":
        return sum(_iban_ok(v) for v in sample) / len(sample)
    pattern = _pattern(kind)
    if pattern is None:
        return 0.0
    if kind == "phone":
        sample = [_PHONE_NOISE.sub("", v) for v in sample]
    return sum(1 for v in sample if pattern.fullmatch(v)) / len(sample)


def _header_kind(header: str) -> str | None:
    name = header.strip().casefold()
    spec = _spec()
    if any(word in name for word in spec["not_personal_headers"]):
        return None
    for kind, rule in spec["kinds"].items():
        if name in rule.get("headers", []) or any(
            name.startswith(p) for p in rule.get("header_prefixes", [])
        ):
            return kind
    return None


def detect(frame: pd.DataFrame, roles: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(column, kind) for every column that holds personal data."""
    by_role = {c: r for r, c in (roles or {}).items()}
    role_kinds = _spec()["role_kinds"]
    found = []
    for column in frame.columns:
        values = frame[column]
        if not (pd.api.types.is_string_dtype(values) or values.dtype == object):
            continue
        # The first rows are enough to recognise a column, and keep a 1M-row scan cheap.
        sample = [str(v).strip() for v in values.head(SAMPLE_ROWS).dropna().unique()[:SAMPLE]]
        sample = [v for v in sample if v]
        if not sample or all(v.startswith(PSEUDONYM_PREFIX) for v in sample):
            continue
        kind = None
        # Cheap gates first: most columns have no digits-only, '@' or letter-digit values.
        gates = {
            "bsn": lambda v: v.isdigit() and 8 <= len(v) <= 9,
            "email": lambda v: "@" in v,
            "iban": lambda v: v[:2].isalpha() and v[2:4].isdigit(),
            "phone": lambda v: v[:1] in "+0",
            "postcode": lambda v: v[:4].isdigit(),
            "address": lambda v: any(ch.isdigit() for ch in v) and " " in v,
        }
        for value_kind, gate in gates.items():
            if sum(map(gate, sample)) >= MIN_SHARE * len(sample) and \
                    _value_share(value_kind, sample) >= MIN_SHARE:
                kind = value_kind
                break
        if kind is None:
            kind = role_kinds.get(by_role.get(column, ""))
        if kind is None:
            kind = _header_kind(str(column))
        if kind == "postcode" and _value_share("postcode", sample) < MIN_SHARE:
            kind = None  # four digits only (pc4) point to a neighbourhood, not a person
        if kind:
            found.append((column, kind))
    return found


def scan_dataset(dataset: Dataset) -> list[PersonalColumn]:
    kinds = _spec()["kinds"]
    roles = {spec.role: spec.name for spec in dataset.columns if spec.role}
    frame = dataset.original
    return [
        PersonalColumn(dataset.id, column, kind, bool(kinds[kind]["direct"]),
                       int(frame[column].notna().sum()))
        for column, kind in detect(frame, roles)
    ]


def scan_columns(ctx: CheckContext, dataset: Dataset) -> list[PersonalColumn]:
    """``scan_dataset`` once per check run (spelling-variants and personal-data share it)."""
    key = ("privacy", dataset.id)
    if key not in ctx.memo:
        ctx.memo[key] = scan_dataset(dataset)
    return ctx.memo[key]


def scan_project(project: Project) -> list[PersonalColumn]:
    return [hit for ds in project.datasets for hit in scan_dataset(ds)]


def direct_identifiers(project: Project, dataset_ids: list[str] | None = None) -> list[PersonalColumn]:
    return [
        hit for hit in scan_project(project)
        if hit.direct and (dataset_ids is None or hit.dataset in dataset_ids)
    ]


def identifier_warning(project: Project, dataset_ids: list[str] | None = None) -> str | None:
    """A Dutch warning when what is about to be saved or exported still holds direct
    identifiers; None when it holds none. Every exporter calls this first."""
    return warning_text(direct_identifiers(project, dataset_ids))


def warning_text(hits: list[PersonalColumn]) -> str | None:
    if not hits:
        return None
    kinds = sorted({hit.label for hit in hits})
    files = len({hit.dataset for hit in hits})
    where = _("1 bestand") if files == 1 else _("{n} bestanden").format(n=files)
    return _("Er staan nog persoonsgegevens in {where}: {kinds}. Iedereen die het bestand "
             "krijgt, kan zien over wie het gaat. Vervang ze in de stap Controle door een "
             "pseudoniem of verwijder ze. Gebruik alleen wat uw vraag nodig heeft.").format(
        where=where, kinds=", ".join(kinds))


# --------------------------------------------------------------------------- pseudonymise


KEY_FOLDER = "sleutels"
KEY_BYTES = 32


def _key_problem() -> UserError:
    return UserError(
        _("De sleutel voor pseudoniemen van dit project kan niet veilig worden gebruikt."),
        _("Er is niets veranderd. Open het project opnieuw; blijft dit gebeuren, vraag dan "
          "uw ICT-afdeling om hulp (zie het logboek)."),
    )


def key_path(project: Project) -> Path:
    """``<config>/sleutels/<project-id>.key``, and never anything outside that folder.

    The project id comes from a file that may have been made by someone else, so it is
    checked (``core.limits.is_safe_id``; opening a project already refuses other ids)
    and the resolved path must lie directly in the key folder: an id cannot climb out
    ('../'), be absolute, name a Windows device, or follow a link planted in the folder.
    """
    if not is_safe_id(project.id):
        log.warning("refused an unsafe project id for the key path")
        raise _key_problem()
    folder = app_paths().config / KEY_FOLDER
    path = folder / f"{project.id}.key"
    if path.resolve().parent != folder.resolve():
        log.warning("refused a key path outside the key folder")
        raise _key_problem()
    return path


def project_key(project: Project) -> bytes:
    """The project's secret key, made on first use; kept outside the project file.

    A key file that is not 32 random bytes in hex (all zeros, short, not hex) is not
    used: pseudonyms made with a key someone else knows could be reversed.
    """
    path = key_path(project)
    if path.is_file():
        try:
            key = bytes.fromhex(path.read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            key = b""
        if len(key) != KEY_BYTES or len(set(key)) < 8:
            log.warning("refused a key file that is not a proper key")
            raise _key_problem()
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(KEY_BYTES)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags, 0o600), "wb") as fh:  # readable by the owner only
        fh.write(key.hex().encode("ascii"))
    return key


def _normalise(values: pd.Series, kind: str) -> pd.Series:
    text = values.astype("string").str.strip()
    if kind == "bsn":
        digits = text.str.fullmatch(r"\d{8,9}").fillna(False).astype(bool)
        text = text.where(~digits, text.str.zfill(9))
    elif kind in ("email", "name", "address"):
        text = text.str.replace(r"\s+", " ", regex=True).str.casefold()
    elif kind in ("postcode", "iban", "phone"):
        text = text.str.replace(r"\s+", "", regex=True).str.upper()
    return text


def pseudonyms(values: pd.Series, key: bytes, kind: str = "other") -> pd.Series:
    """Keyed hash of each value; empty cells stay empty. Hashes each distinct value once."""
    text = _normalise(values, kind)
    distinct = text.dropna().unique()
    table = {
        v: PSEUDONYM_PREFIX + hmac.new(key, v.encode("utf-8"), hashlib.sha256).hexdigest()[:16]
        for v in distinct
    }
    return text.map(table).astype("string")


def _replace_dataset(project: Project, old: Dataset, new: Dataset) -> None:
    index = project.datasets.index(old)
    project.datasets[index] = new


def _purge_values(project: Project, dataset_id: str, column: str) -> None:
    """Earlier operations on this column that quote its values would keep them in the
    project file; they have nothing left to act on, so they go."""
    def quotes(op: Operation) -> bool:
        return (op.dataset == dataset_id and op.params.get("column") == column
                and bool(op.params.get("mapping") or op.params.get("values")))

    log = project.cleaning
    log.operations = [op for op in log.operations if not quotes(op)]
    log.undone = [op for op in log.undone if not quotes(op)]


def pseudonymise_column(project: Project, dataset_id: str, column: str, *, kind: str = "other",
                        assumption: str = "", check: str | None = None) -> Operation:
    dataset = project.dataset(dataset_id)
    frame = dataset.original.copy()
    frame[column] = pseudonyms(frame[column], project_key(project), kind)
    columns = [dataclasses.replace(c, type="code") if c.name == column else c
               for c in dataset.columns]
    _replace_dataset(project, dataset, dataclasses.replace(dataset, original=frame,
                                                           columns=columns))
    _purge_values(project, dataset_id, column)
    op = Operation("pseudonymise", dataset_id, {"column": column, "kind": kind}, assumption,
                   check, applied_to_original=True)
    project.cleaning.operations.append(op)
    project.cleaning.undone.clear()
    return op


def remove_column(project: Project, dataset_id: str, column: str, *, assumption: str = "",
                  check: str | None = None) -> Operation:
    dataset = project.dataset(dataset_id)
    frame = dataset.original.drop(columns=[column])
    columns: list[ColumnSpec] = [c for c in dataset.columns if c.name != column]
    _replace_dataset(project, dataset, dataclasses.replace(dataset, original=frame,
                                                           columns=columns))
    _purge_values(project, dataset_id, column)
    op = Operation("remove_column", dataset_id, {"column": column}, assumption, check,
                   applied_to_original=True)
    project.cleaning.operations.append(op)
    project.cleaning.undone.clear()
    return op


def pseudonymise_kind(project: Project, kind: str, *, assumption: str = "",
                      check: str | None = None) -> list[Operation]:
    """Pseudonymise every column of this kind in every dataset with the same key, so
    files can still be linked on it."""
    return [
        pseudonymise_column(project, hit.dataset, hit.column, kind=kind, assumption=assumption,
                            check=check)
        for hit in scan_project(project) if hit.kind == kind
    ]


def pseudonymise_like_before(project: Project, dataset_id: str) -> list[Operation]:
    """A file added after the user pseudonymised a kind of identifier (the BSN) gets the
    same treatment with the same key: real identifiers never sit beside pseudonyms, and the
    new file still links to the earlier ones (a 305 with real BSNs matched no 301 at all)."""
    earlier = {op.params.get("kind"): op for op in project.cleaning.operations
               if op.kind == "pseudonymise" and op.dataset != dataset_id}
    dataset = project.dataset(dataset_id)
    return [
        pseudonymise_column(project, dataset_id, hit.column, kind=hit.kind,
                            assumption=earlier[hit.kind].assumption,
                            check=earlier[hit.kind].check)
        for hit in scan_dataset(dataset) if hit.kind in earlier
    ]
