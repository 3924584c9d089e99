"""The cleaning log: every fix is an operation, replayed on the original data.

The original frame of a dataset never changes (except for privacy operations,
below). ``replay`` starts from the typed original and applies the dataset's
operations in order, so the cleaned data is a pure function of
(original, settings, log): deterministic, and undo is "leave the last
operation out". Each operation can carry an assumption text that the report
and the datakwaliteitslogboek list.

Rows are addressed by their label in the original frame (0 = first data row),
so an operation keeps pointing at the same row whatever comes before it.

Privacy operations (pseudonymise, remove a column) are different on purpose:
the identifiers must really leave what is saved, so ``core.privacy`` applies
them to the stored original and records them here with
``applied_to_original=True``. Replay skips them, and they cannot be undone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

from core.i18n import _
from core.paths import load_json_resource

if TYPE_CHECKING:
    from core.io.reading import ImportSettings
    from core.project import Dataset, Project


def coerce_column(text: pd.Series, type_id: str, settings: ImportSettings):
    # Imported late: core.io imports core.project, which imports this module.
    from core.io.coerce import coerce_column as coerce

    return coerce(text, type_id, settings)


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _new_id() -> str:
    import uuid

    return uuid.uuid4().hex[:10]


@dataclass
class Operation:
    kind: str
    dataset: str
    params: dict[str, Any] = field(default_factory=dict)
    assumption: str = ""
    check: str | None = None  # the check whose finding proposed it
    applied_to_original: bool = False
    created: str = field(default_factory=_now)
    id: str = field(default_factory=_new_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind, "dataset": self.dataset, "params": self.params,
            "assumption": self.assumption, "check": self.check,
            "applied_to_original": self.applied_to_original, "created": self.created,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Operation:
        return cls(
            kind=data["kind"],
            dataset=data["dataset"],
            params=dict(data.get("params") or {}),
            assumption=data.get("assumption", ""),
            check=data.get("check"),
            applied_to_original=bool(data.get("applied_to_original", False)),
            created=data.get("created", ""),
            id=data.get("id") or _new_id(),
        )

    def describe(self) -> str:
        """A Dutch sentence without cell values, e.g. 'Kolom Wijk: spaties weggehaald'."""
        spec = _texts()["operations"][self.kind]
        params = self.params
        fields = {
            "column": params.get("column", ""),
            "count": len(params.get("rows") or params.get("mapping") or params.get("values") or []),
            "type": params.get("type", ""),
            "source": params.get("source", ""),
            "rule": _(_texts()["date_rules"].get(params.get("rule", ""), "")),
        }
        text = _(spec["label"])
        if self.kind == "mark_missing" and params.get("invalid"):
            text = _(spec["label_invalid"])
        if self.kind == "drop_duplicates" and params.get("columns"):
            text = _(spec["label_columns"])
            fields["column"] = ", ".join(params["columns"])
        return text.format(**fields)


@dataclass
class CleaningLog:
    """``Project.cleaning``: the operations, the redo stack and the check settings."""

    operations: list[Operation] = field(default_factory=list)
    undone: list[Operation] = field(default_factory=list)  # redo stack; last undone at the end
    settings: dict[str, Any] = field(default_factory=dict)  # core.checks.CheckSettings
    last_run: dict[str, Any] = field(default_factory=dict)  # summary of the last check run

    def to_dict(self) -> dict[str, Any]:
        return {
            "operations": [op.to_dict() for op in self.operations],
            "undone": [op.to_dict() for op in self.undone],
            "settings": self.settings,
            "last_run": self.last_run,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> CleaningLog:
        data = data or {}
        return cls(
            operations=[Operation.from_dict(d) for d in data.get("operations", [])],
            undone=[Operation.from_dict(d) for d in data.get("undone", [])],
            settings=dict(data.get("settings") or {}),
            last_run=dict(data.get("last_run") or {}),
        )

    def for_dataset(self, dataset_id: str) -> list[Operation]:
        return [op for op in self.operations if op.dataset == dataset_id]

    @property
    def can_undo(self) -> bool:
        return bool(self.operations) and not self.operations[-1].applied_to_original

    @property
    def can_redo(self) -> bool:
        return bool(self.undone)


@dataclass(frozen=True)
class CleanData:
    """A dataset after replaying its operations; row labels are the original's."""

    frame: pd.DataFrame
    invalid: dict[str, pd.Series]
    types: dict[str, str]
    removed: pd.Index
    excluded: pd.Index
    warnings: tuple[str, ...] = ()


def _texts() -> dict[str, Any]:
    return load_json_resource("cleaning.json")


# --------------------------------------------------------------------------- replay


@dataclass
class _State:
    frame: pd.DataFrame
    invalid: dict[str, pd.Series]
    types: dict[str, str]
    text: pd.DataFrame  # the original text frame (all rows), for re-typing
    settings: ImportSettings
    removed: list[pd.Index] = field(default_factory=list)
    excluded: list[pd.Index] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def drop(self, labels: pd.Index, excluded: bool = False) -> None:
        labels = labels[labels.isin(self.frame.index)]
        if len(labels) == 0:
            return
        keep = ~self.frame.index.isin(labels)
        self.frame = self.frame[keep]
        self.invalid = {c: m[keep] for c, m in self.invalid.items()}
        (self.excluded if excluded else self.removed).append(labels)

    def set_values(self, column: str, mask: pd.Series, values: Any) -> None:
        """Assign ``values`` where ``mask``; works for text, numbers and dates."""
        col = self.frame[column].copy()
        col[mask.to_numpy()] = values
        self.frame[column] = col


Apply = Callable[[_State, Operation], None]
_OPERATIONS: dict[str, Apply] = {}


def _operation(kind: str) -> Callable[[Apply], Apply]:
    def register(fn: Apply) -> Apply:
        if kind in _OPERATIONS:
            raise ValueError(f"operation {kind!r} registered twice")
        _OPERATIONS[kind] = fn
        return fn

    return register


def _rows_mask(state: _State, rows: list[int] | None) -> pd.Series:
    return pd.Series(state.frame.index.isin(rows or []), index=state.frame.index)


@_operation("remove_rows")
def _remove_rows(state: _State, op: Operation) -> None:
    state.drop(pd.Index(op.params.get("rows") or []))


@_operation("exclude_rows")
def _exclude_rows(state: _State, op: Operation) -> None:
    state.drop(pd.Index(op.params.get("rows") or []), excluded=True)


@_operation("drop_duplicates")
def _drop_duplicates(state: _State, op: Operation) -> None:
    columns = op.params.get("columns") or None
    dup = state.frame.duplicated(subset=columns, keep="first")
    state.drop(state.frame.index[dup.to_numpy()])


@_operation("mark_missing")
def _mark_missing(state: _State, op: Operation) -> None:
    column = op.params["column"]
    if op.params.get("invalid"):
        mask = state.invalid[column].copy()
    elif op.params.get("values") is not None:
        text = state.text[column].reindex(state.frame.index)
        mask = text.isin(op.params["values"]).fillna(False).astype(bool)
    else:
        mask = _rows_mask(state, op.params.get("rows"))
    state.set_values(column, mask, pd.NA if state.types.get(column) != "date" else pd.NaT)
    state.invalid[column] = state.invalid[column] & ~mask


@_operation("replace_values")
def _replace_values(state: _State, op: Operation) -> None:
    column = op.params["column"]
    mapping: dict[str, str] = op.params.get("mapping") or {}
    if not mapping:
        return
    current = state.frame[column]
    if state.types.get(column, "text") in ("text", "code"):
        state.frame[column] = current.replace(mapping)
        return
    # Typed column: the mapping is on the text as imported; re-type the new text.
    text = state.text[column].reindex(state.frame.index)
    hit = text.isin(list(mapping)).fillna(False).astype(bool)
    new_text = text[hit].map(mapping).astype("string")
    result = coerce_column(new_text, state.types[column], state.settings)
    state.set_values(column, hit, result.values.to_numpy())
    state.invalid[column] = state.invalid[column].copy()
    state.invalid[column][hit.to_numpy()] = result.invalid.to_numpy()


@_operation("trim")
def _trim(state: _State, op: Operation) -> None:
    column = op.params["column"]
    values = state.frame[column]
    if not pd.api.types.is_string_dtype(values):
        return
    state.frame[column] = values.str.replace(r"\s+", " ", regex=True).str.strip()


@_operation("convert_type")
def _convert_type(state: _State, op: Operation) -> None:
    column, type_id = op.params["column"], op.params["type"]
    current = state.frame[column]
    if pd.api.types.is_string_dtype(current):
        text = current.astype("string")
    else:
        text = state.text[column].reindex(state.frame.index)
    result = coerce_column(text, type_id, state.settings)
    state.frame[column] = result.values
    state.invalid[column] = result.invalid
    state.types[column] = type_id


@_operation("date_rule")
def _date_rule(state: _State, op: Operation) -> None:
    column, rule = op.params["column"], op.params["rule"]
    target = op.params.get("rows", "invalid")
    invalid = state.invalid[column]
    missing = state.frame[column].isna() & ~invalid
    mask = {"invalid": invalid, "missing": missing, "invalid_or_missing": invalid | missing}[target]
    if rule == "end_of_month":
        text = state.text[column].reindex(state.frame.index)[mask]
        values = _clip_to_month_end(text, state.settings.date_format)
        ok = values.notna()
        fixed = mask.copy()
        fixed[mask.to_numpy()] = ok.to_numpy()
        state.set_values(column, fixed, values[ok].to_numpy())
        state.invalid[column] = invalid & ~fixed
    elif rule == "from_column":
        source = op.params["source"]
        values = state.frame[source]
        usable = mask & values.notna()
        state.set_values(column, usable, values[usable.to_numpy()].to_numpy())
        state.invalid[column] = invalid & ~usable
    else:
        raise ValueError(f"unknown date rule {rule!r}")


def _clip_to_month_end(text: pd.Series, date_format: str) -> pd.Series:
    """'31-02-2024' -> 29-02-2024: keep year and month, use the last day when the day is
    past the end of the month (vectorised, from the date format's day/month/year parts)."""
    pattern = re.escape(date_format)
    for code, group in (("%d", r"(?P<d>\d{1,2})"), ("%m", r"(?P<m>\d{1,2})"),
                        ("%Y", r"(?P<y>\d{4})")):
        pattern = pattern.replace(re.escape(code), group)
    parts = text.astype("string").str.strip().str.extract(f"^{pattern}$")
    if not {"d", "m", "y"} <= set(parts.columns):
        return pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    nums = parts.apply(pd.to_numeric, errors="coerce")
    valid = nums["m"].between(1, 12) & nums["d"].between(1, 31)
    first = pd.to_datetime(
        pd.DataFrame({"year": nums["y"], "month": nums["m"], "day": 1})[valid], errors="coerce"
    )
    last_day = (first + pd.offsets.MonthEnd(0)).dt.day
    day = nums["d"][valid].clip(upper=last_day)
    out = first + pd.to_timedelta(day - 1, unit="D")
    return out.reindex(text.index)


@_operation("pseudonymise")
def _already_applied(state: _State, op: Operation) -> None:
    """Privacy operations changed the stored original when they were added."""


_OPERATIONS["remove_column"] = _already_applied


def operation_kinds() -> tuple[str, ...]:
    return tuple(_OPERATIONS)


def replay(dataset: Dataset, frame: pd.DataFrame, invalid: dict[str, pd.Series],
           operations: list[Operation]) -> CleanData:
    """Apply ``operations`` (this dataset's, in order) to its typed original."""
    from core.io.reading import ImportSettings

    state = _State(
        frame=frame.copy(deep=False),
        invalid=dict(invalid),
        types={spec.name: spec.type for spec in dataset.columns},
        text=dataset.original,
        settings=ImportSettings.from_dict(dataset.settings),
    )
    for op in operations:
        if op.applied_to_original:
            continue
        column = op.params.get("column")
        needed = [c for c in (column, op.params.get("source"), *(op.params.get("columns") or []))
                  if c]
        if any(c not in state.frame.columns for c in needed):
            state.warnings.append(
                _("Een bewerking is overgeslagen: de kolom bestaat niet meer.")
            )
            continue
        _OPERATIONS[op.kind](state, op)
    empty = pd.Index([], dtype="int64")
    return CleanData(
        frame=state.frame,
        invalid=state.invalid,
        types=state.types,
        removed=empty.append(state.removed) if state.removed else empty,
        excluded=empty.append(state.excluded) if state.excluded else empty,
        warnings=tuple(state.warnings),
    )


# --------------------------------------------------------------------------- the log


def add_operation(project: Project, op: Operation) -> Operation:
    if op.kind not in _OPERATIONS:
        raise ValueError(f"unknown operation {op.kind!r}")
    project.dataset(op.dataset)  # KeyError for an unknown dataset
    project.cleaning.operations.append(op)
    project.cleaning.undone.clear()
    return op


def undo(project: Project) -> Operation | None:
    log = project.cleaning
    if not log.can_undo:
        return None
    op = log.operations.pop()
    log.undone.append(op)
    return op


def redo(project: Project) -> Operation | None:
    log = project.cleaning
    if not log.undone:
        return None
    op = log.undone.pop()
    log.operations.append(op)
    return op


@dataclass(frozen=True)
class Assumption:
    dataset: str
    dataset_name: str
    operation: str  # the operation described in words
    text: str  # the assumption the user accepted


def assumptions(project: Project) -> list[Assumption]:
    """The assumptions behind the active operations, for the report and the logbook."""
    names = {ds.id: ds.name for ds in project.datasets}
    return [
        Assumption(op.dataset, names.get(op.dataset, op.dataset), op.describe(), op.assumption)
        for op in project.cleaning.operations
        if op.assumption.strip()
    ]
