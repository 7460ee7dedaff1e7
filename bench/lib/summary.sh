# shellcheck shell=bash
# The summary every benchmark writes for bench/run (see "Running every benchmark" in bench/README.md):
#   <dir>/summary.tsv   figure<TAB>median<TAB>target<TAB>met<TAB>runs, one line per figure
#   <dir>/summary.meta  command=, date=, runs=, loadavg=, finished=, note= (one per note)
# Use:
#   source bench/lib/summary.sh
#   summary_begin "$out" "$@"                         # at the start: forgets the last summary, notes time and load
#   summary_row "figure (unit)" "≤ 20 ms" 1.2 3.4 2.2  # the target decides met: ≥ N, ≤ N, = N, all (N of N), —
#   summary_kv "$spec" run-1.txt run-2.txt run-3.txt  # rows from `name: value` lines (spec: key|figure|target)
#   summary_ratio "figure (%)" "≥ 70 %" % "ours figure" "baseline figure"  # ours' median ÷ the baseline's median
#   summary_note "one line"
#   summary_end                                       # writes both files
# Medians and met: summary_median below, the one definition (bench/README.md, "Median and met").
# A ratio row has two more columns, the figures it divides (ours, then the baseline): bench/run prints those
# rows again as a table of ours beside each baseline. Rows without them keep the five columns.

summary_begin() { # DIR [the script's arguments]
  SUMMARY_DIR="$1"
  shift
  SUMMARY_ROWS=()
  SUMMARY_NOTES=()
  SUMMARY_RUNS=0
  SUMMARY_DATE="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  SUMMARY_LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"
  # The command line to reproduce: the BENCH_* settings in effect, the script relative to the repository, its arguments.
  local root script var
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  script="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
  SUMMARY_COMMAND=""
  for var in $(compgen -e | grep '^BENCH_' | sort); do
    SUMMARY_COMMAND+="$var=$(printf '%q' "${!var}") "
  done
  SUMMARY_COMMAND+="${script#"$root"/}"
  if [ $# -gt 0 ]; then
    SUMMARY_COMMAND+="$(printf ' %q' "$@")"
  fi
  mkdir -p "$SUMMARY_DIR"
  rm -f "$SUMMARY_DIR/summary.tsv" "$SUMMARY_DIR/summary.meta"
}

# summary_median VALUE...: the median as every benchmark and the rehearsal define it (bench/README.md,
# "Median and met"): values in order, numbers ascending (a value's number is its first word without
# thousands separators: "1,234 req/s" is 1234), then words alphabetically; the middle value for an odd
# count, the lower middle one for an even count; "n/a" for none. Never a mean: always a value a run gave.
summary_median() {
  [ "$#" -gt 0 ] || {
    echo "n/a"
    return
  }
  printf '%s\n' "$@" | awk '
    function num(v) { sub(/ .*/, "", v); gsub(/,/, "", v); return v }
    function isnum(v) { return v ~ /^-?[0-9]+(\.[0-9]+)?$/ }
    function before(a, b) { # numbers ascending, then words alphabetically
      if (isnum(num(a))) return !isnum(num(b)) || num(a) + 0 < num(b) + 0
      return !isnum(num(b)) && a < b
    }
    { s[NR] = $0 }
    END {
      n = NR
      for (i = 2; i <= n; i++) { v = s[i]; for (j = i - 1; j >= 1 && before(v, s[j]); j--) s[j + 1] = s[j]; s[j + 1] = v }
      print s[int((n + 1) / 2)]
    }'
}

summary_row() { # FIGURE TARGET VALUE... (a value is a number, optionally followed by words, or "N of M")
  local figure="$1" target="$2" median runs
  shift 2
  [ "$#" -le "$SUMMARY_RUNS" ] || SUMMARY_RUNS=$#
  median="$(summary_median "$@")"
  runs="$(printf '%s\n' "$@" | awk '{ r = r (NR > 1 ? " / " : "") $0 } END { printf "%s", r }')"
  # met is decided on the median alone
  SUMMARY_ROWS+=("$(awk -v figure="$figure" -v target="$target" -v median="$median" -v runs="$runs" '
    function num(v) { sub(/ .*/, "", v); gsub(/,/, "", v); return v }
    function isnum(v) { return v ~ /^-?[0-9]+(\.[0-9]+)?$/ }
    BEGIN {
      m = num(median); met = "—"
      t = target; gsub(/,/, "", t)
      if (index(t, "≥") == 1 || index(t, ">=") == 1) op = ">="
      else if (index(t, "≤") == 1 || index(t, "<=") == 1) op = "<="
      else if (index(t, "=") == 1) op = "="
      else if (t == "all") op = "all"
      if (op == "all") {
        met = (median ~ /^[0-9]+ of [0-9]+$/ && (split(median, p, " of ") == 2) && p[1] == p[2]) ? "yes" : "no"
      } else if (op != "") {
        sub(/^(≥|>=|≤|<=|=) */, "", t); sub(/ .*/, "", t)
        if (!isnum(m)) met = (op == "=" && m == t) ? "yes" : "no"
        else if (op == ">=") met = (m + 0 >= t + 0) ? "yes" : "no"
        else if (op == "<=") met = (m + 0 <= t + 0) ? "yes" : "no"
        else met = (m + 0 == t + 0) ? "yes" : "no"
      }
      if (target == "") target = "—"
      printf "%s\t%s\t%s\t%s\t%s", figure, median, target, met, runs
    }')")
}

# Rows from files of `name: value` lines, one file per run. SPEC has one `key|figure|target` line per known key, in
# the order of the table; figure "-" leaves a key out. Keys not in SPEC still get a row (figure = key, target —).
# A value is its first word, or "N of M" when it reads so.
summary_kv() { # SPEC FILE...
  local spec="$1" key figure target file value
  shift
  local -a values
  local -A known=()
  kv_values() {
    values=()
    for file in "$@"; do
      value="$(awk -v k="$key" 'index($0, k ": ") == 1 { sub(/^[^:]*: */, ""); print; exit }' "$file" 2>/dev/null)"
      if [[ "$value" =~ ^[0-9]+\ of\ [0-9]+ ]]; then value="${BASH_REMATCH[0]}"; else value="${value%% *}"; fi
      values+=("${value:-n/a}")
    done
  }
  while IFS='|' read -r key figure target; do
    [ -n "$key" ] || continue
    known[$key]=1
    [ "$figure" != "-" ] || continue
    kv_values "$@"
    summary_row "$figure" "${target:-—}" "${values[@]}"
  done <<<"$spec"
  while read -r key; do
    [ -z "${known[$key]:-}" ] || continue
    kv_values "$@"
    summary_row "$key" "—" "${values[@]}"
  done < <(cat "$@" 2>/dev/null | awk -F': ' '$1 ~ /^[A-Za-z0-9_.-]+$/ && NF > 1 && !seen[$1]++ { print $1 }')
}

# A ratio of two rows added before: the median of OURS divided by the median of BASELINE (the medians summary_row
# computed), in UNIT "%" (× 100) or "×", then met from TARGET as for any row. "n/a" when either median is not a number.
summary_ratio() { # FIGURE TARGET UNIT OURS-FIGURE BASELINE-FIGURE
  local figure="$1" target="$2" unit="$3" ours="$4" baseline="$5" a b ratio row
  a="$(summary_median_of "$ours")"
  b="$(summary_median_of "$baseline")"
  ratio="$(awk -v a="${a%% *}" -v b="${b%% *}" -v unit="$unit" 'BEGIN {
    gsub(/,/, "", a); gsub(/,/, "", b)
    if (a !~ /^-?[0-9]+(\.[0-9]+)?$/ || b !~ /^-?[0-9]+(\.[0-9]+)?$/ || b + 0 == 0) { print "n/a"; exit }
    r = a / b; if (unit == "%") r *= 100
    printf (r >= 100 ? "%.0f" : (r >= 10 ? "%.1f" : "%.2f")), r }')"
  summary_row "$figure" "$target" "$ratio"
  # the runs column says what was divided; two more columns name the rows, for the report's side-by-side table
  row="${SUMMARY_ROWS[-1]}"
  SUMMARY_ROWS[-1]="${row%$'\t'*}"$'\t'"${a:-n/a} ÷ ${b:-n/a}"$'\t'"$ours"$'\t'"$baseline"
}

# The median of a row added before (its second column), or nothing.
summary_median_of() { # FIGURE
  local row
  for row in "${SUMMARY_ROWS[@]}"; do
    if [ "${row%%$'\t'*}" = "$1" ]; then
      row="${row#*$'\t'}"
      echo "${row%%$'\t'*}"
      return 0
    fi
  done
}

summary_note() { SUMMARY_NOTES+=("$*"); }

summary_end() {
  local row note
  {
    printf 'figure\tmedian\ttarget\tmet\truns\n'
    for row in "${SUMMARY_ROWS[@]}"; do printf '%s\n' "$row"; done
  } >"$SUMMARY_DIR/summary.tsv.tmp"
  {
    echo "command=$SUMMARY_COMMAND"
    echo "date=$SUMMARY_DATE"
    echo "runs=$SUMMARY_RUNS"
    echo "loadavg=$SUMMARY_LOAD"
    echo "finished=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    for note in "${SUMMARY_NOTES[@]}"; do echo "note=${note//$'\n'/ }"; done
  } >"$SUMMARY_DIR/summary.meta"
  mv "$SUMMARY_DIR/summary.tsv.tmp" "$SUMMARY_DIR/summary.tsv"
  echo "summary: ${SUMMARY_DIR#"$PWD"/}/summary.tsv"
}
