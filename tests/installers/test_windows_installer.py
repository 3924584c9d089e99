"""Compile the real Inno Setup script and run the installer under Wine: install, upgrade, uninstall.

Slow (about a minute; part of ``pytest -m slow``). Linux only. What it proves on every build is the
installer's mechanics: the per-user folder, shortcuts, the file association under
HKCU\\Software\\Classes, nothing under HKLM, a clean upgrade and an uninstall that leaves the
user's projects and settings. What it cannot prove is the frozen Windows app itself: PyInstaller
does not cross-compile, so the installer packs a small stand-in bundle (a placeholder
``stuurwijzer.exe`` and an ``_internal`` folder) that is never started. The real app is built and
smoke-tested by build_scripts/build_windows.ps1 on a Windows runner.

Tools: Wine (with its 32-bit half: Inno Setup's programs are 32-bit) and Xvfb come from
``bootstrap.sh wine-tools`` when missing; the test skips when they cannot be installed. The
compiler is ISCC.exe from the npm package ``innosetup``, pinned below by version and checksum,
fetched into ``build/`` once and checked on every run. Everything Wine writes stays in a temporary prefix and home folder.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

import pytest

from core.paths import APP_NAME

ROOT = Path(__file__).resolve().parents[2]
ISS = ROOT / "build_scripts" / "windows" / "stuurwijzer.iss"
BUILD_PS1 = ROOT / "build_scripts" / "build_windows.ps1"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]

# The Inno Setup compiler, as published on npm (it carries ISCC.exe and its DLLs in bin/).
INNOSETUP = "innosetup@6.4.1"
INNOSETUP_SHA512 = ("Bh/dNlyyFsFKBGoTf19n1msPnm4Njfb0CWVirw2CV1MSJXYy0ajRI+xjo/Yr9DtZFLLafhnwm1"
                    "ZsxTu309F8lQ==")

CLASSES = "Software\\Classes"
UNINSTALL = "Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"),
                       reason="the Windows installer is checked under Wine on Linux"),
]


def _iss_define(name: str) -> str:
    return re.search(rf'^#define {name} "([^"]*)"', ISS.read_text(encoding="utf-8"), re.M)[1]


def _iss_app_id() -> str:
    # AppId={{GUID}: the doubled brace is Inno Setup's escape; the registry key has one.
    return re.search(r"^AppId=\{(\{[0-9A-F-]+\})", ISS.read_text(encoding="utf-8"), re.M)[1]


def _numeric(version: str) -> str:
    # As build_windows.ps1 derives AppVersionNumeric: digits and dots up to the first other sign.
    return re.sub(r"[^0-9.].*$", "", version).rstrip(".")


def _newer(version: str) -> str:
    parts = [int(p) for p in _numeric(version).split(".")]
    parts[-1] += 1
    return ".".join(map(str, parts))


def _windows_path(path: Path) -> str:
    return "Z:" + str(path).replace("/", "\\")  # Wine maps the Unix root to drive Z:


# --- tools -----------------------------------------------------------------------------------

def _missing_tools() -> list[str]:
    missing = [tool for tool in ("wine", "Xvfb", "npm") if shutil.which(tool) is None]
    wine32 = Path("/usr/lib/i386-linux-gnu/wine")
    if shutil.which("dpkg") and not wine32.exists():
        missing.append("wine32:i386")
    return missing


def _ensure_tools() -> None:
    if not _missing_tools():
        return
    result = subprocess.run(["bash", str(ROOT / "build_scripts" / "bootstrap.sh"), "wine-tools"],
                            cwd=ROOT, capture_output=True, text=True, timeout=900,
                            stdin=subprocess.DEVNULL)
    if _missing_tools():
        pytest.skip(f"Wine, Xvfb and npm are needed and could not be installed "
                    f"(missing: {', '.join(_missing_tools())}; bootstrap.sh wine-tools said: "
                    f"{(result.stdout + result.stderr).strip()[-400:]})")


def _innosetup_tarball() -> Path:
    """The pinned npm package, fetched once into build/ and checked on every run."""
    def pinned(path: Path) -> bool:
        digest = hashlib.sha512(path.read_bytes()).digest()
        return base64.b64encode(digest).decode() == INNOSETUP_SHA512

    tarball = ROOT / "build" / (INNOSETUP.replace("@", "-") + ".tgz")
    if tarball.exists() and pinned(tarball):
        return tarball
    tarball.parent.mkdir(exist_ok=True)
    packed = subprocess.run(["npm", "pack", INNOSETUP, "--json", "--ignore-scripts",
                             "--pack-destination", str(tarball.parent)],
                            capture_output=True, text=True, timeout=300)
    if packed.returncode != 0:
        pytest.skip(f"npm could not fetch {INNOSETUP}: {packed.stderr.strip()[-400:]}")
    assert (tarball.parent / json.loads(packed.stdout)[0]["filename"]) == tarball
    assert pinned(tarball), f"{tarball.name} from npm is not the package this test pinned"
    return tarball


def _iscc(base: Path) -> Path:
    # Only the compiler's own folder: ISCC.exe, its DLLs and the language files.
    with tarfile.open(_innosetup_tarball()) as archive:
        wanted = [m for m in archive.getmembers() if m.name.startswith("package/bin/")]
        archive.extractall(base / "innosetup", members=wanted, filter="data")
    return base / "innosetup" / "package" / "bin" / "ISCC.exe"


# --- Wine ------------------------------------------------------------------------------------

class Wine:
    """A fresh WINEPREFIX with its own home folder and its own Xvfb screen."""

    def __init__(self, base: Path):
        self.prefix = base / "prefix"
        self.home = base / "home"
        self.home.mkdir()
        read, write = os.pipe()
        # -displayfd: Xvfb picks a free display itself and reports it (other sessions run X too).
        self.xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0",
                                      "1024x768x24", "-nolisten", "tcp"], pass_fds=(write,),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as pipe:
            display = pipe.readline().strip()
        if not display:
            self.xvfb.kill()
            pytest.skip("Xvfb could not start a virtual screen")
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("WINE", "XDG_", "WAYLAND"))}
        self.env.update(
            DISPLAY=f":{display}", HOME=str(self.home), WINEPREFIX=str(self.prefix),
            WINEARCH="win64", WINEDEBUG="-all",
            # No Mono or Gecko download prompts, and no Linux menu entries for Windows shortcuts.
            WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d",
        )

    def run(self, *args: str | Path, timeout: int = 180) -> subprocess.CompletedProcess:
        result = subprocess.run(["wine", *map(str, args)], env=self.env, capture_output=True,
                                text=True, errors="replace", timeout=timeout)
        self.settle()
        return result

    def settle(self) -> None:
        # Waits until every Wine process has ended (an uninstaller restarts itself from a
        # temporary copy) and the registry is saved to the prefix's .reg files.
        subprocess.run(["wineserver", "-w"], env=self.env, timeout=180, check=True)

    def close(self) -> None:
        subprocess.run(["wineserver", "-k"], env=self.env, timeout=60)
        self.xvfb.terminate()
        self.xvfb.wait(timeout=30)

    @property
    def profile(self) -> Path:
        users = self.prefix / "drive_c" / "users"
        return next(p for p in users.iterdir() if p.name != "Public")

    def hive(self, name: str) -> dict[str, tuple[str, ...]]:
        """A saved registry hive (system.reg is HKLM, user.reg HKCU) as key -> values."""
        keys: dict[str, list[str]] = {}
        current: list[str] | None = None
        text = (self.prefix / name).read_text(encoding="utf-8", errors="replace")
        for line in text.replace("\\\n", "").splitlines():
            if line.startswith("["):
                name_part = line[1:line.index("] ")] if "] " in line else line[1:-1]
                current = keys.setdefault(name_part.replace("\\\\", "\\").lower(), [])
            elif current is not None and line and not line.startswith(("#", ";")):
                current.append(line)
        return {key: tuple(sorted(values)) for key, values in keys.items()}


def _registry_value(hive: dict[str, tuple[str, ...]], key: str, name: str = "@") -> str | None:
    prefix = "@=" if name == "@" else f'"{name}"='
    for line in hive.get(key.lower(), ()):
        if line.startswith(prefix):
            raw = line[len(prefix):]
            return json.loads(raw) if raw.startswith('"') else raw
    return None


# --- the run ---------------------------------------------------------------------------------

def _stand_in_bundle(base: Path, version: str, only_here: str) -> Path:
    bundle = base / f"bundle-{version}"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "stuurwijzer.exe").write_bytes(b"MZ stand-in: PyInstaller does not build for Windows")
    (bundle / "_internal" / "version.txt").write_text(version, encoding="utf-8")
    (bundle / "_internal" / only_here).write_bytes(b"stand-in library")
    return bundle


def _compile(wine: Wine, iscc: Path, base: Path, version: str, bundle: Path) -> Path:
    out = base / f"out-{version}"
    out.mkdir()
    defines = {
        "AppVersion": version,
        "AppVersionNumeric": _numeric(version),
        "RootDir": _windows_path(ROOT),
        "BundleDir": _windows_path(bundle),
        "OutputDir": _windows_path(out),
    }
    # The same defines, in the same way (lines in front of a UTF-8 copy), as build_windows.ps1.
    assert set(defines) == set(re.findall(r'"#define (\w+) `"', BUILD_PS1.read_text("utf-8")))
    header = "".join(f'#define {name} "{value}"\r\n' for name, value in defines.items())
    script = base / f"stuurwijzer-{version}.iss"
    script.write_text(header + ISS.read_text(encoding="utf-8"), encoding="utf-8-sig")
    result = wine.run(iscc, "/Q", _windows_path(script))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return out / f"Stuurwijzer-{version}-installatie.exe"


def _install(wine: Wine, installer: Path, log: Path, *extra: str) -> str:
    result = wine.run(installer, "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART",
                      f"/LOG={_windows_path(log)}", *extra)
    text = log.read_text(encoding="utf-8-sig", errors="replace") if log.exists() else ""
    assert result.returncode == 0, text[-3000:] or result.stderr[-2000:]
    return text


START_MENU = "AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Stuurwijzer.lnk"
DESKTOP = "Desktop/Stuurwijzer.lnk"  # Wine links the Desktop folder to the (temporary) home
APP = "AppData/Local/Programs/Stuurwijzer"


@dataclass
class Step:
    """What one installer run left behind in the profile and the registry."""

    files: set[str]
    hkcu: dict[str, tuple[str, ...]]
    hklm_changed: list[str]
    shortcuts: dict[str, bytes | None]
    log: str = ""


def _step(wine: Wine, hklm_before: dict, wine_churn: set[str], log: str = "") -> Step:
    profile = wine.profile
    shortcuts = {name: (profile / name).read_bytes() if (profile / name).exists() else None
                 for name in (START_MENU, DESKTOP)}
    hklm = wine.hive("system.reg")
    changed = [key for key in _changed(hklm_before, hklm) if key not in wine_churn and
               not _uninstaller_cleanup(key, hklm_before.get(key, ()), hklm.get(key, ()))]
    return Step(_tree(profile), wine.hive("user.reg"), changed, shortcuts, log)


def _uninstaller_cleanup(key: str, before: tuple[str, ...], after: tuple[str, ...]) -> bool:
    """Inno Setup's uninstaller asking to delete its own temporary copy at the next restart.

    It runs from %TEMP%\\iu-*.tmp and cannot delete itself, so it calls MoveFileEx with
    MOVEFILE_DELAY_UNTIL_REBOOT, which Windows keeps under HKLM. Only administrators may do
    that; Wine runs every program as one, Windows refuses it for a normal user.
    """
    if key != "system\\currentcontrolset\\control\\session manager":
        return False
    for line in set(before) ^ set(after):
        name, _, data = line.partition("=")
        if name != '"PendingFileRenameOperations"':
            return False
        paths = [p for p in data.partition(":")[2].strip('"').split("\\0") if p]
        if not all(re.search(r"\\\\Temp\\\\iu-\w+\.tmp", p) for p in paths):
            return False
    return True


def _tree(profile: Path) -> set[str]:
    # rglob does not follow the symlinked shell folders (Desktop, Documents): those go to home.
    return {p.relative_to(profile).as_posix() for p in profile.rglob("*")
            if p.is_file() and p.relative_to(profile).parts[0] != "Temp"}


def _changed(before: dict, after: dict) -> list[str]:
    return sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Install a first version, a newer one over it, then uninstall; record each step."""
    _ensure_tools()
    base = tmp_path_factory.mktemp("wine-installer")
    iscc = _iscc(base)
    wine = Wine(base)
    try:
        booted = wine.run("wineboot", "--init", timeout=300)
        assert booted.returncode == 0, booted.stderr[-2000:]
        old, new = VERSION, _newer(VERSION)
        installers = {v: _compile(wine, iscc, base, v, _stand_in_bundle(base, v, f"only-in-{v}.dll"))
                      for v in (old, new)}

        # Wine rewrites its display adapter's keys under HKLM whenever a program opens a window
        # (a timestamp). Measure that in this prefix, so only the installer's own writes count.
        wine.run("rundll32", "user32.dll,MessageBeep")  # the first window also registers it
        settled = wine.hive("system.reg")
        wine.run("rundll32", "user32.dll,MessageBeep")
        hklm_before = wine.hive("system.reg")
        wine_churn = set(_changed(settled, hklm_before))
        assert len(wine_churn) <= 3, f"Wine changes too much under HKLM by itself: {wine_churn}"

        steps = {"old": _step(wine, hklm_before, wine_churn,
                              _install(wine, installers[old], base / "first.log"))}
        steps["new"] = _step(wine, hklm_before, wine_churn,
                             _install(wine, installers[new], base / "upgrade.log",
                                      "/TASKS=desktopicon"))

        # What the user made meanwhile: a project in Documents and the app's settings folder.
        local = wine.profile / "AppData" / "Local"
        project = wine.profile / "Documents" / "Wijkteams 2025.stuurwijzer"
        project.write_bytes(b"PK stand-in project")
        settings = local / APP_NAME / "settings.json"
        settings.parent.mkdir(parents=True)
        settings.write_text("{}", encoding="utf-8")

        uninstall = wine.run(wine.profile / APP / "unins000.exe", "/VERYSILENT",
                             "/SUPPRESSMSGBOXES", "/NORESTART")
        assert uninstall.returncode == 0, uninstall.stderr[-2000:]
        steps["removed"] = _step(wine, hklm_before, wine_churn)
        yield {"steps": steps, "old": old, "new": new, "profile": wine.profile,
               "kept": [project, settings]}
    finally:
        wine.close()
        shutil.rmtree(base, ignore_errors=True)


def _exe(run) -> str:
    return str(PureWindowsPath("C:/users", run["profile"].name, APP, "stuurwijzer.exe"))


def test_installs_for_this_user_only_without_admin_rights(run):
    first = run["steps"]["old"]
    # Wine runs everything as administrator; what Setup chose for itself is in its log.
    assert "Administrative install mode: No" in first.log
    assert "Install mode root key: HKEY_CURRENT_USER" in first.log
    assert {f"{APP}/stuurwijzer.exe", f"{APP}/unins000.exe",
            f"{APP}/_internal/only-in-{run['old']}.dll"} <= first.files


def test_start_menu_shortcut_starts_the_app_and_the_desktop_one_is_optional(run):
    first, upgrade = run["steps"]["old"], run["steps"]["new"]
    exe = _exe(run).encode()
    assert first.shortcuts[START_MENU] is not None and exe in first.shortcuts[START_MENU]
    assert first.shortcuts[DESKTOP] is None  # an option the user did not tick
    assert upgrade.shortcuts[DESKTOP] is not None and exe in upgrade.shortcuts[DESKTOP]


def test_project_files_open_in_the_installed_app(run):
    hkcu = run["steps"]["old"].hkcu
    prog_id = _iss_define("ProgId")
    exe = _exe(run)
    assert _registry_value(hkcu, f"{CLASSES}\\.stuurwijzer") == prog_id
    assert _registry_value(hkcu, f"{CLASSES}\\.stuurwijzer\\OpenWithProgids", prog_id) == ""
    assert _registry_value(hkcu, f"{CLASSES}\\{prog_id}\\shell\\open\\command") == \
        f'"{exe}" "%1"'
    assert _registry_value(hkcu, f"{CLASSES}\\{prog_id}\\DefaultIcon") == f"{exe},0"


def test_nothing_is_written_under_hklm(run):
    for name, step in run["steps"].items():
        assert step.hklm_changed == [], f"HKLM keys changed ({name}): {step.hklm_changed}"


def test_upgrade_leaves_nothing_of_the_old_bundle(run):
    upgrade = run["steps"]["new"]
    internal = {f for f in upgrade.files if f.startswith(f"{APP}/_internal/")}
    assert internal == {f"{APP}/_internal/only-in-{run['new']}.dll", f"{APP}/_internal/version.txt"}
    uninstall_key = f"{UNINSTALL}\\{_iss_app_id()}_is1"
    assert _registry_value(upgrade.hkcu, uninstall_key, "DisplayVersion") == run["new"]


def test_uninstall_removes_program_shortcuts_and_keys_and_keeps_the_users_work(run):
    removed = run["steps"]["removed"]
    assert not [f for f in removed.files if f.startswith(APP + "/")]
    assert not (run["profile"] / APP).exists()
    assert removed.shortcuts == {START_MENU: None, DESKTOP: None}
    ours = tuple(key.lower() for key in (f"{CLASSES}\\.stuurwijzer",
                                         f"{CLASSES}\\{_iss_define('ProgId')}",
                                         f"{UNINSTALL}\\{_iss_app_id()}"))
    left = [key for key in removed.hkcu if key.startswith(ours)]
    assert left == [], f"keys the uninstaller left: {left}"
    for kept in run["kept"]:
        assert kept.exists(), f"the uninstaller removed {kept.name}"
