"""Data maturity (Gartner levels). Owned by the Volwassenheid step (issue 6).

``supported_analysis_types`` is the contract other steps use: the Vraag step's
feedback and the report ask which analysis types fit the organisation now.
It returns None while there is no measurement (the fit is then unknown).
"""

from __future__ import annotations

from core.project import Project

ANALYSIS_TYPES = ("beschrijvend", "diagnostisch", "voorspellend", "voorschrijvend")


def supported_analysis_types(project: Project) -> list[str] | None:
    """Analysis types that fit the measured maturity; None when not measured yet."""
    if not project.maturity.get("measurements"):
        return None
    raise NotImplementedError("scoring arrives with the Volwassenheid step")
