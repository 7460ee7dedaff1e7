# shellcheck shell=bash
# Whether a jar built from this checkout is missing or older than any module's sources or POM: bin/rsvp-stack
# and bin/rehearse-failover rebuild such a jar rather than run code from before a change.
jar_is_stale() { # ROOT JAR
  [ ! -f "$2" ] && return 0
  [ -n "$(find "$1" -path "$1/.git" -prune -o \( -path '*/src/*' -o -name pom.xml \) -newer "$2" -print -quit)" ]
}
