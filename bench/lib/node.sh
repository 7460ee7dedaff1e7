# shellcheck shell=bash
# Node.js for the benchmarks' baselines (bench/baselines/node-*): node and npm from Debian when missing, and the
# baseline copied into a target directory with `npm ci` of its package-lock.json there, run again only when the
# lock or node changed (a stamp in node_modules), as session-lib's NodeApp does for its interop app.
# Use: source bench/lib/node.sh; node_ci bench/baselines/node-web bench/web/target/node-web

node_ci() { # SOURCE-DIR TARGET-DIR
  local src="$1" dest="$2" sudo="" want have
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq nodejs npm
  fi
  mkdir -p "$dest"
  cp "$src"/package.json "$src"/package-lock.json "$src"/*.js "$dest"/
  want="$(sha256sum "$src/package-lock.json" | cut -d' ' -f1) $(node --version)"
  have="$(cat "$dest/node_modules/.bench-lock" 2>/dev/null || true)"
  if [ "$want" != "$have" ]; then
    echo "npm ci in $dest ..."
    (cd "$dest" && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed in $dest" >&2; return 1; }
    echo "$want" >"$dest/node_modules/.bench-lock"
  fi
}
