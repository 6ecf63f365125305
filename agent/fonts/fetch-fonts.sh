#!/usr/bin/env bash
# Puts the CJK font of the A4 forms into DEST (default: agent/target/fonts), fetched with `npm pack` by
# package name and pinned version, checked against fonts.sha256 and cached in DOORSTEP_FONTS_CACHE
# (default ~/.cache/doorstep/fonts) so that clean builds do not fetch again. Run by the agent's Maven
# build (generate-resources); also usable by hand: agent/fonts/fetch-fonts.sh [DEST].
# Same pattern as agent/models/fetch-models.sh; licence of the font: NOTICE.md beside this script.
#
# Where npm or the registry cannot be reached the script says so and exits 0: the build goes on, the
# form tests then fail naming this script. A fetched file whose SHA-256 differs is refused (exit 1).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
dest="${1:-$here/../target/fonts}"
cache="${DOORSTEP_FONTS_CACHE:-${HOME:-/tmp}/.cache/doorstep/fonts}"
sums="$here/fonts.sha256"

# Noto Sans SC (Google/Adobe, SIL OFL 1.1) as static TrueType instances, packaged by Expo.
NOTO_SC="@expo-google-fonts/noto-sans-sc@0.4.3"
FONT="NotoSansSC_400Regular.ttf"
IN_TARBALL="package/400Regular/$FONT"

say() { echo "[fonts] $*"; }
sum_of() { grep -v '^#' "$sums" | awk -v f="$1" '$2==f {print $1}'; }
ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | awk '{print $1}')" = "$(sum_of "$(basename "$1")")" ]; }

install_from_cache() {
  mkdir -p "$dest"
  if ok "$cache/$FONT" && ! ok "$dest/$FONT"; then cp "$cache/$FONT" "$dest/$FONT"; fi
  cp "$here/NOTICE.md" "$dest/NOTICE.md"
}

mkdir -p "$cache"
if ok "$cache/$FONT"; then
  install_from_cache
  say "$FONT present and checked (cache $cache -> $dest)"
  exit 0
fi

say "not cached yet: $FONT"
if ! command -v npm >/dev/null 2>&1; then
  say "WARNING: npm is not installed, so the forms font cannot be fetched. Install Node's npm"
  say "         (Debian: apt-get install -y npm) and build again. Until then the A4 form tests fail."
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && npm pack --silent --fetch-retries=1 --fetch-timeout=120000 "$NOTO_SC" >/dev/null 2>"$work/npm.err"); then
  say "WARNING: npm pack failed (no network or registry?): $(tail -n 3 "$work/npm.err" | tr '\n' ' ')"
  say "         The forms font is missing: the A4 form tests fail and forms cannot be printed."
  exit 0
fi
tar -xzf "$work"/*.tgz -C "$work" "$IN_TARBALL"
if ! ok "$work/$IN_TARBALL"; then
  say "ERROR: SHA-256 mismatch, refused: $FONT (expected the sum in $sums)"
  exit 1
fi
cp "$work/$IN_TARBALL" "$cache/$FONT"
install_from_cache
say "fetched $FONT with npm pack ($NOTO_SC), checked, cached in $cache"
