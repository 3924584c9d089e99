"""Quick checks of the installer inputs: icons, Linux desktop integration, Windows installer.

The slow suite beside this file builds and starts the real bundle; these catch the mistakes
that would only show on a user's machine (a missing icon size, a file type the desktop does
not know, an installer that asks for admin rights) without building anything.
"""

from __future__ import annotations

import configparser
import re
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build_scripts"
ICONS = ROOT / "resources" / "icons"


def test_windows_icon_has_every_size_explorer_asks_for():
    with Image.open(ICONS / "stuurwijzer.ico") as ico:
        sizes = {w for w, _h in ico.info["sizes"]}
    assert {16, 24, 32, 48, 256} <= sizes


def test_macos_icon_has_retina_sizes():
    with Image.open(ICONS / "stuurwijzer.icns") as icns:
        sizes = {(w * scale) for w, _h, scale in icns.info["sizes"]}
    assert {32, 256, 512, 1024} <= sizes


def test_splash_pictures_match_the_splash_window():
    from desktop.startup import SPLASH_SIZE

    with Image.open(ICONS / "splash.png") as one, Image.open(ICONS / "splash@2x.png") as two:
        assert one.size == SPLASH_SIZE
        assert two.size == (SPLASH_SIZE[0] * 2, SPLASH_SIZE[1] * 2)


def test_bundle_check_exercises_every_runtime_dependency():
    # A new dependency gets a check that runs inside the frozen app (slow suite, tests/installers).
    sys.path.insert(0, str(BUILD))
    try:
        import bundle_check
    finally:
        sys.path.remove(str(BUILD))
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = {re.split(r"[=<>!~ ;\[]", dep, maxsplit=1)[0].lower().replace("_", "-")
             for dep in pyproject["project"]["dependencies"]}
    used_by_others = {"pyside6-essentials", "numpy", "pandas"}  # the app and the checks use them
    assert names - used_by_others <= set(bundle_check.CHECKS)


def test_spec_knows_every_runtime_dependency():
    spec = (BUILD / "stuurwijzer.spec").read_text(encoding="utf-8")
    block = spec[spec.index("RUNTIME_MODULES = {"):spec.index("}", spec.index("RUNTIME_MODULES"))]
    listed = set(re.findall(r'^\s+"([a-z0-9-]+)":', block, flags=re.M))
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = {re.split(r"[=<>!~ ;\[]", dep, maxsplit=1)[0].lower().replace("_", "-")
             for dep in pyproject["project"]["dependencies"]}
    assert names == listed


def test_linux_menu_entry_opens_project_files():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(BUILD / "linux" / "stuurwijzer.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    mime = ET.parse(BUILD / "linux" / "stuurwijzer-mime.xml").getroot()
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime_type = mime.find("m:mime-type", ns)
    assert desktop["Exec"].split() == ["stuurwijzer", "%f"]  # the file arrives as argument
    assert desktop["MimeType"].rstrip(";") == mime_type.get("type")
    assert mime_type.find("m:glob", ns).get("pattern") == "*.stuurwijzer"
    assert desktop["Icon"] == "stuurwijzer" and (ICONS / "stuurwijzer.png").exists()


def _iss_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in (BUILD / "windows" / "stuurwijzer.iss").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(";") or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        sections.setdefault(current, []).append(line)
    return sections


def test_windows_installer_needs_no_admin_rights():
    sections = _iss_sections()
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"
    # Not {userpf}: the same folder on Windows, but Wine does not know it (the slow Wine test).
    assert setup["DefaultDirName"].startswith("{localappdata}\\Programs\\")
    everything = "\n".join(line for lines in sections.values() for line in lines)
    # Machine-wide places need admin rights: the installer must not touch them.
    for forbidden in ("HKLM", "HKCR", "{commonpf}", "{autopf}", "{commondesktop}",
                      "{commonprograms}"):
        assert forbidden not in everything, forbidden


def test_windows_installer_registers_project_files_for_this_user():
    registry = _iss_sections()["Registry"]
    assert any("HKCU" in line and ".stuurwijzer" in line for line in registry)
    assert any('"%1"' in line and "shell\\open\\command" in line for line in registry)


def test_windows_uninstaller_keeps_user_projects():
    sections = _iss_sections()
    # Inno Setup removes what it installed. Extra deletions may only clear the old bundle on an
    # upgrade: never the program folder as a whole (a project saved there would go too), never
    # the user's documents or settings.
    removed = sections.get("UninstallDelete", []) + sections.get("InstallDelete", [])
    for line in removed:
        assert '"{app}\\_internal"' in line, line
    assert "UninstallRun" not in sections
    for line in sections["Registry"]:
        flags = re.search(r"Flags: ([^;]*)", line)
        if flags and "uninsdeletekey" in flags[1].split():
            assert "Software\\Classes\\{#ProgId}" in line, line


def test_multiprocessing_hook_is_dropped_only_while_nothing_starts_processes():
    # The spec drops PyInstaller's multiprocessing run-time hook to start faster; a frozen app
    # that starts worker processes without it (and freeze_support) would start itself again.
    spec = (BUILD / "stuurwijzer.spec").read_text(encoding="utf-8")
    if '"pyi_rth_multiprocessing"' not in spec:
        return
    for package in ("core", "desktop"):
        for source in (ROOT / package).rglob("*.py"):
            text = source.read_text(encoding="utf-8")
            assert "multiprocessing" not in text and "ProcessPoolExecutor" not in text, (
                f"{source.relative_to(ROOT)} starts processes: keep pyi_rth_multiprocessing in "
                "the spec and call multiprocessing.freeze_support() in launcher.py")
