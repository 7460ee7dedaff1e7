# shellcheck shell=bash
# Runs the 'docker run' line of every unit in units/ against our engine, with the image the tests
# built, so that a wrong flag or path fails bin/test and not a user's cluster. For
# bin/test-containers; needs bin/lib/docker-engine.sh and bin/lib/images.sh sourced, the engine
# started and the images built.
#
# A unit runs as systemd would run it, with these differences, each needed on a development machine:
#   - specifiers: %i is 1; ${VAR} from the unit's Environment= lines and from node.env/cluster.env
#     written here (etcd: a container of ours on the network $UNITS_NETWORK)
#   - /etc/rsvp-stack/secrets and /run/rsvp-stack are directories under the work directory, and
#     /opt/rsvp-stack/bin/X is units/X.sh (how the nodes install them)
#   - the engine has no default bridge (--bridge=none), so a line without --network gets
#     --network $UNITS_NETWORK; a published port gets a host port Docker picks on 127.0.0.1 (fixed
#     ports such as 3000 may be taken on a shared machine); the container side stays as written
#   - 'docker pull' is skipped (no registry), and so is couchbase@ (the official Couchbase image)
#   - lb-sync finds no HAProxy on its socket (it retries, never fatal) and its status port is 0 (free)
# A unit passes when its container has run for UNITS_RUN_S seconds and then stops on its ExecStop
# line with an exit status the unit counts as success (0 or 143).

UNITS_NETWORK="${UNITS_NETWORK:-rsvp-units}"
UNITS_SUBNET="${UNITS_SUBNET:-10.89.0}"
UNITS_RUN_S="${UNITS_RUN_S:-4}"
# memcached@ first: memcached-sidekick@ reads its published port.
UNITS_ORDER=(memcached@ memcached-sidekick@ couchbase-sidekick@ sim archiver@ web@ lb-sync)

# units_value UNIT_FILE KEY: the values of KEY= lines (continuation lines joined), one a line
units_value() {
  awk -v key="$2" '
    { line = line $0 }
    /\\$/ { sub(/\\$/, "", line); next }
    { if (index(line, key "=") == 1) print substr(line, length(key) + 2); line = "" }' "$1"
}

# units_expand WORK TEXT: %i and the path mappings
units_expand() {
  local work="$1" text="$2"
  text="${text//%i/1}"
  text="${text//\/etc\/rsvp-stack\/secrets/$work/secrets}"
  text="${text//\/run\/rsvp-stack/$work/run}"
  text="${text//\/opt\/rsvp-stack\/bin\/published-address/$UNITS_ROOT/units/published-address.sh}"
  printf '%s' "$text"
}

# units_docker_run WORK LINE: the ExecStart line with the engine's differences (see above)
units_docker_run() {
  local line="$2"
  line="${line#-}"
  line="${line/#\/usr\/bin\/docker run /dk run }"
  if [[ "$line" != *"--network "* ]]; then
    line="${line/#dk run /dk run --network $UNITS_NETWORK }"
  fi
  # --publish [IP:][HOST]:CONTAINER -> --publish 127.0.0.1::CONTAINER
  line="$(sed -E 's/--publish ([^ ]*:)?([0-9]+)( |$)/--publish 127.0.0.1::\2\3/g' <<<"$line")"
  printf '%s' "$line"
}

units_run_all() {
  UNITS_ROOT="$1"
  local work="$2" unit file line name failures="" pids=() names=() i
  mkdir -p "$work/secrets" "$work/run" "$work/env"
  (umask 077 && for s in couchbase-password session-secret; do
    [ -s "$work/secrets/$s" ] || head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$work/secrets/$s"
  done)
  chown -R 10001:10001 "$work/secrets"
  cat >"$work/env/node.env" <<EOF
RSVP_NODE_IP=127.0.0.1
EOF
  cat >"$work/env/cluster.env" <<EOF
RSVP_ETCD_ENDPOINTS=http://$UNITS_SUBNET.10:2379
RSVP_ARCHIVER_SOURCE=ws://$UNITS_SUBNET.50:8090/2/rsvps
RSVP_LB_SYNC_STATUS_PORT=0
EOF
  dk network create --subnet "$UNITS_SUBNET.0/24" "$UNITS_NETWORK" >/dev/null
  dk run -d --rm --name units-etcd --network "$UNITS_NETWORK" --ip "$UNITS_SUBNET.10" "$RSVP_ETCD_IMAGE" \
    --name units --listen-client-urls http://0.0.0.0:2379 \
    --advertise-client-urls "http://$UNITS_SUBNET.10:2379" >"$work/units-etcd.id" 2>"$work/units-etcd.err"

  for unit in "${UNITS_ORDER[@]}"; do
    file="$UNITS_ROOT/units/$unit.service"
    name="$(basename "$unit" @)"
    (
      set -euo pipefail
      # the nodes' docker is /usr/bin/docker (published-address calls it by name)
      PATH="/usr/bin:$PATH"
      # the unit's environment, then its environment files, as systemd reads them (later wins)
      while IFS= read -r line; do
        [ -n "$line" ] && export "${line?}"
      done < <(units_value "$file" Environment)
      export RSVP_IMAGE MEMCACHED_IMAGE="$RSVP_MEMCACHED_IMAGE"
      set -a
      # shellcheck disable=SC1091
      source "$work/env/node.env"
      # shellcheck disable=SC1091
      source "$work/env/cluster.env"
      set +a
      export RSVP_IMAGE MEMCACHED_IMAGE="$RSVP_MEMCACHED_IMAGE"
      while IFS= read -r line; do
        line="$(units_expand "$work" "$line")"
        case "$line" in
          *"docker pull"*) ;;
          -*"docker rm"*) eval "dk ${line#*/usr/bin/docker }" >/dev/null 2>&1 || true ;;
          *) eval "${line#-}" ;;
        esac
      done < <(units_value "$file" ExecStartPre)
      for env_file in $(units_value "$file" EnvironmentFile); do
        env_file="$(units_expand "$work" "${env_file#-}")"
        if [ -f "$env_file" ] && [[ "$env_file" == "$work"/run/* ]]; then
          set -a
          # shellcheck disable=SC1090
          source "$env_file"
          set +a
        fi
      done
      line="$(units_docker_run "$work" "$(units_expand "$work" "$(units_value "$file" ExecStart)")")"
      echo "$line" >"$work/$name.cmd"
      eval "$line"
    ) >"$work/$name.log" 2>&1 &
    pids+=("$!")
    names+=("$name")
    if [ "$unit" = memcached@ ]; then
      # its sidekick's ExecStartPre waits for the published port anyway; this only orders the logs
      sleep 1
    fi
  done

  # each container must run UNITS_RUN_S seconds in a row
  local deadline=$((SECONDS + 60)) container since
  declare -A running_since=()
  while :; do
    local all=1
    for i in "${!names[@]}"; do
      container="${names[$i]}-1"
      case "${names[$i]}" in sim | lb-sync) container="${names[$i]}" ;; esac
      [ "${running_since[$container]:-}" != exited ] || continue
      if [ "$(dk inspect -f '{{.State.Running}}' "$container" 2>/dev/null)" = true ]; then
        since="${running_since[$container]:-$SECONDS}"
        running_since[$container]="$since"
        [ $((SECONDS - since)) -ge "$UNITS_RUN_S" ] || all=0
      else
        if ! kill -0 "${pids[$i]}" 2>/dev/null; then
          failures+=" ${names[$i]}(exited early; see $work/${names[$i]}.log)"
          running_since[$container]=exited
        else
          all=0
        fi
      fi
    done
    [ "$all" -eq 1 ] && break
    if [ "$SECONDS" -ge "$deadline" ]; then
      failures+=" (not every unit ran $UNITS_RUN_S s within 60 s)"
      break
    fi
    sleep 0.5
  done

  # ExecStop, dependents first (the reverse order), then the status of each 'docker run'
  local status
  for ((i = ${#names[@]} - 1; i >= 0; i--)); do
    file="$UNITS_ROOT/units/${UNITS_ORDER[$i]}.service"
    line="$(units_expand "$work" "$(units_value "$file" ExecStop)")"
    eval "dk ${line#*/usr/bin/docker }" >/dev/null 2>&1 || true
    status=0
    wait "${pids[$i]}" || status=$?
    printf '    %-22s exit %s after its ExecStop\n' "${UNITS_ORDER[$i]/%@/@1}" "$status"
    if [ "$status" -ne 0 ] && [ "$status" -ne 143 ]; then
      failures+=" ${names[$i]}(exit $status; see $work/${names[$i]}.log)"
    fi
  done
  units_cleanup
  if [ -n "$failures" ]; then
    echo "units:$failures" >&2
    return 1
  fi
}

# units_cleanup: whatever units_run_all may have left when it was interrupted
units_cleanup() {
  dk rm -f memcached-1 memcached-sidekick-1 couchbase-sidekick-1 sim archiver-1 web-1 lb-sync units-etcd >/dev/null 2>&1 || true
  dk volume rm rsvp-archiver-1 >/dev/null 2>&1 || true
  dk network rm "$UNITS_NETWORK" >/dev/null 2>&1 || true
}
