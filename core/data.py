"""How the rest of the engine reads a dataset's values.

``typed`` turns the original (text, as imported) into typed columns using the
dataset's column specs and import settings. ``analysis_frame`` is what checks,
indicators and charts read: the typed data after the cleaning log has been
replayed on it. The original is never changed.

Ownership: the Data step (issue 3) owns typing; the Controle step (issue 4)
owns the cleaning replay inside ``analysis_frame``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.io.coerce import typed_frame
from core.io.reading import ImportSettings
from core.project import Dataset, Project


@dataclass(frozen=True)
class TypedData:
    frame: pd.DataFrame
    invalid: dict[str, pd.Series]  # per column: text present but not readable as its type


def typed(dataset: Dataset) -> TypedData:
    types = {spec.name: spec.type for spec in dataset.columns}
    frame, invalid = typed_frame(dataset.original, types, ImportSettings.from_dict(dataset.settings))
    return TypedData(frame, invalid)


def analysis_frame(project: Project, dataset_id: str) -> pd.DataFrame:
    """The data that analyses use: typed, with the cleaning log applied."""
    return typed(project.dataset(dataset_id)).frame
