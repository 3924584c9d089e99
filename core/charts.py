"""Charts: stored specs (core.chart_spec) -> figures in the house style.

    data = build(project, spec)          # indicator + aggregation + suppression (the slow part)
    draw(figure, data)                   # matplotlib, Agg or QtAgg canvas (fast)
    rendered = render(project, spec)     # both, on a new Agg figure (report, export)
    rendered.png(), rendered.svg(), rendered.alt_text

Every figure shown, exported or put in the report passes through ``build``,
which applies the small-number rule (core.suppression) before anything is
drawn, sorted or described: hidden figures never reach a bar, a label, a title
or the alt text. Kinds are a registry (``KINDS``); the texts are in
resources/texts/charts.json.
"""

from __future__ import annotations

import copy
import io
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Annotation
from matplotlib.ticker import FuncFormatter

from core import analysis, suppression
from core.chart_fonts import use_house_font
from core.chart_spec import KINDS as KIND_IDS
from core.chart_spec import PERIOD_X, TOTAL_X, ChartSpec, Target
from core.errors import UserError
from core.house_style import CHART, axis_formatter, format_date, source_line, value_formatter
from core.i18n import _
from core.jobs import CancelToken, ProgressFn
from core.paths import load_json_resource
from core.project import Project
from core.templates import get_template


def texts() -> dict[str, Any]:
    return load_json_resource("texts", "charts.json")


def _t(section: str, key: str, **kwargs: Any) -> str:
    return _(texts()[section][key]).format(**kwargs)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def kind_label(kind: str) -> str:
    return _(texts()["kinds"][kind]["label"])


def dimension_label(dim: str | None) -> str:
    if dim is None:
        return ""
    found = texts()["dimensions"].get(dim)
    return _(found["label"]) if found else dim


def aggregation_label(aggregation: str) -> str:
    return _(texts()["aggregations"][aggregation]["label"])


def with_unit(value: float, unit: str) -> str:
    """'48 dagen', '85%', '€ 1.234', '120 cliënten'."""
    shown = value_formatter(unit)(value)
    patterns = texts()["units"].get(unit, {})
    pattern = patterns.get("with_unit_one" if shown == "1" else "with_unit", "") or \
        patterns.get("with_unit", "{value}")
    return _(pattern).format(value=shown)


# --------------------------------------------------------------------------- proposals


def _goal_fraction(project: Project) -> float | None:
    """A percentage in the question's target ('90% binnen 42 dagen'), as a fraction."""
    for text in (project.question.target, project.question.result):
        found = re.search(r"(\d+(?:[.,]\d+)?)\s*%", text or "")
        if found:
            return float(found.group(1).replace(",", ".")) / 100
    return None


def default_target(project: Project, indicator_id: str,
                   params: dict[str, Any] | None = None) -> Target | None:
    """The reference line a new chart of this indicator starts with: the norm for waiting
    days, the question's goal for a share where higher is better."""
    meta = analysis.indicator_texts().get(indicator_id, {})
    merged = {**analysis.default_params(indicator_id), **(params or {})}
    if meta.get("unit") == "dagen" and "norm_dagen" in merged:
        norm = float(merged["norm_dagen"])
        return Target(norm, _t("labels", "norm", value=with_unit(norm, "dagen")))
    goal = _goal_fraction(project)
    template = get_template(project.question.template)
    about_question = template is not None and indicator_id in template.indicators
    if meta.get("unit") == "procent" and meta.get("better") == "higher" and goal is not None \
            and about_question:  # the question's goal belongs to the question's indicators
        return Target(goal, _t("labels", "goal", value=with_unit(goal, "procent")))
    return None


PERIOD_ALIASES = {"month": "maand", "quarter": "kwartaal", "year": "jaar", "maanden": "maand",
                  "kwartalen": "kwartaal", "jaren": "jaar"}


def spec_from_proposal(project: Project, proposal: dict[str, Any], origin: str = "") -> ChartSpec:
    """A template proposal ``{"indicator", "kind", "group"?, "period"?, "aggregation"?}``:
    with a period, time is on the x axis and ``group`` splits it into series; without,
    ``group`` is what the bars compare."""
    indicator_id = str(proposal.get("indicator", ""))
    kind = proposal.get("kind") if proposal.get("kind") in KIND_IDS else "staaf"
    period = PERIOD_ALIASES.get(proposal.get("period"), proposal.get("period"))
    group = proposal.get("group") or None
    if period:
        x, series = PERIOD_X, group
    else:
        x, series = group, None
    spec = ChartSpec(
        indicator=indicator_id,
        kind=kind,
        x=x,
        group=series,
        aggregation=proposal.get("aggregation"),
        period=period if period in ("maand", "kwartaal", "jaar") else "maand",
        origin=origin,
    )
    spec.target = default_target(project, indicator_id)
    return spec


def proposals(project: Project) -> list[ChartSpec]:
    """The charts the question's template proposes that are not in the project yet."""
    template = get_template(project.question.template)
    if template is None:
        return []
    present = {s.origin for s in project.charts.specs}
    found = []
    for number, proposal in enumerate(template.charts):
        origin = f"template:{template.id}:{number}"
        if origin not in present and proposal.get("indicator") in analysis.registered():
            found.append(spec_from_proposal(project, proposal, origin))
    return found


def add_proposals(project: Project) -> list[ChartSpec]:
    """Add the template's missing proposals (once per template); returns what was added."""
    added = proposals(project)
    project.charts.specs.extend(added)
    project.charts.proposed_for = project.question.template
    return added


def needs_proposals(project: Project) -> bool:
    template = project.question.template
    return bool(template) and project.charts.proposed_for != template and bool(proposals(project))


# --------------------------------------------------------------------------- building


@dataclass(frozen=True)
class RefLine:
    value: float
    label: str
    style: str = "target"  # "target" or "warning"


@dataclass(frozen=True)
class ChartData:
    """Everything needed to draw, describe and tabulate a chart; already suppressed."""

    spec: ChartSpec  # the effective spec (defaults filled in, impossible choices corrected)
    result: analysis.IndicatorResult
    aggregation: str
    unit: str
    table: pd.DataFrame  # x, x_label, group, group_label, value (NaN = hidden), clients,
    #                      records, hidden ("", "klein", "afleidbaar"), display
    x_order: list[str]  # x labels in drawing order
    group_order: list[str]
    subject: str  # 'mediane wachttijd'
    value_label: str  # the value axis label
    subtitle: str
    lines: tuple[RefLine, ...]
    suggested_title: str
    alt_text: str
    source: str
    notes: tuple[str, ...]  # shown under the chart: suppression, incomplete period...
    guidance: tuple[str, ...]  # shown in the builder
    suppression_note: str
    rule: suppression.SuppressionRule
    fingerprint: str
    stale: bool
    better: str | None = None
    hidden_count: int = 0
    first_date: date | None = None  # the dates the figures cover
    last_date: date | None = None

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def title(self) -> str:
        if self.spec.title_edited and self.spec.title.strip():
            return self.spec.title
        return self.suggested_title

    @property
    def has_groups(self) -> bool:
        return self.spec.group is not None

    def visible(self) -> pd.DataFrame:
        return self.table[self.table["hidden"] == ""]

    def table_rows(self) -> tuple[list[str], list[list[str]]]:
        """Header and rows as text, suppression applied: for the table kind, the app and
        the report."""
        value_head = _cap(self.subject)
        if self.spec.x == PERIOD_X:
            first = _cap(_(texts()["periods"][self.spec.period]["noun"]))
        else:
            first = dimension_label(self.spec.x) if self.spec.x else ""
        if not self.has_groups:
            show_clients = self.aggregation != "aantal"
            header = [first, value_head] + (
                [_t("labels", "clients_column")] if show_clients else [])
            rows = []
            for label in self.x_order:
                row = self.table[self.table["x_label"] == label].iloc[0]
                cells = [label, row["display"]]
                if show_clients:
                    cells.append(self.rule.hidden_label if row["hidden"] == suppression.SECONDARY
                                 else self.rule.format_count(row["clients"]))
                rows.append(cells)
            return header, rows
        header = [first, *self.group_order]
        pivot = self.table.pivot_table(index="x_label", columns="group_label", values="display",
                                       aggfunc="first")
        rows = []
        for label in self.x_order:
            rows.append([label, *[pivot.at[label, g] if g in pivot.columns
                                  and pd.notna(pivot.at[label, g]) else "" for g in
                                  self.group_order]])
        return header, rows


def _copy_spec(spec: ChartSpec) -> ChartSpec:
    return copy.deepcopy(spec)


def normalise(spec: ChartSpec, result: analysis.IndicatorResult) -> tuple[ChartSpec, list[str]]:
    """Fill in defaults and correct choices that would make a dishonest or impossible
    chart; each correction comes with a sentence that says why."""
    eff = _copy_spec(spec)
    notes: list[str] = []
    dims = set(result.dimensions)
    if eff.x == TOTAL_X:
        eff.x = None  # one figure for all records
    elif eff.x not in dims and eff.x != PERIOD_X:
        eff.x = result.default_x
    if eff.group not in dims and eff.group != PERIOD_X:
        eff.group = None
    if eff.group == eff.x:
        eff.group = None
    eff.aggregation = analysis.valid_aggregation(result, eff.aggregation)
    if eff.aggregation == "marktaandeel" and "provider" not in (eff.x, eff.group):
        if eff.x is None:
            eff.x = "provider"
        else:
            eff.group = "provider"
        notes.append(_t("guidance", "share_needs_provider"))
    if eff.aggregation == "budgetuitputting" and (eff.x != "provider" or eff.group):
        eff.x, eff.group = "provider", None
        notes.append(_t("guidance", "budget_needs_provider"))
    if eff.kind == "gestapelde_staaf" and eff.aggregation not in analysis.ADDITIVE:
        eff.kind = "staaf"
        notes.append(_t("guidance", "stack_not_additive",
                        aggregation=aggregation_label(eff.aggregation).lower()))
    if eff.kind == "lijn" and eff.x != PERIOD_X:
        eff.kind = "liggende_staaf" if eff.x else "staaf"
        notes.append(_t("guidance", "line_without_time"))
    return eff, notes


def _subject(result: analysis.IndicatorResult, aggregation: str) -> str:
    short = analysis.indicator_texts()[result.id].get("short", result.label.lower())
    return _(texts()["aggregations"][aggregation]["subject"]).format(short=_(short))


def display_values(table: pd.DataFrame, unit: str, aggregation: str,
                   rule: suppression.SuppressionRule) -> pd.Series:
    """The figures as shown: Dutch numbers in the unit, a hidden mark where suppressed."""
    fmt = value_formatter(unit)
    shown = table["value"].map(lambda v: "" if pd.isna(v) else fmt(v))
    hidden_text = np.where(
        (table["hidden"] == suppression.PRIMARY) & (aggregation == "aantal"),
        rule.count_label, rule.hidden_label)
    return pd.Series(np.where(table["hidden"] != "", hidden_text, shown), index=table.index,
                     dtype="object")


def _order(table: pd.DataFrame, spec: ChartSpec, additive: bool) -> tuple[list[str], list[str]]:
    """Categories in the chosen order after suppression (hidden ones last, so the order
    does not give their size away); periods in time order."""
    specials = {analysis.label_text("other"), analysis.label_text("unknown")}
    if spec.x == PERIOD_X:
        x_order = list(dict.fromkeys(table.sort_values("x")["x_label"]))
    else:
        visible = table[table["hidden"] == ""]
        score = visible.groupby("x_label")["value"].agg("sum" if additive else "mean")
        labels = list(dict.fromkeys(table["x_label"]))
        if spec.sort == "naam":
            ranked = sorted(labels, key=str.casefold)
        else:
            descending = spec.sort != "waarde_op"
            ranked = sorted((lb for lb in labels if lb in score.index),
                            key=lambda lb: score[lb], reverse=descending)
            ranked += sorted((lb for lb in labels if lb not in score.index), key=str.casefold)
        x_order = [lb for lb in ranked if lb not in specials] + [
            lb for lb in ranked if lb in specials]
    groups = table.groupby("group_label")["clients"].sum().sort_values(ascending=False)
    group_order = [g for g in groups.index if g not in specials] + [
        g for g in groups.index if g in specials]
    return x_order, group_order


def build(project: Project, spec: ChartSpec, *, progress: ProgressFn | None = None,
          cancel: CancelToken | None = None) -> ChartData:
    """Compute, aggregate and suppress the figures of one chart spec."""
    result = analysis.compute(project, spec.indicator, spec.params, progress=progress,
                              cancel=cancel)
    eff, guidance = normalise(spec, result)
    agg = analysis.aggregate(
        result, x=eff.x, group=eff.group, aggregation=eff.aggregation, period=eff.period,
        filters=eff.filters, date_from=eff.date_from, date_to=eff.date_to,
        max_groups=CHART.max_series)
    rule = suppression.rule_for(project)
    within = None
    if agg.aggregation == "marktaandeel":
        within = ["x"] if eff.group == "provider" else ["group"]
    sup = suppression.suppress(agg.table, rule, within=within)
    table = sup.table
    table["display"] = display_values(table, agg.unit, agg.aggregation, rule)
    x_order, group_order = _order(table, eff, agg.additive)
    if eff.group is None:
        group_order = [""]

    meta = analysis.indicator_texts()[result.id]
    better = meta.get("better")
    subject = _subject(result, agg.aggregation)
    lines = _lines(eff, result, agg.aggregation)
    notes = list(result.notes)
    suppression_note = rule.chart_note(sup.primary, sup.secondary)
    if suppression_note:
        notes.append(suppression_note)
    if agg.partial_period:
        notes.append(analysis.note_text("partial_period", period=agg.partial_period))
    if agg.combined:
        notes.append(_t("labels", "combined_note", n=agg.combined))
    filter_text = _filter_text(eff, result)
    if filter_text:
        notes.append(filter_text)
    sources = [*result.sources]
    used = analysis.format_count_noun(result.used, result.record_noun)
    source = source_line([*sources, used], date.today(), result.data_until)
    fingerprint = analysis.indicator_fingerprint(project, spec.indicator)
    unit_texts = texts()["units"].get(agg.unit, {"axis": "{subject}"})
    data = ChartData(
        spec=eff,
        result=result,
        aggregation=agg.aggregation,
        unit=agg.unit,
        table=table,
        x_order=x_order,
        group_order=group_order,
        subject=subject,
        value_label=_(unit_texts["axis"]).format(subject=_cap(subject)),
        subtitle=_subtitle(eff, subject, agg),
        lines=lines,
        suggested_title="",
        alt_text="",
        source=source,
        notes=tuple(notes),
        guidance=tuple(guidance + _advice(eff, table)),
        suppression_note=suppression_note,
        rule=rule,
        fingerprint=fingerprint,
        stale=bool(spec.fingerprint) and spec.fingerprint != fingerprint,
        better=better,
        hidden_count=sup.primary + sup.secondary,
        first_date=agg.first_date.date() if agg.first_date is not None else None,
        last_date=agg.last_date.date() if agg.last_date is not None else None,
    )
    return replace(data, suggested_title=suggest_title(data), alt_text=describe(data))


def _lines(spec: ChartSpec, result: analysis.IndicatorResult, aggregation: str
           ) -> tuple[RefLine, ...]:
    lines = []
    if spec.target is not None:
        lines.append(RefLine(spec.target.value, spec.target.label))
    if aggregation == "budgetuitputting":
        warning = float(result.reference.get("warning", 0.9))
        lines.append(RefLine(1.0, _t("labels", "ceiling")))
        lines.append(RefLine(warning, _t("labels", "warning", value=with_unit(warning, "procent")),
                             "warning"))
    return tuple(lines)


def _filter_text(spec: ChartSpec, result: analysis.IndicatorResult) -> str:
    parts = []
    for flt in spec.filters:
        if not flt.values:
            continue
        labels = result.labels.get(flt.dimension, {})
        names = ", ".join(labels.get(v, v) for v in flt.values)
        parts.append(f"{dimension_label(flt.dimension).lower()} {names}")
    if spec.date_from or spec.date_to:
        start = format_date(pd.Timestamp(spec.date_from)) if spec.date_from else "…"
        end = format_date(pd.Timestamp(spec.date_to)) if spec.date_to else "…"
        parts.append(f"{start} – {end}")
    return _t("labels", "filter_note", filters="; ".join(parts)) if parts else ""


def _subtitle(spec: ChartSpec, subject: str, agg: analysis.Aggregated) -> str:
    if spec.x == PERIOD_X:
        per = _(texts()["periods"][spec.period]["label"]).lower()
    elif spec.x:
        per = _("per {dim}").format(dim=_(texts()["dimensions"][spec.x]["singular"]))
    else:
        per = ""
    text = f"{_cap(subject)} {per}".strip()
    if spec.group:
        text += ", " + _("per {dim}").format(dim=_(texts()["dimensions"][spec.group]["singular"]))
    if spec.x == PERIOD_X and len(agg.table):
        ordered = agg.table.sort_values("x")["x_label"]
        text += " · " + _t("labels", "date_range", first=ordered.iloc[0], last=ordered.iloc[-1])
    elif agg.first_date is not None and agg.last_date is not None:
        text += " · " + _t("labels", "date_range", first=format_date(agg.first_date),
                           last=format_date(agg.last_date))
    return text


def _advice(spec: ChartSpec, table: pd.DataFrame) -> list[str]:
    advice = []
    n_x = table["x_label"].nunique()
    if spec.kind in ("staaf", "gestapelde_staaf") and spec.x == PERIOD_X and n_x > 12:
        advice.append(_t("guidance", "bars_for_many_periods"))
    if spec.group and table["group_label"].nunique() > CHART.max_series:
        advice.append(_t("guidance", "too_many_groups"))
    if spec.kind in ("staaf", "gestapelde_staaf") and spec.x != PERIOD_X and _labels_too_long(
            list(table["x_label"].dropna().unique()), CHART.width_in):
        advice.append(_t("guidance", "long_labels"))
    return advice


# --------------------------------------------------------------------------- words


def _plural(dim: str | None) -> str:
    return _(texts()["dimensions"].get(dim or "", {}).get("plural", ""))


def suggest_title(data: ChartData) -> str:
    """A title that states what the chart shows, from the visible figures only."""
    subject = _cap(data.subject)
    visible = data.visible()
    fmt = lambda v: with_unit(v, data.unit)  # noqa: E731
    if visible.empty or visible["value"].isna().all():
        return _t("titles", "empty", subject=subject)
    visible = visible[visible["value"].notna()]
    target = next((ln for ln in data.lines if ln.style == "target"), None)
    if data.spec.x == PERIOD_X:
        if data.has_groups:
            first, last = visible["x"].min(), visible["x"].max()
            return _t("titles", "trend_groups", subject=subject,
                      group=_(texts()["dimensions"][data.spec.group]["singular"]),
                      first_period=_label_of(visible, first), last_period=_label_of(visible, last))
        ordered = visible.sort_values("x")
        if len(ordered) == 1:
            return _t("titles", "single_period", subject=subject,
                      value=fmt(ordered.iloc[0]["value"]), period=ordered.iloc[0]["x_label"])
        if data.result.reference.get("incomplete_start"):
            # The first periods undercount, so 'rose from ... to ...' would mislead.
            last, top = ordered.iloc[-1], ordered.loc[ordered["value"].idxmax()]
            return _t("titles", "trend_latest", subject=subject, last=fmt(last["value"]),
                      last_period=last["x_label"], max=fmt(top["value"]),
                      max_period=top["x_label"])
        span = 3 if len(ordered) >= 8 else 1  # single months are noisy: compare averages
        head, tail = ordered.iloc[:span], ordered.iloc[-span:]
        key = "trend_target" if target is not None else "trend"
        if span > 1:
            key = "trend_avg_target" if target is not None else "trend_avg"
        first, last = head["value"].mean(), tail["value"].mean()
        verb = _trend_verb(first, last, data.unit)
        if span == 1 and verb == _t("titles", "flat"):
            key = "trend_flat_target" if target is not None else "trend_flat"
        return _t("titles", key, subject=subject, verb=verb,
                  first=fmt(first), first_period=_span_label(head), last=fmt(last),
                  last_period=_span_label(tail),
                  target=fmt(target.value) if target is not None else "")
    if data.has_groups:
        return _t("titles", "groups", subject=subject,
                  x=_(texts()["dimensions"].get(data.spec.x or "", {}).get("singular", "")),
                  group=_(texts()["dimensions"][data.spec.group]["singular"]))
    if len(visible) == 1:
        return _t("titles", "single", subject=subject, value=fmt(visible["value"].iloc[0]))
    n = len(data.x_order)
    budget_warning = next((ln for ln in data.lines if ln.style == "warning"), None)
    reference = budget_warning or target
    if reference is not None and data.better in ("lower", "higher"):
        if data.better == "lower":
            k = int((visible["value"] > reference.value).sum())
            key = "above_target" if k else "none_above_target"
        else:
            k = int((visible["value"] < reference.value).sum())
            key = "below_target" if k else "none_below_target"
        return _t("titles", key, subject=subject, target=fmt(reference.value), k=k, n=n,
                  plural=_plural(data.spec.x))
    top = visible.loc[visible["value"].idxmax()]
    bottom = visible.loc[visible["value"].idxmin()]
    return _t("titles", "range", subject=subject, top=top["x_label"],
              top_value=fmt(top["value"]), bottom=bottom["x_label"],
              bottom_value=fmt(bottom["value"]))


def _span_label(rows: pd.DataFrame) -> str:
    """'sep 2024' or 'jul–sep 2024' (or 'nov 2023–jan 2024')."""
    first, last = str(rows.iloc[0]["x_label"]), str(rows.iloc[-1]["x_label"])
    if first == last:
        return first
    a, b = first.rsplit(" ", 1), last.rsplit(" ", 1)
    if len(a) == 2 and len(b) == 2 and a[1] == b[1]:
        return f"{a[0]}–{last}"
    return f"{first}–{last}"


def _label_of(table: pd.DataFrame, x_value: Any) -> str:
    return str(table.loc[table["x"] == x_value, "x_label"].iloc[0])


def _trend_verb(first: float, last: float, unit: str) -> str:
    if unit == "procent":
        flat = abs(last - first) < 0.02
    else:
        flat = abs(last - first) <= 0.05 * max(abs(first), abs(last), 1e-9)
    if flat:
        return _t("titles", "flat")
    return _t("titles", "up" if last > first else "down")


def describe(data: ChartData) -> str:
    """Alt text for the accessible report: what the chart is and what it shows, in words,
    without any hidden figure."""
    kind = _cap(_(texts()["kinds"][data.kind]["name"]))
    x_text = (_(texts()["periods"][data.spec.period]["noun"]) if data.spec.x == PERIOD_X
              else _(texts()["dimensions"].get(data.spec.x or "", {}).get("singular", "")))
    if data.has_groups:
        parts = [_t("alt", "intro_groups", kind=kind, subject=data.subject, x=x_text,
                    group=_(texts()["dimensions"][data.spec.group]["singular"]))]
    elif data.spec.x:
        parts = [_t("alt", "intro", kind=kind, subject=data.subject, x=x_text)]
    else:
        parts = [_t("alt", "total", kind=kind, subject=data.subject)]
    visible = data.visible()
    visible = visible[visible["value"].notna()]
    fmt = lambda v: with_unit(v, data.unit)  # noqa: E731
    if visible.empty:
        parts.append(_t("alt", "empty"))
    elif len(visible) == 1:
        parts.append(_t("alt", "single", value=fmt(visible["value"].iloc[0])))
    elif data.spec.x == PERIOD_X and not data.has_groups:
        ordered = visible.sort_values("x")
        hi, lo = ordered.loc[ordered["value"].idxmax()], ordered.loc[ordered["value"].idxmin()]
        parts.append(_t("alt", "trend", first_period=ordered.iloc[0]["x_label"],
                        last_period=ordered.iloc[-1]["x_label"],
                        first=fmt(ordered.iloc[0]["value"]), last=fmt(ordered.iloc[-1]["value"]),
                        max=fmt(hi["value"]), max_period=hi["x_label"],
                        min=fmt(lo["value"]), min_period=lo["x_label"]))
    else:
        hi, lo = visible.loc[visible["value"].idxmax()], visible.loc[visible["value"].idxmin()]
        name = lambda r: f"{r['x_label']}" + (f", {r['group_label']}" if data.has_groups else "")  # noqa: E731
        parts.append(_t("alt", "range", top=name(hi), top_value=fmt(hi["value"]),
                        bottom=name(lo), bottom_value=fmt(lo["value"])))
    for line in data.lines:
        parts.append(_t("alt", "target", target=fmt(line.value), label=line.label))
    if data.suppression_note:
        parts.append(data.suppression_note)
    return " ".join(parts)


# --------------------------------------------------------------------------- drawing

Drawer = Callable[[Axes, ChartData], None]
KINDS: dict[str, Drawer] = {}


def drawer(kind: str) -> Callable[[Drawer], Drawer]:
    if kind not in KIND_IDS:
        raise ValueError(f"unknown chart kind {kind!r}")

    def add(fn: Drawer) -> Drawer:
        if kind in KINDS:
            raise ValueError(f"chart kind {kind!r} registered twice")
        KINDS[kind] = fn
        return fn

    return add


def _wrap(text: str, width_in: float, size: float, bold: bool = False) -> str:
    """Wrap to the figure width (Lato averages ~0.5 em per character; this errs wide)."""
    chars = max(20, int((width_in - 0.3) * 72 / (size * (0.64 if bold else 0.56))))
    return "\n".join(textwrap.fill(part, chars, break_long_words=False)
                     for part in text.split("\n") if part)


def _style_axes(ax: Axes, value_axis: str, unit: str) -> None:
    style = CHART
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(style.axis)
    ax.tick_params(colors=style.text, labelsize=style.tick_size, length=0 if value_axis == "y"
                   else 3)
    ax.set_axisbelow(True)
    ax.grid(axis=value_axis, color=style.grid, linewidth=0.9)
    formatter = FuncFormatter(lambda v, _pos: axis_formatter(unit)(v))
    (ax.yaxis if value_axis == "y" else ax.xaxis).set_major_formatter(formatter)
    if value_axis == "x":
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
    else:
        ax.tick_params(axis="x", length=0)


def _unit_above_axis(ax: Axes, data: ChartData) -> None:
    """The unit written horizontally above a vertical value axis (easier to read than a
    turned label; the subtitle already says what is measured). % and € are in the ticks."""
    unit = _(texts()["units"].get(data.unit, {}).get("above_axis", ""))
    if unit:
        ax.annotate(unit, xy=(0, 1), xycoords="axes fraction", xytext=(-6, 8),
                    textcoords="offset points", ha="right", va="bottom",
                    fontsize=CHART.tick_size, color=CHART.muted)


def _value_limits(data: ChartData, stacked: bool = False) -> tuple[float, float]:
    """Bars start at zero; shares run to 100%; room above for labels and lines."""
    visible = data.visible()["value"].dropna()
    if stacked:
        visible = data.visible().groupby("x_label")["value"].sum()
    top = max([*visible.tolist(), *[ln.value for ln in data.lines], 0.0])
    bottom = min([*visible.tolist(), 0.0])
    if data.unit == "procent" and data.aggregation != "budgetuitputting":
        return 0.0, max(1.0, top * 1.08)
    if top == 0 and bottom == 0:
        top = 1.0
    return bottom * 1.1, top * 1.15


def _reference_lines(ax: Axes, data: ChartData, orientation: str) -> None:
    style = CHART
    for line in data.lines:
        colour = style.warning if line.style == "warning" else style.reference
        if orientation == "h":
            ax.axhline(line.value, color=colour, linestyle="--", linewidth=1.4, zorder=4)
            # In the right margin, where it cannot cover a data label.
            ax.annotate(textwrap.fill(line.label, 16), xy=(1, line.value),
                        xycoords=("axes fraction", "data"), xytext=(5, 0),
                        textcoords="offset points", ha="left", va="center",
                        fontsize=style.value_size, color=colour, zorder=5,
                        annotation_clip=False)
        else:
            ax.axvline(line.value, color=colour, linestyle="--", linewidth=1.4, zorder=4)
            # Beside the top of the line, on the side where there is room (a first guess;
            # _keep_labels_inside moves it once the layout is final).
            low, high = ax.get_xlim()
            right = line.value > low + 0.7 * (high - low)
            label = ax.annotate(line.label, xy=(line.value, 1.0),
                                xycoords=("data", "axes fraction"),
                                xytext=(-3 if right else 3, 2), textcoords="offset points",
                                ha="right" if right else "left", va="bottom",
                                fontsize=style.value_size, color=colour, zorder=5)
            label.set_gid(SIDE_LABEL)


SIDE_LABEL = "side-label"  # a label beside its anchor that may change sides to fit


def _keep_labels_inside(figure: Figure) -> None:
    """Labels are placed before the layout is final, so one may stick out of the picture
    (a long norm label beside a line near the right edge). A side label first changes
    sides; any label still sticking out moves just inside the edge."""
    renderer = figure.canvas.get_renderer()
    width, height = figure.bbox.width, figure.bbox.height
    edge = 2.0  # pixels kept free at the border
    for ax in figure.axes:
        for text in ax.texts:
            if not text.get_visible() or not text.get_text():
                continue
            box = text.get_window_extent(renderer)
            if text.get_gid() == SIDE_LABEL and isinstance(text, Annotation) and (
                    box.x1 > width - edge or box.x0 < edge):
                dx, dy = text.xyann
                flipped = "left" if text.get_horizontalalignment() == "right" else "right"
                text.set_horizontalalignment(flipped)
                text.xyann = (-dx, dy)
                box_flipped = text.get_window_extent(renderer)
                if box_flipped.x0 < edge or box_flipped.x1 > width - edge:
                    # No room on either side: keep the side where less falls off.
                    lost = max(0.0, box.x1 - width) + max(0.0, -box.x0)
                    lost_flipped = max(0.0, box_flipped.x1 - width) + max(0.0, -box_flipped.x0)
                    if lost < lost_flipped:
                        text.set_horizontalalignment(
                            "left" if flipped == "right" else "right")
                        text.xyann = (dx, dy)
                box = text.get_window_extent(renderer)
            shift_x = (width - edge - box.x1 if box.x1 > width - edge
                       else edge - box.x0 if box.x0 < edge else 0.0)
            shift_y = (height - edge - box.y1 if box.y1 > height - edge
                       else edge - box.y0 if box.y0 < edge else 0.0)
            if shift_x or shift_y:
                _move_text(text, shift_x, shift_y, figure.dpi)


def _move_text(text, shift_x: float, shift_y: float, dpi: float) -> None:
    """Move a label by a number of pixels, whatever coordinates it was placed in."""
    if isinstance(text, Annotation) and text.anncoords == "offset points":
        dx, dy = text.xyann
        text.xyann = (dx + shift_x * 72 / dpi, dy + shift_y * 72 / dpi)
        return
    transform = text.get_transform()
    x, y = transform.transform(text.get_position())
    text.set_position(transform.inverted().transform((x + shift_x, y + shift_y)))


def _is_bad(data: ChartData, value: float) -> bool:
    reference = next((ln for ln in data.lines if ln.style == "warning"), None) or next(
        (ln for ln in data.lines if ln.style == "target"), None)
    if reference is None or data.better not in ("lower", "higher") or pd.isna(value):
        return False
    return value > reference.value if data.better == "lower" else value < reference.value


def _cells(data: ChartData) -> dict[tuple[str, str], pd.Series]:
    return {(r["x_label"], r["group_label"]): r for _, r in data.table.iterrows()}


def _hidden_mark(ax: Axes, x: float, y: float, text: str, horizontal: bool) -> None:
    ax.annotate(text, xy=(x, y), xytext=(4, 0) if horizontal else (0, 3),
                textcoords="offset points", ha="left" if horizontal else "center",
                va="center" if horizontal else "bottom", fontsize=CHART.value_size,
                color=CHART.muted, style="italic")


def _series_colour(index: int, label: str) -> str:
    if label == analysis.label_text("other"):
        return CHART.other
    return CHART.series[index % len(CHART.series)]


def _chars_per_category(n: int, width_in: float, share: float = 0.8) -> int:
    per_category = width_in * share / max(1, n)
    return max(6, int(per_category * 72 / (CHART.tick_size * 0.56)))


def _labels_too_long(labels: list[str], width_in: float, share: float = 0.8) -> bool:
    chars = _chars_per_category(len(labels), width_in, share)
    wrapped = [textwrap.wrap(lb, chars, break_long_words=False) or [""] for lb in labels]
    return any(len(lines) > 3 or max(len(x) for x in lines) > chars + 2 for lines in wrapped)


def _category_ticks(ax: Axes, labels: list[str], share: float = 0.8) -> None:
    """Category names under vertical bars: wrapped to the room per bar, or slanted when
    they do not fit (the builder then suggests a lying bar chart)."""
    positions = np.arange(len(labels))
    width_in = ax.figure.get_size_inches()[0]
    if _labels_too_long(labels, width_in, share):
        ax.set_xticks(positions, labels, rotation=30, ha="right", rotation_mode="anchor")
        return
    chars = _chars_per_category(len(labels), width_in, share)
    ax.set_xticks(positions, [textwrap.fill(lb, chars, break_long_words=False) for lb in labels])


def _thin_ticks(ax: Axes, labels: list[str]) -> None:
    """Period labels on the x axis: all of them up to 8, else every 3rd, 6th or 12th, so
    monthly data shows quarters or years."""
    n = len(labels)
    step = 1 if n <= 8 else 3 if n <= 30 else 6 if n <= 60 else 12
    positions = list(range(0, n, step))
    ax.set_xticks(positions, [labels[i] for i in positions])


def _bars(ax: Axes, data: ChartData, horizontal: bool) -> None:
    style = CHART
    cells = _cells(data)
    n_x, groups = len(data.x_order), data.group_order
    width = 0.8 / max(1, len(groups))
    base = np.arange(n_x, dtype=float)
    if horizontal:
        base = base[::-1]  # first in the order at the top
    label_all = n_x * len(groups) <= 40
    low, high = _value_limits(data)
    pad = (high - low) * 0.01
    for gi, group in enumerate(groups):
        offset = (gi - (len(groups) - 1) / 2) * width
        for xi, label in enumerate(data.x_order):
            cell = cells.get((label, group))
            if cell is None:
                continue
            pos = base[xi] + offset
            if cell["hidden"] != "":
                if horizontal:
                    _hidden_mark(ax, 0, pos, cell["display"], True)
                else:
                    _hidden_mark(ax, pos, 0, cell["display"], False)
                continue
            value = cell["value"]
            if pd.isna(value):
                continue
            colour = (style.highlight if len(groups) == 1 and _is_bad(data, value)
                      else _series_colour(gi, group) if data.has_groups else style.single)
            if horizontal:
                ax.barh(pos, value, height=width * 0.92, color=colour, zorder=3,
                        label=group if xi == 0 else None)
                if label_all:
                    _value_label(ax, data, value, pos, pad, (low, high), horizontal=True)
            else:
                ax.bar(pos, value, width=width * 0.92, color=colour, zorder=3,
                       label=group if xi == 0 else None)
                if label_all:
                    _value_label(ax, data, value, pos, pad, (low, high), horizontal=False)
    if horizontal:
        ax.set_yticks(base, [textwrap.fill(lb, 40, break_long_words=False)
                             for lb in data.x_order])
        ax.set_xlim(low, high)
        ax.set_ylim(-0.6, n_x - 0.4)
        ax.set_xlabel(data.value_label, fontsize=style.label_size, color=style.text)
        _reference_lines(ax, data, "v")
    else:
        if data.spec.x == PERIOD_X:
            _thin_ticks(ax, data.x_order)
        else:
            _category_ticks(ax, data.x_order, 0.6 if data.has_groups else 0.8)
        ax.set_ylim(low, high)
        ax.set_xlim(-0.6, n_x - 0.4)
        _unit_above_axis(ax, data)
        _reference_lines(ax, data, "h")
    if data.has_groups:
        _legend(ax, len(groups))


def _label_extent(ax: Axes, text: str, span: float, horizontal: bool) -> float:
    """Roughly how much of the value axis a value label takes (in data units), before the
    layout is final: a little generous, so a label near a line moves rather than touches."""
    width_in, height_in = ax.figure.get_size_inches()
    size_in = CHART.value_size / 72
    if horizontal:
        return span * (len(text) * 0.6 * size_in) / (0.55 * width_in)
    return span * (1.25 * size_in) / (0.6 * height_in)


def _value_label(ax: Axes, data: ChartData, value: float, pos: float, pad: float,
                 limits: tuple[float, float], horizontal: bool) -> None:
    """The value at the end of a bar; never on top of a norm or goal line: then inside
    the bar (white), or beyond the line when the bar is too short."""
    text = value_formatter(data.unit)(value)
    extent = _label_extent(ax, text, limits[1] - limits[0], horizontal)
    start, end = value + pad, value + pad + extent
    crossed = [ln.value for ln in data.lines if start - pad <= ln.value <= end + pad]
    where, align, colour = value + pad, "left" if horizontal else "bottom", CHART.text
    if crossed and value - limits[0] > extent + 3 * pad:
        where, align, colour = value - pad, "right" if horizontal else "top", "white"
    elif crossed:
        where = max(crossed) + pad
    if horizontal:
        ax.text(where, pos, text, va="center", ha=align, fontsize=CHART.value_size,
                color=colour, zorder=5)
    else:
        ax.text(pos, where, text, va=align, ha="center", fontsize=CHART.value_size,
                color=colour, zorder=5)


def _legend(ax: Axes, n: int) -> None:
    handles, labels = ax.get_legend_handles_labels()
    legend = ax.legend(handles, [textwrap.fill(lb, 28) for lb in labels], loc="center left",
                       bbox_to_anchor=(1.01, 0.5), frameon=False, fontsize=CHART.value_size)
    for text in legend.get_texts():
        text.set_color(CHART.text)


@drawer("staaf")
def _draw_bars(ax: Axes, data: ChartData) -> None:
    _style_axes(ax, "y", data.unit)
    _bars(ax, data, horizontal=False)


@drawer("liggende_staaf")
def _draw_lying_bars(ax: Axes, data: ChartData) -> None:
    _style_axes(ax, "x", data.unit)
    _bars(ax, data, horizontal=True)


@drawer("gestapelde_staaf")
def _draw_stacked(ax: Axes, data: ChartData) -> None:
    style = CHART
    _style_axes(ax, "y", data.unit)
    cells = _cells(data)
    n_x = len(data.x_order)
    low, high = _value_limits(data, stacked=True)
    bottoms = np.zeros(n_x)
    fmt = value_formatter(data.unit)
    for gi, group in enumerate(data.group_order):
        values = np.array([
            cells[(lb, group)]["value"] if (lb, group) in cells
            and cells[(lb, group)]["hidden"] == "" and pd.notna(cells[(lb, group)]["value"])
            else 0.0 for lb in data.x_order])
        ax.bar(np.arange(n_x), values, bottom=bottoms, width=0.7, zorder=3,
               color=_series_colour(gi, group), label=group or data.subject,
               edgecolor="white", linewidth=0.6)
        for xi, value in enumerate(values):
            if value > 0.07 * high and n_x <= 12:
                ax.text(xi, bottoms[xi] + value / 2, fmt(value), ha="center", va="center",
                        fontsize=style.value_size - 0.5, color="white", zorder=5)
        bottoms += values
    if data.aggregation == "marktaandeel":
        # Shares add up to 100%: the hidden ones together fill the rest of the bar. The
        # rule hides at least two shares per bar, so the rest never shows a single group.
        rest = np.clip(1.0 - bottoms, 0, None)
        rest[rest < 1e-9] = 0
        if rest.any():
            ax.bar(np.arange(n_x), rest, bottom=bottoms, width=0.7, zorder=3, color="white",
                   edgecolor=style.other, hatch="///", linewidth=0.6,
                   label=data.rule.hidden_segment_label)
    if data.spec.x == PERIOD_X:
        _thin_ticks(ax, data.x_order)
    else:
        _category_ticks(ax, data.x_order, 0.6)
    ax.set_ylim(low, high)
    ax.set_xlim(-0.6, n_x - 0.4)
    _unit_above_axis(ax, data)
    _reference_lines(ax, data, "h")
    # Beside the bars, top to bottom in the order of the stack.
    handles, labels = ax.get_legend_handles_labels()
    legend = ax.legend(handles[::-1], [textwrap.fill(lb, 28) for lb in labels[::-1]],
                       loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False,
                       fontsize=style.value_size)
    for text in legend.get_texts():
        text.set_color(style.text)


@drawer("lijn")
def _draw_line(ax: Axes, data: ChartData) -> None:
    style = CHART
    _style_axes(ax, "y", data.unit)
    cells = _cells(data)
    n_x = len(data.x_order)
    positions = np.arange(n_x)
    low, high = _value_limits(data)
    fmt = value_formatter(data.unit)
    ends: list[tuple[float, str, str]] = []
    for gi, group in enumerate(data.group_order):
        values = np.array([
            cells[(lb, group)]["value"] if (lb, group) in cells
            and cells[(lb, group)]["hidden"] == "" else np.nan for lb in data.x_order],
            dtype="float64")
        colour = _series_colour(gi, group) if data.has_groups else style.single
        ax.plot(positions, values, color=colour, linewidth=2.4, marker="o",
                markersize=3.5 if n_x > 12 else 5, zorder=4)
        known = np.flatnonzero(~np.isnan(values))
        if not len(known):
            continue
        last = known[-1]
        if data.has_groups:
            ends.append((values[last], f"{group} {fmt(values[last])}", colour))
        else:
            first = known[0]
            # The first label leans right and the last left, away from the axis labels.
            for idx, align in {first: "left", last: "right" if last != first else "center"}.items():
                # Above the point; when a norm or goal line runs just above it, above
                # that line, so the label never sits on it.
                extent = _label_extent(ax, "0", high - low, horizontal=False) * 1.6
                crossed = [ln.value for ln in data.lines
                           if values[idx] <= ln.value <= values[idx] + extent]
                anchor = max(crossed) if crossed else values[idx]
                ax.annotate(fmt(values[idx]), xy=(idx, anchor),
                            xytext=(0, 4 if crossed else 7), textcoords="offset points",
                            ha=align, va="bottom", fontsize=style.value_size,
                            color=style.text, zorder=6,
                            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})
    if ends:  # labels at the end of each line instead of a legend
        gap = (high - low) * 0.055
        ends.sort(key=lambda e: e[0])
        placed: list[float] = []
        for value, text, colour in ends:
            y = max(value, placed[-1] + gap) if placed else value
            placed.append(y)
            ax.annotate(text, xy=(n_x - 1, value), xytext=(n_x - 1 + 0.4, y),
                        textcoords="data", va="center", ha="left", fontsize=style.value_size,
                        color=colour, annotation_clip=False)
    _thin_ticks(ax, data.x_order)
    ax.tick_params(axis="x", pad=7)  # keeps the first period clear of the y axis' lowest label
    ax.set_ylim(low, high)
    ax.set_xlim(-0.5, n_x - 0.5)
    _unit_above_axis(ax, data)
    _reference_lines(ax, data, "h")


@drawer("tabel")
def _draw_table(ax: Axes, data: ChartData) -> None:
    style = CHART
    ax.axis("off")
    header, rows = data.table_rows()
    if not rows:
        return
    shown = rows[:30]
    header = [textwrap.fill(h, 16, break_long_words=False) for h in header]
    table = ax.table(cellText=shown, colLabels=header, loc="upper left", cellLoc="right",
                     colLoc="right", edges="horizontal")
    table.auto_set_font_size(False)
    for (row, col), cell in table.get_celld().items():
        cell.set_edgecolor(style.grid)
        cell.get_text().set_color(style.text)
        if col == 0:
            cell.get_text().set_horizontalalignment("left")
        if row == 0:
            cell.get_text().set_fontweight("bold")
            cell.set_height(cell.get_height() * (1 + max(h.count("\n") for h in header)))
    # Largest readable size at which the table fits the width of the figure.
    renderer = ax.figure.canvas.get_renderer()
    available = ax.figure.bbox.width * 0.96
    for size in (style.tick_size, 9.0, 8.0, 7.0):
        table.set_fontsize(size)
        table.auto_set_column_width(list(range(len(header))))
        if table.get_window_extent(renderer).width <= available:
            break
    table.scale(1, 1.35)


def new_figure(width_in: float | None = None, height_in: float | None = None) -> Figure:
    """A figure with an Agg canvas, for files and the report (the app uses its own canvas)."""
    use_house_font()
    figure = Figure(figsize=(width_in or CHART.width_in, height_in or CHART.height_in),
                    dpi=CHART.dpi, facecolor=CHART.background)
    FigureCanvasAgg(figure)
    return figure


def draw(figure: Figure, data: ChartData, *, title: str | None = None) -> None:
    """Draw the chart into ``figure`` (cleared first): title that states the insight,
    subtitle, the chart, notes and the source line."""
    import warnings

    style = CHART
    use_house_font()
    figure.clear()
    figure.set_facecolor(style.background)
    width, height = figure.get_size_inches()
    heading = _wrap(title if title is not None else data.title, width, style.title_size, True)
    sub = _wrap(data.subtitle, width, style.subtitle_size)
    foot = _wrap("\n".join([*data.notes, data.source]), width, style.note_size)
    inch = 1 / height
    top_pad = 0.12
    title_h = heading.count("\n") + 1 if heading else 0  # the report prints its own title
    sub_h = sub.count("\n") + 1
    header = top_pad + title_h * style.title_size * 1.3 / 72 + 0.06 + sub_h * \
        style.subtitle_size * 1.35 / 72 + 0.12
    footer = (foot.count("\n") + 1) * style.note_size * 1.4 / 72 + 0.16
    figure.text(0.015, 1 - top_pad * inch, heading, ha="left", va="top",
                fontsize=style.title_size, fontweight="bold", color=style.text,
                family=style.font_family)
    figure.text(0.015, 1 - (top_pad + title_h * style.title_size * 1.3 / 72 + 0.06) * inch, sub,
                ha="left", va="top", fontsize=style.subtitle_size, color=style.muted,
                family=style.font_family)
    figure.text(0.015, 0.08 * inch, foot, ha="left", va="bottom", fontsize=style.note_size,
                color=style.muted, family=style.font_family, linespacing=1.4)
    ax = figure.add_subplot()
    if data.visible()["value"].notna().any() or data.kind == "tabel":
        KINDS[data.kind](ax, data)
    else:
        ax.axis("off")
        ax.text(0.5, 0.5, _t("alt", "empty"), ha="center", va="center", transform=ax.transAxes,
                fontsize=style.label_size, color=style.muted)
    rect = (0.0, min(0.45, footer * inch), 1.0, max(0.55, 1 - header * inch))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tight_layout warns when labels are very long
        figure.tight_layout(rect=rect, pad=0.6)
    _keep_labels_inside(figure)


# --------------------------------------------------------------------------- output


@dataclass
class RenderedChart:
    """A chart drawn on its own Agg figure: what the report and the export use."""

    figure: Figure
    data: ChartData
    title: str = ""
    alt_text: str = ""
    interpretation: dict[str, str] = field(default_factory=dict)

    def png(self) -> bytes:
        return figure_bytes(self.figure, "png", self.title, self.alt_text)

    def svg(self) -> bytes:
        return figure_bytes(self.figure, "svg", self.title, self.alt_text)


def figure_bytes(figure: Figure, fmt: str, title: str = "", description: str = "") -> bytes:
    """PNG (at print resolution) or SVG, with the title and alt text as metadata."""
    buffer = io.BytesIO()
    if fmt == "png":
        metadata = {"Title": title, "Description": description, "Software": "Stuurwijzer"}
        figure.savefig(buffer, format="png", dpi=CHART.export_dpi, metadata=metadata,
                       facecolor=figure.get_facecolor())
    elif fmt == "svg":
        metadata = {"Title": title, "Description": description, "Creator": "Stuurwijzer",
                    "Language": "nl", "Date": None}
        # A file on its own may be opened where Lato is not installed: text as outlines.
        with matplotlib.rc_context({"svg.fonttype": "path"}):
            figure.savefig(buffer, format="svg", metadata=metadata,
                           facecolor=figure.get_facecolor())
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return buffer.getvalue()


def render(project: Project, spec: ChartSpec, *, progress: ProgressFn | None = None,
           cancel: CancelToken | None = None, width_in: float | None = None,
           height_in: float | None = None) -> RenderedChart:
    """Build and draw a stored spec for a project: the function the report uses."""
    data = build(project, spec, progress=progress, cancel=cancel)
    figure = new_figure(width_in, height_in)
    draw(figure, data)
    alt = spec.alt_text if spec.alt_text_edited and spec.alt_text.strip() else data.alt_text
    return RenderedChart(figure, data, data.title, alt, spec.interpretation.to_dict())


def export(rendered: RenderedChart, path: str | Path) -> Path:
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise UserError(_("Stuurwijzer kan grafieken alleen opslaan als PNG of SVG."),
                        _("Kies een bestandsnaam die eindigt op .png of .svg."))
    content = rendered.png() if fmt == "png" else rendered.svg()
    try:
        path.write_bytes(content)
    except OSError as exc:
        raise UserError(_("De grafiek kon niet worden opgeslagen in '{name}'.").format(
            name=path.name), _("Kies een andere map of sluit het bestand in een ander "
                               "programma.")) from exc
    return path


# --------------------------------------------------------------------------- state


def chart_state(project: Project, spec: ChartSpec) -> str:
    """'new' (never built), 'current' or 'stale' (data or cleaning changed since)."""
    if not spec.fingerprint:
        return "new"
    try:
        current = analysis.indicator_fingerprint(project, spec.indicator)
    except UserError:
        return "stale"
    return "current" if current == spec.fingerprint else "stale"


def state_label(state: str) -> str:
    return _t("labels", {"new": "new", "current": "current", "stale": "stale"}[state])


def apply_build(spec: ChartSpec, data: ChartData) -> bool:
    """Store what a build produced in the spec: the fingerprint, and the suggested title
    and alt text where the user did not write their own. Returns True when it changed."""
    before = (spec.fingerprint, spec.title, spec.alt_text)
    spec.fingerprint = data.fingerprint
    if not spec.title_edited:
        spec.title = data.suggested_title
    if not spec.alt_text_edited:
        spec.alt_text = data.alt_text
    return before != (spec.fingerprint, spec.title, spec.alt_text)
