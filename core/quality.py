"""The data-quality summary per dataset: completeness, validity, consistency, uniqueness.

Scores come from a check ``Report``: each check declares the dimension its
findings count against. A score is the share of cells (completeness) or rows
(the others) without a finding; what each score means is content in
resources/quality.json, shown next to the number in the app, the logbook and
the report.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.checks.base import registered
from core.checks.generic.missing_values import KEYS_WITH_FALLBACK
from core.checks.model import Report
from core.data import roles_of
from core.i18n import _
from core.paths import load_json_resource
from core.project import Project

DIMENSIONS = ("completeness", "validity", "consistency", "uniqueness")
MESSAGE_KINDS = ("305", "307", "303")


@dataclass(frozen=True)
class QualityScore:
    dimension: str
    score: float  # 0..1
    findings: int  # number of findings behind the score

    @property
    def label(self) -> str:
        return _(_texts()["dimensions"][self.dimension]["label"])

    @property
    def meaning(self) -> str:
        return _(_texts()["dimensions"][self.dimension]["meaning"])

    @property
    def basis(self) -> str:
        return _(_texts()["dimensions"][self.dimension]["basis"])

    @property
    def grade(self) -> str:
        for grade in _texts()["grades"]:
            if self.score >= grade["from"]:
                return _(grade["label"])
        return ""


@dataclass(frozen=True)
class DatasetQuality:
    dataset: str
    name: str
    rows: int
    scores: tuple[QualityScore, ...]

    def score(self, dimension: str) -> QualityScore:
        return next(s for s in self.scores if s.dimension == dimension)


def _texts() -> dict:
    return load_json_resource("quality.json")


def quality_summary(project: Project, report: Report) -> list[DatasetQuality]:
    dimension_of = {cid: cls.dimension for cid, cls in registered().items()}
    out = []
    for ds in project.datasets:
        findings = [f for f in report.findings if f.dataset == ds.id and f.type != "check-error"]
        rows = max(ds.row_count, 1)
        roles = roles_of(ds)
        if ds.kind in MESSAGE_KINDS:  # a message may leave out a key linking can do without
            roles = {r: c for r, c in roles.items() if r not in KEYS_WITH_FALLBACK}
        role_columns = set(roles.values()) & set(ds.original.columns)
        scored_columns = role_columns or set(ds.original.columns)
        scores = []
        for dimension in DIMENSIONS:
            mine = [f for f in findings if dimension_of.get(f.check) == dimension]
            if dimension == "completeness":
                cells = rows * max(len(scored_columns), 1)
                missing = sum(f.count for f in mine if f.column in scored_columns)
                score = 1 - min(missing, cells) / cells
            elif dimension == "uniqueness":
                # A copied row is also a repeated number: count the larger of the two.
                score = 1 - min(max((f.count for f in mine), default=0), rows) / rows
            else:
                score = 1 - min(sum(f.count for f in mine), rows) / rows
            scores.append(QualityScore(dimension, round(score, 4), len(mine)))
        out.append(DatasetQuality(ds.id, ds.name, ds.row_count, tuple(scores)))
    return out
