#!/usr/bin/env bash
# Runs every test: checks content/, then unit, integration (real SQLite, real HTTP) and browser tests (Debian's Chromium),
# then the integration tests that touch data a second time on PostgreSQL (a throwaway cluster the tests start themselves).
# On a fresh Debian machine with only the .NET SDK it first installs what the browser and PostgreSQL tests need.
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

if [ ! -x /usr/lib/postgresql/15/bin/initdb ]; then
    echo "Installing PostgreSQL for the tests on PostgreSQL…"
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql >/dev/null
fi

# The tests that read and write the database, run again on PostgreSQL (ACCOUNTEXIT_TEST_DATABASE, see
# tests/AccountExit.Tests/Infrastructure/PostgreSqlCluster.cs): import, reader pages, the editor's save, publish and
# conflicts, reader reports, the APIs and the search query set; and the farm tests (Farm/: several server processes on
# one PostgreSQL database, whatever ACCOUNTEXIT_TEST_DATABASE says), which therefore run in that pass only.
farm_tests="FullyQualifiedName~AccountExit.Tests.Farm."
postgresql_tests="FullyQualifiedName~Content.ImportTests|FullyQualifiedName~Pages.ReaderPagesTests\
|FullyQualifiedName~Editing.EditWorkflowTests|FullyQualifiedName~Editing.ConflictTests\
|FullyQualifiedName~AccountExit.Tests.Reports.|FullyQualifiedName~AccountExit.Tests.Api.\
|FullyQualifiedName~Search.QuerySetTests|FullyQualifiedName~Search.SearchTests|FullyQualifiedName~Search.SearchIndexTests\
|$farm_tests"

dotnet tool restore >/dev/null
dotnet build AccountExit.sln -c Release -nologo -clp:ErrorsOnly
dotnet run --project src/AccountExit.Web -c Release --no-build --no-launch-profile -- validate-content content
results=$(mktemp -d)
status=0
first_pass=("$@")
if [ $# -eq 0 ]; then first_pass=(--filter "${farm_tests/\~/!~}"); fi
dotnet test AccountExit.sln -c Release --no-build --nologo --results-directory "$results" --logger "trx;LogFileName=tests.trx" "${first_pass[@]}" \
    2>&1 | tee "$results/output.log" || status=$?
if [ $# -eq 0 ]; then
    ACCOUNTEXIT_TEST_DATABASE=PostgreSql dotnet test AccountExit.sln -c Release --no-build --nologo --results-directory "$results" \
        --logger "trx;LogFileName=tests-postgresql.trx" --filter "$postgresql_tests" 2>&1 | tee -a "$results/output.log" || status=$?
fi
# After the whole suite: the passwords the tests sign in with must appear nowhere in what the servers logged.
for secret in "correct horse battery staple" "a long admin passphrase here" "a wrong password used once"; do
    if grep -qF "$secret" "$results/output.log"; then
        echo "A test password appears in the test run's log output: '$secret'"
        status=1
    fi
done
# One plain closing line, whatever the runner printed: "N passed, N failed".
counters=$(grep -ho '<Counters [^>]*>' "$results"/tests*.trx 2>/dev/null || true)
passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters" | awk '{ s += $1 } END { print s + 0 }')
failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters" | awk '{ s += $1 } END { print s + 0 }')
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
rm -rf "$results"
exit $status
