"""Build the report from the project: ``build_report(project) -> ReportDocument``.

The report reads every step through its core API and adds nothing of its own but
layout decisions: the question (core.question, core.question_feedback), the data
(project.datasets), the checks and the quality summary (core.checks, core.quality),
the assumptions of the cleaning log (core.cleaning), the charts (core.charts, which
applies the small-number rule before anything is drawn or described), the maturity
result and advice (core.maturity) and the action proposals (core.report.actions).

Charts are always rebuilt from the current data; a chart whose words were written
on older data is flagged. Built parts are cached by the fingerprint of what they
read, so a preview after typing a sentence only lays out the text again.
"""

from __future__ import annotations

import copy
import json
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from core import analysis, charts, suppression
from core.chart_spec import TOTAL_X, ChartSpec
from core.checks.engine import run_checks
from core.checks.model import Report, Severity, severity_order
from core.cleaning import assumptions
from core.errors import UserError
from core.house_style import format_date, format_number, format_percent
from core.i18n import _
from core.jobs import CancelToken, ProgressFn, checkpoint, report
from core.logsetup import get_logger
from core.maturity import advise, load_questionnaire, score_measurement, summarise
from core.maturity.chart import radar_figure
from core.maturity.fit import rule_text as fit_rule_text
from core.maturity.fit import summary as fit_summary
from core.maturity.questionnaire import text as maturity_text
from core.maturity.scoring import MaturityResult, compare, summary_lines
from core.paths import load_json_resource
from core.project import Project
from core.quality import quality_summary
from core.question import (
    PYRAMID_LEVELS,
    fill_municipality,
    municipality_name,
    placeholders,
    question_texts,
)
from core.question_feedback import open_points
from core.report import actions as action_table
from core.report import consistency
from core.report.consistency import Figures, Issue, UserText
from core.report.document import (
    ChartBlock,
    KeyFigure,
    Picture,
    ReportDocument,
    Table,
    blocks,
    figure_svg,
)
from core.report.section import NOTE_SECTIONS, ReportSection
from core.templates import get_template

log = get_logger("report")

CHART_WIDTH_IN = 6.5  # the text width of an A4 page with 2,2 cm margins
CHART_HEIGHT_IN = 3.7  # the tallest a chart gets (eight bars, or bars with groups)
LINE_CHART_HEIGHT_IN = 2.9
MIN_CHART_HEIGHT_IN = 2.6
RADAR_SIZE_IN = (4.1, 4.3)  # shown 9 cm wide beside its text: labels at about 7,5 pt
MAX_FINDINGS = 8
MAX_KEY_FIGURES = 5
MAX_TOP_ACTIONS = 3


def texts() -> dict[str, Any]:
    return load_json_resource("report", "texts.json")


def _t(section: str, key: str, **values: Any) -> str:
    return _(texts()[section][key]).format(**values)


def _translated(value: Any) -> Any:
    if isinstance(value, str):
        return _(value)
    if isinstance(value, dict):
        return {k: _translated(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [_translated(v) for v in value]
    return value


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(name: str) -> str:
    """'Vervolgmeting 2025' -> 'vervolgmeting 2025' inside a sentence; 'GGD-meting' stays."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def _long_date(iso: str) -> str:
    try:
        return format_date(date.fromisoformat(iso[:10]), long=True)
    except ValueError:
        return iso


def _is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _filled(project: Project, text: str) -> str:
    """A text that may come from a template: [gemeente] filled in, and "" while other
    [placeholders] are still open (the report never prints one; ``todos`` lists them)."""
    text = fill_municipality((text or "").strip(), project.municipality)
    return "" if placeholders(text) else text


def open_placeholders(project: Project) -> list[tuple[str, list[str]]]:
    """Question fields that still hold a template's [placeholder]: (field label, names)."""
    q = project.question
    labels = question_texts().get("fields", {})
    words = texts()["question"]
    found = []
    for name in ("title", *PYRAMID_LEVELS, "baseline", "target", "action_perspective",
                 "scope_period", "scope_area", "scope_group"):
        value = getattr(q, name)
        value = "\n".join(value) if isinstance(value, list) else value
        names = placeholders(fill_municipality(value, project.municipality))
        if names:
            label = (words["question"] if name == "title" else words["levels"].get(name)
                     or words.get(name) or labels.get(name, {}).get("label") or name)
            found.append((_(label), list(dict.fromkeys(names))))
    return found


def deadline_text(deadline: str) -> str:
    """An ISO deadline the Dutch way (31 maart 2025); other text as written."""
    if not deadline.strip():
        return _t("actions", "to_decide")
    return _long_date(deadline) if _is_iso_date(deadline) else deadline


# --------------------------------------------------------------------------- caching


class _Cache:
    """A small thread-safe LRU: built parts keyed by the fingerprint of what they read."""

    def __init__(self, size: int) -> None:
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_checks_cache = _Cache(4)
_chart_cache = _Cache(24)
_maturity_cache = _Cache(4)


def clear_caches() -> None:
    for cache in (_checks_cache, _chart_cache, _maturity_cache):
        cache.clear()


def _all_data_fingerprint(project: Project) -> str:
    # Every dataset, whatever its kind, plus the cleaning log and check settings.
    kinds = tuple(sorted({str(ds.kind) for ds in project.datasets})) + (None,)
    return analysis.data_fingerprint(project, kinds)  # type: ignore[arg-type]


def _checks(project: Project, cancel: CancelToken | None) -> Report | None:
    if not project.datasets:
        return None
    key = (project.id, _all_data_fingerprint(project))
    result = _checks_cache.get(key, lambda: run_checks(project, cancel=cancel))
    if result.partial:  # a cancelled run must not be remembered as the answer
        _checks_cache.clear()
    return result


# --------------------------------------------------------------------------- cover, summary


def _audience_labels(project: Project) -> list[str]:
    labels = question_texts()["audiences"]
    return [_(labels[a]) for a in project.question.audiences if a in labels]


def _cover(project: Project, section: ReportSection) -> dict[str, Any]:
    q = project.question
    name = municipality_name(project.municipality)
    return {
        "municipality": _t("document", "municipality", name=name) if name else "",
        "title": (section.title.strip() or project.name.strip() or _filled(project, q.title)
                  or _t("document", "untitled")),
        "subtitle": section.subtitle.strip() or _filled(project, q.title),
        "author": section.author.strip() or project.author.strip(),
        "date": format_date(action_table.report_date(section), long=True),
        "audiences": ", ".join(_audience_labels(project)),
    }


def _suggested_key_message(chart_blocks: list[ChartBlock]) -> str:
    """The insight titles of the first two charts, as sentences."""
    titles = [c.title.rstrip(".") + "." for c in chart_blocks if c.picture is not None][:2]
    return " ".join(titles)


# --------------------------------------------------------------------------- question


def _question(project: Project) -> dict[str, Any]:
    q = project.question
    words = texts()["question"]
    if q.is_empty():
        return {"empty": _t("question", "empty")}
    fill = lambda text: _filled(project, text)  # noqa: E731 - open [placeholders] -> ""
    pyramid = []
    for level in PYRAMID_LEVELS:
        value = getattr(q, level)
        shown = ("\n".join(v for v in map(fill, value) if v) if isinstance(value, list)
                 else fill(value))
        if shown.strip():
            pyramid.append([_(words["levels"][level]), shown.strip()])
    facts = []
    if fill(q.baseline):
        facts.append([_t("question", "baseline"), fill(q.baseline)])
    target = fill(q.target)
    if q.target_date:
        when = _t("question", "target_date", date=_long_date(q.target_date))
        target = f"{target}, {when}" if target else _cap(when)
    if target:
        facts.append([_t("question", "target"), target])
    audiences = ", ".join(_audience_labels(project))
    if audiences:
        facts.append([_t("question", "audiences"), audiences])
    for name in ("scope_period", "scope_area", "scope_group"):
        value = fill(getattr(q, name))
        if value:
            facts.append([_t("question", name), value])
    fit = ""
    if q.analysis_type:
        types = question_texts()["analysis_types"]
        label = _(types[q.analysis_type]["label"])
        facts.append([_t("question", "analysis_type"), label])
        from core.maturity import fit_for

        fit = fit_for(project, q.analysis_type).reason
    return {
        "title": fill(q.title),
        "pyramid": Table([_t("question", "level"), _t("question", "content")], pyramid,
                         widths=[1, 3]) if pyramid else None,
        "facts": facts,
        "action_perspective": blocks(fill(q.action_perspective)),
        "fit": fit,
    }


# --------------------------------------------------------------------------- data


def _data(project: Project, data_until: date | None) -> dict[str, Any]:
    if not project.datasets:
        return {"intro": _t("data", "none"), "table": None, "until": "", "privacy": "",
                "missing": ""}
    kinds = load_json_resource("texts", "dataset_kinds.json")
    rows = []
    for ds in project.datasets:
        kind = _(kinds[ds.kind]["label"]) if ds.kind in kinds else _t("data", "kind_unknown")
        source = ds.source.filename if ds.source else ""
        rows.append([ds.name, kind, source, format_number(ds.row_count)])
    n = len(project.datasets)
    missing = [item.insight or item.data for item in project.question.checklist
               if item.status == "niet_beschikbaar"]
    rule = suppression.rule_for(project)
    return {
        "intro": _t("data", "intro_one") if n == 1 else _t("data", "intro", n=n),
        "table": Table([_(c) for c in texts()["data"]["columns"]], rows,
                       widths=[2.2, 1.7, 2.4, 0.8], numeric=[3]),
        "until": _t("data", "until", date=format_date(data_until, long=True))
        if data_until else "",
        "privacy": _t("data", "privacy", t=rule.threshold),
        "missing": _t("data", "checklist_missing", items=", ".join(dict.fromkeys(missing)))
        if missing else "",
    }


# --------------------------------------------------------------------------- quality


def _quality(project: Project, checks: Report | None, chart_data: list[charts.ChartData]
             ) -> dict[str, Any]:
    template = get_template(project.question.template)
    out: dict[str, Any] = {"intro": "", "counts": "", "partial": "", "scores": None,
                           "findings": None, "findings_more": "", "assumptions": []}
    if checks is None:
        out["intro"] = _t("quality", "not_checked") if project.datasets else ""
    else:
        counts = checks.counts()
        out["intro"] = _t("quality", "intro")
        warnings = counts[Severity.WARNING]
        out["counts"] = _t("quality", "counts", blocking=counts[Severity.BLOCKING],
                           warning=warnings, info=counts[Severity.INFO],
                           warning_word=_t("quality", "warning_one" if warnings == 1
                                           else "warning_many"))
        out["partial"] = _t("quality", "partial") if checks.partial else ""
        rows = []
        for dq in quality_summary(project, checks):
            rows.append([dq.name, *[
                _t("quality", "score_cell", score=format_percent(s.score, 1), grade=s.grade)
                for s in dq.scores]])
        out["scores"] = Table([_(c) for c in texts()["quality"]["scores_columns"]], rows,
                              widths=[2, 1.3, 1.3, 1.3, 1.3])
        names = {ds.id: ds.name for ds in project.datasets}
        important = [f for f in checks.findings
                     if f.severity is not Severity.INFO and f.type != "check-error"]
        important = severity_order(important, template.checks if template else [])
        rows = []
        for finding in important[:MAX_FINDINGS]:
            words = finding.texts(project.question.template, names.get(finding.dataset or ""))
            rows.append([words.title, names.get(finding.dataset or "", ""), words.why])
        out["findings"] = Table([_(c) for c in texts()["quality"]["findings_columns"]], rows,
                                widths=[2.2, 1.3, 3.2]) if rows else None
        if len(important) > MAX_FINDINGS:
            out["findings_more"] = _t("quality", "findings_more",
                                      n=len(important) - MAX_FINDINGS)
        elif not rows:
            out["findings_more"] = _t("quality", "no_findings")

    made = [_t("quality", "cleaning_assumption", dataset=a.dataset_name,
               operation=a.operation.rstrip("."), text=a.text.strip())
            for a in assumptions(project)]
    listed = made or ([_t("quality", "no_cleaning")] if project.datasets else [])
    if template is not None:
        listed += [_(a) for a in template.report.get("assumptions", [])]
    norms = dict.fromkeys(int(d.result.reference["norm"]) for d in chart_data
                          if d.result.reference.get("norm") is not None)
    listed += [_t("quality", "norm", days=format_number(norm),
                  weeks=format_number(norm / 7, 0 if norm % 7 == 0 else 1)) for norm in norms]
    summaries: set[str] = set()
    for data in chart_data:  # indicators on the same records say the same: once
        summary = _counts_sentence(project, data.result)
        if summary not in summaries:
            summaries.add(summary)
            listed.append(_t("quality", "excluded", indicator=data.result.label,
                             summary=summary))
    listed.append(_t("quality", "suppression", t=suppression.rule_for(project).threshold))
    out["assumptions"] = list(dict.fromkeys(listed))
    out["reconcile"] = _reconcile(checks, chart_data)
    return out


# --------------------------------------------------------------------------- counts


def _same_unit(result: analysis.IndicatorResult, exclusion: analysis.Exclusion) -> bool:
    """Does an exclusion count the indicator's own records (toewijzingen not used), or
    other records (start messages without a toewijzing)?"""
    return exclusion.reason.split(" ", 1)[0] == result.record_noun


def records_base(result: analysis.IndicatorResult) -> int:
    """The indicator's records before anything was left out: used plus not usable."""
    return result.used + sum(e.count for e in result.excluded if _same_unit(result, e))


def _counts_sentence(project: Project, result: analysis.IndicatorResult) -> str:
    """'Van de 823 toewijzingen (alle rijen van Toewijzingen 2023-2024) zijn er 794 gebruikt.
    Niet gebruikt: ... Daarnaast telden niet mee: 7 startberichten ...' - adds up."""
    base = records_base(result)
    own = [f"{format_number(e.count)} {e.reason}" for e in result.excluded
           if e.count and _same_unit(result, e)]
    other = [f"{format_number(e.count)} {e.reason}" for e in result.excluded
             if e.count and not _same_unit(result, e)]
    whole = next((ds.name for ds in project.datasets
                  if ds.name in result.sources and ds.row_count == base), None)
    text = _t("quality", "counts_used", base=format_number(base), noun=result.record_noun,
              used=format_number(result.used))
    if whole:
        text = _t("quality", "counts_used_all", base=format_number(base),
                  noun=result.record_noun, used=format_number(result.used), dataset=whole)
    if own:
        text += " " + _t("quality", "counts_not_used", items="; ".join(own))
    if other:
        text += " " + _t("quality", "counts_other", items="; ".join(other))
    return text


def _exclusion_count(result: analysis.IndicatorResult, key: str) -> int | None:
    """The count of one kind of exclusion (a key of resources/texts/analysis.json), or None
    when the indicator has no such exclusion."""
    template = load_json_resource("texts", "analysis.json")["exclusions"].get(key)
    if template is None or "{" in template:
        return None
    wanted = _(template)
    return next((e.count for e in result.excluded if e.reason == wanted), None)


def _rule_count(result: analysis.IndicatorResult, rule: dict) -> int | None:
    """The indicator's side of a reconcile rule: the sum of reference figures (e.g.
    toewijzingen still waiting and those without a start after the norm), or the count of
    one exclusion."""
    if "reference" in rule:
        values = [result.reference.get(key) for key in rule["reference"]]
        return sum(values) if all(isinstance(v, int) for v in values) else None
    return _exclusion_count(result, rule["exclusion"])


def _reconcile(checks: Report | None, chart_data: list[charts.ChartData]) -> list[str]:
    """One sentence per count that a check and an indicator both give, differently: why
    the pages disagree (resources/report/texts.json, "reconcile")."""
    if checks is None:
        return []
    found = []
    for check_id, rule in texts()["reconcile"].items():
        if check_id.startswith("_"):
            continue
        findings = [f for f in checks.findings if f.check == check_id]
        if not findings:
            continue
        counted = sum(f.count for f in findings)
        for data in chart_data:
            excluded = _rule_count(data.result, rule)
            if excluded is None or excluded == counted:
                continue
            fields = findings[0].fields
            when = str(fields.get("reference_date", ""))
            try:
                when = format_date(datetime.strptime(when, "%d-%m-%Y").date(), long=True)
            except ValueError:
                pass
            short = analysis.indicator_texts().get(data.result.id, {}).get(
                "short", data.result.label.lower())
            found.append(_(rule["text"]).format(
                check=format_number(counted), indicator=format_number(excluded),
                diff=format_number(abs(excluded - counted)), days=fields.get("days", ""),
                date=when, label=_(short)))
            break
    return found


# --------------------------------------------------------------------------- charts


def _spec_key(project: Project, spec: ChartSpec) -> tuple:
    raw = spec.to_dict()
    for volatile in ("interpretation", "created"):
        raw.pop(volatile, None)
    try:
        fingerprint = analysis.indicator_fingerprint(project, spec.indicator)
    except (UserError, KeyError):
        fingerprint = ""
    return (project.id, json.dumps(raw, sort_keys=True, default=str), fingerprint,
            project.charts.suppression_threshold)


def chart_height(data: charts.ChartData) -> float:
    """Inches: a chart is as tall as its content needs (a few bars need less room than
    eight), so a page holds more than one chart with its words."""
    if data.kind == "liggende_staaf":
        rows = len(data.x_order) * max(1, len(data.group_order) if data.has_groups else 1)
        return min(CHART_HEIGHT_IN, max(MIN_CHART_HEIGHT_IN, 1.3 + 0.27 * rows))
    if data.kind == "tabel":
        return min(CHART_HEIGHT_IN + 2, max(MIN_CHART_HEIGHT_IN, 1.2 + 0.3 * len(data.x_order)))
    return LINE_CHART_HEIGHT_IN if data.kind == "lijn" else CHART_HEIGHT_IN


def _render_chart(project: Project, spec: ChartSpec) -> tuple[charts.ChartData, Picture, str]:
    data = charts.build(project, spec)
    figure = charts.new_figure(CHART_WIDTH_IN, chart_height(data))
    # The report's heading carries the insight title; the picture starts at the subtitle.
    charts.draw(figure, data, title="")
    alt = spec.alt_text if spec.alt_text_edited and spec.alt_text.strip() else data.alt_text
    picture = Picture(alt, figure_svg(figure, data.title), figure, title=data.title)
    return data, picture, data.title


def _chart_block(project: Project, spec: ChartSpec) -> tuple[ChartBlock, charts.ChartData | None]:
    words = spec.interpretation
    try:
        data, picture, title = _chart_cache.get(
            ("chart", *_spec_key(project, spec)), lambda: _render_chart(project, spec))
    except UserError as exc:
        title = spec.title or analysis.indicator_texts().get(spec.indicator, {}).get(
            "label", spec.indicator)
        return ChartBlock(spec.id, title, None, [], [], [],
                          warning=_t("analyses", "failed", reason=exc.message)), None
    warning = ""
    if data.stale and not words.is_empty():
        warning = _t("analyses", "stale")
    return ChartBlock(spec.id, title, picture, blocks(words.seen), blocks(words.meaning),
                      blocks(words.action), warning, figures_table(data, title)), data


def figures_table(data: charts.ChartData, title: str) -> Table:
    """The figures behind a chart for the appendix. Each row says how many records (the
    chart's unit) and how many people it rests on, a total row adds them up to the count
    the chart states, and a note says what is not in the table and why."""
    header, rows = data.table_rows()
    result, rule = data.result, data.rule
    noun = result.record_noun
    notes: list[str] = []
    with_records = not data.has_groups and data.aggregation != "aantal"
    if with_records:
        # table_rows gives [x, value, clients]: put the records before the people.
        header = [header[0], header[1], _cap(noun), *header[2:]]
        records = {r["x_label"]: r for _, r in data.table.iterrows()}
        rows = [[row[0], row[1], rule.format_count(records[row[0]]["records"]), *row[2:]]
                for row in rows]
        in_table = int(data.table["records"].sum())
        clients = result.records["client"].nunique()
        total = [_t("appendix", "total"), "", format_number(in_table)]
        if len(header) > 3:
            total.append(rule.format_count(clients) if in_table == result.used else "")
        rows.append(total)
        if len(header) > 3:
            notes.append(_t("appendix", "clients_overlap", noun=noun))
        left_out = result.used - in_table
        if left_out > 0:
            notes.append(_t("appendix", "left_out", n=format_number(left_out), noun=noun,
                            used=format_number(result.used)))
    else:
        notes.append(_t("appendix", "records_total", n=format_number(result.used), noun=noun))
    if data.hidden_count:
        notes.append(_t("appendix", "hidden_row" if data.hidden_count == 1 else "hidden_rows",
                        n=data.hidden_count, t=rule.threshold))
    notes += [n for n in data.notes if n != data.suppression_note]
    return Table(header, rows, caption=_t("appendix", "table_caption", title=title),
                 widths=[2] + [1] * (len(header) - 1), numeric=list(range(1, len(header))),
                 notes=notes, total=with_records)


def _key_figure(project: Project, spec: ChartSpec) -> KeyFigure | None:
    """The chart's indicator over everything it shows: one figure, suppressed like the rest."""
    total = replace(copy.deepcopy(spec), x=TOTAL_X, group=None, kind="staaf",
                    title="", title_edited=False)

    def make() -> KeyFigure | None:
        try:
            data = charts.build(project, total)
        except UserError:
            return None
        visible = data.visible()
        if len(visible) != 1 or len(data.table) != 1:
            return None  # hidden by the small-number rule, or not one figure
        # Every figure says what it counts: its unit and denominator, then its norm or goal.
        records = int(visible["records"].iloc[0])
        base = ([_t("summary", "figure_base", n=format_number(records),
                    noun=data.result.record_noun)]
                if data.aggregation != "aantal" and records else [])
        note = " · ".join([*base, *(line.label for line in data.lines if line.label)])
        value = float(visible["value"].iloc[0])
        return KeyFigure(charts.with_unit(value, data.unit), _cap(data.subject), note)

    return _chart_cache.get(("figure", *_spec_key(project, total)), make)


# --------------------------------------------------------------------------- maturity


def _maturity_results(project: Project) -> list[MaturityResult]:
    q = load_questionnaire()
    results = [score_measurement(m, q) for m in project.maturity.chronological()
               if m.has_answers()]
    return [r for r in results if r.level is not None]


def _radar(latest: MaturityResult, earlier: MaturityResult | None) -> Picture:
    q = load_questionnaire()
    figure = radar_figure(latest, earlier, q, size=RADAR_SIZE_IN)
    themes = "; ".join(
        _t("maturity", "theme_alt", theme=t.name,
           level=str(t.level) if t.known else _t("maturity", "unknown"))
        for t in latest.themes)
    alt = _t("maturity", "chart_alt", themes=themes)
    return Picture(alt, figure_svg(figure, alt), figure, width_cm=11.5,
                   title=_t("maturity", "chart_title"))


def _maturity(project: Project) -> tuple[dict[str, Any], Picture | None, MaturityResult | None]:
    results = _maturity_results(project)
    if not results:
        return {"none": _t("maturity", "none")}, None, None
    latest = results[-1]
    earlier = results[-2] if len(results) > 1 else None
    key = json.dumps(project.maturity.to_dict(), sort_keys=True, default=str)
    picture = _maturity_cache.get(key, lambda: _radar(latest, earlier))
    q = load_questionnaire()
    advice = advise(latest, q)
    level_label = q.level(latest.level).label
    intro_key = "intro_one" if latest.participants == 1 else "intro"
    lines = [_t("maturity", intro_key, name=_lower_first(latest.name),
                date=_long_date(latest.date), n=latest.participants, level=latest.level,
                label=level_label)]
    measurement = project.maturity.measurement(latest.measurement_id)
    said = summary_lines(latest, summarise(latest, measurement, q), q)
    # Beside the chart only what the overall level hides; the rest follows the chart.
    lines += [line for line in (said["weakest"], said["few_answers"]) if line]
    certainty = load_json_resource("maturity", "texts.json")["certainty"].get(latest.certainty)
    if certainty:
        lines.append(_t("maturity", "certainty", certainty=_(certainty["label"])) + " "
                     + _(certainty["explanation"]))
    level = q.level(latest.level)
    meaning = _t("maturity", "meaning", level=latest.level, label=level_label,
                 summary=_(level.summary), description=_(level.description))
    meaning = " ".join(part for part in (meaning, said["stage"], said["dimensions"]) if part)
    change: list[str] = []
    if earlier is not None:
        change = _maturity_change(earlier, latest)
        lines.append(_t("maturity", "earlier", name=_lower_first(earlier.name),
                        date=_long_date(earlier.date), latest=_lower_first(latest.name)))
    steps = {s.theme_id: s.text for s in advice.next_steps}
    rows = []
    for theme in latest.themes:
        level = (f"{theme.level} · {q.level(theme.level).label}" if theme.known
                 else _t("maturity", "unknown"))
        rows.append([theme.name, level, action_table.first_sentence(steps[theme.theme_id])])
    fit = " ".join(fit_summary(advice.fit, q))
    disagreement = ""
    if latest.disagreements:
        disagreement = _t("maturity", "disagreement",
                          themes=", ".join(t.name for t in latest.disagreements))
    return {
        "intro": lines,
        "meaning": meaning,
        "change": change,
        "table": Table([_(c) for c in texts()["maturity"]["columns"]], rows,
                       widths=[1.6, 1.2, 3.6]),
        "fit": fit,
        "disagreement": disagreement,
        "rule": maturity_text("scoring_rule", min_answered=q.scoring.min_answered_per_theme,
                              min_themes=q.scoring.min_known_themes, themes=len(q.themes))
        + " " + fit_rule_text(q),
    }, picture, latest


def _maturity_change(earlier: MaturityResult, latest: MaturityResult) -> list[str]:
    """The change since the earlier measurement in words: overall, then the themes that
    went up or down (with their levels), and that the others stayed the same."""
    comparison = compare(earlier, latest)
    overall = comparison.overall
    name, when = _lower_first(earlier.name), _long_date(earlier.date)
    key = {"hoger": "change_up", "lager": "change_down", "gelijk": "change_same"}.get(
        overall.direction, "change_unknown")
    found = [_t("maturity", key, name=name, date=when, before=overall.before_level,
                after=overall.after_level)]
    moved = {"hoger": [], "lager": []}
    for change in comparison.themes:
        if change.direction in moved:
            moved[change.direction].append(_t("maturity", "theme_change", theme=change.name,
                                              before=change.before_level,
                                              after=change.after_level))
    if moved["hoger"]:
        found.append(_t("maturity", "themes_up", themes=", ".join(moved["hoger"])))
    if moved["lager"]:
        found.append(_t("maturity", "themes_down", themes=", ".join(moved["lager"])))
    if moved["hoger"] or moved["lager"]:
        found.append(_t("maturity", "themes_rest"))
    return [" ".join(found)]


# --------------------------------------------------------------------------- actions


def _action_row(item: action_table.Action | action_table.Proposal) -> list[str]:
    priorities = texts()["actions"]["priorities"]
    return [item.action, item.owner or _t("actions", "to_decide"), deadline_text(item.deadline),
            _(priorities.get(item.priority, item.priority)), item.source]


def _actions(section: ReportSection, pending: list[action_table.Proposal]) -> dict[str, Any]:
    """The action table: policy actions first, then (their own table) the internal data
    tasks, each in the order the user gave them."""
    header = [_(c) for c in texts()["actions"]["columns"]]
    widths = [3.0, 1.55, 1.25, 0.85, 1.85]
    chosen = section.actions
    proposed = False
    if not chosen and pending:
        chosen = [p.to_action() for p in sorted(
            pending, key=lambda p: action_table.PRIORITY_RANK.get(p.priority, 1))]
        proposed = True
    if not chosen:
        return {"intro": _t("actions", "none"), "groups": [], "proposed": False}
    groups = []
    for group, items in action_table.grouped(chosen).items():
        if items:
            groups.append({"title": _t("actions", f"group_{group}"),
                           "table": Table(header, [_action_row(a) for a in items],
                                          widths=widths)})
    return {"intro": _t("actions", "proposals_intro" if proposed else "agreed_intro"),
            "groups": groups, "proposed": proposed}


def _top_actions(section: ReportSection) -> list[dict[str, str]]:
    """The first actions, who first: '<b>Contractmanager, uiterlijk 4 maart</b>: ...'.
    Policy actions come before internal data tasks; otherwise the user's order."""
    found = []
    for item in action_table.ordered(section.actions)[:MAX_TOP_ACTIONS]:
        when = deadline_text(item.deadline)
        if _is_iso_date(item.deadline):
            when = _t("summary", "by_date", date=when)
        who = item.owner or _t("actions", "to_decide")
        found.append({"who": f"{who}, {when}", "what": item.action})
    return found


# --------------------------------------------------------------------------- open points


def _open(project: Project, section: ReportSection) -> dict[str, Any]:
    points = []
    for point in open_points(project):
        status = ""
        if point.accepted:
            status = (_t("open", "accepted_reason", reason=point.reason) if point.reason
                      else _t("open", "accepted"))
        points.append({"title": point.title, "todo": point.todo, "status": status})
    later = [t for t in (_filled(project, q.title) for q in project.later_questions) if t]
    next_question = section.next_question.strip() or (later[0] if later else "")
    rest = [t for t in later if t != next_question][:3]
    return {
        "points": points,
        "none": "" if points else _t("open", "none"),
        "next": blocks(next_question),
        "next_intro": _t("open", "next_intro") if next_question else _t("open", "no_next"),
        "later": rest,
    }


# --------------------------------------------------------------------------- appendix


def _glossary(used_text: str) -> Table:
    rows = []
    lowered = used_text.lower()
    for entry in load_json_resource("report", "glossary.json")["terms"]:
        term = _(entry["term"])
        head = term.split(" (")[0].lower()
        if entry.get("always") or head in lowered:
            rows.append([term, _(entry["meaning"])])
    rows.sort(key=lambda row: unicodedata.normalize("NFKD", row[0]).casefold())
    return Table([_(c) for c in texts()["appendix"]["glossary_columns"]], rows, widths=[1, 3])


def _appendix(project: Project, chart_data: list[charts.ChartData], used_text: str,
              maturity_rule: str) -> dict[str, Any]:
    template = get_template(project.question.template)
    indicator_ids = list(template.indicators) if template else []
    indicator_ids += [d.result.id for d in chart_data if d.result.id not in indicator_ids]
    meta = analysis.indicator_texts()
    definitions = [[_(meta[i]["label"]), _(meta[i]["definition"])]
                   for i in indicator_ids if i in meta]
    method = []
    if template is not None and template.report.get("method"):
        method.append({"title": _(template.label), "text": _(template.report["method"])})
    rules = [d.result.rule for d in chart_data if d.result.rule]
    if rules:
        method.append({"title": _t("appendix", "linkage"), "text": rules[0]})
    scores = load_json_resource("quality.json")["dimensions"]
    method.append({"title": _t("appendix", "quality_scores"), "text": "",
                   "items": [f"{_(d['label'])}: {_(d['meaning'])}" for d in scores.values()]})
    if maturity_rule:
        method.append({"title": _t("appendix", "maturity_rule"), "text": maturity_rule})
    method.append({"title": _t("appendix", "suppression"),
                   "text": suppression.rule_for(project).explanation})
    method.append({"title": _t("appendix", "avg"), "text": _t("appendix", "avg_text")})
    by_summary: dict[str, list[str]] = {}
    for d in chart_data:  # indicators on the same records: one sentence, all their names
        labels = by_summary.setdefault(_counts_sentence(project, d.result), [])
        if d.result.label not in labels:
            labels.append(d.result.label)
    counts = [_t("quality", "excluded", indicator=" en ".join(labels), summary=summary)
              for summary, labels in by_summary.items()]
    return {
        "counts": counts,
        "definitions": Table([_(c) for c in texts()["appendix"]["definitions_columns"]],
                             definitions, widths=[1, 3]) if definitions else None,
        "glossary": _glossary(used_text),
        "method": method,
    }


# --------------------------------------------------------------------------- todos


def todos(project: Project, section: ReportSection | None = None,
          titles: dict[str, str] | None = None) -> list[str]:
    """What is still missing before the report is ready to hand over (cheap: no data).
    ``titles``: chart titles as built (a new chart has no stored title yet)."""
    section = section or project.report
    titles = titles or {}
    labels = analysis.indicator_texts()
    found = []
    if not section.key_message.strip():
        found.append(_t("todos", "key_message"))
    if not section.decisions:
        found.append(_t("todos", "decisions"))
    if not section.actions:
        found.append(_t("todos", "no_actions"))
    incomplete = sum(1 for a in section.actions if not a.complete)
    if incomplete:
        found.append(_t("todos", "incomplete_actions", n=incomplete))
    if project.datasets and not project.charts.specs:
        found.append(_t("todos", "charts"))
    for spec in project.charts.specs:
        title = titles.get(spec.id) or spec.title or _(
            labels.get(spec.indicator, {}).get("label", spec.indicator))
        if not spec.interpretation.is_complete():
            found.append(_t("todos", "chart_words", title=title))
        elif charts.chart_state(project, spec) == "stale":
            found.append(_t("todos", "stale", title=title))
    if not any(m.has_answers() for m in project.maturity.measurements):
        found.append(_t("todos", "maturity"))
    found += open_field_todos(project)
    return found


def open_field_todos(project: Project) -> list[str]:
    """One to-do per question field that still holds a template's [placeholder]."""
    return [_t("todos", "placeholders", field=label, names=", ".join(names))
            for label, names in open_placeholders(project)]


# --------------------------------------------------------------------------- the report


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Table):
        return [value.caption, *value.header, *(cell for row in value.rows for cell in row),
                *value.notes]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def build_report(
    project: Project,
    section: ReportSection | None = None,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> ReportDocument:
    """The whole report as data. ``section`` defaults to ``project.report``; the app
    passes a copy so the user can keep typing while the report is built."""
    section = copy.deepcopy(section if section is not None else project.report)
    specs = list(project.charts.specs)
    total = 3 + len(specs)
    report(progress, 0, total, _("Controles uitvoeren"))
    checks = _checks(project, cancel)
    checkpoint(cancel)

    chart_blocks: list[ChartBlock] = []
    chart_data: list[charts.ChartData] = []
    for number, spec in enumerate(specs):
        report(progress, 1 + number, total, _("Grafieken tekenen"))
        block, data = _chart_block(project, spec)
        chart_blocks.append(block)
        if data is not None:
            chart_data.append(data)
        checkpoint(cancel)

    report(progress, 1 + len(specs), total, _("Volwassenheid"))
    maturity, maturity_picture, latest = _maturity(project)
    checkpoint(cancel)

    found = action_table.proposals(project, section, checks, latest,
                                   {b.id: b.title for b in chart_blocks})
    pending = action_table.pending(section, found)

    figures: list[KeyFigure] = []
    seen_figures: set[tuple] = set()
    for spec in specs:
        key = (spec.indicator, spec.aggregation, json.dumps(spec.params, sort_keys=True),
               json.dumps([f.to_dict() for f in spec.filters]), spec.date_from, spec.date_to)
        if key in seen_figures:
            continue
        seen_figures.add(key)
        figure = _key_figure(project, spec)
        if figure is not None:
            figures.append(figure)
    if chart_data:
        result = chart_data[0].result
        base = records_base(result)
        figures.append(KeyFigure(
            format_number(result.used),
            _t("summary", "records_label", noun=_cap(result.record_noun)),
            _t("summary", "records_note", base=format_number(base),
               excluded=format_number(base - result.used)) if base > result.used else ""))
    if latest is not None:
        label = load_questionnaire().level(latest.level).label
        figures.append(KeyFigure(_t("summary", "maturity_value", level=latest.level),
                                 _t("summary", "maturity_label"),
                                 _t("summary", "maturity_note", label=label,
                                    name=_lower_first(latest.name))))
    figures = figures[:MAX_KEY_FIGURES]

    today = action_table.report_date(section)
    data_until = max((d.result.data_until for d in chart_data if d.result.data_until),
                     default=None)
    key_message = section.key_message.strip()
    suggested = not key_message
    if suggested:
        key_message = _suggested_key_message(chart_blocks)
    periods = _periods(project, chart_data, today)
    decisions = list(section.decisions)
    decision_proposals = action_table.decision_proposals(project, section, found)
    analysis_type = project.question.analysis_type
    type_notes = texts()["analyses"]["type_note"]
    summary = {
        "analysis_note": _(type_notes[analysis_type]) if analysis_type in type_notes else "",
        "key_message": blocks(key_message),
        "no_key_message": "" if key_message else _t("summary", "no_key_message"),
        "decisions": decisions or decision_proposals,
        "decisions_note": "" if decisions else _t(
            "summary", "decisions_proposed" if decision_proposals else "decisions_none"),
        "periods": periods["line"],
        "limitations": periods["limitations"],
        "text": blocks(section.summary),
        "top_actions": _top_actions(section),
        "more_actions": _t("summary", "more_actions")
        if section.actions else "",
    }
    quality = _quality(project, checks, chart_data)
    labels = _translated(texts())
    for unused in ("todos", "status", "errors", "ui", "consistency", "consistency_places",
                   "reconcile", "periods"):
        labels.pop(unused, None)
    document = ReportDocument(
        labels=labels,
        cover=_cover(project, section),
        logo=(section.logo.data, section.logo.format) if section.logo else None,
        summary=summary,
        key_figures=figures,
        question=_question(project),
        data=_data(project, data_until),
        quality=quality,
        charts=chart_blocks,
        maturity=maturity,
        maturity_picture=maturity_picture,
        actions=_actions(section, pending),
        open=_open(project, section),
        appendix={},
        notes={key: blocks(section.note(key)) for key in NOTE_SECTIONS if section.note(key)},
        todos=todos(project, section, {b.id: b.title for b in chart_blocks}),
        proposals=found,
        pending=pending,
        key_message_suggested=suggested,
        decision_proposals=decision_proposals,
        open_fields=open_field_todos(project),
    )
    used_text = " ".join(_strings([document.summary, document.question, document.quality,
                                   [c.title for c in chart_blocks], document.actions]))
    appendix = _appendix(project, chart_data, used_text, maturity.get("rule", ""))
    document = replace(document, appendix=appendix)
    shown = _figures_shown(document, chart_data, checks)
    shown.add("aantal", *periods["numbers"])  # e.g. how many months old the data are
    issues = check_report_texts(project, section, shown, today=today, data_until=data_until,
                                chart_titles={b.id: b.title for b in chart_blocks})
    report(progress, total, total, "")
    log.info("report built: %d charts, %d actions, %d proposals, %d text issues",
             len(chart_blocks), len(section.actions), len(found), len(issues))
    return replace(document, issues=issues, figures=shown)


# --------------------------------------------------------------------------- periods


def _months_between(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


def _periods(project: Project, chart_data: list[charts.ChartData], today: date
             ) -> dict[str, Any]:
    """One line with the question's period, the data's period and the peildatum, and
    the limitations where they do not fit (data ending early, months missing, old data,
    a target date that passed)."""
    long = lambda d: format_date(d, long=True)  # noqa: E731
    short = format_date
    question = consistency.parse_period(_filled(project, project.question.scope_period))
    starts = [d.first_date for d in chart_data if d.first_date is not None]
    ends = [d.last_date for d in chart_data if d.last_date is not None]
    until = max((d.result.data_until for d in chart_data if d.result.data_until),
                default=None)
    first = min(starts) if starts else None
    chart_end = max(ends) if ends else None
    parts = [_t("periods", "question", start=short(question[0]), end=short(question[1]))
             if question else _t("periods", "question_none")]
    # The peildatum the indicators measured on (the checks use the same one); the data's
    # end for indicators that have none.
    peildatum = max((date.fromisoformat(d.result.reference["peildatum"]) for d in chart_data
                     if d.result.reference.get("peildatum")), default=until)
    if first is not None and until is not None:
        parts.append(_t("periods", "data", start=short(first), end=short(until)))
        parts.append(_t("periods", "reference", date=short(peildatum)))
    elif project.datasets:
        parts.append(_t("periods", "data_none"))
    limitations = []
    margin = timedelta(days=7)
    if question and until is not None and until + margin < question[1]:
        limitations.append(_t("periods", "data_ends_early", until=long(until),
                              end=long(question[1])))
    if question and first is not None and first > question[0] + margin:
        limitations.append(_t("periods", "data_starts_late", start=long(first),
                              begin=long(question[0])))
    if chart_end is not None and until is not None:
        covered = min(until, question[1]) if question else until
        if _months_between(chart_end, covered) >= 2:
            noun = chart_data[0].result.record_noun
            limitations.append(_t("periods", "charts_end_early", end=long(chart_end),
                                  noun=noun, until=long(covered)))
    if until is not None and _months_between(until, today) >= 3:
        limitations.append(_t("periods", "old_data", months=_months_between(until, today),
                              until=long(until), today=long(today)))
    target = project.question.target_date
    if target:
        try:
            when = date.fromisoformat(target)
        except ValueError:
            when = None
        if when is not None and when < today and until is not None and until < when:
            limitations.append(_t("periods", "target_passed", date=long(when),
                                  until=long(until)))
    numbers = [_months_between(until, today)] if until is not None else []
    if not (question or limitations):
        return {"line": " · ".join(parts[1:]), "limitations": [], "numbers": numbers}
    return {"line": " · ".join(parts), "limitations": limitations, "numbers": numbers}


# --------------------------------------------------------------------------- consistency


def _figures_shown(document: ReportDocument, chart_data: list[charts.ChartData],
                   checks: Report | None) -> Figures:
    """Every figure the report shows, from the model: chart values and reference lines,
    the records and people behind them, the key figures, the counts of the checks, and
    whatever the generated texts state."""
    shown = Figures()
    for data in chart_data:
        visible = data.visible()
        shown.add(data.unit, *visible["value"].dropna())
        shown.add(data.unit, *(line.value for line in data.lines))
        base = records_base(data.result)
        shown.add("aantal", *data.table["records"], *visible["clients"], data.result.used,
                  base, base - data.result.used, *(e.count for e in data.result.excluded),
                  len(data.x_order))
        norm = data.result.reference.get("norm")
        if norm is not None:
            shown.add("dagen", norm)
    if checks is not None:
        shown.add("aantal", *(f.count for f in checks.findings))
    if chart_data:  # "minder dan 10 cliënten": the small-number rule's threshold
        shown.add("aantal", chart_data[0].rule.threshold)
    shown.add_text(*[f"{f.value} {f.label}" for f in document.key_figures])
    shown.add_text(*_strings([document.summary["limitations"], document.quality,
                              [c.title for c in document.charts], document.data]))
    return shown


def _user_texts(project: Project, section: ReportSection, chart_titles: dict[str, str]
                ) -> list[UserText]:
    """What the user wrote, with where it is in the Rapport step and the other steps."""
    words = texts()["consistency_places"]
    q = project.question
    labels = texts()["question"]
    items = [
        UserText(_(words["key_message"]), section.key_message),
        UserText(_(words["summary"]), section.summary),
        UserText(_(words["next_question"]), section.next_question, figures=False),
    ]
    items += [UserText(_(words["decision"]).format(n=n), text, future=True)
              for n, text in enumerate(section.decisions, start=1)]
    titles = texts()["sections"]
    items += [UserText(_(words["note"]).format(chapter=_(titles[key])), section.note(key))
              for key in NOTE_SECTIONS]
    analyses = texts()["analyses"]
    for number, spec in enumerate(project.charts.specs, start=1):
        title = chart_titles.get(spec.id) or spec.title
        for key in ("seen", "meaning", "action"):
            items.append(UserText(
                _(words["chart"]).format(n=number, title=title, part=_(analyses[key])),
                getattr(spec.interpretation, key), future=key == "action"))
    for number, action in enumerate(section.actions, start=1):
        items.append(UserText(_(words["action"]).format(n=number), action.action,
                              future=True, figures=False))
    question = [("title", q.title, False), ("result", q.result, True),
                ("target", q.target, True), ("action_perspective", q.action_perspective, True),
                ("baseline", q.baseline, False), ("scope_period", q.scope_period, False),
                ("scope_area", q.scope_area, False)]
    for name, text, future in question:
        label = labels["question"] if name == "title" else (
            labels["levels"].get(name) or labels.get(name, name))
        # Open [placeholders] are listed by ``todos``; here only the dates count.
        items.append(UserText(_(words["question"]).format(field=_(label)),
                              fill_municipality(text, project.municipality), future=future,
                              figures=False))
    return items


def check_report_texts(project: Project, section: ReportSection, shown: Figures, *,
                       today: date, data_until: date | None,
                       chart_titles: dict[str, str] | None = None) -> list[Issue]:
    """Everything the user wrote that the figures or the dates no longer support."""
    words = texts()["consistency_places"]
    issues = consistency.check_texts(_user_texts(project, section, chart_titles or {}), shown,
                                     today=today, data_until=data_until)
    for number, action in enumerate(section.actions, start=1):
        issue = consistency.deadline_issue(_(words["action"]).format(n=number),
                                           action.deadline, today)
        if issue is not None:
            issues.append(issue)
    issue = consistency.target_date_issue(_(words["target_date"]),
                                          project.question.target_date, today)
    if issue is not None:
        issues.append(issue)
    return issues


