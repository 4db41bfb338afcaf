# Shared by the bench scripts (source it after `cd` to the repository).

# The young generation's budget, as docs/operations.md ("Memory and the garbage collector") advises for production:
# .NET sizes it from the L3 cache the CPU reports, and some virtual machines report the whole host's (260 MB here on
# 2026-12-03), which gave a 130 MB young generation, 350+ MB of memory and 20-30 ms collections under load.
export DOTNET_GCgen0size=${DOTNET_GCgen0size:-0x1000000}
# glibc's malloc arenas at most two, as docs/operations.md advises: SQLite allocates natively from whichever thread-pool
# thread runs a query, and each thread's arena keeps what it freed (2026-12-06: a PostgreSQL server catching up its
# 10,000-guide search replica peaked at 302 MB, 283 MB with this).
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

# install_missing PACKAGE…: installs from Debian's packages, with sudo when not root; nothing when the list is empty.
install_missing() {
    [ $# -gt 0 ] || return 0
    echo "Installing $* from Debian's packages…"
    local sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "$@" >/dev/null
}

# A free loopback port below Linux's ephemeral range (32768+), where wrk's own client ports would collide.
free_port() {
    local p
    for p in $(shuf -i 10000-32000 -n 100); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
    echo "no free port found" >&2; exit 1
}

# install_commands COMMAND…: installs the Debian package of the same name for each command not on PATH (nor in /usr/sbin).
install_commands() {
    local need=() c
    for c in "$@"; do command -v "$c" >/dev/null 2>&1 || [ -x "/usr/sbin/$c" ] || need+=("$c"); done
    install_missing ${need[@]+"${need[@]}"}
}

# start_postgres DIR: a throwaway PostgreSQL cluster in DIR (as the postgres user when run as root; trust on loopback
# only, a free port) holding an empty database "accountexit"; sets PG (its connection string) and PG_PORT. The caller's
# EXIT trap calls stop_postgres. DIR's parent must be traversable by the postgres user.
PG_BIN=${ACCOUNTEXIT_PG_BIN:-/usr/lib/postgresql/15/bin}
as_postgres=()
[ "$(id -u)" -eq 0 ] && as_postgres=(runuser -u postgres --)
PG_DATA=""
start_postgres() {
    local dir=$1
    [ -x "$PG_BIN/initdb" ] || install_missing postgresql
    PG_PORT=$(free_port)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    "${as_postgres[@]}" "$PG_BIN/initdb" -D "$dir/data" -A trust -E UTF8 --locale=C.UTF-8 -U postgres >/dev/null
    "${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
        -o "-p $PG_PORT -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
    PG_DATA="$dir/data"
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres accountexit
    PG="Host=127.0.0.1;Port=$PG_PORT;Database=accountexit;Username=postgres"
}

# stop_postgres: stops the cluster start_postgres started, if any.
stop_postgres() {
    if [ -n "$PG_DATA" ]; then
        "${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true
        PG_DATA=""
    fi
}
