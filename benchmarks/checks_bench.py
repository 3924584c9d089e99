"""Speed of the checks on a 1M-row, 12-column berichtenverkeer export.

Target (issue 4): all checks within 3x the time it takes to import the same file,
both measured here in the same run; and, when ydata-profiling happens to be
installed (it is a peer for comparison, not a dependency), at least 10x faster
than its minimal profile of the same frame.

    .venv/bin/python benchmarks/checks_bench.py [--rows N]

Prints the figures; exits 1 when the 3x target is missed.
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
        import_s = time.perf_counter() - t
        peer_s = _peer_in_other_python(args.peer_python, path) if args.peer_python else None
    dataset.kind = "mixed"
    dataset.columns = [ColumnSpec(name, *COLUMNS[name]) for name in dataset.original.columns]
    project = Project(name="bench", datasets=[dataset])

    per_check: dict[str, float] = defaultdict(float)
    last = [time.perf_counter(), None]

    def progress(done, total, label):
        now = time.perf_counter()
        if last[1] is not None:
            per_check[last[1]] += now - last[0]
        last[0], last[1] = now, label

    t = time.perf_counter()
    report = run_checks(project, progress=progress)
    checks_s = time.perf_counter() - t
    ratio = checks_s / import_s
    print(f"import (read {dataset.row_count:,} rows as text): {import_s:.2f} s")
    print(f"all {report.stats['checks']} checks (typing + cleaning replay included): "
          f"{checks_s:.2f} s  -> {ratio:.2f}x import (target <= {TARGET_RATIO:.0f}x)")
    print(f"findings: {len(report.findings)}; check errors: "
          f"{sum(f.type == 'check-error' for f in report.findings)}")
    for label, seconds in sorted(per_check.items(), key=lambda kv: -kv[1])[:8]:
        print(f"  {seconds:6.2f} s  {label}")

    t = time.perf_counter()
    typed(dataset)
    print(f"  of which typing the text (core.data.typed, issue 3): "
          f"{time.perf_counter() - t:.2f} s, counted in the first check")

    if peer_s is None:
        try:
            from ydata_profiling import ProfileReport
        except ImportError:
            print("ydata-profiling: not installed (peer comparison skipped)")
        else:
            frame = typed(dataset).frame
            t = time.perf_counter()
            ProfileReport(frame, minimal=True, progress_bar=False).to_json()
            peer_s = time.perf_counter() - t
    if peer_s is not None:
        print(f"ydata-profiling minimal on the same file: {peer_s:.2f} s -> checks are "
              f"{peer_s / checks_s:.1f}x faster (target >= {PEER_FACTOR:.0f}x)")
    return 0 if ratio <= TARGET_RATIO else 1


PEER_SCRIPT = """
import sys, time
import pandas as pd
from ydata_profiling import ProfileReport
frame = pd.read_csv(sys.argv[1], sep=";", encoding="cp1252", dtype=str, keep_default_na=False,
                    na_values=[""])
t = time.perf_counter()
ProfileReport(frame, minimal=True, progress_bar=False).to_json()
print(time.perf_counter() - t)
"""


def _peer_in_other_python(python: str, path: Path) -> float | None:
    import subprocess

    done = subprocess.run([python, "-c", PEER_SCRIPT, str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        print("ydata-profiling: could not run in", python)
        return None
    return float(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    raise SystemExit(main())
