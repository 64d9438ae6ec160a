#!/usr/bin/env bash
# Side-by-side HTTP proxy benchmark: multiserver vs HAProxy vs nginx vs the backend itself, over
# plain HTTP, over HTTPS (SCENARIO=https) or as a WebSocket echo (SCENARIO=websocket), or
# multiserver against itself with different algorithms (SCENARIO=algorithms).
#
# Layout (see docs/BENCHMARKS.md and benchmarks/README.md):
#   CPU 0: backend nginx (1 worker, BACKENDS server blocks) + wrk (1 thread); with
#          SCENARIO=websocket: one JVM with the WebSocket echo backend and the load generator
#          (benchmarks/ws-load) on one event loop thread
#   CPU 1: the proxy under test, alone
# Contenders are measured in turn, A B C D, A B C D, ... and every figure is reported
# next to its peers from the same run, because the machines are small and noisy.
#
# Usage: benchmarks/run.sh            (env: ROUNDS DURATION CONNECTIONS SCENARIO ...; see usage())
# Output: a Markdown report on stdout and in benchmarks/results/latest.md; raw wrk output,
#         generated configs and server logs in benchmarks/results/<stamp>/.
# Exit status: 0 all contenders measured and answering correctly; 1 setup error (missing tool,
#              port in use, ...); 3 report written but some contender could not be measured,
#              answered wrongly or stalled.
set -euo pipefail

usage() {
  cat <<'EOF'
benchmarks/run.sh — wrk (or a WebSocket echo load) against multiserver, HAProxy, nginx and the
backend directly.

Environment (all optional):
  ROUNDS=3            rounds; each round measures every contender once, in order
  DURATION=10s        wrk duration per measurement (wrk syntax: 8s, 1m)
  CONNECTIONS=50      wrk connections (keep-alive); WebSocket connections with SCENARIO=websocket
  THREADS=1           wrk threads (not used by SCENARIO=websocket: its generator has one thread)
  WARMUP=30s          discarded wrk run against each multiserver JVM before round 1: the JIT compiles
                      on the same single CPU as the event loop, so it needs ~30 s to reach steady
                      state; the other proxies get a discarded 2s run (fills connection pools)
  SCENARIO=small      small: backend answers 200 "ok\n"; large: a 64 KiB body; cache: "ok\n" with
                      Cache-Control: public, max-age=3600, every proxy caching it (hits);
                      https: "ok\n", the proxies terminate TLS (one EC P-256 certificate made
                        with openssl for the run, used by all; wrk keeps its 50 connections, so
                        this is steady-state encryption, not handshakes); direct stays plain http;
                      websocket: an echo benchmark in messages/s: CONNECTIONS WebSocket
                        connections, each sending a WS_MESSAGE_SIZE-byte text message and waiting
                        for its echo (closed loop); every echo is checked byte for byte;
                      algorithms: "ok\n", BACKENDS=3 and the ms-* contenders, compared with
                      ms-round-robin
  CONTENDERS="multiserver haproxy nginx direct"   subset and order of contenders; with
                      SCENARIO=algorithms: "ms-round-robin ms-least-latency ms-sticky ms-sticky-new
                      ms-least-connections ms-consistent-hash". Known contenders:
                        multiserver, haproxy, nginx, direct (wrk straight to the first backend)
                        ms-round-robin, ms-least-latency, ms-least-connections: --algorithm NAME
                        ms-sticky       --algorithm sticky-session; wrk sends the cookie (sticky.lua)
                        ms-sticky-new   --algorithm sticky-session; no cookie: a Set-Cookie every time
                        ms-consistent-hash  --algorithm consistent-hash --hash-key client
                      every multiserver contender is a JVM of its own, on a port of its own
  BACKENDS=1          backend server blocks (SCENARIO=algorithms: 3) on BACKEND_PORT and up, all in
                      the one backend nginx; every proxy is given all of them
  LOAD_CPU=0 PROXY_CPU=1                          CPUs for backend+wrk and for the proxy
  BACKEND_PORT=18081  first backend port; the others follow it
  MULTISERVER_PORT HAPROXY_PORT NGINX_PORT        default: the three ports after the backends'
                                                  (18082 18083 18084 with BACKENDS=1)
  MS_PORT_BASE        first of the six ms-* ports (in the order above); default: NGINX_PORT + 1
  MULTISERVER_JAR=path (or JAR=path)  run this jar instead of building multiserver-cli/target/*-all.jar
  JAVA_OPTS="..."         extra JVM flags for every multiserver contender
  MULTISERVER_ARGS="..."  extra `balance` flags for every multiserver contender
  STICKY_COOKIE=MSBACKEND the sticky-session cookie's name
  NO_INSTALL=1        never apt-get install missing tools (also implied by CI or non-root)
  KEEP_TMP=1          keep the temporary directory with configs
  TARGET_RATIO=0.8    report whether multiserver/haproxy throughput reaches this
  ALGO_TARGET_RATIO=0.95  report whether each ms-* contender reaches this × ms-round-robin's throughput
  SCENARIO=websocket only:
  WS_MESSAGE_SIZE=64  bytes per text message (32 to 65536)
  WS_WARMUP=1         unmeasured seconds at the start of every measurement, on the open connections
  CONTROL_PORT        the load-side JVM's control port (loopback); default: MS_PORT_BASE + 6
EOF
}
case "${1:-}" in -h|--help) usage; exit 0 ;; "") ;; *) usage >&2; exit 1 ;; esac

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RESULTS_DIR="$ROOT/benchmarks/results"

log()  { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die()  { printf 'benchmarks/run.sh: error: %s\n' "$*" >&2; exit 1; }
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-1}
WARMUP=${WARMUP:-30s}
SCENARIO=${SCENARIO:-small}
case $SCENARIO in
  small|large|https|websocket|cache)
    DEFAULT_CONTENDERS="multiserver haproxy nginx direct"; DEFAULT_BACKENDS=1 ;;
  algorithms)
    DEFAULT_CONTENDERS="ms-round-robin ms-least-latency ms-sticky ms-sticky-new ms-least-connections ms-consistent-hash"
    DEFAULT_BACKENDS=3 ;;
  *) die "SCENARIO must be 'small', 'large', 'https', 'websocket', 'cache' or 'algorithms', got '$SCENARIO'" ;;
esac
WS=""; [[ $SCENARIO != websocket ]] || WS=1   # the WebSocket echo load instead of wrk
TLS=""; [[ $SCENARIO != https ]] || TLS=1     # the proxies terminate TLS
CACHE=""; [[ $SCENARIO != cache ]] || CACHE=1 # the proxies cache the backend's answer and serve hits
CONTENDERS=${CONTENDERS:-$DEFAULT_CONTENDERS}
BACKENDS=${BACKENDS:-$DEFAULT_BACKENDS}
LOAD_CPU=${LOAD_CPU:-0}
PROXY_CPU=${PROXY_CPU:-1}
BACKEND_PORT=${BACKEND_PORT:-18081}
[[ $BACKENDS =~ ^[1-9][0-9]*$ ]] && (( BACKENDS <= 64 )) || die "BACKENDS must be an integer from 1 to 64, got '$BACKENDS'"
[[ $BACKEND_PORT =~ ^[1-9][0-9]*$ ]] || die "BACKEND_PORT must be a port number, got '$BACKEND_PORT'"
# The proxies' ports follow the backends' (18082 18083 18084 with one backend, as always).
MULTISERVER_PORT=${MULTISERVER_PORT:-$((BACKEND_PORT + BACKENDS))}
HAPROXY_PORT=${HAPROXY_PORT:-$((BACKEND_PORT + BACKENDS + 1))}
NGINX_PORT=${NGINX_PORT:-$((BACKEND_PORT + BACKENDS + 2))}
MS_PORT_BASE=${MS_PORT_BASE:-$((NGINX_PORT + 1))}
CONTROL_PORT=${CONTROL_PORT:-$((MS_PORT_BASE + 6))}
WS_MESSAGE_SIZE=${WS_MESSAGE_SIZE:-64}
WS_WARMUP=${WS_WARMUP:-1}
TARGET_RATIO=${TARGET_RATIO:-0.8}
ALGO_TARGET_RATIO=${ALGO_TARGET_RATIO:-0.95}
JAVA_OPTS=${JAVA_OPTS:-}
MULTISERVER_ARGS=${MULTISERVER_ARGS:-}
MULTISERVER_JAR=${MULTISERVER_JAR:-${JAR:-}}   # JAR=path: a shorter spelling of MULTISERVER_JAR
STICKY_COOKIE=${STICKY_COOKIE:-MSBACKEND}
HOST=127.0.0.1   # loopback only, always

# ---------------------------------------------------------------- arguments
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer, got '$ROUNDS'"
[[ $CONNECTIONS =~ ^[1-9][0-9]*$ ]] || die "CONNECTIONS must be a positive integer, got '$CONNECTIONS'"
[[ $THREADS =~ ^[1-9][0-9]*$ ]] || die "THREADS must be a positive integer, got '$THREADS'"
(( CONNECTIONS >= THREADS )) || die "CONNECTIONS ($CONNECTIONS) must be >= THREADS ($THREADS)"
for v in MULTISERVER_PORT HAPROXY_PORT NGINX_PORT MS_PORT_BASE CONTROL_PORT; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a port number, got '${!v}'"
done
(( BACKEND_PORT + BACKENDS - 1 <= 65535 && MS_PORT_BASE + 5 <= 65535 )) || die "ports beyond 65535"
[[ $STICKY_COOKIE =~ ^[A-Za-z0-9_.-]+$ ]] || die "STICKY_COOKIE must be a cookie name, got '$STICKY_COOKIE'"
[[ $WS_MESSAGE_SIZE =~ ^[1-9][0-9]*$ ]] && (( WS_MESSAGE_SIZE >= 32 && WS_MESSAGE_SIZE <= 65536 )) \
  || die "WS_MESSAGE_SIZE must be an integer from 32 to 65536, got '$WS_MESSAGE_SIZE'"
[[ $WS_WARMUP =~ ^[0-9]+$ ]] || die "WS_WARMUP must be a whole number of seconds, got '$WS_WARMUP'"

# wrk duration ("10s", "1m", "90") -> seconds, used to bound every wrk run with timeout(1)
DURATION_S=$(to_seconds "$DURATION")
WARMUP_S=$(to_seconds "$WARMUP")

BACKEND_PORTS=()
for ((i = 0; i < BACKENDS; i++)); do BACKEND_PORTS+=($((BACKEND_PORT + i))); done
declare -A PORT=([multiserver]=$MULTISERVER_PORT [haproxy]=$HAPROXY_PORT [nginx]=$NGINX_PORT [direct]=$BACKEND_PORT)
# Multiserver contenders that differ only by algorithm (one JVM each), in port order, and the
# `balance` flags that make the difference.
MS_CONTENDERS=(ms-round-robin ms-least-latency ms-sticky ms-sticky-new ms-least-connections ms-consistent-hash)
declare -A MS_ALGO=(
  [multiserver]=""                                   # as always: the CLI's default algorithm
  [ms-round-robin]="--algorithm round-robin"
  [ms-least-latency]="--algorithm least-latency"
  [ms-sticky]="--algorithm sticky-session"           # wrk sends the cookie: the pinned path
  [ms-sticky-new]="--algorithm sticky-session"       # no cookie: every answer sets one
  [ms-least-connections]="--algorithm least-connections"
  [ms-consistent-hash]="--algorithm consistent-hash --hash-key client"
)
for ((i = 0; i < ${#MS_CONTENDERS[@]}; i++)); do PORT[${MS_CONTENDERS[$i]}]=$((MS_PORT_BASE + i)); done
is_ms() { [[ $1 == multiserver || $1 == ms-* ]]; }   # a multiserver JVM
# url_of NAME -> where wrk and the checks go: https through the proxies with SCENARIO=https (direct
# stays plain http: the ceiling without any TLS); ws_url_of NAME -> the WebSocket echo's URL.
url_of() {
  if [[ -n $TLS && $1 != direct ]]; then echo "https://$HOST:${PORT[$1]}/"; else echo "http://$HOST:${PORT[$1]}/"; fi
}
ws_url_of() { echo "ws://$HOST:${PORT[$1]}/ws"; }
read -r -a CONTENDER_LIST <<<"$CONTENDERS"
(( ${#CONTENDER_LIST[@]} > 0 )) || die "CONTENDERS is empty"
for c in "${CONTENDER_LIST[@]}"; do
  [[ -n ${PORT[$c]:-} ]] || die "unknown contender '$c' (known: multiserver haproxy nginx direct ${MS_CONTENDERS[*]})"
done
[[ -z $(printf '%s\n' "${CONTENDER_LIST[@]}" | sort | uniq -d) ]] || die "CONTENDERS names a contender twice: $CONTENDERS"
for c in "${CONTENDER_LIST[@]}"; do
  [[ -z $WS || $c != ms-sticky ]] \
    || die "ms-sticky is not available with SCENARIO=websocket: the WebSocket load sends no cookie (ms-sticky-new is)"
done
has_contender() { local c; for c in "${CONTENDER_LIST[@]}"; do [[ $c == "$1" ]] && return 0; done; return 1; }
has_ms_contender() { local c; for c in "${CONTENDER_LIST[@]}"; do is_ms "$c" && return 0; done; return 1; }

# ---------------------------------------------------------------- tools
# Missing tools: installed with apt-get when running as root outside CI (NO_INSTALL unset);
# otherwise the script stops with the install command.
declare -A PKG=([haproxy]=haproxy [nginx]=nginx [wrk]=wrk [curl]=curl [taskset]=util-linux
                [timeout]=coreutils [ss]=iproute2 [pgrep]=procps [java]=openjdk-17-jre-headless
                [javac]=openjdk-17-jdk-headless [openssl]=openssl)
needed=(curl taskset timeout pgrep)
if [[ -n $WS ]]; then
  needed+=(java javac)                        # the load side (benchmarks/ws-load) is the backend and the load
  has_contender nginx && needed+=(nginx)
else
  needed+=(nginx wrk)
  has_ms_contender && needed+=(java)
fi
has_contender haproxy && needed+=(haproxy)
[[ -z $TLS ]] || needed+=(openssl)
export PATH="$PATH:/usr/sbin:/sbin"   # haproxy and nginx live in /usr/sbin on Debian
missing_pkgs=()
for t in "${needed[@]}"; do
  command -v "$t" >/dev/null 2>&1 || missing_pkgs+=("${PKG[$t]}")
done
if (( ${#missing_pkgs[@]} > 0 )); then
  hint="apt-get install -y ${missing_pkgs[*]}"
  if [[ $(id -u) == 0 && -z ${CI:-} && -z ${NO_INSTALL:-} ]] && command -v apt-get >/dev/null; then
    log "installing missing packages: ${missing_pkgs[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing_pkgs[@]}" >&2 \
      || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing_pkgs[@]}" >&2; } \
      || die "could not install: ${missing_pkgs[*]}"
    # Debian starts the packaged services on :80; we installed them, so stop them again
    # (they are not used: the harness runs its own instances from its own configs).
    for svc in nginx haproxy; do
      [[ " ${missing_pkgs[*]} " == *" $svc "* ]] || continue
      systemctl stop "$svc" 2>/dev/null || service "$svc" stop 2>/dev/null || true
    done
  else
    die "missing tools; install them with: $hint   (Debian; the script does this itself when run as root with CI and NO_INSTALL unset)"
  fi
fi

nproc_all=$(nproc --all)
for cpu in "$LOAD_CPU" "$PROXY_CPU"; do
  taskset -c "$cpu" true 2>/dev/null || die "cannot pin to CPU $cpu (this machine has $nproc_all CPUs; set LOAD_CPU/PROXY_CPU)"
done
[[ $LOAD_CPU != "$PROXY_CPU" ]] || log "WARNING: LOAD_CPU == PROXY_CPU; proxy and load generator share a CPU"

# Foreign servers are not in our way (we use our own high ports) but they add noise.
for p in nginx haproxy redis-server memcached mongod java; do
  if pids=$(pgrep -x "$p" 2>/dev/null); then
    hint="stop it for cleaner numbers"
    case $p in nginx|haproxy) hint+=" (systemctl stop $p || service $p stop)" ;; esac
    log "WARNING: '$p' already running (pid $(echo $pids)) — it competes for the CPUs; $hint"
  fi
done

port_in_use() {
  local port=$1
  if command -v ss >/dev/null; then
    [[ -n $(ss -Htln "sport = :$port" 2>/dev/null) ]]
  else
    (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null
  fi
}
ports_needed=("${BACKEND_PORTS[@]}")
[[ -z $WS ]] || ports_needed+=("$CONTROL_PORT")
for c in "${CONTENDER_LIST[@]}"; do [[ $c == direct ]] || ports_needed+=("${PORT[$c]}"); done
for p in "${ports_needed[@]}"; do
  (( p >= 1024 )) || die "port $p is privileged; use high ports"
  if port_in_use "$p"; then
    owner=$(ss -Htlnp "sport = :$p" 2>/dev/null | sed -n 's/.*users:((\(.*\))).*/\1/p' | head -1)
    die "port $p on $HOST is already in use${owner:+ by $owner}; stop that process or choose another port (BACKEND_PORT, MULTISERVER_PORT, HAPROXY_PORT, NGINX_PORT, MS_PORT_BASE, CONTROL_PORT)"
  fi
done
[[ $(printf '%s\n' "${ports_needed[@]}" | sort | uniq -d) == "" ]] || die "ports must be distinct: ${ports_needed[*]}"

# ---------------------------------------------------------------- processes and cleanup
TMP=$(mktemp -d "${TMPDIR:-/tmp}/multiserver-bench.XXXXXX")
chmod 755 "$TMP"        # nginx workers run as 'nobody' when started by root
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RAW="$RESULTS_DIR/$STAMP"
mkdir -p "$RAW"
declare -A SERVER_PID=()
WRK_PID=""
CURL_TLS=()   # SCENARIO=https: (--cacert <the run's certificate>), for every curl that may speak https

cleanup() {
  local status=$? name pid i
  trap - EXIT INT TERM
  [[ -n $WRK_PID ]] && kill -TERM "$WRK_PID" 2>/dev/null || true
  for name in "${!SERVER_PID[@]}"; do
    kill -TERM "${SERVER_PID[$name]}" 2>/dev/null || true
  done
  for name in "${!SERVER_PID[@]}"; do
    pid=${SERVER_PID[$name]}
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name (pid $pid) ignored SIGTERM; sending SIGKILL to it and its children"
      pkill -KILL -P "$pid" 2>/dev/null || true   # e.g. nginx workers of this master only
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  wait 2>/dev/null || true
  if [[ -n ${KEEP_TMP:-} ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

# start NAME LOGFILE CMD... : start CMD pinned to PROXY/LOAD CPU by the caller, in background
start() {
  local name=$1 logf=$2; shift 2
  "$@" >"$logf" 2>&1 &
  SERVER_PID[$name]=$!
  log "started $name (pid $!): $*"
}

# wait_up NAME URL SECONDS : curl until it answers (any HTTP status), bounded; fail if dead
wait_up() {
  local name=$1 url=$2 limit=$3 deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    if ! kill -0 "${SERVER_PID[$name]}" 2>/dev/null; then
      log "$name exited during start-up; last lines of its log:"
      tail -n 20 "$RAW/$name.log" >&2 || true
      return 1
    fi
    curl -s "${CURL_TLS[@]}" -o /dev/null --max-time 1 "$url" && return 0
    sleep 0.2
  done
  log "$name did not answer $url within ${limit}s; last lines of its log:"
  tail -n 20 "$RAW/$name.log" >&2 || true
  return 1
}

# check_body NAME URL [CURL_ARG...] : the answer must be 200 with exactly the backend's body, on 5
# fresh connections and for 3 requests on one keep-alive connection (the curl arguments, e.g. a
# Cookie header, go with every request). Sets CHECK_MSG on failure.
CHECK_MSG=""
curl_note() {
  case $1 in
    0) ;;
    28) echo ", then no more data until the 5 s limit (curl timeout)" ;;
    7) echo " (connection refused)" ;;
    52) echo " (connection closed without a response)" ;;
    56) echo " (connection reset while receiving)" ;;
    35) echo " (TLS handshake failed)" ;;
    60) echo " (the server's certificate is not the run's certificate)" ;;
    *) echo " (curl exit status $1)" ;;
  esac
}
check_body() {
  local name=$1 url=$2 i code rc f n
  shift 2
  local extra=("$@")
  local body="$TMP/check-$name"
  for ((i = 1; i <= 5; i++)); do
    rm -f "$body.0"; touch "$body.0"
    rc=0; code=$(curl -s "${CURL_TLS[@]}" --max-time 5 "${extra[@]}" -o "$body.0" -w '%{http_code}' "$url") || rc=$?
    if [[ $rc != 0 || $code != 200 ]] || ! cmp -s "$body.0" "$TMP/expected.body"; then
      [[ $code != 000 ]] || code="none"
      CHECK_MSG="fresh connection $i: HTTP status $code, $(wc -c <"$body.0") of $(wc -c <"$TMP/expected.body") body bytes$(curl_note "$rc")"
      return 1
    fi
  done
  rm -f "$body.1" "$body.2" "$body.3"; touch "$body.1" "$body.2" "$body.3"
  rc=0; code=$(curl -s "${CURL_TLS[@]}" --max-time 5 "${extra[@]}" -o "$body.1" -o "$body.2" -o "$body.3" -w '%{http_code} ' "$url" "$url" "$url") || rc=$?
  for n in 1 2 3; do
    f="$body.$n"
    if [[ $(echo $code | cut -d' ' -f$n) != 200 ]] || ! cmp -s "$f" "$TMP/expected.body"; then
      CHECK_MSG="request $n of 3 on one keep-alive connection: HTTP status $(echo $code | cut -d' ' -f$n | sed 's/^000$/none/;s/^$/none/'), $(wc -c <"$f") of $(wc -c <"$TMP/expected.body") body bytes$(curl_note "$rc")"
      return 1
    fi
  done
  CHECK_MSG=""
}

# ws_check NAME : WsCheck (benchmarks/ws-load) through NAME, run by the load side: on 5 fresh WebSocket
# connections, text, UTF-8, 256 KiB binary and fragmented messages, a ping and a close must come back
# exactly as sent. Sets CHECK_MSG on failure.
ws_check() {
  local out rc=0
  out=$(curl -s --max-time 120 -G --data-urlencode "url=$(ws_url_of "$1")" --data connections=5 \
        "http://$HOST:$CONTROL_PORT/check" 2>&1) || rc=$?
  if (( rc != 0 )); then
    CHECK_MSG="the load side did not answer the check request$(curl_note "$rc")"; return 1
  fi
  [[ $(tail -n 1 <<<"$out") != "exit 0" ]] || { CHECK_MSG=""; return 0; }
  CHECK_MSG="WebSocket check: $(head -n 1 <<<"$out")"
  return 1
}

# check_answers NAME : the scenario's correctness check through NAME (curl_args first)
check_answers() {
  if [[ -n $WS ]]; then ws_check "$1"; else check_body "$1" "$(url_of "$1")" "${CURL_ARGS[@]}"; fi
}

WORKER_CONNECTIONS=$((CONNECTIONS * 4 + 1024))
nginx_common() {   # shared top of both nginx configs; $1 = name
  cat <<EOF
worker_processes 1;
daemon off;
master_process on;
pid $TMP/$1.pid;
error_log $RAW/$1-error.log warn;
worker_rlimit_nofile $((WORKER_CONNECTIONS * 2 + 64));
events { worker_connections $WORKER_CONNECTIONS; }
EOF
}
nginx_http_common() {
  cat <<EOF
  access_log off;
  default_type text/plain;
  client_body_temp_path $TMP/$1-client_body;
  proxy_temp_path $TMP/$1-proxy;
  fastcgi_temp_path $TMP/$1-fastcgi;
  uwsgi_temp_path $TMP/$1-uwsgi;
  scgi_temp_path $TMP/$1-scgi;
  # steady-state keep-alive: do not recycle connections every 1000 requests
  keepalive_requests 1000000000;
  keepalive_timeout 75s;
EOF
}

# ---------------------------------------------------------------- TLS (SCENARIO=https)
# One certificate for the run, used by every proxy: EC P-256 (what a current deployment would pick,
# and cheap to sign with), for localhost and 127.0.0.1, so that curl checks it (--cacert) instead
# of ignoring it: a proxy that serves another certificate fails its checks.
TLS_DESC=""
# Like for like: multiserver (the JDK's TLS, Netty's list of suites) picks TLS_AES_128_GCM_SHA256 for
# an OpenSSL client, HAProxy and nginx would pick OpenSSL's first, TLS_AES_256_GCM_SHA384 (four more
# AES rounds per block). They are given multiserver's order, so that every proxy does the same
# cipher work; the report shows what each one negotiated.
TLS13_SUITES="TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"
if [[ -n $TLS ]]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc -days 2 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:$HOST" -keyout "$TMP/key.pem" -out "$TMP/cert.pem" \
    >"$RAW/openssl-req.log" 2>&1 || { cat "$RAW/openssl-req.log" >&2; die "openssl could not make the certificate"; }
  cat "$TMP/cert.pem" "$TMP/key.pem" >"$TMP/haproxy.pem"     # HAProxy wants both in one file
  chmod 600 "$TMP/key.pem" "$TMP/haproxy.pem"
  cp "$TMP/cert.pem" "$RAW/"
  CURL_TLS=(--cacert "$TMP/cert.pem")
  TLS_DESC="the proxies terminate TLS with one EC P-256 certificate made for the run (openssl), TLS 1.2 and 1.3 allowed (HAProxy and nginx prefer the TLS 1.3 suites in multiserver's order: $TLS13_SUITES), and speak plain http to the backend; \`direct\` is plain http (no TLS anywhere); wrk keeps its $CONNECTIONS connections for the whole run, so this measures steady-state encryption, not handshakes ($CONNECTIONS per measurement)"
fi

# ---------------------------------------------------------------- WebSocket load side (SCENARIO=websocket)
# benchmarks/ws-load, compiled for the run against the Netty jars the project itself uses (from the
# local Maven repository): one JVM on LOAD_CPU is both the echo backend and the load generator.
WS_SIDE_CMD=() WS_CP="" NETTY_VERSION=""
if [[ -n $WS ]]; then
  m2=${MAVEN_REPO:-$HOME/.m2/repository}
  NETTY_VERSION=$(sed -n 's:.*<netty.version>\(.*\)</netty.version>.*:\1:p' "$ROOT/pom.xml" | head -n 1)
  [[ -n $NETTY_VERSION ]] || die "cannot find <netty.version> in $ROOT/pom.xml"
  ws_jars=()
  for a in common buffer transport transport-native-unix-common transport-classes-epoll resolver codec-base codec-http handler; do
    jar="$m2/io/netty/netty-$a/$NETTY_VERSION/netty-$a-$NETTY_VERSION.jar"
    [[ -f $jar ]] || die "$jar is missing (the WebSocket load side is compiled against the project's Netty); a build fetches it: mvn -B -q -Dmaven.test.skip=true package -pl multiserver-cli -am"
    ws_jars+=("$jar")
  done
  case $(uname -m) in x86_64) arch=x86_64 ;; aarch64) arch=aarch_64 ;; *) arch=none ;; esac
  jar="$m2/io/netty/netty-transport-native-epoll/$NETTY_VERSION/netty-transport-native-epoll-$NETTY_VERSION-linux-$arch.jar"
  if [[ -f $jar ]]; then ws_jars+=("$jar"); else log "WARNING: no $jar: the WebSocket load side uses NIO, not epoll"; fi
  WS_CP=$(IFS=:; echo "${ws_jars[*]}")
  mapfile -t ws_sources < <(find "$ROOT/benchmarks/ws-load/src" -name '*.java' | sort)
  (( ${#ws_sources[@]} > 0 )) || die "no sources in $ROOT/benchmarks/ws-load/src"
  mkdir -p "$TMP/ws-load"
  javac -nowarn -d "$TMP/ws-load" -cp "$WS_CP" "${ws_sources[@]}" >"$RAW/ws-load-javac.log" 2>&1 \
    || { tail -n 20 "$RAW/ws-load-javac.log" >&2; die "compiling benchmarks/ws-load failed (see results/$STAMP/ws-load-javac.log)"; }
  # -Xms = -Xmx: no heap resizing during a round; the round-trip samples of a round fit easily.
  WS_SIDE_CMD=(taskset -c "$LOAD_CPU" java -XX:ActiveProcessorCount=1 -XX:+UseSerialGC -Xms256m -Xmx256m
               -cp "$TMP/ws-load:$WS_CP" dev.multiserver.benchmarks.ws.WsLoadSide "$HOST" "$CONTROL_PORT" "${BACKEND_PORTS[@]}")
fi

# ---------------------------------------------------------------- backend
if [[ -n $CACHE ]]; then
  printf 'ok\n' >"$TMP/expected.body"
  backend_location='add_header Cache-Control "public, max-age=3600" always; return 200 "ok\n";'
  scenario_desc='backend answers `200 "ok\n"` with `Cache-Control: public, max-age=3600`, and every proxy caches it: after the first request, each one answers from its cache (multiserver `--cache --cache-size 256MiB`, nginx `proxy_cache` on a 256 MiB zone, HAProxy `cache` of 256 MiB); `direct` is the backend itself'
elif [[ $SCENARIO != large ]]; then   # small, https, websocket (the echo backend's GET / answer), algorithms
  printf 'ok\n' >"$TMP/expected.body"
  backend_location='return 200 "ok\n";'
  scenario_desc='backend answers `200 "ok\n"` (3-byte body)'
else
  mkdir -p "$TMP/www"
  head -c 65536 /dev/zero | tr '\0' 'x' >"$TMP/www/body.bin"
  chmod 644 "$TMP/www/body.bin"
  cp "$TMP/www/body.bin" "$TMP/expected.body"
  backend_location="root $TMP/www; try_files /body.bin =404;"
  scenario_desc='backend answers 200 with a static 64 KiB body (sendfile)'
fi

# One nginx, one worker, one server block per backend port. With several backends each also
# says which one it is (X-Backend: 1, 2, …), so that the checks can see where a request went; with
# one backend the answers stay exactly as they always were.
backend_servers() {
  local i
  for ((i = 0; i < BACKENDS; i++)); do
    echo "  server {"
    echo "    listen $HOST:${BACKEND_PORTS[$i]};"
    (( BACKENDS == 1 )) || echo "    add_header X-Backend $((i + 1));"
    [[ -z $CACHE ]] || echo "    access_log $TMP/backend-access-$i.log;"
    echo "    location / { $backend_location }"
    echo "  }"
  done
}
{
  nginx_common backend
  cat <<EOF
http {
$(nginx_http_common backend)
  sendfile on;
  tcp_nopush on;
$(backend_servers)
}
EOF
} >"$TMP/backend.conf"

# The proxy nginx's scenario-specific lines: TLS on its listener (https); for WebSockets, the
# Upgrade/Connection headers passed on (nginx's documented recipe; "" keeps upstream keep-alive
# for plain requests) and no 60 s read timeout on a quiet WebSocket.
nginx_listen_extra() { [[ -z $TLS ]] || printf ' ssl'; }
nginx_server_extra() {
  [[ -z $TLS ]] || cat <<EOF
    ssl_certificate $TMP/cert.pem;
    ssl_certificate_key $TMP/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers on;
    ssl_conf_command Ciphersuites $TLS13_SUITES;
EOF
}
nginx_http_extra() {
  [[ -z $CACHE ]] || echo "  proxy_cache_path $TMP/nginx-cache levels=1:2 keys_zone=bench:10m max_size=256m inactive=60m use_temp_path=off;"
  [[ -z $WS ]] || cat <<'EOF'
  map $http_upgrade $connection_upgrade {
    default upgrade;
    ''      "";
  }
EOF
}
nginx_location_extra() {
  if [[ -n $WS ]]; then
    cat <<'EOF'
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
EOF
  else
    echo '      proxy_set_header Connection "";'
  fi
  [[ -z $CACHE ]] || cat <<'EOF'
      proxy_cache bench;
      add_header X-Cache $upstream_cache_status always;
EOF
}
{
  nginx_common nginx
  cat <<EOF
http {
$(nginx_http_common nginx)
$(nginx_http_extra)
  upstream backend {
$(for p in "${BACKEND_PORTS[@]}"; do echo "    server $HOST:$p;"; done)
    keepalive 32;
    keepalive_requests 1000000000;
  }
  server {
    listen $HOST:$NGINX_PORT$(nginx_listen_extra);
$(nginx_server_extra)
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
$(nginx_location_extra)
      # like-for-like with multiserver, which adds X-Forwarded-* by default
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$http_host;
      proxy_max_temp_file_size 0;   # stream, never spool bodies to disk
    }
  }
}
EOF
} >"$TMP/nginx.conf"

# HAProxy: TLS on the frontend (https; TLS 1.2 and up, as multiserver and nginx allow, and the TLS 1.3
# suite multiserver picks, see TLS13_SUITES); WebSockets work in mode http as they are, once the 101
# has passed, "timeout tunnel" replaces client/server.
haproxy_bind_extra=""; haproxy_global_extra=""; haproxy_defaults_extra=""
if [[ -n $TLS ]]; then
  haproxy_bind_extra=" ssl crt $TMP/haproxy.pem alpn http/1.1"
  haproxy_global_extra="    ssl-default-bind-options ssl-min-ver TLSv1.2
    ssl-default-bind-ciphersuites $TLS13_SUITES"
fi
[[ -z $WS ]] || haproxy_defaults_extra="    timeout tunnel 1h"
cat >"$TMP/haproxy.cfg" <<EOF
global
    nbthread 1
    maxconn $WORKER_CONNECTIONS
$haproxy_global_extra

defaults
    mode http
    option http-keep-alive
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    timeout http-keep-alive 30s
    timeout http-request 10s
$haproxy_defaults_extra

$([[ -z $CACHE ]] || printf 'cache bench\n    total-max-size 256\n    max-age 3600\n')
frontend fe
    bind $HOST:$HAPROXY_PORT$haproxy_bind_extra
    default_backend be

backend be
    http-reuse always
$([[ -z $CACHE ]] || printf '    http-request cache-use bench\n    http-response cache-store bench\n')
    # like-for-like with multiserver, which adds X-Forwarded-* by default
    option forwardfor
    http-request set-header X-Forwarded-Proto $([[ -n $TLS ]] && echo https || echo http)
    http-request set-header X-Forwarded-Host %[req.hdr(host)]
$(if (( BACKENDS == 1 )); then echo "    server backend $HOST:$BACKEND_PORT"
  else for ((i = 0; i < BACKENDS; i++)); do echo "    server backend$((i + 1)) $HOST:${BACKEND_PORTS[$i]}"; done; fi)
EOF
cp "$TMP/backend.conf" "$TMP/nginx.conf" "$TMP/haproxy.cfg" "$RAW/"

[[ -n $WS ]] || nginx -t -q -e "$RAW/nginx-test.log" -p "$TMP/" -c "$TMP/backend.conf" || die "backend nginx config rejected (see above)"

ulimit -n 65536 2>/dev/null || true
# How busy is the machine right now? (The load average lags: it still counts a previous run.)
read -r b0 _ t0 < <(awk '$1 == "cpu" { print $2 + $3 + $4 + $9, 0, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; exit }' /proc/stat)
sleep 2
read -r b1 _ t1 < <(awk '$1 == "cpu" { print $2 + $3 + $4 + $9, 0, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; exit }' /proc/stat)
BUSY_AT_START=$(awk -v b=$((b1 - b0)) -v t=$((t1 - t0)) -v n="$(nproc --all)" 'BEGIN { printf "%.0f", (t > 0 ? 100 * n * b / t : 0) }')
LOAD_AT_START="CPU busy ${BUSY_AT_START}% of one CPU in the 2 s before start, load average $(cut -d' ' -f1-3 /proc/loadavg)"
if (( BUSY_AT_START > 10 )); then
  log "WARNING: other processes used ${BUSY_AT_START}% of a CPU just before the start; expect noisy figures (see 'other CPU %')"
fi
log "results and raw output: $RAW"
if [[ -n $WS ]]; then
  start backend "$RAW/backend.log" "${WS_SIDE_CMD[@]}"
  wait_up backend "http://$HOST:$BACKEND_PORT/" 30 || die "the WebSocket load side (echo backend) did not start"
  for p in "${BACKEND_PORTS[@]}"; do
    check_body backend "http://$HOST:$p/" || die "the echo backend answers GET / wrongly on port $p: $CHECK_MSG"
  done
  ws_check direct || die "the echo backend fails the WebSocket check without any proxy: $CHECK_MSG"
else
  start backend "$RAW/backend.log" taskset -c "$LOAD_CPU" nginx -e "$RAW/backend-error.log" -p "$TMP/" -c "$TMP/backend.conf"
  wait_up backend "http://$HOST:$BACKEND_PORT/" 15 || die "backend nginx did not start"
  for p in "${BACKEND_PORTS[@]}"; do
    check_body backend "http://$HOST:$p/" || die "backend nginx answers wrongly on port $p: $CHECK_MSG"
  done
fi

# cache_note NAME (SCENARIO=cache): three more requests through the contender, and how many of them reached the
# backend (its access log): 0 when the contender answers from its cache, as it must for its figures to mean hits.
cache_note() {
  local name=$1 before after header
  before=$(cat "$TMP"/backend-access-*.log 2>/dev/null | wc -l)
  header=$(curl -s "${CURL_TLS[@]}" --max-time 5 -D - -o /dev/null "$(url_of "$name")" | tr -d '\r' \
    | awk -F': ' 'tolower($1) == "x-cache" { print $2 }')
  curl -s "${CURL_TLS[@]}" --max-time 5 -o /dev/null -o /dev/null "$(url_of "$name")" "$(url_of "$name")" || true
  after=$(cat "$TMP"/backend-access-*.log 2>/dev/null | wc -l)
  if (( after - before == 0 )); then
    echo "3 requests after the checks reached the backend 0 times (answered from the cache${header:+, X-Cache: $header})"
  else
    echo "**$((after - before)) of 3 requests after the checks reached the backend: not answering from a cache**${header:+ (X-Cache: $header)}"
  fi
}

# ---------------------------------------------------------------- contenders
declare -A UNAVAILABLE=()   # contender -> reason
declare -A CHECK_BEFORE=([direct]=ok) CHECK_AFTER=([direct]=ok)   # correctness checks around the load
declare -A CMDLINE=()
declare -A PROBLEM=()       # contender -> why its figures would not measure what its name says (short)
declare -A NOTES=()         # contender -> remarks for the report
JAR="" JAR_RUN="" JAR_ERROR="" JAR_RESOLVED=""
NO_ADMIN=()                 # (--no-admin) when the CLI knows the flag

# resolve_jar: once for all multiserver contenders — find (or build) the jar, copy it, and find out
# whether the CLI knows --no-admin. Fails with JAR_ERROR set when there is no jar to run.
resolve_jar() {
  if [[ -n $JAR_RESOLVED ]]; then [[ -z $JAR_ERROR ]]; return; fi
  JAR_RESOLVED=1
  if [[ -n ${MULTISERVER_JAR:-} ]]; then
    JAR=$MULTISERVER_JAR
  else
    if [[ -x $ROOT/multiserver ]]; then
      log "building the CLI jar if needed: ./multiserver --help"
      if ! (cd "$ROOT" && ./multiserver --help) >"$RAW/multiserver-build.log" 2>&1; then
        tail -n 15 "$RAW/multiserver-build.log" >&2
        # never measure a stale jar in place of the sources
        JAR_ERROR="'./multiserver --help' (which builds the jar) failed; see results/$STAMP/multiserver-build.log"
        return 1
      fi
    else
      log "WARNING: $ROOT/multiserver (the launcher that builds the jar) does not exist"
    fi
    JAR=$(ls -t "$ROOT"/multiserver-cli/target/multiserver-cli-*-all.jar 2>/dev/null | head -1 || true)
  fi
  if [[ -z $JAR || ! -f $JAR ]]; then
    if [[ -n ${MULTISERVER_JAR:-} ]]; then JAR_ERROR="MULTISERVER_JAR=$MULTISERVER_JAR does not exist"
    else JAR_ERROR="CLI jar not found (multiserver-cli/target/multiserver-cli-*-all.jar; build it with ./multiserver --help or mvn -B -DskipTests package)"; fi
    return 1
  fi
  # Run a private copy: the jar may be rebuilt (by ./multiserver, mvn) while we measure, and a
  # JVM whose jar is replaced under it fails with NoClassDefFoundError.
  JAR_RUN="$TMP/$(basename "$JAR")"
  cp "$JAR" "$JAR_RUN"
  # Several balancer JVMs run at once, so none may start the admin server (by default on one fixed
  # port). Older CLIs have no admin server and no --no-admin flag: then it is not passed.
  local help
  help=$(java -jar "$JAR_RUN" balance --help 2>&1 || true)
  if grep -Eq -- '--no-admin|--\[no-\]admin' <<<"$help" \
     || java -jar "$JAR_RUN" balance --check --no-admin --backend "http://$HOST:$BACKEND_PORT" >/dev/null 2>&1; then
    NO_ADMIN=(--no-admin)
  else
    log "this CLI has no --no-admin flag: the multiserver contenders run without it (an older CLI, without an admin server)"
  fi
}

# start_ms NAME : one balancer JVM for the multiserver contender NAME, with all the backends;
# contenders differ only by their --algorithm flags (MS_ALGO).
start_ms() {
  local name=$1 p first
  resolve_jar || { UNAVAILABLE[$name]=$JAR_ERROR; return 1; }
  local backends=() tls=()
  for p in "${BACKEND_PORTS[@]}"; do backends+=(--backend "http://$HOST:$p"); done
  [[ -z $TLS ]] || tls=(--tls-cert "$TMP/cert.pem" --tls-key "$TMP/key.pem")
  # shellcheck disable=SC2206
  local cmd=(taskset -c "$PROXY_CPU" java -XX:ActiveProcessorCount=1 -Xms256m -Xmx256m $JAVA_OPTS
             -jar "$JAR_RUN" balance --port "${PORT[$name]}" --bind "$HOST"
             "${backends[@]}" --io-threads 1 "${NO_ADMIN[@]}" "${tls[@]}" ${MS_ALGO[$name]}
             ${CACHE:+--cache --cache-size 256MiB} $MULTISERVER_ARGS)
  CMDLINE[$name]="${cmd[*]}"
  CMDLINE[$name]=${CMDLINE[$name]//"$JAR_RUN"/${JAR#"$ROOT"/}}
  start "$name" "$RAW/$name.log" "${cmd[@]}"
  if ! wait_up "$name" "$(url_of "$name")" 60; then
    first=""
    # the JVM exited: quote the line that says why (a usage error, an exception), if any
    kill -0 "${SERVER_PID[$name]}" 2>/dev/null \
      || first=$(grep -m1 -E 'Exception|Error|error|Invalid|Unknown|Missing' "$RAW/$name.log" 2>/dev/null || true)
    UNAVAILABLE[$name]="did not start${first:+: $first} (see results/$STAMP/$name.log)"
    return 1
  fi
}
start_multiserver() { start_ms multiserver; }

start_haproxy() {
  if ! haproxy -c -q -f "$TMP/haproxy.cfg" >"$RAW/haproxy-check.log" 2>&1; then
    cat "$RAW/haproxy-check.log" >&2
    UNAVAILABLE[haproxy]="config rejected by haproxy -c"; return 1
  fi
  local cmd=(taskset -c "$PROXY_CPU" haproxy -db -f "$TMP/haproxy.cfg")
  CMDLINE[haproxy]="${cmd[*]}"
  start haproxy "$RAW/haproxy.log" "${cmd[@]}"
  wait_up haproxy "$(url_of haproxy)" 15 || { UNAVAILABLE[haproxy]="did not start"; return 1; }
}

start_nginx() {
  if ! nginx -t -q -e "$RAW/nginx-test.log" -p "$TMP/" -c "$TMP/nginx.conf" 2>"$RAW/nginx-check.log"; then
    cat "$RAW/nginx-check.log" >&2
    UNAVAILABLE[nginx]="config rejected by nginx -t"; return 1
  fi
  local cmd=(taskset -c "$PROXY_CPU" nginx -e "$RAW/nginx-error.log" -p "$TMP/" -c "$TMP/nginx.conf")
  CMDLINE[nginx]="${cmd[*]}"
  start nginx "$RAW/nginx.log" "${cmd[@]}"
  wait_up nginx "$(url_of nginx)" 15 || { UNAVAILABLE[nginx]="did not start"; return 1; }
}

# ---------------------------------------------------------------- sticky sessions
# wrk keeps no cookies. ms-sticky stands for returning clients: wrk sends one fixed cookie
# (benchmarks/sticky.lua), the one that ms-sticky set on the answer to a first request. ms-sticky-new
# stands for new clients: no cookie, so every answer sets one.
STICKY_PAIR=""            # NAME=value that wrk sends to ms-sticky
cp "$ROOT/benchmarks/sticky.lua" "$TMP/sticky.lua"
! has_contender ms-sticky || cp "$TMP/sticky.lua" "$RAW/"

# response_headers URL [CURL_ARG...] -> the header section of the answer (CR stripped), on a fresh connection
response_headers() {
  local url=$1; shift
  curl -s "${CURL_TLS[@]}" --max-time 5 "$@" -D - -o /dev/null "$url" 2>/dev/null | tr -d '\r' || true
}
# sticky_value HEADERS -> the value that a Set-Cookie in HEADERS gives STICKY_COOKIE, or nothing
sticky_value() {
  awk -v n="$STICKY_COOKIE" 'tolower($1) == "set-cookie:" {
      sub(/^[^:]*:[ \t]*/, ""); split($0, a, ";"); sub(/[ \t]+$/, "", a[1])
      if (index(a[1], n "=") == 1) { print substr(a[1], length(n) + 2); exit } }' <<<"$1"
}
# backend_tag HEADERS -> which backend answered (its X-Backend; only with BACKENDS > 1), or "?"
backend_tag() {
  awk 'tolower($1) == "x-backend:" { print $2; found = 1; exit } END { if (!found) print "?" }' <<<"$1"
}

# curl_args NAME -> CURL_ARGS: what every check request to NAME carries
curl_args() {
  CURL_ARGS=()
  [[ $1 != ms-sticky || -z $STICKY_PAIR ]] || CURL_ARGS=(-H "Cookie: $STICKY_PAIR")
}

# sticky_setup NAME : ms-sticky: get the cookie, and check that requests carrying it stay on one
# backend; ms-sticky-new: check that answers set the cookie. Otherwise these contenders would not
# measure the path they are named after: PROBLEM (or, without a cookie to send, UNAVAILABLE).
sticky_setup() {
  local name=$1 url hdrs value first i tags="" resets=0 tag
  url=$(url_of "$name")
  hdrs=$(response_headers "$url")
  value=$(sticky_value "$hdrs")
  if [[ $name == ms-sticky-new ]]; then
    if [[ -z $value ]]; then
      PROBLEM[$name]="no Set-Cookie"
      NOTES[$name]+="answers set no $STICKY_COOKIE cookie, so the new-client path was not measured (STICKY_COOKIE?); "
      log "WARNING: $name: the answer sets no $STICKY_COOKIE cookie"
    else
      NOTES[$name]+="$([[ -n $WS ]] && echo "the load" || echo wrk) sends no cookie: every answer carries a Set-Cookie ($STICKY_COOKIE=$value on the first); "
    fi
    return 0
  fi
  if [[ -z $value ]]; then
    UNAVAILABLE[$name]="the answer to a request without cookie set no $STICKY_COOKIE cookie, so there is none for wrk to send back (headers: $(grep -i '^set-cookie:' <<<"$hdrs" | tr '\n' ' ' || true))"
    return 1
  fi
  STICKY_PAIR="$STICKY_COOKIE=$value"
  first=$(backend_tag "$hdrs")
  for ((i = 1; i <= 6; i++)); do
    hdrs=$(response_headers "$url" -H "Cookie: $STICKY_PAIR")
    tag=$(backend_tag "$hdrs"); tags+="$tag "
    [[ -z $(sticky_value "$hdrs") ]] || resets=$((resets + 1))
  done
  tags=${tags% }
  NOTES[$name]+="wrk sends \`Cookie: $STICKY_PAIR\` (benchmarks/sticky.lua), set by the answer to a first request (backend $first); "
  NOTES[$name]+="6 requests with it, one connection each, reached backends $tags and got $resets Set-Cookie in return; "
  if (( BACKENDS > 1 )) && [[ -n $(tr ' ' '\n' <<<"$tags" | grep -vx -- "$first" || true) ]]; then
    PROBLEM[$name]="not pinned"
    log "WARNING: $name: requests with the cookie reached backends $tags, not only $first"
  fi
  log "$name: wrk will send Cookie: $STICKY_PAIR"
}

# spread NAME -> the backends that answered 2 × BACKENDS requests, one connection each (BACKENDS > 1)
spread() {
  local name=$1 i tags=""
  curl_args "$name"
  for ((i = 0; i < 2 * BACKENDS; i++)); do
    tags+="$(backend_tag "$(response_headers "$(url_of "$name")" "${CURL_ARGS[@]}")") "
  done
  echo "${tags% }"
}

# tls_note NAME -> what OpenSSL's client (the library wrk uses, with the same defaults) negotiates
# with NAME, e.g. "TLSv1.3 TLS_AES_256_GCM_SHA384 (X25519), certificate verified; TLS 1.2 only: …"
kv_field() { awk -F': ' -v k="$1" '$1 == k { print $2; exit }'; }   # "Key: value" lines -> value
tls_note() {
  local out12 out13
  out13=$(timeout 10 openssl s_client -brief -connect "$HOST:${PORT[$1]}" -servername localhost \
            -CAfile "$TMP/cert.pem" </dev/null 2>&1 || true)
  out12=$(timeout 10 openssl s_client -brief -tls1_2 -connect "$HOST:${PORT[$1]}" -servername localhost \
            -CAfile "$TMP/cert.pem" </dev/null 2>&1 || true)
  printf 'TLS as OpenSSL negotiates it: %s %s (%s), certificate %s; with TLS 1.2 only: %s' \
    "$(kv_field 'Protocol version' <<<"$out13")" "$(kv_field Ciphersuite <<<"$out13")" \
    "$(kv_field 'Server Temp Key' <<<"$out13" | cut -d, -f1)" \
    "$( [[ $(kv_field Verification <<<"$out13") == OK ]] && echo verified || echo "NOT verified ($(kv_field 'Verification error' <<<"$out13"))")" \
    "$(kv_field Ciphersuite <<<"$out12" | sed 's/^$/refused/')"
}

if [[ -n $WS ]]; then CMDLINE[direct]="(no proxy: the load generator -> the echo backend on port $BACKEND_PORT)"
elif [[ -n $TLS ]]; then CMDLINE[direct]="(no proxy: wrk -> backend on port $BACKEND_PORT, plain http)"
else CMDLINE[direct]="(no proxy: wrk -> backend on port $BACKEND_PORT)"; fi
for c in "${CONTENDER_LIST[@]}"; do
  [[ $c == direct ]] && continue
  started=0
  if is_ms "$c"; then start_ms "$c" && started=1; else "start_$c" && started=1; fi
  if (( started )) && [[ $c == ms-sticky || $c == ms-sticky-new ]]; then sticky_setup "$c" || started=0; fi
  if (( started )); then
    # A wrong answer does not stop the measurement (the figures are still informative),
    # but it is reported next to them and makes the exit status 3.
    curl_args "$c"
    if check_answers "$c"; then CHECK_BEFORE[$c]=ok
    else CHECK_BEFORE[$c]="FAILED: $CHECK_MSG"; log "WARNING: $c answers wrongly before the load: $CHECK_MSG"; fi
    [[ $c != ms-consistent-hash ]] \
      || NOTES[$c]+="all of the load's connections come from $HOST, so --hash-key client sends them all to one backend; "
    [[ -z $TLS ]] || NOTES[$c]+="$(tls_note "$c"); "
    [[ -z $CACHE ]] || NOTES[$c]+="$(cache_note "$c"); "
    if (( BACKENDS > 1 )); then
      NOTES[$c]+="backends that answered $((2 * BACKENDS)) requests (one connection each) before the load: $(spread "$c"); "
    fi
  else
    log "WARNING: contender $c unavailable: ${UNAVAILABLE[$c]:-failed to start}"
  fi
done

# ---------------------------------------------------------------- CPU accounting
# Every measurement also records, from /proc, how much CPU the proxy used (is it the
# bottleneck?) and how much CPU went to anything but the measured path — other processes,
# idle contenders, hypervisor steal (was the run disturbed?). Both in % of one CPU over the wall time.
# "ticks" are USER_HZ jiffies; the /proc/stat softirq/irq columns (loopback networking)
# are left out of both figures.
cpu_snapshot() {   # -> "busy steal total" summed over all CPUs
  awk '$1 == "cpu" { print $2 + $3 + $4, $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; exit }' /proc/stat
}
proc_ticks() {     # PID... -> utime+stime of these processes (all threads) and their children
  local pid kids all=()
  for pid in "$@"; do
    all+=("$pid")
    kids=$(pgrep -P "$pid" 2>/dev/null || true)
    [[ -z $kids ]] || all+=($kids)
  done
  for pid in "${all[@]}"; do cat "/proc/$pid/stat" 2>/dev/null || true; done \
    | awk '{ sub(/^.*\) /, ""); t += $12 + $13 } END { print t + 0 }'
}
path_ticks() {     # the measured path: backend (+ workers), the proxy PID given (if any), and this
                   # script's reaped children (wrk, curl). Idle contenders are NOT included: if the
                   # JVM compiles or collects while another proxy is measured, that is disturbance.
  local self
  self=$(awk '{ sub(/^.*\) /, ""); print $14 + $15 }' "/proc/$$/stat")
  echo $(( $(proc_ticks "${SERVER_PID[backend]}" "$@") + self ))
}
NCPU_ALL=$(nproc --all)

# ---------------------------------------------------------------- measuring
WRK_CMD_TEMPLATE="taskset -c $LOAD_CPU wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency $([[ -n $TLS ]] && echo https || echo http)://$HOST:PORT/"

# run_load OUTFILE DURATION DURATION_S CONTENDER [WS_WARMUP] : one bounded measurement, wrk's or (with
# SCENARIO=websocket) the load side's; returns wrk's status, or curl's for the load side's answer
run_load() {
  local out=$1 dur=$2 dur_s=$3 c=$4 warm=${5:-$WS_WARMUP} status=0
  if [[ -n $WS ]]; then
    # The load side opens CONNECTIONS WebSockets (up to 15 s for the handshakes), runs warm seconds
    # unmeasured and dur_s measured, waits up to 5 s for the last echoes and 5 s for the closes.
    timeout --foreground -k 5 $((dur_s + warm + 60)) \
      curl -s --max-time $((dur_s + warm + 50)) -G --data-urlencode "url=$(ws_url_of "$c")" \
        --data "connections=$CONNECTIONS" --data "size=$WS_MESSAGE_SIZE" --data "warmup=$warm" \
        --data "duration=$dur_s" "http://$HOST:$CONTROL_PORT/run" \
      >"$out" 2>&1 &
    WRK_PID=$!
    wait "$WRK_PID" || status=$?
    WRK_PID=""
    return "$status"
  fi
  local script=() script_args=()
  if [[ $c == ms-sticky ]]; then script=(-s "$TMP/sticky.lua"); script_args=(-- "$STICKY_PAIR"); fi
  timeout --foreground -k 5 $((dur_s + 30)) \
    taskset -c "$LOAD_CPU" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$dur" --latency "${script[@]}" \
      "$(url_of "$c")" "${script_args[@]}" \
    >"$out" 2>&1 &
  WRK_PID=$!
  wait "$WRK_PID" || status=$?
  WRK_PID=""
  return "$status"
}


# parse_ws FILE -> "msg_per_s p50_ms p99_ms errors mismatches unanswered messages" from the load side's
# answer (or fails)
parse_ws() {
  awk '$1 == "exit" { have_exit = 1 } { v[$1] = $2 }
    END {
      if (!have_exit || !("messages_per_s" in v)) exit 1
      printf "%s %s %s %d %d %d %d\n", v["messages_per_s"], v["p50_ms"], v["p99_ms"], v["errors"], v["mismatches"], v["unanswered"], v["messages"]
    }' "$1"
}

declare -A RPS=() P99=() PCPU=() OCPU=() ERRS=() SOCK=() NON2XX=() BPR=() FAILED=() STALLS=()
declare -A LCPU=()          # CPU of the load side: wrk or the WebSocket load JVM, and the backend
declare -A PUS=()           # the proxy's CPU time per request (or message), in µs
declare -A P50=() MISMATCH=() WS_FIRST_PROBLEM=()   # SCENARIO=websocket
# wrk never counts a request whose answer does not arrive (no error, no latency sample), so
# connections that hang would go unnoticed; below this many completed requests per connection
# per second, a round is flagged as "stalled" (a loopback proxy does hundreds to thousands).
STALL_FLOOR=10
measurable() { [[ -z ${UNAVAILABLE[$1]:-} && -z ${FAILED[$1]:-} ]]; }

if [[ -n $WS ]]; then
  # The load side is a JVM too: let the JIT compile its generator and echo paths before anything counts.
  log "warm-up of the load side itself: 10s straight to the echo backend (discarded)"
  run_load "$RAW/warmup-load-side.txt" 10s 10 direct 0 || log "WARNING: warm-up of the load side failed"
fi
for c in "${CONTENDER_LIST[@]}"; do
  measurable "$c" || continue
  if is_ms "$c"; then w=$WARMUP; ws=$WARMUP_S; else w=2s; ws=2; fi
  log "warm-up $c: $([[ -n $WS ]] && echo "WebSocket echo load" || echo wrk) ${w} (discarded)"
  run_load "$RAW/warmup-$c.txt" "$w" "$ws" "$c" 0 || log "WARNING: warm-up of $c: the load exited with an error"
done

for ((r = 1; r <= ROUNDS; r++)); do
  for c in "${CONTENDER_LIST[@]}"; do
    measurable "$c" || continue
    if [[ $c != direct ]] && ! kill -0 "${SERVER_PID[$c]}" 2>/dev/null; then
      FAILED[$c]="process exited before round $r (see results/$STAMP/$c.log)"; log "ERROR: $c: ${FAILED[$c]}"; continue
    fi
    out="$RAW/round$r-$c.txt"
    log "round $r/$ROUNDS: $c (port ${PORT[$c]}, ${DURATION})"
    read -r b_busy b_steal b_total <<<"$(cpu_snapshot)"
    proxy_pid=(); [[ $c == direct ]] || proxy_pid=("${SERVER_PID[$c]}")
    b_ours=$(path_ticks "${proxy_pid[@]}")
    b_proxy=0; [[ $c == direct ]] || b_proxy=$(proc_ticks "${proxy_pid[@]}")
    wrk_ok=1; run_load "$out" "$DURATION" "$DURATION_S" "$c" || wrk_ok=0
    read -r a_busy a_steal a_total <<<"$(cpu_snapshot)"
    a_ours=$(path_ticks "${proxy_pid[@]}")
    a_proxy=0; [[ $c == direct ]] || a_proxy=$(proc_ticks "${proxy_pid[@]}")
    read -r proxy_cpu other_cpu load_cpu < <(awk -v n="$NCPU_ALL" -v wall=$((a_total - b_total)) \
      -v busy=$((a_busy - b_busy)) -v steal=$((a_steal - b_steal)) -v ours=$((a_ours - b_ours)) \
      -v proxy=$((a_proxy - b_proxy)) 'BEGIN {
        w = wall / n; if (w <= 0) w = 1
        other = busy - ours + steal; if (other < 0) other = 0
        load = ours - proxy; if (load < 0) load = 0
        printf "%.0f %.0f %.0f\n", 100 * proxy / w, 100 * other / w, 100 * load / w }')
    if (( ! wrk_ok )); then
      log "ERROR: the load against $c failed in round $r:"; sed 's/^/    /' "$out" >&2
      FAILED[$c]="$([[ -n $WS ]] && echo "the load side" || echo wrk) failed in round $r (see results/$STAMP/round$r-$c.txt)"; continue
    fi
    if [[ -n $WS ]]; then
      if ! parsed=$(parse_ws "$out"); then
        log "ERROR: could not parse the load side's answer for $c in round $r:"; sed 's/^/    /' "$out" >&2
        FAILED[$c]="unparsable load side answer in round $r"; continue
      fi
      read -r rps p50 p99 sock mism unans reqs <<<"$parsed"
      # errors: connections that failed or were closed during the load, and echoes that never came
      errs=$((sock + unans)); non2xx=0; bpr=0
      P50[$c]+="$p50 "; MISMATCH[$c]=$(( ${MISMATCH[$c]:-0} + mism ))
      if (( errs + mism > 0 )) && [[ -z ${WS_FIRST_PROBLEM[$c]:-} ]]; then
        WS_FIRST_PROBLEM[$c]="round $r: $(awk '$1 == "first_problem" { $1 = ""; sub(/^ /, ""); print; exit }' "$out")"
      fi
      if (( reqs < CONNECTIONS * DURATION_S * STALL_FLOOR )); then
        STALLS[$c]+="round $r: $reqs echoes on $CONNECTIONS connections in $DURATION; "
        log "WARNING: $c completed only $reqs echoes on $CONNECTIONS connections in $DURATION — connections stalled?"
      fi
      RPS[$c]+="$rps "; P99[$c]+="$p99 "; PCPU[$c]+="$proxy_cpu "; OCPU[$c]+="$other_cpu "; LCPU[$c]+="$load_cpu "
    PUS[$c]+="$(awk -v p="$proxy_cpu" -v r="$rps" 'BEGIN { printf "%.2f", (r > 0 ? p * 10000 / r : 0) }') "
      ERRS[$c]=$(( ${ERRS[$c]:-0} + errs )); SOCK[$c]=$(( ${SOCK[$c]:-0} + sock ))
      log "    $rps msg/s, p50 ${p50} ms, p99 ${p99} ms, errors $errs, wrong echoes $mism, proxy CPU ${proxy_cpu}%, load CPU ${load_cpu}%, other CPU ${other_cpu}%"
      continue
    fi
    if ! parsed=$(parse_wrk "$out"); then
      log "ERROR: could not parse wrk output for $c in round $r:"; sed 's/^/    /' "$out" >&2
      FAILED[$c]="unparsable wrk output in round $r"; continue
    fi
    read -r rps p99 errs sock non2xx bpr reqs <<<"$parsed"
    if (( reqs < CONNECTIONS * DURATION_S * STALL_FLOOR )); then
      STALLS[$c]+="round $r: $reqs requests on $CONNECTIONS connections in $DURATION; "
      log "WARNING: $c completed only $reqs requests on $CONNECTIONS connections in $DURATION — connections stalled?"
    fi
    RPS[$c]+="$rps "; P99[$c]+="$p99 "; PCPU[$c]+="$proxy_cpu "; OCPU[$c]+="$other_cpu "; LCPU[$c]+="$load_cpu "
    PUS[$c]+="$(awk -v p="$proxy_cpu" -v r="$rps" 'BEGIN { printf "%.2f", (r > 0 ? p * 10000 / r : 0) }') "
    ERRS[$c]=$(( ${ERRS[$c]:-0} + errs )); SOCK[$c]=$(( ${SOCK[$c]:-0} + sock ))
    NON2XX[$c]=$(( ${NON2XX[$c]:-0} + non2xx )); BPR[$c]=$bpr
    log "    $rps req/s, p99 ${p99} ms, errors $errs (socket $sock, non-2xx $non2xx), proxy CPU ${proxy_cpu}%, load CPU ${load_cpu}%, other CPU ${other_cpu}%"
  done
done

# A WebSocket contender that sent back a wrong echo, or broke connections, has not earned its msg/s.
if [[ -n $WS ]]; then
  for c in "${CONTENDER_LIST[@]}"; do
    problems=()
    (( ${MISMATCH[$c]:-0} == 0 )) || problems+=("${MISMATCH[$c]} wrong echoes")
    (( ${ERRS[$c]:-0} == 0 )) || problems+=("broken connections")
    (( ${#problems[@]} == 0 )) || PROBLEM[$c]=$(IFS=,; echo "${problems[*]}" | sed 's/,/, /g')
    [[ -z ${WS_FIRST_PROBLEM[$c]:-} ]] || NOTES[$c]+="first problem the load side saw (${WS_FIRST_PROBLEM[$c]}); "
  done
fi

for c in "${CONTENDER_LIST[@]}"; do
  [[ $c == direct || -z ${CHECK_BEFORE[$c]:-} ]] && continue
  curl_args "$c"
  if ! kill -0 "${SERVER_PID[$c]}" 2>/dev/null; then CHECK_AFTER[$c]="FAILED: process gone"
  elif check_answers "$c"; then CHECK_AFTER[$c]=ok
  else CHECK_AFTER[$c]="FAILED: $CHECK_MSG"; log "WARNING: $c answers wrongly after the load: $CHECK_MSG"; fi
done

# ---------------------------------------------------------------- report

declare -A MED_RPS=() MED_P99=() MED_P50=() MED_PUS=()
for c in "${CONTENDER_LIST[@]}"; do
  [[ -n ${RPS[$c]:-} ]] || continue
  MED_RPS[$c]=$(median <<<"${RPS[$c]}")
  MED_P99[$c]=$(median <<<"${P99[$c]}")
  [[ $c == direct ]] || MED_PUS[$c]=$(median <<<"${PUS[$c]}")
  [[ -z ${P50[$c]:-} ]] || MED_P50[$c]=$(median <<<"${P50[$c]}")
done

java_version=$(java -version 2>&1 | head -1 || true)
wrk_version=$(wrk -v 2>&1 | head -1 | awk '{print $1, $2}' || true)
cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
[[ -n $cpu_model ]] || cpu_model=$(lscpu 2>/dev/null | awk -F': +' '/Model name/ { print $2; exit }' || true)
git_rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "no commit yet")
[[ -z $(git -C "$ROOT" status --porcelain 2>/dev/null | head -1) ]] || git_rev+=" (working tree has uncommitted changes)"
invocation="ROUNDS=$ROUNDS DURATION=$DURATION CONNECTIONS=$CONNECTIONS THREADS=$THREADS WARMUP=$WARMUP SCENARIO=$SCENARIO"
[[ $CONTENDERS == "$DEFAULT_CONTENDERS" ]] || invocation+=" CONTENDERS=\"$CONTENDERS\""
[[ $BACKENDS == "$DEFAULT_BACKENDS" ]] || invocation+=" BACKENDS=$BACKENDS"
[[ -z $WS || $WS_MESSAGE_SIZE == 64 ]] || invocation+=" WS_MESSAGE_SIZE=$WS_MESSAGE_SIZE"
[[ -z $WS || $WS_WARMUP == 1 ]] || invocation+=" WS_WARMUP=$WS_WARMUP"
[[ -z $JAVA_OPTS ]] || invocation+=" JAVA_OPTS=\"$JAVA_OPTS\""
[[ -z $MULTISERVER_ARGS ]] || invocation+=" MULTISERVER_ARGS=\"$MULTISERVER_ARGS\""
invocation+=" benchmarks/run.sh"
if [[ -z $JAR || ! -f $JAR ]]; then jar_desc="from git $git_rev"
elif [[ -n ${MULTISERVER_JAR:-} ]]; then   # maybe another tree's: this tree's commit says nothing about it
  jar_desc="$JAR (built $(date -u -r "$JAR" '+%Y-%m-%d %H:%M UTC'), given by MULTISERVER_JAR/JAR; the harness from git $git_rev)"
else jar_desc="$(basename "$JAR") (built $(date -u -r "$JAR" '+%Y-%m-%d %H:%M UTC')) from git $git_rev"; fi
cli_note=""
if [[ -n $JAR_RUN ]]; then
  if (( ${#NO_ADMIN[@]} )); then cli_note="; run with --no-admin"; else cli_note="; a CLI without --no-admin, run without it"; fi
fi

# per_round_ratios A B -> "0.97, 1.01, 0.99": A's req/s over B's, round by round (when both have every round)
per_round_ratios() {
  local a=(${RPS[$1]:-}) b=(${RPS[$2]:-}) i out=()
  (( ${#a[@]} == ROUNDS && ${#b[@]} == ROUNDS )) || { echo "—"; return; }
  for ((i = 0; i < ROUNDS; i++)); do out+=("$(ratio "${a[$i]}" "${b[$i]}")"); done
  local IFS=,; echo "${out[*]}" | sed 's/,/, /g'
}

# The multiserver contenders against ms-round-robin: what each algorithm costs.
algorithm_report() {
  local c base=ms-round-robin tr flags verdicts=() v unit=req
  [[ -z $WS ]] || unit=msg
  echo "| contender | algorithm flags | $unit/s (median) | p99 ms (median) | throughput / $base | per round | p99 / $base |"
  echo "|---|---|---:|---:|---:|---|---:|"
  for c in "${CONTENDER_LIST[@]}"; do
    is_ms "$c" || continue
    flags=${MS_ALGO[$c]:-}; [[ -n $flags ]] || flags="(default)"
    [[ $c != ms-sticky ]] || flags+=", with cookie"
    [[ $c != ms-sticky-new ]] || flags+=", no cookie"
    if [[ -n ${MED_RPS[$c]:-} ]]; then
      echo "| $c | \`$flags\` | $(fmt "${MED_RPS[$c]}" 0) | $(fmt "${MED_P99[$c]}" 2) | $(ratio "${MED_RPS[$c]}" "${MED_RPS[$base]:-}") | $(per_round_ratios "$c" "$base") | $(ratio "${MED_P99[$c]}" "${MED_P99[$base]:-}") |"
    else
      echo "| $c | \`$flags\` | n/a | n/a | n/a | — | n/a |"
    fi
  done
  echo
  for c in ms-least-latency ms-sticky ms-sticky-new; do
    has_contender "$c" || continue
    tr=$(ratio "${MED_RPS[$c]:-}" "${MED_RPS[$base]:-}")
    if [[ $tr == n/a ]]; then v="not measured"
    elif [[ $(answers "$c") != ok || $(answers "$base") != ok ]]; then v="**not met** ($tr, but answers: $c $(answers "$c"), $base $(answers "$base"))"
    elif awk -v r="$tr" -v t="$ALGO_TARGET_RATIO" 'BEGIN { exit !(r >= t) }'; then v="met ($tr)"
    else v="**not met** ($tr)"; fi
    verdicts+=("$c $v")
  done
  if (( ${#verdicts[@]} > 0 )); then
    echo "Target: least-latency and sticky sessions ≥ $ALGO_TARGET_RATIO × round-robin's throughput —$(printf ' %s;' "${verdicts[@]}" | sed 's/;$//')."
    echo "Per round: each contender's $unit/s over ms-round-robin's in the same round, seconds apart; their spread is this"
    echo "run's noise, and a median ratio within that spread of the target does not settle it (run more ROUNDS)."
    echo
  fi
}

report() {
  echo "## Proxy benchmark — scenario \`$SCENARIO\`"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- machine: $nproc_all CPUs ($(nproc) usable), ${cpu_model:-unknown CPU}, Linux $(uname -r); before start: $LOAD_AT_START"
  local tools="$wrk_version"
  [[ -z $WS ]] || tools="load side: benchmarks/ws-load on Netty $NETTY_VERSION"
  [[ -z $TLS ]] || tools+="; $(openssl version 2>/dev/null | cut -d' ' -f1-2)"
  echo "- versions: $(haproxy -v 2>&1 | head -1 | sed 's/ - https.*//'); $(nginx -v 2>&1 | head -1); $java_version; $tools; multiserver $jar_desc$cli_note"
  echo "- command: \`$invocation\`"
  if [[ -n $WS ]]; then
    echo "- load: one JVM on CPU $LOAD_CPU (benchmarks/ws-load \`WsLoadSide\`, \`-XX:ActiveProcessorCount=1\`, one event loop thread) is both the WebSocket echo backend and the load generator: $CONNECTIONS connections to \`ws://$HOST:PORT/ws\`, each sending a $WS_MESSAGE_SIZE-byte text message and waiting for its echo before sending the next (closed loop); per measurement ${WS_WARMUP}s unmeasured on the open connections, then $DURATION measured; every echo compared byte for byte with what was sent; the proxy under test alone on CPU $PROXY_CPU"
  else
    echo "- load: \`${WRK_CMD_TEMPLATE}\` (keep-alive)$(has_contender ms-sticky && echo "; for ms-sticky also \`-s benchmarks/sticky.lua … -- '$STICKY_COOKIE=<id>'\`"); $scenario_desc; backend nginx (1 worker) and wrk on CPU $LOAD_CPU, the proxy under test alone on CPU $PROXY_CPU"
  fi
  [[ -z $TLS ]] || echo "- TLS: $TLS_DESC"
  if (( BACKENDS > 1 )); then
    echo "- backends: $BACKENDS server blocks of the one backend nginx, ports ${BACKEND_PORTS[0]}–${BACKEND_PORTS[-1]}, each adding \`X-Backend: <n>\`; every proxy is given all $BACKENDS, \`direct\` goes to the first"
  fi
  echo "- rounds: $ROUNDS × (${CONTENDER_LIST[*]}), $DURATION each; warm-up (discarded): $WARMUP for each multiserver JVM, 2s for the others$([[ -z $WS ]] || echo ", after 10s for the load side's own JIT")"
  echo
  local c rounds_rps rounds_p99 e pc pus
  if [[ -n $WS ]]; then
    echo "| contender | msg/s (median) | p50 ms (median) | p99 ms (median) | msg/s per round | p99 ms per round | errors | answers | proxy CPU % | proxy µs/msg | load CPU % | other CPU % |"
    echo "|---|---:|---:|---:|---|---|---:|---|---:|---:|---:|---:|"
  else
    echo "| contender | req/s (median) | p99 ms (median) | req/s per round | p99 ms per round | errors | answers | bytes/resp | proxy CPU % | proxy µs/req | load CPU % | other CPU % |"
    echo "|---|---:|---:|---|---|---:|---|---:|---:|---:|---:|---:|"
  fi
  for c in "${CONTENDER_LIST[@]}"; do
    if [[ -n ${MED_RPS[$c]:-} ]]; then
      rounds_rps=$(for v in ${RPS[$c]}; do fmt "$v" 0; echo -n " "; done | sed 's/ $//; s/ /, /g')
      rounds_p99=$(for v in ${P99[$c]}; do fmt "$v" 2; echo -n " "; done | sed 's/ $//; s/ /, /g')
      e=${ERRS[$c]}
      pc=$(fmt "$(median <<<"${PCPU[$c]}")" 0); pus=$(fmt "${MED_PUS[$c]:-0}" 1)
      [[ $c != direct ]] || { pc="—"; pus="—"; }
      if [[ -n $WS ]]; then
        (( e == 0 )) || e="**$e**"
        echo "| $c | $(fmt "${MED_RPS[$c]}" 0) | $(fmt "${MED_P50[$c]}" 2) | $(fmt "${MED_P99[$c]}" 2) | $rounds_rps | $rounds_p99 | $e | $(answers "$c") | $pc | $pus | $(fmt "$(median <<<"${LCPU[$c]}")" 0) | $(fmt "$(median <<<"${OCPU[$c]}")" 0) |"
      else
        (( e == 0 )) || e="**$e** (socket ${SOCK[$c]}, non-2xx ${NON2XX[$c]})"
        echo "| $c | $(fmt "${MED_RPS[$c]}" 0) | $(fmt "${MED_P99[$c]}" 2) | $rounds_rps | $rounds_p99 | $e | $(answers "$c") | $(fmt "${BPR[$c]}" 0) | $pc | $pus | $(fmt "$(median <<<"${LCPU[$c]}")" 0) | $(fmt "$(median <<<"${OCPU[$c]}")" 0) |"
      fi
    elif [[ -n $WS ]]; then
      echo "| $c | n/a | n/a | n/a | — | — | — | $(answers "$c") | — | — | — | — |"
    else
      echo "| $c | n/a | n/a | — | — | — | $(answers "$c") | — | — | — | — | — |"
    fi
  done
  echo
  local peer
  if has_contender multiserver || ! has_contender ms-round-robin; then
    if [[ -n $WS ]]; then
      echo "| ratio | throughput (higher is better) | p50 latency (lower is better) | p99 latency (lower is better) | proxy CPU per message (lower is better) |"
      echo "|---|---:|---:|---:|---:|"
      has_contender multiserver || echo "| (multiserver not among CONTENDERS) | n/a | n/a | n/a | n/a |"
    else
      echo "| ratio | throughput (higher is better) | p99 latency (lower is better) |"
      echo "|---|---:|---:|"
      has_contender multiserver || echo "| (multiserver not among CONTENDERS) | n/a | n/a |"
    fi
    for peer in haproxy nginx direct; do
      has_contender multiserver && has_contender "$peer" || continue
      if [[ -n $WS ]]; then
        echo "| multiserver / $peer | $(ratio "${MED_RPS[multiserver]:-}" "${MED_RPS[$peer]:-}") | $(ratio "${MED_P50[multiserver]:-}" "${MED_P50[$peer]:-}") | $(ratio "${MED_P99[multiserver]:-}" "${MED_P99[$peer]:-}") | $([[ $peer == direct ]] && echo — || ratio "${MED_PUS[multiserver]:-}" "${MED_PUS[$peer]:-}") |"
      else
        echo "| multiserver / $peer | $(ratio "${MED_RPS[multiserver]:-}" "${MED_RPS[$peer]:-}") | $(ratio "${MED_P99[multiserver]:-}" "${MED_P99[$peer]:-}") |"
      fi
    done
    echo
  fi
  has_contender ms-round-robin && algorithm_report
  if has_contender multiserver && has_contender haproxy; then
    local tr verdict said=""
    tr=$(ratio "${MED_RPS[multiserver]:-}" "${MED_RPS[haproxy]:-}")
    # The target was set for plain HTTP with keep-alive; the other scenarios report their ratio only.
    if [[ $SCENARIO == small || $SCENARIO == large ]]; then
      if [[ $tr == n/a ]]; then verdict="not measured"
      elif [[ $(answers multiserver) != ok ]]; then verdict="**not met**: multiserver did not answer correctly ($(answers multiserver)), whatever the ratio"
      elif awk -v r="$tr" -v t="$TARGET_RATIO" 'BEGIN { exit !(r >= t) }'; then verdict="met"
      else verdict="**not met**"; fi
      echo "Target: multiserver / haproxy throughput ≥ $TARGET_RATIO — $verdict ($tr)."; said=1
    fi
    local hcpu
    hcpu=$(fmt "$(median <<<"${PCPU[haproxy]:-}" 2>/dev/null || echo 100)" 0)
    if (( hcpu < 90 )); then
      echo "Caution: haproxy used only ${hcpu}% of its CPU, so it was not the bottleneck (the load side on"
      echo "CPU $LOAD_CPU was); the multiserver / haproxy ratio understates HAProxy and flatters multiserver."; said=1
    fi
    [[ -z $said ]] || echo
  fi
  if [[ -n $WS ]]; then
    echo "msg/s: echoes received per second of the measured window, from messages sent in it (one message in flight per"
    echo "connection). p50/p99: round-trip time of those messages, send to echo, as the load side's event loop sees it;"
    echo "medians over rounds. errors: connections that failed or closed during the load, plus messages whose echo had not"
    echo "come 5 s after the end, summed over all rounds; \"broken connections\" in answers when there are any."
    echo "\"wrong echoes\": echoes that were not one final text frame with exactly the bytes sent (every message differs)."
  else
    echo "errors: wrk socket errors (connect, read, write, timeout) plus responses with status ≥ 400, summed over all rounds;"
    echo "a contender with errors did not serve the load correctly, whatever its req/s. bytes/resp: bytes read ÷ requests"
    echo "(headers + body, from wrk's rounded totals), to spot truncated or inflated answers."
  fi
  echo "proxy CPU %: CPU time of the proxy's processes ÷ wall time (100 = one CPU, ±5 from tick accounting;"
  echo "kernel softirq time for loopback traffic is not included); proxy µs/$([[ -n $WS ]] && echo msg || echo req): that CPU time per $([[ -n $WS ]] && echo "message (round trip)" || echo request), the proxy's"
  echo "cost whether or not it was the bottleneck. load CPU %: the same as proxy CPU % for the load side on CPU $LOAD_CPU"
  echo "($([[ -n $WS ]] && echo "the WebSocket load JVM, backend and generator in one" || echo "wrk and the backend nginx")); near 100 it, not the proxy, may be the limit. other CPU %: CPU time of"
  echo "everything but the load, the backend and the measured proxy (other processes, the idle contenders, e.g. a JVM"
  echo "still compiling) plus hypervisor steal — above ~5 the round was disturbed. Both medians over rounds."
  if [[ -n $WS ]]; then
    echo "answers: on 5 fresh WebSocket connections, a 64-byte text, a UTF-8 text, a 256 KiB binary message, a text in two"
    echo "fragments and a ping must come back exactly as sent (a pong for the ping), and a close 1000 must come back as"
    echo "1000, checked before and after the load; \"stalled\" means fewer than $STALL_FLOOR echoes per connection per second."
  else
    echo "answers: GET / must return 200 and exactly the backend's body on 5 fresh connections and 3 times on one"
    echo "keep-alive connection, checked before and after the load$([[ -z $TLS ]] || echo ", over https with the run's certificate as the only trusted one"); \"stalled\" means fewer than $STALL_FLOOR completed"
    echo "requests per connection per second in some round (wrk does not count answers that never arrive)."
  fi
  if has_contender ms-sticky || has_contender ms-sticky-new; then
    echo "\"not pinned\": ms-sticky's requests with the cookie did not all reach the backend it names; \"no Set-Cookie\":"
    echo "ms-sticky-new's answers set no $STICKY_COOKIE cookie. Either way the contender did not measure the path it is named after."
  fi
  local notes=0
  for c in "${CONTENDER_LIST[@]}"; do
    [[ -n ${NOTES[$c]:-} ]] || continue
    (( notes++ )) || { echo; echo "Notes:"; echo; }
    echo "- $c: ${NOTES[$c]%; }."
  done
  local any=0
  for c in "${CONTENDER_LIST[@]}"; do
    if [[ -n ${UNAVAILABLE[$c]:-} ]]; then ((any++)) || true; echo; echo "**$c not measured:** ${UNAVAILABLE[$c]}"; fi
    if [[ -n ${FAILED[$c]:-} ]]; then ((any++)) || true; echo; echo "**$c incomplete:** ${FAILED[$c]}"; fi
    if [[ ${CHECK_BEFORE[$c]:-ok} != ok ]]; then echo; echo "**$c answered wrongly before the load:** ${CHECK_BEFORE[$c]#FAILED: }"; fi
    if [[ ${CHECK_AFTER[$c]:-ok} != ok ]]; then echo; echo "**$c answered wrongly after the load:** ${CHECK_AFTER[$c]#FAILED: }"; fi
    if [[ -n ${STALLS[$c]:-} ]]; then echo; echo "**$c stalled:** ${STALLS[$c]%; } (see results/$STAMP/round*-$c.txt)"; fi
  done
  echo
  echo "Contender commands (generated configs and logs are kept in \`benchmarks/results/$STAMP/\`):"
  echo
  local cmd
  for c in "${CONTENDER_LIST[@]}"; do
    cmd=${CMDLINE[$c]:-not started}
    cmd=${cmd//"$RAW"/results/$STAMP}; cmd=${cmd//"$TMP"/<tmp>}
    echo "- $c: \`$cmd\`"
  done
  if [[ -n $WS ]]; then
    cmd="${WS_SIDE_CMD[*]}"; cmd=${cmd//"$WS_CP"/<Netty $NETTY_VERSION jars from the local Maven repository>}
    echo "- the load side (echo backend and generator): \`${cmd//"$TMP"/<tmp>}\`"
  fi
}

# answers CONTENDER -> "ok" or the list of problems
answers() {
  local c=$1 out=()
  [[ ${CHECK_BEFORE[$c]:-ok} == ok ]] || out+=("**wrong before load**")
  [[ ${CHECK_AFTER[$c]:-ok} == ok ]] || out+=("**wrong after load**")
  [[ -z ${STALLS[$c]:-} ]] || out+=("**stalled**")
  [[ -z ${PROBLEM[$c]:-} ]] || out+=("**${PROBLEM[$c]}**")
  if ((${#out[@]} == 0)); then echo ok; else local IFS=,; echo "${out[*]}" | sed 's/,/, /g'; fi
}

report_text=$(report)
printf '%s\n' "$report_text" >"$RAW/report.md"
cp "$RAW/report.md" "$RESULTS_DIR/latest.md"
printf '%s\n' "$report_text"
log "report: benchmarks/results/latest.md (raw output in benchmarks/results/$STAMP/)"

for c in "${CONTENDER_LIST[@]}"; do
  if [[ -n ${UNAVAILABLE[$c]:-} || -n ${FAILED[$c]:-} || $(answers "$c") != ok ]]; then exit 3; fi
done
exit 0
