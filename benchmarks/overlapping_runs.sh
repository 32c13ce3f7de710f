#!/usr/bin/env bash
# Runs into one --out folder (SECURITY.md row 28), measured as issue 24 asked:
#   1. two `drafter packet` runs into one folder at once, 30 times: how many fail, and
#      how many temp files are left;
#   2. a run killed while writing, then another, 30 times: what is left behind.
# Usage: benchmarks/overlapping_runs.sh [DRAFTER]   (about 3 minutes on 2 cores)
set -u
drafter=${1:-.venv/bin/drafter}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
for _ in $(seq 30); do
  "$drafter" packet --format md --out "$work/out" >/dev/null 2>&1 & a=$!
  "$drafter" packet --format md --out "$work/out" >/dev/null 2>&1 & b=$!
  wait $a || fail=$((fail + 1)); wait $b || fail=$((fail + 1))
done
echo "two runs at once, 30 times: $fail of 60 runs failed;" \
     "temp files left: $(ls -A "$work/out" | grep -c '\.tmp$')"
left=0
for i in $(seq 30); do
  "$drafter" packet --format md --out "$work/out" --date "2030-01-0$((i % 9 + 1))" >/dev/null 2>&1 & p=$!
  sleep "0.$((RANDOM % 9 + 1))"; kill -9 $p 2>/dev/null; wait $p 2>/dev/null
  "$drafter" packet --format md --out "$work/out" >/dev/null 2>&1
  left=$((left + $(ls -A "$work/out" | grep -c '\.tmp$\|\.journal$')))
done
echo "killed while writing, then run again, 30 times: files left behind: $left"
