# Helpers shared by benchmarks/run.sh and benchmarks/sessions.sh: sourced, not run. Both scripts define
# die() before sourcing this file.

# to_seconds DURATION -> seconds: wrk's duration syntax ("10s", "1m", "90"), to bound every wrk run with timeout(1)
to_seconds() {
  local d=$1
  [[ $d =~ ^([0-9]+)([smh]?)$ ]] || die "bad duration '$d' (use e.g. 10s, 1m)"
  local n=${BASH_REMATCH[1]}
  case ${BASH_REMATCH[2]} in m) n=$((n * 60)) ;; h) n=$((n * 3600)) ;; esac
  (( n > 0 )) || die "duration '$d' must be positive"
  echo "$n"
}

# parse_wrk FILE -> "rps p99_ms errors socket_errors non2xx bytes_per_response requests" (or fails)
parse_wrk() {
  awk '
    function ms(v,   n) {
      n = v + 0
      if (v ~ /us$/) return n / 1000
      if (v ~ /ms$/) return n
      if (v ~ /m$/)  return n * 60000
      if (v ~ /h$/)  return n * 3600000
      if (v ~ /s$/)  return n * 1000
      return n
    }
    function bytes(v,   n) {
      n = v + 0
      if (v ~ /KB$/) return n * 1024
      if (v ~ /MB$/) return n * 1048576
      if (v ~ /GB$/) return n * 1073741824
      if (v ~ /TB$/) return n * 1099511627776
      return n
    }
    /^Requests\/sec:/                 { rps = $2; have_rps = 1 }
    /^[ \t]*99(\.000)?%/              { p99 = ms($2); have_p99 = 1 }
    / requests in .* read$/           { reqs = $1; rd = bytes($(NF - 1)) }
    /Socket errors:/                  { gsub(",", ""); sock = $4 + $6 + $8 + $10 }
    /Non-2xx or 3xx responses:/       { non2xx = $NF + 0 }
    END {
      if (!have_rps || !have_p99) exit 1
      printf "%s %.3f %d %d %d %.0f %d\n", rps, p99, sock + non2xx, sock, non2xx, (reqs > 0 ? rd / reqs : 0), reqs
    }' "$1"
}

# median (numbers on stdin, any spacing) / fmt VALUE DECIMALS / ratio A B ("n/a" when either is missing or B is 0)
median() { tr ' ' '\n' | awk 'NF' | sort -g | awk '{ v[NR] = $1 } END {
  if (NR == 0) exit 1
  if (NR % 2) printf "%.3f\n", v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
fmt() { awk -v v="$1" -v d="$2" 'BEGIN { printf "%.*f", d, v }'; }
ratio() { if [[ -n $1 && -n $2 ]]; then awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; else printf 'n/a'; fi; }
