"""Speed of the checks on a 1M-row, 12-column berichtenverkeer export.

Targets (issue 4): all checks within 3x the time it takes to import the same file,
both measured here in the same run; and, when ydata-profiling is available (a peer for
comparison, not a dependency), at least 10x faster than its minimal profile of the
same frame.

What each figure includes:
- import: ``import_file`` (detection, parse, and typing with the suggested column types)
  plus typing again (``core.data.typed``) for columns whose type below differs from the
  suggestion; typing is part of the import (issue 3).
- checks: ``run_checks`` on the imported, typed dataset: all 20 checks with a fresh
  check context each run (nothing from an earlier run is reused; the cleaning replay
  is included). Best of ``--repeat`` runs, with the spread.
- ydata-profiling: ``ProfileReport(frame, minimal=True).to_json()`` on a frame already
  in memory; loading the frame is not timed. "typed frame": the same typed values as
  our checks get (dates as dates, amounts as numbers); "text frame": every column text.

    .venv/bin/python benchmarks/checks_bench.py [--rows N] [--repeat 3] [--peer-python PY]

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
    parser.add_argument("--peer-python", metavar="PYTHON",
                        help="an interpreter that has ydata-profiling (it needs other pandas "
                             "and numpy versions than ours, so it lives in its own venv)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "berichten.csv"
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
            typed_path = Path(tmp) / "typed.csv"
            typed_frame.to_csv(typed_path, index=False, date_format="%Y-%m-%d")
            peer = _peer_in_other_python(args.peer_python, path, typed_path)
    project = Project(name="bench", datasets=[dataset])

    runs, per_check = [], None
    for _ in range(max(1, args.repeat)):
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
    checks_s = min(runs)
    ratio = checks_s / import_s
    print(f"import: {import_s:.2f} s = import_file {read_s:.2f} s (it types the columns) + "
          f"typing again for the types set here {typing_s:.2f} s ({dataset.row_count:,} rows)")
    print(f"all {report.stats['checks']} checks on the typed data: best {checks_s:.2f} s of "
          f"{len(runs)} runs (spread {min(runs):.2f}-{max(runs):.2f} s) -> {ratio:.2f}x import "
          f"(target <= {TARGET_RATIO:.0f}x)")
    print(f"findings: {len(report.findings)}; check errors: "
          f"{sum(f.type == 'check-error' for f in report.findings)}")
    for label, seconds in sorted(per_check.items(), key=lambda kv: -kv[1])[:8]:
        print(f"  {seconds:6.2f} s  {label}")
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
    return 0 if ok else 1


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
