#!/usr/bin/env bash
# The load run: 60 s of wrk reads on a guide page while an editor saves (and publishes) that guide through the real
# edit form about 10 times a second. The published server (Release, Production) on loopback, with its own temporary
# database and an editor made with create-user. Fails (exit 1) on any socket error, 5xx, or save that was neither
# acknowledged nor a conflict page. Not run in CI. See README "Benchmarks" and docs/operations.md.
#   DURATION=60 RATE=10 CONNECTIONS=32 SLUG=wechat TABS=wechat,wechat,qq,weibo bench/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
DURATION=${DURATION:-60}
RATE=${RATE:-10}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
SLUG=${SLUG:-wechat}
# The editor's tabs, one per slug: two on the page being read (they race each other: conflicts), two elsewhere.
TABS=${TABS:-$SLUG,$SLUG,qq,weibo}

work=$(mktemp -d /tmp/accountexit-load.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
    echo "Installing ${need[*]} from Debian's packages…"
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "== publish (Release) and build bench/saver"
dotnet publish src/AccountExit.Web -c Release -o "$work/publish" -nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet build bench/saver -c Release -o "$work/saver" -nologo -v quiet -clp:ErrorsOnly >/dev/null

# Production cookies are __Host- and Secure, and antiforgery refuses plain HTTP then: the editor saves over HTTPS
# with a throwaway self-signed certificate; readers (wrk) use plain HTTP, as behind a TLS-terminating proxy.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
    -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
export ASPNETCORE_ENVIRONMENT=Production
export "ConnectionStrings__AccountExit=Data Source=$work/data/site.db"
export "AccountExit__ContentPath=$repo/content"
export "Kestrel__Certificates__Default__Path=$work/cert.pem" "Kestrel__Certificates__Default__KeyPath=$work/key.pem"
password="load run passphrase $RANDOM$RANDOM"
echo "$password" | ( cd "$work/publish" && dotnet AccountExit.Web.dll create-user --email load@example.test --role Editor --password-stdin ) >/dev/null

echo "== server"
( cd "$work/publish" && exec dotnet AccountExit.Web.dll --urls "http://127.0.0.1:0;https://127.0.0.1:0" >"$work/server.log" 2>&1 ) &
pids+=("$!")
HTTP=""; HTTPS=""
for _ in $(seq 1 1200); do
    HTTP=$(grep -oE 'Now listening on: http://127\.0\.0\.1:[0-9]+' "$work/server.log" | grep -oE '[0-9]+$' || true)
    HTTPS=$(grep -oE 'Now listening on: https://127\.0\.0\.1:[0-9]+' "$work/server.log" | grep -oE '[0-9]+$' || true)
    [ -n "$HTTP" ] && [ -n "$HTTPS" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP/healthz")" = 200 ] && break
    sleep 0.05
done
[ -n "$HTTP" ] || { cat "$work/server.log"; echo "the server did not start" >&2; exit 1; }
URL="http://127.0.0.1:$HTTP/guides/$SLUG"
curl -s -o /dev/null "$URL"
echo "reads: $URL   saves: https://127.0.0.1:$HTTPS/editor/guides/{$TABS}/edit"

echo "== ${DURATION} s: wrk -t$THREADS -c$CONNECTIONS on the guide page, ~$RATE saves/s alongside"
echo "$password" | dotnet "$work/saver/Saver.dll" --base "https://127.0.0.1:$HTTPS" --email load@example.test --slugs "$TABS" \
    --rate "$RATE" --seconds "$DURATION" >"$work/saver.out" 2>"$work/saver.err" &
saver=$!
pids+=("$saver")
wrk_out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency -H "Accept-Encoding: gzip" "$URL")
saver_status=0
wait "$saver" || saver_status=$?

requests=$(awk '/requests in/ {print $1}' <<<"$wrk_out")
rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$wrk_out")
p99=$(awk '$1=="99%" {print $2}' <<<"$wrk_out")
socket_errors=$(grep -oE 'Socket errors:.*' <<<"$wrk_out" || echo "Socket errors: none")
non2xx=$(awk '/Non-2xx or 3xx responses/ {print $NF}' <<<"$wrk_out"); non2xx=${non2xx:-0}
server_5xx=$(grep -cE 'responded 5[0-9][0-9]| ERR\]| FTL\]' "$work/server.log" || true)
locked=$(grep -ci 'database is locked' "$work/server.log" || true)

echo "$wrk_out" | sed -n '/Latency Distribution/,/Transfer/p'
echo
echo "reads: $requests requests ($rps/s, p99 $p99), non-2xx/3xx: $non2xx, $socket_errors"
echo "$(cat "$work/saver.out")"
[ -s "$work/saver.err" ] && { echo "saver errors:"; head -20 "$work/saver.err"; }
echo "server log: $server_5xx errors/5xx, $locked 'database is locked'"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$non2xx" != 0 ] || grep -q 'Socket errors' <<<"$wrk_out" || [ "$saver_status" != 0 ] || [ "$server_5xx" != 0 ] || [ "$locked" != 0 ]; then
    echo "FAIL"; exit 1
fi
echo "PASS"
