"""Data maturity on the five Gartner levels. Owned by the Volwassenheid step (issue 6).

    model          the project's ``maturity`` section: measurements, respondents, answers
    questionnaire  the questionnaire content from resources/maturity/
    scoring        levels per theme and overall, spread, certainty, summary, advice, comparison
    fit            which analysis types fit now: one rule for Vraag, Volwassenheid and report
    form           the exported answer form (xlsx) and its import
    chart          radar and bar figures (matplotlib, Agg) for the app and the report

``supported_analysis_types`` is the contract other steps use: the Vraag step's
feedback and the report ask which analysis types fit the organisation now.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.maturity.fit import ANALYSIS_TYPES, AnalysisFit, TypeFit, analysis_fit, judge
from core.maturity.model import DONT_KNOW, MaturityState, Measurement, Respondent
from core.maturity.questionnaire import Questionnaire, load_questionnaire
from core.maturity.scoring import (
    MaturityResult,
    advise,
    compare,
    latest_result,
    score_measurement,
    summarise,
)
from core.paths import load_json_resource

if TYPE_CHECKING:
    from core.project import Project


def example_state() -> MaturityState:
    """The example project's nulmeting and vervolgmeting (resources/maturity/example.json)."""
    return MaturityState.from_dict(load_json_resource("maturity", "example.json"))


def current_fit(project: Project) -> AnalysisFit | None:
    """The analysis fit of the most recent measurement with a result (None: not measured)."""
    result = latest_result(project.maturity)
    return None if result is None else analysis_fit(result)


def supported_analysis_types(project: Project) -> list[str] | None:
    """Analysis types (from ``ANALYSIS_TYPES``) that fit the measured maturity.

    None while nothing is measured (no measurement has an overall level).
    Otherwise the types of the most recent measurement with an overall level,
    by the one rule in core.maturity.fit: describing and explaining always,
    predicting and prescribing once the themes they need have reached their
    level. The list is always in the order of ``ANALYSIS_TYPES``.
    """
    fit = current_fit(project)
    return None if fit is None else list(fit.types)


def fit_for(project: Project, type_id: str) -> TypeFit:
    """The verdict on one analysis type for this project, in the shared words."""
    return judge(type_id, current_fit(project))


__all__ = [
    "ANALYSIS_TYPES",
    "DONT_KNOW",
    "AnalysisFit",
    "MaturityResult",
    "MaturityState",
    "Measurement",
    "Questionnaire",
    "Respondent",
    "TypeFit",
    "advise",
    "analysis_fit",
    "fit_for",
    "judge",
    "summarise",
    "compare",
    "current_fit",
    "example_state",
    "latest_result",
    "load_questionnaire",
    "score_measurement",
    "supported_analysis_types",
]
