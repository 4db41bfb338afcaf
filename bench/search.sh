#!/usr/bin/env bash
# Search benchmark (issue 4): 10,000 generated guides imported, the published server on loopback, wrk per query class
# side by side with nginx serving a static copy of a guide page, results written into docs/performance.md between
# the <!-- search:begin --> and <!-- search:end --> markers (with --database postgresql: on a throwaway PostgreSQL
# cluster, between <!-- search-postgresql:begin --> and <!-- search-postgresql:end -->). Only 127.0.0.1 is ever contacted.
#
#   bench/search.sh [--database sqlite|postgresql] [--count N] [--duration SECONDS] [--warmup SECONDS] [--connections C] [--no-write]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
repo=$(pwd)

count=10000
duration=8
warmup=5
connections=16
threads=2
write=1
database=sqlite
while [ $# -gt 0 ]; do
    case "$1" in
        --count) count=$2; shift 2 ;;
        --duration) duration=$2; shift 2 ;;
        --warmup) warmup=$2; shift 2 ;;
        --connections) connections=$2; shift 2 ;;
        --no-write) write=0; shift ;;
        --database) database=$2; shift 2 ;;
        *) echo "usage: bench/search.sh [--database sqlite|postgresql] [--count N] [--duration SECONDS] [--warmup SECONDS] [--connections C] [--no-write]" >&2; exit 2 ;;
    esac
done
case "$database" in
    sqlite|postgresql) ;;
    *) echo "--database is sqlite or postgresql, not '$database'" >&2; exit 2 ;;
esac

install_commands wrk nginx python3 curl
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d /tmp/accountexit-search-bench.XXXXXX)
chmod 755 "$work"
server_pid=""; nginx_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    stop_postgres
    rm -rf "$work"
}
trap cleanup EXIT

load_start=$(cut -d' ' -f1 /proc/loadavg)
echo "== publish (Release)"
dotnet publish src/AccountExit.Web -c Release -o "$work/app" -nologo -v quiet -clp:ErrorsOnly >/dev/null
app="dotnet $work/app/AccountExit.Web.dll"

echo "== generate-corpus --count $count"
# The published folder has no content/ of its own: name the repository's (its laws are the corpus's).
AccountExit__ContentPath="$repo/content" $app generate-corpus --count "$count" --out "$work/corpus" >/dev/null

export ASPNETCORE_ENVIRONMENT=Production
if [ "$database" = postgresql ]; then
    echo "== PostgreSQL (throwaway cluster)"
    start_postgres "$work/pg"
    export AccountExit__Database=PostgreSql ConnectionStrings__AccountExit="$PG"
    database_label="PostgreSQL $("$PG_BIN/postgres" --version | grep -oE '[0-9]+(\.[0-9]+)+' | head -1) (a throwaway cluster on the same machine, loopback)"
else
    export ConnectionStrings__AccountExit="Data Source=$work/bench.db"
    database_label="SQLite (the embedded default)"
fi
export AccountExit__ContentPath="$work/corpus"
# Per-request logging off for both servers (nginx: access_log off), so neither is measured writing logs.
export Serilog__MinimumLevel__Default=Warning

echo "== import (index included)"
start=$(date +%s.%N)
(cd "$work/app" && $app import "$work/corpus" >/dev/null)
import_seconds=$(python3 -c "print(round($(date +%s.%N) - $start, 1))")
if [ "$database" = postgresql ]; then
    db_mb=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atc "SELECT pg_database_size('accountexit') / 1048576" accountexit)
else
    db_mb=$(du -cm "$work"/bench.db* | tail -1 | cut -f1)
fi
echo "   ${import_seconds} s, database ${db_mb} MB"

port=$(free_port)
# Starts the published server on $port with the given search cache size; sets server_pid.
start_server() {
    # The page output cache (measured by bench/run.sh) and the per-client search rate limit (one wrk client sends
    # thousands of requests a second) are off: this measures search itself.
    (cd "$work/app" && AccountExit__ImportOnStart=false AccountExit__SearchCacheEntries=$1 AccountExit__OutputCache=false \
        AccountExit__Protection__SearchPerMinute=1000000000 \
        exec dotnet AccountExit.Web.dll --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1) &
    server_pid=$!
    for _ in $(seq 1 100); do
        curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
        sleep 0.2
    done
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { echo "server did not start"; cat "$work/server.log"; exit 1; }
    if [ "$database" = postgresql ]; then
        # Each instance searches its own copy of the index once it has caught up (SearchReplica); measure that, not the
        # first minute of a start. /readyz names the replica's state.
        local waited_from
        waited_from=$(date +%s.%N)
        for _ in $(seq 1 600); do
            curl -s "http://127.0.0.1:$port/readyz" | grep -q '"name":"search replica","status":"Healthy"' && break
            sleep 0.5
        done
        curl -s "http://127.0.0.1:$port/readyz" | grep -q '"name":"search replica","status":"Healthy"' \
            || { echo "the search replica did not catch up"; curl -s "http://127.0.0.1:$port/readyz"; exit 1; }
        export REPLICA_SECONDS
        REPLICA_SECONDS=$(python3 -c 'import sys; print(f"{float(sys.argv[1]) - float(sys.argv[2]):.1f}")' "$(date +%s.%N)" "$waited_from")
        echo "   search replica caught up $REPLICA_SECONDS s after the server answered"
    fi
}
stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }
echo "== server on 127.0.0.1:$port"
start_server 0
# The dotnet host execs the app in the same process: this pid is the server's.
rss_idle=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$server_pid/status")

first_slug=$(python3 -c 'import os, sys; print(sorted(os.listdir(sys.argv[1]))[0][:-3])' "$work/corpus/guides")
mkdir -p "$work/static"
curl -fs "http://127.0.0.1:$port/guides/$first_slug" -o "$work/static/guide.html"
chmod -R a+rX "$work/static"
page_kb=$(( $(stat -c %s "$work/static/guide.html") / 1024 ))

nginx_port=$(free_port)
cat >"$work/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    types { text/html html; }
    server {
        listen 127.0.0.1:$nginx_port;
        root $work/static;
        location / { try_files \$uri =404; }
    }
}
EOF
"$nginx_bin" -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
sleep 0.5
curl -fs "http://127.0.0.1:$nginx_port/guide.html" -o /dev/null || { echo "nginx did not start"; cat "$work/nginx-error.log"; exit 1; }

echo "== query sets"
python3 - "$work/corpus/guides" "$work/queries" <<'PY'
import os, sys, urllib.parse, random
guides, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
names, pinyins, initials, english = [], [], [], []
for f in sorted(os.listdir(guides))[:400]:
    meta = {}
    for line in open(os.path.join(guides, f), encoding="utf-8"):
        if line.startswith("---") and meta:
            break
        if ": " in line and not line.startswith(" "):
            k, v = line.rstrip("\n").split(": ", 1)
            meta[k] = v.strip('"')
    names.append(meta["name"])
    english.append(meta["name_en"])
    aliases = [a.strip().strip('"') for a in meta["aliases"].strip("[]").split(",")]
    pinyins.append(aliases[0])
    initials.append(aliases[1])
rng = random.Random(4)
def typo(word):
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:] if rng.random() < 0.5 else word[:i] + word[i + 1:]
classes = {
    "1-char": ["注", "销", "账", "号", "的", "信", "卡", "费"] + [n[0] for n in names[:24]],
    "2-char": ["注销", "账号", "解绑", "冷静", "余额", "手机", "网盘", "客服", "会员", "退款"] + [n for n in names if len(n) == 2][:22],
    "3+-char": ["冷静期", "注销账号", "银行卡", "自动续费", "实名认证", "营业执照", "个人信息保护法", "聊天记录"] + [n for n in names if len(n) >= 3][:24],
    "pinyin": pinyins[:32],
    "initials": initials[:32],
    "english": english[:24] + ["VIP", "App", "PC", "vip app"] * 2,
    "typo": [typo(p) for p in pinyins[40:80] if len(p) >= 5][:32],
    # Questions as readers type them (issue 16): a platform with filler and generic words, pinyin and English
    # sentences, a term from the text, a platform no guide covers.
    "question": [t.format(n) for t, n in zip(["{}怎么注销", "{}能注销吗", "{}账号注销", "注销{}需要什么条件"] * 4, names[100:116])]
        + [t.format(p) for t, p in zip(["{} zenme zhuxiao", "{} zhuxiao"] * 3, pinyins[120:126])]
        + [t.format(e) for t, e in zip(["how to delete {} account", "cancel my {}"] * 3, english[130:136])]
        + ["抖音怎么注销", "余额不为0怎么注销", "解绑授权怎么弄", "how do i close my account"],
    "no-hit": ["zzqxv", "量子纠缠", "blockchain", "qwertyuiop", "不存在的功能词", "xylophone", "火星移民", "kjhgfd"] * 4,
}
for name, queries in classes.items():
    paths = ["/api/search?q=" + urllib.parse.quote(q) for q in queries]
    with open(os.path.join(out, name + ".lua"), "w", encoding="utf-8") as lua:
        lua.write("local paths = {" + ",".join('"%s"' % p for p in paths) + "}\n")
        lua.write("local i = math.random(#paths)\n")
        lua.write("request = function() i = i % #paths + 1; return wrk.format(\"GET\", paths[i]) end\n")
PY

# Runs wrk and prints "p50_ms p99_ms requests_per_second non_2xx requests".
run_wrk() {
    local url=$1 script=${2:-}
    local args=(-t"$threads" -c"$connections" -d"${duration}s" --latency)
    [ -n "$script" ] && args+=(-s "$script")
    wrk "${args[@]}" "$url" >"$work/wrk.out" 2>&1
    python3 - "$work/wrk.out" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(label):
    m = re.search(r"^\s*%s%%\s+([\d.]+)(us|ms|s)\s*$" % label, text, re.M)
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
errors = re.search(r"Socket errors:.*", text)
requests = int(re.search(r"^\s*(\d+) requests in", text, re.M).group(1))
print(f"{ms('50'):.2f} {ms('99'):.2f} {rps:.0f} {int(bad.group(1)) if bad else 0} {requests}{' ' + errors.group(0).replace(' ', '_') if errors else ''}")
PY
}

# The server's CPU time so far (user + system, in clock ticks): CPU per request does not move with other guests' load
# on a shared virtual machine the way requests/s does.
server_cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
results="$work/results.txt"
: >"$results"
echo "== wrk -t$threads -c$connections -d${duration}s"
nginx_before=$(run_wrk "http://127.0.0.1:$nginx_port/guide.html")
echo "   nginx (before): $nginx_before"
# Two passes: every query computed (cache off), then as deployed (the default cache of recent answers).
peaks=""
for pass in uncached cached; do
    if [ "$pass" = cached ]; then
        stop_server
        start_server 512
    fi
    # Warm up (JIT, SQLite page cache; for the cached pass, the answers) on every class before measuring. Long enough
    # for tiered compilation to settle: with 2 s per class (18 s in all) the first classes were measured while the JIT
    # was still recompiling hot methods on the server's CPU (one class alone took about 25 s of load to settle, and
    # its CPU per request fell by two thirds meanwhile; docs/performance.md, Search).
    for lua in "$work"/queries/*.lua; do
        wrk -t"$threads" -c"$connections" -d"${warmup}s" -s "$lua" "http://127.0.0.1:$port" >/dev/null 2>&1
    done
    for class in 1-char 2-char 3+-char pinyin initials english typo question no-hit; do
        cpu_before=$(server_cpu_ticks)
        line=$(run_wrk "http://127.0.0.1:$port" "$work/queries/$class.lua")
        cpu_after=$(server_cpu_ticks)
        echo "   $pass $class: $line"
        echo "$pass $class $line $(( (cpu_after - cpu_before) * 1000000 / $(getconf CLK_TCK) ))" >>"$results"
    done
    peak=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$server_pid/status")
    echo "   $pass server peak memory: ${peak} MB (VmHWM)"
    peaks="$peaks $peak"
done
nginx_after=$(run_wrk "http://127.0.0.1:$nginx_port/guide.html")
echo "   nginx (after): $nginx_after"
rss_peak=$(echo $peaks | tr ' ' '\n' | sort -n | tail -1)

load_end=$(cut -d' ' -f1 /proc/loadavg)
report=$(python3 - "$results" "$nginx_before" "$nginx_after" "$import_seconds" "$rss_idle" "$rss_peak" "$count" "$db_mb" \
    "$threads" "$connections" "$duration" "$page_kb" "$(nproc)" "$(date -u +%Y-%m-%d)" "$load_start" "$load_end" "$database_label" "$warmup" <<'PY'
import os, sys
(results, nb, na, import_s, rss_idle, rss_peak, count, db_mb, threads, conns, duration, page_kb, cores, day, load_start, load_end, database, warmup) = sys.argv[1:]
nb, na = nb.split(), na.split()
nginx_rps = (float(nb[2]) + float(na[2])) / 2
rows, ok = [], True
ok = {"uncached": True, "cached": True}
for line in open(results):
    mode, cls, p50, p99, rps, bad, requests, *rest = line.split()
    cpu_us = int(rest[-1]) / int(requests)
    ratio = float(rps) / nginx_rps
    met = float(p99) < 20 and ratio >= 0.05 and int(bad) == 0
    ok[mode] &= met
    rows.append(f"| {cls} | {mode} | {float(p50):.2f} | {float(p99):.2f} | {float(rps):,.0f} | {ratio:.3f} | {cpu_us:,.0f} | {bad} | {'yes' if met else '**no**'} |")
mem_ok, import_ok = int(rss_peak) < 300, float(import_s) < 60
print(f"Measured {day} by `bench/search.sh` on {cores} cores shared with other work: {int(count):,} generated guides "
      f"(`generate-corpus`) on {database}, the published Release build on 127.0.0.1, `wrk -t{threads} -c{conns} -d{duration}s` per query class "
      f"after {warmup} s of warm-up on each class "
      f"(a Lua script rotates 32–40 queries of the class through `/api/search`), nginx serving a {page_kb} KB static copy of a "
      f"guide page in the same run, before and after the search runs. Request logging off on both servers. Server CPU is the "
      f"server process's user + system time during a class's run divided by the requests it answered (steadier than "
      f"requests/s when other guests share the host). Each class runs "
      f"twice (the page output cache and the search rate limit off throughout): with the search cache off (`AccountExit__SearchCacheEntries=0`: every request runs the full search) and as "
      f"deployed (cache of 512 recent answers; the rotated queries then come from it after warm-up). "
      f"Machine load average (1 min): {load_start} when the run started, {load_end} when it ended.")
print()
print("| query class | search cache | p50 ms | p99 ms | requests/s | vs nginx | server CPU µs/request | non-2xx | targets met |")
print("|---|---|---|---|---|---|---|---|---|")
print("\n".join(rows))
print(f"| nginx static page | | {float(nb[0]):.2f} / {float(na[0]):.2f} | {float(nb[1]):.2f} / {float(na[1]):.2f} | "
      f"{float(nb[2]):,.0f} / {float(na[2]):,.0f} | 1 | | {nb[3]} / {na[3]} | |")
print()
print(f"- Import of {int(count):,} guides, search index included: **{import_s} s** (target < 60 s: {'met' if import_ok else '**missed**'}); database {db_mb} MB.")
print(f"- Server memory: {rss_idle} MB after start, **{rss_peak} MB peak** (VmHWM, the higher of the two server runs; target < 300 MB: {'met' if mem_ok else '**missed**'}).")
if os.environ.get("REPLICA_SECONDS"):
    print(f"- Each server start: the search replica (each instance's own copy of the index) caught up with all {int(count):,} guides "
          f"{os.environ['REPLICA_SECONDS']} s after the server first answered (PostgreSQL answered searches meanwhile); measured after that.")
for mode in ("uncached", "cached"):
    print(f"- Targets per class ({mode}): p99 < 20 ms and at least 5% of nginx's requests/s: {'all met' if ok[mode] else '**not all met** (see the rows marked no)'}.")
PY
)
echo
echo "$report"

if [ "$write" -eq 1 ]; then
    marker=search; heading="Search"
    [ "$database" = postgresql ] && marker=search-postgresql && heading="Search on PostgreSQL"
    python3 - "$repo/docs/performance.md" "$report" "$marker" "$heading" <<'PY'
import os, sys
path, report, marker, heading = sys.argv[1:]
if not os.path.exists(path):
    with open(path, "w", encoding="utf-8") as f:
        f.write("# Performance\n\n## Page caching\n\n<!-- pages:begin -->\n<!-- pages:end -->\n\n## Search\n\n<!-- search:begin -->\n<!-- search:end -->\n")
text = open(path, encoding="utf-8").read()
begin, end = f"<!-- {marker}:begin -->", f"<!-- {marker}:end -->"
if begin not in text or end not in text:
    text = text.rstrip("\n") + f"\n\n## {heading}\n\n{begin}\n{end}\n"
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
open(path, "w", encoding="utf-8").write(head + begin + "\n" + report + "\n" + end + tail)
PY
    echo "== results written to docs/performance.md (between the $marker markers)"
fi
