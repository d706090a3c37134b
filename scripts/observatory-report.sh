#!/usr/bin/env bash
# Builds the territorial report of one department from the shared TED/BOAMP corpora and renders it
# to PNG with headless Chromium, for a person to look at. Runs on a private Azurite (free ports, data
# in a temporary folder, stopped at the end), so it never touches the local .azurite store.
# Steps: import the SIAE directory, run the pipeline on the corpora (parse, classify, match; the
# first run trains a model, about two minutes), import the DECP sample, write the report.
# Usage: scripts/observatory-report.sh [DEPARTMENT] [FROM] [TO] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
dep=${1:-75}
from=${2:-2014-01-01}
to=${3:-2024-12-31}
out=${4:-out/observatory-$dep}
data=$(realpath ../shared/data)

dotnet build src/Cli -v q -nologo >/dev/null
clauses() { dotnet run --no-build --project src/Cli -- "$@"; }

work=$(mktemp -d)
node tools/node_modules/azurite/dist/src/azurite.js --silent --location "$work/azurite" --skipApiVersionCheck --loose --disableTelemetry \
  --blobHost 127.0.0.1 --blobPort 0 --queueHost 127.0.0.1 --queuePort 0 --tableHost 127.0.0.1 --tablePort 0 >"$work/azurite.log" 2>&1 &
azurite=$!
trap 'kill "$azurite" 2>/dev/null; wait "$azurite" 2>/dev/null; rm -rf "$work"' EXIT
# Port 0 lets the system pick free ports; Azurite prints the ones it got.
for _ in $(seq 1 100); do
  grep -q "Table service is successfully listening" "$work/azurite.log" 2>/dev/null && break
  sleep 0.2
done
port() { grep -o "$1 service is successfully listening at http://127.0.0.1:[0-9]*" "$work/azurite.log" | grep -o '[0-9]*$'; }
key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="  # Azurite's public development key
export ClausesSociales__StorageConnection="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$(port Blob)/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$(port Queue)/devstoreaccount1;TableEndpoint=http://127.0.0.1:$(port Table)/devstoreaccount1;"
export ClausesSociales__UnsubscribeKey=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')

clauses structures import "$data/structures/siae-2021.csv" | tail -n 5
clauses run --feed "$data/ted-rdf-mapping" --feed "$data/ted-rdf-conversion-pipeline" --feed "$data/boamp-rdf" --feed "$data/boamp-api-jpbenga" | tail -n 8
clauses decp import "$data/decp-2022/decp_test_2022.json" | tail -n 8
clauses observatory --territory "DEP:$dep" --from "$from" --to "$to" --out "$out"

command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
browse() {
  local profile; profile=$(mktemp -d)
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run --disable-component-update \
    --disable-sync --user-data-dir="$profile" --hide-scrollbars "$@" 2>/dev/null
  rm -rf "$profile"
}
# The page's height, measured on a copy with a one-line script (the report itself has none), sizes the screenshot.
sed 's|</body>|<script>document.body.setAttribute("data-height", document.documentElement.scrollHeight)</script></body>|' "$out/report.html" >"$work/measure.html"
height=$(browse --window-size=860,1000 --dump-dom "file://$work/measure.html" | grep -o 'data-height="[0-9]*"' | grep -o '[0-9]*' || echo 6000)
browse --window-size=860,"$height" --screenshot="$(realpath -m "$out/report.png")" "file://$(realpath "$out/report.html")"
echo "$out/report.html $out/figures.json $out/figures.csv $out/report.png"
