"""The bundled example project (*Voorbeeldproject wachttijden jeugdhulp*).

Its source files live in resources/example/ (written by
build_scripts/generate_example.py); resources/example/project.json says how to
read each file and what its columns mean. Opening the example builds a fresh,
unsaved project from them, so the user can experiment without changing it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from core.chart_spec import Interpretation
from core.io import ImportSettings, import_file
from core.jobs import CancelToken, ProgressFn, checkpoint, report
from core.maturity import example_state
from core.paths import load_json_resource, resource_path
from core.project import ColumnSpec, Project
from core.question import Question
from core.report.example import example_report

EXAMPLE_DIR = ("example",)


def _column(name: str, spec: list) -> ColumnSpec:
    """project.json writes a column as [type, role] or [type, role, date format]."""
    type_id, role, *rest = spec
    return ColumnSpec(name, type_id, role, rest[0] if rest else None)


def build_example_project(
    *, progress: ProgressFn | None = None, cancel: CancelToken | None = None,
    folder: Path | None = None, today: date | None = None,
) -> Project:
    """The example project. ``folder`` holds other exports of the same shape (tests use
    generated data of other years); ``today`` is the day it is opened: the goal's date and
    the actions' deadlines lie ahead of it, so the example never plans in the past."""
    spec = load_json_resource(*EXAMPLE_DIR, "project.json")
    dated = today is not None  # a given day is also the report's date
    today = today or date.today()
    question = Question.from_dict(spec["question"])
    question.target_date = date(today.year + 1, 12, 31).isoformat()
    project = Project(
        name=spec["name"],
        municipality=spec["municipality"],
        author=spec["author"],
        question=question,
        later_questions=[Question.from_dict(q) for q in spec.get("later_questions", [])],
        is_example=True,
    )
    project.maturity = example_state()  # a nulmeting and a vervolgmeting by colleagues
    project.report = example_report(today)  # key message, summary and agreed actions
    if dated:
        project.report.date = today.isoformat()
    total = len(spec["datasets"])
    for number, entry in enumerate(spec["datasets"]):
        checkpoint(cancel)
        report(progress, number, total, entry["name"])
        result = import_file(
            (folder / entry["file"]) if folder else resource_path(*EXAMPLE_DIR, entry["file"]),
            ImportSettings.from_dict(entry["settings"]),
            cancel=cancel,
            columns=[_column(name, col) for name, col in entry["columns"].items()],
            kind=entry["kind"],
            name=entry["name"],
        )
        dataset = result.dataset
        dataset.id = f"voorbeeld-{entry['kind']}"
        missing = set(entry["columns"]) - {c.name for c in dataset.columns}
        if missing:  # project.json and the files disagree: a broken example, not user input
            raise ValueError(f"example {entry['file']}: columns not found: {sorted(missing)}")
        project.datasets.append(dataset)
    _add_example_charts(project, spec.get("charts", {}))
    report(progress, total, total, "")
    return project


def _add_example_charts(project: Project, spec: dict) -> None:
    """The template's proposed charts, with what the example's officer wrote about them,
    so the example shows a finished report. They are built when a page or the report
    needs them."""
    from core.charts import add_proposals  # matplotlib: only when the example is built

    added = add_proposals(project)
    for chart, texts in zip(added, spec.get("interpretations", []), strict=False):
        chart.interpretation = Interpretation.from_dict(texts)
