"""``stuurwijzer indicator ID FILE... [--norm-days N] [--reference-date DD-MM-JJJJ]
[--basis clienten|bedrag] [--json]``: one indicator on a set of files, without the app.

The files are read as the Data step reads them (``core.commands.sources``); the
indicator is computed and aggregated exactly as the Grafieken step does
(``core.charts.build``, so the small-number rule applies to the breakdown). It
prints the value, what exactly was counted, the records used and, per reason, the
records not used (including "wacht nog"). The JSON is documented in the README.
"""

from __future__ import annotations

import argparse
import json
import math
from typing import Any

from core.cli import EXIT_OK, Command, bounded_int, dutch_date, path_argument
from core.commands.sources import read_sources
from core.errors import UserError
from core.i18n import N_, _
from core.limits import MAX_START_DAYS

NAME = "indicator"


def _configure(parser: argparse.ArgumentParser) -> None:
    from core.analysis import indicator_texts

    parser.add_argument("indicator", metavar="INDICATOR",
                        help="de indicator, een van: " + ", ".join(indicator_texts()))
    parser.add_argument("files", metavar="BESTAND", type=path_argument, nargs="+",
                        help="CSV- of Excel-bestanden (bijvoorbeeld 301, 305 en 307)")
    parser.add_argument("--roles", metavar="ROLLEN.json", type=path_argument,
                        help="JSON met per kolomnaam een rol (zoals bij check)")
    parser.add_argument("--norm-days", metavar="DAGEN", type=bounded_int(1, MAX_START_DAYS),
                        help="de norm voor de wachttijd in dagen (standaard 42)")
    parser.add_argument("--reference-date", metavar="DD-MM-JJJJ", type=dutch_date,
                        help="peildatum (standaard de laatste begindatum in de bestanden)")
    parser.add_argument("--basis", choices=["clienten", "bedrag"],
                        help="marktaandeel op cliënten in zorg (standaard) of op bedrag")
    parser.add_argument("--json", action="store_true", help="uitvoer als JSON")


# option -> (the indicator parameter it sets, the indicators it belongs to, in Dutch)
OPTIONS = {"norm_days": ("norm_dagen", "--norm-days", N_("de wachttijd")),
           "basis": ("basis", "--basis", N_("het marktaandeel"))}


def _params(args: argparse.Namespace, indicator_id: str) -> dict[str, Any]:
    from core.analysis import default_params

    defaults = default_params(indicator_id)
    params: dict[str, Any] = {}
    for option, (param, flag, belongs) in OPTIONS.items():
        value = getattr(args, option)
        if value is None:
            continue
        if param not in defaults:
            raise UserError(_("{flag} hoort alleen bij {what}.").format(flag=flag,
                                                                        what=_(belongs)),
                            _("Laat {flag} weg bij de indicator '{id}'.").format(
                                flag=flag, id=indicator_id))
        params[param] = value
    if args.reference_date is not None:
        params["peildatum"] = args.reference_date.isoformat()
    return params


def _number(value: Any) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) \
        else float(value)


def indicator_to_dict(project, indicator_id: str, params: dict[str, Any]) -> dict[str, Any]:
    from core import analysis, charts, suppression
    from core.chart_spec import ChartSpec

    result = analysis.compute(project, indicator_id, params)
    agg = analysis.aggregate(result, x=None)
    rule = suppression.rule_for(project)
    overall = suppression.suppress(agg.table, rule).table
    overall["display"] = charts.display_values(overall, agg.unit, agg.aggregation, rule)
    row = overall.iloc[0] if len(overall) else None
    breakdown = None
    if result.default_x and result.default_x != "periode":
        per = charts.build(project, ChartSpec(indicator_id, "tabel", x=result.default_x,
                                              params=params))
        breakdown = {
            "dimension": result.default_x,
            "rows": [{"label": str(r.x_label), "value": _number(r.value),
                      "shown": str(r.display), "clients": int(r.clients),
                      "records": int(r.records), "hidden": r.hidden or None}
                     for r in per.table.itertuples()],
        }
    aggregation = analysis.default_aggregation(result)
    return {
        "indicator": result.id,
        "label": result.label,
        "definition": result.definition,
        "unit": analysis.AGGREGATION_UNIT.get(aggregation, result.unit),
        "aggregation": aggregation,
        "value": _number(row.value) if row is not None else None,
        "shown": str(row.display) if row is not None else "",
        "used": result.used,
        "record_noun": result.record_noun,
        "not_used": [{"reason": e.reason, "count": e.count} for e in result.excluded],
        "summary": result.summary(),
        "peildatum": result.reference.get("peildatum"),
        "reference": {k: v for k, v in result.reference.items() if k != "ceilings"},
        "data_until": result.data_until.isoformat() if result.data_until else None,
        "rule": result.rule,
        "notes": list(result.notes),
        "per": breakdown,
    }


def _run(args: argparse.Namespace) -> int:
    from core.analysis import get_indicator
    from core.commands.check import files_to_dict

    get_indicator(args.indicator)  # exit 2 for an unknown id, before reading any file
    params = _params(args, args.indicator)
    sources = read_sources(args.files, args.roles)
    data = {"files": files_to_dict(sources.project, sources.warnings),
            **indicator_to_dict(sources.project, args.indicator, params)}
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{data['label']}: {data['shown']}")
    print(data["summary"])
    print(_("Definitie: {text}").format(text=data["definition"]))
    if data["peildatum"]:
        print(_("Peildatum: {date}").format(date=data["peildatum"]))
    if data["rule"]:
        print(_("Koppeling: {rule}").format(rule=data["rule"]))
    for note in data["notes"]:
        print(f"- {note}")
    if data["per"]:
        for r in data["per"]["rows"]:
            print(f"  {r['label']}: {r['shown']}")
    return EXIT_OK


COMMAND = Command(
    help="bereken één indicator op een set bestanden",
    configure=_configure,
    run=_run,
)
