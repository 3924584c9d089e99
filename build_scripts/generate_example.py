"""Regenerate the example project's source files in resources/example/.

    python build_scripts/generate_example.py

The output is deterministic; tests/core/test_synthetic.py fails when the files
in resources/ differ from what this script writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.synthetic import write_example  # noqa: E402

if __name__ == "__main__":
    target = ROOT / "resources" / "example"
    data = write_example(target)
    for name, frame in data.frames.items():
        print(f"{name}: {len(frame)} rows")
    print(f"written to {target}")
