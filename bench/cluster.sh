#!/usr/bin/env bash
# The farm run: two instances of the published server (Release, Production) on one PostgreSQL, behind an nginx load
# balancer on loopback; wrk reads a guide page through nginx while an editor saves and publishes through the real edit
# forms (bench/saver, as bench/load.sh does) on the first instance. Then the same run, in the same invocation, with one
# instance on SQLite behind the same nginx, for comparison. Prints one table; fails (exit 1) on any socket error,
# non-2xx/3xx read, failed save, 5xx or error in a server log. Not run in CI, and it writes no figures anywhere: take
# them on a quiet machine. PostgreSQL is a throwaway cluster (initdb in a temporary folder, a free loopback port).
#   DURATION=30 RATE=10 CONNECTIONS=32 THREADS=2 SLUG=wechat TABS=wechat,wechat,qq,weibo bench/cluster.sh
# The instances evict each other's caches (LISTEN/NOTIFY, docs/operations.md#farm); FarmTests prove that, so this run
# measures errors and throughput, not freshness.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
repo=$(pwd)
DURATION=${DURATION:-30}
RATE=${RATE:-10}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
SLUG=${SLUG:-wechat}
TABS=${TABS:-$SLUG,$SLUG,qq,weibo}

work=$(mktemp -d /tmp/accountexit-cluster.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    stop_postgres
    rm -rf "$work"
}
trap cleanup EXIT

install_commands wrk nginx curl openssl
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

echo "== publish (Release) and build bench/saver"
dotnet publish src/AccountExit.Web -c Release -o "$work/publish" -nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet build bench/saver -c Release -o "$work/saver" -nologo -v quiet -clp:ErrorsOnly >/dev/null

echo "== PostgreSQL (throwaway cluster)"
start_postgres "$work/pg"

# Production cookies are __Host- and Secure: the editor saves over HTTPS with a throwaway certificate; readers come
# through nginx over plain HTTP, as behind a TLS-terminating proxy.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
    -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
export ASPNETCORE_ENVIRONMENT=Production
export "AccountExit__ContentPath=$repo/content"
export "Kestrel__Certificates__Default__Path=$work/cert.pem" "Kestrel__Certificates__Default__KeyPath=$work/key.pem"
password="cluster run passphrase $RANDOM$RANDOM"

# start_instance NAME ENV…: the published dll on two loopback ports of its choosing (HTTP for nginx, HTTPS for the
# editor), read back from its log; sets HTTP and HTTPS.
start_instance() {
    local name=$1; shift
    ( cd "$work/publish" && exec env "$@" dotnet AccountExit.Web.dll --urls "http://127.0.0.1:0;https://127.0.0.1:0" >"$work/$name.log" 2>&1 ) &
    local pid=$!
    pids+=("$pid")
    HTTP=""; HTTPS=""
    for _ in $(seq 1 2400); do
        HTTP=$(grep -oE 'Now listening on: http://127\.0\.0\.1:[0-9]+' "$work/$name.log" | grep -oE '[0-9]+$' || true)
        HTTPS=$(grep -oE 'Now listening on: https://127\.0\.0\.1:[0-9]+' "$work/$name.log" | grep -oE '[0-9]+$' || true)
        [ -n "$HTTP" ] && [ -n "$HTTPS" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP/readyz")" = 200 ] && return
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    cat "$work/$name.log"; echo "instance $name did not start" >&2; exit 1
}

# measure LABEL EDITOR_HTTPS_PORT LOGS UPSTREAM_PORT…: nginx in front of the upstreams, wrk through it and the saver
# on the editor's instance for DURATION seconds; appends a row to ROWS and sets FAILED on any error.
ROWS=()
FAILED=0
measure() {
    local label=$1 editor=$2 logs=$3; shift 3
    local port; port=$(free_port)
    local upstreams=""
    for p in "$@"; do upstreams+="server 127.0.0.1:$p;"; done
    cat >"$work/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    upstream site { $upstreams keepalive 64; }
    server {
        listen 127.0.0.1:$port;
        location / {
            proxy_pass http://site;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
        }
    }
}
NGINX
    "$NGINX" -c "$work/nginx.conf" -p "$work" &
    local nginx=$!
    for _ in $(seq 1 200); do [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/guides/$SLUG")" = 200 ] && break; sleep 0.05; done
    # Every instance renders the page once before the clock starts.
    for _ in "$@" "$@"; do curl -s -o /dev/null -H "Accept-Encoding: gzip" "http://127.0.0.1:$port/guides/$SLUG"; done

    echo "== $label: ${DURATION} s of wrk -t$THREADS -c$CONNECTIONS through nginx, ~$RATE saves/s on :$editor"
    echo "$password" | dotnet "$work/saver/Saver.dll" --base "https://127.0.0.1:$editor" --email cluster@example.test --slugs "$TABS" \
        --rate "$RATE" --seconds "$DURATION" >"$work/saver.out" 2>"$work/saver.err" &
    local saver=$!
    local out
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency -H "Accept-Encoding: gzip" "http://127.0.0.1:$port/guides/$SLUG")
    local saver_status=0
    wait "$saver" || saver_status=$?
    kill "$nginx" 2>/dev/null || true
    wait "$nginx" 2>/dev/null || true

    local rps p50 p99 non2xx sockets saves errors
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1=="50%" {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx or 3xx responses/ {print $NF}' <<<"$out"); non2xx=${non2xx:-0}
    sockets=$(grep -oE 'Socket errors:.*' <<<"$out" | sed 's/Socket errors: //' || true); sockets=${sockets:-none}
    saves=$(sed -E 's/^saves: ([0-9]+) acknowledged, ([0-9]+) conflicts, ([0-9]+) other responses, ([0-9]+) errors.*/\1 ok, \2 conflicts, \3 other, \4 errors/' "$work/saver.out")
    # Two tabs racing on one guide meet at the unique revision number: the editor gets the conflict page (the saver
    # counts it) and the site does not log it as an error (DbErrors.IsConflictLoggedByEfCore). Any ERR, FTL, 5xx or
    # "database is locked" in a server's log is an error.
    errors=0
    for log in $logs; do
        errors=$(( errors + $(grep -cE ' ERR\]| FTL\]|responded 5[0-9][0-9]|database is locked' "$work/$log.log" || true) ))
    done
    ROWS+=("| $label | $rps | $p50 / $p99 | $non2xx | $sockets | $saves | $errors |")
    [ -s "$work/saver.err" ] && { echo "saver errors:"; head -5 "$work/saver.err"; }
    if [ "$errors" != 0 ]; then
        echo "server errors:"
        for log in $logs; do { grep -hE -A3 'responded 5[0-9][0-9]| ERR\]| FTL\]|database is locked' "$work/$log.log" || true; } | head -20 | sed "s/^/  $log: /"; done
    fi
    if [ "$non2xx" != 0 ] || [ "$sockets" != none ] || [ "$saver_status" != 0 ] || [ "$errors" != 0 ]; then FAILED=1; fi
}

echo "== two instances on PostgreSQL"
echo "$password" | ( cd "$work/publish" && env AccountExit__Database=PostgreSql "ConnectionStrings__AccountExit=$PG" \
    dotnet AccountExit.Web.dll create-user --email cluster@example.test --role Editor --password-stdin ) >/dev/null
# Both import on start: the advisory lock lets one import while the other waits and then finds nothing to do.
start_instance pg-a AccountExit__Database=PostgreSql "ConnectionStrings__AccountExit=$PG"
A_HTTP=$HTTP; A_HTTPS=$HTTPS
start_instance pg-b AccountExit__Database=PostgreSql "ConnectionStrings__AccountExit=$PG"
B_HTTP=$HTTP
measure "2 instances, PostgreSQL" "$A_HTTPS" "pg-a pg-b" "$A_HTTP" "$B_HTTP"
for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
wait "${pids[@]}" 2>/dev/null || true
pids=()

echo "== one instance on SQLite"
echo "$password" | ( cd "$work/publish" && env "ConnectionStrings__AccountExit=Data Source=$work/sqlite/site.db" \
    dotnet AccountExit.Web.dll create-user --email cluster@example.test --role Editor --password-stdin ) >/dev/null
start_instance sqlite "ConnectionStrings__AccountExit=Data Source=$work/sqlite/site.db"
measure "1 instance, SQLite" "$HTTPS" "sqlite" "$HTTP"

echo
echo "| setup | req/s | p50 / p99 | non-2xx/3xx | socket errors | saves | server errors/5xx |"
echo "|---|---:|---:|---:|---|---|---:|"
printf '%s\n' "${ROWS[@]}"
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s on /guides/$SLUG (gzip) through nginx; saver at ~$RATE/s on tabs $TABS"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$FAILED" != 0 ]; then echo "FAIL"; exit 1; fi
echo "PASS"
