# shellcheck shell=bash
# compose/compose.yaml on our engine, for bin/containers and bin/test-containers. Needs
# bin/lib/docker-engine.sh sourced. COMPOSE_PROJECT_NAME names the project (default rsvp-stack).

RSVP_COMPOSE_FILE="${RSVP_COMPOSE_FILE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/compose/compose.yaml}"
export COMPOSE_PROJECT_NAME="${COMPOSE_PROJECT_NAME:-rsvp-stack}"
# Without a controlling terminal docker-compose 1.29 would still draw progress bars.
export COMPOSE_INTERACTIVE_NO_CLI=1

compose() {
  dkc --ansi never -f "$RSVP_COMPOSE_FILE" "$@"
}

# compose_secrets DIR: the secrets as files, made once, readable by UID 10001 only.
compose_secrets() {
  local dir="$1" name file
  mkdir -p "$dir"
  for name in couchbase-password session-secret; do
    file="$dir/$name"
    if [ ! -s "$file" ]; then
      (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$file")
    fi
    chown 10001:10001 "$file"
    chmod 400 "$file"
  done
}

# compose_up: every service of the default profile, then waits (up to RSVP_UP_TIMEOUT s, default
# 240) until every container that has a health check reports healthy.
compose_up() {
  compose up -d --no-build --quiet-pull 2>&1 | grep -v '^Creating\|^Starting' || true
  compose_wait_healthy "${RSVP_UP_TIMEOUT:-240}"
}

# compose_containers: the ids of the project's containers (running or not).
compose_containers() {
  dk ps -aq --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME"
}

# compose_unhealthy: names of the project's containers whose health is not (yet) healthy, or that
# do not run.
compose_unhealthy() {
  local id
  for id in $(compose_containers); do
    dk inspect --format '{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$id"
  done | awk '$2 != "running" || ($3 != "healthy" && $3 != "none") { sub("^/", "", $1); print $1 "(" $2 "," $3 ")" }'
}

compose_wait_healthy() {
  local timeout="$1" started=$SECONDS pending
  while :; do
    pending="$(compose_unhealthy)"
    if [ -z "$pending" ]; then
      echo "compose: every container runs and every health check passes ($((SECONDS - started)) s)" >&2
      return 0
    fi
    if [ $((SECONDS - started)) -ge "$timeout" ]; then
      echo "compose: not healthy after $timeout s: $(echo "$pending" | tr '\n' ' ')" >&2
      return 1
    fi
    sleep 1
  done
}

compose_status() {
  local id
  printf '%-40s %-10s %-10s %s\n' CONTAINER STATE HEALTH ADDRESS
  for id in $(compose_containers); do
    dk inspect --format '{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}-{{end}} {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$id"
  done | sed 's|^/||' | sort | awk '{ printf "%-40s %-10s %-10s %s\n", $1, $2, $3, $4 }'
}

# compose_down: containers (of every profile), the network and the named volumes.
compose_down() {
  compose --profile failover down --volumes --remove-orphans --timeout 10 2>&1 \
    | grep -v '^Stopping\|^Removing' || true
}
