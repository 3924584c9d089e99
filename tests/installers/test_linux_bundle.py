"""Build the Linux bundle and .deb with build_scripts/build_linux.sh, then start what was built.

Slow (a minute or two: PyInstaller, strip, packing). The README test command (and so CI)
runs the default suite, then ``pytest -m slow``, which includes this. Everything runs from temporary folders outside the
checkout, so the frozen app can only find what was bundled.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("dpkg-deb") is None,
                       reason="the Linux bundle and .deb are built on Debian/Ubuntu"),
]

# What the bundle must not carry: unused Qt modules (QML, Quick, WebEngine, network), the
# network parts of pyarrow, the test suites of libraries.
FORBIDDEN = ("libQt6WebEngine", "libQt6Qml", "libQt6Quick", "libQt6Network", "QtNetwork.abi3",
             "libarrow_flight", "libarrow_s3", "_pyarrow_cpp_tests", "pyarrow/tests", "tkinter",
             "PyQt5", "PyQt6")
SIZE_BUDGET_MB = 450  # measured 393 MB (Nov 2026); the bench prints the largest parts


def run(args, *, env=None, cwd, timeout=300):
    full_env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env or {}))
    return subprocess.run([str(a) for a in args], cwd=cwd, env=full_env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("linux-build")
    result = subprocess.run(
        ["bash", str(ROOT / "build_scripts" / "build_linux.sh"), "--dist", str(out / "dist"),
         "--work", str(out / "work"), "--fast-deb"],
        cwd=ROOT, capture_output=True, text=True, timeout=1500,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    shutil.rmtree(out / "work", ignore_errors=True)  # PyInstaller's scratch space, ~0.5 GB
    debs = list((out / "dist").glob("stuurwijzer_*.deb"))
    assert len(debs) == 1, list((out / "dist").iterdir())
    yield {"bundle": out / "dist" / "stuurwijzer", "deb": debs[0]}
    shutil.rmtree(out, ignore_errors=True)  # ~0.6 GB; pytest would keep it for three runs


def test_frozen_app_reports_the_project_version(built, tmp_path):
    result = run([built["bundle"] / "stuurwijzer", "--version"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Stuurwijzer {VERSION}"


def test_every_runtime_library_works_inside_the_bundle(built, tmp_path):
    result = run([built["bundle"] / "stuurwijzer"], env={"STUURWIJZER_BUNDLE_CHECK": "1"},
                 cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 failed" in result.stdout


def test_selftest_passes_inside_the_bundle(built, tmp_path):
    shots = tmp_path / "shots"
    result = run([built["bundle"] / "stuurwijzer", "selftest", "--screenshots", shots],
                 cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "selftest geslaagd" in result.stdout
    assert len(list(shots.glob("*.png"))) >= 7  # one per step, from resources in the bundle


def test_bundle_carries_every_resource(built):
    # Content lives in resources/ and is found through sys._MEIPASS: a file left out would
    # only show when a user reaches the step that reads it.
    source = ROOT / "resources"
    bundled = built["bundle"] / "_internal" / "resources"
    wanted = {p.relative_to(source) for p in source.rglob("*")
              if p.is_file() and "__pycache__" not in p.parts}
    missing = sorted(str(p) for p in wanted if not (bundled / p).is_file())
    assert not missing, f"resources not in the bundle: {missing[:10]}"


def test_inspect_reads_a_csv_inside_the_bundle(built, tmp_path):
    csv = tmp_path / "toewijzingen.csv"
    csv.write_text("Gemeente;Aantal cliënten;Datum\nWesterdijk;12;05-01-2024\n"
                   "Oosterdijk;7;01-02-2024\n", encoding="cp1252")
    result = run([built["bundle"] / "stuurwijzer", "inspect", csv, "--json"], cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["rows"] == 2
    assert [c["name"] for c in report["columns"]] == ["Gemeente", "Aantal cliënten", "Datum"]
    assert report["settings"]["delimiter"] == ";"
    assert report["settings"]["encoding"] == "cp1252"  # charset detection works frozen too
    assert [c["type"] for c in report["columns"]] == ["text", "integer", "date"]


def test_desktop_app_opens_its_window(built, tmp_path):
    probe = tmp_path / "probe.txt"
    result = run([built["bundle"] / "stuurwijzer"], cwd=tmp_path, timeout=120,
                 env={"STUURWIJZER_STARTUP_PROBE": str(probe),
                      "STUURWIJZER_HOME": str(tmp_path / "home")})
    assert result.returncode == 0, result.stderr
    marks = [line.split()[0] for line in probe.read_text().splitlines()]
    assert marks == ["first-window", "main-window"]  # splash first, then the main window


def test_bundle_is_lean(built):
    internal = built["bundle"] / "_internal"
    names = [str(p.relative_to(internal)) for p in internal.rglob("*")]
    found = sorted({bad for bad in FORBIDDEN for name in names if bad in name})
    assert not found, f"unused parts in the bundle: {found}"
    translations = [p.name for p in (internal / "PySide6" / "Qt" / "translations").glob("*.qm")]
    assert translations and all(name.endswith("_nl.qm") for name in translations)
    size_mb = sum(p.stat().st_size for p in built["bundle"].rglob("*")
                  if p.is_file() and not p.is_symlink()) / 1e6
    assert size_mb < SIZE_BUDGET_MB, f"bundle is {size_mb:.0f} MB"


def test_deb_installs_app_launcher_menu_entry_and_file_type(built):
    info = subprocess.run(["dpkg-deb", "--info", built["deb"]], capture_output=True, text=True)
    assert info.returncode == 0, info.stderr
    fields = dict(line.strip().split(": ", 1) for line in info.stdout.splitlines()
                  if ": " in line and not line.startswith("  new Debian"))
    assert fields["Package"] == "stuurwijzer"
    assert fields["Version"] == VERSION
    assert "libxcb-cursor0" in fields["Depends"]  # the Qt xcb plugin needs it since Qt 6.5

    contents = subprocess.run(["dpkg-deb", "--contents", built["deb"]], capture_output=True,
                              text=True).stdout
    paths = {line.split()[5] for line in contents.splitlines()}
    for expected in ("./opt/stuurwijzer/stuurwijzer", "./usr/bin/stuurwijzer",
                     "./usr/share/applications/stuurwijzer.desktop",
                     "./usr/share/mime/packages/stuurwijzer.xml",
                     "./usr/share/icons/hicolor/256x256/apps/stuurwijzer.png",
                     "./usr/share/icons/hicolor/scalable/apps/stuurwijzer.svg"):
        assert expected in paths, expected
    owners = {" ".join(line.split()[1:2]) for line in contents.splitlines()}
    assert owners == {"root/root"}


def test_app_unpacked_from_the_deb_runs(built, tmp_path):
    root = tmp_path / "root"
    try:
        unpacked = subprocess.run(["dpkg-deb", "-x", built["deb"], root], capture_output=True,
                                  text=True)
        assert unpacked.returncode == 0, unpacked.stderr
        launcher = (root / "usr" / "bin" / "stuurwijzer").read_text()
        assert "exec /opt/stuurwijzer/stuurwijzer" in launcher
        app = root / "opt" / "stuurwijzer" / "stuurwijzer"
        assert os.access(app, os.X_OK)
        result = run([app, "selftest"], cwd=tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
        check = run([app], env={"STUURWIJZER_BUNDLE_CHECK": "1"}, cwd=tmp_path)
        assert check.returncode == 0, check.stdout + check.stderr
    finally:
        shutil.rmtree(root, ignore_errors=True)
