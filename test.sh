#!/usr/bin/env bash
# Runs every test: checks content/, then unit, integration (real SQLite, real HTTP) and browser tests (Debian's Chromium).
# On a fresh Debian machine with only the .NET SDK it first installs what the browser tests need.
set -euo pipefail
cd "$(dirname "$0")"

# npx runs the OpenAPI linter (@redocly/cli, Api/OpenApiLintTests).
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "wenquanyi" || ! command -v npx >/dev/null 2>&1; then
    echo "Installing Chromium, a Chinese font and npm for the browser and lint tests…"
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq
    need="chromium fonts-wqy-zenhei"
    command -v npx >/dev/null 2>&1 || need="$need npm"
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq $need >/dev/null
fi

dotnet tool restore >/dev/null
dotnet build AccountExit.sln -c Release -nologo -clp:ErrorsOnly
dotnet run --project src/AccountExit.Web -c Release --no-build --no-launch-profile -- validate-content content
results=$(mktemp -d)
status=0
dotnet test AccountExit.sln -c Release --no-build --nologo --results-directory "$results" --logger "trx;LogFileName=tests.trx" "$@" \
    2>&1 | tee "$results/output.log" || status=$?
# After the whole suite: the passwords the tests sign in with must appear nowhere in what the servers logged.
for secret in "correct horse battery staple" "a long admin passphrase here" "a wrong password used once"; do
    if grep -qF "$secret" "$results/output.log"; then
        echo "A test password appears in the test run's log output: '$secret'"
        status=1
    fi
done
# One plain closing line, whatever the runner printed: "N passed, N failed".
counters=$(grep -o '<Counters [^>]*>' "$results"/tests.trx 2>/dev/null || true)
passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
rm -rf "$results"
exit $status
