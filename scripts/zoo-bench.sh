#!/usr/bin/env bash
# Runs the zoo (fixtures/zoo/zoo.tsv: name, shape, apps, seed) through
# `rota solve` and through HiGHS on the same integer program, one after the
# other with the same time limit, and prints a markdown table per shape
# (scripts/zoo_summary.py).
#
#   scripts/zoo-bench.sh [ZOO.tsv]               default: fixtures/zoo/zoo.tsv
#
# Environment: LIMIT seconds per solve for both (default 10), OUT (folder for
# the organisations, LP files and results; default /work/zoo-run), ROTA (the
# binary; default target/release/rota, built if missing), MAX_APPS (skip larger
# organisations; default no limit), ONLY (a shape: run only that one).
#
# Resumable: an organisation whose results are already in OUT is skipped, so
# the same command finishes an interrupted run. Each organisation is
# regenerated with `rota generate --shape SHAPE --apps N --seed S` (the org
# files are not committed). The LP file is written by a separate short run, so
# it is not in the timing. rota runs with `--format json --no-explain`; its
# time is the command's wall clock. HiGHS (PyPI `highspy`, never a build
# dependency) runs on one thread through scripts/highs_solve.py; its time
# includes reading the LP file.
set -euo pipefail
cd "$(dirname "$0")/.."
ZOO="${1:-fixtures/zoo/zoo.tsv}"
LIMIT="${LIMIT:-10}"
OUT="${OUT:-/work/zoo-run}"
ROTA="${ROTA:-target/release/rota}"
MAX_APPS="${MAX_APPS:-1000000}"
ONLY="${ONLY:-}"
if [ ! -x "$ROTA" ]; then
  cargo build --release --quiet
fi
python3 -c "import highspy" 2>/dev/null || {
  echo "error: highspy is missing; install it with: pip install highspy" >&2
  exit 1
}
mkdir -p "$OUT/orgs" "$OUT/results"
tail -n +2 "$ZOO" | while IFS=$'\t' read -r name shape apps seed; do
  [ -z "$name" ] && continue
  [ "$apps" -gt "$MAX_APPS" ] && continue
  [ -n "$ONLY" ] && [ "$shape" != "$ONLY" ] && continue
  res="$OUT/results/$name"
  if [ -s "$res.highs.json" ] && [ -s "$res.rota.json" ] && [ -s "$res.time" ]; then
    continue
  fi
  model="$OUT/orgs/$name.toml"
  lp="$OUT/orgs/$name.lp"
  "$ROTA" generate --shape "$shape" --apps "$apps" --seed "$seed" --output "$model"
  "$ROTA" solve "$model" --time-limit 0.01 --no-explain --write-lp "$lp" --format json > /dev/null
  start=$(date +%s.%N)
  set +e
  "$ROTA" solve "$model" --format json --no-explain --time-limit "$LIMIT" > "$res.rota.json" 2> "$res.rota.err"
  code=$?
  set -e
  end=$(date +%s.%N)
  python3 scripts/highs_solve.py "$lp" "$LIMIT" 2> "$res.highs.err" | tail -n 1 > "$res.highs.json" || true
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$shape" "$apps" "$seed" \
    "$(python3 -c "print(round($end - $start, 3))")" "$code" > "$res.time"
  rm -f "$lp"
  echo "$name done" >&2
done
python3 scripts/zoo_summary.py "$OUT/results" "$LIMIT"
