"""The ``charts`` section of the project file: chart specs and the suppression threshold.

A chart is stored as a *spec* (what to show), never as a picture: the figure is
rebuilt from the current data whenever it is shown or exported. The spec keeps
the data fingerprint it was last built on, so a chart whose data or cleaning
changed since can show "verouderd" until it is rebuilt. It also keeps what the
user wrote about it (title, alt text, interpretation) for the report.

This module is a plain model without dependencies on the rest of the engine, so
``core.project`` can import it; ``core.charts`` turns specs into figures.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

KINDS = ("lijn", "staaf", "liggende_staaf", "gestapelde_staaf", "tabel")
PERIODS = ("maand", "kwartaal", "jaar")
PERIOD_X = "periode"  # the x "dimension" that means: time, bucketed by ``period``
TOTAL_X = "totaal"  # the x that means: one figure for everything (x None = the default x)
SORTS = ("waarde_af", "waarde_op", "naam")
DEFAULT_THRESHOLD = 10  # small-number suppression; core.suppression is the one user of it


def _new_id() -> str:
    return uuid.uuid4().hex[:10]


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _optional_text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


@dataclass
class Target:
    """A horizontal (or vertical, for lying bars) reference line, e.g. a norm or a goal."""

    value: float
    label: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "label": self.label}

    @classmethod
    def from_dict(cls, data: Any) -> Target | None:
        if not isinstance(data, dict) or not isinstance(data.get("value"), int | float):
            return None
        return cls(float(data["value"]), _text(data.get("label")))


@dataclass
class Filter:
    """Keep only the records whose ``dimension`` has one of ``values`` (display codes)."""

    dimension: str
    values: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"dimension": self.dimension, "values": list(self.values)}

    @classmethod
    def from_dict(cls, data: Any) -> Filter | None:
        if not isinstance(data, dict) or not isinstance(data.get("dimension"), str):
            return None
        values = [str(v) for v in data.get("values") or [] if isinstance(v, str | int)]
        return cls(data["dimension"], values)


@dataclass
class Interpretation:
    """What the user writes per chart, for the report."""

    seen: str = ""  # wat ziet u?
    meaning: str = ""  # wat betekent het?
    action: str = ""  # wat gaat u doen?

    FIELDS = ("seen", "meaning", "action")

    def is_complete(self) -> bool:
        return all(getattr(self, f).strip() for f in self.FIELDS)

    def is_empty(self) -> bool:
        return not any(getattr(self, f).strip() for f in self.FIELDS)

    def to_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self.FIELDS}

    @classmethod
    def from_dict(cls, data: Any) -> Interpretation:
        data = data if isinstance(data, dict) else {}
        return cls(**{f: _text(data.get(f)) for f in cls.FIELDS})


@dataclass
class ChartSpec:
    """One chart: y is ``indicator`` aggregated by ``aggregation``; x is ``x`` (a dimension
    id, or "periode" bucketed by ``period``); ``group`` splits it into series."""

    indicator: str
    kind: str = "staaf"
    x: str | None = None
    group: str | None = None
    aggregation: str | None = None  # None: the indicator's default
    period: str = "maand"
    filters: list[Filter] = field(default_factory=list)
    date_from: str | None = None  # ISO dates, inclusive
    date_to: str | None = None
    sort: str = "waarde_af"
    target: Target | None = None
    params: dict[str, Any] = field(default_factory=dict)  # indicator parameters (norm...)
    title: str = ""
    title_edited: bool = False  # False: the suggested insight title follows the data
    alt_text: str = ""
    alt_text_edited: bool = False
    interpretation: Interpretation = field(default_factory=Interpretation)
    fingerprint: str = ""  # data fingerprint of the last build; "" = never built
    origin: str = ""  # "template:<id>:<n>" for a proposal; "" for the user's own
    id: str = field(default_factory=_new_id)
    created: str = field(default_factory=_now)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "indicator": self.indicator,
            "kind": self.kind,
            "x": self.x,
            "group": self.group,
            "aggregation": self.aggregation,
            "period": self.period,
            "filters": [f.to_dict() for f in self.filters],
            "date_from": self.date_from,
            "date_to": self.date_to,
            "sort": self.sort,
            "target": self.target.to_dict() if self.target else None,
            "params": dict(self.params),
            "title": self.title,
            "title_edited": self.title_edited,
            "alt_text": self.alt_text,
            "alt_text_edited": self.alt_text_edited,
            "interpretation": self.interpretation.to_dict(),
            "fingerprint": self.fingerprint,
            "origin": self.origin,
            "created": self.created,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChartSpec:
        """Tolerant: unknown values fall back to defaults rather than failing to open."""
        kind = data.get("kind")
        period = data.get("period")
        sort = data.get("sort")
        filters = [f for f in (Filter.from_dict(x) for x in data.get("filters") or []) if f]
        return cls(
            id=_text(data.get("id")) or _new_id(),
            indicator=_text(data.get("indicator")),
            kind=kind if kind in KINDS else "staaf",
            x=_optional_text(data.get("x")),
            group=_optional_text(data.get("group")),
            aggregation=_optional_text(data.get("aggregation")),
            period=period if period in PERIODS else "maand",
            filters=filters,
            date_from=_optional_text(data.get("date_from")),
            date_to=_optional_text(data.get("date_to")),
            sort=sort if sort in SORTS else "waarde_af",
            target=Target.from_dict(data.get("target")),
            params=dict(data.get("params") or {}),
            title=_text(data.get("title")),
            title_edited=bool(data.get("title_edited", False)),
            alt_text=_text(data.get("alt_text")),
            alt_text_edited=bool(data.get("alt_text_edited", False)),
            interpretation=Interpretation.from_dict(data.get("interpretation")),
            fingerprint=_text(data.get("fingerprint")),
            origin=_text(data.get("origin")),
            created=_text(data.get("created")) or _now(),
        )


@dataclass
class ChartBook:
    """All charts of a project, in the user's order, and the suppression threshold."""

    specs: list[ChartSpec] = field(default_factory=list)
    suppression_threshold: int = DEFAULT_THRESHOLD
    proposed_for: str | None = None  # template whose proposals were added already

    def get(self, spec_id: str) -> ChartSpec:
        for spec in self.specs:
            if spec.id == spec_id:
                return spec
        raise KeyError(spec_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "specs": [s.to_dict() for s in self.specs],
            "suppression_threshold": self.suppression_threshold,
            "proposed_for": self.proposed_for,
        }

    @classmethod
    def from_dict(cls, data: Any) -> ChartBook:
        if isinstance(data, list):  # before the section was typed: a bare list of specs
            data = {"specs": data}
        if not isinstance(data, dict):
            return cls()
        specs = [ChartSpec.from_dict(s) for s in data.get("specs") or [] if isinstance(s, dict)]
        threshold = data.get("suppression_threshold", DEFAULT_THRESHOLD)
        if not isinstance(threshold, int) or isinstance(threshold, bool) or threshold < 1:
            threshold = DEFAULT_THRESHOLD
        return cls(specs, threshold, _optional_text(data.get("proposed_for")))
