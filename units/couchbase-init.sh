#!/usr/bin/env bash
# Initialises the Couchbase node running in container $1 (host networking), once: cluster-init,
# the bucket, and a user named after the bucket for the applications (Couchbase 5+ has no bucket
# passwords; the SDK logs in as the bucket's name with RSVP_COUCHBASE_PASSWORD_FILE's password).
# Book listing 6.1's ExecStartPost, fixed: balanced quotes, a bounded wait instead of an endless
# loop, idempotent (a restarted node keeps its data and is not initialised twice), couchbase-cli
# from the Couchbase image (docker exec), values from /etc/rsvp-stack/cluster.env, passwords
# from files. Installed on the nodes as /opt/rsvp-stack/bin/couchbase-init.
# Usage: couchbase-init CONTAINER
set -euo pipefail

container="${1:?usage: couchbase-init CONTAINER}"
secrets="${RSVP_SECRETS_DIR:-/etc/rsvp-stack/secrets}"
admin_user="${RSVP_COUCHBASE_ADMIN_USER:-Administrator}"
bucket="${RSVP_COUCHBASE_BUCKET:-rsvps}"
cluster_ramsize="${RSVP_COUCHBASE_CLUSTER_RAMSIZE:-512}"
index_ramsize="${RSVP_COUCHBASE_INDEX_RAMSIZE:-256}"
bucket_ramsize="${RSVP_COUCHBASE_BUCKET_RAMSIZE:-256}"
bucket_replicas="${RSVP_COUCHBASE_BUCKET_REPLICAS:-0}"
wait_seconds="${RSVP_COUCHBASE_INIT_WAIT:-300}"
rest="http://127.0.0.1:8091"

read_secret() {
  local file="$secrets/$1"
  if [ ! -s "$file" ]; then
    echo "couchbase-init: $file is missing or empty" >&2
    exit 2
  fi
  tr -d '\n' <"$file"
}
admin_password="$(read_secret couchbase-admin-password)"
bucket_password="$(read_secret couchbase-password)"

# couchbase-cli reads the administrator's credentials from these variables; docker exec -e NAME
# passes them on without putting the password on a command line.
export CB_REST_USERNAME="$admin_user" CB_REST_PASSWORD="$admin_password"
cli() {
  docker exec -e CB_REST_USERNAME -e CB_REST_PASSWORD "$container" couchbase-cli "$@"
}
# curl with the credentials in a config read from stdin, not on its command line.
admin_curl() {
  printf 'user = "%s:%s"\n' "$admin_user" "$admin_password" | curl -K - -fsS -o /dev/null "$@"
}

echo "couchbase-init: waiting for $container's REST API on $rest"
deadline=$((SECONDS + wait_seconds))
until curl -fsS -o /dev/null "$rest/pools"; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "couchbase-init: $rest did not answer within ${wait_seconds}s" >&2
    exit 1
  fi
  sleep 2
done

if admin_curl "$rest/pools/default"; then
  echo "couchbase-init: the cluster is already initialised"
else
  echo "couchbase-init: cluster-init (services data,index,query; ${cluster_ramsize} MB)"
  until docker exec "$container" couchbase-cli cluster-init -c "$rest" \
      --cluster-username "$admin_user" \
      --cluster-password "$admin_password" \
      --services data,index,query \
      --cluster-ramsize "$cluster_ramsize" \
      --cluster-index-ramsize "$index_ramsize" \
      --index-storage-setting default; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "couchbase-init: cluster-init kept failing for ${wait_seconds}s" >&2
      exit 1
    fi
    echo "couchbase-init: retrying cluster-init"
    sleep 2
  done
fi

# The applications query map/reduce views, which run only on couchstore buckets. Couchbase Server
# 8.0 creates Magma buckets by default (no views there), so the backend is always named.
if bucket_json="$(printf 'user = "%s:%s"\n' "$admin_user" "$admin_password" \
    | curl -K - -fsS "$rest/pools/default/buckets/$bucket")"; then
  echo "couchbase-init: bucket $bucket exists"
  if [[ "$bucket_json" == *'"storageBackend":"magma"'* ]]; then
    echo "couchbase-init: bucket $bucket uses the magma storage backend, which runs no views;" \
      "recreate it with --storage-backend couchstore (or migrate its data to a couchstore bucket)" >&2
    exit 2
  fi
else
  echo "couchbase-init: creating bucket $bucket (couchstore, ${bucket_ramsize} MB, ${bucket_replicas} replicas)"
  cli bucket-create -c "$rest" \
    --bucket "$bucket" \
    --bucket-type couchbase \
    --storage-backend couchstore \
    --bucket-ramsize "$bucket_ramsize" \
    --bucket-replica "$bucket_replicas" \
    --wait
fi

# Creates or updates the application user: the password file stays the source of truth.
echo "couchbase-init: setting user $bucket (bucket_full_access, bucket_admin on $bucket)"
cli user-manage -c "$rest" --set \
  --rbac-username "$bucket" \
  --rbac-password "$bucket_password" \
  --roles "bucket_full_access[$bucket],bucket_admin[$bucket]" \
  --auth-domain local
echo "couchbase-init: done"
