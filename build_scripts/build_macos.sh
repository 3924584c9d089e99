#!/usr/bin/env bash
# Build Stuurwijzer for macOS: Stuurwijzer.app and a .dmg to drag it from.
#
#   bash build_scripts/build_macos.sh [--dist DIR] [--work DIR] [--no-dmg]
#
# Results (DIR defaults to ./dist):
#   DIR/Stuurwijzer.app                      the app bundle (ad-hoc signed by PyInstaller)
#   DIR/Stuurwijzer-<version>-macos-<arch>.dmg
# Runs on a Mac (Xcode command line tools for codesign; hdiutil is part of macOS). It cannot
# run on this project's Linux CI: .github/workflows/build.yml runs it on a hosted macOS runner.
# The app is not notarized (that needs an Apple Developer ID): the README tells users how to
# open it the first time.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="$ROOT/dist"
WORK="$ROOT/build"
MAKE_DMG=1
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) DIST="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    --work) WORK="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    --no-dmg) MAKE_DMG=0; shift ;;
    *) echo "usage: bash build_scripts/build_macos.sh [--dist DIR] [--work DIR] [--no-dmg]" >&2; exit 64 ;;
  esac
done
cd "$ROOT"
[ "$(uname -s)" = "Darwin" ] || { echo "build_macos.sh runs on macOS only." >&2; exit 1; }

# Set up or refresh .venv from requirements.lock (PyInstaller included) and check the app starts.
bash "$ROOT/build_scripts/bootstrap.sh" app --version
PY="$ROOT/.venv/bin/python"
VERSION="$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
ARCH="$(uname -m)"

echo "Freezing Stuurwijzer $VERSION ($ARCH) with PyInstaller ..."
rm -rf "$DIST/Stuurwijzer.app"
"$PY" -m PyInstaller --noconfirm --log-level WARN --distpath "$DIST" --workpath "$WORK" \
  "$ROOT/build_scripts/stuurwijzer.spec"
APP="$DIST/Stuurwijzer.app"
EXE="$APP/Contents/MacOS/stuurwijzer"

# Smoke tests inside the .app: libraries, the version, every step offscreen.
STUURWIJZER_BUNDLE_CHECK=1 "$EXE"
"$EXE" --version
QT_QPA_PLATFORM=offscreen "$EXE" selftest
codesign --verify --deep --strict "$APP"
echo "App: $APP ($(du -sm "$APP" | cut -f1) MB)"

[ "$MAKE_DMG" -eq 1 ] || exit 0

# The .dmg shows the app next to a link to /Applications: drag and drop installs it. A user
# without admin rights drags it to the Applications folder in their home folder instead.
STAGE="$WORK/dmg"
rm -rf "$STAGE"
mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
DMG="$DIST/Stuurwijzer-$VERSION-macos-$ARCH.dmg"
rm -f "$DMG"
hdiutil create -volname "Stuurwijzer $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"
hdiutil verify "$DMG"
rm -rf "$STAGE"
echo "Disk image: $DMG ($(du -m "$DMG" | cut -f1) MB)"
