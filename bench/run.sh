#!/usr/bin/env bash
# Times the built audit binary end to end and prints a Markdown table:
# wall time (best of RUNS) and peak memory (/usr/bin/time's maximum resident
# set size) for `audit --version`, `audit report` of a folder (PDF +
# workbook + tracker) at growing team sizes, one answer in FORMS a filled
# spreadsheet form (the rest YAML files), and a tracker append to a large
# tracker.
#
#   bench/run.sh                 # the README's table
#   SIZES="10 200" RUNS=3 FORMS=0 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=${SIZES:-"1 10 200 2000 20000"}
runs=${RUNS:-5}
forms=${FORMS:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/audit" ./cmd/audit
go build -o "$work/gen" ./bench/gen

# measure LABEL CMD...: runs CMD $runs times (after one warm-up run) and
# prints a table row with the best wall time and the largest peak memory.
measure() {
  local label=$1; shift
  "$@" >/dev/null 2>"$work/err" || { echo "failed: $*" >&2; cat "$work/err" >&2; exit 1; }
  local best="" peak=0
  for _ in $(seq "$runs"); do
    local start end ms kb
    start=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$work/mem" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    kb=$(tail -n 1 "$work/mem")
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
    if [ "$kb" -gt "$peak" ]; then peak=$kb; fi
  done
  printf '| %s | %d | %d |\n' "$label" "$best" "$((peak / 1024))"
  echo "$label $best $((peak / 1024))" >> "$work/results"
}

cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
echo "audit bench on $(nproc) cores${cpu:+ ($cpu)}, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(go version | cut -d' ' -f3), $(date -u +%Y-%m-%d)"
echo
echo "| case | wall (ms, best of $runs) | peak memory (MB) |"
echo "|---|---:|---:|"
measure "audit --version" "$work/audit" --version
mix="all YAML"
if [ "$forms" -gt 0 ]; then mix="1 in $forms a form"; fi
for n in $sizes; do
  "$work/gen" -n "$n" -forms "$forms" -out "$work/answers-$n"
  # One report per run of the folder; the tracker is rewritten each time
  # (the same team and quarter replace their row).
  measure "report, $n respondents ($mix; PDF + workbook + tracker)" \
    "$work/audit" report --date 2026-10-01 --out "$work/out-$n" --tracker "$work/tracker-$n.xlsx" "$work/answers-$n"
done
if "$work/gen" -tracker "$work/big.xlsx" -history 10000 -answer-rows 200000 2>/dev/null; then
  "$work/gen" -n 10 -out "$work/answers-append" -team "Appended Team"
  measure "tracker append, 10,000 History rows, 200,000 answer rows" \
    sh -c "cp '$work/big.xlsx' '$work/t.xlsx' && '$work/audit' report --format pdf --date 2026-10-01 --out '$work/out-append' --tracker '$work/t.xlsx' '$work/answers-append'"
fi

# The goals: 2,000 respondents under 1 s, 20,000 under 4 s and 300 MB.
echo
for n in 2000 20000; do
  if grep -q "^report, $n " "$work/results"; then
    awk -v n="$n" '$1 == "report," && $2 == n {
      printf "%s respondents: %d ms, %d MB (goal: under %s)\n", n, $(NF-1), $NF, (n == 2000 ? "1,000 ms" : "4,000 ms and 300 MB") }' "$work/results"
  fi
done

# The goal on linear growth: 2,000 respondents take at most 12 times as
# long as 200.
if grep -q "^report, 200 " "$work/results" && grep -q "^report, 2000 " "$work/results"; then
  t200=$(awk '/^report, 200 / {print $(NF-1)}' "$work/results")
  t2000=$(awk '/^report, 2000 / {print $(NF-1)}' "$work/results")
  echo "2,000 vs 200 respondents: $(awk -v a="$t2000" -v b="$t200" 'BEGIN {printf "%.1f", a / (b > 0 ? b : 1)}') times as long (goal: at most 12)"
fi
