# shellcheck shell=bash
# Helpers shared by bin/local-cluster and bin/rehearse-failover, the two scripts that run the whole
# stack from the launcher: secrets, waiting for a check, health checks and the HAProxy configuration.
# Source it; it defines functions only.

# new_secret FILE: 24 random bytes, base64 without /+=, in FILE (mode 600) unless FILE already holds
# one; prints FILE.
new_secret() {
  local file="$1"
  if [ ! -s "$file" ]; then
    head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$file"
    chmod 600 "$file"
  fi
  echo "$file"
}

# http_ok URL: the URL answers 2xx within 2 s.
http_ok() { curl -fsS -o /dev/null --max-time 2 "$1" >/dev/null 2>&1; }

# check_within SECONDS CHECK...: 0 as soon as CHECK passes (tried every 0.2 s), 1 if it has not after
# SECONDS. The caller says what did not come up.
check_within() {
  local seconds="$1" deadline
  shift
  deadline=$(($(date +%s) + seconds))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

# archiver_role STATUS_URL: "leader" or "standby" from an archiver's /healthz, nothing if it does
# not answer.
archiver_role() {
  curl -s --max-time 2 "$1" 2>/dev/null | grep -o '"role":"[a-z]*"' | cut -d'"' -f4 || true
}

# haproxy_config BIND_ADDRESS LB_PORT STATS_PORT ADMIN_SOCKET: the configuration on stdout.
# Round robin over an empty backend 'web' that 'rsvp-stack lb-sync' fills at run time from
# /services/web/ in etcd through the admin socket (no web address is listed here, and no reload is
# needed when one comes or goes); lb-sync adds each server with /healthz checks every second (down
# after 2 failures). A failed request is sent to another instance, WebSockets are held for an hour,
# the stats page is CSV at http://BIND_ADDRESS:STATS_PORT/;csv.
haproxy_config() {
  local bind="$1" lb_port="$2" stats_port="$3" socket="$4"
  cat <<EOC
global
    maxconn 8000
    log stdout format raw local0
    stats socket $socket mode 600 level admin
defaults
    mode http
    log global
    option httplog
    option redispatch
    retries 2
    timeout connect 1s
    timeout client 60s
    timeout server 60s
    timeout tunnel 1h
frontend web
    bind $bind:$lb_port
    maxconn 8000
    default_backend web
frontend stats
    bind $bind:$stats_port
    stats enable
    stats uri /
backend web
    balance roundrobin
    option httpchk GET /healthz
EOC
}
