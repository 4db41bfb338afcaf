# Shared by the bench scripts (source it after `cd` to the repository).

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
