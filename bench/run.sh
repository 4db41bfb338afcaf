#!/usr/bin/env bash
# One benchmark run: the published server (cached and, as a second instance, uncached) against nginx serving the
# static export, on loopback only, alternating servers over several rounds. Prints one table and writes it into
# docs/performance.md between <!-- pages:begin --> and <!-- pages:end -->. See README "Benchmarks".
#   ROUNDS=3 DURATION=5s CONNECTIONS=64 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
repo=$(pwd)
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
# Every request asks for gzip, as browsers do; nginx serves the export's precompressed .gz files (gzip_static).
ENCODING="Accept-Encoding: gzip"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
work=$(mktemp -d /tmp/accountexit-bench.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

install_commands wrk nginx curl
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

wait_200() {
    local i
    for i in $(seq 1 6000); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" 2>/dev/null)" = "200" ] && return
        sleep 0.01
    done
    echo "no 200 from $1 after a minute" >&2; exit 1
}

echo "== publish (Release, ReadyToRun)"
# ReadyToRun, as production should publish: precompiled code halves the cold start (less JIT before the first page).
dotnet publish src/AccountExit.Web -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    -o "$work/publish" -nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet publish bench/floor -c Release -o "$work/floor" -nologo -v quiet -clp:ErrorsOnly >/dev/null

# start_server NAME CACHE(true|false): starts the published dll on a loopback port of its choosing (port 0, read back
# from its log) with its own database; sets PORT, PID and COLD_MS, the milliseconds from launch to the first 200.
start_server() {
    local name=$1 cache=$2
    PORT=""
    local t0; t0=$(date +%s%N)
    ( cd "$work/publish" && exec env ASPNETCORE_ENVIRONMENT=Production \
        "ConnectionStrings__AccountExit=Data Source=$work/$name.db" \
        "AccountExit__ContentPath=$repo/content" \
        "AccountExit__OutputCache=$cache" \
        "AccountExit__Protection__SearchPerMinute=1000000000" \
        dotnet AccountExit.Web.dll --urls "http://127.0.0.1:0" >"$work/$name.log" 2>&1 ) &
    PID=$!
    pids+=("$PID")
    until [ -n "$PORT" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/" 2>/dev/null)" = "200" ]; do
        PORT=$(grep -oE 'Now listening on: http://127\.0\.0\.1:[0-9]+' "$work/$name.log" | grep -oE '[0-9]+$' || true)
        kill -0 "$PID" 2>/dev/null || { cat "$work/$name.log"; echo "server $name died" >&2; exit 1; }
        (( ($(date +%s%N) - t0) / 1000000000 < 120 )) || { echo "server $name gave no 200 in 2 minutes" >&2; exit 1; }
        sleep 0.01
    done
    COLD_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
    # CPU time (user + system) the start took: unlike wall time, it barely moves with other load on the machine.
    COLD_CPU_MS=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.0f", ($14 + $15) * 1000 / hz}' "/proc/$PID/stat")
}

echo "== static export"
( cd "$work/publish" && env ASPNETCORE_ENVIRONMENT=Production "ConnectionStrings__AccountExit=Data Source=$work/export.db" \
    "AccountExit__ContentPath=$repo/content" dotnet AccountExit.Web.dll export-static "$work/site" | grep '^exported' )
chmod -R a+rX "$work/site"

echo "== servers"
start_server cached true;  CACHED_PORT=$PORT; CACHED_PID=$PID; COLD_FRESH=$COLD_MS; COLD_FRESH_CPU=$COLD_CPU_MS
start_server uncached false; UNCACHED_PORT=$PORT; UNCACHED_PID=$PID
FLOOR_PORT=$(free_port)
floor_t0=$(date +%s%N)
( cd "$work/floor" && exec dotnet Floor.dll --urls "http://127.0.0.1:$FLOOR_PORT" --body "$work/site/guides/wechat/index.html.gz" >"$work/floor.log" 2>&1 ) &
pids+=("$!")
wait_200 "http://127.0.0.1:$FLOOR_PORT/"
FLOOR_COLD=$(( ($(date +%s%N) - floor_t0) / 1000000 ))
NGINX_PORT=$(free_port)
cat >"$work/nginx.conf" <<NGINX
worker_processes auto;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    open_file_cache max=1000 inactive=60s;
    gzip_static on;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $work/site;
        error_page 404 /404.html;
    }
}
NGINX
"$NGINX" -c "$work/nginx.conf" -p "$work" &
pids+=("$!")
wait_200 "http://127.0.0.1:$NGINX_PORT/"

echo "cached :$CACHED_PORT  uncached :$UNCACHED_PORT  nginx :$NGINX_PORT  cold start ${COLD_FRESH} ms"

S="http://127.0.0.1:$CACHED_PORT"; U="http://127.0.0.1:$UNCACHED_PORT"; N="http://127.0.0.1:$NGINX_PORT"; F="http://127.0.0.1:$FLOOR_PORT"
etag() { curl -s -D - -o /dev/null -H "$ENCODING" "$1" | tr -d '\r' | awk 'tolower($1)=="etag:" {print $2}'; }
S_ETAG=$(etag "$S/guides/wechat"); N_ETAG=$(etag "$N/guides/wechat/")

# Targets: name|url|extra header. The nginx side of each row is named in ROWS below.
declare -A URL HDR
add() { URL[$1]=$2; HDR[$1]=${3:-}; }
add n-guide  "$N/guides/wechat/"
add n-home   "$N/"
add n-legal  "$N/legal/"
add n-304    "$N/guides/wechat/" "If-None-Match: $N_ETAG"
add n-json   "$N/api/guides.json"
add s-guide  "$S/guides/wechat"
add f-guide  "$F/guides/wechat"
add u-guide  "$U/guides/wechat"
add s-home   "$S/"
add s-legal  "$S/legal"
add s-304    "$S/guides/wechat" "If-None-Match: $S_ETAG"
add s-search "$S/api/search?q=wx"
add u-search "$U/api/search?q=wx"
ROWS=(
    "cached guide page|s-guide|n-guide"
    "floor: bare Kestrel writing the same gzip bytes (bench/floor)|f-guide|n-guide"
    "uncached guide page (cache off)|u-guide|n-guide"
    "home page|s-home|n-home"
    "legal page|s-legal|n-legal"
    "304 revalidation (guide)|s-304|n-304"
    "search /api/search?q=wx (cached)|s-search|n-json"
    "search /api/search?q=wx (cache off)|u-search|n-json"
)
ORDER_A=(n-guide s-guide f-guide u-guide n-home s-home n-legal s-legal n-304 s-304 n-json s-search u-search)

to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; printf "%.2f", v}'; }
declare -A RPS P50 P99 ERRS
run() {
    local key=$1 out args=(-t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "$ENCODING")
    [ -n "${HDR[$key]}" ] && args+=(-H "${HDR[$key]}")
    out=$(wrk "${args[@]}" "${URL[$key]}")
    RPS[$key]+="$(awk '/^Requests\/sec/ {print $2}' <<<"$out") "
    P50[$key]+="$(awk '$1=="50%" {print $2}' <<<"$out" | to_ms) "
    P99[$key]+="$(awk '$1=="99%" {print $2}' <<<"$out" | to_ms) "
    ERRS[$key]=$(( ${ERRS[$key]:-0} + $(awk '/Non-2xx/ {print $NF}' <<<"$out" | grep . || echo 0) ))
}

echo "== warm-up"
for key in "${ORDER_A[@]}"; do
    args=(-t1 -c8 -d1s -H "$ENCODING"); [ -n "${HDR[$key]}" ] && args+=(-H "${HDR[$key]}")
    wrk "${args[@]}" "${URL[$key]}" >/dev/null
done

for round in $(seq 1 "$ROUNDS"); do
    echo "== round $round/$ROUNDS"
    if (( round % 2 )); then order=("${ORDER_A[@]}"); else order=(); for ((i=${#ORDER_A[@]}-1; i>=0; i--)); do order+=("${ORDER_A[$i]}"); done; fi
    for key in "${order[@]}"; do run "$key"; done
done

median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.2f", (a[NR/2]+a[NR/2+1])/2}'; }

S_HWM=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$CACHED_PID/status")
U_HWM=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$UNCACHED_PID/status")

size() { curl -s -o /dev/null -w '%{size_download}' -H "Accept-Encoding: $2" "$1"; }
GUIDE_BR=$(size "$S/guides/wechat" br); GUIDE_GZ=$(size "$S/guides/wechat" gzip); GUIDE_RAW=$(size "$S/guides/wechat" identity)
LARGEST_BR=0
for f in "$repo"/content/guides/*.md; do
    b=$(size "$S/guides/$(basename "$f" .md)" br); (( b > LARGEST_BR )) && LARGEST_BR=$b
done
FIRST_VIEW=$GUIDE_BR
for asset in $(curl -s "$S/guides/wechat" | grep -oE '(href|src)="/(css|js)/[^"]+|href="/favicon[^"]+' | sed 's/.*="//'); do
    FIRST_VIEW=$(( FIRST_VIEW + $(size "$S$asset" br) ))
done

# Restarts on the existing database (migrations and import find nothing to do): three, the median reported, since one
# start is a single sample of a shared host (one of 1.86 s among starts of 1.3 s was seen).
kill "$CACHED_PID"; wait "$CACHED_PID" 2>/dev/null || true
WARM_WALLS=""; WARM_CPUS=""
for _ in 1 2 3; do
    start_server cached true; WARM_WALLS="$WARM_WALLS $COLD_MS"; WARM_CPUS="$WARM_CPUS $COLD_CPU_MS"
    kill "$PID"; wait "$PID" 2>/dev/null || true
done
COLD_WARM=$(median <<<"$WARM_WALLS"); COLD_WARM_CPU=$(median <<<"$WARM_CPUS")

table=$(
    echo "| page | server req/s | nginx req/s | ratio | server p50 / p99 (ms) | nginx p50 / p99 (ms) | p99 ratio |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for row in "${ROWS[@]}"; do
        IFS='|' read -r label skey nkey <<<"$row"
        srps=$(median <<<"${RPS[$skey]}"); nrps=$(median <<<"${RPS[$nkey]}")
        s50=$(median <<<"${P50[$skey]}"); s99=$(median <<<"${P99[$skey]}")
        n50=$(median <<<"${P50[$nkey]}"); n99=$(median <<<"${P99[$nkey]}")
        errs=""; [ "${ERRS[$skey]}" != "0" ] && errs=" (${ERRS[$skey]} non-2xx/3xx!)"
        awk -v l="$label$errs" -v s="$srps" -v n="$nrps" -v s50="$s50" -v s99="$s99" -v n50="$n50" -v n99="$n99" \
            'BEGIN {printf "| %s | %.0f | %.0f | %.2f× | %.2f / %.2f | %.2f / %.2f | %.1f× |\n", l, s, n, s/n, s50, s99, n50, n99, s99/n99}'
    done
    echo
    echo "| measure | value | target |"
    echo "|---|---:|---|"
    echo "| cold start to first 200, fresh database (migrate, import content/): wall / CPU | ${COLD_FRESH} / ${COLD_FRESH_CPU} ms | < 2500 ms |"
    echo "| cold start to first 200, existing database, median of three (walls:${WARM_WALLS}): wall / CPU | ${COLD_WARM} / ${COLD_WARM_CPU} ms | < 1500 ms |"
    echo "| for scale: cold start of bench/floor (bare Kestrel, nothing to load) | ${FLOOR_COLD} ms | |"
    echo "| peak RSS (VmHWM) under load, cached server | ${S_HWM} MB | < 250 MB |"
    echo "| peak RSS (VmHWM) under load, uncached server | ${U_HWM} MB | < 250 MB |"
    echo "| guide page /guides/wechat: identity / gzip / br | ${GUIDE_RAW} / ${GUIDE_GZ} / ${GUIDE_BR} bytes | br < 10 KB |"
    echo "| largest guide page as br | ${LARGEST_BR} bytes | < 10 KB |"
    echo "| first view of /guides/wechat (HTML, CSS, JS, icon; br; no fonts) | ${FIRST_VIEW} bytes | < 30 KB |"
)
machine="$(date -u '+%Y-%m-%d %H:%M UTC') · load average before the run $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg) · $(nproc) cores · $(free -m | awk '/^Mem:/ {print $2}') MB RAM · $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//') · .NET $(dotnet --version) · $("$NGINX" -v 2>&1 | sed 's/.*: //')"
settings="wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, '$ENCODING', $ROUNDS rounds alternating nginx and the server (order reversed every other round), medians; wrk shares the 2 cores with the server."

notes=""
[ -f bench/pages-notes.md ] && notes=$(cat bench/pages-notes.md)
section=$(printf '%s\n\n%s\n\n%s\n\n%s\n' "Measured $machine." "$table" "Settings: $settings" "$notes")
echo
echo "$section"

doc=docs/performance.md
if [ ! -f "$doc" ]; then
    printf '# Performance\n\n## Pages\n\n<!-- pages:begin -->\n<!-- pages:end -->\n\n## Search\n\n<!-- search:begin -->\n<!-- search:end -->\n' >"$doc"
fi
if ! grep -q '<!-- pages:begin -->' "$doc"; then
    printf '\n## Pages\n\n<!-- pages:begin -->\n<!-- pages:end -->\n' >>"$doc"
fi
printf '%s\n' "$section" >"$work/section.md"
awk -v f="$work/section.md" '
    /<!-- pages:begin -->/ {print; while ((getline line < f) > 0) print line; skip=1; next}
    /<!-- pages:end -->/ {skip=0}
    !skip {print}' "$doc" >"$work/doc.md"
cp "$work/doc.md" "$doc"
echo "written to $doc"
