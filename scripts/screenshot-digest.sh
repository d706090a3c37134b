#!/usr/bin/env bash
# Renders a digest (HTML file written by `clauses run` or `clauses digest`) to a PNG at phone width
# with headless Chromium, for a person to check. Installs Debian's chromium when missing.
# Usage: scripts/screenshot-digest.sh [DIGEST.html] [OUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
digest=${1:-$(ls out/digests/*/*.html 2>/dev/null | head -n 1)}
out=${2:-out/digest.png}
[ -n "$digest" ] && [ -f "$digest" ] || { echo "no digest found: run 'dotnet run --project src/Cli -- run' first"; exit 1; }
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --window-size=420,1600 \
  --screenshot="$(realpath -m "$out")" "file://$(realpath "$digest")" 2>/dev/null
echo "$out"
