"""Projects with known planted defects: the example and generated ones of other sizes."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from core.io.reading import ImportSettings
from core.paths import load_json_resource, resource_path
from core.project import ColumnSpec, Dataset, Project
from core.question import Question
from core.synthetic import SyntheticConfig, generate


def project_from_frames(frames: dict[str, pd.DataFrame], template: str | None = "wachttijd") -> Project:
    """A project with the generator's frames typed and roled like the example project."""
    spec = load_json_resource("example", "project.json")
    project = Project(name="Test", question=Question(template=template) if template else Question())
    for entry in spec["datasets"]:
        kind = entry["kind"]
        if kind not in frames:  # the generator makes messages only, no budget or CBS files
            continue
        text = frames[kind].astype("string").replace("", pd.NA)
        project.datasets.append(Dataset(
            id=f"ds-{kind}", name=entry["name"], original=text, kind=kind,
            columns=[ColumnSpec(n, t, r) for n, (t, r) in entry["columns"].items()],
            settings=ImportSettings.from_dict(entry["settings"]).to_dict(),
        ))
    return project


@pytest.fixture(scope="session")
def example_defects() -> dict:
    return json.loads(resource_path("example", "defects.json").read_text(encoding="utf-8"))


GENERATED = [SyntheticConfig(n_clients=240, seed=7), SyntheticConfig(n_clients=1500, seed=11),
             SyntheticConfig(n_clients=900, seed=2024)]


@pytest.fixture(scope="session", params=GENERATED, ids=lambda c: f"n{c.n_clients}-s{c.seed}")
def generated(request):
    data = generate(request.param)
    return project_from_frames(data.frames), data.defects
