# shellcheck shell=bash
# Node.js for the benchmarks' baselines (bench/baselines/*): node and npm from Debian when missing, and
# `npm ci` of a baseline's package-lock.json, run again only when the lock changed (a stamp in node_modules).
# Use: source bench/lib/node.sh; node_ci bench/baselines/node-web

node_ci() { # DIR
  local dir="$1" sudo="" want have
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq nodejs npm
  fi
  want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1) $(node --version)"
  have="$(cat "$dir/node_modules/.bench-lock" 2>/dev/null || true)"
  if [ "$want" != "$have" ]; then
    echo "npm ci in ${dir#"$PWD"/} ..."
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$dir/node_modules/.bench-lock"
  fi
}
