#!/usr/bin/env bash
# WebSocket synchronization benchmark: how long a broadcast takes to cross from one node to the clients of another,
# and how many messages per second cross, per channel — beside the raw Redis pub/sub round trip (the floor), all in
# the same run.
#
# Layout: CPU 0: redis-server and the MongoDB peer (mongo-java-server with oplog, an in-memory MongoDB in a JVM:
# not a real mongod). CPU 1: one JVM per contender and round (benchmarks/broadcast, -XX:ActiveProcessorCount=1)
# holding node A and node B (each a Jetty 12 server with ClusterHub on its own channel connection) and the
# WebSocket clients: one sender on A, RECEIVERS receivers on B. The floor is a Lettuce PUBLISH on one connection
# and a SUBSCRIBE on another in such a JVM. Contenders run in turn, A B C ..., A B C ...
#
# Usage: benchmarks/broadcast.sh     (env: ROUNDS MEASURE RATE RECEIVERS BURST WARMUP CONTENDERS ...; see usage())
# Output: a Markdown report on stdout and in benchmarks/results/broadcast-latest.md; raw output in
#         benchmarks/results/broadcast-<stamp>/.
# Exit status: 0 every contender measured and complete; 1 setup error; 3 report written but some contender lost
#              messages or could not be measured.
set -euo pipefail

ALL_CONTENDERS="floor hub-memory hub-redis hub-redis-streams hub-mongo"

usage() {
  cat <<USAGE
benchmarks/broadcast.sh — cross-node WebSocket broadcast latency and throughput per channel, beside raw Redis pub/sub.

Environment (all optional):
  ROUNDS=3          rounds; each round runs every contender once, in order, each in a fresh JVM
  MEASURE=10        seconds of paced sending measured for latency
  RATE=1000         messages per second sent by the one sender during warm-up and measurement
  WARMUP=20         seconds of paced sending before the measurement (discarded; the JIT on one CPU: with 5 s
                    hub-redis p99 was 6 ms, with 20 s under 2 ms)
  RECEIVERS=10      WebSocket clients on node B, each of which must receive every message
  BURST=20000       messages sent back to back after the latency phase: messages/s until every receiver has all
  CONTENDERS="$ALL_CONTENDERS"
                      floor              raw PUBLISH/SUBSCRIBE through Lettuce, no hub (one receiver)
                      hub-memory         ClusterHub on memory: (both nodes in one JVM share the channel)
                      hub-redis          ClusterHub on redis:// pub/sub
                      hub-redis-streams  ClusterHub on redis://?mode=streams
                      hub-mongo          ClusterHub on mongodb:// (change streams on the MongoDB peer)
  LOAD_CPU=0 APP_CPU=1  REDIS_PORT=18311 MONGO_PORT=18313
  TARGET_P99_MS=5   report whether hub-redis's p99 is under this
  JAR=path          use this benchmark jar instead of building benchmarks/broadcast
  NO_INSTALL=1      never apt-get install missing tools (also implied by CI or non-root)
USAGE
}
case "${1:-}" in -h|--help) usage; exit 0 ;; "") ;; *) usage >&2; exit 1 ;; esac

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RESULTS_DIR="$ROOT/benchmarks/results"
log() { printf '[broadcast %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'benchmarks/broadcast.sh: error: %s\n' "$*" >&2; exit 1; }
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

ROUNDS=${ROUNDS:-3} MEASURE=${MEASURE:-10} RATE=${RATE:-1000} WARMUP=${WARMUP:-20}
RECEIVERS=${RECEIVERS:-10} BURST=${BURST:-20000}
CONTENDERS=${CONTENDERS:-$ALL_CONTENDERS}
LOAD_CPU=${LOAD_CPU:-0} APP_CPU=${APP_CPU:-1}
REDIS_PORT=${REDIS_PORT:-18311} MONGO_PORT=${MONGO_PORT:-18313}
TARGET_P99_MS=${TARGET_P99_MS:-5}
HOST=127.0.0.1
for v in ROUNDS MEASURE RATE WARMUP RECEIVERS BURST REDIS_PORT MONGO_PORT; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v: '${!v}' (expected: a whole number > 0)"
done
declare -A CHANNEL=(
  [floor]="redis://$HOST:$REDIS_PORT"
  [hub-memory]="memory:"
  [hub-redis]="redis://$HOST:$REDIS_PORT"
  [hub-redis-streams]="redis://$HOST:$REDIS_PORT?mode=streams"
  [hub-mongo]="mongodb://$HOST:$MONGO_PORT/multiserver_bench"
)
read -r -a LIST <<<"$CONTENDERS"
(( ${#LIST[@]} > 0 )) || die "CONTENDERS is empty"
for c in "${LIST[@]}"; do [[ -n ${CHANNEL[$c]:-} ]] || die "unknown contender '$c' (known: $ALL_CONTENDERS)"; done
has() { local c; for c in "${LIST[@]}"; do [[ $c == "$1" ]] && return 0; done; return 1; }
NEED_REDIS="" NEED_MONGO=""
{ has floor || has hub-redis || has hub-redis-streams; } && NEED_REDIS=1
has hub-mongo && NEED_MONGO=1

# ---------------------------------------------------------------- tools
needed=(java taskset)
[[ -n $NEED_REDIS ]] && needed+=(redis-server)
missing=()
for t in "${needed[@]}"; do command -v "$t" >/dev/null 2>&1 || missing+=("$t"); done
if (( ${#missing[@]} > 0 )); then
  if [[ " ${missing[*]} " == *" redis-server "* && $(id -u) == 0 && -z ${CI:-} && -z ${NO_INSTALL:-} ]] \
      && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server >&2 || die "could not install redis-server"
  else
    die "missing tools: ${missing[*]} (Debian: apt-get install -y redis-server; java and taskset come with the JDK and util-linux)"
  fi
fi
if [[ -z ${JAR:-} ]]; then
  log "building benchmarks/broadcast"
  (cd "$ROOT" && mvn -B -q -Pbenchmarks -pl benchmarks/broadcast -am package -DskipTests) >&2 || die "build failed"
  JAR=$(ls "$ROOT"/benchmarks/broadcast/target/multiserver-benchmarks-broadcast-*.jar | grep -v original | head -1)
fi
[[ -f $JAR ]] || die "JAR: $JAR does not exist"

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RAW="$RESULTS_DIR/broadcast-$STAMP"
mkdir -p "$RAW"
PIDS=()
cleanup() { local p; for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
port_free() { ! (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }
await_port() {
  local i
  for i in $(seq 100); do (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null && return 0; sleep 0.1; done
  die "nothing listens on $HOST:$1 after 10 s (see $RAW/$2.log)"
}
if [[ -n $NEED_REDIS ]]; then
  port_free "$REDIS_PORT" || die "port $REDIS_PORT is in use (REDIS_PORT)"
  REDIS_DIR=$(mktemp -d)
  taskset -c "$LOAD_CPU" redis-server --bind "$HOST" --port "$REDIS_PORT" --save "" --appendonly no \
    --daemonize no --dir "$REDIS_DIR" >"$RAW/redis.log" 2>&1 &
  PIDS+=($!)
  await_port "$REDIS_PORT" redis
fi
# The MongoDB peer keeps its oplog in memory without a cap (a real mongod's is capped), and reading change streams
# slows down as it grows: a fresh peer for every hub-mongo run keeps the rounds comparable.
MONGO_PID=""
start_mongo() {
  port_free "$MONGO_PORT" || die "port $MONGO_PORT is in use (MONGO_PORT)"
  taskset -c "$LOAD_CPU" java -XX:ActiveProcessorCount=1 -Xms256m -Xmx256m \
    -cp "$JAR" dev.multiserver.benchmarks.broadcast.MongoPeer "$HOST" "$MONGO_PORT" >>"$RAW/mongo.log" 2>&1 &
  MONGO_PID=$!
  PIDS+=("$MONGO_PID")
  await_port "$MONGO_PORT" mongo
}
stop_mongo() {
  [[ -n $MONGO_PID ]] || return 0
  kill "$MONGO_PID" 2>/dev/null || true
  wait "$MONGO_PID" 2>/dev/null || true
  MONGO_PID=""
}

# ---------------------------------------------------------------- rounds
declare -A P50=() P99=() MAXL=() MPS=() STATUS=()
FAILED=""
for round in $(seq "$ROUNDS"); do
  for c in "${LIST[@]}"; do
    out="$RAW/$c-$round.log"
    log "round $round: $c (${CHANNEL[$c]})"
    [[ $c == hub-mongo ]] && start_mongo
    set +e
    timeout -k 5 $(( WARMUP + MEASURE + 240 )) taskset -c "$APP_CPU" java -XX:ActiveProcessorCount=1 -Xms512m -Xmx512m \
      -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$JAR" \
      --contender "$([[ $c == floor ]] && echo floor || echo hub)" --channel "${CHANNEL[$c]}" \
      --rate "$RATE" --seconds "$MEASURE" --warmup "$WARMUP" --receivers "$RECEIVERS" --burst "$BURST" >"$out" 2>&1
    rc=$?
    set -e
    [[ $c == hub-mongo ]] && stop_mongo
    line=$(grep '^result ' "$out" | tail -1 || true)
    get() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" <<<"$line"; }
    if [[ -z $line || -n $(get error) ]]; then
      STATUS[$c]="not measured (exit $rc; $out)"; FAILED=1; continue
    fi
    P50[$c]+=" $(get p50_ms)" P99[$c]+=" $(get p99_ms)" MAXL[$c]+=" $(get max_ms)" MPS[$c]+=" $(get burst_msgs_per_s)"
    if (( rc != 0 )); then
      STATUS[$c]="**lost messages** (latency $(get latency_delivered)/$(get latency_expected), burst $(get burst_delivered)/$(get burst_expected) in round $round)"
      FAILED=1
    fi
    log "  p50 $(get p50_ms) ms, p99 $(get p99_ms) ms, max $(get max_ms) ms, burst $(get burst_msgs_per_s) msgs/s, exit $rc"
  done
done

# ---------------------------------------------------------------- report
med() { [[ -n ${1:-} ]] && median <<<"$1" || true; }
per_round() { local v out=""; for v in $1; do out+="$(fmt "$v" "$2"), "; done; echo "${out%, }"; }
report() {
  echo "## WebSocket synchronization benchmark"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- machine: $(nproc) CPUs, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(uname -sr)"
  echo "- versions: $(java -version 2>&1 | head -1); $( [[ -n $NEED_REDIS ]] && redis-server --version | cut -d' ' -f1-3); git $(git -C "$ROOT" rev-parse --short HEAD)$( [[ -n $(git -C "$ROOT" status --porcelain) ]] && echo ', working tree with uncommitted changes')"
  echo "- command: \`ROUNDS=$ROUNDS MEASURE=$MEASURE RATE=$RATE WARMUP=$WARMUP RECEIVERS=$RECEIVERS BURST=$BURST CONTENDERS=\"$CONTENDERS\" benchmarks/broadcast.sh\`"
  echo "- layout: redis-server$( [[ -n $NEED_MONGO ]] && echo ' and the MongoDB peer (mongo-java-server, oplog on, started afresh for each hub-mongo run)') on CPU $LOAD_CPU; one JVM per contender and round on CPU $APP_CPU (\`-XX:ActiveProcessorCount=1\`) with node A, node B (Jetty 12 + ClusterHub, one channel connection each), one sender client on A and $RECEIVERS receiver clients on B; the floor: Lettuce PUBLISH and SUBSCRIBE on two connections, one receiver"
  echo "- latency: the sender sends $RATE messages/s for ${WARMUP}s (discarded), then for ${MEASURE}s; the age of each message at each receiver on B (sender and receivers share the JVM's clock). burst: $BURST messages back to back; messages/s until every receiver on B had all of them"
  echo
  echo "| contender | channel | p50 ms (median) | p99 ms (median) | p99 ms per round | max ms (worst round) | burst msgs/s (median) | burst msgs/s per round | complete |"
  echo "|---|---|---:|---:|---|---:|---:|---|---|"
  local c
  for c in "${LIST[@]}"; do
    if [[ -n ${P99[$c]:-} ]]; then
      echo "| $c | \`${CHANNEL[$c]}\` | $(fmt "$(med "${P50[$c]}")" 2) | $(fmt "$(med "${P99[$c]}")" 2) | $(per_round "${P99[$c]}" 2) | $(fmt "$(tr ' ' '\n' <<<"${MAXL[$c]}" | awk 'NF' | sort -g | tail -1)" 1) | $(fmt "$(med "${MPS[$c]}")" 0) | $(per_round "${MPS[$c]}" 0) | ${STATUS[$c]:-yes} |"
    else
      echo "| $c | \`${CHANNEL[$c]}\` | n/a | n/a | — | — | n/a | — | ${STATUS[$c]:-not measured} |"
    fi
  done
  echo
  if has floor; then
    echo "| ratio to the floor | p99 latency (lower is better) | burst msgs/s (higher is better) |"
    echo "|---|---:|---:|"
    for c in "${LIST[@]}"; do
      [[ $c == floor ]] && continue
      echo "| $c / floor | $(ratio "$(med "${P99[$c]:-}")" "$(med "${P99[floor]:-}")") | $(ratio "$(med "${MPS[$c]:-}")" "$(med "${MPS[floor]:-}")") |"
    done
    echo
  fi
  if has hub-redis; then
    local p verdict
    p=$(med "${P99[hub-redis]:-}")
    if [[ -z $p ]]; then verdict="not measured"
    elif [[ -n ${STATUS[hub-redis]:-} ]]; then verdict="**not met**: ${STATUS[hub-redis]}"
    elif awk -v p="$p" -v t="$TARGET_P99_MS" 'BEGIN { exit !(p < t) }'; then verdict="met ($(fmt "$p" 2) ms)"
    else verdict="**not met** ($(fmt "$p" 2) ms)"; fi
    echo "Target: hub-redis p99 < $TARGET_P99_MS ms on loopback — $verdict."
    echo
  fi
  echo "Raw output: \`benchmarks/results/broadcast-$STAMP/\`."
}
report | tee "$RESULTS_DIR/broadcast-latest.md"
[[ -z $FAILED ]] || exit 3
