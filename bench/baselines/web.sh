# shellcheck shell=bash
# shellcheck disable=SC2034 # BASELINES_RAN is read by bench/web/run, which sources this file
# The baselines bench/web/run measures beside rsvp-web in the same run, with the same clients:
#   bare Undertow     dev.rsvpstack.web.bench.BareUndertowServer (rsvp-web's test classes): GET / answers the same
#                     page bytes with no session; /ws/rsvps is an Undertow-core WebSocket broadcaster pushing the
#                     same message on the same schedule. The ceiling of the server rsvp-web is built on.
#                     Given memcached nodes, GET / also makes one session-store operation through session-lib's
#                     MemcachedSessionStore: a save (no Cookie header) or a load (Cookie: id=CEILING_ID). The
#                     ceiling of a session request: the server plus the memcached operation, with no session logic.
#   the book's app    bench/baselines/node-web/app.js (listing 6.13 modernised: express 5, express-session +
#                     connect-memcached on the same memcached nodes, socket.io 4), one Node process as in the book;
#                     fan-out with one broadcast timer ("Node at its best") and with a timer per connection (the book's).
# Sourced by bench/web/run, which defines ROOT, WORK, CP, JAVA_LOG, RUNS, PORT, MC_NODES, pids and http_scenario(); each
# function adds its rows and the ratio rows (summary_ratio: ours' median ÷ the baseline's median) to the summary.
# BENCH_BASELINES=off leaves them out.

# shellcheck source=bench/lib/node.sh
source "$ROOT/bench/lib/node.sh"
BARE_PORT=$((PORT + 2))
NODE_PORT=$((PORT + 3))
BARE_STORE_PORT=$((PORT + 4)) # bare Undertow with the session store, up beside the plain one during the HTTP rounds
NODE_WEB="$WORK/node-web" # bench/baselines/node-web, installed there by node_ci
PAGE_FILE="$ROOT/rsvp-web/src/main/resources/dev/rsvpstack/web/static/index.html" # the bytes rsvp-web serves
BOOK="the book's app (express 5, express-session + connect-memcached, socket.io 4)"
BASELINES_RAN="" # set once a baseline ran: bench/web/run then notes them in the summary
BARE="bare Undertow"
SAVE="bare Undertow + one session-store save per request (not waited for)"
LOAD="bare Undertow + one session-store load per request (waited for)"
CEILING_ID="ceilingCeilingCeilingCeilingCeil" # BareUndertowServer.CEILING_ID, stored when it starts

baseline_pid=""
http_baseline_pids=() # the HTTP baselines, all up together during bench/web/run's interleaved rounds
baseline_wait() { # PORT: until /healthz answers
  for _ in $(seq 1 150); do
    curl -fsS "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "a baseline server did not start; see $WORK/baseline-*.log" >&2
  exit 1
}
baseline_start_bare() { # port pollMs changeMs [memcached nodes]
  local listen="$1"
  shift
  java -Xms256m -Xmx256m "${JAVA_LOG[@]}" -cp "$CP" dev.rsvpstack.web.bench.BareUndertowServer "$listen" "$@" \
    >"$WORK/baseline-bare-$listen.log" 2>&1 &
  baseline_pid=$!
  pids+=("$baseline_pid")
  baseline_wait "$listen"
}
baseline_start_node() { # FANOUT SESSIONS pollMs changeMs
  node_ci "$ROOT/bench/baselines/node-web" "$NODE_WEB"
  (cd "$NODE_WEB" && exec env PORT="$NODE_PORT" FANOUT="$1" SESSIONS="$2" POLL_MS="$3" CHANGE_MS="$4" \
    MEMCACHED="$MC_NODES" SESSION_SECRET="bench-secret" PAGE="$PAGE_FILE" node app.js) \
    >"$WORK/baseline-node-$1.log" 2>&1 &
  baseline_pid=$!
  pids+=("$baseline_pid")
  baseline_wait "$NODE_PORT"
}
baseline_stop() {
  kill "$baseline_pid" 2>/dev/null || true
  wait "$baseline_pid" 2>/dev/null || true
}

# Beside rsvp-web's HTTP scenarios (their rows are the numerators), measured in the same interleaved rounds
# (bench/web/run's http_measure): bare Undertow, the ceilings of a session request, the book's app.
baselines_http_start() {
  BASELINES_RAN=yes
  local cookie
  baseline_start_bare "$BARE_PORT" 5000 60000
  http_baseline_pids+=("$baseline_pid")
  # The ceiling of a session request: bare Undertow plus the one memcached operation rsvp-web makes, through
  # session-lib's public store and nothing else (BareUndertowServer with memcached nodes).
  baseline_start_bare "$BARE_STORE_PORT" 5000 60000 "$MC_NODES"
  http_baseline_pids+=("$baseline_pid")
  baseline_start_node broadcast on 5000 60000
  http_baseline_pids+=("$baseline_pid")
  cookie="$(curl -fsS -D - -o /dev/null "http://127.0.0.1:$NODE_PORT/" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p')"
  [ -n "$cookie" ] || { echo "no session cookie from the book's app" >&2; exit 1; }

  http_scenario bare-http "baseline, $BARE: GET /, no session, the same page bytes" "—" "—" "http://127.0.0.1:$BARE_PORT/"
  http_scenario bare-save "baseline, $SAVE: GET /, no cookie" "—" "—" "http://127.0.0.1:$BARE_STORE_PORT/"
  http_scenario bare-load "baseline, $LOAD: GET /, Cookie" "—" "—" -H "Cookie: id=$CEILING_ID" \
    "http://127.0.0.1:$BARE_STORE_PORT/"
  http_scenario book-new-session "baseline, $BOOK: GET /, new session every request" "—" "—" "http://127.0.0.1:$NODE_PORT/"
  http_scenario book-cookie "baseline, $BOOK: GET /, valid session cookie" "—" "—" -H "Cookie: $cookie" \
    "http://127.0.0.1:$NODE_PORT/"
}

# After the rounds: the ratio rows, and the HTTP baselines stopped.
baselines_http_finish() {
  local pid ours_new="GET /, new session every request: throughput (req/s)"
  local ours_cookie="GET /, valid session cookie: throughput (req/s)" ours_plain="GET /, no sessions: throughput (req/s)"
  for pid in "${http_baseline_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  http_baseline_pids=()
  local bare="baseline, $BARE: GET /, no session, the same page bytes: throughput (req/s)"
  summary_ratio "GET /, new session every request: ours as a share of $BARE (%)" "≥ 70 %" % "$ours_new" "$bare"
  summary_ratio "GET /, valid session cookie: ours as a share of $BARE (%)" "≥ 70 %" % "$ours_cookie" "$bare"
  summary_ratio "GET /, no sessions: ours as a share of $BARE (%)" "—" % "$ours_plain" "$bare"
  local save="baseline, $SAVE: GET /, no cookie: throughput (req/s)" load="baseline, $LOAD: GET /, Cookie: throughput (req/s)"
  summary_ratio "GET /, ceiling with one session-store save: $SAVE as a share of $BARE (%)" "—" % "$save" "$bare"
  summary_ratio "GET /, ceiling with one session-store load: $LOAD as a share of $BARE (%)" "—" % "$load" "$bare"
  summary_ratio "GET /, new session every request: ours as a share of $SAVE (%)" "—" % "$ours_new" "$save"
  summary_ratio "GET /, valid session cookie: ours as a share of $LOAD (%)" "—" % "$ours_cookie" "$load"
  summary_ratio "GET /, new session every request: ours ÷ the book's app (×)" "≥ 20" × "$ours_new" \
    "baseline, $BOOK: GET /, new session every request: throughput (req/s)"
  summary_ratio "GET /, valid session cookie: ours ÷ the book's app (×)" "≥ 20" × "$ours_cookie" \
    "baseline, $BOOK: GET /, valid session cookie: throughput (req/s)"
}

# RUNS fan-out runs of FanoutClient against one baseline server; rows as for rsvp-web's.
baseline_fanout_series() { # NAME FIGURE URI CLIENTS [java options]
  local name="$1" figure="$2" uri="$3" clients="$4" run p99s=() closed=() reached=()
  shift 4
  for run in $(seq 1 "$RUNS"); do
    fanout_run "$clients" "$run" "$uri" "$name" "$@" # bench/web/run's: client JVMs of at most PER_JVM clients
    p99s+=("$(sed -n 's/.*median-p99-ms=\([0-9-]*\).*/\1/p' "$WORK/fanout-$name-$run.txt")")
    closed+=("$(sed -n 's/^RESULT .*closed=\([0-9]*\).*/\1/p' "$WORK/fanout-$name-$run.txt")")
    reached+=("$(awk '/^update .*: reached / && $4 == $6 { n++ } END { print n + 0 }' "$WORK/fanout-$name-$run.txt") of 3")
  done
  summary_row "$figure, p99, median of a run's 3 updates (ms)" "—" "${p99s[@]}"
  summary_row "$figure: updates that reached every client" "—" "${reached[@]}"
  summary_row "$figure: clients disconnected during the run (count)" "—" "${closed[@]}"
}

# After rsvp-web's fan-out to CLIENTS (its p99 row is the numerator): the same client against each baseline,
# the same schedule (poll every 1 s, new data every 3 s). Given a list of client counts, the first one (the
# targets name 10,000: one client JVM, one Node process's worth of sockets); at the other counts bare
# Undertow alone, the server's own ceiling beside ours.
baselines_fanout() { # CLIENTS...
  BASELINES_RAN=yes
  local clients="${1%% *}" socketio="ws://127.0.0.1:$NODE_PORT/socket.io/?EIO=4&transport=websocket"
  local ours="fan-out to $clients WebSocket clients: delay from the poll to arrival, p99, median of a run's 3 updates (ms)"
  local fig="fan-out to $clients WebSocket clients: delay from the poll to arrival"
  baseline_start_bare "$BARE_PORT" 1000 3000
  baseline_fanout_series bare "baseline, $BARE (core WebSocket broadcaster): $fig" "ws://127.0.0.1:$BARE_PORT/ws/rsvps" "$clients"
  baseline_stop
  baseline_start_node broadcast off 1000 3000
  baseline_fanout_series book-broadcast "baseline, the book's app, one broadcast timer (socket.io 4): $fig" "$socketio" \
    "$clients" -Dfanout.socketio=true
  baseline_stop
  baseline_start_node per-connection off 1000 3000
  baseline_fanout_series book-per-connection \
    "baseline, the book's app, a timer per connection (socket.io 4): fan-out to $clients WebSocket clients: delay from the data change to arrival (includes each connection's timer phase, up to 1 s)" \
    "$socketio" "$clients" -Dfanout.socketio=true
  baseline_stop
  summary_ratio "fan-out to $clients clients, p99: ours ÷ the book's app with one broadcast timer (×)" "≤ 0.5" × "$ours" \
    "baseline, the book's app, one broadcast timer (socket.io 4): $fig, p99, median of a run's 3 updates (ms)"
  summary_ratio "fan-out to $clients clients, p99: ours ÷ $BARE (×)" "≤ 1.5" × "$ours" \
    "baseline, $BARE (core WebSocket broadcaster): $fig, p99, median of a run's 3 updates (ms)"
  local more
  for more in ${1#"$clients"}; do # the other counts: bare Undertow only, the server's own ceiling there
    ours="fan-out to $more WebSocket clients: delay from the poll to arrival, p99, median of a run's 3 updates (ms)"
    fig="fan-out to $more WebSocket clients: delay from the poll to arrival"
    baseline_start_bare "$BARE_PORT" 1000 3000
    baseline_fanout_series "bare-$more" "baseline, $BARE (core WebSocket broadcaster): $fig" \
      "ws://127.0.0.1:$BARE_PORT/ws/rsvps" "$more"
    baseline_stop
    summary_ratio "fan-out to $more clients, p99: ours ÷ $BARE (×)" "—" × "$ours" \
      "baseline, $BARE (core WebSocket broadcaster): $fig, p99, median of a run's 3 updates (ms)"
  done
}
