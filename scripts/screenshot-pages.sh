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
/usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || { apt-get update -qq && apt-get install -y -qq python3-aiosmtpd >/dev/null; }
dotnet build src/Cli -v q -nologo >/dev/null
[ -d .azurite ] || dotnet run --no-build --project src/Cli -- run >/dev/null
# The console's quarantine: a real TED notice cut in half at run time, ingested (and quarantined) once.
broken=$(mktemp -d)
head -c 9000 ../shared/data/ted-rdf-mapping/test_data/sampling_2021/form_number_F02/014265-2021.xml >"$broken/014265-2021-tronque.xml"
dotnet run --no-build --project src/Cli -- ingest "$broken/014265-2021-tronque.xml" >/dev/null 2>&1 || true
rm -rf "$broken"
port=7093
smtp_port=7094
base="http://127.0.0.1:$port"
work=$(mktemp -d)
profile="$work/profile"
# The pages behind signed links need the links: the digest's from the digest written to out/digests,
# the confirmation's from the e-mail a local SMTP server (aiosmtpd, as in the tests) receives.
export ClausesSociales__PublicBaseUrl="$base" ClausesSociales__SmtpHost=127.0.0.1 ClausesSociales__SmtpPort=$smtp_port
dotnet run --no-build --project src/Cli -- digest >/dev/null
/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$work/maildir" &
smtp=$!
# The built program itself, not `dotnet run`, so that stopping it at the end stops the host and its Azurite.
src/Cli/bin/Debug/net10.0/clauses host --urls "$base" >"$out/host.log" 2>&1 &
host=$!
trap 'kill $host $smtp 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -fs "$base/" >/dev/null && break; sleep 1; done
lot=$(curl -fs "$base/" | grep -o 'href="/lots/[^"]*"' | head -n 1 | sed 's/href="//; s/"$//')
subscribe=$(curl -fs "$base/structures?q=esat" | grep -o 'href="/structures/[0-9]*/alertes"' | head -n 1 | sed 's/href="//; s/"$//' || true)
siret=$(echo "$subscribe" | cut -d/ -f3)
unescape() { /usr/bin/python3 -c 'import html, sys; print(html.unescape(sys.stdin.read().strip()))'; }
field() { grep -o 'name="af" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//'; }
# shot NAME URL: the page at phone and desktop widths.
shot() {
  for width in 390 1280; do
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
      --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" --window-size=$width,1800 \
      --screenshot="$out/$1-$width.png" "$2" 2>/dev/null
    echo "$out/$1-$width.png"
  done
}
# A structure subscribes (the form's anti-forgery cookie and field), then its confirmation link arrives.
af=$(curl -fs -c "$work/jar" "$base$subscribe" | field)
curl -s -b "$work/jar" -o "$work/sent.html" --data-urlencode "af=$af" --data-urlencode "email=demo@structure.example" \
  -d frequency=weekly -d area= -d sectors=90 "$base$subscribe"
for _ in $(seq 1 20); do grep -rqs "/confirmation?" "$work/maildir/new" && break; sleep 1; done
confirm=$(grep -rhos "$base/structures/$siret/confirmation?[^[:space:]<\"]*" "$work/maildir/new" | head -n 1 | unescape || true)
digest=$(grep -rhos 'href="[^"]*/digests/[^"]*/[0-9]*-W[0-9]*?[^"]*"' out/digests | head -n 1 | sed 's/href="//; s/"$//' | unescape || true)
buyer_manage=$(grep -rhos 'href="[^"]*/digests/[^"]*/abonnement?[^"]*"' out/digests | head -n 1 | sed 's/href="//; s/"$//' | unescape || true)
unsubscribe=$(grep -rhos 'href="[^"]*/api/unsubscribe?[^"]*"' out/digests | head -n 1 | sed 's/href="//; s/"$//' | unescape || true)
# A structure of the real SIAE directory that its import rejects (department 975) asking to be added, for the console's pending list.
af=$(curl -fs -c "$work/pending" "$base/structures/ajout" | field || true)
curl -fs -b "$work/pending" -o /dev/null --data-urlencode "af=$af" --data-urlencode "siret=38275478600012" --data-urlencode "name=Assoc pour la formation continue" \
  --data-urlencode "email=contact@afc.example" --data-urlencode "message=ACI à Saint-Pierre (975), formation continue" "$base/structures/ajout" || true
declare -A pages=(
  [board]="/"
  [board-filtered]="/?reg=84&kind=reserved"
  [board-empty]="/?dep=2A&cpv=45"
  [lot]="${lot:-/lots/none/none/none}"
  [lot-missing]="/lots/ted/inconnu/LOT-0001"
  [structures]="/structures?q=nettoyage"
  [subscribe]="$subscribe"
  [pending-request]="/structures/ajout?siret=97012345600000"
  [confirm]="${confirm#$base}"
  [digest-web]="${digest#$base}"
  [buyer-manage]="${buyer_manage#$base}"
  [admin]="/admin"
  [admin-model]="/admin/model"
  [admin-structures]="/admin/structures"
  [unsubscribe]="${unsubscribe#$base}"
  [not-found]="/territoires"
  [observatory]="/observatoire"
  [observatory-report]="/observatoire?dep=93&du=2026-01-01&au=2026-12-31"
)
for name in "${!pages[@]}"; do shot "$name" "$base${pages[$name]}"; done
# The structure's manage page: confirm (the button's POST), then the "gérer" link of the answer; the
# subscription is deleted at the end so that the next run starts again from the form.
af=$(curl -fs -c "$work/jar" -b "$work/jar" "$confirm" | field)
curl -s -b "$work/jar" -o "$work/confirmed.html" --data-urlencode "af=$af" "$confirm"
manage=$(grep -o 'href="[^"]*/abonnement?[^"]*"' "$work/confirmed.html" | head -n 1 | sed 's/href="//; s/"$//' | unescape || true)
# The answers of the two POSTs (request sent, subscription confirmed), from their saved HTML.
declare -A posted=([subscribe-sent]="$work/sent.html" [confirmed]="$work/confirmed.html")
for name in "${!posted[@]}"; do shot "$name" "file://${posted[$name]}"; done
shot manage "$manage"
af=$(curl -fs -b "$work/jar" "$manage" | field)
curl -s -o /dev/null -b "$work/jar" --data-urlencode "af=$af" -d action=delete "$manage"
