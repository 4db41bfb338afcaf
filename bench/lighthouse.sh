#!/usr/bin/env bash
# Lighthouse (npm lighthouse@12.2.3, through npx) with Debian's Chromium, mobile (Lighthouse's default: a phone's
# screen, slow 4G and a 4x slower CPU), over every public page type in both languages, against the published site
# started on a loopback port. Prints one table of the four category scores and writes it into docs/performance.md
# between <!-- lighthouse:begin --> and <!-- lighthouse:end -->. A benchmark, not a test: it fails only if a run fails.
#   bench/lighthouse.sh            # about 5 minutes
#   bench/lighthouse.sh --no-write # print only
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
WRITE=1
[ "${1:-}" = "--no-write" ] && WRITE=0
LIGHTHOUSE=lighthouse@12.2.3   # 13.x needs Node 22; Debian's is 20

work=$(mktemp -d /tmp/accountexit-lighthouse.XXXXXX)
pid=""
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v npx >/dev/null 2>&1 || need+=(npm)
command -v curl >/dev/null 2>&1 || need+=(curl)
fc-list 2>/dev/null | grep -qi wenquanyi || need+=(fonts-wqy-zenhei)
if [ ${#need[@]} -gt 0 ]; then
    echo "Installing ${need[*]} from Debian's packages…"
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "== publish (Release)"
dotnet publish src/AccountExit.Web -c Release -o "$work/publish" -nologo -v quiet -clp:ErrorsOnly >/dev/null

echo "== start the published site (Production, its own database)"
( cd "$work/publish" && exec env ASPNETCORE_ENVIRONMENT=Production \
    "ConnectionStrings__AccountExit=Data Source=$work/site.db" \
    "AccountExit__ContentPath=$repo/content" \
    dotnet AccountExit.Web.dll --urls "http://127.0.0.1:0" >"$work/server.log" 2>&1 ) &
pid=$!
port=""
for _ in $(seq 1 1200); do
    port=$(grep -oE 'Now listening on: http://127\.0\.0\.1:[0-9]+' "$work/server.log" | grep -oE '[0-9]+$' || true)
    [ -n "$port" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")" = 200 ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/server.log"; echo "the site died" >&2; exit 1; }
    sleep 0.1
done
[ -n "$port" ] || { echo "the site gave no address" >&2; exit 1; }
base="http://127.0.0.1:$port"

# One page of each type; each also under /en.
pages=(
    "home|/"
    "guide|/guides/wechat"
    "legal|/legal"
    "search (results)|/search?q=%E5%BE%AE%E4%BF%A1"
    "plan|/plan"
    "letter|/guides/alipay/letter"
    "complaints|/complaints"
    "about|/about"
    "history|/guides/wechat/history"
    "report form|/guides/wechat/report?kind=outdated"
    "404|/no-such-page"
)

score() { # FILE CATEGORY -> 0-100
    node -e 'const r=require(process.argv[1]); const c=r.categories[process.argv[2]]; console.log(c && c.score !== null ? Math.round(c.score*100) : "–")' "$1" "$2"
}

rows=()
lowest=100
echo "== lighthouse ($LIGHTHOUSE, mobile)"
for entry in "${pages[@]}"; do
    name=${entry%%|*}
    path=${entry#*|}
    for lang in zh en; do
        url_path=$path
        if [ "$lang" = en ]; then url_path="/en${path}"; [ "$path" = / ] && url_path=/en; fi
        out="$work/report.json"
        CHROME_PATH=/usr/bin/chromium npx -y "$LIGHTHOUSE" "$base$url_path" --quiet --output=json --output-path="$out" \
            --only-categories=performance,accessibility,best-practices,seo \
            --chrome-flags="--headless --no-sandbox --disable-gpu" $([ "$name" = 404 ] && echo --ignore-status-code) >/dev/null 2>"$work/lighthouse.err" \
            || { cat "$work/lighthouse.err" >&2; echo "lighthouse failed on $url_path" >&2; exit 1; }
        p=$(score "$out" performance); a=$(score "$out" accessibility); b=$(score "$out" best-practices); s=$(score "$out" seo)
        cls=$(node -e 'const r=require(process.argv[1]); console.log(r.audits["cumulative-layout-shift"].numericValue.toFixed(3))' "$out")
        # The audits that cost points (score below 1 in a category that counts them), to see what to fix.
        lost=$(node -e '
            const r = require(process.argv[1]);
            const ids = new Set();
            for (const c of Object.values(r.categories)) for (const ref of c.auditRefs)
                if (ref.weight > 0 && r.audits[ref.id].score !== null && r.audits[ref.id].score < 1) ids.add(ref.id);
            console.log([...ids].join(", "));' "$out")
        row="| $name | \`$url_path\` | $p | $a | $b | $s | $cls | $lost |"
        echo "$row"
        rows+=("$row")
        for v in "$p" "$a" "$b"; do [[ $v =~ ^[0-9]+$ ]] && (( v < lowest )) && lowest=$v; done
    done
done

table=$(
    echo "Measured $(date -u +%Y-%m-%d) with \`bench/lighthouse.sh\` ($LIGHTHOUSE, mobile, Debian's Chromium $(chromium --version 2>/dev/null | grep -oE '[0-9]+(\.[0-9]+)+' | head -1)), against the published site on loopback, load average $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    echo "| page | URL | performance | accessibility | best practices | SEO | CLS | audits below full marks |"
    echo "|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
)
echo
echo "lowest performance / accessibility / best-practices score: $lowest"

if [ "$WRITE" = 1 ]; then
    doc=docs/performance.md
    if ! grep -q '<!-- lighthouse:begin -->' "$doc"; then
        printf '\n## Lighthouse\n\n<!-- lighthouse:begin -->\n<!-- lighthouse:end -->\n' >>"$doc"
    fi
    TABLE="$table" node -e '
        const fs = require("fs");
        const doc = fs.readFileSync(process.argv[1], "utf8");
        const out = doc.replace(/<!-- lighthouse:begin -->[\s\S]*<!-- lighthouse:end -->/,
            "<!-- lighthouse:begin -->\n" + process.env.TABLE + "\n<!-- lighthouse:end -->");
        fs.writeFileSync(process.argv[1], out);' "$doc"
    echo "written to $doc"
fi
