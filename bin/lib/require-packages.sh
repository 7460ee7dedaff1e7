# shellcheck shell=bash
# require_packages BINARY=PACKAGE ...: installs, from Debian, the package of every binary that is missing.
# Sourced by bin/test and bin/local-cluster, so both install what they need the same way.
require_packages() {
  local missing=() pair binary package
  for pair in "$@"; do
    binary="${pair%%=*}"
    package="${pair#*=}"
    if ! command -v "$binary" >/dev/null 2>&1 && [ ! -x "/usr/bin/$binary" ] && [ ! -x "/usr/sbin/$binary" ]; then
      missing+=("$package")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    return 0
  fi
  install_packages "${missing[@]}"
}

# install_packages PACKAGE...: installs these Debian packages (for binaries that 'command -v' cannot
# judge, such as Debian's docker client behind another one earlier on the PATH).
install_packages() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  echo "installing $* from Debian" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@"
}
