#!/usr/bin/env bash
# Session synchronization benchmark: requests/s of one application whose every request reads and writes its
# session, with the sessions kept by multiserver's SessionSyncFilter on each store, by Jetty's own session stores,
# or not at all (the ceiling), all measured in the same run.
#
# Layout (see benchmarks/README.md, "Sessions"):
#   CPU 0: wrk (1 thread) and the stores: redis-server, memcached (1 thread), the MongoDB peer (mongo-java-server,
#          an in-memory MongoDB in a JVM: not a real mongod)
#   CPU 1: the application under test (benchmarks/sessions: Jetty 12, -XX:ActiveProcessorCount=1), alone
# Every contender is the same application jar in another --mode, a JVM of its own on a port of its own; they are
# measured in turn, A B C ..., A B C ..., and every figure is reported next to its peers from the same run.
#
# Usage: benchmarks/sessions.sh       (env: ROUNDS DURATION CONNECTIONS SESSIONS CONTENDERS ...; see usage())
# Output: a Markdown report on stdout and in benchmarks/results/sessions-latest.md; raw wrk output and every
#         server's log in benchmarks/results/sessions-<stamp>/.
# Exit status: 0 every contender measured and correct; 1 setup error (missing tool, port in use, build failed...);
#              3 report written but some contender could not be measured, answered wrongly, failed requests under
#              load, lost its session or stalled.
set -euo pipefail

ALL_CONTENDERS="none ms-memory ms-redis redis-direct jedis-direct ms-memcached ms-mongo jetty-memory jetty-memcached jetty-mongo"

usage() {
  cat <<EOF
benchmarks/sessions.sh — wrk against one application that reads and writes its session on every request, with
the sessions kept by multiserver (each store), by Jetty's own stores, or not at all.

Environment (all optional):
  ROUNDS=3            rounds; each round measures every contender once, in order
  DURATION=10s        wrk duration per measurement (wrk syntax: 8s, 1m)
  CONNECTIONS=50      wrk connections (keep-alive)
  THREADS=1           wrk threads
  SESSIONS=CONNECTIONS  sessions made per contender before the load; wrk sends their cookies in turn, request by
                      request (benchmarks/sessions.lua). SESSIONS=1: every request shares one session (the worst
                      case for contention on one key; lost updates are then expected, see the report)
  WARMUP=60s          discarded wrk run against each contender before round 1 (on one CPU the JIT needs 40-50 s
                      before ms-redis reaches its steady rate)
  CONTENDERS="$ALL_CONTENDERS"
                      subset and order; known contenders:
                        none             no session at all (the same servlet, session code skipped): the ceiling
                        ms-memory        SessionSyncFilter on memory:
                        ms-redis         SessionSyncFilter on redis://  (redis-server on CPU 0)
                        redis-direct     no filter: the servlet keeps its counter in a Redis hash by hand, with the
                                         filter's two round trips (HGETALL, one save script), through Lettuce like
                                         multiserver-redis: the floor for Redis
                        jedis-direct     the same as redis-direct through Jedis (blocking calls, no I/O thread)
                        ms-memcached     SessionSyncFilter on memcached://  (memcached on CPU 0)
                        ms-mongo         SessionSyncFilter on mongodb://  (the MongoDB peer on CPU 0)
                        jetty-memory     Jetty's default sessions (in the JVM's memory, not shared)
                        jetty-memcached  Jetty's memcached session store (jetty-memcached-sessions)
                        jetty-mongo      Jetty's MongoDB session store (jetty-nosql)
  LOAD_CPU=0 APP_CPU=1                            CPUs for wrk + stores, and for the application
  PORT_BASE=18101     the contenders listen on PORT_BASE, PORT_BASE+1, ... in the order above
  REDIS_PORT MEMCACHED_PORT MONGO_PORT            default: PORT_BASE+10, +11, +12
  JAR=path            run this application jar instead of building benchmarks/sessions
  JAVA_OPTS="..."     extra JVM flags for every application JVM
  TARGET_RATIO=0.8    report whether ms-redis reaches this × none's throughput
  NO_INSTALL=1        never apt-get install missing tools (also implied by CI or non-root)
  KEEP_TMP=1          keep the temporary directory (cookie files, wrk script)
EOF
}
case "${1:-}" in -h|--help) usage; exit 0 ;; "") ;; *) usage >&2; exit 1 ;; esac

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RESULTS_DIR="$ROOT/benchmarks/results"

log()  { printf '[sessions %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die()  { printf 'benchmarks/sessions.sh: error: %s\n' "$*" >&2; exit 1; }
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-1}
SESSIONS=${SESSIONS:-$CONNECTIONS}
WARMUP=${WARMUP:-60s}
CONTENDERS=${CONTENDERS:-$ALL_CONTENDERS}
LOAD_CPU=${LOAD_CPU:-0}
APP_CPU=${APP_CPU:-1}
PORT_BASE=${PORT_BASE:-18101}
REDIS_PORT=${REDIS_PORT:-$((PORT_BASE + 10))}
MEMCACHED_PORT=${MEMCACHED_PORT:-$((PORT_BASE + 11))}
MONGO_PORT=${MONGO_PORT:-$((PORT_BASE + 12))}
JAVA_OPTS=${JAVA_OPTS:-}
TARGET_RATIO=${TARGET_RATIO:-0.8}
HOST=127.0.0.1   # loopback only, always

# ---------------------------------------------------------------- arguments
for v in ROUNDS CONNECTIONS THREADS SESSIONS; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer, got '${!v}'"
done
(( CONNECTIONS >= THREADS )) || die "CONNECTIONS ($CONNECTIONS) must be >= THREADS ($THREADS)"
(( SESSIONS <= 1000 )) || die "SESSIONS must be at most 1000 (each is made with a request before the load), got $SESSIONS"
for v in PORT_BASE REDIS_PORT MEMCACHED_PORT MONGO_PORT; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] && (( ${!v} >= 1024 && ${!v} <= 65535 )) || die "$v must be a port from 1024 to 65535, got '${!v}'"
done
[[ $TARGET_RATIO =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "TARGET_RATIO must be a number, got '$TARGET_RATIO'"

DURATION_S=$(to_seconds "$DURATION")
WARMUP_S=$(to_seconds "$WARMUP")

# Each contender: its port (in the order of ALL_CONTENDERS), its --mode arguments, and who keeps its sessions.
declare -A PORT=() MODE_ARGS=() KEPT_BY=()
i=0
for c in $ALL_CONTENDERS; do PORT[$c]=$((PORT_BASE + i)); i=$((i + 1)); done
MODE_ARGS=(
  [none]="--mode none"
  [ms-memory]="--mode multiserver --store memory:"
  [ms-redis]="--mode multiserver --store redis://$HOST:$REDIS_PORT"
  [redis-direct]="--mode redis-direct --redis redis://$HOST:$REDIS_PORT"
  [jedis-direct]="--mode jedis-direct --redis redis://$HOST:$REDIS_PORT"
  [ms-memcached]="--mode multiserver --store memcached://$HOST:$MEMCACHED_PORT"
  [ms-mongo]="--mode multiserver --store mongodb://$HOST:$MONGO_PORT/multiserver_bench"
  [jetty-memory]="--mode jetty-memory"
  [jetty-memcached]="--mode jetty-memcached --memcached $HOST:$MEMCACHED_PORT"
  [jetty-mongo]="--mode jetty-mongo --mongo mongodb://$HOST:$MONGO_PORT/jetty_bench"
)
KEPT_BY=(
  [none]="no session"
  [ms-memory]="SessionSyncFilter, memory:"
  [ms-redis]="SessionSyncFilter, Redis"
  [redis-direct]="by hand in Redis, Lettuce (floor)"
  [jedis-direct]="by hand in Redis, Jedis (floor)"
  [ms-memcached]="SessionSyncFilter, memcached"
  [ms-mongo]="SessionSyncFilter, MongoDB peer"
  [jetty-memory]="Jetty, in memory"
  [jetty-memcached]="Jetty, memcached"
  [jetty-mongo]="Jetty, MongoDB peer"
)
read -r -a CONTENDER_LIST <<<"$CONTENDERS"
(( ${#CONTENDER_LIST[@]} > 0 )) || die "CONTENDERS is empty"
for c in "${CONTENDER_LIST[@]}"; do
  [[ -n ${PORT[$c]:-} ]] || die "unknown contender '$c' (known: $ALL_CONTENDERS)"
done
[[ -z $(printf '%s\n' "${CONTENDER_LIST[@]}" | sort | uniq -d) ]] || die "CONTENDERS names a contender twice: $CONTENDERS"
has_contender() { local c; for c in "${CONTENDER_LIST[@]}"; do [[ $c == "$1" ]] && return 0; done; return 1; }
uses_session() { [[ $1 != none ]]; }
NEED_REDIS="" NEED_MEMCACHED="" NEED_MONGO=""
{ has_contender ms-redis || has_contender redis-direct || has_contender jedis-direct; } && NEED_REDIS=1
{ has_contender ms-memcached || has_contender jetty-memcached; } && NEED_MEMCACHED=1
{ has_contender ms-mongo || has_contender jetty-mongo; } && NEED_MONGO=1

# ---------------------------------------------------------------- tools
declare -A PKG=([wrk]=wrk [curl]=curl [taskset]=util-linux [timeout]=coreutils [ss]=iproute2 [pgrep]=procps
                [java]=openjdk-17-jre-headless [redis-server]=redis-server [memcached]=memcached [mvn]=maven)
needed=(curl taskset timeout pgrep ss wrk java)
[[ -z $NEED_REDIS ]] || needed+=(redis-server)
[[ -z $NEED_MEMCACHED ]] || needed+=(memcached)
[[ -n ${JAR:-} ]] || needed+=(mvn)
missing_pkgs=()
for t in "${needed[@]}"; do command -v "$t" >/dev/null 2>&1 || missing_pkgs+=("${PKG[$t]}"); done
if (( ${#missing_pkgs[@]} > 0 )); then
  if [[ $(id -u) == 0 && -z ${CI:-} && -z ${NO_INSTALL:-} ]] && command -v apt-get >/dev/null; then
    log "installing missing packages: ${missing_pkgs[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing_pkgs[@]}" >&2 \
      || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing_pkgs[@]}" >&2; } \
      || die "could not install: ${missing_pkgs[*]}"
    # Debian starts the packaged services on their usual ports; we run our own instances, so stop them again.
    for svc in redis-server memcached; do
      [[ " ${missing_pkgs[*]} " == *" $svc "* ]] || continue
      systemctl stop "$svc" 2>/dev/null || service "$svc" stop 2>/dev/null || true
    done
  else
    die "missing tools; install them with: apt-get install -y ${missing_pkgs[*]}   (Debian; the script does this itself when run as root with CI and NO_INSTALL unset)"
  fi
fi

NCPU_ALL=$(nproc --all)
for cpu in "$LOAD_CPU" "$APP_CPU"; do
  taskset -c "$cpu" true 2>/dev/null || die "cannot pin to CPU $cpu (this machine has $NCPU_ALL CPUs; set LOAD_CPU/APP_CPU)"
done
[[ $LOAD_CPU != "$APP_CPU" ]] || log "WARNING: LOAD_CPU == APP_CPU; the application shares its CPU with wrk and the stores"
for p in redis-server memcached mongod java nginx haproxy; do
  if pids=$(pgrep -x "$p" 2>/dev/null); then
    log "WARNING: '$p' already running (pid $(echo $pids)) — it competes for the CPUs; stop it for cleaner numbers"
  fi
done

port_in_use() { [[ -n $(ss -Htln "sport = :$1" 2>/dev/null) ]]; }
ports_needed=()
for c in "${CONTENDER_LIST[@]}"; do ports_needed+=("${PORT[$c]}"); done
[[ -z $NEED_REDIS ]] || ports_needed+=("$REDIS_PORT")
[[ -z $NEED_MEMCACHED ]] || ports_needed+=("$MEMCACHED_PORT")
[[ -z $NEED_MONGO ]] || ports_needed+=("$MONGO_PORT")
[[ -z $(printf '%s\n' "${ports_needed[@]}" | sort | uniq -d) ]] || die "ports must be distinct: ${ports_needed[*]}"
for p in "${ports_needed[@]}"; do
  (( p <= 65535 )) || die "port $p is beyond 65535 (PORT_BASE?)"
  port_in_use "$p" && die "port $p on $HOST is already in use; stop that process or choose other ports (PORT_BASE, REDIS_PORT, MEMCACHED_PORT, MONGO_PORT)"
done

# ---------------------------------------------------------------- processes and cleanup
TMP=$(mktemp -d "${TMPDIR:-/tmp}/multiserver-sessions.XXXXXX")
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RAW="$RESULTS_DIR/sessions-$STAMP"
mkdir -p "$RAW"
declare -A SERVER_PID=() CMDLINE=()
WRK_PID=""

cleanup() {
  local status=$? name pid i
  trap - EXIT INT TERM
  [[ -z $WRK_PID ]] || kill -TERM "$WRK_PID" 2>/dev/null || true
  for name in "${!SERVER_PID[@]}"; do kill -TERM "${SERVER_PID[$name]}" 2>/dev/null || true; done
  for name in "${!SERVER_PID[@]}"; do
    pid=${SERVER_PID[$name]}
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name (pid $pid) ignored SIGTERM; sending SIGKILL"
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

start() {   # start NAME CMD... : in the background, output to RAW/NAME.log
  local name=$1; shift
  "$@" >"$RAW/$name.log" 2>&1 &
  SERVER_PID[$name]=$!
  CMDLINE[$name]="$*"
  log "started $name (pid $!): $*"
}
alive() { kill -0 "${SERVER_PID[$1]}" 2>/dev/null; }

# wait_for NAME SECONDS PROBE... : run PROBE until it succeeds, bounded; fail early if NAME exited
wait_for() {
  local name=$1 deadline=$((SECONDS + $2)); shift 2
  while ((SECONDS < deadline)); do
    alive "$name" || { log "$name exited during start-up; last lines of its log:"; tail -n 5 "$RAW/$name.log" >&2; return 1; }
    "$@" && return 0
    sleep 0.2
  done
  log "$name did not come up within the time limit; last lines of its log:"; tail -n 5 "$RAW/$name.log" >&2
  return 1
}
tcp_says() {   # tcp_says PORT REQUEST EXPECTED-PREFIX : one line exchanged over a plain TCP connection
  local reply=""
  reply=$(timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"; printf "%b" "$2" >&3; IFS= read -r line <&3; printf "%s" "$line"' \
          "$HOST" "$1" "$2" 2>/dev/null) || return 1
  [[ $reply == "$3"* ]]
}
port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }
http_up() { curl -s -o /dev/null --max-time 1 "http://$HOST:$1/"; }

# ---------------------------------------------------------------- the application jar
JAR_DESC=""
if [[ -n ${JAR:-} ]]; then
  [[ -f $JAR ]] || die "JAR=$JAR does not exist"
  JAR_DESC="$JAR (given by JAR)"
else
  JAR=$(ls "$ROOT"/benchmarks/sessions/target/multiserver-benchmarks-sessions-*.jar 2>/dev/null | grep -v '/original-' | head -n 1 || true)
  stale=""
  if [[ -n $JAR ]]; then
    stale=$(find "$ROOT/benchmarks/sessions" "$ROOT"/multiserver-{core,servlet,redis,memcached,mongo} "$ROOT/pom.xml" \
              -path '*/target' -prune -o -newer "$JAR" -type f \( -name '*.java' -o -name 'pom.xml' -o -path '*/resources/*' \) -print 2>/dev/null | head -n 1)
  fi
  if [[ -z $JAR || -n $stale ]]; then
    log "building the application: mvn -B -q -Pbenchmarks -pl benchmarks/sessions -am package -DskipTests${stale:+ ($stale is newer than the jar)}"
    (cd "$ROOT" && mvn -B -q -Pbenchmarks -pl benchmarks/sessions -am package -DskipTests) >"$RAW/build.log" 2>&1 \
      || { tail -n 20 "$RAW/build.log" >&2; die "building benchmarks/sessions failed (see results/sessions-$STAMP/build.log)"; }
    JAR=$(ls "$ROOT"/benchmarks/sessions/target/multiserver-benchmarks-sessions-*.jar | grep -v '/original-' | head -n 1)
  fi
  git_rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "no commit")
  [[ -z $(git -C "$ROOT" status --porcelain -- benchmarks multiserver-core multiserver-servlet multiserver-redis multiserver-memcached multiserver-mongo pom.xml 2>/dev/null | head -n 1) ]] \
    || git_rev+=", working tree with uncommitted changes"
  JAR_DESC="$(basename "$JAR") (built $(date -u -r "$JAR" '+%Y-%m-%d %H:%M UTC')) from git $git_rev"
fi
JAR_RUN="$TMP/$(basename "$JAR")"   # a copy: a rebuild during the run must not change what runs
cp "$JAR" "$JAR_RUN"
cp "$ROOT/benchmarks/sessions.lua" "$TMP/sessions.lua"

# ---------------------------------------------------------------- the stores, on LOAD_CPU
ulimit -n 65536 2>/dev/null || true
read -r b0 t0 < <(awk '$1 == "cpu" { print $2 + $3 + $4 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; exit }' /proc/stat)
sleep 2
read -r b1 t1 < <(awk '$1 == "cpu" { print $2 + $3 + $4 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; exit }' /proc/stat)
BUSY_AT_START=$(awk -v b=$((b1 - b0)) -v t=$((t1 - t0)) -v n="$NCPU_ALL" 'BEGIN { printf "%.0f", (t > 0 ? 100 * n * b / t : 0) }')
LOAD_AT_START="CPU busy ${BUSY_AT_START}% of one CPU in the 2 s before start, load average $(cut -d' ' -f1-3 /proc/loadavg)"
(( BUSY_AT_START <= 10 )) || log "WARNING: other processes used ${BUSY_AT_START}% of a CPU just before the start; expect noisy figures (see 'other CPU %')"
log "results and raw output: $RAW"

STORE_NAMES=() STORE_DESC=()
if [[ -n $NEED_REDIS ]]; then
  start redis taskset -c "$LOAD_CPU" redis-server --bind "$HOST" --port "$REDIS_PORT" --save "" --appendonly no \
    --daemonize no --dir "$TMP"
  wait_for redis 15 tcp_says "$REDIS_PORT" 'PING\r\n' '+PONG' || die "redis-server did not start"
  STORE_NAMES+=(redis); STORE_DESC+=("$(redis-server --version | cut -d' ' -f1-3), no persistence")
fi
if [[ -n $NEED_MEMCACHED ]]; then
  user=(); [[ $(id -u) != 0 ]] || user=(-u nobody)   # memcached refuses to run as root
  start memcached taskset -c "$LOAD_CPU" memcached "${user[@]}" -l "$HOST" -p "$MEMCACHED_PORT" -U 0 -t 1 -m 256 -c 4096
  wait_for memcached 15 tcp_says "$MEMCACHED_PORT" 'version\r\n' 'VERSION' || die "memcached did not start"
  STORE_NAMES+=(memcached); STORE_DESC+=("memcached $(memcached -V | cut -d' ' -f2), one worker thread (-t 1)")
fi
if [[ -n $NEED_MONGO ]]; then
  start mongo taskset -c "$LOAD_CPU" java -XX:ActiveProcessorCount=1 -XX:+UseSerialGC -Xms512m -Xmx512m \
    -cp "$JAR_RUN" dev.multiserver.benchmarks.sessions.MongoPeer "$HOST" "$MONGO_PORT"
  wait_for mongo 30 port_open "$MONGO_PORT" || die "the MongoDB peer (mongo-java-server) did not start"
  mjs=$(sed -n 's:.*<mongo-java-server.version>\(.*\)</mongo-java-server.version>.*:\1:p' "$ROOT/pom.xml" | head -n 1)
  STORE_DESC+=("MongoDB peer: mongo-java-server ${mjs:-?} (memory backend) in a JVM of its own — an in-memory Java MongoDB, not mongod")
  STORE_NAMES+=(mongo)
fi

# ---------------------------------------------------------------- the contenders, on APP_CPU
declare -A UNAVAILABLE=() PROBLEM=() NOTES=() CHECK_BEFORE=() CHECK_AFTER=() FAILED=()
APP_JVM=(java -XX:ActiveProcessorCount=1 -Xms256m -Xmx256m)
for c in "${CONTENDER_LIST[@]}"; do
  start "$c" taskset -c "$APP_CPU" "${APP_JVM[@]}" $JAVA_OPTS -jar "$JAR_RUN" --port "${PORT[$c]}" --bind "$HOST" ${MODE_ARGS[$c]}
done
for c in "${CONTENDER_LIST[@]}"; do
  if ! wait_for "$c" 60 http_up "${PORT[$c]}"; then
    why=$(grep -m1 '^sessions benchmark:' "$RAW/$c.log" 2>/dev/null || grep -m1 -E 'Exception|Error|error' "$RAW/$c.log" 2>/dev/null || true)
    why=${why:0:300}
    UNAVAILABLE[$c]="did not start${why:+: $why} (see results/sessions-$STAMP/$c.log)"
    log "WARNING: $c unavailable: ${UNAVAILABLE[$c]}"
  fi
done
measurable() { [[ -z ${UNAVAILABLE[$1]:-} && -z ${FAILED[$1]:-} ]]; }

# ---------------------------------------------------------------- correctness: the counter in the session
URL() { echo "http://$HOST:${PORT[$1]}/"; }
first_cookie() {   # response headers -> the first Set-Cookie's NAME=value
  awk 'tolower($1) == "set-cookie:" { sub(/^[^:]*:[ \t]*/, ""); split($0, a, ";"); sub(/[ \t\r]+$/, "", a[1]); print a[1]; exit }'
}
# get URL [CURL_ARG...] -> "STATUS BODY" (body's first line) and the headers in $TMP/headers
get() {
  local url=$1 code body; shift
  : >"$TMP/body"
  code=$(curl -s --max-time 5 "$@" -D "$TMP/headers" -o "$TMP/body" -w '%{http_code}' "$url" 2>/dev/null) || true
  body=$(head -n 1 "$TMP/body" | tr -d '\r')
  echo "${code:-000} ${body:-<empty>}"
}
CHECK_MSG=""
# check_counter NAME : a new session answers 1 and sets a cookie; with the cookie, on fresh connections, 2 and then 3.
# Without sessions: 200 "-" and no cookie.
check_counter() {
  local c=$1 url answer cookie n
  url=$(URL "$c")
  answer=$(get "$url")
  if ! uses_session "$c"; then
    [[ $answer == "200 -" ]] || { CHECK_MSG="GET / answered '$answer', expected '200 -'"; return 1; }
    cookie=$(first_cookie <"$TMP/headers")
    [[ -z $cookie ]] || { CHECK_MSG="an application without sessions set a cookie ($cookie)"; return 1; }
    CHECK_MSG=""; return 0
  fi
  cookie=$(first_cookie <"$TMP/headers")
  [[ $answer == "200 1" && -n $cookie ]] \
    || { CHECK_MSG="a first request answered '$answer'${cookie:+ with}${cookie:- without} a cookie${cookie:+ $cookie}, expected '200 1' and a cookie"; return 1; }
  for n in 2 3; do
    answer=$(get "$url" -H "Cookie: $cookie")
    [[ $answer == "200 $n" ]] \
      || { CHECK_MSG="request $n of one session (Cookie: $cookie) answered '$answer', expected '200 $n': the counter does not survive from request to request"; return 1; }
  done
  CHECK_MSG=""
}

# make_sessions NAME : SESSIONS sessions, one request each; their cookies go to $TMP/cookies-NAME, one per line, for
# wrk (sessions.lua) and for read_counters. Without sessions: as many made-up cookies of the usual size, so that every
# contender parses the same requests.
declare -A COUNTS=()   # contender -> the sessions' counters as last read, space-separated
make_sessions() {
  local c=$1 i answer cookie file="$TMP/cookies-$1" counts=""
  : >"$file"
  for ((i = 1; i <= SESSIONS; i++)); do
    if ! uses_session "$c"; then
      printf 'BENCHSESSION=%s\n' "$(head -c 30 /dev/urandom | base64 | tr '+/' '-_' | cut -c1-40)" >>"$file"
      continue
    fi
    answer=$(get "$(URL "$c")")
    cookie=$(first_cookie <"$TMP/headers")
    [[ $answer == "200 1" && -n $cookie ]] || { CHECK_MSG="making session $i: '$answer', cookie '${cookie:-none}'"; return 1; }
    echo "$cookie" >>"$file"
    counts+="1 "
  done
  COUNTS[$c]=$counts
  cp "$file" "$RAW/cookies-$c.txt"
}
# read_counters NAME : reads every session's counter (one more request each, one curl, one connection) and sets
# INCREMENTS to the sum of what the load added since the last read; fails when a session was lost or went back.
INCREMENTS=0
read_counters() {
  local c=$1 args=() cookie values old new i=0 sum=0
  local -a before
  read -r -a before <<<"${COUNTS[$c]}"
  while IFS= read -r cookie; do
    args+=(-s --max-time 5 -H "Cookie: $cookie" "$(URL "$c")" --next)
  done <"$TMP/cookies-$c"
  unset 'args[${#args[@]}-1]'
  values=$(curl "${args[@]}" 2>/dev/null | tr -d '\r') || true
  local -a after
  mapfile -t after <<<"$values"
  if (( ${#after[@]} != ${#before[@]} )); then
    CHECK_MSG="reading the counters of ${#before[@]} sessions gave ${#after[@]} answers"; return 1
  fi
  for ((i = 0; i < ${#before[@]}; i++)); do
    old=${before[$i]} new=${after[$i]}
    if ! [[ $new =~ ^[0-9]+$ ]] || (( new <= old )); then
      CHECK_MSG="session $((i + 1)) answered '$new' after having counted $old: the session was lost or went back"; return 1
    fi
    sum=$((sum + new - old - 1))
  done
  INCREMENTS=$sum
  COUNTS[$c]="${after[*]}"
}

for c in "${CONTENDER_LIST[@]}"; do
  measurable "$c" || continue
  if check_counter "$c"; then CHECK_BEFORE[$c]=ok
  else CHECK_BEFORE[$c]="FAILED: $CHECK_MSG"; log "WARNING: $c answers wrongly before the load: $CHECK_MSG"; fi
  if ! make_sessions "$c"; then
    UNAVAILABLE[$c]="could not make its sessions: $CHECK_MSG"; log "WARNING: $c: ${UNAVAILABLE[$c]}"
  fi
done

# ---------------------------------------------------------------- load and CPU accounting
cpu_snapshot() { awk '$1 == "cpu" { print $2 + $3 + $4, $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; exit }' /proc/stat; }
proc_ticks() {   # PID... -> utime+stime of these processes (all threads)
  local pid
  for pid in "$@"; do cat "/proc/$pid/stat" 2>/dev/null || true; done \
    | awk '{ sub(/^.*\) /, ""); t += $12 + $13 } END { print t + 0 }'
}
load_ticks() {   # the load side: the stores, and wrk (a waited-for child of this shell: its cutime/cstime)
  local self pids=() s
  self=$(awk '{ sub(/^.*\) /, ""); print $14 + $15 }' "/proc/$$/stat")
  for s in "${STORE_NAMES[@]}"; do pids+=("${SERVER_PID[$s]}"); done
  echo $(( $(proc_ticks "${pids[@]}") + self ))
}

WRK_CMD_TEMPLATE="taskset -c $LOAD_CPU wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s benchmarks/sessions.lua http://$HOST:PORT/ -- cookies.txt"
run_wrk() {   # run_wrk OUT DURATION SECONDS NAME
  local status=0
  timeout --foreground -k 5 $(($3 + 30)) \
    taskset -c "$LOAD_CPU" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --latency -s "$TMP/sessions.lua" "$(URL "$4")" \
      -- "$TMP/cookies-$4" >"$1" 2>&1 &
  WRK_PID=$!
  wait "$WRK_PID" || status=$?
  WRK_PID=""
  return "$status"
}

declare -A RPS=() P99=() ACPU=() AUS=() LCPU=() OCPU=() ERRS=() SOCK=() NON2XX=() BPR=() STALLS=() REQS=() INCS=()
STALL_FLOOR=1   # requests per connection per second: a store-bound contender may be slow, but not this slow
for c in "${CONTENDER_LIST[@]}"; do
  measurable "$c" || continue
  log "warm-up $c: wrk $WARMUP (discarded)"
  run_wrk "$RAW/warmup-$c.txt" "$WARMUP" "$WARMUP_S" "$c" || log "WARNING: warm-up of $c: wrk exited with an error"
  if uses_session "$c" && ! read_counters "$c"; then
    PROBLEM[$c]="session lost"; NOTES[$c]+="after the warm-up: $CHECK_MSG; "; log "WARNING: $c: $CHECK_MSG"
  fi
done

for ((r = 1; r <= ROUNDS; r++)); do
  for c in "${CONTENDER_LIST[@]}"; do
    measurable "$c" || continue
    if ! alive "$c"; then
      FAILED[$c]="process exited before round $r (see results/sessions-$STAMP/$c.log)"; log "ERROR: $c: ${FAILED[$c]}"; continue
    fi
    out="$RAW/round$r-$c.txt"
    log "round $r/$ROUNDS: $c (port ${PORT[$c]}, $DURATION)"
    read -r b_busy b_steal b_total <<<"$(cpu_snapshot)"
    b_app=$(proc_ticks "${SERVER_PID[$c]}"); b_load=$(load_ticks)
    wrk_ok=1; run_wrk "$out" "$DURATION" "$DURATION_S" "$c" || wrk_ok=0
    read -r a_busy a_steal a_total <<<"$(cpu_snapshot)"
    a_app=$(proc_ticks "${SERVER_PID[$c]}"); a_load=$(load_ticks)
    read -r app_cpu load_cpu other_cpu < <(awk -v n="$NCPU_ALL" -v wall=$((a_total - b_total)) \
      -v busy=$((a_busy - b_busy)) -v steal=$((a_steal - b_steal)) -v app=$((a_app - b_app)) \
      -v load=$((a_load - b_load)) 'BEGIN {
        w = wall / n; if (w <= 0) w = 1
        other = busy - app - load + steal; if (other < 0) other = 0
        printf "%.0f %.0f %.0f\n", 100 * app / w, 100 * load / w, 100 * other / w }')
    if (( ! wrk_ok )); then
      log "ERROR: wrk against $c failed in round $r:"; sed 's/^/    /' "$out" >&2
      FAILED[$c]="wrk failed in round $r (see results/sessions-$STAMP/round$r-$c.txt)"; continue
    fi
    if ! parsed=$(parse_wrk "$out"); then
      log "ERROR: could not parse wrk's output for $c in round $r:"; sed 's/^/    /' "$out" >&2
      FAILED[$c]="unparsable wrk output in round $r"; continue
    fi
    read -r rps p99 errs sock non2xx bpr reqs <<<"$parsed"
    if (( reqs < CONNECTIONS * DURATION_S * STALL_FLOOR )); then
      STALLS[$c]+="round $r: $reqs requests on $CONNECTIONS connections in $DURATION; "
      log "WARNING: $c completed only $reqs requests on $CONNECTIONS connections in $DURATION — connections stalled?"
    fi
    RPS[$c]+="$rps "; P99[$c]+="$p99 "; ACPU[$c]+="$app_cpu "; LCPU[$c]+="$load_cpu "; OCPU[$c]+="$other_cpu "
    AUS[$c]+="$(awk -v p="$app_cpu" -v r="$rps" 'BEGIN { printf "%.2f", (r > 0 ? p * 10000 / r : 0) }') "
    ERRS[$c]=$(( ${ERRS[$c]:-0} + errs )); SOCK[$c]=$(( ${SOCK[$c]:-0} + sock ))
    NON2XX[$c]=$(( ${NON2XX[$c]:-0} + non2xx )); BPR[$c]=$bpr
    REQS[$c]=$(( ${REQS[$c]:-0} + reqs ))
    kept=""
    if uses_session "$c" && [[ -z ${PROBLEM[$c]:-} ]]; then
      if read_counters "$c"; then
        INCS[$c]=$(( ${INCS[$c]:-0} + INCREMENTS ))
        kept=", counters +$INCREMENTS"
      else
        PROBLEM[$c]="session lost"; NOTES[$c]+="round $r: $CHECK_MSG; "; log "WARNING: $c: $CHECK_MSG"
      fi
    fi
    log "    $rps req/s, p99 ${p99} ms, $reqs requests$kept, errors $errs, app CPU ${app_cpu}%, load CPU ${load_cpu}%, other CPU ${other_cpu}%"
  done
done

for c in "${CONTENDER_LIST[@]}"; do
  [[ -n ${CHECK_BEFORE[$c]:-} ]] || continue
  if ! alive "$c"; then CHECK_AFTER[$c]="FAILED: process gone"
  elif check_counter "$c"; then CHECK_AFTER[$c]=ok
  else CHECK_AFTER[$c]="FAILED: $CHECK_MSG"; log "WARNING: $c answers wrongly after the load: $CHECK_MSG"; fi
done

# ---------------------------------------------------------------- report
per_round_ratios() {   # A B -> A's req/s over B's, round by round
  local a=(${RPS[$1]:-}) b=(${RPS[$2]:-}) i out=()
  (( ${#a[@]} == ROUNDS && ${#b[@]} == ROUNDS )) || { echo "—"; return; }
  for ((i = 0; i < ROUNDS; i++)); do out+=("$(ratio "${a[$i]}" "${b[$i]}")"); done
  local IFS=,; echo "${out[*]}" | sed 's/,/, /g'
}
answers() {   # NAME -> "ok" or the problems
  local c=$1 out=()
  [[ ${CHECK_BEFORE[$c]:-ok} == ok ]] || out+=("**wrong before load**")
  [[ ${CHECK_AFTER[$c]:-ok} == ok ]] || out+=("**wrong after load**")
  [[ -z ${STALLS[$c]:-} ]] || out+=("**stalled**")
  (( ${ERRS[$c]:-0} == 0 )) || out+=("**failed requests**")
  [[ -z ${PROBLEM[$c]:-} ]] || out+=("**${PROBLEM[$c]}**")
  if ((${#out[@]} == 0)); then echo ok; else local IFS=,; echo "${out[*]}" | sed 's/,/, /g'; fi
}
# updates kept: the counters' increments over the requests wrk completed. Slightly above 1 is normal (requests in
# flight when wrk stops still count); below 1, concurrent requests of one session overwrote each other's counter.
kept() {
  local c=$1
  uses_session "$c" || { echo "—"; return; }
  [[ -n ${INCS[$c]:-} && ${REQS[$c]:-0} -gt 0 ]] || { echo "n/a"; return; }
  awk -v i="${INCS[$c]}" -v r="${REQS[$c]}" 'BEGIN { printf "%.3f", i / r }'
}

declare -A MED_RPS=() MED_P99=() MED_AUS=()
for c in "${CONTENDER_LIST[@]}"; do
  [[ -n ${RPS[$c]:-} ]] || continue
  MED_RPS[$c]=$(median <<<"${RPS[$c]}"); MED_P99[$c]=$(median <<<"${P99[$c]}"); MED_AUS[$c]=$(median <<<"${AUS[$c]}")
done

report() {
  local c cpu_model invocation
  cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
  invocation="ROUNDS=$ROUNDS DURATION=$DURATION CONNECTIONS=$CONNECTIONS THREADS=$THREADS SESSIONS=$SESSIONS WARMUP=$WARMUP"
  [[ $CONTENDERS == "$ALL_CONTENDERS" ]] || invocation+=" CONTENDERS=\"$CONTENDERS\""
  [[ -z $JAVA_OPTS ]] || invocation+=" JAVA_OPTS=\"$JAVA_OPTS\""
  invocation+=" benchmarks/sessions.sh"
  echo "## Session synchronization benchmark"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- machine: $NCPU_ALL CPUs ($(nproc) usable), ${cpu_model:-unknown CPU}, Linux $(uname -r); before start: $LOAD_AT_START"
  echo "- versions: $(java -version 2>&1 | head -n 1); $(wrk -v 2>&1 | head -n 1 | awk '{ print $1, $2 }'); Jetty 12.1.5 (server and Jetty's session stores); application $JAR_DESC"
  echo "- command: \`$invocation\`"
  echo "- load: \`$WRK_CMD_TEMPLATE\` (keep-alive); each request carries the cookie of one of $SESSIONS sessions made before the load, in turn (benchmarks/sessions.lua); $([[ $SESSIONS == 1 ]] && echo "all requests share one session" || echo "most requests have their session to itself, but a slow one can still overlap the next request of its session (see updates kept)")"
  echo "- application: \`GET /\` reads the session attribute \`n\` and writes \`n + 1\`, answering the new value (\`none\`: no session, answers \`-\`); one JVM per contender (\`-XX:ActiveProcessorCount=1 -Xms256m -Xmx256m\`), the one measured alone on CPU $APP_CPU"
  if (( ${#STORE_DESC[@]} > 0 )); then
    echo "- stores on CPU $LOAD_CPU, with wrk: $(IFS=';'; echo "${STORE_DESC[*]}" | sed 's/;/; /g')"
  fi
  echo "- rounds: $ROUNDS × (${CONTENDER_LIST[*]}), $DURATION each; warm-up (discarded): $WARMUP for each contender"
  echo
  echo "| contender | sessions kept by | req/s (median) | p99 ms (median) | req/s per round | p99 ms per round | errors | answers | updates kept | app CPU % | app µs/req | load CPU % | other CPU % |"
  echo "|---|---|---:|---:|---|---|---:|---|---:|---:|---:|---:|---:|"
  local rounds_rps rounds_p99 e
  for c in "${CONTENDER_LIST[@]}"; do
    if [[ -n ${MED_RPS[$c]:-} ]]; then
      rounds_rps=$(for v in ${RPS[$c]}; do fmt "$v" 0; echo -n " "; done | sed 's/ $//; s/ /, /g')
      rounds_p99=$(for v in ${P99[$c]}; do fmt "$v" 2; echo -n " "; done | sed 's/ $//; s/ /, /g')
      e=${ERRS[$c]}
      (( e == 0 )) || e="**$e** (socket ${SOCK[$c]}, non-2xx ${NON2XX[$c]})"
      echo "| $c | ${KEPT_BY[$c]} | $(fmt "${MED_RPS[$c]}" 0) | $(fmt "${MED_P99[$c]}" 2) | $rounds_rps | $rounds_p99 | $e | $(answers "$c") | $(kept "$c") | $(fmt "$(median <<<"${ACPU[$c]}")" 0) | $(fmt "${MED_AUS[$c]}" 1) | $(fmt "$(median <<<"${LCPU[$c]}")" 0) | $(fmt "$(median <<<"${OCPU[$c]}")" 0) |"
    else
      echo "| $c | ${KEPT_BY[$c]} | n/a | n/a | — | — | — | $(answers "$c") | — | — | — | — | — |"
    fi
  done
  echo
  echo "| ratio | throughput (higher is better) | per round | p99 latency (lower is better) | app CPU per request (lower is better) |"
  echo "|---|---:|---|---:|---:|"
  local pair a b
  for pair in ms-memory/none ms-redis/none redis-direct/none jedis-direct/none ms-redis/redis-direct jedis-direct/redis-direct ms-memcached/none ms-mongo/none jetty-memory/none jetty-memcached/none \
              jetty-mongo/none ms-memory/jetty-memory ms-memcached/jetty-memcached ms-mongo/jetty-mongo; do
    a=${pair%/*} b=${pair#*/}
    has_contender "$a" && has_contender "$b" || continue
    echo "| $a / $b | $(ratio "${MED_RPS[$a]:-}" "${MED_RPS[$b]:-}") | $(per_round_ratios "$a" "$b") | $(ratio "${MED_P99[$a]:-}" "${MED_P99[$b]:-}") | $(ratio "${MED_AUS[$a]:-}" "${MED_AUS[$b]:-}") |"
  done
  echo
  if has_contender ms-redis && has_contender none; then
    local tr verdict
    tr=$(ratio "${MED_RPS[ms-redis]:-}" "${MED_RPS[none]:-}")
    if [[ $tr == n/a ]]; then verdict="not measured"
    elif [[ $(answers ms-redis) != ok ]]; then verdict="**not met**: ms-redis did not answer correctly ($(answers ms-redis)), whatever the ratio ($tr)"
    elif awk -v r="$tr" -v t="$TARGET_RATIO" 'BEGIN { exit !(r >= t) }'; then verdict="met ($tr)"
    else verdict="**not met** ($tr)"; fi
    echo "Target: ms-redis / none throughput ≥ $TARGET_RATIO — $verdict."
    echo
  fi
  echo "errors: wrk socket errors (connect, read, write, timeout) plus responses with status ≥ 400, summed over all rounds;"
  echo "any makes \"failed requests\" in answers (the application's log says why: results/sessions-$STAMP/NAME.log)."
  echo "answers: a new session must answer 1 and set a cookie, then 2 and 3 with that cookie on fresh connections (\`none\`:"
  echo "200 \`-\` and no cookie), checked before and after the load; after the warm-up and after every round each of the"
  echo "$SESSIONS sessions is read once more and its counter must have grown — \"session lost\" otherwise; \"stalled\": fewer"
  echo "than $STALL_FLOOR completed requests per connection per second in some round. updates kept: the counters' growth"
  echo "during the rounds ÷ the requests wrk completed; about 1.000 when every request's write survived (a little above:"
  echo "requests in flight when wrk stops), below 1 when concurrent requests of one session overwrote each other's counter"
  echo "(last writer wins): expected with SESSIONS=1; with as many sessions as connections, a slow request can still overlap"
  echo "the next request of its session, 50 requests later (a few percent when latencies vary)."
  echo "app CPU %: the application JVM's CPU time ÷ wall time (100 = the one CPU it has); app µs/req: that CPU time per"
  echo "request, whatever the bottleneck — when app CPU % is well below 100 the application was waiting (for the store, or"
  echo "for a CPU shared with other processes) and the CPU-per-request ratio says more than the throughput one. load CPU %:"
  echo "the same for wrk and every store on CPU $LOAD_CPU (near 100: the load side, not the application, may be the limit)."
  echo "other CPU %: everything else (idle contenders, other processes) plus hypervisor steal; above ~5 the round was"
  echo "disturbed."
  local notes=0
  for c in "${CONTENDER_LIST[@]}"; do
    [[ -n ${NOTES[$c]:-} ]] || continue
    (( notes++ )) || { echo; echo "Notes:"; echo; }
    echo "- $c: ${NOTES[$c]%; }."
  done
  for c in "${CONTENDER_LIST[@]}"; do
    [[ -z ${UNAVAILABLE[$c]:-} ]] || { echo; echo "**$c not measured:** ${UNAVAILABLE[$c]}"; }
    [[ -z ${FAILED[$c]:-} ]] || { echo; echo "**$c incomplete:** ${FAILED[$c]}"; }
    [[ ${CHECK_BEFORE[$c]:-ok} == ok ]] || { echo; echo "**$c answered wrongly before the load:** ${CHECK_BEFORE[$c]#FAILED: }"; }
    [[ ${CHECK_AFTER[$c]:-ok} == ok ]] || { echo; echo "**$c answered wrongly after the load:** ${CHECK_AFTER[$c]#FAILED: }"; }
    [[ -z ${STALLS[$c]:-} ]] || { echo; echo "**$c stalled:** ${STALLS[$c]%; } (see results/sessions-$STAMP/round*-$c.txt)"; }
  done
  echo
  echo "Commands (logs, wrk output and cookie files are kept in \`benchmarks/results/sessions-$STAMP/\`):"
  echo
  local cmd
  for c in "${CONTENDER_LIST[@]}" "${STORE_NAMES[@]}"; do
    cmd=${CMDLINE[$c]//"$JAR_RUN"/$(basename "$JAR")}; cmd=${cmd//"$TMP"/<tmp>}
    echo "- $c: \`$cmd\`"
  done
}

report_text=$(report)
printf '%s\n' "$report_text" >"$RAW/report.md"
cp "$RAW/report.md" "$RESULTS_DIR/sessions-latest.md"
printf '%s\n' "$report_text"
log "report: benchmarks/results/sessions-latest.md (raw output in benchmarks/results/sessions-$STAMP/)"

for c in "${CONTENDER_LIST[@]}"; do
  if [[ -n ${UNAVAILABLE[$c]:-} || -n ${FAILED[$c]:-} || $(answers "$c") != ok ]]; then exit 3; fi
done
exit 0
