#!/usr/bin/env bash
# Build Stuurwijzer for Linux: the one-folder bundle and a .deb package.
#
#   bash build_scripts/build_linux.sh [--dist DIR] [--work DIR] [--no-deb] [--fast-deb]
#
# Results (DIR defaults to ./dist):
#   DIR/stuurwijzer/stuurwijzer             the frozen app (run it from anywhere)
#   DIR/stuurwijzer_<version>_<arch>.deb     installs to /opt/stuurwijzer, with /usr/bin/stuurwijzer,
#                                            a menu entry, the icon and the .stuurwijzer file type
# The environment comes from build_scripts/bootstrap.sh (.venv, pinned PyInstaller).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="$ROOT/dist"
WORK="$ROOT/build"
MAKE_DEB=1
COMPRESS="-Zxz -z6"  # smallest download; --fast-deb: zstd, ~50x faster to pack (tests)
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) DIST="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    --work) WORK="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    --no-deb) MAKE_DEB=0; shift ;;
    --fast-deb) COMPRESS="-Zzstd -z3"; shift ;;
    *) echo "usage: bash build_scripts/build_linux.sh [--dist DIR] [--work DIR] [--no-deb] [--fast-deb]" >&2; exit 64 ;;
  esac
done
cd "$ROOT"

# PyInstaller needs objdump, the bundle is stripped with strip (both binutils), the .deb needs
# dpkg-deb. Install binutils on a bare Debian/Ubuntu machine when we may.
if ! command -v objdump >/dev/null 2>&1 || ! command -v strip >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; }; then
    echo "Installing binutils (objdump, strip) ..."
    $sudo apt-get update -qq && $sudo apt-get install -y -qq binutils >/dev/null
  else
    echo "Building needs objdump and strip: install binutils." >&2; exit 1
  fi
fi

# Set up or refresh .venv from requirements.lock (PyInstaller included) and check the app starts.
bash "$ROOT/build_scripts/bootstrap.sh" app --version
PY="$ROOT/.venv/bin/python"
VERSION="$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"

echo "Freezing Stuurwijzer $VERSION with PyInstaller ..."
"$PY" -m PyInstaller --noconfirm --log-level WARN --distpath "$DIST" --workpath "$WORK" \
  "$ROOT/build_scripts/stuurwijzer.spec"
BUNDLE="$DIST/stuurwijzer"

before=$(du -sm "$BUNDLE" | cut -f1)
bash "$ROOT/build_scripts/strip_bundle.sh" "$BUNDLE"
echo "Bundle: $BUNDLE ($before MB, $(du -sm "$BUNDLE" | cut -f1) MB after strip)"
"$BUNDLE/stuurwijzer" --version
# Every runtime library does a small real job inside the bundle (build_scripts/bundle_check.py).
if ! STUURWIJZER_BUNDLE_CHECK=1 QT_QPA_PLATFORM=offscreen "$BUNDLE/stuurwijzer" \
    > "$WORK/bundle-check.txt" 2>&1; then
  cat "$WORK/bundle-check.txt" >&2; exit 1
fi
tail -n1 "$WORK/bundle-check.txt"

[ "$MAKE_DEB" -eq 1 ] || exit 0

ARCH="$(dpkg --print-architecture)"
# awk reads all of ldd's output: `head -n1` could close the pipe early, and under
# pipefail ldd's SIGPIPE (exit 141) would fail the build at random.
GLIBC="$(ldd --version | awk 'NR == 1 {print $NF}')"  # the bundle needs the builder's
NAME="stuurwijzer_${VERSION}_${ARCH}"
STAGE="$WORK/deb/$NAME"
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/mime/packages" "$STAGE/usr/share/icons/hicolor/256x256/apps" \
  "$STAGE/usr/share/icons/hicolor/scalable/apps" "$STAGE/usr/share/doc/stuurwijzer"
cp -a "$BUNDLE" "$STAGE/opt/stuurwijzer"
install -m 755 build_scripts/linux/launcher.sh "$STAGE/usr/bin/stuurwijzer"
install -m 644 build_scripts/linux/stuurwijzer.desktop "$STAGE/usr/share/applications/"
install -m 644 build_scripts/linux/stuurwijzer-mime.xml "$STAGE/usr/share/mime/packages/stuurwijzer.xml"
install -m 644 resources/icons/stuurwijzer.png "$STAGE/usr/share/icons/hicolor/256x256/apps/"
install -m 644 resources/icons/stuurwijzer.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/"
printf 'Stuurwijzer %s\nLicence: EUPL-1.2\n' "$VERSION" > "$STAGE/usr/share/doc/stuurwijzer/copyright"
chmod -R u+rwX,go+rX,go-w "$STAGE"

# The bundle carries its own Python, Qt and libraries; these few come from the system (what
# PyInstaller leaves out on purpose, e.g. the graphics driver, and what the Qt platform plugins
# load). Menu, MIME and icon caches are refreshed by the dpkg triggers of the system packages.
cat > "$STAGE/DEBIAN/control" <<EOF
Package: stuurwijzer
Version: $VERSION
Architecture: $ARCH
Maintainer: Stuurwijzer <stuurwijzer@example.org>
Installed-Size: $(du -sk "$STAGE" | cut -f1)
Depends: libc6 (>= $GLIBC), libgl1, libegl1, libfontconfig1, libxkbcommon0, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-shape0, libwayland-cursor0, libwayland-egl1
Section: misc
Priority: optional
Description: Van beleidsvraag naar rapport voor gemeenten
 Stuurwijzer helpt een beleidsmedewerker van een gemeente zonder datateam van
 een beleidsvraag naar een printbaar rapport voor de wethouder. Alles blijft
 op de eigen computer: er gaat niets over het netwerk.
EOF

echo "Packing $NAME.deb ..."
dpkg-deb --root-owner-group $COMPRESS --build "$STAGE" "$DIST/$NAME.deb" >/dev/null
rm -rf "$STAGE"
echo "Package: $DIST/$NAME.deb ($(du -m "$DIST/$NAME.deb" | cut -f1) MB)"
