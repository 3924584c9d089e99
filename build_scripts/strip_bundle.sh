#!/usr/bin/env bash
# Strip the symbol tables from the shared libraries of a frozen bundle (Linux).
#
#   bash build_scripts/strip_bundle.sh DIST/stuurwijzer
#
# Symbol tables are a fifth of the bundle and nobody debugs a user's copy. Libraries that
# auditwheel vendored (*.libs/) were patched with patchelf, which strip can break: skip them.
# Used by build_linux.sh and by benchmarks/startup_bench.py (for both bundles it compares).
set -euo pipefail
BUNDLE="${1:?usage: strip_bundle.sh BUNDLE_DIR}"
find "$BUNDLE" -type f -name '*.so*' -not -path '*.libs/*' \
  -exec strip --strip-unneeded {} + 2>/dev/null || true
