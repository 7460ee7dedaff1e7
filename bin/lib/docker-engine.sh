# shellcheck shell=bash
# Our own Docker engine (Debian's docker.io, dockerd 20.10), started and stopped by our scripts with
# its state under one directory of ours, and with every option that would touch the host's firewall
# or routing turned off (see DESIGN.md, "Containers on these machines"): a dockerd with its default
# --iptables=true sets the host's FORWARD policy to DROP and adds NAT rules, which breaks other
# bridges on the machine. Containers talk to each other on a user-defined network instead.
#
# Sourced by bin/images, bin/containers and bin/test-containers. Needs root (dockerd runs as root).
#   engine_start   start our dockerd unless it already answers; exports DOCKER_HOST
#   engine_stop    stop it, by the pid it wrote, if this shell started it
#   engine_stop_any    stop it whoever started it (bin/containers down)
#   dk ARGS...     Debian's docker client (20.10, the engine's API) against our engine
#   dkc ARGS...    Debian's docker-compose (1.29) against our engine
# State: $RSVP_DOCKER_STATE (default /var/tmp/rsvp-stack-docker): the socket, data root (images,
# the cache that makes a second build fast), exec root, pid file and dockerd.log.

RSVP_DOCKER_STATE="${RSVP_DOCKER_STATE:-/var/tmp/rsvp-stack-docker}"
# Debian's client, not whatever 'docker' comes first on the PATH: a newer client may default to an
# API version that dockerd 20.10 (API 1.41) refuses.
RSVP_DOCKER_CLIENT="${RSVP_DOCKER_CLIENT:-/usr/bin/docker}"
export DOCKER_HOST="unix://$RSVP_DOCKER_STATE/docker.sock"
export DOCKER_API_VERSION="${DOCKER_API_VERSION:-1.41}"
# docker-compose 1.29 builds with the classic builder unless told otherwise; keep it explicit.
export COMPOSE_DOCKER_CLI_BUILD=0 DOCKER_BUILDKIT=0
_engine_started_here=0

dk() {
  "$RSVP_DOCKER_CLIENT" "$@"
}

dkc() {
  /usr/bin/docker-compose "$@"
}

# engine_require: Debian's docker.io, docker-compose and debootstrap, installed when missing, without
# ever running Debian's own docker.service: that one starts dockerd with its default --iptables=true,
# which rewrites the host's firewall. A policy-rc.d (the Debian way to keep a package's postinst from
# starting services) holds it off during the install, and on a machine run by systemd the service
# and its socket are disabled afterwards, so no such engine starts at boot either.
engine_require() {
  # shellcheck source=bin/lib/require-packages.sh
  source "$(dirname "${BASH_SOURCE[0]}")/require-packages.sh"
  # command -v would find /usr/local/bin/docker (a client only), so look at Debian's paths
  if [ -x /usr/bin/docker ] && [ -x /usr/sbin/dockerd ] && [ -x /usr/bin/docker-compose ] \
    && [ -x /usr/sbin/debootstrap ]; then
    return 0
  fi
  local policy=/usr/sbin/policy-rc.d ours=0 status=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# rsvp-stack (bin/lib/docker-engine.sh): no service starts while docker.io installs\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    ours=1
  fi
  install_packages docker.io docker-compose debootstrap || status=$?
  if [ "$ours" -eq 1 ]; then
    rm -f "$policy"
  fi
  if [ -d /run/systemd/system ]; then
    systemctl disable --now docker.service docker.socket >/dev/null 2>&1 || true
  fi
  return "$status"
}

engine_answers() {
  dk version --format '{{.Server.Version}}' >/dev/null 2>&1
}

engine_start() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "docker-engine: our dockerd runs as root; run this as root (or with sudo)" >&2
    return 2
  fi
  engine_require
  if engine_answers; then
    return 0
  fi
  mkdir -p "$RSVP_DOCKER_STATE/data" "$RSVP_DOCKER_STATE/exec"
  chmod 700 "$RSVP_DOCKER_STATE"
  echo "docker-engine: starting dockerd (state in $RSVP_DOCKER_STATE, no firewall changes)" >&2
  # setsid: the engine outlives neither a Ctrl-C to the caller nor our own stop, but is not in the
  # caller's process group, so a terminal's signals go to the caller, which then stops it cleanly.
  setsid /usr/sbin/dockerd \
    --host "$DOCKER_HOST" \
    --data-root "$RSVP_DOCKER_STATE/data" \
    --exec-root "$RSVP_DOCKER_STATE/exec" \
    --pidfile "$RSVP_DOCKER_STATE/dockerd.pid" \
    --iptables=false --ip-forward=false --ip-masq=false --bridge=none \
    --storage-driver overlay2 \
    >>"$RSVP_DOCKER_STATE/dockerd.log" 2>&1 </dev/null &

  for _ in $(seq 1 300); do
    if engine_answers; then
      _engine_started_here=1
      return 0
    fi
    sleep 0.1
  done
  echo "docker-engine: dockerd did not answer within 30 s; see $RSVP_DOCKER_STATE/dockerd.log" >&2
  tail -n 20 "$RSVP_DOCKER_STATE/dockerd.log" >&2 || true
  return 1
}

# engine_stop: stops our dockerd by its pid file when this shell started it. dockerd stops its
# containers (their stop timeouts) and its containerd before it exits.
engine_stop() {
  if [ "$_engine_started_here" -eq 1 ]; then
    engine_stop_any
  fi
}

engine_stop_any() {
  local pidfile="$RSVP_DOCKER_STATE/dockerd.pid" pid=""
  [ -f "$pidfile" ] && pid="$(cat "$pidfile")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 300); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "docker-engine: dockerd $pid ignored SIGTERM for 30 s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  # dockerd 20.10 leaves the host namespace's handle (exec/netns/default) mounted; anything mounted
  # under our state directory is ours to release
  local mount
  awk -v dir="$RSVP_DOCKER_STATE/" 'index($2, dir) == 1 { print $2 }' /proc/mounts | sort -r \
    | while IFS= read -r mount; do
      umount "$mount" 2>/dev/null || umount -l "$mount" 2>/dev/null || true
    done
  _engine_started_here=0
}
