# shellcheck shell=bash
# The image builds of bin/images, sourced also by bin/test-containers. Needs bin/lib/docker-engine.sh
# sourced and the engine started.

RSVP_IMAGE="${RSVP_IMAGE:-ghcr.io/rsvp-stack/rsvp-stack:0.1.0}"
# the same with the embedded CouchbaseMock (rsvp-stack-demo.jar): 'demo' and 'couchbase-mock'
RSVP_DEMO_IMAGE="${RSVP_DEMO_IMAGE:-ghcr.io/rsvp-stack/rsvp-stack-demo:0.1.0}"
RSVP_ETCD_IMAGE="${RSVP_ETCD_IMAGE:-rsvp-stack/etcd:local}"
RSVP_MEMCACHED_IMAGE="${RSVP_MEMCACHED_IMAGE:-rsvp-stack/memcached:local}"
RSVP_HAPROXY_IMAGE="${RSVP_HAPROXY_IMAGE:-rsvp-stack/haproxy:local}"
RSVP_DEBIAN_MIRROR="${RSVP_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
# Everything that decides the base image's content. Change it and the base is made again.
# shellcheck disable=SC2054 # the comma belongs to --include, not a separator
RSVP_BASE_DEBOOTSTRAP=(--variant=minbase --include=openjdk-17-jre-headless,curl bookworm)
export RSVP_IMAGE RSVP_DEMO_IMAGE RSVP_ETCD_IMAGE RSVP_MEMCACHED_IMAGE RSVP_HAPROXY_IMAGE

# images_base_name: the base image's name, keyed by a hash of its inputs (the debootstrap arguments
# and mirror, and the import step's changes below).
images_base_name() {
  local key
  key="$(printf '%s\n' "${RSVP_BASE_DEBOOTSTRAP[@]}" "$RSVP_DEBIAN_MIRROR" "import-v1" | sha256sum | cut -c1-12)"
  echo "rsvp-stack-base:$key"
}

# images_base: makes the base image unless our engine already holds it (the engine's data root
# under $RSVP_DOCKER_STATE is the cache, so a second run reuses it in no time).
images_base() {
  local name rootfs started
  name="$(images_base_name)"
  if dk image inspect "$name" >/dev/null 2>&1; then
    echo "images: base $name cached" >&2
    return 0
  fi
  rootfs="$RSVP_DOCKER_STATE/rootfs"
  rm -rf "$rootfs"
  mkdir -p "$rootfs"
  started=$SECONDS
  echo "images: making base $name with debootstrap ${RSVP_BASE_DEBOOTSTRAP[*]} (about 40 s)" >&2
  if ! /usr/sbin/debootstrap "${RSVP_BASE_DEBOOTSTRAP[@]}" "$rootfs" "$RSVP_DEBIAN_MIRROR" \
    >"$RSVP_DOCKER_STATE/debootstrap.log" 2>&1; then
    tail -n 30 "$RSVP_DOCKER_STATE/debootstrap.log" >&2
    echo "images: debootstrap failed; the whole log is $RSVP_DOCKER_STATE/debootstrap.log" >&2
    return 1
  fi
  # apt's downloaded packages and lists: the images' own builds run apt-get update again
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log
  tar -C "$rootfs" -c . | dk import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["bash"]' \
    - "$name" >/dev/null
  rm -rf "$rootfs"
  echo "images: base $name made in $((SECONDS - started)) s" >&2
}

# images_build NAME CONTEXT [DOCKERFILE [BUILD-ARG...]]: docker build with our base; the log only when it fails.
images_build() {
  local name="$1" context="$2" dockerfile="${3:-$2/Dockerfile}" log started=$SECONDS
  shift $(($# < 3 ? $# : 3))
  log="$RSVP_DOCKER_STATE/build-${name//[\/:]/_}.log"
  if ! dk build --network host --build-arg "BASE=$(images_base_name)" "$@" -t "$name" -f "$dockerfile" \
    "$context" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "images: building $name failed; the whole log is $log" >&2
    return 1
  fi
  echo "images: $name built in $((SECONDS - started)) s" >&2
}

images_build_all() {
  local root="$1"
  if [ ! -f "$root/launchers/target/rsvp-stack.jar" ] || [ ! -f "$root/launchers/target/rsvp-stack-demo.jar" ]; then
    echo "images: launchers/target/rsvp-stack.jar or rsvp-stack-demo.jar is missing; building them" >&2
    "$root/bin/rsvp-stack" --version >/dev/null
  fi
  images_base || return 1
  # the image's labels say what runs: the release and the commit the jar was built from, as its
  # --version reads them from the manifest ("rsvp-stack 0.1.0 (commit 0123456789ab)")
  local line version revision
  line="$(java -jar "$root/launchers/target/rsvp-stack.jar" --version)"
  if [[ ! "$line" =~ ^rsvp-stack\ ([^ ]+)\ \(commit\ ([^\)]+)\)$ ]]; then
    echo "images: unexpected version line from the jar: $line" >&2
    return 1
  fi
  version="${BASH_REMATCH[1]}"
  revision="${BASH_REMATCH[2]}"
  # each || return: a caller's `images_build_all ... || fail` turns set -e off inside this function
  images_build "$RSVP_IMAGE" "$root" "$root/Dockerfile" \
    --build-arg "VERSION=$version" --build-arg "REVISION=$revision" || return 1
  images_build "$RSVP_DEMO_IMAGE" "$root" "$root/Dockerfile" \
    --build-arg "VERSION=$version" --build-arg "REVISION=$revision" --build-arg "JAR=rsvp-stack-demo.jar" || return 1
  images_build "$RSVP_ETCD_IMAGE" "$root/images/etcd" || return 1
  images_build "$RSVP_MEMCACHED_IMAGE" "$root/images/memcached" || return 1
  images_build "$RSVP_HAPROXY_IMAGE" "$root/images/haproxy" || return 1
}
