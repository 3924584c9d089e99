"""How fast the example project's report is made.

    .venv/bin/python benchmarks/report_bench.py [--runs 3]

Target (issue 8): the example project's PDF renders within 2 s, charts included.
The project is the bundled example with the Grafieken step's proposed charts. The
script measures (median of --runs, each from cold caches unless said otherwise):

- export:  build_report + render_pdf from cold caches: checks, every chart drawn,
           maturity radar, layout by Typst (the target),
- build:   build_report alone (checks, charts, texts),
- layout:  a warm build plus Typst after a text change (what a re-export costs),
- preview: the app's live preview after typing a sentence (warm caches: only the
           text changed), including rasterising every page,
- word:    render_docx on the built report,

and compares the export with baselines measured in the same run: Typst compiling a
one-page PDF/A document with the same fonts (the engine's fixed cost), and the
matplotlib SVG export of the same number of bare bar charts.
Exit code 1 when the export takes longer than the target.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matplotlib.figure import Figure  # noqa: E402

from core import charts  # noqa: E402
from core.example import build_example_project  # noqa: E402
from core.report import build, pdf  # noqa: E402
from core.report.document import figure_svg  # noqa: E402
from core.report.export import preview_report  # noqa: E402
from core.report.word import render_docx  # noqa: E402

TARGET_SECONDS = 2.0


def timed(fn: Callable[[], object], runs: int, before: Callable[[], None] | None = None
          ) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


_runs = iter(range(1_000_000))


def baseline_typst() -> bytes:
    compiler = pdf._compiler()
    # A new text each run: Typst memoises, and an unchanged input would cost nothing.
    source = (b'#set document(title: "Rapport")\n#set text(lang: "nl", font: "Lato")\n'
              b"= Rapport\nEen korte tekst, versie " + str(next(_runs)).encode())
    return compiler.compile(source, format="pdf", pdf_standards=pdf.PDF_STANDARDS)


def baseline_svgs(count: int) -> None:
    for _ in range(count):
        figure = Figure(figsize=(build.CHART_WIDTH_IN, build.CHART_HEIGHT_IN))
        figure.add_subplot().barh([f"aanbieder {i}" for i in range(8)], range(8))
        figure_svg(figure)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    project = build_example_project()
    charts.add_proposals(project)
    print(f"example project: {len(project.datasets)} datasets, "
          f"{sum(d.row_count for d in project.datasets)} rows, "
          f"{len(project.charts.specs)} charts, {len(project.report.actions)} actions")

    started = time.perf_counter()
    first = pdf.render_pdf(build.build_report(project))
    first_time = time.perf_counter() - started  # includes loading fonts and imports

    typst_base, _ = timed(baseline_typst, args.runs)
    svg_base, _ = timed(lambda: baseline_svgs(len(project.charts.specs) + 1), args.runs)

    def typed() -> None:  # a changed text, so Typst's memo cache cannot answer
        project.report.summary += f" Zin {next(_runs)}."

    def cold() -> None:
        build.clear_caches()
        typed()

    export, result = timed(lambda: pdf.render_pdf(build.build_report(project)), args.runs,
                           before=cold)
    build_time, document = timed(lambda: build.build_report(project), args.runs, before=cold)
    layout, _ = timed(lambda: pdf.render_pdf(build.build_report(project)), args.runs,
                      before=typed)  # warm build (cached parts), so mostly layout
    word, _ = timed(lambda: render_docx(document), args.runs)

    preview, shown = timed(lambda: preview_report(project, dpi=48), args.runs, before=typed)

    pages = len(shown.pages)
    print(f"report: {pages} pages, {len(result) // 1024} KB PDF "
          f"(first export in a fresh process: {first_time:.2f} s, {len(first) // 1024} KB)")
    print(f"export (cold)  {export:6.2f} s   target {TARGET_SECONDS:.1f} s")
    print(f"  build        {build_time:6.2f} s")
    print(f"  layout       {layout:6.2f} s   (warm build + Typst after a text change)")
    print(f"preview (warm) {preview:6.2f} s   after typing a sentence, {pages} pages rasterised")
    print(f"word           {word:6.2f} s")
    print(f"baseline: Typst one-page PDF/A {typst_base:.3f} s -> export is "
          f"{export / typst_base:.0f}x; bare SVG charts x{len(project.charts.specs) + 1} "
          f"{svg_base:.2f} s -> export is {export / svg_base:.1f}x")
    if export > TARGET_SECONDS:
        print(f"SLOW: the export took {export:.2f} s (target {TARGET_SECONDS:.1f} s)")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
