"""How fast charts are on the 1M-row generated export.

    .venv/bin/python benchmarks/charts_bench.py [--rows 1000000]

Target (issue 7): after aggregation, any chart renders within 1 s. The script
builds a project from ``core.synthetic.combined_messages`` split by message type,
then for a set of charts covering every kind and indicator measures, separately:

- compute: the indicator on the typed data (first time; later builds hit the cache),
- build:   aggregation + suppression + texts on the cached indicator,
- render:  drawing the figure with core.charts.draw and writing a PNG (the target),

and compares the render time with a baseline measured in the same run: a bare
matplotlib bar chart with the same number of bars, drawn and saved the same way.
Exit code 1 when a render takes longer than the target.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from core import analysis, charts  # noqa: E402
from core.chart_spec import ChartSpec, Target  # noqa: E402
from core.house_style import CHART  # noqa: E402
from core.project import ColumnSpec, Dataset, Project  # noqa: E402
from core.question import Question  # noqa: E402
from core.synthetic import combined_messages  # noqa: E402

TARGET_SECONDS = 1.0
ROLES = {  # message -> column -> (type, role)
    "301": {"Begindatum": ("date", "assignment_start"), "Einddatum": ("date", "assignment_end"),
            "Volume": ("decimal", "volume"), "Eenheid": ("text", "unit")},
    "305": {"Begindatum": ("date", "care_start")},
    "307": {"Einddatum": ("date", "care_end")},
    "303": {"Begindatum": ("date", "period_start"), "Einddatum": ("date", "period_end"),
            "Volume": ("decimal", "volume"), "Eenheid": ("text", "unit"),
            "Bedrag": ("amount", "amount")},
}
COMMON = {"BSN": ("code", "client"), "AGB-code aanbieder": ("code", "provider"),
          "Naam aanbieder": ("text", "provider_name"), "Productcode": ("code", "product_code"),
          "Beschikkingnummer": ("code", "decision_number"), "Wijk": ("text", "district")}

CHARTS = [
    ChartSpec("wachttijd_dagen", "liggende_staaf", x="provider", aggregation="mediaan",
              target=Target(42, "Norm: 42 dagen")),
    ChartSpec("wachttijd_binnen_norm", "lijn", x="periode", period="maand",
              target=Target(0.9, "Doel: 90%")),
    ChartSpec("wachttijd_binnen_norm", "lijn", x="periode", group="provider", period="kwartaal"),
    ChartSpec("zorgduur_dagen", "staaf", x="product_code"),
    ChartSpec("clienten_in_zorg", "lijn", x="periode", period="maand"),
    ChartSpec("instroom", "staaf", x="periode", period="kwartaal"),
    ChartSpec("uitstroom", "gestapelde_staaf", x="periode", group="district", period="kwartaal"),
    ChartSpec("herhaald_beroep", "tabel", x="provider"),
    ChartSpec("kosten_per_aanbieder", "gestapelde_staaf", x="periode", group="provider",
              period="maand"),
    ChartSpec("kosten_per_product", "liggende_staaf", x="product_code"),
    ChartSpec("kosten_per_client", "staaf", x="district"),
    ChartSpec("marktaandeel", "gestapelde_staaf", x="district"),
    ChartSpec("marktaandeel", "tabel", x="provider", group="periode", period="jaar"),
]


def build_project(rows: int) -> Project:
    frame = combined_messages(rows)
    project = Project(name="Benchmark", question=Question(template="wachttijd"))
    for kind, extra in ROLES.items():
        part = frame[frame["Berichtcode"] == kind].reset_index(drop=True)
        spec = {**COMMON, **extra}
        columns = [ColumnSpec(name, *spec[name]) for name in part.columns if name in spec]
        project.datasets.append(Dataset(f"bench-{kind}", f"Berichten {kind}",
                                        part[[c.name for c in columns]], columns, kind=kind))
    return project


def _png(figure: Figure) -> int:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=CHART.export_dpi)
    return len(buffer.getvalue())


def baseline(bars: int) -> float:
    """A bare bar chart with the same number of bars, drawn and saved as PNG."""
    start = time.perf_counter()
    figure = Figure(figsize=(CHART.width_in, CHART.height_in), dpi=CHART.dpi)
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    ax.bar(range(bars), range(1, bars + 1))
    figure.canvas.draw()
    _png(figure)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()

    start = time.perf_counter()
    project = build_project(args.rows)
    rows = sum(ds.row_count for ds in project.datasets)
    print(f"data: {rows:,} rijen in {len(project.datasets)} bestanden, "
          f"gemaakt in {time.perf_counter() - start:.1f} s")

    print(f"\n{'grafiek':64} {'compute':>8} {'build':>7} {'render':>7} {'basis':>7} "
          f"{'ratio':>6} {'figuren':>7}")
    worst = 0.0
    for spec in CHARTS:
        name = f"{spec.indicator} / {spec.kind} / {spec.x}" + (f" × {spec.group}"
                                                               if spec.group else "")
        t0 = time.perf_counter()
        analysis.compute(project, spec.indicator, spec.params)
        t1 = time.perf_counter()
        data = charts.build(project, spec)
        t2 = time.perf_counter()
        figure = charts.new_figure()
        charts.draw(figure, data)
        _png(figure)
        t3 = time.perf_counter()
        cells = len(data.table)
        base = baseline(max(1, cells))
        render = t3 - t2
        worst = max(worst, render)
        print(f"{name:64} {t1 - t0:7.2f}s {t2 - t1:6.2f}s {render:6.2f}s {base:6.2f}s "
              f"{render / base:6.1f} {cells:7d}")

    verdict = "gehaald" if worst <= TARGET_SECONDS else "NIET gehaald"
    print(f"\nlangzaamste render na aggregatie: {worst:.2f} s "
          f"(doel {TARGET_SECONDS:.0f} s): {verdict}")
    return 0 if worst <= TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
