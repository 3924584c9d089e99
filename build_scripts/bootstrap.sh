#!/usr/bin/env bash
# Set up (or update) the project environment in .venv, then run Stuurwijzer or its tests.
#
#   bash build_scripts/bootstrap.sh app            start the app; without a screen: selftest + screenshots
#   bash build_scripts/bootstrap.sh app ARGS...    run a command, e.g. app inspect bestand.csv --json
#   bash build_scripts/bootstrap.sh test           run the tests: the quick suite, then the slow suites
#   bash build_scripts/bootstrap.sh test ARGS...   run pytest with ARGS only (e.g. -q, -m slow, a path)
#   bash build_scripts/bootstrap.sh wine-tools     install Wine, Xvfb and npm for the Windows-installer test
#   bash build_scripts/bootstrap.sh atspi-tools    install AT-SPI, D-Bus and Xvfb for the screen-reader test
#
# Everything is installed from requirements.lock (exact versions), so a set-up made
# next month is the same set-up. Re-running is cheap: nothing is reinstalled unless
# requirements.lock or pyproject.toml changed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
MODE="${1:-}"
[ $# -gt 0 ] && shift

find_python() {
  for candidate in "${PYTHON:-}" python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)'; then
      echo "$candidate"; return 0
    fi
  done
  echo "Stuurwijzer needs Python 3.11 (set PYTHON=/path/to/python3.11)." >&2
  return 1
}

setup_env() {
  if [ ! -x "$VENV/bin/python" ]; then
    echo "Creating the environment in .venv ..."
    "$(find_python)" -m venv "$VENV"
  fi
  local stamp="$VENV/.stuurwijzer-installed"
  local want
  want="$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
    echo "Installing pinned dependencies (requirements.lock) ..."
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.lock
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e .
    echo "$want" > "$stamp"
  fi
  ensure_qt_libraries
}

# Qt needs a few system libraries (fonts, EGL, xkb). Present on most desktops; on a bare
# Debian/Ubuntu machine install them once when we may.
ensure_qt_libraries() {
  if QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -c \
      'from PySide6.QtWidgets import QApplication; QApplication([])' >/dev/null 2>&1; then
    return 0
  fi
  local packages="libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3 libglib2.0-0 fonts-dejavu-core libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; }; then
    echo "Installing system libraries for Qt: $packages"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq $packages >/dev/null
  else
    echo "Qt cannot start: install these system libraries: $packages" >&2
    return 1
  fi
}

# The slow Windows-installer test (tests/installers/test_windows_installer.py) compiles and runs
# the Inno Setup installer under Wine on a virtual screen (Xvfb); it fetches Inno Setup with npm.
# Inno Setup's programs are 32-bit, so Wine needs its i386 half (a second dpkg architecture).
ensure_wine_tools() {
  local packages="" need_i386=""
  command -v wine >/dev/null 2>&1 || packages=" wine wine64"
  if command -v dpkg >/dev/null 2>&1 &&
     ! dpkg-query -W -f='${Status}' wine32:i386 2>/dev/null | grep -q "ok installed"; then
    packages="$packages wine32:i386"; need_i386=1
  fi
  command -v Xvfb >/dev/null 2>&1 || packages="$packages xvfb"
  command -v npm >/dev/null 2>&1 || packages="$packages npm"
  [ -n "$packages" ] || return 0
  local sudo=""  # -n: the test runs this unattended, a password prompt would hang it
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo -n"
  if ! command -v apt-get >/dev/null 2>&1 || { [ "$(id -u)" -ne 0 ] && [ -z "$sudo" ]; }; then
    echo "The Windows-installer test needs these system packages:$packages" >&2
    return 1
  fi
  echo "Installing system packages for the Windows-installer test:$packages"
  if [ -n "$need_i386" ] && ! dpkg --print-foreign-architectures | grep -qx i386; then
    $sudo dpkg --add-architecture i386
  fi
  $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends $packages >/dev/null
}

# The slow quit test (tests/desktop/test_quit.py) runs the app on a real X server: Xvfb,
# and the libraries Qt's xcb platform needs. Without them that test is skipped.
ensure_xvfb() {
  command -v Xvfb >/dev/null 2>&1 && return 0
  local packages="xvfb libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxkbcommon-x11-0"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; }; then
    echo "Installing Xvfb for the slow tests: $packages"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq $packages >/dev/null ||
      echo "Xvfb could not be installed: the quit test will be skipped." >&2
  else
    echo "No Xvfb: the quit test will be skipped (install: $packages)." >&2
  fi
}

# The slow screen-reader test (tests/desktop/test_accessibility_atspi.py) reads the app through
# the AT-SPI accessibility bus, as Orca does, with the system Python's pyatspi on Xvfb.
ensure_atspi() {
  local packages=""
  [ -x /usr/libexec/at-spi-bus-launcher ] || packages=" at-spi2-core"
  /usr/bin/python3 -c 'import pyatspi' >/dev/null 2>&1 || packages="$packages python3-pyatspi"
  command -v dbus-daemon >/dev/null 2>&1 || packages="$packages dbus-daemon"
  command -v Xvfb >/dev/null 2>&1 || packages="$packages xvfb"
  [ -n "$packages" ] || return 0
  local sudo=""  # -n: the test runs this unattended, a password prompt would hang it
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo -n"
  if ! command -v apt-get >/dev/null 2>&1 || { [ "$(id -u)" -ne 0 ] && [ -z "$sudo" ]; }; then
    echo "The screen-reader test needs these system packages:$packages" >&2
    return 1
  fi
  echo "Installing system packages for the screen-reader test:$packages"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends $packages >/dev/null
}

has_display() {
  case "$(uname -s)" in Darwin|MINGW*|MSYS*|CYGWIN*) return 0 ;; esac
  [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]
}

case "$MODE" in
  app)
    setup_env
    if [ $# -gt 0 ]; then
      exec "$VENV/bin/stuurwijzer" "$@"
    elif has_display; then
      exec "$VENV/bin/stuurwijzer"
    else
      echo "Geen beeldscherm gevonden. Stuurwijzer loopt nu alle stappen door zonder scherm"
      echo "(stuurwijzer selftest) en bewaart van elke stap een schermafbeelding in ./screenshots."
      "$VENV/bin/stuurwijzer" selftest --screenshots "$ROOT/screenshots"
      echo "Bekijk de schermafbeeldingen in $ROOT/screenshots"
    fi
    ;;
  test)
    setup_env
    export QT_QPA_PLATFORM=offscreen
    if [ $# -gt 0 ]; then
      exec "$VENV/bin/python" -m pytest "$@"
    fi
    # Two runs: the quick suite first (it fails fast and stays under 10 minutes on its
    # own), then the slow suites (the installer build), which CI must run as well.
    "$VENV/bin/python" -m pytest
    ensure_xvfb
    ensure_atspi || echo "No AT-SPI: the screen-reader test will be skipped." >&2
    "$VENV/bin/python" -m pytest -m slow
    ;;
  wine-tools)
    ensure_wine_tools
    ;;
  atspi-tools)
    ensure_atspi
    ;;
  *)
    echo "usage: bash build_scripts/bootstrap.sh app|test|wine-tools|atspi-tools [ARGS...]" >&2
    exit 64
    ;;
esac
