# tests/lab/proxies.sh: real proxies on loopback for the end-to-end tests.
#
# Sourced after tests/lib.sh. tinyproxy (HTTP CONNECT) and Dante's danted
# (SOCKS5), both Debian packages, each run in the foreground with a
# configuration of our own under $TEST_TMP, as the unprivileged user
# nobody when we are root (setpriv), on a free loopback port; stopped on
# exit. Every wait is bounded. POSIX sh.
#
# shellcheck disable=SC2034

PX_TINYPROXY=${PX_TINYPROXY:-/usr/bin/tinyproxy}
PX_DANTED=${PX_DANTED:-/usr/sbin/danted}

# _px_as_nobody CMD...: exec CMD as nobody when root, else as ourselves.
# Run it in a background subshell: the exec makes $! the daemon itself,
# so the exit hook's kill reaches it (a function run with & is a
# subshell whose child would survive the kill).
_px_as_nobody() {
	if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
		exec setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
	else
		exec "$@"
	fi
}

# nobody must reach its directory: $TEST_TMP is mode 700 (mktemp -d).
_px_dir() {
	chmod o+x "$TEST_TMP" && mkdir -p "$1" && chmod 777 "$1"
}

# _px_listening PORT: true once something accepts on 127.0.0.1:PORT.
_px_listening() {
	python3 -c 'import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=0.5)
s.close()' "$1" 2>/dev/null
}

# _px_run DIR CMD...: CMD as nobody, logging to $PX_LOG, killed on exit;
# true once PX_PORT accepts (10 s at most).
_px_run() {
	_d=$1; shift
	: >"$PX_LOG" && chmod 666 "$PX_LOG" || return 1
	(_px_as_nobody "$@") </dev/null >"$_d/stdout" 2>&1 &
	_pid=$!
	on_exit "kill $_pid 2>/dev/null; wait $_pid 2>/dev/null"
	wait_for 10 _px_listening "$PX_PORT" && return 0
	sed "s|^|#   $1: |" "$_d/stdout" "$PX_LOG" >&2
	return 1
}

# px_tinyproxy NAME EXTRA-CONFIG: a tinyproxy called NAME whose
# configuration ends with EXTRA-CONFIG (ConnectPort, BasicAuth lines).
# Sets PX_PORT and PX_LOG. Its log (LogLevel Connect) names each CONNECT.
px_tinyproxy() {
	_d=$TEST_TMP/px-$1
	_px_dir "$_d" || return 1
	PX_PORT=$(free_port)
	PX_LOG=$_d/log
	cat >"$_d/conf" <<EOF
Port $PX_PORT
Listen 127.0.0.1
Timeout 15
MaxClients 64
Allow 127.0.0.0/8
DisableViaHeader Yes
LogLevel Connect
LogFile "$PX_LOG"
PidFile "$_d/pid"
$2
EOF
	_px_run "$_d" "$PX_TINYPROXY" -d -c "$_d/conf"
}

# px_danted NAME METHOD EXTRA-RULES: danted called NAME with socksmethod
# METHOD (none, username) and EXTRA-RULES before the rule that passes
# every CONNECT from loopback. Sets PX_PORT and PX_LOG (each CONNECT
# passed or blocked is a line naming the target).
px_danted() {
	_d=$TEST_TMP/px-$1
	_px_dir "$_d" || return 1
	PX_PORT=$(free_port)
	PX_LOG=$_d/log
	cat >"$_d/conf" <<EOF
logoutput: $PX_LOG
internal: 127.0.0.1 port = $PX_PORT
external: 127.0.0.1
clientmethod: none
socksmethod: $2
user.unprivileged: nobody
client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }
$3
socks pass { from: 127.0.0.0/8 to: 0.0.0.0/0
	command: connect
	log: connect error
}
EOF
	_px_run "$_d" "$PX_DANTED" -f "$_d/conf" -p "$_d/pid"
}

# px_cell FILE ADDR PROFILE FIELD...: the cell's fields from a JSON
# snapshot, space separated (None as null); "missing" without the cell.
px_cell() {
	python3 - "$@" <<'EOF'
import ipaddress, json, sys
def norm(a):
    a = str(a).strip("[]")
    try:
        return ipaddress.ip_address(a).compressed
    except ValueError:
        return a
f, addr, prof = sys.argv[1:4]
try:
    d = json.load(open(f))
except Exception as e:
    print("unparsable"); sys.exit(0)
m = [c for c in d.get("cells", []) if norm(c.get("address")) == norm(addr)
     and c.get("profile") == prof]
if len(m) != 1:
    print("missing"); sys.exit(0)
print(" ".join("null" if m[0].get(k) is None else str(m[0].get(k))
               for k in sys.argv[4:]))
EOF
}
