#!/usr/bin/env bash
# Puts axe-core (Deque's accessibility engine, MPL-2.0) into DEST (default: agent/target/web-testing) for the
# agent's browser tests, which inject it into the kiosk screen; the agent never serves it. Fetched with `npm pack`
# by package name and exact version, checked against axe.sha256 and cached in DOORSTEP_WEB_CACHE (default
# ~/.cache/doorstep/web, shared with fleet-manager/web-assets/fetch-web-assets.sh, which pins the same version and
# sums). Run by the agent's Maven build in the browser profile (-Pbrowser); also by hand: fetch-axe.sh [DEST].
#
# No registry is named here: npm uses the one it is configured with. Without npm or the registry the script says
# so and exits 0 (the browser tests then fail naming the missing file); a SHA-256 mismatch is refused (exit 1).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
dest="${1:-$here/../target/web-testing}"
cache="${DOORSTEP_WEB_CACHE:-${HOME:-/tmp}/.cache/doorstep/web}"
sums="$here/axe.sha256"
AXE="axe-core@4.10.3"

say() { echo "[axe] $*"; }
sum_of() { grep -v '^#' "$sums" | awk -v f="$1" '$2==f {print $1}'; }
ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | awk '{print $1}')" = "$(sum_of "$(basename "$1")")" ]; }
files() { grep -v '^#' "$sums" | awk 'NF==2 {print $2}'; }

install_from_cache() {
  mkdir -p "$dest"
  for f in $(files); do
    if ok "$cache/$f" && ! ok "$dest/$f"; then cp "$cache/$f" "$dest/$f"; fi
  done
}

mkdir -p "$cache"
need=()
for f in $(files); do ok "$cache/$f" || need+=("$f"); done
if [ ${#need[@]} -eq 0 ]; then
  install_from_cache
  say "present and checked (cache $cache -> $dest)"
  exit 0
fi

say "not cached yet: ${need[*]}"
if ! command -v npm >/dev/null 2>&1; then
  say "WARNING: npm is not installed, so axe-core cannot be fetched (Debian: apt-get install -y npm)."
  say "         The agent's browser tests fail until then."
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && npm pack --silent --fetch-retries=1 --fetch-timeout=60000 "$AXE" >/dev/null 2>"$work/npm.err"); then
  say "WARNING: npm pack failed (no network or registry?): $(tail -n 3 "$work/npm.err" | tr '\n' ' ')"
  say "         The agent's browser tests fail until then."
  exit 0
fi
tar -xzf "$work"/axe-core-*.tgz -C "$work"
cp "$work/package/axe.min.js" "$work/axe.min.js"
cp "$work/package/LICENSE" "$work/axe.LICENSE"
bad=()
for f in $(files); do
  if ok "$work/$f"; then cp "$work/$f" "$cache/$f"; else bad+=("$f"); fi
done
if [ ${#bad[@]} -gt 0 ]; then
  say "ERROR: SHA-256 mismatch, refused: ${bad[*]} (expected the sums in $sums)"
  exit 1
fi
install_from_cache
say "fetched with npm pack ($AXE), checked, cached in $cache"
