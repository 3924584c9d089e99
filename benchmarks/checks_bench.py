"""Speed of the checks on about 1M rows of berichtenverkeer, in three export shapes.

Targets (issues 4 and 14): all checks within 3x the time it takes to import the same
files, both measured here in the same run, for each shape:
- mixed: one 12-column export with a message-type column (1M rows);
- messages: four files 301, 305, 307 and 303 as the generator writes them, with
  toewijzingnummers, aspecific assignments and declaration defects (about 1M rows);
- trajecten: the flattened trajecten export of the same data plus its 303 (about 0.8M).
And, when ydata-profiling is available (a peer for comparison, not a dependency), at
least 10x faster than its minimal profile of the mixed frame.

What each figure includes:
- import: ``import_file`` (detection, parse, and typing with the suggested column types)
  plus, for the mixed file, typing again (``core.data.typed``) for columns whose type
  below differs from the suggestion; typing is part of the import (issue 3). The
  messages and trajecten files are read with detection alone, as a user would.
- checks: ``run_checks`` on the imported, typed dataset: all 20 checks with a fresh
  check context each run (nothing from an earlier run is reused; the cleaning replay
  is included). Best of ``--repeat`` runs, with the spread.
- ydata-profiling: ``ProfileReport(frame, minimal=True).to_json()`` on a frame already
  in memory; loading the frame is not timed. "typed frame": the same typed values as
  our checks get (dates as dates, amounts as numbers); "text frame": every column text.

    .venv/bin/python benchmarks/checks_bench.py [--rows N] [--repeat 3] [--peer-python PY]
        [--shapes mixed,messages,trajecten]

Prints the figures; exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.checks import run_checks  # noqa: E402
from core.data import typed  # noqa: E402
from core.io import ImportSettings, import_file  # noqa: E402
from core.project import ColumnSpec, Project  # noqa: E402
from core.synthetic import combined_messages, write_csv  # noqa: E402

COLUMNS = {  # name: (type, role)
    "Berichtcode": ("code", "message_type"),
    "BSN": ("code", "client"),
    "AGB-code aanbieder": ("code", "provider"),
    "Naam aanbieder": ("text", None),
    "Productcode": ("code", "product_code"),
    "Beschikkingnummer": ("code", "decision_number"),
    "Begindatum": ("date", "assignment_start"),
    "Einddatum": ("date", "assignment_end"),
    "Volume": ("decimal", "volume"),
    "Eenheid": ("text", "unit"),
    "Bedrag": ("amount", "amount"),
    "Wijk": ("text", "district"),
}
TARGET_RATIO = 3.0
PEER_FACTOR = 10.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--shapes", default=",".join(SHAPES),
                        help="which export shapes to time (comma separated)")
    parser.add_argument("--peer-python", metavar="PYTHON",
                        help="an interpreter that has ydata-profiling (it needs other pandas "
                             "and numpy versions than ours, so it lives in its own venv)")
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        generated = None
        for shape in args.shapes.split(","):
            if shape == "mixed":
                ok &= _mixed(args, Path(tmp))
                continue
            if generated is None:
                generated = _generate(args.rows)
            names = SHAPES[shape]
            paths = []
            for name in names:
                path = Path(tmp) / f"{name}.csv"
                write_csv(generated.frames[name], path, "cp1252")
                paths.append(path)
            ok &= _files(shape, paths, args.repeat)
    return 0 if ok else 1


SHAPES = {"mixed": (), "messages": ("301", "305", "307", "303"), "trajecten": ("trajecten",
                                                                            "303")}


def _generate(rows: int):
    from core.synthetic import SyntheticConfig, generate

    t = time.perf_counter()
    # the four message files hold about 11.4 rows per client
    data = generate(SyntheticConfig(n_clients=max(100, int(rows / 11.4)), seed=20251207))
    sizes = ", ".join(f"{k} {len(f):,}" for k, f in data.frames.items())
    print(f"generated {sizes} rows in {time.perf_counter() - t:.1f} s")
    return data


def _files(shape: str, paths: list[Path], repeat: int) -> bool:
    """Import each file with detection, then time all checks on the project."""
    t = time.perf_counter()
    datasets = [import_file(path).dataset for path in paths]
    import_s = time.perf_counter() - t
    project = Project(name="bench", datasets=datasets)
    report, checks_s, runs, per_check = _time_checks(project, repeat)
    rows = sum(ds.row_count for ds in datasets)
    ratio = checks_s / import_s
    print(f"[{shape}] import of {len(paths)} files ({', '.join(ds.kind for ds in datasets)}): "
          f"{import_s:.2f} s ({rows:,} rows)")
    _print_checks(shape, report, checks_s, runs, per_check, ratio)
    return ratio <= TARGET_RATIO


def _time_checks(project: Project, repeat: int):
    runs, per_check, report = [], None, None
    for _ in range(max(1, repeat)):
        timings: dict[str, float] = defaultdict(float)
        last = [time.perf_counter(), None]

        def progress(done, total, label, timings=timings, last=last):
            now = time.perf_counter()
            if last[1] is not None:
                timings[last[1]] += now - last[0]
            last[0], last[1] = now, label

        t = time.perf_counter()
        report = run_checks(project, progress=progress)
        runs.append(time.perf_counter() - t)
        if per_check is None or runs[-1] == min(runs):
            per_check = timings
    return report, min(runs), runs, per_check


def _print_checks(shape, report, checks_s, runs, per_check, ratio) -> None:
    print(f"[{shape}] all {report.stats['checks']} checks: best {checks_s:.2f} s of "
          f"{len(runs)} runs (spread {min(runs):.2f}-{max(runs):.2f} s) -> {ratio:.2f}x import "
          f"(target <= {TARGET_RATIO:.0f}x)")
    print(f"[{shape}] findings: {len(report.findings)}; check errors: "
          f"{sum(f.type == 'check-error' for f in report.findings)}")
    for label, seconds in sorted(per_check.items(), key=lambda kv: -kv[1])[:8]:
        print(f"  {seconds:6.2f} s  {label}")


def _mixed(args, tmp: Path) -> bool:
    path = tmp / "berichten.csv"
    t = time.perf_counter()
    frame = combined_messages(args.rows)
    write_csv(frame, path, "cp1252")
    print(f"generated {len(frame):,} rows x {len(frame.columns)} columns "
          f"({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.1f} s")
    del frame

    t = time.perf_counter()
    dataset = import_file(path, ImportSettings(encoding="cp1252")).dataset
    read_s = time.perf_counter() - t
    dataset.kind = "mixed"
    dataset.columns = [ColumnSpec(name, *COLUMNS[name]) for name in dataset.original.columns]
    t = time.perf_counter()
    typed_frame = typed(dataset).frame
    typing_s = time.perf_counter() - t
    import_s = read_s + typing_s
    peer = {}
    if args.peer_python:
        typed_path = tmp / "typed.csv"
        typed_frame.to_csv(typed_path, index=False, date_format="%Y-%m-%d")
        peer = _peer_in_other_python(args.peer_python, path, typed_path)
    del typed_frame
    project = Project(name="bench", datasets=[dataset])
    report, checks_s, runs, per_check = _time_checks(project, args.repeat)
    ratio = checks_s / import_s
    print(f"[mixed] import: {import_s:.2f} s = import_file {read_s:.2f} s (it types the "
          f"columns) + typing again for the types set here {typing_s:.2f} s "
          f"({dataset.row_count:,} rows)")
    _print_checks("mixed", report, checks_s, runs, per_check, ratio)
    ok = ratio <= TARGET_RATIO
    if not args.peer_python:
        print("ydata-profiling: no --peer-python given (peer comparison skipped)")
    for kind in ("typed", "text"):
        if kind in peer:
            factor = peer[kind] / checks_s
            target = f" (target >= {PEER_FACTOR:.0f}x)" if kind == "typed" else ""
            print(f"ydata-profiling minimal, {kind} frame: {peer[kind]:.2f} s -> checks are "
                  f"{factor:.1f}x faster{target}")
            if kind == "typed":
                ok &= factor >= PEER_FACTOR
    return ok


PEER_SCRIPT = """
import sys, time, warnings
warnings.filterwarnings("ignore")
import pandas as pd
from ydata_profiling import ProfileReport
text_path, typed_path, dates, numbers = sys.argv[1:5]
dates, numbers = dates.split("|"), numbers.split("|")
typed = pd.read_csv(typed_path, dtype={c: str for c in pd.read_csv(typed_path, nrows=0).columns
                                       if c not in dates + numbers},
                    parse_dates=dates, keep_default_na=False, na_values=[""])
t = time.perf_counter()
ProfileReport(typed, minimal=True, progress_bar=False).to_json()
print("typed", time.perf_counter() - t, flush=True)
del typed
text = pd.read_csv(text_path, sep=";", encoding="cp1252", dtype=str, keep_default_na=False,
                   na_values=[""])
t = time.perf_counter()
ProfileReport(text, minimal=True, progress_bar=False).to_json()
print("text", time.perf_counter() - t, flush=True)
"""


def _peer_in_other_python(python: str, path: Path, typed_path: Path) -> dict[str, float]:
    import subprocess

    dates = [n for n, (t, _r) in COLUMNS.items() if t == "date"]
    numbers = [n for n, (t, _r) in COLUMNS.items() if t in ("decimal", "amount", "integer")]
    done = subprocess.run([python, "-c", PEER_SCRIPT, str(path), str(typed_path),
                           "|".join(dates), "|".join(numbers)], capture_output=True, text=True)
    if done.returncode != 0:
        print("ydata-profiling: could not run in", python)
        return {}
    return {line.split()[0]: float(line.split()[1]) for line in done.stdout.splitlines()
            if line.split()[:1] in (["typed"], ["text"])}


if __name__ == "__main__":
    raise SystemExit(main())
