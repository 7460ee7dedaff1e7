# shellcheck shell=bash
# HTTP scenarios measured with wrk, interleaved (bench/web/run, bench/spring-session/run): register each scenario
# against a server that is up with http_scenario, then http_measure runs a 5 s warm-up of each and RUNS rounds
# in which every scenario runs once, so a change of this shared machine's speed hits them all alike, and adds a
# throughput and a p99 row per scenario to the summary (bench/lib/summary.sh, sourced first).
# Needs: WORK (wrk outputs go there), RUNS, DURATION.

to_ms() { # wrk latency like 812.00us, 3.21ms, 1.02s -> ms
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

# HTTP scenarios, measured interleaved by http_measure: http_scenario registers one against a server that is up.
HTTP_NAMES=()
declare -A HTTP_FIGURE HTTP_RATE_TARGET HTTP_P99_TARGET HTTP_ARGS
http_scenario() { # name figure throughput-target p99-target wrk-arguments...
  local name="$1" IFS=$'\x1f'
  HTTP_NAMES+=("$name")
  HTTP_FIGURE[$name]="$2"
  HTTP_RATE_TARGET[$name]="$3"
  HTTP_P99_TARGET[$name]="$4"
  shift 4
  HTTP_ARGS[$name]="$*" # one string, split again at the unit separator: arguments may hold spaces
}

# Every registered scenario: a 5 s warm-up each (JIT, connections), then RUNS rounds in which each runs once.
# Rows in the order the scenarios were registered, as summary_row computes them.
http_measure() {
  local name run out rate p99 errors args=()
  local -A run_rates run_p99s
  for name in "${HTTP_NAMES[@]}"; do
    IFS=$'\x1f' read -r -a args <<<"${HTTP_ARGS[$name]}"
    wrk -t2 -c64 -d5s "${args[@]}" >/dev/null
  done
  for run in $(seq 1 "$RUNS"); do
    for name in "${HTTP_NAMES[@]}"; do
      IFS=$'\x1f' read -r -a args <<<"${HTTP_ARGS[$name]}"
      out="$(wrk -t2 -c64 -d"$DURATION" --latency "${args[@]}")"
      echo "$out" >"$WORK/wrk-$name-$run.txt"
      rate="$(echo "$out" | awk '/^Requests\/sec:/ { print $2 }')"
      p99="$(to_ms "$(echo "$out" | awk '$1 == "99%" { print $2 }')")"
      errors="$(echo "$out" | grep -E 'Non-2xx|Socket errors' || true)"
      echo "  round $run, $name: $rate req/s, p99 $p99 ms ${errors}"
      [ -z "$errors" ] || summary_note "$name run $run: $errors"
      run_rates[$name]+=" $rate"
      run_p99s[$name]+=" $p99"
    done
  done
  for name in "${HTTP_NAMES[@]}"; do
    # shellcheck disable=SC2086 # the runs' values, one word each
    echo "$name: median $(summary_median ${run_rates[$name]}) req/s, median p99 $(summary_median ${run_p99s[$name]}) ms (runs:${run_rates[$name]})"
    # shellcheck disable=SC2086
    summary_row "${HTTP_FIGURE[$name]}: throughput (req/s)" "${HTTP_RATE_TARGET[$name]}" ${run_rates[$name]}
    # shellcheck disable=SC2086
    summary_row "${HTTP_FIGURE[$name]}: latency p99 (ms)" "${HTTP_P99_TARGET[$name]}" ${run_p99s[$name]}
  done
}
