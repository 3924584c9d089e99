"""What a check run shares: settings, the cleaned data per dataset, and the linkage.

The context reads data only through ``core.data`` (``cleaned`` = typed original
with the cleaning log replayed; ``frames_of_kind`` for message kinds, also from
mixed files) and keeps each result for the length of one run, so twenty checks
type a 1M-row file once. The message set (``core.messages``: assignments with
their starts, stops and declarations, linked by the rule of ``core.linkage``) is
built once per run from the run's frames and column codes and shared by every
linkage check; the indicators read the same model, so they can never disagree.
"""

from __future__ import annotations

import os
import threading
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import date
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from core.cleaning import CleanData
from core.data import KindFrame, TypedData, cleaned, frames_of_kind, roles_of, typed
from core.i18n import _
from core.linkage import combine_codes, normalised_codes
from core.messages import MessageSet, latest_event
from core.messages import build as build_message_set
from core.paths import load_json_resource
from core.project import Dataset, Project
from core.reference import youth_categories

# Start dates are registered when things begin, so the latest one (not after today) is
# a good default reference date. End dates are not used: a stop may be announced ahead.
EVENT_ROLES = ("assignment_start", "care_start", "period_start")
MESSAGE_KINDS = ("301", "303", "305", "307", "trajecten")


@dataclass(frozen=True)
class CheckSettings:
    """The user's choices for the checks, stored in ``Project.cleaning.settings``."""

    start_not_reported_days: int = 30
    reference_date: date | None = None  # peildatum; None: the latest event date in the data
    max_age: int | None = None  # None: 23 for youth care (iJw categories), else 120
    disabled: frozenset[str] = frozenset()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["reference_date"] = self.reference_date.isoformat() if self.reference_date else None
        data["disabled"] = sorted(self.disabled)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> CheckSettings:
        data = data or {}
        ref = data.get("reference_date")
        return cls(
            start_not_reported_days=int(data.get("start_not_reported_days", 30)),
            reference_date=date.fromisoformat(ref) if ref else None,
            max_age=data.get("max_age"),
            disabled=frozenset(data.get("disabled") or ()),
        )


# Typing a large file is the slowest part of a check run, and after a fix only the
# cleaning log changed. The originals never change in place (privacy operations put a
# new frame in a new Dataset), so typed data is kept per original frame object, checked
# by a weak reference, and per column types and import settings.
_TYPED: dict[int, tuple[weakref.ref, tuple, TypedData]] = {}
_TYPED_MAX = 8
_TYPED_LOCK = threading.Lock()


def typed_once(dataset: Dataset) -> TypedData:
    key = dataset.typing_key()
    with _TYPED_LOCK:
        hit = _TYPED.get(id(dataset.original))
        if hit is not None and hit[0]() is dataset.original and hit[1] == key:
            return hit[2]
    data = typed(dataset)
    with _TYPED_LOCK:
        for stale in [k for k, (ref, _key, _data) in _TYPED.items() if ref() is None]:
            del _TYPED[stale]
        while len(_TYPED) >= _TYPED_MAX:
            del _TYPED[next(iter(_TYPED))]
        _TYPED[id(dataset.original)] = (weakref.ref(dataset.original), key, data)
    return data


@dataclass(frozen=True)
class ColumnCodes:
    """A column as integer codes: row i holds ``uniques[codes[i]]``, or is missing when
    ``codes[i]`` is -1 (``pd.factorize``, which ``DataFrame.duplicated`` also uses)."""

    codes: np.ndarray  # int64, one per row
    uniques: pd.Index  # the distinct values, in order of first appearance


def column_codes(values: pd.Series) -> ColumnCodes:
    codes, uniques = pd.factorize(values)
    return ColumnCodes(codes.astype(np.int64, copy=False), pd.Index(uniques))


def duplicated_rows(columns: list[ColumnCodes], index: pd.Index) -> pd.Series:
    """``DataFrame.duplicated(keep="first")`` from the columns' codes.

    A cheap 64-bit hash of each row's codes first: rows whose hash no other row has are
    no copy of anything (equal values give equal hashes). Only the few rows that share
    a hash are compared exactly, so a hash collision can never make a false copy."""
    hashes = np.zeros(len(index), dtype=np.uint64)
    for column in columns:  # in place: no new million-row array per column
        hashes *= _HASH_MULTIPLIER
        hashes += column.codes.view(np.uint64)
    hashes *= _HASH_MULTIPLIER  # the last column's code into the high bits too
    shared = _shared_hashes(hashes)
    dup = np.zeros(len(index), dtype=bool)
    if len(shared):
        dup[shared] = _exactly_duplicated([c.codes[shared] for c in columns],
                                          [len(c.uniques) for c in columns])
    return pd.Series(dup, index=index)


_HASH_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd: multiplying loses no bits


def _shared_hashes(hashes: np.ndarray) -> np.ndarray:
    """Positions of the rows whose hash another row has too. Rows are counted per
    bucket of the hash's high bits first (cheap); only rows in a bucket with others are
    compared by their whole hash."""
    bits = int(min(22, max(10, np.ceil(np.log2(len(hashes) + 1)) + 2)))
    buckets = (hashes >> np.uint64(64 - bits)).astype(np.intp)
    crowded = np.flatnonzero(np.bincount(buckets, minlength=1 << bits)[buckets] > 1)
    return crowded[pd.Series(hashes[crowded]).duplicated(keep=False).to_numpy()]


def _exactly_duplicated(codes: list[np.ndarray], distinct: list[int]) -> np.ndarray:
    """Rows equal in all codes to an earlier row: the codes combined into one integer
    per row that is equal exactly when all codes are (missing, -1, equals missing)."""
    ids = np.zeros(len(codes[0]) if codes else 0, dtype=np.int64)
    bound = 1  # every id is below this
    for column, n in zip(codes, distinct, strict=True):
        width = n + 1
        if bound * width >= 2**62:  # renumber the ids 0..k-1 before they overflow
            ids, uniques = pd.factorize(ids)
            ids, bound = ids.astype(np.int64, copy=False), max(1, len(uniques))
        ids *= width
        ids += column
        ids += 1
        bound *= width
    return pd.Series(ids).duplicated(keep="first").to_numpy()


_CODE_WORKERS = 2  # the target machine has two cores; more threads only queue


class CheckContext:
    def __init__(self, project: Project, settings: CheckSettings | None = None) -> None:
        self.project = project
        self.settings = settings or CheckSettings()
        self._data: dict[str, CleanData] = {}
        self._kinds: dict[str, list[KindFrame]] = {}
        self.memo: dict[Any, Any] = {}  # per-run results checks share (e.g. privacy scan)

    # ---- data
    def data(self, dataset: Dataset) -> CleanData:
        if dataset.id not in self._data:
            self._data[dataset.id] = cleaned(self.project, dataset.id, typed_once(dataset))
        return self._data[dataset.id]

    def frame(self, dataset: Dataset) -> pd.DataFrame:
        return self.data(dataset).frame

    def codes(self, dataset: Dataset, column: str) -> ColumnCodes:
        """The column's distinct values and a code per row. Hashing a million values is
        the costly part of several checks (duplicate rows, constant columns, stray
        spaces), so a run does it once per column."""
        key = ("codes", dataset.id, column)
        if key not in self.memo:
            self.memo[key] = column_codes(self.frame(dataset)[column])
        return self.memo[key]

    def prefetch_codes(self, dataset: Dataset, columns) -> None:
        """Work out the codes of several columns at once, on two threads: hashing the
        values (Arrow, pandas) runs without Python's lock, so two columns hash at the
        same time. The codes are the same as one by one; only the wall time differs."""
        frame = self.frame(dataset)
        todo = [c for c in dict.fromkeys(columns) if ("codes", dataset.id, c) not in self.memo]
        if len(todo) < 2 or (os.cpu_count() or 1) < 2:
            return
        with ThreadPoolExecutor(max_workers=_CODE_WORKERS) as pool:
            done = list(pool.map(lambda c: column_codes(frame[c]), todo))
        for column, codes in zip(todo, done, strict=True):
            self.memo[("codes", dataset.id, column)] = codes

    def trimmed_codes(self, dataset: Dataset, column: str) -> np.ndarray:
        """A code per row that is equal exactly when the values, as text without spaces
        around them, are equal; missing counts as empty text. For grouping by a code
        column without trimming (and hashing) a million values: only the distinct
        values are trimmed."""
        key = ("trimmed", dataset.id, column)
        if key not in self.memo:
            shared = self.codes(dataset, column)
            trimmed = pd.Series(shared.uniques).astype("string").str.strip()
            keys, _ = pd.factorize(pd.concat([trimmed, pd.Series([""], dtype="string")],
                                             ignore_index=True))
            self.memo[key] = keys[np.where(shared.codes >= 0, shared.codes, len(trimmed))]
        return self.memo[key]

    def value_counts(self, dataset: Dataset, column: str) -> pd.Series:
        """``frame[column].value_counts(dropna=True)``, counted from the shared codes
        (no second pass over a million values) for Arrow text columns."""
        key = ("value-counts", dataset.id, column)
        if key not in self.memo:
            values = self.frame(dataset)[column]
            if _is_arrow_text(values):
                shared = self.codes(dataset, column)
                counts = np.bincount(shared.codes[shared.codes >= 0],
                                     minlength=len(shared.uniques))
                counts = pd.Series(pd.array(counts, dtype=pd.ArrowDtype(pa.int64())),
                                   index=shared.uniques.rename(values.name), name="count")
                # What value_counts does: most frequent first, ties in order of appearance.
                self.memo[key] = counts.sort_values(ascending=False, kind="stable")
            else:
                self.memo[key] = values.value_counts(dropna=True)
        return self.memo[key]

    def rows_with(self, dataset: Dataset, column: str, values) -> pd.Series:
        """``frame[column].isin(values)``: the values are looked up among the distinct
        values only, then the rows are found by their codes."""
        frame = self.frame(dataset)
        if not _is_arrow_text(frame[column]):
            return frame[column].isin(values)
        shared = self.codes(dataset, column)
        hits = np.flatnonzero(shared.uniques.isin(values))
        return pd.Series(np.isin(shared.codes, hits), index=frame.index, name=column)

    def duplicate_rows(self, dataset: Dataset) -> pd.Series:
        """Per row: True when an earlier row has exactly the same values. Computed once
        per run: duplicate-rows and overlapping-periods both need it."""
        key = ("duplicate-rows", dataset.id)
        if key not in self.memo:
            frame = self.frame(dataset)
            if frame.columns.is_unique and len(frame.columns):
                self.prefetch_codes(dataset, frame.columns)
                dup = duplicated_rows([self.codes(dataset, c) for c in frame.columns],
                                      frame.index)
            else:
                dup = frame.duplicated(keep="first")
            self.memo[key] = dup
        return self.memo[key]

    def roles(self, dataset: Dataset) -> dict[str, str]:
        present = self.frame(dataset).columns
        return {r: c for r, c in roles_of(dataset).items() if c in present}

    def types(self, dataset: Dataset) -> dict[str, str]:
        return self.data(dataset).types

    def columns_of_type(self, dataset: Dataset, types: tuple[str, ...]) -> list[str]:
        present = set(self.frame(dataset).columns)
        return [c for c, t in self.types(dataset).items() if t in types and c in present]

    def _factorized(self, dataset: Dataset, column: str) -> tuple[np.ndarray, pd.Index]:
        shared = self.codes(dataset, column)
        return shared.codes, shared.uniques

    def kind_frames(self, kind: str) -> list[KindFrame]:
        if kind not in self._kinds:
            by_id = {ds.id: ds for ds in self.project.datasets}
            self._kinds[kind] = [
                kf for kf in frames_of_kind(
                    self.project, kind, source=lambda i: self.frame(by_id[i]),
                    factorized=lambda i, column: self._factorized(by_id[i], column))
                if len(kf.frame.columns)
            ]
        return self._kinds[kind]

    def message_datasets(self) -> list[Dataset]:
        return [ds for ds in self.project.datasets if ds.kind in (*MESSAGE_KINDS, "mixed")]

    # ---- labels
    @staticmethod
    def role_label(role: str) -> str:
        spec = load_json_resource("roles.json").get(role)
        return _(spec["label"]) if spec else role

    @staticmethod
    def type_label(type_id: str) -> str:
        spec = load_json_resource("column_types.json").get(type_id)
        return _(spec["label"]) if spec else type_id

    # ---- shared derived facts
    @cached_property
    def reference_date(self) -> pd.Timestamp:
        """The peildatum: set by the user, or the latest event date that is not after
        today (core.messages.latest_event, as the indicators use it)."""
        if self.settings.reference_date:
            return pd.Timestamp(self.settings.reference_date)
        dates = []
        for ds in self.message_datasets():
            roles = self.roles(ds)
            dates += [self.frame(ds)[roles[r]] for r in EVENT_ROLES if r in roles]
        return latest_event(dates)

    @property
    def reference_is_derived(self) -> bool:
        return self.settings.reference_date is None

    @cached_property
    def max_age(self) -> int:
        if self.settings.max_age:
            return int(self.settings.max_age)
        youth = list(youth_categories())
        for ds in self.message_datasets():
            col = self.roles(ds).get("product_category")
            if col:
                codes = self.frame(ds)[col].astype("string").str.strip().dropna()
                if len(codes) and codes.isin(youth).mean() > 0.5:
                    return 23
        return 120

    @cached_property
    def linkage(self) -> MessageSet | None:
        """Assignments with their starts, stops and declarations linked (core.messages);
        None without assignments or keys."""
        return build_message_set(self)

    # ---- core.messages.Reader: the message set reads the run's frames and codes
    def unreadable(self, kf: KindFrame, column: str) -> np.ndarray | None:
        mask = self.data(kf.dataset).invalid.get(column)
        if mask is None:
            return None
        return mask.reindex(kf.frame.index, fill_value=False).to_numpy(dtype=bool)

    def factorized(self, kf: KindFrame, column: str) -> tuple[np.ndarray, pd.Index]:
        found = self._kind_codes(kf, column)
        if found is None:
            codes, uniques = pd.factorize(kf.frame[column])
            return codes.astype(np.int64, copy=False), pd.Index(uniques)
        return found

    def kind_key_codes(self, kf: KindFrame, columns: list[str]) -> np.ndarray | None:
        """One integer per row of a kind frame, equal exactly when all the columns, as
        trimmed text, are equal; -1 when one is missing. From the shared codes, so no
        million values are hashed again; None when the rows cannot be placed."""
        parts = [self._kind_codes(kf, column) for column in columns]
        if any(p is None for p in parts):
            return None
        return combine_codes([normalised_codes([p])[0] for p in parts])

    def _kind_codes(self, kf: KindFrame, column: str | None) -> tuple[np.ndarray, pd.Index] | None:
        """The dataset's codes of a column for the rows of a kind frame (all missing when
        the frame lacks the column); None when the rows cannot be placed."""
        full = self.frame(kf.dataset)
        key = ("positions", id(kf.frame))
        if key not in self.memo:
            if kf.frame.index is full.index or kf.frame.index.equals(full.index):
                self.memo[key] = slice(None)
            elif full.index.is_unique:
                pos = full.index.get_indexer(kf.frame.index)
                self.memo[key] = pos if (pos >= 0).all() else None
            else:
                self.memo[key] = None
        positions = self.memo[key]
        if positions is None:
            return None
        if column is None or column not in kf.frame.columns:
            return np.full(len(kf.frame), -1, dtype=np.int64), pd.Index([])
        shared = self.codes(kf.dataset, column)
        return shared.codes[positions], shared.uniques


def _is_arrow_text(values: pd.Series) -> bool:
    return isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"


def template_roles(project: Project, dataset: Dataset) -> set[str]:
    """Roles the question's template needs in this kind of dataset (all kinds for mixed)."""
    from core.templates import get_template

    template = get_template(project.question.template)
    if template is None:
        return set()
    wanted = {**template.required_roles}
    if dataset.kind == "mixed":
        return {r for roles in wanted.values() for r in roles}
    return set(wanted.get(dataset.kind or "", []))
