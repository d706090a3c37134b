#!/usr/bin/env bash
# Screenshots of the web pages served by `clauses host`, at phone (390 px) and desktop (1280 px)
# widths, with Debian's headless Chromium (installed when missing), for a person to look at.
# The local Azurite is filled by `clauses run` on the sample feed first when it holds no lot.
# Usage: scripts/screenshot-pages.sh [OUT_DIR]   (default out/pages)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-out/pages}")
mkdir -p "$out"
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
dotnet build src/Cli -v q -nologo >/dev/null
[ -d .azurite ] || dotnet run --no-build --project src/Cli -- run >/dev/null
# The console's quarantine: a real TED notice cut in half at run time, ingested (and quarantined) once.
broken=$(mktemp -d)
head -c 9000 ../shared/data/ted-rdf-mapping/test_data/sampling_2021/form_number_F02/014265-2021.xml >"$broken/014265-2021-tronque.xml"
dotnet run --no-build --project src/Cli -- ingest "$broken/014265-2021-tronque.xml" >/dev/null 2>&1 || true
rm -rf "$broken"
port=7093
dotnet run --no-build --project src/Cli -- host --urls "http://127.0.0.1:$port" >"$out/host.log" 2>&1 &
host=$!
profile=$(mktemp -d)
trap 'kill $host 2>/dev/null || true; rm -rf "$profile"' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/" >/dev/null && break; sleep 1; done
lot=$(curl -fs "http://127.0.0.1:$port/" | grep -o 'href="/lots/[^"]*"' | head -n 1 | sed 's/href="//; s/"$//')
# A structure of the real SIAE directory asking to be added, for the console's pending list.
jar=$(mktemp)
af=$(curl -fs -c "$jar" "http://127.0.0.1:$port/structures/ajout" | grep -o 'name="af" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//' || true)
curl -fs -b "$jar" -o /dev/null --data-urlencode "af=$af" --data-urlencode "siret=80746931700018" --data-urlencode "name=Baluchon" \
  --data-urlencode "email=contact@baluchon.example" --data-urlencode "message=EI de restauration à Romainville (93)" "http://127.0.0.1:$port/structures/ajout" || true
rm -f "$jar"
declare -A pages=(
  [board]="/"
  [board-filtered]="/?reg=84&kind=reserved"
  [board-empty]="/?dep=2A&cpv=45"
  [lot]="${lot:-/lots/none/none/none}"
  [lot-missing]="/lots/ted/inconnu/LOT-0001"
  [structures]="/structures?q=nettoyage"
  [admin]="/admin"
  [admin-model]="/admin/model"
  [admin-structures]="/admin/structures"
)
for name in "${!pages[@]}"; do
  for width in 390 1280; do
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
      --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" --window-size=$width,1800 \
      --screenshot="$out/$name-$width.png" "http://127.0.0.1:$port${pages[$name]}" 2>/dev/null
    echo "$out/$name-$width.png"
  done
done
