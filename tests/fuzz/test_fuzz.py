"""Fuzz suite (issue 16): hostile and malformed project files, CSV and xlsx files.

Each input goes through the engine the way a user meets it: ``stuurwijzer report``
and ``open_project`` for project files, ``stuurwijzer inspect`` for tables. Asserted
for every input: exit 0 or 2, for 2 one Dutch line on stderr, never a traceback or
"Er ging iets mis"; the input file unchanged; nothing written outside the output
folder (besides the log and the key folder); and, in child processes, bounded memory.

The default run has the named cases and random mutations with fixed seeds; the
``slow`` marker adds the bombs (a 6 GB project.json, 8M-row parquet, 5 MB title, a
70 MB CSV row, a 16,384-column sheet) and more mutations, each in a child process
whose peak memory is measured.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core import privacy
from core.errors import ProjectFileError
from core.project import open_project, save_project
from desktop.app import main
from tests.fuzz.hostile import (
    PROJECT_BOMBS,
    PROJECT_CASES,
    TABLE_BOMBS,
    TABLE_CASES,
    project_mutations,
    table_mutations,
    valid_project_bytes,
)

MEMORY_LIMIT_MB = 1536  # "opening any file under 100 MB stays under about 1.5 GB"
TRACEBACK_MARKS = ("Traceback", "Er ging iets mis", 'File "')


class Sandbox:
    """in/ holds the input, out/ the output, home/ the user folders (--dev)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.inputs, self.out, self.home = root / "in", root / "out", root / "home"
        for folder in (self.inputs, self.out, self.home):
            folder.mkdir(parents=True, exist_ok=True)
        self.allowed = (self.out, self.home / "logs", self.home / "config" / "sleutels")

    def files(self) -> set[Path]:
        return {p for p in self.root.rglob("*") if not p.is_dir()}

    def check_written(self, before: set[Path]) -> None:
        outside = [p for p in self.files() - before
                   if not any(p.is_relative_to(folder) for folder in self.allowed)]
        assert outside == [], f"written outside the output folder: {outside}"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check_result(code: int | None, err: str) -> None:
    assert code in (0, 2), f"exit {code}: {err[-500:]}"
    assert not any(mark in err for mark in TRACEBACK_MARKS), err[-500:]
    if code == 2:
        assert len(err.strip().splitlines()) == 1, err


def _run(argv: list[str], capsys) -> tuple[int | None, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse
        code = exc.code  # type: ignore[assignment]
    return code, capsys.readouterr().err


def _report(sandbox: Sandbox, path: Path, capsys) -> int | None:
    before, digest = sandbox.files(), _digest(path)
    code, err = _run(["--dev", str(sandbox.home), "report", str(path), "-o",
                      str(sandbox.out / f"{path.stem}.pdf")], capsys)
    _check_result(code, err)
    assert _digest(path) == digest
    sandbox.check_written(before)
    return code


def _open_and_use(sandbox: Sandbox, path: Path) -> bool:
    """open_project: a project or a ProjectFileError. An opened project saves into out/
    and opens again, and its key stays in the key folder."""
    before = sandbox.files()
    try:
        project = open_project(path)
    except ProjectFileError as exc:
        assert "\n" not in exc.message and not any(m in str(exc) for m in TRACEBACK_MARKS)
        sandbox.check_written(before)
        return False
    saved = save_project(project, sandbox.out / f"{path.stem}-opnieuw.stuurwijzer")
    assert open_project(saved).id == project.id
    key = privacy.key_path(project)
    assert key.parent == sandbox.home / "config" / "sleutels"
    assert len(privacy.project_key(project)) == 32
    sandbox.check_written(before)
    return True


@pytest.fixture
def sandbox(tmp_path, monkeypatch) -> Sandbox:
    from core import paths

    box = Sandbox(tmp_path)
    monkeypatch.chdir(box.root)
    paths.init_paths(box.home)  # in-process opening uses the sandbox's key folder too
    return box


# --------------------------------------------------------------------------- default run


@pytest.mark.parametrize("case", sorted(PROJECT_CASES))
def test_hostile_project_files_end_in_exit_0_or_2(sandbox, capsys, case):
    path = sandbox.inputs / f"{case}.stuurwijzer"
    PROJECT_CASES[case](path)
    if case == "maturity-string":  # a harmless oddity: it opens and makes a report
        assert _report(sandbox, path, capsys) == 0
    else:
        assert _report(sandbox, path, capsys) == 2
        assert list(sandbox.out.iterdir()) == []


def test_random_mutations_of_a_valid_project_open_or_are_refused(sandbox):
    opened = 0
    for name, make in project_mutations(seed=16, count=150):
        path = sandbox.inputs / f"{name}.stuurwijzer"
        make(path)
        opened += _open_and_use(sandbox, path)
    assert 10 < opened < 140  # the mutations reach both outcomes


def test_some_opened_mutations_make_a_report_or_say_why_not(sandbox, capsys):
    made = 0
    for name, make in project_mutations(seed=1, count=40):
        path = sandbox.inputs / f"{name}.stuurwijzer"
        make(path)
        try:
            open_project(path)
        except ProjectFileError:
            continue
        _report(sandbox, path, capsys)
        made += 1
        if made == 3:
            break
    assert made == 3


@pytest.mark.parametrize("case", sorted(TABLE_CASES))
def test_hostile_tables_end_in_exit_0_or_2(sandbox, capsys, case):
    suffix, make = TABLE_CASES[case]
    path = sandbox.inputs / f"{case}{suffix}"
    make(path)
    before, digest = sandbox.files(), _digest(path)
    code, err = _run(["--dev", str(sandbox.home), "inspect", str(path), "--json"], capsys)
    _check_result(code, err)
    assert _digest(path) == digest
    sandbox.check_written(before)
    if "columns-" in case:  # wider than MAX_COLUMNS
        assert code == 2 and "kolommen" in err


def test_random_mutations_of_valid_tables_end_in_exit_0_or_2(sandbox, capsys):
    codes = set()
    for name, suffix, make in table_mutations(seed=16, count=60):
        path = sandbox.inputs / f"{name}{suffix}"
        make(path)
        before = sandbox.files()
        code, err = _run(["--dev", str(sandbox.home), "inspect", str(path), "--json"], capsys)
        _check_result(code, err)
        sandbox.check_written(before)
        codes.add(code)
    assert codes == {0, 2}


# --------------------------------------------------------------------------- memory


# The child writes its own peak memory to the file named first. On Linux it is VmHWM of
# its own address space: ru_maxrss of an exec'ed child starts at the parent's resident
# size at fork, so a big test process would be counted as the child's peak.
_MEASURED = """import resource, sys
def peak():
    try:
        status = open("/proc/self/status").read().split("VmHWM:")[1]
        mb = int(status.split()[0]) / 1024
    except (OSError, IndexError, ValueError):
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        mb = kb / 1024 if sys.platform != "darwin" else kb / 1024**2
    open(sys.argv[1], "w").write(str(mb))
if sys.argv[2] == "--open":
    from core.project import open_project
    print(open_project(sys.argv[3]).datasets[0].row_count)
    peak()
    sys.exit(0)
from desktop.app import main
try:
    code = main(sys.argv[2:])
except SystemExit as exc:
    code = exc.code
peak()
sys.exit(code)
"""


def run_measured(args: list[str], cwd: Path) -> tuple[int, str, str, float]:
    """Run ``stuurwijzer ARGS`` (or ``--open FILE``) in a child process: exit code,
    stdout, stderr and its peak memory in MB."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    peak_file = cwd / "peak.txt"
    result = subprocess.run([sys.executable, "-c", _MEASURED, str(peak_file), *args], cwd=cwd,
                            env=env, capture_output=True, text=True, timeout=600)
    peak = float(peak_file.read_text())
    peak_file.unlink()
    return result.returncode, result.stdout, result.stderr, peak


needs_resource = pytest.mark.skipif(os.name != "posix", reason="peak memory needs resource")


@needs_resource
def test_opening_hostile_files_stays_within_memory(sandbox):
    for case in ("parquet-dictionary-small-bomb", "title-5mb", "document-nested-100k"):
        path = sandbox.inputs / f"{case}.stuurwijzer"
        PROJECT_CASES[case](path)
        code, _out, err, peak = run_measured(["--dev", str(sandbox.home), "report", str(path),
                                              "-o", str(sandbox.out / "r.pdf")], sandbox.root)
        _check_result(code, err)
        assert code == 2
        assert peak < MEMORY_LIMIT_MB, f"{case}: {peak:.0f} MB"


# --------------------------------------------------------------------------- slow: the bombs


@pytest.mark.slow
@needs_resource
@pytest.mark.parametrize("case", sorted(PROJECT_BOMBS))
def test_project_bombs_are_refused_within_memory(sandbox, case):
    path = sandbox.inputs / f"{case}.stuurwijzer"
    PROJECT_BOMBS[case](path)
    assert path.stat().st_size < 100 * 1024**2
    before = sandbox.files()
    code, _out, err, peak = run_measured(["--dev", str(sandbox.home), "report", str(path), "-o",
                                          str(sandbox.out / "r.pdf")], sandbox.root)
    _check_result(code, err)
    assert code == 2
    assert peak < MEMORY_LIMIT_MB, f"{case}: {peak:.0f} MB"
    sandbox.check_written(before)


@pytest.mark.slow
@needs_resource
def test_the_largest_project_the_limits_allow_opens_within_memory(sandbox):
    """Just under MAX_CELLS and MAX_TEXT_BYTES: the budget in core/limits.py holds."""
    import json
    import zipfile

    import numpy as np
    import pyarrow as pa

    from core import limits
    from tests.fuzz.hostile import document_of, members_of, parquet_bytes

    doc = document_of(valid_project_bytes())
    doc["cleaning"] = {"operations": [], "undone": []}
    doc["charts"] = {"specs": []}
    columns = 12
    rows = limits.MAX_CELLS // columns - 1
    value_chars = limits.MAX_TEXT_BYTES // limits.MAX_CELLS  # fills the text budget
    values = pa.array([f"{i:0{value_chars}d}" for i in range(1000)])
    table = pa.table({f"k{c}": pa.DictionaryArray.from_arrays(
        pa.array(np.arange(rows, dtype=np.int32) % 1000), values) for c in range(columns)})
    meta = doc["datasets"][0]
    meta.update(rows=rows, columns=[{"name": f"k{c}", "type": "text"} for c in range(columns)])
    doc["datasets"] = [meta]
    data = parquet_bytes(table, compression="zstd", store_schema=False)
    del table
    path = sandbox.inputs / "groot.stuurwijzer"
    with zipfile.ZipFile(path, "w") as archive:
        for name, raw in members_of(valid_project_bytes()):
            if name == "project.json":
                archive.writestr(name, json.dumps(doc))
            elif not name.startswith("data/"):
                archive.writestr(name, raw)
        archive.writestr(f"data/{meta['id']}.parquet", data)
    code, out, err, peak = run_measured(["--open", str(path)], sandbox.root)
    assert code == 0, err[-500:]
    assert int(out) == rows
    assert peak < MEMORY_LIMIT_MB, f"{peak:.0f} MB"


@pytest.mark.slow
@needs_resource
@pytest.mark.parametrize("case", sorted(TABLE_BOMBS))
def test_table_bombs_end_in_exit_0_or_2_within_memory(sandbox, case):
    suffix, make = TABLE_BOMBS[case]
    path = sandbox.inputs / f"{case}{suffix}"
    make(path)
    code, _out, err, peak = run_measured(["--dev", str(sandbox.home), "inspect", str(path)],
                                         sandbox.root)
    _check_result(code, err)
    assert peak < MEMORY_LIMIT_MB, f"{case}: {peak:.0f} MB"


@pytest.mark.slow
@needs_resource
def test_more_mutations_through_the_command_line(sandbox):
    for name, make in project_mutations(seed=2025, count=20):
        path = sandbox.inputs / f"{name}.stuurwijzer"
        make(path)
        before = sandbox.files()
        code, _out, err, peak = run_measured(["--dev", str(sandbox.home), "report", str(path),
                                              "-o", str(sandbox.out / f"{name}.pdf")],
                                             sandbox.root)
        _check_result(code, err)
        assert peak < MEMORY_LIMIT_MB, f"{name}: {peak:.0f} MB"
        sandbox.check_written(before)
