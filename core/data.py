"""How the rest of the engine reads a dataset's values.

``typed`` turns the original (text, as imported) into typed columns using the
dataset's column specs and import settings. ``analysis_frame`` is what checks,
indicators and charts read: the typed data after the cleaning log has been
replayed on it. The original is never changed.

Ownership: the Data step (issue 3) owns typing; the Controle step (issue 4)
owns the cleaning replay inside ``analysis_frame``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from core.cleaning import CleanData, replay
from core.io.coerce import TypedData, typed_frame
from core.io.settings import ImportSettings
from core.project import Dataset, Project


def typed(dataset: Dataset) -> TypedData:
    """The dataset's columns as their types. Computed once per set of column types and
    settings (the import leaves its result here) and then shared; the copies handed out
    are cheap (pandas copy-on-write), so a caller that changes its frame never changes
    what the next caller gets."""
    key = dataset.typing_key()
    cached = dataset._typed
    if cached is None or cached[0] != key:
        types = {spec.name: spec.type for spec in dataset.columns}
        formats = {spec.name: spec.format for spec in dataset.columns if spec.format}
        data = typed_frame(dataset.original, types, ImportSettings.from_dict(dataset.settings),
                           formats, cells=dataset._cell_values)
        cached = (key, data)
        dataset._typed = cached
    data = cached[1]
    return TypedData(data.frame.copy(deep=False),
                     {k: v.copy(deep=False) for k, v in data.invalid.items()})


def cleaned(project: Project, dataset_id: str, typed_data: TypedData | None = None) -> CleanData:
    """Typed original with the dataset's cleaning operations replayed (core/cleaning.py):
    the frame without removed or excluded rows, and the invalid masks that remain.
    ``typed_data``: the dataset's ``typed()`` result when the caller already has it."""
    dataset = project.dataset(dataset_id)
    data = typed_data or typed(dataset)
    return replay(dataset, data.frame, data.invalid, project.cleaning.for_dataset(dataset_id))


def analysis_frame(project: Project, dataset_id: str) -> pd.DataFrame:
    """The data that analyses use: typed, with the cleaning log applied."""
    return cleaned(project, dataset_id).frame


def roles_of(dataset: Dataset) -> dict[str, str]:
    """role id -> column name for the columns that have a role."""
    return {spec.role: spec.name for spec in dataset.columns if spec.role}


@dataclass(frozen=True)
class KindFrame:
    dataset: Dataset
    frame: pd.DataFrame  # analysis frame; for a mixed file only the rows of this kind
    roles: dict[str, str]


def frames_of_kind(
    project: Project, kind: str, *, source: Callable[[str], pd.DataFrame] | None = None,
    factorized: Callable[[str, str], tuple[np.ndarray, Any]] | None = None,
) -> list[KindFrame]:
    """The data of one message kind (e.g. "305"), from separate files or from the rows of
    a mixed file whose message-type column holds that kind. ``source`` (dataset id ->
    analysis frame) lets a caller that already holds the frames reuse them;
    ``factorized`` ((dataset id, column) -> ``pd.factorize`` of that column) likewise
    for the message-type column."""
    frame_of = source or (lambda dataset_id: analysis_frame(project, dataset_id))
    found = []
    for ds in project.datasets:
        roles = roles_of(ds)
        if ds.kind == kind:
            found.append(KindFrame(ds, frame_of(ds.id), roles))
        elif ds.kind == "mixed" and "message_type" in roles:
            frame = frame_of(ds.id)
            column = roles["message_type"]
            rows = _is_kind(frame[column], kind,
                            factorized(ds.id, column) if factorized else None)
            found.append(KindFrame(ds, _rows(frame, rows), roles))
    return found


def _rows(frame: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """``frame[mask]``. Exports are often sorted by message type; when the rows form one
    block they are sliced, which copies nothing."""
    where = np.flatnonzero(mask)
    if len(where) and where[-1] - where[0] + 1 == len(where):
        return frame.iloc[where[0]:where[-1] + 1]
    return frame.iloc[where]


def _is_kind(codes: pd.Series, kind: str,
             factorized: tuple[np.ndarray, Any] | None = None) -> np.ndarray:
    """Rows whose message code, trimmed, is ``kind``: only the few distinct codes are
    trimmed, not a million rows. ``factorized``: ``pd.factorize(codes)`` when known."""
    row_codes, uniques = factorized if factorized is not None else pd.factorize(codes)
    trimmed = pd.Series(uniques).astype("string").str.strip()
    hits = np.flatnonzero((trimmed == kind).to_numpy(dtype=bool, na_value=False))
    return np.isin(row_codes, hits)
