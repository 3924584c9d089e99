"""The bundled example project (*Voorbeeldproject wachttijden jeugdhulp*).

Its source files live in resources/example/ (written by
build_scripts/generate_example.py); resources/example/project.json says how to
read each file and what its columns mean. Opening the example builds a fresh,
unsaved project from them, so the user can experiment without changing it.
"""

from __future__ import annotations

import hashlib

from core.io.reading import ImportSettings, read_csv_text
from core.jobs import CancelToken, ProgressFn, checkpoint, report
from core.maturity import example_state
from core.paths import load_json_resource, resource_path
from core.project import ColumnSpec, Dataset, Project, SourceInfo
from core.question import Question

EXAMPLE_DIR = ("example",)


def build_example_project(
    *, progress: ProgressFn | None = None, cancel: CancelToken | None = None
) -> Project:
    spec = load_json_resource(*EXAMPLE_DIR, "project.json")
    project = Project(
        name=spec["name"],
        municipality=spec["municipality"],
        author=spec["author"],
        question=Question.from_dict(spec["question"]),
        later_questions=[Question.from_dict(q) for q in spec.get("later_questions", [])],
        is_example=True,
    )
    project.maturity = example_state()  # a nulmeting and a vervolgmeting by colleagues
    total = len(spec["datasets"])
    for number, entry in enumerate(spec["datasets"]):
        checkpoint(cancel)
        report(progress, number, total, entry["name"])
        path = resource_path(*EXAMPLE_DIR, entry["file"])
        settings = ImportSettings.from_dict(entry["settings"])
        frame = read_csv_text(path, settings)
        content = path.read_bytes()
        project.datasets.append(
            Dataset(
                id=f"voorbeeld-{entry['kind']}",
                name=entry["name"],
                original=frame,
                columns=[
                    ColumnSpec(name, type_id, role)
                    for name, (type_id, role) in entry["columns"].items()
                ],
                source=SourceInfo(
                    filename=entry["file"],
                    size=len(content),
                    sha256=hashlib.sha256(content).hexdigest(),
                ),
                settings=settings.to_dict(),
                kind=entry["kind"],
            )
        )
    report(progress, total, total, "")
    return project
