# shellcheck shell=bash
# Whether a jar built from this checkout is missing or older than any module's sources or POM: bin/rsvp-stack
# and bin/rehearse-failover rebuild such a jar rather than run code from before a change. Build output is not
# a source: target/ directories are skipped (consumer-its copies its projects, sources and POMs, under
# consumer-its/target/it/ on every bin/test, which made every jar look stale after a test run).
jar_is_stale() { # ROOT JAR
  [ ! -f "$2" ] && return 0
  [ -n "$(find "$1" \( -path "$1/.git" -o -name target -o -name node_modules \) -prune -o \
    \( -path '*/src/*' -o -name pom.xml \) -newer "$2" -print -quit)" ]
}
