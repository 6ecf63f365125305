#!/usr/bin/env bash
# Puts the console's third-party browser files into two folders: ECharts (served by the fleet, so it
# goes into the jar: SERVED, default fleet-manager/target/classes/fleet-web/vendor) and axe-core (only
# injected by the browser tests: TESTING, default fleet-manager/target/web-testing). Each is fetched
# with `npm pack` by package name and exact version, checked against web-assets.sha256 and cached in
# DOORSTEP_WEB_CACHE (default ~/.cache/doorstep/web) so that clean builds do not fetch again. Run by the
# fleet's Maven build (generate-resources); also by hand: fetch-web-assets.sh [SERVED [TESTING]].
#
# No registry is named here: npm uses the one it is configured with. Where npm or the registry cannot
# be reached the script says so and exits 0: the build goes on, the console then shows its tables
# without the chart, and the browser tests fail naming the missing file. A fetched file whose SHA-256
# differs from web-assets.sha256 is refused and the script exits 1.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
served="${1:-$here/../target/classes/fleet-web/vendor}"
testing="${2:-$here/../target/web-testing}"
cache="${DOORSTEP_WEB_CACHE:-${HOME:-/tmp}/.cache/doorstep/web}"
sums="$here/web-assets.sha256"

ECHARTS="echarts@5.6.0"
AXE="axe-core@4.10.3"

say() { echo "[web-assets] $*"; }
sum_of() { grep -v '^#' "$sums" | awk -v f="$1" '$2==f {print $1}'; }
ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | awk '{print $1}')" = "$(sum_of "$(basename "$1")")" ]; }
# file -> destination folder
dest_of() { case "$1" in echarts.*) echo "$served" ;; *) echo "$testing" ;; esac; }
files() { grep -v '^#' "$sums" | awk 'NF==2 {print $2}'; }

install_from_cache() {
  for f in $(files); do
    d="$(dest_of "$f")"
    mkdir -p "$d"
    if ok "$cache/$f" && ! ok "$d/$f"; then cp "$cache/$f" "$d/$f"; fi
  done
}

mkdir -p "$cache"
need=()
for f in $(files); do ok "$cache/$f" || need+=("$f"); done
if [ ${#need[@]} -eq 0 ]; then
  install_from_cache
  say "$(files | wc -l) files present and checked (cache $cache -> $served, $testing)"
  exit 0
fi

say "not cached yet: ${need[*]}"
if ! command -v npm >/dev/null 2>&1; then
  say "WARNING: npm is not installed, so ECharts and axe-core cannot be fetched (Debian: apt-get install -y npm)."
  say "         The console shows no chart and the browser tests fail until then."
  install_from_cache
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && npm pack --silent --fetch-retries=1 --fetch-timeout=60000 "$ECHARTS" "$AXE" >/dev/null 2>"$work/npm.err"); then
  say "WARNING: npm pack failed (no network or registry?): $(tail -n 3 "$work/npm.err" | tr '\n' ' ')"
  say "         The console shows no chart and the browser tests fail until then."
  install_from_cache
  exit 0
fi
for t in "$work"/*.tgz; do
  d="$work/x/$(basename "$t" .tgz)"
  mkdir -p "$d" && tar -xzf "$t" -C "$d"
done
cp "$work/x/echarts-5.6.0/package/dist/echarts.min.js" "$work/echarts.min.js"
cp "$work/x/echarts-5.6.0/package/LICENSE" "$work/echarts.LICENSE"
cp "$work/x/axe-core-4.10.3/package/axe.min.js" "$work/axe.min.js"
cp "$work/x/axe-core-4.10.3/package/LICENSE" "$work/axe.LICENSE"

bad=()
for f in $(files); do
  if ok "$work/$f"; then cp "$work/$f" "$cache/$f"; else bad+=("$f"); fi
done
if [ ${#bad[@]} -gt 0 ]; then
  say "ERROR: SHA-256 mismatch, refused: ${bad[*]} (expected the sums in $sums)"
  exit 1
fi
install_from_cache
say "fetched with npm pack ($ECHARTS, $AXE), checked, cached in $cache"
