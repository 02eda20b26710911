#!/usr/bin/env bash
# Compares two rota binaries on a list of zoo organisations, alternating on
# each organisation (A then B) so that both see the same machine load, one
# solve at a time, and prints a line per organisation: name, then for A and
# for B: wall seconds, CPU seconds, status, gap, total.
#
#   scripts/zoo-ab.sh LIST TAG LIMIT BIN_A BIN_B
#
# LIST: organisation names, one a line (as in fixtures/zoo/zoo.tsv); each is
# read from $ORGS/NAME.toml (default /work/zoo-run/orgs, written by
# scripts/zoo-bench.sh). Results go to $OUT/ab-TAG-{A,B}/ and $OUT/ab-TAG.tsv
# (default OUT /work/s2-run). Summarise with scripts/zoo_ab_summary.py.
set -euo pipefail
LIST=$1; TAG=$2; LIMIT=$3; A=$4; B=$5
ORGS="${ORGS:-/work/zoo-run/orgs}"
OUT="${OUT:-/work/s2-run}"
mkdir -p "$OUT"
for o in $(cat "$LIST"); do
  for side in A B; do
    BIN=$A; [ "$side" = B ] && BIN=$B
    d="$OUT/ab-$TAG-$side"; mkdir -p "$d"
    /usr/bin/time -f "%e %U %S" -o "$d/$o.time" "$BIN" solve "$ORGS/$o.toml" \
      --format json --no-explain --time-limit "$LIMIT" > "$d/$o.json" 2>/dev/null || true
  done
  python3 - "$o" "$OUT/ab-$TAG" <<'PY'
import json, sys
o, base = sys.argv[1:]
row = [o]
for side in "AB":
    w, u, s = open(f"{base}-{side}/{o}.time").read().split()[-3:]
    j = json.load(open(f"{base}-{side}/{o}.json"))
    row += [w, f"{float(u) + float(s):.2f}", j["status"][:3], f"{j['gap']:.2e}", f"{j['totals']['total']:.2f}"]
print("\t".join(row))
PY
done | tee "$OUT/ab-$TAG.tsv"
