#!/usr/bin/env bash
# Writes RSVP_SIDEKICK_ADDRESS=<address>:<port> to ENV_FILE, where <address>:<port> is where
# CONTAINER publishes PORT on this machine ("docker port"). Waits up to RSVP_PUBLISHED_WAIT seconds
# (default 60) for the container to run. A port published on every interface (0.0.0.0 or ::) is
# announced with this node's address, RSVP_NODE_IP.
# Installed on the nodes as /opt/rsvp-stack/bin/published-address; used by memcached-sidekick@.
# Usage: published-address CONTAINER PORT/PROTO ENV_FILE
set -euo pipefail

if [ "$#" -ne 3 ]; then
  echo "usage: published-address CONTAINER PORT/PROTO ENV_FILE" >&2
  exit 2
fi
container="$1"
port="$2"
env_file="$3"
wait_seconds="${RSVP_PUBLISHED_WAIT:-60}"

deadline=$((SECONDS + wait_seconds))
address=""
while :; do
  # The first IPv4 mapping, e.g. 172.17.8.101:49153.
  address="$(docker port "$container" "$port" 2>/dev/null | grep -E '^[0-9.]+:[0-9]+$' | head -n 1 || true)"
  [ -n "$address" ] && break
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "published-address: $container publishes no $port after ${wait_seconds}s" >&2
    exit 1
  fi
  sleep 1
done

host="${address%:*}"
if [ "$host" = "0.0.0.0" ]; then
  host="${RSVP_NODE_IP:?RSVP_NODE_IP is not set (see /etc/rsvp-stack/node.env)}"
fi
mkdir -p "$(dirname "$env_file")"
tmp="$(mktemp "$env_file.XXXXXX")"
printf 'RSVP_SIDEKICK_ADDRESS=%s:%s\n' "$host" "${address##*:}" >"$tmp"
mv -f "$tmp" "$env_file"
echo "published-address: $container $port is at $host:${address##*:}"
